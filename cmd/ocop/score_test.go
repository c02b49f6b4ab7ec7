package main

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"math"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/rulebook"
)

// runOcop runs the command with stdin and returns its exit status and output.
func runOcop(t *testing.T, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, env(nil), strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// scoreResult is the part of `ocop score` output the tests read.
type scoreResult struct {
	Decision      string             `json:"decision"`
	Card          int                `json:"card"`
	Total         float64            `json:"total"`
	Parts         map[string]float64 `json:"parts"`
	BandStars     int                `json:"band_stars"`
	Stars         int                `json:"stars"`
	Recognized    bool               `json:"recognized"`
	KnockedOut    bool               `json:"knocked_out"`
	Certifier     string             `json:"certifier"`
	UnmetMinimums []struct {
		Criterion string  `json:"criterion"`
		ForStars  int     `json:"for_stars"`
		Required  float64 `json:"required_points"`
		Actual    float64 `json:"actual_points"`
	} `json:"unmet_minimums"`
	NotEvaluated []string `json:"not_evaluated"`
	Advice       []struct {
		Kind    string `json:"kind"`
		Message string `json:"message"`
	} `json:"advice"`
	Members []struct {
		Name  string  `json:"name"`
		Total float64 `json:"total"`
	} `json:"members"`
	Spread         *float64 `json:"spread"`
	NeedsRescoring *bool    `json:"needs_rescoring"`
}

// score runs `ocop score` on a request value and decodes the result.
func scoreOK(t *testing.T, req any) scoreResult {
	t.Helper()
	in, err := json.Marshal(req)
	if err != nil {
		t.Fatal(err)
	}
	code, out, errs := runOcop(t, string(in), "score")
	if code != 0 {
		t.Fatalf("ocop score: exit %d, stderr %q", code, errs)
	}
	if errs != "" {
		t.Errorf("ocop score wrote to stderr: %q", errs)
	}
	if !strings.Contains(out, "\n  \"total\"") {
		t.Errorf("output is not indented JSON: %.200s", out)
	}
	var r scoreResult
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	return r
}

// fullMarks answers every criterion of a card with its best option (the
// first alternative's best for tourism criteria).
func fullMarks(t *testing.T, decision string, number int) (map[string]float64, map[string]int) {
	t.Helper()
	c, err := rulebook.CardOf(decision, number)
	if err != nil {
		t.Fatal(err)
	}
	answers, cases := map[string]float64{}, map[string]int{}
	for _, cr := range c.Criteria() {
		opts := cr.Options
		if len(cr.Alternatives) > 0 {
			opts, cases[cr.Code] = cr.Alternatives[0].Options, 1
		}
		best := 0.0
		for _, o := range opts {
			best = math.Max(best, o.Points)
		}
		if cr.YesNo {
			best = cr.Max
		}
		answers[cr.Code] = best
	}
	return answers, cases
}

func TestScoreEmptySheet(t *testing.T) {
	c, _ := rulebook.CardOf("26/2026", 1)
	r := scoreOK(t, map[string]any{"decision": "26/2026/QĐ-TTg", "card": 1, "answers": map[string]float64{}, "knockouts": []string{}})
	if r.Decision != "26/2026/QĐ-TTg" || r.Card != 1 {
		t.Errorf("decision %q card %d", r.Decision, r.Card)
	}
	if r.Total != 0 || r.Parts["A"] != 0 || r.Parts["B"] != 0 || r.Parts["C"] != 0 || r.BandStars != 1 || r.Stars != 1 ||
		r.Recognized || r.KnockedOut || r.Certifier != "" {
		t.Errorf("empty sheet: %+v", r)
	}
	if len(r.NotEvaluated) != len(c.Criteria()) {
		t.Errorf("%d criteria not evaluated, want all %d", len(r.NotEvaluated), len(c.Criteria()))
	}
	if len(r.UnmetMinimums) == 0 {
		t.Error("an empty sheet meets every star minimum")
	}
	for _, u := range r.UnmetMinimums {
		if u.Actual != 0 || u.Required <= 0 || u.ForStars < 3 || u.ForStars > 5 {
			t.Errorf("unmet minimum %+v", u)
		}
	}
	// Advice aims at 3★: first the 3★ minimums, then the biggest gains.
	if len(r.Advice) == 0 || r.Advice[0].Kind != "minimum" || r.Advice[len(r.Advice)-1].Kind != "upgrade" {
		t.Errorf("advice %+v", r.Advice)
	}
	for _, a := range r.Advice {
		if !strings.Contains(a.Message, "tiêu chí") {
			t.Errorf("advice message %q is not plain Vietnamese about a criterion", a.Message)
		}
	}
}

func TestScoreFullMarks(t *testing.T) {
	for _, tc := range []struct {
		decision string
		card     int
	}{{"26/2026/QĐ-TTg", 1}, {"26/2026/QĐ-TTg", 13}, {"26/2026/QĐ-TTg", 26}, {"148/QĐ-TTg", 1}, {"148/QĐ-TTg", 26}} {
		answers, cases := fullMarks(t, tc.decision, tc.card)
		r := scoreOK(t, map[string]any{"decision": tc.decision, "card": tc.card, "answers": answers, "cases": cases})
		if r.Total != 100 || r.Parts["A"] != 40 || r.Parts["B"] != 25 || r.Parts["C"] != 35 || r.BandStars != 5 || r.Stars != 5 ||
			!r.Recognized || r.Certifier != "ministry" || len(r.UnmetMinimums) != 0 || len(r.NotEvaluated) != 0 || len(r.Advice) != 0 {
			t.Errorf("%s card %d full marks: %+v", tc.decision, tc.card, r)
		}
	}
}

func TestScoreKnockOutAndFiled(t *testing.T) {
	c, _ := rulebook.CardOf("26/2026", 13)
	if len(c.KnockOuts) == 0 {
		t.Fatal("card 13 has no knock-out rule")
	}
	answers, _ := fullMarks(t, "26/2026", 13)
	r := scoreOK(t, map[string]any{"decision": "26/2026", "card": 13, "answers": answers, "knockouts": []string{c.KnockOuts[0].ID}})
	if !r.KnockedOut || r.Stars != 0 || r.Recognized || r.Certifier != "" || r.Total != 100 {
		t.Errorf("knocked out: %+v", r)
	}
	// A dossier filed before 22/5/2026 is scored under QĐ 148.
	r = scoreOK(t, map[string]any{"filed": "2026-03-01", "card": 13})
	if r.Decision != "148/QĐ-TTg" {
		t.Errorf("filed 2026-03-01: decision %q, want 148/QĐ-TTg", r.Decision)
	}
	r = scoreOK(t, map[string]any{"filed": "22/05/2026", "card": 13})
	if r.Decision != "26/2026/QĐ-TTg" {
		t.Errorf("filed 22/05/2026: decision %q, want 26/2026/QĐ-TTg", r.Decision)
	}
}

func TestScoreCouncil(t *testing.T) {
	full, _ := fullMarks(t, "26/2026", 13)
	// The second member gives 0 to criteria worth 12 points in all: 88.
	lower := maps.Clone(full)
	c, _ := rulebook.CardOf("26/2026", 13)
	dropped := 0.0
	for _, cr := range c.Criteria() {
		if dropped >= 12 {
			break
		}
		if cr.Max <= 12-dropped && cr.Allows(0) {
			lower[cr.Code] = 0
			dropped += cr.Max
		}
	}
	if dropped != 12 {
		t.Fatalf("could not drop 12 points (dropped %v)", dropped)
	}
	members := []map[string]any{{"name": "Chủ tịch", "chair": true, "answers": full}, {"name": "Ủy viên", "answers": lower}}
	r := scoreOK(t, map[string]any{"decision": "26/2026/QĐ-TTg", "card": 13, "members": members})
	if r.Spread == nil || *r.Spread != 12 || r.NeedsRescoring == nil || !*r.NeedsRescoring {
		t.Errorf("spread %v needs_rescoring %v, want 12 and true", r.Spread, r.NeedsRescoring)
	}
	if len(r.Members) != 2 || r.Members[0].Total != 100 || r.Members[1].Total != 88 || r.Members[1].Name != "Ủy viên" {
		t.Errorf("members %+v", r.Members)
	}
	if r.Total != 94 || r.BandStars != 5 {
		t.Errorf("council mean %v band %d, want 94 and 5", r.Total, r.BandStars)
	}
	// The council's own tolerance.
	r = scoreOK(t, map[string]any{"decision": "26/2026/QĐ-TTg", "card": 13, "members": members, "tolerance": 15})
	if r.NeedsRescoring == nil || *r.NeedsRescoring {
		t.Errorf("spread 12 within a tolerance of 15: needs_rescoring %v", r.NeedsRescoring)
	}
	// Three members: the mean of 100, 88 and 88 is 92 exactly; of 100, 100, 88 it is 96.
	three := append(members, map[string]any{"answers": lower})
	if r = scoreOK(t, map[string]any{"decision": "26/2026", "card": 13, "members": three}); r.Total != 92 {
		t.Errorf("mean of 100, 88, 88 = %v, want 92", r.Total)
	}
}

func TestScoreInvalidInput(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"unknown code", `{"decision": "26/2026/QĐ-TTg", "card": 1, "answers": {"9.9.9": 1}}`, `không có tiêu chí "9.9.9"`},
		{"points not an option", `{"decision": "26/2026/QĐ-TTg", "card": 13, "answers": {"1.1": 2.5}}`, "tiêu chí 1.1 không có phương án 2,5 điểm"},
		{"group heading", `{"decision": "26/2026/QĐ-TTg", "card": 13, "answers": {"1": 3}}`, `không có tiêu chí "1"`},
		{"unknown decision", `{"decision": "99/2030", "card": 1}`, `không có quyết định "99/2030"`},
		{"unknown card", `{"decision": "26/2026", "card": 27}`, "không có bộ tiêu chí số 27"},
		{"no decision", `{"card": 1}`, "thiếu quyết định"},
		{"both decision and filed", `{"decision": "26/2026", "filed": "2026-06-01", "card": 1}`, "chỉ ghi một trong hai"},
		{"bad date", `{"filed": "30/02/2026", "card": 1}`, "ngày nộp hồ sơ"},
		{"too early", `{"filed": "2020-01-01", "card": 1}`, "chưa có trong hệ thống"},
		{"bad JSON", `{"decision": "26/2026", "card": 1,}`, "JSON sai cú pháp"},
		{"empty", ``, "không có dữ liệu"},
		{"truncated", `{"decision": "26/2026"`, "bị cắt ngang"},
		{"unknown field", `{"decision": "26/2026", "card": 1, "answer": {}}`, `trường lạ "answer"`},
		{"wrong type", `{"decision": "26/2026", "card": "một"}`, `trường "card": giá trị phải là một số`},
		{"two values", `{"decision": "26/2026", "card": 1} {}`, "dữ liệu thừa"},
		{"unknown knock-out", `{"decision": "26/2026", "card": 1, "knockouts": ["ko.bogus"]}`, `"ko.bogus"`},
		{"unknown case", `{"decision": "26/2026", "card": 26, "cases": {"8": 3}}`, "không có trường hợp 3"},
		{"council with answers", `{"decision": "26/2026", "card": 1, "answers": {}, "members": [{"answers": {}}]}`, "phiếu của hội đồng chỉ gồm"},
		{"empty council", `{"decision": "26/2026", "card": 1, "members": []}`, "hội đồng chưa có phiếu"},
		{"member's bad code", `{"decision": "26/2026", "card": 1, "members": [{"answers": {}}, {"answers": {"x": 1}}]}`, `phiếu của thành viên 2: không có tiêu chí "x"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runOcop(t, tc.in, "score")
			if code != 2 {
				t.Errorf("exit %d, want 2 (stdout %.100q)", code, out)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
			if !strings.HasPrefix(errs, "ocop score: Phiếu chấm không hợp lệ: ") || !strings.Contains(errs, tc.want) ||
				strings.Count(errs, "\n") != 1 || !strings.HasSuffix(errs, "\n") {
				t.Errorf("stderr %q, want one line containing %q", errs, tc.want)
			}
		})
	}
	if code, _, errs := runOcop(t, "{}", "score", "phieu.json"); code != 2 || !strings.Contains(errs, "đầu vào chuẩn") {
		t.Errorf("ocop score phieu.json: exit %d, %q", code, errs)
	}
}

func TestRulebookList(t *testing.T) {
	code, out, errs := runOcop(t, "", "rulebook", "list")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	for _, want := range []string{"26/2026/QĐ-TTg", "hiệu lực từ 22/05/2026 (đang áp dụng)", "148/QĐ-TTg",
		"áp dụng từ 24/02/2023 đến 20/07/2026", "Sản phẩm cà phê, ca cao", "Bộ tiêu chí"} {
		if !strings.Contains(out, want) {
			t.Errorf("list lacks %q:\n%s", want, out)
		}
	}
	// One line per card: number, A, B, C, total, criteria, name.
	cards := 0
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) >= 7 && f[1] == "40" && f[2] == "25" && f[3] == "35" && f[4] == "100" {
			cards++
		}
	}
	if cards != 52 {
		t.Errorf("%d card lines with maxima 40/25/35/100, want 52:\n%s", cards, out)
	}
	if strings.Index(out, "148/QĐ-TTg") > strings.Index(out, "26/2026/QĐ-TTg") {
		t.Error("decisions are not listed oldest first")
	}
}

func TestRulebookShow(t *testing.T) {
	code, out, errs := runOcop(t, "", "rulebook", "show", "--decision", "26/2026", "--card", "13")
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	for _, want := range []string{"BỘ TIÊU CHÍ SỐ 13: ", "Quyết định 26/2026/QĐ-TTg", "PHẦN A: ", "tối đa 40 điểm", "PHẦN C: ",
		"1.1. Nguồn nguyên liệu — tối đa 3 điểm", "[2 điểm] Sử dụng nguyên liệu có nguồn gốc trong tỉnh từ 50% đến dưới 75%  ★★★ tối thiểu 3 sao",
		"★★★★★ tối thiểu 5 sao", "Hồ sơ bị loại khi:", "[1 điểm] Có / [0 điểm] Không"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("output:\n%s", out)
	}
	// Tourism: the alternatives of criterion 8 under QĐ 148 too.
	code, out, _ = runOcop(t, "", "rulebook", "show", "--decision", "qd148-2023", "--card", "26")
	if code != 0 || !strings.Contains(out, "Trường hợp 1") || !strings.Contains(out, "Trường hợp 2") {
		t.Errorf("show 148 card 26: exit %d, alternatives missing", code)
	}
	// The current decision is the default.
	if code, out, _ = runOcop(t, "", "rulebook", "show", "--card", "1"); code != 0 || !strings.Contains(out, "26/2026/QĐ-TTg") {
		t.Errorf("show --card 1: exit %d, not the current decision", code)
	}

	bad := []struct {
		args []string
		want string
	}{
		{[]string{"rulebook", "show", "--card", "27"}, "không có bộ tiêu chí số \"27\""},
		{[]string{"rulebook", "show", "--card", "mười"}, "không có bộ tiêu chí số \"mười\""},
		{[]string{"rulebook", "show", "--decision", "99", "--card", "1"}, "không có quyết định \"99\""},
		{[]string{"rulebook", "show"}, "thiếu --card"},
		{[]string{"rulebook", "show", "--so", "1"}, "tham số không hợp lệ: -so"},
		{[]string{"rulebook", "show", "--card", "1", "thua"}, "tham số thừa: thua"},
		{[]string{"rulebook", "list", "thua"}, "tham số thừa"},
		{[]string{"rulebook"}, "cách dùng"},
		{[]string{"rulebook", "xem"}, "cách dùng"},
	}
	for _, tc := range bad {
		code, out, errs := runOcop(t, "", tc.args...)
		if code != 2 || out != "" || !strings.Contains(errs, tc.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %.60q, stderr %q; want 2 and one line with %q", tc.args, code, out, errs, tc.want)
		}
	}
}

// The usage text names the new commands.
func TestUsageNamesScoring(t *testing.T) {
	_, out, _ := runOcop(t, "", "help")
	for _, cmd := range []string{"ocop score < phieu.json", "ocop rulebook list", "ocop rulebook show [--decision 26/2026] --card SỐ"} {
		if !strings.Contains(out, cmd) {
			t.Errorf("usage lacks %q", cmd)
		}
	}
}
