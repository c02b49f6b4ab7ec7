package rulebook

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
)

// Sheet is one evaluator's answers on a scorecard.
type Sheet struct {
	// Answers gives the points chosen per criterion code; a criterion left
	// out counts 0 and is reported as not evaluated.
	Answers map[string]float64 `json:"answers"`
	// Cases picks the alternative ("Trường hợp", 1-based) of criteria that
	// have them; when absent the first alternative offering the answered
	// points is used.
	Cases map[string]int `json:"cases,omitempty"`
	// KnockOuts lists the IDs of knock-out rules that hold.
	KnockOuts []string `json:"knockouts,omitempty"`
	// Stops lists the IDs of stop rules that hold (impurities found, no
	// product declaration…). "stop.zero" rules trigger by themselves.
	Stops []string `json:"stops,omitempty"`
}

// Status of a criterion in a result.
const (
	Answered = "answered"
	Missing  = "missing" // not answered: counts 0
	Stopped  = "stopped" // after a stop rule: not evaluated, 0
)

// CriterionResult is one criterion's outcome.
type CriterionResult struct {
	Code   string  `json:"code"`
	Title  string  `json:"title"`
	Part   string  `json:"part"`
	Points float64 `json:"points"`
	Max    float64 `json:"max"`
	Status string  `json:"status"`
	Option string  `json:"option,omitempty"` // text of the chosen option
}

// Unmet is a star minimum the result does not meet.
type Unmet struct {
	Criterion string  `json:"criterion"`
	Title     string  `json:"title"`
	ForStars  int     `json:"for_stars"`
	Required  float64 `json:"required_points"`
	Actual    float64 `json:"actual_points"`
	Option    string  `json:"required_option"`
}

// Result is the outcome of scoring one sheet (or a council's mean).
type Result struct {
	Decision      string             `json:"decision"`
	Card          int                `json:"card"`
	Total         float64            `json:"total"`
	Parts         map[string]float64 `json:"parts"`
	BandStars     int                `json:"band_stars"`
	Stars         int                `json:"stars"`
	Recognized    bool               `json:"recognized"`
	KnockedOut    bool               `json:"knocked_out"`
	KnockOuts     []Rule             `json:"knockouts"`
	StoppedBy     []Rule             `json:"stopped_by"`
	Certifier     string             `json:"certifier"` // "province", "ministry" or ""
	UnmetMinimums []Unmet            `json:"unmet_minimums"`
	NotEvaluated  []string           `json:"not_evaluated"`
	Criteria      []CriterionResult  `json:"criteria"`
	Advice        []Advice           `json:"advice"`
}

// InputError lists everything wrong with a sheet, so a form can show all
// problems at once.
type InputError struct{ Problems []string }

func (e *InputError) Error() string { return strings.Join(e.Problems, "; ") }

// Band returns the stars of a total by Điều 3.3 of QĐ 26/2026 (the same
// cut points as QĐ 148 and 1048).
func Band(total float64) int {
	switch {
	case total >= 90:
		return 5
	case total >= 70:
		return 4
	case total >= 50:
		return 3
	case total >= 30:
		return 2
	}
	return 1
}

// Threshold is the lowest total of a star band.
func Threshold(stars int) float64 {
	return map[int]float64{5: 90, 4: 70, 3: 50, 2: 30}[stars]
}

// Validate checks a sheet against a card: known criteria, points that are
// one of the criterion's options, known rule IDs.
func (c *Card) Validate(s Sheet) error {
	var probs []string
	for code, pts := range s.Answers {
		cr := c.Criterion(code)
		switch {
		case cr == nil:
			probs = append(probs, fmt.Sprintf("không có tiêu chí %q trong bộ tiêu chí số %d", code, c.Number))
		case !cr.Allows(pts):
			probs = append(probs, fmt.Sprintf("tiêu chí %s không có phương án %s điểm (được chọn: %s)", code, fmtPoints(pts), allowedList(cr)))
		}
	}
	for code, n := range s.Cases {
		if cr := c.Criterion(code); cr == nil || n < 1 || n > len(cr.Alternatives) {
			probs = append(probs, fmt.Sprintf("tiêu chí %s không có trường hợp %d", code, n))
		}
	}
	for _, id := range s.KnockOuts {
		if c.rule(c.KnockOuts, id) == nil {
			probs = append(probs, fmt.Sprintf("bộ tiêu chí số %d không có quy tắc loại %q", c.Number, id))
		}
	}
	for _, id := range s.Stops {
		if c.rule(c.Stops, id) == nil {
			probs = append(probs, fmt.Sprintf("bộ tiêu chí số %d không có quy tắc dừng đánh giá %q", c.Number, id))
		}
	}
	if len(probs) == 0 {
		return nil
	}
	sort.Strings(probs)
	return &InputError{probs}
}

