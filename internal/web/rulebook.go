package web

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/scoring"
)

// The public rulebook (/bo-tieu-chi), the self-assessment form
// (/tu-danh-gia) and their API. Scoring itself is the engine's
// (internal/rulebook); requests are parsed in internal/scoring, shared
// with `ocop score`.

// decisionView is a decision with its cards grouped by the Phụ lục I
// classification: product type, then group.
type decisionView struct {
	*rulebook.Decision
	Slug    string
	Current bool
	Types   []typeView
}

type typeView struct {
	Name   string
	Groups []groupView
}

type groupView struct {
	Name  string
	Cards []*rulebook.Card
}

// decisionViews lists the decisions, the one in force first.
func decisionViews(now time.Time) []decisionView {
	current := scoring.Current(now)
	var out []decisionView
	for _, d := range rulebook.Decisions() {
		v := decisionView{Decision: d, Slug: scoring.Slug(d), Current: d == current}
		for _, c := range d.Cards {
			ti := slices.IndexFunc(v.Types, func(t typeView) bool { return t.Name == c.Type })
			if ti < 0 {
				v.Types = append(v.Types, typeView{Name: c.Type})
				ti = len(v.Types) - 1
			}
			t := &v.Types[ti]
			gi := slices.IndexFunc(t.Groups, func(g groupView) bool { return g.Name == c.Group })
			if gi < 0 {
				t.Groups = append(t.Groups, groupView{Name: c.Group})
				gi = len(t.Groups) - 1
			}
			t.Groups[gi].Cards = append(t.Groups[gi].Cards, c)
		}
		out = append(out, v)
	}
	slices.SortStableFunc(out, func(a, b decisionView) int {
		switch {
		case a.Current && !b.Current:
			return -1
		case b.Current && !a.Current:
			return 1
		}
		return b.EffectiveFrom.Compare(a.EffectiveFrom)
	})
	return out
}

// cardOf finds the card of a request's {decision} and {card}.
func cardOf(r *http.Request) (*rulebook.Decision, *rulebook.Card, error) {
	d, ok := scoring.DecisionBySlug(r.PathValue("decision"))
	if !ok {
		return nil, nil, ocop.ErrNotFound()
	}
	n, err := strconv.Atoi(r.PathValue("card"))
	if err != nil {
		return nil, nil, ocop.ErrNotFound()
	}
	c, err := rulebook.CardOf(d.ID, n)
	if err != nil {
		return nil, nil, ocop.ErrNotFound()
	}
	return d, c, nil
}

// cardView is a card laid out for a page: the printable rulebook page and
// the self-assessment form share it.
type cardView struct {
	Decision decisionView
	Card     *rulebook.Card
	Path     string // "Thực phẩm › Cà phê, ca cao"
	Parts    []partView
	// Rules not tied to one criterion, shown above the parts.
	KnockOuts, Stops []ruleView
	Form             bool // radios and checkboxes
}

type partView struct {
	Code, Title, Max string
	Sections         []sectionView
}

type sectionView struct {
	Code, Title, Max string
	// Own is true when the section is printed with options of its own
	// (its only criterion has the section's code).
	Own      bool
	Criteria []critView
}

type critView struct {
	Code, Title, Max, Requirement string
	Notes                         []string
	Name                          string // form field: "c-1.1"
	YesNo                         bool
	Groups                        []optGroup // one per alternative, or one without a label
	Chosen                        string     // the value ticked
	Rules                         []ruleView // knock-out and stop rules printed under the criterion
	Status                        string     // in a result: answered, missing, stopped
	Points                        string     // in a result: the points counted
	Group                         *groupHead // heading printed above the first leaf of a group
}

// groupHead is a heading between section and criteria ("6.1 Ngoại hình").
type groupHead struct{ Code, Title, Max string }

type optGroup struct {
	Label   string
	Options []optView
}

type optView struct {
	ID, Value, Text, Points, Note string
	MinFor                        int
	Stars                         string // "★★★"
	Checked                       bool
}

type ruleView struct {
	rulebook.Rule
	Stop    bool
	Auto    bool // a "0 points" stop rule: applies by itself
	Checked bool
}

// Label is the rule's text for a checkbox, without the form's "Ghi chú:".
func (r ruleView) Label() string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(r.Text), "Ghi chú:"))
}

