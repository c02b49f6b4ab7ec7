package scoring

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/rulebook"
)

func TestSlugs(t *testing.T) {
	want := map[string]string{"26/2026/QĐ-TTg": "qd26-2026", "148/QĐ-TTg": "qd148-2023"}
	seen := map[string]bool{}
	for _, d := range rulebook.Decisions() {
		s := Slug(d)
		if w, ok := want[d.ID]; ok && s != w {
			t.Errorf("Slug(%s) = %q, want %q", d.ID, s, w)
		}
		if seen[s] {
			t.Errorf("slug %q used twice", s)
		}
		seen[s] = true
		if got, ok := DecisionBySlug(s); !ok || got != d {
			t.Errorf("DecisionBySlug(%q) = %v, %v", s, got, ok)
		}
		if got, ok := DecisionBySlug(strings.ToUpper(s)); !ok || got != d {
			t.Errorf("DecisionBySlug(%q) is case-sensitive", strings.ToUpper(s))
		}
	}
	for alias, id := range map[string]string{"26/2026": "26/2026/QĐ-TTg", "148": "148/QĐ-TTg", "26/2026/QĐ-TTg": "26/2026/QĐ-TTg"} {
		if d, ok := DecisionBySlug(alias); !ok || d.ID != id {
			t.Errorf("DecisionBySlug(%q) = %v, %v; want %s", alias, d, ok, id)
		}
	}
	if _, ok := DecisionBySlug("qd1-1999"); ok {
		t.Error("an unknown slug was found")
	}
}

func TestCurrent(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d.Add(5 * time.Hour) }
	for date, id := range map[string]string{"2026-11-22": "26/2026/QĐ-TTg", "2026-05-22": "26/2026/QĐ-TTg",
		"2026-05-21": "148/QĐ-TTg", "2024-01-01": "148/QĐ-TTg", "2001-01-01": "26/2026/QĐ-TTg"} {
		if got := Current(day(date)); got.ID != id {
			t.Errorf("Current(%s) = %s, want %s", date, got.ID, id)
		}
	}
}

func TestPoints(t *testing.T) {
	for p, want := range map[float64]string{0: "0", 2: "2", 0.5: "0,5", 12.25: "12,25", 100: "100", 93.33: "93,33"} {
		if got := Points(p); got != want {
			t.Errorf("Points(%v) = %q, want %q", p, got, want)
		}
	}
}

// Fields name where each problem is, so a form or client can point at it.
func TestErrorFields(t *testing.T) {
	cases := []struct {
		in     string
		fields []string
	}{
		{`{"decision": "26/2026", "card": 13, "answers": {"1.1": 9, "zz": 1}, "cases": {"1.1": 2}, "knockouts": ["ko.x"], "stops": ["stop.y"]}`,
			[]string{"answers.1.1", "answers.zz", "cases.1.1", "knockouts", "stops"}},
		{`{"decision": "26/2026", "card": 13, "tolerance": 5}`, []string{"tolerance"}},
		{`{"decision": "26/2026", "card": 13, "members": [{"answers": {"1.1": 3}}, {"answers": {"1.1": 4}, "knockouts": ["ko.z"]}], "tolerance": -1}`,
			[]string{"members.2.answers.1.1", "members.2.knockouts", "tolerance"}},
		{`{"decision": "26/2026", "card": 13, "answers": {"1.1": "ba"}}`, []string{"answers"}},
		{`{"decision": "26/2026", "card": 13, "answers": []}`, []string{"answers"}},
		{`[1, 2]`, []string{""}},
	}
	for _, tc := range cases {
		q, err := Decode(strings.NewReader(tc.in))
		if err == nil {
			_, err = q.Score()
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: error %v, want *Error", tc.in, err)
			continue
		}
		if len(e.Fields) != len(tc.fields) || len(e.Problems) != len(tc.fields) {
			t.Errorf("%s: fields %q, want %q", tc.in, e.Fields, tc.fields)
		}
		for _, f := range tc.fields {
			if e.Fields[f] == "" {
				t.Errorf("%s: no problem for field %q (got %q)", tc.in, f, e.Fields)
			}
		}
		if msg := e.Error(); strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "Phiếu chấm không hợp lệ: ") {
			t.Errorf("%s: message %q", tc.in, msg)
		}
	}
}

func TestScoreResultsHaveNoNullLists(t *testing.T) {
	q, err := Decode(strings.NewReader(`{"decision": "26/2026", "card": 1, "answers": {}}`))
	if err != nil {
		t.Fatal(err)
	}
	res, err := q.Score()
	if err != nil {
		t.Fatal(err)
	}
	r := res.(*rulebook.Result)
	if r.StoppedBy == nil || r.KnockOuts == nil || r.UnmetMinimums == nil || r.NotEvaluated == nil || r.Advice == nil {
		t.Errorf("a list is nil: %+v", r)
	}
}

// FuzzDecodeScore: any input either scores or fails with an *Error (or a
// reader error), never panics, and a result stays within 0–100.
func FuzzDecodeScore(f *testing.F) {
	for _, s := range []string{
		`{"decision": "26/2026/QĐ-TTg", "card": 1, "answers": {"1.1": 3}}`,
		`{"filed": "2026-03-01", "card": 26, "answers": {"8": 3}, "cases": {"8": 2}}`,
		`{"decision": "26/2026", "card": 13, "members": [{"answers": {"1.1": 3}}, {"answers": {}}], "tolerance": 1}`,
		`{"decision": "148", "card": 16, "answers": {"7": 0}, "stops": ["stop.zero"]}`,
		`{"card": 0}`, `null`, `{}`, `{"answers": null}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, err := Decode(strings.NewReader(in))
		if err == nil {
			var res any
			res, err = q.Score()
			if err == nil {
				var total float64
				switch r := res.(type) {
				case *rulebook.Result:
					total = r.Total
				case *rulebook.CouncilResult:
					total = r.Total
				}
				if total < 0 || total > 100 {
					t.Fatalf("%s: total %v", in, total)
				}
				return
			}
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("%s: error %T %v, want *Error", in, err, err)
		}
	})
}

func TestClassification(t *testing.T) {
	c := &rulebook.Card{Type: "Thực phẩm", Group: "Chè", Subgroup: "Chè tươi, chế biến"}
	if got := Classification(c); got != "Thực phẩm › Chè › Chè tươi, chế biến" {
		t.Errorf("got %q", got)
	}
	c = &rulebook.Card{Type: "Dịch vụ du lịch", Group: "Dịch vụ du lịch"}
	if got := Classification(c); got != "Dịch vụ du lịch" {
		t.Errorf("got %q", got)
	}
}

// BenchmarkDecodeScore: a full coffee sheet from JSON to result, as
// `ocop score` and POST /api/v1/score do it.
func BenchmarkDecodeScore(b *testing.B) {
	c, _ := rulebook.CardOf("26/2026", 13)
	var sb strings.Builder
	sb.WriteString(`{"decision": "26/2026/QĐ-TTg", "card": 13, "answers": {`)
	for i, cr := range c.Criteria() {
		if i > 0 {
			sb.WriteString(", ")
		}
		sb.WriteString(`"` + cr.Code + `": ` + strings.Replace(Points(cr.Max), ",", ".", 1))
	}
	sb.WriteString("}}")
	in := sb.String()
	for b.Loop() {
		q, err := Decode(strings.NewReader(in))
		if err != nil {
			b.Fatal(err)
		}
		if _, err := q.Score(); err != nil {
			b.Fatal(err)
		}
	}
}
