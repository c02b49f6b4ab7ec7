package demo

import (
	"slices"

	"github.com/ocopvn/ocop/internal/rulebook"
)

// SheetFor answers a card so that the engine ranks it stars: for 3, 4 or
// 5 the highest option everywhere, then criteria lowered one by one while
// the rank holds, until the total falls in the band of stars; below 3 the
// lowest option everywhere. Demo councils and tests score with it.
func SheetFor(card *rulebook.Card, stars int) rulebook.Sheet {
	sh := rulebook.Sheet{Answers: map[string]float64{}}
	for _, cr := range card.Criteria() {
		sh.Answers[cr.Code] = option(cr, stars >= 3)
	}
	ceiling := map[int]float64{5: 101, 4: 90, 3: 70}[stars]
	for _, cr := range card.Criteria() {
		if r, err := card.Score(sh); err == nil && r.Total < ceiling || stars < 3 {
			break
		}
		was := sh.Answers[cr.Code]
		sh.Answers[cr.Code] = option(cr, false)
		if r, err := card.Score(sh); err != nil || r.Stars < stars {
			sh.Answers[cr.Code] = was
		}
	}
	return sh
}

// option is a criterion's highest or lowest points.
func option(cr *rulebook.Criterion, top bool) float64 {
	if cr.YesNo {
		return map[bool]float64{true: cr.Max}[top]
	}
	pts := []float64{}
	for _, o := range cr.Choices() {
		pts = append(pts, o.Points)
	}
	if top {
		return slices.Max(pts)
	}
	return slices.Min(pts)
}
