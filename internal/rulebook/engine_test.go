package rulebook

import (
	"testing"
)

// testCard is a small hand-made card whose arithmetic is easy to follow:
// A 40 = a1 (0/10/20, 3★ at 10, 5★ at 20) + a2 (0/10/20)
// B 25 = b1 yes/no 5 + b2 (0/10/20, 4★ at 20)
// C 35 = c1 (0/5/15) with an impurity stop + c2 (0/10/20)
func testCard() *Card {
	opts := func(marks map[float64]int, pts ...float64) []Option {
		var out []Option
		for _, p := range pts {
			out = append(out, Option{Text: "mức " + fmtPoints(p), Points: p, MinFor: marks[p]})
		}
		return out
	}
	return &Card{Decision: "test", Number: 1, Name: "Thử",
		KnockOuts: []Rule{{ID: "ko.dossier", Text: "Hồ sơ bị loại khi giả mạo"}},
		Stops:     []Rule{{ID: "stop.impurity", Text: "tạp chất", Criterion: "c1"}},
		Parts: []*Part{
			{Code: "A", Max: 40, Sections: []*Section{{Code: "1", Max: 40, Criteria: []*Criterion{
				{Code: "a1", Title: "Nguồn gốc", Max: 20, Options: opts(map[float64]int{10: 3, 20: 5}, 0, 10, 20)},
				{Code: "a2", Title: "Gia tăng giá trị", Max: 20, Options: opts(nil, 0, 10, 20)},
			}}}},
			{Code: "B", Max: 25, Sections: []*Section{{Code: "2", Max: 25, Criteria: []*Criterion{
				{Code: "b1", Title: "Song ngữ", Max: 5, YesNo: true},
				{Code: "b2", Title: "Phân phối", Max: 20, Options: opts(map[float64]int{20: 4}, 0, 10, 20)},
			}}}},
			{Code: "C", Max: 35, Sections: []*Section{{Code: "3", Max: 35, Criteria: []*Criterion{
				{Code: "c1", Title: "Cảm quan", Max: 15, Options: opts(nil, 0, 5, 15)},
				{Code: "c2", Title: "Chất lượng", Max: 20, Options: opts(nil, 0, 10, 20)},
			}}}},
		}}
}

func TestScoreStarsAndMinimums(t *testing.T) {
	c := testCard()
	cases := []struct {
		name              string
		sheet             Sheet
		total             float64
		band, stars       int
		unmet             int
		certifier         string
		knocked, stopping bool
	}{
		{"perfect", Sheet{Answers: map[string]float64{"a1": 20, "a2": 20, "b1": 5, "b2": 20, "c1": 15, "c2": 20}}, 100, 5, 5, 0, "ministry", false, false},
		// 90 points but a1 below its 5★ minimum: capped at 4★.
		{"capped at 4", Sheet{Answers: map[string]float64{"a1": 10, "a2": 20, "b1": 5, "b2": 20, "c1": 15, "c2": 20}}, 90, 5, 4, 1, "province", false, false},
		// 75 points, band 4, but b2 under its 4★ minimum: 3★.
		{"capped at 3", Sheet{Answers: map[string]float64{"a1": 20, "a2": 20, "b1": 5, "b2": 10, "c1": 0, "c2": 20}}, 75, 4, 3, 1, "province", false, false},
		// Band 3 without the 3★ minimum on a1: 2★, not recognised.
		{"not even 3", Sheet{Answers: map[string]float64{"a1": 0, "a2": 20, "b1": 5, "b2": 20, "c1": 5, "c2": 0}}, 50, 3, 2, 2, "", false, false},
		{"knocked out", Sheet{Answers: map[string]float64{"a1": 20, "a2": 20, "b1": 5, "b2": 20, "c1": 15, "c2": 20}, KnockOuts: []string{"ko.dossier"}}, 100, 5, 0, 0, "", true, false},
		// Impurities found at c1: c2 is not evaluated.
		{"stopped", Sheet{Answers: map[string]float64{"a1": 20, "a2": 20, "b1": 5, "b2": 20, "c1": 5, "c2": 20}, Stops: []string{"stop.impurity"}}, 70, 4, 4, 0, "province", false, true},
		{"empty", Sheet{}, 0, 1, 1, 3, "", false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := c.Score(tc.sheet)
			if err != nil {
				t.Fatal(err)
			}
			if r.Total != tc.total || r.BandStars != tc.band || r.Stars != tc.stars || len(r.UnmetMinimums) != tc.unmet ||
				r.Certifier != tc.certifier || r.KnockedOut != tc.knocked || (len(r.StoppedBy) > 0) != tc.stopping {
				t.Errorf("got total %v band %d stars %d unmet %d (%+v) certifier %q knocked %v stopped %v",
					r.Total, r.BandStars, r.Stars, len(r.UnmetMinimums), r.UnmetMinimums, r.Certifier, r.KnockedOut, r.StoppedBy)
			}
			if r.Recognized != (r.Stars >= 3) {
				t.Errorf("recognized %v with %d stars", r.Recognized, r.Stars)
			}
		})
	}
}

