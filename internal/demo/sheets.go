package demo

import (
	"slices"

	"github.com/ocopvn/ocop/internal/rulebook"
)

// SheetFor answers a card so that the engine ranks it stars (3, 4 or 5):
// the highest option everywhere, then criteria lowered one by one while
// the rank holds, until the total falls in the band of stars. Demo
// councils and tests score with it.
func SheetFor(card *rulebook.Card, stars int) rulebook.Sheet {
	sh := rulebook.Sheet{Answers: map[string]float64{}}
	for _, cr := range card.Criteria() {
		sh.Answers[cr.Code] = cr.Max
		if !cr.YesNo {
			sh.Answers[cr.Code] = slices.MaxFunc(cr.Choices(), func(a, b rulebook.Option) int {
				return int(a.Points*100 - b.Points*100)
			}).Points
		}
	}
	ceiling := map[int]float64{5: 101, 4: 90, 3: 70}[stars]
	for _, cr := range card.Criteria() {
		if r, err := card.Score(sh); err == nil && r.Total < ceiling {
			break
		}
		was := sh.Answers[cr.Code]
		sh.Answers[cr.Code] = 0
		if !cr.YesNo {
			sh.Answers[cr.Code] = slices.MinFunc(cr.Choices(), func(a, b rulebook.Option) int {
				return int(a.Points*100 - b.Points*100)
			}).Points
		}
		if r, err := card.Score(sh); err != nil || r.Stars < stars {
			sh.Answers[cr.Code] = was
		}
	}
	return sh
}
