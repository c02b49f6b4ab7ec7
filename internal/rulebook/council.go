package rulebook

import (
	"fmt"
	"math"
	"slices"
)

// CouncilRules are a council's own settings (its Quy chế): the national
// text leaves spread and quorum to each council.
type CouncilRules struct {
	// Tolerance is the largest allowed spread between member totals
	// before the council must discuss and re-score (default 10 points).
	Tolerance float64 `json:"tolerance"`
	// QuorumPercent of members must take part, the chair among them when
	// RequireChair (default 75 %, chair required).
	QuorumPercent float64 `json:"quorum_percent"`
	RequireChair  bool    `json:"require_chair"`
}

// DefaultCouncilRules follow the provincial Quy chế most often seen.
var DefaultCouncilRules = CouncilRules{Tolerance: 10, QuorumPercent: 75, RequireChair: true}

// Member is one council member's sheet.
type Member struct {
	Name  string `json:"name,omitempty"`
	Chair bool   `json:"chair,omitempty"`
	Sheet
}

// MemberTotal is a member's own result, shown beside the council's.
type MemberTotal struct {
	Name       string             `json:"name,omitempty"`
	Total      float64            `json:"total"`
	Parts      map[string]float64 `json:"parts"`
	Stars      int                `json:"stars"`
	KnockedOut bool               `json:"knocked_out"`
}

// CouncilResult is the council's result: the engine's result on the mean
// of the members' points, plus the members' totals and the spread check.
type CouncilResult struct {
	*Result
	Members        []MemberTotal `json:"members"`
	Spread         float64       `json:"spread"`
	Tolerance      float64       `json:"tolerance"`
	NeedsRescoring bool          `json:"needs_rescoring"`
	// Diverging lists the criteria whose member points differ most when a
	// re-scoring is needed, so the discussion starts there.
	Diverging []Divergence `json:"diverging"`
}

// Divergence is how far apart members are on one criterion.
type Divergence struct {
	Criterion string  `json:"criterion"`
	Title     string  `json:"title"`
	Min       float64 `json:"min"`
	Max       float64 `json:"max"`
}

// ScoreCouncil combines members' sheets: each member's total, the mean
// total rounded half-up to 2 decimals (the band is decided on it), part
// means, the spread and, per criterion, the mean points against which the
// star minimums are checked. A knock-out named by any member holds: it is
// a fact about the dossier, not a matter of opinion.
func (c *Card) ScoreCouncil(members []Member, rules CouncilRules) (*CouncilResult, error) {
	if len(members) == 0 {
		return nil, &InputError{[]string{"hội đồng chưa có phiếu chấm nào"}}
	}
	if rules.Tolerance <= 0 {
		rules.Tolerance = DefaultCouncilRules.Tolerance
	}
	out := &CouncilResult{Tolerance: rules.Tolerance, Members: []MemberTotal{}, Diverging: []Divergence{}}
	sums := map[string]int64{}
	per := map[string][]float64{}
	var knockouts []string
	var stops []Rule
	for i, m := range members {
		r, err := c.score(m.Sheet)
		if err != nil {
			return nil, fmt.Errorf("phiếu của thành viên %d: %w", i+1, err)
		}
		out.Members = append(out.Members, MemberTotal{m.Name, r.Total, r.Parts, r.Stars, r.KnockedOut})
		for _, cr := range r.Criteria {
			sums[cr.Code] += centi(cr.Points)
			per[cr.Code] = append(per[cr.Code], cr.Points)
		}
		for _, k := range r.KnockOuts {
			if !slices.Contains(knockouts, k.ID) {
				knockouts = append(knockouts, k.ID)
			}
		}
		for _, s := range r.StoppedBy {
			if !slices.ContainsFunc(stops, func(x Rule) bool { return x.ID == s.ID }) {
				stops = append(stops, s)
			}
		}
	}
	n := int64(len(members))
	res := &Result{Decision: c.Decision, Card: c.Number, Parts: map[string]float64{}, KnockOuts: []Rule{},
		StoppedBy: stops, UnmetMinimums: []Unmet{}, NotEvaluated: []string{}, Advice: []Advice{}}
	if res.StoppedBy == nil {
		res.StoppedBy = []Rule{}
	}
	means := map[string]float64{}
	var partSum = map[string]int64{}
	for _, cr := range c.Criteria() {
		means[cr.Code] = fromCenti(roundDiv(sums[cr.Code], n))
		partSum[c.PartOf(cr.Code)] += sums[cr.Code]
		res.Criteria = append(res.Criteria, CriterionResult{Code: cr.Code, Title: cr.Title, Part: c.PartOf(cr.Code),
			Points: means[cr.Code], Max: cr.Max, Status: Answered})
	}
	var total int64
	for p, s := range partSum {
		res.Parts[p] = fromCenti(roundDiv(s, n))
		total += s
	}
	res.Total = fromCenti(roundDiv(total, n))
	c.rank(res, means, nil, knockouts)
	res.Advice = c.Advise(res)
	out.Result = res
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, m := range out.Members {
		lo, hi = math.Min(lo, m.Total), math.Max(hi, m.Total)
	}
	out.Spread = fromCenti(centi(hi - lo))
	out.NeedsRescoring = out.Spread > rules.Tolerance
	if out.NeedsRescoring {
		out.Diverging = c.diverging(per)
	}
	return out, nil
}

// roundDiv divides hundredths by n, rounding half up (exact for the
// non-negative sums of points).
func roundDiv(sum, n int64) int64 { return (2*sum + n) / (2 * n) }

// diverging lists the criteria on which members differ, widest first.
func (c *Card) diverging(per map[string][]float64) []Divergence {
	var out []Divergence
	for _, cr := range c.Criteria() {
		v := per[cr.Code]
		lo, hi := slices.Min(v), slices.Max(v)
		if hi > lo {
			out = append(out, Divergence{cr.Code, cr.Title, lo, hi})
		}
	}
	slices.SortStableFunc(out, func(a, b Divergence) int {
		da, db := a.Max-a.Min, b.Max-b.Min
		switch {
		case da > db:
			return -1
		case da < db:
			return 1
		}
		return 0
	})
	return out
}

// Quorum checks attendance against a council's rules: enough members (at
// least QuorumPercent of the council, rounded up) and the chair if needed.
// It returns how many members were needed.
func (r CouncilRules) Quorum(size, present int, chairPresent bool) (ok bool, needed int) {
	pct := r.QuorumPercent
	if pct <= 0 {
		pct = DefaultCouncilRules.QuorumPercent
	}
	needed = int(math.Ceil(float64(size) * pct / 100))
	return present >= needed && (!r.RequireChair || chairPresent), needed
}