func allowedList(cr *Criterion) string {
	var vals []string
	if cr.YesNo {
		return "0 hoặc " + fmtPoints(cr.Max)
	}
	for _, o := range cr.Choices() {
		if v := fmtPoints(o.Points); !slices.Contains(vals, v) {
			vals = append(vals, v)
		}
	}
	return strings.Join(vals, ", ")
}

func fmtPoints(p float64) string {
	return strings.Replace(fmt.Sprintf("%g", p), ".", ",", 1)
}

func (c *Card) rule(rules []Rule, id string) *Rule {
	for i := range rules {
		if rules[i].ID == id {
			return &rules[i]
		}
	}
	return nil
}

// Score applies a card to one sheet, with advice for the next star.
func (c *Card) Score(s Sheet) (*Result, error) {
	r, err := c.score(s)
	if err != nil {
		return nil, err
	}
	r.Advice = c.Advise(r)
	return r, nil
}

// score is Score without the advice (a council advises once, on its mean).
func (c *Card) score(s Sheet) (*Result, error) {
	if err := c.Validate(s); err != nil {
		return nil, err
	}
	r := c.result(c.points(s), s.Cases, s.KnockOuts)
	r.StoppedBy = c.stopsHit(s)
	return r, nil
}

// points resolves a sheet to points per criterion, applying stop rules:
// every criterion printed after a triggered stop counts 0, not evaluated.
func (c *Card) points(s Sheet) map[string]cell {
	criteria := c.Criteria()
	out := make(map[string]cell, len(criteria))
	stopped := false
	stopAt := c.stopCriteria(s)
	for _, cr := range criteria {
		pts, ok := s.Answers[cr.Code]
		switch {
		case stopped:
			out[cr.Code] = cell{0, Stopped, ""}
		case ok:
			out[cr.Code] = cell{pts, Answered, cr.optionText(pts, s.Cases[cr.Code])}
		default:
			out[cr.Code] = cell{0, Missing, ""}
		}
		if stopAt[cr.Code] && !stopped {
			stopped = true
		}
	}
	return out
}

type cell struct {
	points float64
	status string
	option string
}

// stopCriteria returns the criteria after which evaluation stops.
func (c *Card) stopCriteria(s Sheet) map[string]bool {
	at := map[string]bool{}
	for _, r := range c.stopsHit(s) {
		at[r.Criterion] = true
	}
	return at
}

// stopsHit lists the stop rules that apply to a sheet: those the sheet
// names and the "0 points" rules whose criteria were answered with 0.
func (c *Card) stopsHit(s Sheet) []Rule {
	hit := []Rule{}
	for _, r := range c.Stops {
		named := slices.Contains(s.Stops, r.ID)
		zero := false
		for _, code := range r.OnZero {
			if p, ok := s.Answers[code]; ok && p == 0 {
				zero = true
			}
		}
		if named || zero {
			hit = append(hit, r)
		}
	}
	return hit
}

// optionText finds the text of the option worth pts (in the chosen case).
func (cr *Criterion) optionText(pts float64, caseNo int) string {
	if cr.YesNo {
		if pts > 0 {
			return "Có"
		}
		return "Không"
	}
	for _, o := range cr.caseOptions(pts, caseNo) {
		if o.Points == pts {
			return o.Text
		}
	}
	return ""
}

// caseOptions returns the options that apply to an answer: the criterion's
// own, or those of the chosen alternative (or of the first one offering
// the answered points).
func (cr *Criterion) caseOptions(pts float64, caseNo int) []Option {
	if len(cr.Alternatives) == 0 {
		return cr.Options
	}
	if caseNo >= 1 && caseNo <= len(cr.Alternatives) {
		return cr.Alternatives[caseNo-1].Options
	}
	for _, a := range cr.Alternatives {
		for _, o := range a.Options {
			if o.Points == pts {
				return a.Options
			}
		}
	}
	return cr.Alternatives[0].Options
}

