package rulebook

import (
	"math/rand/v2"
	"testing"
)

// randomSheet answers every criterion with a random option (first case of
// alternatives, so raising an answer never switches case).
func randomSheet(c *Card, rng *rand.Rand) Sheet {
	s := Sheet{Answers: map[string]float64{}, Cases: map[string]int{}}
	for _, cr := range c.Criteria() {
		if rng.IntN(8) == 0 {
			continue // sometimes left out
		}
		opts := cr.Choices()
		if len(cr.Alternatives) > 0 {
			opts = cr.Alternatives[0].Options
			s.Cases[cr.Code] = 1
		}
		if cr.YesNo {
			opts = []Option{{Points: 0}, {Points: cr.Max}}
		}
		s.Answers[cr.Code] = opts[rng.IntN(len(opts))].Points
	}
	return s
}

// Properties over every card of both decisions: the total stays within
// 0–100 and raising any one answer never lowers the stars.
func TestScoringProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(26, 2026))
	cards := 0
	for _, d := range Decisions() {
		for _, c := range d.Cards {
			cards++
			for range 30 {
				s := randomSheet(c, rng)
				r, err := c.Score(s)
				if err != nil {
					t.Fatalf("%s card %d: %v", d.ID, c.Number, err)
				}
				if r.Total < 0 || r.Total > 100 || r.Parts["A"] > 40 || r.Parts["B"] > 25 || r.Parts["C"] > 35 {
					t.Fatalf("%s card %d: total %v parts %v out of range", d.ID, c.Number, r.Total, r.Parts)
				}
				for _, cr := range c.Criteria() {
					better := cr.bestOption().Points
					if len(cr.Alternatives) > 0 {
						better = 0
						for _, o := range cr.Alternatives[0].Options {
							better = max(better, o.Points)
						}
					}
					if better <= s.Answers[cr.Code] {
						continue
					}
					up := Sheet{Answers: map[string]float64{}, Cases: s.Cases}
					for k, v := range s.Answers {
						up.Answers[k] = v
					}
					up.Answers[cr.Code] = better
					r2, err := c.Score(up)
					if err != nil {
						t.Fatal(err)
					}
					if r2.Stars < r.Stars || r2.Total < r.Total {
						t.Fatalf("%s card %d: raising %s from %v to %v lowered stars %d→%d or total %v→%v",
							d.ID, c.Number, cr.Code, s.Answers[cr.Code], better, r.Stars, r2.Stars, r.Total, r2.Total)
					}
				}
			}
		}
	}
	if cards != 52 {
		t.Errorf("checked %d cards, want 52", cards)
	}
}

func BenchmarkScore(b *testing.B) {
	c, err := CardOf("26/2026/QĐ-TTg", 13)
	if err != nil {
		b.Fatal(err)
	}
	s := randomSheet(c, rand.New(rand.NewPCG(1, 2)))
	for b.Loop() {
		if _, err := c.Score(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScoreCouncil7(b *testing.B) {
	c, err := CardOf("26/2026/QĐ-TTg", 13)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var members []Member
	for range 7 {
		members = append(members, Member{Sheet: randomSheet(c, rng)})
	}
	for b.Loop() {
		if _, err := c.ScoreCouncil(members, DefaultCouncilRules); err != nil {
			b.Fatal(err)
		}
	}
}