// newCardView lays out a card; sheet, when given, marks the choices.
func newCardView(d *rulebook.Decision, c *rulebook.Card, form bool, chosen map[string]string, ko, stops []string) *cardView {
	v := &cardView{Decision: decisionView{Decision: d, Slug: scoring.Slug(d), Current: d == scoring.Current(time.Now())},
		Card: c, Path: scoring.Classification(c), Form: form}
	under := map[string][]ruleView{}
	addRule := func(r rulebook.Rule, stop bool, ticked []string) {
		rv := ruleView{Rule: r, Stop: stop, Auto: stop && len(r.OnZero) > 0, Checked: slices.Contains(ticked, r.ID)}
		if r.Criterion != "" && !form {
			under[r.Criterion] = append(under[r.Criterion], rv)
		} else if stop {
			v.Stops = append(v.Stops, rv)
		} else {
			v.KnockOuts = append(v.KnockOuts, rv)
		}
	}
	for _, r := range c.KnockOuts {
		addRule(r, false, ko)
	}
	for _, r := range c.Stops {
		addRule(r, true, stops)
	}
	for _, p := range c.Parts {
		pv := partView{Code: p.Code, Title: p.Title, Max: scoring.Points(p.Max)}
		for _, s := range p.Sections {
			sv := sectionView{Code: s.Code, Title: s.Title, Max: scoring.Points(s.Max),
				Own: len(s.Criteria) == 1 && s.Criteria[0].Code == s.Code}
			prev := ""
			for _, cr := range s.Criteria {
				cv := newCritView(cr, chosen[cr.Code], under[cr.Code])
				if g := cr.Group; g != nil && g.Code != prev {
					// The first leaf of a group carries its heading.
					cv.Group = &groupHead{g.Code, g.Title, scoring.Points(g.Max)}
				}
				if prev = ""; cr.Group != nil {
					prev = cr.Group.Code
				}
				sv.Criteria = append(sv.Criteria, cv)
			}
			pv.Sections = append(pv.Sections, sv)
		}
		v.Parts = append(v.Parts, pv)
	}
	return v
}

// Form values of a criterion: "1", "2"… (the option's place), "2-1" (case
// 2, option 1) for alternatives, "co"/"khong" for a yes/no criterion, ""
// for not answered.
func newCritView(cr *rulebook.Criterion, chosen string, rules []ruleView) critView {
	cv := critView{Code: cr.Code, Title: cr.Title, Max: scoring.Points(cr.Max), Requirement: cr.Requirement,
		Notes: cr.Notes, Name: "c-" + cr.Code, YesNo: cr.YesNo, Chosen: chosen, Rules: rules}
	opt := func(value string, o rulebook.Option) optView {
		return optView{ID: "o-" + cr.Code + "-" + value, Value: value, Text: o.Text, Points: scoring.Points(o.Points),
			Note: o.Note, MinFor: o.MinFor, Stars: strings.Repeat("★", o.MinFor), Checked: value == chosen}
	}
	switch {
	case cr.YesNo:
		cv.Groups = []optGroup{{Options: []optView{
			opt("co", rulebook.Option{Text: i18n.T("app.yes"), Points: cr.Max}),
			opt("khong", rulebook.Option{Text: i18n.T("app.no"), Points: 0}),
		}}}
	case len(cr.Alternatives) > 0:
		for k, a := range cr.Alternatives {
			g := optGroup{Label: a.Label}
			for i, o := range a.Options {
				g.Options = append(g.Options, opt(strconv.Itoa(k+1)+"-"+strconv.Itoa(i+1), o))
			}
			cv.Groups = append(cv.Groups, g)
		}
	default:
		g := optGroup{}
		for i, o := range cr.Options {
			g.Options = append(g.Options, opt(strconv.Itoa(i+1), o))
		}
		cv.Groups = []optGroup{g}
	}
	return cv
}

// answer turns a form value into points (and the case of an alternative).
func answer(cr *rulebook.Criterion, v string) (pts float64, caseNo int, ok bool) {
	if cr.YesNo {
		switch v {
		case "co":
			return cr.Max, 0, true
		case "khong":
			return 0, 0, true
		}
		return 0, 0, false
	}
	if len(cr.Alternatives) > 0 {
		ks, is, found := strings.Cut(v, "-")
		k, err1 := strconv.Atoi(ks)
		i, err2 := strconv.Atoi(is)
		if !found || err1 != nil || err2 != nil || k < 1 || k > len(cr.Alternatives) || i < 1 || i > len(cr.Alternatives[k-1].Options) {
			return 0, 0, false
		}
		return cr.Alternatives[k-1].Options[i-1].Points, k, true
	}
	i, err := strconv.Atoi(v)
	if err != nil || i < 1 || i > len(cr.Options) {
		return 0, 0, false
	}
	return cr.Options[i-1].Points, 0, true
}

