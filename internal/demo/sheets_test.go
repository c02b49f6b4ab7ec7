package demo_test

import (
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/service"
)

func TestSheetFor(t *testing.T) {
	for _, n := range []int{1, 4, 7, 11, 13} {
		card, err := rulebook.CardOf(service.CurrentDecision, n)
		if err != nil {
			t.Fatal(err)
		}
		for _, stars := range []int{1, 3, 4, 5} {
			r, err := card.Score(demo.SheetFor(card, stars))
			if err != nil || r.Stars != stars {
				t.Errorf("card %d, %d★: %v %+v", n, stars, err, r.Total)
			}
		}
	}
}