// minimum is one star requirement on a criterion.
type minimum struct {
	cr     *Criterion
	stars  int
	points float64
	option string
}

// minimums lists the star minimums of a card given the cases in use.
func (c *Card) minimums(cases map[string]int, answers map[string]float64) []minimum {
	var out []minimum
	for _, cr := range c.Criteria() {
		for _, o := range cr.caseOptions(answers[cr.Code], cases[cr.Code]) {
			if o.MinFor >= 3 {
				out = append(out, minimum{cr, o.MinFor, o.Points, o.Text})
			}
		}
	}
	return out
}

// result turns resolved points into totals, stars and minimums.
func (c *Card) result(cells map[string]cell, cases map[string]int, knockouts []string) *Result {
	r := &Result{Decision: c.Decision, Card: c.Number, Parts: map[string]float64{},
		KnockOuts: []Rule{}, StoppedBy: []Rule{}, UnmetMinimums: []Unmet{}, NotEvaluated: []string{}, Advice: []Advice{}}
	answers := make(map[string]float64, len(cells))
	r.Criteria = make([]CriterionResult, 0, len(cells))
	for _, p := range c.Parts {
		var sum int64
		for _, sec := range p.Sections {
			for _, cr := range sec.Criteria {
				cl := cells[cr.Code]
				sum += centi(cl.points)
				answers[cr.Code] = cl.points
				r.Criteria = append(r.Criteria, CriterionResult{cr.Code, cr.Title, p.Code, cl.points, cr.Max, cl.status, cl.option})
				if cl.status != Answered {
					r.NotEvaluated = append(r.NotEvaluated, cr.Code)
				}
			}
		}
		r.Parts[p.Code] = fromCenti(sum)
	}
	var total int64
	for _, v := range r.Parts {
		total += centi(v)
	}
	r.Total = fromCenti(total)
	c.rank(r, answers, cases, knockouts)
	return r
}

// rank decides band, stars, minimums, knock-outs and the certifier from a
// total and per-criterion points (a member's, or a council's means).
func (c *Card) rank(r *Result, points map[string]float64, cases map[string]int, knockouts []string) {
	r.BandStars = Band(r.Total)
	for _, m := range c.minimums(cases, points) {
		if points[m.cr.Code] < m.points {
			r.UnmetMinimums = append(r.UnmetMinimums, Unmet{m.cr.Code, m.cr.Title, m.stars, m.points, points[m.cr.Code], m.option})
		}
	}
	sort.SliceStable(r.UnmetMinimums, func(i, j int) bool { return r.UnmetMinimums[i].ForStars < r.UnmetMinimums[j].ForStars })
	r.Stars = r.BandStars
	if r.BandStars >= 3 {
		r.Stars = 2
		for n := 3; n <= r.BandStars; n++ {
			if !unmetUpTo(r.UnmetMinimums, n) {
				r.Stars = n
			}
			if unmetUpTo(r.UnmetMinimums, n) {
				break
			}
		}
	}
	for _, id := range knockouts {
		if rule := c.rule(c.KnockOuts, id); rule != nil {
			r.KnockOuts = append(r.KnockOuts, *rule)
		}
	}
	if len(r.KnockOuts) > 0 {
		r.KnockedOut, r.Stars = true, 0
	}
	r.Recognized = r.Stars >= 3
	switch {
	case r.Stars == 5:
		r.Certifier = "ministry"
	case r.Stars >= 3:
		r.Certifier = "province"
	}
}

// unmetUpTo reports whether any minimum for n stars or fewer is unmet:
// minimums are cumulative.
func unmetUpTo(unmet []Unmet, n int) bool {
	for _, u := range unmet {
		if u.ForStars <= n {
			return true
		}
	}
	return false
}

// Points are kept as hundredths in sums so that totals and means are exact.
func centi(p float64) int64     { return int64(math.Round(p * 100)) }
func fromCenti(c int64) float64 { return float64(c) / 100 }
