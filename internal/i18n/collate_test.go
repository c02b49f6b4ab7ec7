package i18n

import (
	"slices"
	"testing"
)

func TestCompareVietnamese(t *testing.T) {
	got := []string{"Ư", "Đông Sơn", "Uông Bí", "Dương", "Anh", "Ân", "Ăn", "Á", "Ba", "Đa", "Dz", "Ủ"}
	slices.SortFunc(got, Compare)
	want := []string{"Á", "Anh", "Ăn", "Ân", "Ba", "Dương", "Dz", "Đa", "Đông Sơn", "Ủ", "Uông Bí", "Ư"}
	if !slices.Equal(got, want) {
		t.Errorf("Vietnamese order:\n got %q\nwant %q", got, want)
	}
}