// sheetOf reads the self-assessment form. Values that are not on the card
// (only a hand-made request sends them) are reported and left out.
func sheetOf(c *rulebook.Card, form url.Values) (s rulebook.Sheet, chosen map[string]string, bad []string) {
	s = rulebook.Sheet{Answers: map[string]float64{}, Cases: map[string]int{}}
	chosen = map[string]string{}
	for _, cr := range c.Criteria() {
		v := form.Get("c-" + cr.Code)
		if v == "" {
			continue
		}
		pts, caseNo, ok := answer(cr, v)
		if !ok {
			bad = append(bad, cr.Code)
			continue
		}
		chosen[cr.Code] = v
		s.Answers[cr.Code] = pts
		if caseNo > 0 {
			s.Cases[cr.Code] = caseNo
		}
	}
	for _, id := range form["ko"] {
		if slices.ContainsFunc(c.KnockOuts, func(r rulebook.Rule) bool { return r.ID == id }) && !slices.Contains(s.KnockOuts, id) {
			s.KnockOuts = append(s.KnockOuts, id)
		}
	}
	for _, id := range form["stop"] {
		if slices.ContainsFunc(c.Stops, func(r rulebook.Rule) bool { return r.ID == id && len(r.OnZero) == 0 }) && !slices.Contains(s.Stops, id) {
			s.Stops = append(s.Stops, id)
		}
	}
	return s, chosen, bad
}

// resultView is the result panel of the self-assessment page.
type resultView struct {
	*rulebook.Result
	TotalText    string
	Parts        []partScore
	Certifier    string // who would certify, in words
	Unmet        []unmetView
	NotEvaluated int
	Stopped      []string // criteria not evaluated after a stop rule
}

type partScore struct{ Code, Points, Max string }

type unmetView struct {
	rulebook.Unmet
	Stars, Required, Actual string
}

func newResultView(c *rulebook.Card, r *rulebook.Result) *resultView {
	v := &resultView{Result: r, TotalText: scoring.Points(r.Total)}
	for _, p := range c.Parts {
		v.Parts = append(v.Parts, partScore{p.Code, scoring.Points(r.Parts[p.Code]), scoring.Points(p.Max)})
	}
	switch r.Certifier {
	case "province":
		v.Certifier = i18n.T("selfassess.certifier_province")
	case "ministry":
		v.Certifier = i18n.T("selfassess.certifier_ministry")
	}
	for _, u := range r.UnmetMinimums {
		v.Unmet = append(v.Unmet, unmetView{u, strings.Repeat("★", u.ForStars), scoring.Points(u.Required), scoring.Points(u.Actual)})
	}
	for _, cr := range r.Criteria {
		switch cr.Status {
		case rulebook.Missing:
			v.NotEvaluated++
		case rulebook.Stopped:
			v.Stopped = append(v.Stopped, cr.Code)
		}
	}
	return v
}

// assessView is what the self-assessment templates receive.
type assessView struct {
	*cardView
	Action   string // the form's URL
	Result   *resultView
	Problems []string
}

// --- pages ---

func (s *Server) rulebookIndex(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	p := s.page(r, u, "rulebook.title")
	p.Data = decisionViews(time.Now())
	s.render(w, r, http.StatusOK, "rulebook", p)
	return nil
}

func (s *Server) rulebookCard(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	d, c, err := cardOf(r)
	if err != nil {
		return err
	}
	p := s.page(r, u, i18n.T("rulebook.card_title", c.Number, c.Name))
	p.Data = newCardView(d, c, false, nil, nil, nil)
	s.render(w, r, http.StatusOK, "rulebook_card", p)
	return nil
}

// selfAssessIndex lets a visitor pick a scorecard: those of the decision
// in force, or of the one named by ?quyet-dinh=.
func (s *Server) selfAssessIndex(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	all := decisionViews(time.Now())
	pick := all[0]
	if slug := r.URL.Query().Get("quyet-dinh"); slug != "" {
		d, ok := scoring.DecisionBySlug(slug)
		if !ok {
			return ocop.ErrNotFound()
		}
		pick = all[slices.IndexFunc(all, func(v decisionView) bool { return v.Decision == d })]
	}
	var others []decisionView
	for _, v := range all {
		if v.Decision != pick.Decision {
			others = append(others, v)
		}
	}
	p := s.page(r, u, "selfassess.title")
	p.Data = map[string]any{"Decision": pick, "Others": others}
	s.render(w, r, http.StatusOK, "selfassess", p)
	return nil
}

