// Package scoring is the one place where a scoring request — the JSON
// sheet that `ocop score` reads on stdin and POST /api/v1/score accepts —
// is parsed, checked and handed to the rulebook engine. It also names the
// decisions in URLs ("qd26-2026"). Every message is Vietnamese and comes
// from the catalogue (or, for a criterion's problem, from the engine).
package scoring

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/rulebook"
)

// Request is one sheet, or a council's sheets, on one scorecard.
type Request struct {
	// Decision is a decision ID or alias ("26/2026/QĐ-TTg", "26/2026",
	// "148", or a URL slug "qd26-2026"). Filed (yyyy-mm-dd or dd/mm/yyyy)
	// may be given instead: the decision in force for a dossier filed
	// that day is used.
	Decision string `json:"decision,omitempty"`
	Filed    string `json:"filed,omitempty"`
	Card     int    `json:"card"`

	// One evaluator's sheet.
	Answers   map[string]float64 `json:"answers,omitempty"`
	Cases     map[string]int     `json:"cases,omitempty"`
	KnockOuts []string           `json:"knockouts,omitempty"`
	Stops     []string           `json:"stops,omitempty"`

	// Or a council: each member's sheet, and the largest allowed spread
	// between member totals (0: the default of 10 points).
	Members   []rulebook.Member `json:"members,omitempty"`
	Tolerance float64           `json:"tolerance,omitempty"`
}

// Council reports whether the request is a council's.
func (q *Request) Council() bool { return q.Members != nil }

// Sheet is the single evaluator's sheet of the request.
func (q *Request) Sheet() rulebook.Sheet {
	return rulebook.Sheet{Answers: q.Answers, Cases: q.Cases, KnockOuts: q.KnockOuts, Stops: q.Stops}
}

// Error is an invalid request: a one-line Vietnamese message and, per
// field ("card", "answers.1.1", "members.2.answers.6.1.2"…), what is wrong.
type Error struct {
	Problems []string          // sorted, Vietnamese
	Fields   map[string]string // field → Vietnamese message
}

func (e *Error) Error() string { return i18n.T("score.invalid", strings.Join(e.Problems, "; ")) }

// problems collects an Error.
type problems struct{ e Error }

func (p *problems) add(field, msg string) {
	if p.e.Fields == nil {
		p.e.Fields = map[string]string{}
	}
	if prev, ok := p.e.Fields[field]; ok {
		msg = prev + "; " + msg
	}
	p.e.Fields[field] = msg
}

func (p *problems) err() error {
	if len(p.e.Fields) == 0 {
		return nil
	}
	for _, f := range slices.Sorted(maps.Keys(p.e.Fields)) {
		p.e.Problems = append(p.e.Problems, p.e.Fields[f])
	}
	return &p.e
}

func single(field, msg string) error {
	var p problems
	p.add(field, msg)
	return p.err()
}

// Decode reads exactly one JSON request; unknown fields, a second value
// and wrong types are errors that say where the problem is.
func Decode(r io.Reader) (*Request, error) {
	d := json.NewDecoder(r)
	d.DisallowUnknownFields()
	var q Request
	if err := d.Decode(&q); err != nil {
		return nil, jsonError(err)
	}
	if d.More() {
		return nil, single("", i18n.T("score.trailing"))
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, single("", i18n.T("score.trailing"))
	}
	return &q, nil
}

// jsonError turns a decoding error into a Vietnamese one.
func jsonError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.Is(err, io.EOF):
		return single("", i18n.T("score.empty"))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return single("", i18n.T("score.truncated"))
	case errors.As(err, &syntax):
		return single("", i18n.T("score.syntax", syntax.Offset))
	case errors.As(err, &typ):
		field := typ.Field
		return single(field, i18n.T("score.type", field, jsonKind(typ.Type.Kind().String())))
	}
	if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		f, _ = strconv.Unquote(f)
		return single(f, i18n.T("score.unknown_field", f))
	}
	return err // not about the JSON (an I/O or size error): passed on
}

// jsonKind names the JSON type a Go kind expects.
func jsonKind(kind string) string {
	switch kind {
	case "int", "int64", "float64":
		return i18n.T("score.kind_number")
	case "string":
		return i18n.T("score.kind_string")
	case "slice":
		return i18n.T("score.kind_array")
	case "bool":
		return i18n.T("score.kind_bool")
	}
	return i18n.T("score.kind_object")
}

// ResolveCard finds the scorecard of a request.
func (q *Request) ResolveCard() (*rulebook.Card, error) {
	var d *rulebook.Decision
	switch {
	case q.Decision != "" && q.Filed != "":
		return nil, single("filed", i18n.T("score.decision_and_filed"))
	case q.Decision != "":
		var ok bool
		if d, ok = DecisionBySlug(q.Decision); !ok {
			return nil, single("decision", i18n.T("score.unknown_decision", q.Decision, knownDecisions()))
		}
	case q.Filed != "":
		day, err := i18n.ParseDate(q.Filed)
		if err != nil {
			return nil, single("filed", i18n.T("score.bad_date", q.Filed))
		}
		if d, err = rulebook.DecisionFor(day); err != nil {
			return nil, single("filed", err.Error())
		}
	default:
		return nil, single("decision", i18n.T("score.no_decision"))
	}
	c, err := rulebook.CardOf(d.ID, q.Card)
	if err != nil {
		return nil, single("card", i18n.T("score.unknown_card", q.Card, d.ID, len(d.Cards)))
	}
	return c, nil
}

