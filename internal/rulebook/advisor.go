package rulebook

import (
	"fmt"
	"slices"
)

// Advice is one step towards the next star, for a producer.
type Advice struct {
	Kind      string  `json:"kind"` // "minimum" (a star requirement) or "upgrade" (more points)
	Criterion string  `json:"criterion"`
	Title     string  `json:"title"`
	From      string  `json:"from"` // current option text ("" when not evaluated)
	To        string  `json:"to"`   // target option text
	Gain      float64 `json:"gain"` // points gained
	ForStars  int     `json:"for_stars"`
	Message   string  `json:"message"` // plain Vietnamese
}

// Advise says what a result needs to reach the next star: first the star
// minimums still unmet up to that level, then the upgrades that gain the
// most points, until the total reaches the next band. A knocked-out result
// gets no advice on points: the knock-out must be removed first.
func (c *Card) Advise(r *Result) []Advice {
	out := []Advice{}
	if r.KnockedOut || r.Stars >= 5 {
		return out
	}
	target := max(r.Stars+1, 3)
	points := make(map[string]float64, len(r.Criteria))
	current := make(map[string]string, len(r.Criteria))
	stopped := make(map[string]bool, len(r.Criteria))
	for _, cr := range r.Criteria {
		points[cr.Code], current[cr.Code] = cr.Points, cr.Option
		stopped[cr.Code] = cr.Status == Stopped
	}
	total := centi(r.Total)
	// Minimums first: without them no total is enough.
	for _, u := range r.UnmetMinimums {
		if u.ForStars > target || points[u.Criterion] >= u.Required {
			continue
		}
		gain := u.Required - points[u.Criterion]
		total += centi(gain)
		points[u.Criterion] = u.Required
		out = append(out, Advice{"minimum", u.Criterion, u.Title, current[u.Criterion], u.Option, gain, u.ForStars,
			fmt.Sprintf("Yêu cầu tối thiểu để đạt %d sao: tiêu chí %s (%s) phải đạt “%s” (%s điểm)%s.",
				u.ForStars, u.Criterion, u.Title, u.Option, fmtPoints(u.Required), fromText(current[u.Criterion], points[u.Criterion]-gain))})
	}
	// Then the biggest gains, until the band is reached.
	need := centi(Threshold(target))
	type up struct {
		cr   *Criterion
		to   *Option
		gain float64
	}
	var ups []up
	for _, cr := range c.Criteria() {
		if stopped[cr.Code] {
			continue
		}
		best := cr.bestOption()
		if g := best.Points - points[cr.Code]; g > 0 {
			ups = append(ups, up{cr, &best, g})
		}
	}
	slices.SortStableFunc(ups, func(a, b up) int {
		switch {
		case a.gain > b.gain:
			return -1
		case a.gain < b.gain:
			return 1
		}
		return 0
	})
	for _, u := range ups {
		if total >= need {
			break
		}
		total += centi(u.gain)
		out = append(out, Advice{"upgrade", u.cr.Code, u.cr.Title, current[u.cr.Code], u.to.Text, u.gain, target,
			fmt.Sprintf("Nâng tiêu chí %s (%s) lên “%s”: thêm %s điểm%s.",
				u.cr.Code, u.cr.Title, u.to.Text, fmtPoints(u.gain), fromText(current[u.cr.Code], points[u.cr.Code]))})
	}
	return out
}

func fromText(option string, pts float64) string {
	if option == "" {
		return ", hiện chưa được chấm"
	}
	return fmt.Sprintf(", hiện đang ở “%s” (%s điểm)", option, fmtPoints(pts))
}

// bestOption is the option worth the most points (for a yes/no criterion,
// "Có" at its maximum).
func (cr *Criterion) bestOption() Option {
	if cr.YesNo {
		return Option{Text: "Có", Points: cr.Max}
	}
	var best Option
	for _, o := range cr.Choices() {
		if o.Points > best.Points {
			best = o
		}
	}
	return best
}