func TestStopMarksFollowingNotEvaluated(t *testing.T) {
	r, err := testCard().Score(Sheet{Answers: map[string]float64{"c1": 5, "c2": 20}, Stops: []string{"stop.impurity"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, cr := range r.Criteria {
		if cr.Code == "c2" && (cr.Status != Stopped || cr.Points != 0) {
			t.Errorf("c2 after the stop: %+v", cr)
		}
		if cr.Code == "c1" && (cr.Status != Answered || cr.Points != 5) {
			t.Errorf("c1 itself is evaluated: %+v", cr)
		}
	}
	if r.Parts["C"] != 5 {
		t.Errorf("part C = %v, want 5", r.Parts["C"])
	}
}

func TestValidate(t *testing.T) {
	c := testCard()
	bad := []Sheet{
		{Answers: map[string]float64{"zz": 1}},
		{Answers: map[string]float64{"a1": 7}},
		{Answers: map[string]float64{"b1": 3}}, // yes/no: 0 or 5
		{KnockOuts: []string{"ko.none"}},
		{Stops: []string{"stop.none"}},
	}
	for i, s := range bad {
		if _, err := c.Score(s); err == nil {
			t.Errorf("sheet %d accepted: %+v", i, s)
		}
	}
	if _, err := c.Score(Sheet{Answers: map[string]float64{"b1": 5}}); err != nil {
		t.Errorf("yes/no at its maximum refused: %v", err)
	}
}

func TestCouncilMeanRoundingAndSpread(t *testing.T) {
	c := testCard()
	m := func(a1, a2, c2 float64) Member {
		return Member{Sheet: Sheet{Answers: map[string]float64{"a1": a1, "a2": a2, "b1": 5, "b2": 20, "c1": 15, "c2": c2}}}
	}
	// Totals 90, 80, 80: mean 83.333… → 83.33; spread 10 is within tolerance.
	r, err := c.ScoreCouncil([]Member{m(20, 10, 20), m(10, 10, 20), m(20, 10, 10)}, DefaultCouncilRules)
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 83.33 || r.Spread != 10 || r.NeedsRescoring || r.BandStars != 4 {
		t.Errorf("council: total %v spread %v rescoring %v band %d", r.Total, r.Spread, r.NeedsRescoring, r.BandStars)
	}
	// a1 mean 16.67 ≥ 10 (3★) but < 20 (5★); b2 mean 20 meets 4★.
	if r.Stars != 4 || len(r.UnmetMinimums) != 1 || r.UnmetMinimums[0].Actual != 16.67 {
		t.Errorf("council minimums: stars %d unmet %+v", r.Stars, r.UnmetMinimums)
	}
	// Totals 100 and 80: mean 90, spread 20 above a tolerance of 15:
	// re-score, starting with a1 and a2 where the members differ.
	r, err = c.ScoreCouncil([]Member{m(20, 20, 20), m(10, 10, 20)}, CouncilRules{Tolerance: 15})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 90 || r.Spread != 20 || !r.NeedsRescoring || len(r.Diverging) != 2 {
		t.Errorf("spread: total %v spread %v rescoring %v diverging %+v", r.Total, r.Spread, r.NeedsRescoring, r.Diverging)
	}
	// Totals 100, 90, 90: 93.333… rounds to 93.33.
	r, _ = c.ScoreCouncil([]Member{m(20, 20, 20), m(20, 10, 20), m(20, 10, 20)}, DefaultCouncilRules)
	if r.Total != 93.33 {
		t.Errorf("mean of 100, 90, 90 = %v, want 93.33", r.Total)
	}
	if ok, need := DefaultCouncilRules.Quorum(9, 7, true); !ok || need != 7 {
		t.Errorf("quorum 7 of 9: %v need %d", ok, need)
	}
	if ok, _ := DefaultCouncilRules.Quorum(9, 8, false); ok {
		t.Error("quorum without the chair")
	}
}

func TestRoundDivHalfUp(t *testing.T) {
	cases := []struct{ sum, n, want int64 }{{1000, 3, 333}, {2000, 3, 667}, {5, 2, 3}, {7, 2, 4}, {9000, 1, 9000}}
	for _, c := range cases {
		if got := roundDiv(c.sum, c.n); got != c.want {
			t.Errorf("roundDiv(%d, %d) = %d, want %d", c.sum, c.n, got, c.want)
		}
	}
}

func TestAdvisor(t *testing.T) {
	c := testCard()
	// 75 points, capped at 3★ by b2: advice for 4★ starts with b2's minimum.
	r, _ := c.Score(Sheet{Answers: map[string]float64{"a1": 20, "a2": 20, "b1": 5, "b2": 10, "c1": 0, "c2": 20}})
	if len(r.Advice) == 0 || r.Advice[0].Kind != "minimum" || r.Advice[0].Criterion != "b2" || r.Advice[0].Gain != 10 {
		t.Fatalf("advice: %+v", r.Advice)
	}
	// 85 after the minimum: already ≥ 70, so no upgrade is needed.
	if len(r.Advice) != 1 {
		t.Errorf("advice should stop once the band is reached: %+v", r.Advice)
	}
	// An empty sheet needs the 3★ minimum on a1 and then the biggest gains up to 50.
	r, _ = c.Score(Sheet{})
	var gained float64
	for _, a := range r.Advice {
		gained += a.Gain
		if a.Message == "" || a.To == "" {
			t.Errorf("advice without text: %+v", a)
		}
	}
	if r.Advice[0].Criterion != "a1" || gained < 50 {
		t.Errorf("advice from nothing: %+v (gains %v)", r.Advice, gained)
	}
}