func knownDecisions() string {
	var ids []string
	for _, d := range rulebook.Decisions() {
		ids = append(ids, d.ID)
	}
	return strings.Join(ids, ", ")
}

// Check validates a request against its card, naming the field of every
// problem. The engine's own messages are used, one field at a time.
func (q *Request) Check(c *rulebook.Card) error {
	var p problems
	if q.Council() {
		if q.Answers != nil || q.Cases != nil || q.KnockOuts != nil || q.Stops != nil {
			p.add("members", i18n.T("score.council_and_sheet"))
		}
		if len(q.Members) == 0 {
			p.add("members", i18n.T("score.no_members"))
		}
		if q.Tolerance < 0 {
			p.add("tolerance", i18n.T("score.tolerance"))
		}
		for i, m := range q.Members {
			checkSheet(&p, c, fmt.Sprintf("members.%d.", i+1), i18n.T("score.member", i+1), m.Sheet)
		}
		return p.err()
	}
	if q.Tolerance != 0 {
		p.add("tolerance", i18n.T("score.tolerance_alone"))
	}
	checkSheet(&p, c, "", "", q.Sheet())
	return p.err()
}

// checkSheet asks the engine about each part of a sheet separately, so
// every problem is tied to its field.
func checkSheet(p *problems, c *rulebook.Card, prefix, who string, s rulebook.Sheet) {
	before := len(p.e.Fields)
	one := func(field string, s rulebook.Sheet) {
		var ie *rulebook.InputError
		if err := c.Validate(s); errors.As(err, &ie) {
			p.add(strings.TrimSuffix(prefix+field, "."), who+strings.Join(ie.Problems, "; "))
		} else if err != nil {
			p.add(strings.TrimSuffix(prefix+field, "."), who+err.Error())
		}
	}
	for code, pts := range s.Answers {
		one("answers."+code, rulebook.Sheet{Answers: map[string]float64{code: pts}})
	}
	for code, n := range s.Cases {
		one("cases."+code, rulebook.Sheet{Cases: map[string]int{code: n}})
	}
	for _, id := range s.KnockOuts {
		one("knockouts", rulebook.Sheet{KnockOuts: []string{id}})
	}
	for _, id := range s.Stops {
		one("stops", rulebook.Sheet{Stops: []string{id}})
	}
	// Whatever the engine finds in the whole sheet and not in its parts.
	if len(p.e.Fields) == before {
		one("", s)
	}
}

// Score scores a request: a *rulebook.Result for one sheet, a
// *rulebook.CouncilResult for a council. Invalid input is an *Error.
func (q *Request) Score() (any, error) {
	c, err := q.ResolveCard()
	if err != nil {
		return nil, err
	}
	return q.ScoreOn(c)
}

// ScoreOn scores a request on a card already found.
func (q *Request) ScoreOn(c *rulebook.Card) (any, error) {
	if err := q.Check(c); err != nil {
		return nil, err
	}
	var (
		res any
		err error
	)
	if q.Council() {
		rules := rulebook.DefaultCouncilRules
		if q.Tolerance > 0 {
			rules.Tolerance = q.Tolerance
		}
		res, err = c.ScoreCouncil(q.Members, rules)
	} else {
		res, err = c.Score(q.Sheet())
	}
	var ie *rulebook.InputError
	if errors.As(err, &ie) { // Check let something through: still the user's input
		return nil, single("", err.Error())
	}
	// Lists are always lists in the output, never null.
	switch r := res.(type) {
	case *rulebook.Result:
		if r.StoppedBy == nil {
			r.StoppedBy = []rulebook.Rule{}
		}
	case *rulebook.CouncilResult:
		if r.StoppedBy == nil {
			r.StoppedBy = []rulebook.Rule{}
		}
	}
	return res, err
}

// Slug names a decision in URLs: "qd" + its number + "-" + the year it was
// signed ("qd26-2026", "qd148-2023").
func Slug(d *rulebook.Decision) string {
	num, _, _ := strings.Cut(d.ID, "/")
	year := d.Signed.Year()
	if d.Signed.IsZero() {
		year = d.EffectiveFrom.Year()
	}
	return "qd" + num + "-" + strconv.Itoa(year)
}

// DecisionBySlug finds a decision by its URL slug, or by anything
// rulebook.DecisionByID accepts.
func DecisionBySlug(s string) (*rulebook.Decision, bool) {
	s = strings.TrimSpace(s)
	for _, d := range rulebook.Decisions() {
		if strings.EqualFold(Slug(d), s) {
			return d, true
		}
	}
	return rulebook.DecisionByID(s)
}

// Current is the decision under which a dossier filed now is scored.
func Current(now time.Time) *rulebook.Decision {
	if d, err := rulebook.DecisionFor(now); err == nil {
		return d
	}
	var newest *rulebook.Decision
	for _, d := range rulebook.Decisions() {
		if newest == nil || d.EffectiveFrom.After(newest.EffectiveFrom) {
			newest = d
		}
	}
	return newest
}

// Points writes points the Vietnamese way: 2, 0,5, 12,25.
func Points(p float64) string {
	return strings.Replace(strconv.FormatFloat(p, 'f', -1, 64), ".", ",", 1)
}

// Classification is a card's Phụ lục I path, "Thực phẩm › Chè › Chè tươi,
// chế biến", without a level that repeats the one above it.
func Classification(c *rulebook.Card) string {
	var path []string
	for _, p := range []string{c.Type, c.Group, c.Subgroup} {
		if p != "" && (len(path) == 0 || !strings.EqualFold(path[len(path)-1], p)) {
			path = append(path, p)
		}
	}
	return strings.Join(path, " › ")
}
