package rulebook

import (
	"slices"
	"testing"
	"time"
)

// Golden cases on real scorecards, worked out by hand from the printed
// forms (the comments show the arithmetic).

func card(t *testing.T, decision string, n int) *Card {
	t.Helper()
	c, err := CardOf(decision, n)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// full answers every criterion with its best option.
func full(c *Card) map[string]float64 {
	out := map[string]float64{}
	for _, cr := range c.Criteria() {
		out[cr.Code] = cr.bestOption().Points
	}
	return out
}

func with(base map[string]float64, changes map[string]float64) map[string]float64 {
	out := map[string]float64{}
	for k, v := range base {
		out[k] = v
	}
	for k, v := range changes {
		out[k] = v
	}
	return out
}

func codes(unmet []Unmet) []string {
	var out []string
	for _, u := range unmet {
		out = append(out, u.Criterion+"@"+string(rune('0'+u.ForStars)))
	}
	slices.Sort(out)
	return out
}

// Card 1 (rau, củ, quả, hạt tươi), a modest fresh-vegetable product.
var card1Sheet = map[string]float64{
	// A = 1.x 3+2+2+2+1+1+0 = 11; 2.x 1+2+1+0 = 4; 3.x 2+1+2+1+1 = 7 → 22
	"1.1": 3, "1.2": 2, "1.3": 2, "1.4": 2, "1.5": 1, "1.6": 1, "1.7": 0,
	"2.1": 1, "2.2": 2, "2.3": 1, "2.4": 0,
	"3.1": 2, "3.2": 1, "3.3": 2, "3.4": 1, "3.5": 1,
	// B = 4.x 2+1+5 = 8; 5.x 2+1+1 = 4 → 12
	"4.1": 2, "4.2": 1, "4.3": 5, "5.1": 2, "5.2": 1, "5.3": 1,
	// C = 6.x 2+3+2+2 = 9; 7..12 1+3+2+1+1+1 = 9 → 18
	"6.1": 2, "6.2": 3, "6.3": 2, "6.4": 2, "7": 1, "8": 3, "9": 2, "10": 1, "11": 1, "12": 1,
}

func TestGoldenCard1ThreeStars(t *testing.T) {
	c := card(t, "26/2026", 1)
	r, err := c.Score(Sheet{Answers: card1Sheet})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 52 || r.Parts["A"] != 22 || r.Parts["B"] != 12 || r.Parts["C"] != 18 {
		t.Fatalf("total %v parts %v, want 52 = 22 + 12 + 18", r.Total, r.Parts)
	}
	// Every 3★ minimum is met (2.2≥2, 2.3≥1, 3.5≥1, 4.1≥2, 5.3≥1, 9≥2, 10≥1).
	if r.BandStars != 3 || r.Stars != 3 || !r.Recognized || r.Certifier != "province" {
		t.Errorf("band %d stars %d recognized %v certifier %q", r.BandStars, r.Stars, r.Recognized, r.Certifier)
	}
	// Unmet: eight 4★ minimums and three 5★ ones.
	want := []string{"1.3@5", "1.5@4", "1.5@5", "10@4", "2.1@4", "2.3@4", "3.4@4", "3.5@4", "4.1@4", "4.1@5", "5.1@4"}
	if got := codes(r.UnmetMinimums); !slices.Equal(got, want) {
		t.Errorf("unmet minimums\n got %v\nwant %v", got, want)
	}
	// Advice for 4★ starts with the 4★ minimums; after them the total is
	// 52 + (1.5:1 + 2.1:2 + 2.3:2 + 3.4:1 + 3.5:1 + 4.1:1 + 5.1:3 + 10:2) = 65,
	// so the biggest remaining gains follow until 70.
	var minimums, gain float64
	for _, a := range r.Advice {
		gain += a.Gain
		if a.Kind == "minimum" {
			minimums++
			if a.ForStars != 4 {
				t.Errorf("advice for a %d★ minimum while aiming at 4★: %+v", a.ForStars, a)
			}
		}
	}
	if minimums != 8 || 52+gain < 70 {
		t.Errorf("advice: %v minimums, %v points in all: %+v", minimums, gain, r.Advice)
	}
	// Packaging one step lower (2.2 = 1): 51 points, band 3, but the 3★
	// minimum on 2.2 fails → 2★, not recognised.
	r, _ = c.Score(Sheet{Answers: with(card1Sheet, map[string]float64{"2.2": 1})})
	if r.Total != 51 || r.BandStars != 3 || r.Stars != 2 || r.Recognized {
		t.Errorf("2.2 = 1: total %v band %d stars %d recognized %v", r.Total, r.BandStars, r.Stars, r.Recognized)
	}
}

func TestGoldenCard1Impurities(t *testing.T) {
	c := card(t, "26/2026", 1)
	// Impurities found under 6.1: 6.2 … 12 are not evaluated. C = 6.1 = 2,
	// total 22 + 12 + 2 = 36 → 2★; 9 and 10 now miss their 3★ minimums.
	r, err := c.Score(Sheet{Answers: card1Sheet, Stops: []string{"stop.impurity"}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 36 || r.Parts["C"] != 2 || r.Stars != 2 || len(r.StoppedBy) != 1 {
		t.Fatalf("total %v C %v stars %d stopped %v", r.Total, r.Parts["C"], r.Stars, r.StoppedBy)
	}
	stopped := 0
	for _, cr := range r.Criteria {
		if cr.Status == Stopped {
			stopped++
		}
	}
	if stopped != 9 || !slices.Contains(r.NotEvaluated, "12") || slices.Contains(r.NotEvaluated, "6.1") {
		t.Errorf("%d stopped, not evaluated %v", stopped, r.NotEvaluated)
	}
}

func TestGoldenCard13KnockOutAndFullMarks(t *testing.T) {
	c := card(t, "26/2026", 13)
	r, _ := c.Score(Sheet{Answers: full(c)})
	if r.Total != 100 || r.Stars != 5 || r.Certifier != "ministry" || len(r.UnmetMinimums) != 0 || len(r.Advice) != 0 {
		t.Errorf("full marks: total %v stars %d certifier %q unmet %v", r.Total, r.Stars, r.Certifier, r.UnmetMinimums)
	}
	// Raw material fully imported or of unknown origin: knocked out whatever the points.
	r, _ = c.Score(Sheet{Answers: full(c), KnockOuts: []string{"ko.raw_material"}})
	if !r.KnockedOut || r.Stars != 0 || r.Recognized || r.Certifier != "" || r.Total != 100 || len(r.Advice) != 0 {
		t.Errorf("knocked out: %+v", r)
	}
	if len(r.KnockOuts) != 1 || r.KnockOuts[0].Criterion != "1.1" {
		t.Errorf("knock-out rule reported: %+v", r.KnockOuts)
	}
}

func TestGoldenCard13Council(t *testing.T) {
	c := card(t, "26/2026", 13)
	members := []Member{
		{Name: "Chủ tịch", Chair: true, Sheet: Sheet{Answers: full(c)}}, // 100
		// 100 − (4.1: 5→3) − (5.1: 5→3) − (7: 5→3) − (9: 5→3) = 92
		{Name: "Sở Công Thương", Sheet: Sheet{Answers: with(full(c), map[string]float64{"4.1": 3, "5.1": 3, "7": 3, "9": 3})}},
		// 100 − 3 − 3 − 4 − 4 − (4.2: 4→1) − (4.3: 4→1) = 80
		{Name: "Sở Y tế", Sheet: Sheet{Answers: with(full(c), map[string]float64{"4.1": 2, "5.1": 2, "7": 1, "9": 1, "4.2": 1, "4.3": 1})}},
	}
	r, err := c.ScoreCouncil(members, DefaultCouncilRules)
	if err != nil {
		t.Fatal(err)
	}
	totals := []float64{r.Members[0].Total, r.Members[1].Total, r.Members[2].Total}
	if !slices.Equal(totals, []float64{100, 92, 80}) {
		t.Fatalf("member totals %v", totals)
	}
	// Mean 272 / 3 = 90.666… → 90.67; spread 20 > 10 → discuss and re-score.
	if r.Total != 90.67 || r.Spread != 20 || !r.NeedsRescoring || r.BandStars != 5 {
		t.Errorf("mean %v spread %v rescoring %v band %d", r.Total, r.Spread, r.NeedsRescoring, r.BandStars)
	}
	// Means: 4.1 = 3.33 (4★ ok, 5★ not), 5.1 = 3.33 (< 5: 4★ minimum unmet),
	// 7 = 3 (5★ not), 9 = 3 (4★ ok). So the band is 5★ but the result is 3★.
	if r.Stars != 3 || r.Certifier != "province" {
		t.Errorf("stars %d certifier %q", r.Stars, r.Certifier)
	}
	if got, want := codes(r.UnmetMinimums), []string{"4.1@5", "5.1@4", "7@5"}; !slices.Equal(got, want) {
		t.Errorf("unmet %v, want %v", got, want)
	}
	// The discussion starts where members are furthest apart: 7 and 9 (4 points).
	if len(r.Diverging) != 6 || r.Diverging[0].Criterion != "7" || r.Diverging[1].Criterion != "9" {
		t.Errorf("diverging %+v", r.Diverging)
	}
}

func TestGoldenCard16ZeroStops(t *testing.T) {
	c := card(t, "26/2026", 16)
	base := map[string]float64{
		// A = 1+2+2+1+1+1 + 2+2+1+1 + 2+0+2+1+1 = 20
		"1.1": 1, "1.2": 2, "1.3": 2, "1.4": 1, "1.5": 1, "1.6": 1, "2.1": 2, "2.2": 2, "2.3": 1, "2.4": 1,
		"3.1": 2, "3.2": 0, "3.3": 2, "3.4": 1, "3.5": 1,
		// B = 2+2+3 + 3+1+1 = 12
		"4.1": 2, "4.2": 2, "4.3": 3, "5.1": 3, "5.2": 1, "5.3": 1,
		// C = 3+3+4+5 + 3+4+3+3 = 28
		"6.1": 3, "6.2": 3, "6.3": 4, "6.4": 5, "7": 3, "8": 4, "9": 3, "10": 3,
	}
	r, _ := c.Score(Sheet{Answers: base})
	if r.Total != 60 || r.Stars != 3 || len(r.StoppedBy) != 0 {
		t.Fatalf("clean water: total %v stars %d stopped %v", r.Total, r.Stars, r.StoppedBy)
	}
	// 0 points on a safety check (6.2): 7–10 are not evaluated. C = 3+0+4+5
	// = 12, total 44 → 2★, and 8 misses its 3★ minimum.
	r, _ = c.Score(Sheet{Answers: with(base, map[string]float64{"6.2": 0})})
	if r.Total != 44 || r.Stars != 2 || len(r.StoppedBy) != 1 || r.StoppedBy[0].ID != "stop.zero" {
		t.Errorf("zero on 6.2: total %v stars %d stopped %v", r.Total, r.Stars, r.StoppedBy)
	}
	if !slices.Contains(codes(r.UnmetMinimums), "8@3") {
		t.Errorf("unmet %v should include 8@3", codes(r.UnmetMinimums))
	}
}

func TestGoldenCard19NoDeclaration(t *testing.T) {
	c := card(t, "26/2026", 19)
	// No cosmetic product declaration: nothing after criterion 6 is
	// evaluated. Full marks elsewhere: A 40 + B 25 + 6 (5) = 70.
	r, _ := c.Score(Sheet{Answers: full(c), Stops: []string{"stop.declaration"}})
	if r.Total != 70 || r.Parts["C"] != 5 || r.BandStars != 4 {
		t.Errorf("total %v C %v band %d", r.Total, r.Parts["C"], r.BandStars)
	}
	// 12 (quality assurance) now scores 0 < its 3★ minimum of 1: 2★.
	if r.Stars != 2 || !slices.Contains(codes(r.UnmetMinimums), "12@3") {
		t.Errorf("stars %d unmet %v", r.Stars, codes(r.UnmetMinimums))
	}
}

func TestGoldenCard26TourismCases(t *testing.T) {
	c := card(t, "26/2026", 26)
	low := map[string]float64{}
	for _, cr := range c.Criteria() {
		low[cr.Code] = 1
	}
	low["3.2"] = 0
	// A = 4 + 3 + 4 = 11; B = 5 + 3 = 8; C = 12 criteria × 1 = 12 → 31 → 2★.
	r, err := c.Score(Sheet{Answers: low})
	if err != nil {
		t.Fatal(err)
	}
	if r.Total != 31 || r.Stars != 2 {
		t.Errorf("lowest options: total %v stars %d", r.Total, r.Stars)
	}
	// Criterion 8 under "Trường hợp 2" (a tourist service point) at 3 points.
	r, err = c.Score(Sheet{Answers: with(low, map[string]float64{"8": 3}), Cases: map[string]int{"8": 2}})
	if err != nil {
		t.Fatal(err)
	}
	var opt string
	for _, cr := range r.Criteria {
		if cr.Code == "8" {
			opt = cr.Option
		}
	}
	if r.Total != 33 || opt != c.Criterion("8").Alternatives[1].Options[1].Text {
		t.Errorf("case 2 of criterion 8: total %v option %q", r.Total, opt)
	}
	if _, err := c.Score(Sheet{Answers: low, Cases: map[string]int{"8": 3}}); err == nil {
		t.Error("a third case of criterion 8 was accepted")
	}
	r, _ = c.Score(Sheet{Answers: full(c)})
	if r.Total != 100 || r.Stars != 5 {
		t.Errorf("full marks: %v %d", r.Total, r.Stars)
	}
}

func TestGolden148Card1(t *testing.T) {
	c := card(t, "148", 1)
	r, err := c.Score(Sheet{Answers: full(c)})
	if err != nil || r.Total != 100 || r.Stars != 5 || r.Decision != "148/QĐ-TTg" {
		t.Fatalf("148 card 1 full marks: %+v %v", r, err)
	}
	// Its own codes: "1a" exists, "1.1" does not.
	if _, err := c.Score(Sheet{Answers: map[string]float64{"1.1": 1}}); err == nil {
		t.Error("a QĐ 26/2026 code was accepted on a QĐ 148 card")
	}
	if _, err := c.Score(Sheet{Answers: map[string]float64{"1a": 5}}); err != nil {
		t.Errorf("1a = 5: %v", err)
	}
}

func TestDecisionFor(t *testing.T) {
	vn := time.FixedZone("ICT", 7*3600)
	cases := []struct {
		filed time.Time
		want  string
	}{
		{time.Date(2026, 5, 21, 23, 59, 0, 0, vn), "148/QĐ-TTg"},
		{time.Date(2026, 5, 21, 17, 30, 0, 0, time.UTC), "26/2026/QĐ-TTg"}, // 00:30 on 22/5 in Vietnam
		{time.Date(2026, 5, 22, 8, 0, 0, 0, vn), "26/2026/QĐ-TTg"},
		{time.Date(2023, 2, 24, 8, 0, 0, 0, vn), "148/QĐ-TTg"},
	}
	for _, tc := range cases {
		d, err := DecisionFor(tc.filed)
		if err != nil || d.ID != tc.want {
			t.Errorf("filed %v: got %v %v, want %s", tc.filed, d, err, tc.want)
		}
	}
	if _, err := DecisionFor(time.Date(2023, 2, 23, 12, 0, 0, 0, vn)); err == nil {
		t.Error("a dossier filed before QĐ 148 got a decision")
	}
}