func (s *Server) selfAssessForm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	d, c, err := cardOf(r)
	if err != nil {
		return err
	}
	p := s.page(r, u, i18n.T("selfassess.card_title", c.Number, c.Name))
	p.Data = &assessView{cardView: newCardView(d, c, true, nil, nil, nil), Action: r.URL.Path}
	s.render(w, r, http.StatusOK, "selfassess_form", p)
	return nil
}

// selfAssess scores the form and shows it again with the result. An htmx
// request (the form's change trigger) gets only the result panel.
func (s *Server) selfAssess(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	d, c, err := cardOf(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return ocop.Errorf(ocop.EINVALID, "err.bad_request")
	}
	sheet, chosen, bad := sheetOf(c, r.PostForm)
	res, err := c.Score(sheet)
	if err != nil { // the form only offers the card's own values
		return err
	}
	v := &assessView{cardView: newCardView(d, c, true, chosen, sheet.KnockOuts, sheet.Stops), Action: r.URL.Path,
		Result: newResultView(c, res)}
	for _, code := range bad {
		v.Problems = append(v.Problems, i18n.T("selfassess.bad_value", code))
	}
	status := http.StatusOK
	if len(bad) > 0 {
		status = http.StatusUnprocessableEntity
	}
	p := s.page(r, u, i18n.T("selfassess.card_title", c.Number, c.Name))
	p.Data = v
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Vary", "HX-Request")
		return s.pages.byName["selfassess_form"].ExecuteTemplate(w, "result", p)
	}
	w.Header().Set("Vary", "HX-Request")
	s.render(w, r, status, "selfassess_form", p)
	return nil
}

// --- API ---

// rulebookDecisionJSON is a decision in GET /api/v1/rulebook.
type rulebookDecisionJSON struct {
	*rulebook.Decision
	Slug    string             `json:"slug"`
	Current bool               `json:"current"`
	Cards   []rulebookCardJSON `json:"cards"`
}

type rulebookCardJSON struct {
	Number   int                `json:"number"`
	Name     string             `json:"name"`
	Type     string             `json:"type"`
	Group    string             `json:"group"`
	Subgroup string             `json:"subgroup,omitempty"`
	Max      map[string]float64 `json:"max"`
	Total    float64            `json:"total"`
	Criteria int                `json:"criteria"`
	Href     string             `json:"href"`
}

func (s *Server) apiRulebook(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	out := []rulebookDecisionJSON{}
	for _, v := range decisionViews(time.Now()) {
		dj := rulebookDecisionJSON{Decision: v.Decision, Slug: v.Slug, Current: v.Current, Cards: []rulebookCardJSON{}}
		for _, c := range v.Cards {
			cj := rulebookCardJSON{Number: c.Number, Name: c.Name, Type: c.Type, Group: c.Group, Subgroup: c.Subgroup,
				Max: map[string]float64{}, Total: c.Max(), Criteria: len(c.Criteria()),
				Href: "/api/v1/rulebook/" + v.Slug + "/" + strconv.Itoa(c.Number)}
			for _, p := range c.Parts {
				cj.Max[p.Code] = p.Max
			}
			dj.Cards = append(dj.Cards, cj)
		}
		out = append(out, dj)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

func (s *Server) apiRulebookCard(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	_, c, err := cardOf(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// apiScore is `ocop score` over HTTP: the same JSON in and out. Invalid
// input answers 422 with the problems, per field, in Vietnamese.
func (s *Server) apiScore(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	q, err := scoring.Decode(r.Body)
	var res any
	if err == nil {
		res, err = q.Score()
	}
	var invalid *scoring.Error
	if errors.As(err, &invalid) {
		var b errorBody
		b.Error.Code = ocop.EINVALID
		b.Error.Message = invalid.Error()
		b.Error.Fields = map[string]string{}
		for f, msg := range invalid.Fields {
			if f == "" {
				f = "body"
			}
			b.Error.Fields[f] = msg
		}
		writeJSON(w, http.StatusUnprocessableEntity, b)
		return nil
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
