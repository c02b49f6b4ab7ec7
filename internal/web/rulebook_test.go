package web_test

import (
	"encoding/json"
	"fmt"
	"html"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/scoring"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/testutil"
	"github.com/ocopvn/ocop/internal/web"
)

// rulebookServer is the web handler on an empty database: the rulebook
// pages need none.
func rulebookServer(t *testing.T) http.Handler {
	t.Helper()
	srv, err := web.New(service.New(testutil.NewSQLite(t), slog.New(slog.DiscardHandler)), web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func serve(t *testing.T, h http.Handler, method, path, body string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	for k, v := range header {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

var (
	rawKeyRe   = regexp.MustCompile(`\b(rulebook|selfassess|score|cli)\.[a-z_0-9]+\b`)
	totalRe    = regexp.MustCompile(`<span id="tong-diem">([0-9,]+)</span>`)
	inlineCode = regexp.MustCompile(`(?i)\sstyle=|\son[a-z]+=|<script>|javascript:`)
)

// checkPage checks a rendered page: status, Vietnamese text, no raw
// catalogue key and nothing the CSP would block.
func checkPage(t *testing.T, w *httptest.ResponseRecorder, status int, want ...string) string {
	t.Helper()
	body := w.Body.String()
	if w.Code != status {
		t.Fatalf("status %d, want %d: %.300s", w.Code, status, body)
	}
	for _, s := range want {
		if !strings.Contains(body, s) {
			t.Errorf("page lacks %q", s)
		}
	}
	if m := rawKeyRe.FindString(body); m != "" {
		t.Errorf("page shows the raw catalogue key %q", m)
	}
	if m := inlineCode.FindString(body); m != "" {
		t.Errorf("page has inline code or style %q, which the CSP blocks", m)
	}
	return body
}

func esc(s string) string { return html.EscapeString(s) }

// Every scorecard of both decisions has its printable page and its
// self-assessment form, with every criterion offered.
func TestRulebookPagesEveryCard(t *testing.T) {
	srv := rulebookServer(t)
	index := checkPage(t, serve(t, srv, "GET", "/bo-tieu-chi", "", nil), 200,
		"Bộ tiêu chí đánh giá, phân hạng sản phẩm OCOP", "Quyết định 26/2026/QĐ-TTg", "Quyết định 148/QĐ-TTg", "đang áp dụng",
		"có hiệu lực từ ngày 22/05/2026", "áp dụng từ ngày 24/02/2023 đến ngày 20/07/2026", "<h3>Thực phẩm</h3>", "<h3>Sinh vật cảnh</h3>")
	if strings.Index(index, "Quyết định 26/2026/QĐ-TTg") > strings.Index(index, "Quyết định 148/QĐ-TTg") {
		t.Error("the decision in force is not listed first")
	}
	cards := 0
	for _, d := range rulebook.Decisions() {
		slug := scoring.Slug(d)
		for _, c := range d.Cards {
			cards++
			card := fmt.Sprintf("/bo-tieu-chi/%s/%d", slug, c.Number)
			form := fmt.Sprintf("/tu-danh-gia/%s/%d", slug, c.Number)
			if !strings.Contains(index, `href="`+card+`"`) || !strings.Contains(index, `href="`+form+`"`) {
				t.Errorf("/bo-tieu-chi does not link %s and %s", card, form)
			}
			t.Run(slug+"/"+strconv.Itoa(c.Number), func(t *testing.T) {
				page := checkPage(t, serve(t, srv, "GET", card, "", nil), 200,
					esc(fmt.Sprintf("Bộ tiêu chí số %d: %s", c.Number, c.Name)), esc(d.ID), "Phần A: ", "Phần B: ", "Phần C: ",
					"(tối đa 40 điểm)", "(tối đa 25 điểm)", "(tối đa 35 điểm)", `href="`+form+`"`)
				for _, cr := range c.Criteria() {
					if !strings.Contains(page, esc(cr.Title)) {
						t.Errorf("%s: criterion %s %q missing", card, cr.Code, cr.Title)
					}
				}
				for _, r := range append(append([]rulebook.Rule{}, c.KnockOuts...), c.Stops...) {
					if !strings.Contains(page, esc(r.Text)) {
						t.Errorf("%s: rule %s missing", card, r.ID)
					}
				}
				f := checkPage(t, serve(t, srv, "GET", form, "", nil), 200, "Tính điểm", `hx-post="`+form+`"`, `hx-trigger="change, submit"`,
					`hx-target="#ket-qua"`, `action="`+form+`#ket-qua"`, `id="ket-qua"`)
				for _, cr := range c.Criteria() {
					name := `name="c-` + esc(cr.Code) + `"`
					want := len(cr.Choices()) + 1 // the options and "Chưa chọn"
					if cr.YesNo {
						want = 3
					}
					if n := strings.Count(f, name); n != want {
						t.Errorf("%s: criterion %s has %d radios, want %d", form, cr.Code, n, want)
					}
				}
				for _, r := range c.KnockOuts {
					if !strings.Contains(f, `name="ko" value="`+r.ID+`"`) {
						t.Errorf("%s: no checkbox for knock-out %s", form, r.ID)
					}
				}
			})
		}
	}
	if cards != 52 {
		t.Errorf("%d cards, want 52", cards)
	}
}

func TestRulebookPagesNotFound(t *testing.T) {
	srv := rulebookServer(t)
	for _, p := range []string{"/bo-tieu-chi/qd99-2030/1", "/bo-tieu-chi/qd26-2026/27", "/bo-tieu-chi/qd26-2026/0",
		"/tu-danh-gia/qd26-2026/abc", "/tu-danh-gia?quyet-dinh=qd1-1999", "/api/v1/rulebook/qd26-2026/99"} {
		if w := serve(t, srv, "GET", p, "", nil); w.Code != 404 {
			t.Errorf("GET %s: %d, want 404", p, w.Code)
		}
	}
	if w := serve(t, srv, "POST", "/tu-danh-gia/qd26-2026/27", "", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}); w.Code != 404 {
		t.Errorf("POST to card 27: %d, want 404", w.Code)
	}
}

func TestSelfAssessPicker(t *testing.T) {
	srv := rulebookServer(t)
	body := checkPage(t, serve(t, srv, "GET", "/tu-danh-gia", "", nil), 200, "Tự đánh giá sản phẩm", "Quyết định 26/2026/QĐ-TTg",
		`href="/tu-danh-gia/qd26-2026/13"`, `href="/tu-danh-gia?quyet-dinh=qd148-2023"`)
	if strings.Contains(body, `href="/tu-danh-gia/qd148-2023/`) {
		t.Error("the picker offers the old decision's cards by default")
	}
	if n := strings.Count(body, `href="/tu-danh-gia/qd26-2026/`); n != 26 {
		t.Errorf("%d cards of the current decision, want 26", n)
	}
	old := checkPage(t, serve(t, srv, "GET", "/tu-danh-gia?quyet-dinh=qd148-2023", "", nil), 200, "Quyết định 148/QĐ-TTg")
	if n := strings.Count(old, `href="/tu-danh-gia/qd148-2023/`); n != 26 {
		t.Errorf("%d cards of QĐ 148, want 26", n)
	}
}

// coffeeForm answers card 13 of QĐ 26/2026: every criterion's best option,
// so the total is 100.
func bestForm(t *testing.T, c *rulebook.Card) url.Values {
	t.Helper()
	f := url.Values{}
	for _, cr := range c.Criteria() {
		switch {
		case cr.YesNo:
			f.Set("c-"+cr.Code, "co")
		case len(cr.Alternatives) > 0:
			best := 0
			for i, o := range cr.Alternatives[0].Options {
				if o.Points >= cr.Alternatives[0].Options[best].Points {
					best = i
				}
			}
			f.Set("c-"+cr.Code, "1-"+strconv.Itoa(best+1))
		default:
			best := 0
			for i, o := range cr.Options {
				if o.Points >= cr.Options[best].Points {
					best = i
				}
			}
			f.Set("c-"+cr.Code, strconv.Itoa(best+1))
		}
	}
	return f
}

func postForm(t *testing.T, srv http.Handler, path string, f url.Values, htmx bool) *httptest.ResponseRecorder {
	t.Helper()
	h := map[string]string{"Content-Type": "application/x-www-form-urlencoded"}
	if htmx {
		h["HX-Request"] = "true"
	}
	return serve(t, srv, "POST", path, f.Encode(), h)
}

func totalOf(t *testing.T, body string) string {
	t.Helper()
	m := totalRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no total in %.500s", body)
	}
	return m[1]
}

func TestSelfAssessPost(t *testing.T) {
	srv := rulebookServer(t)
	c, _ := rulebook.CardOf("26/2026", 13)
	const path = "/tu-danh-gia/qd26-2026/13"

	// A few choices: 1.1 option 2 (2 points, the 3★ minimum), 2.4 "Có"
	// (1 point), 2.2 option 4 (3 points): 6 points, kept ticked.
	f := url.Values{"c-1.1": {"2"}, "c-2.4": {"co"}, "c-2.2": {"4"}}
	body := checkPage(t, postForm(t, srv, path, f, false), 200, "<html", "Kết quả tự đánh giá",
		`name="c-1.1" value="2" checked`, `name="c-2.4" value="co" checked`, `name="c-2.2" value="4" checked`,
		`id="o-1.3-0" name="c-1.3" value="" checked`, "Yêu cầu tối thiểu chưa đạt", `<ol class="advice">`,
		"Chưa đạt: sản phẩm chưa được công nhận", "Phần A", "Để lên hạng sao tiếp theo")
	if got := totalOf(t, body); got != "6" {
		t.Errorf("total %s, want 6", got)
	}
	if strings.Contains(body, `name="c-1.1" value="1" checked`) {
		t.Error("an option not chosen is ticked")
	}
	// The 3★ minimum on 1.1 is met, so it is not listed as unmet.
	if strings.Contains(body, "Tiêu chí 1.1 (") {
		t.Error("1.1 is listed as an unmet minimum although it is met")
	}

	// Full marks: 100, 5★, the Ministry certifies, nothing to advise.
	full := bestForm(t, c)
	body = checkPage(t, postForm(t, srv, path, full, false), 200, "Đạt: sản phẩm OCOP 5 sao.", "Bộ Nông nghiệp và Môi trường",
		"★★★★★ 5 sao", "Sản phẩm đạt hạng cao nhất.")
	if got := totalOf(t, body); got != "100" {
		t.Errorf("full marks: total %s, want 100", got)
	}
	if strings.Contains(body, "Yêu cầu tối thiểu chưa đạt") || strings.Contains(body, `class="advice"`) {
		t.Error("full marks still shows unmet minimums or advice")
	}

	// A knock-out, ticked and kept ticked: no stars.
	full.Set("ko", "ko.dossier")
	checkPage(t, postForm(t, srv, path, full, false), 200, `name="ko" value="ko.dossier" checked`, "Hồ sơ bị loại: sản phẩm không được xếp hạng sao.",
		"Chưa xếp hạng")
	full.Del("ko")

	// Impurities found at 6.1.1: what follows is not evaluated.
	full.Set("stop", "stop.impurity")
	body = checkPage(t, postForm(t, srv, path, full, false), 200, `name="stop" value="stop.impurity" checked`, "Dừng đánh giá:",
		"tiêu chí sau đó không được đánh giá")
	if got := totalOf(t, body); got == "100" {
		t.Error("the stop rule did not lower the total")
	}

	// 4★ band, capped: 1.5 at 1 point is below its 4★ and 5★ minimums.
	capped := bestForm(t, c)
	capped.Set("c-1.5", "2") // 1 point instead of 3
	body = checkPage(t, postForm(t, srv, path, capped, false), 200, "Đạt: sản phẩm OCOP 3 sao.", "UBND cấp tỉnh",
		"Tiêu chí 1.5 (Liên kết chuỗi trong sản xuất): để đạt 4 sao cần")
	if got := totalOf(t, body); got != "98" {
		t.Errorf("capped: total %s, want 98", got)
	}

	// A value that is not on the card (a hand-made request): 422, the
	// rest is still scored.
	bad := url.Values{"c-1.1": {"9"}, "c-2.4": {"co"}}
	checkPage(t, postForm(t, srv, path, bad, false), 422, "Phương án đã chọn ở tiêu chí 1.1 không có trong bộ tiêu chí", `<span id="tong-diem">1</span>`)
}

// htmx posts on every change and swaps only the result panel.
func TestSelfAssessHTMXFragment(t *testing.T) {
	srv := rulebookServer(t)
	w := postForm(t, srv, "/tu-danh-gia/qd26-2026/13", url.Values{"c-1.1": {"3"}}, true)
	body := checkPage(t, w, 200, "Kết quả tự đánh giá", `<span id="tong-diem">3</span>`, `<ol class="advice">`)
	for _, s := range []string{"<html", "<form", "<main", `id="ket-qua"`, "<header"} {
		if strings.Contains(body, s) {
			t.Errorf("the htmx answer contains %q: it must be the panel's content only", s)
		}
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("Content-Type %q", ct)
	}
	if !strings.Contains(w.Header().Get("Vary"), "HX-Request") {
		t.Error("no Vary: HX-Request")
	}
	// The tourism card: an alternative's option is "case-option".
	w = postForm(t, srv, "/tu-danh-gia/qd26-2026/26", url.Values{"c-8": {"2-2"}, "c-9": {"1-1"}}, true)
	if got := totalOf(t, checkPage(t, w, 200)); got != "4" {
		t.Errorf("tourism 8 (case 2, 3 points) + 9 (case 1, 1 point) = %s, want 4", got)
	}
}

func TestAPIScore(t *testing.T) {
	srv := rulebookServer(t)
	doc := loadOpenAPI(t, srv)
	paths := doc["paths"].(map[string]any)
	schemaOf := func(path, method string) any {
		op := paths[path].(map[string]any)[method].(map[string]any)
		return successSchema(doc, op["responses"].(map[string]any))
	}
	post := func(body string) *httptest.ResponseRecorder {
		return serve(t, srv, "POST", "/api/v1/score", body, map[string]string{"Content-Type": "application/json"})
	}
	decodeJSON := func(w *httptest.ResponseRecorder) map[string]any {
		t.Helper()
		var v map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &v); err != nil {
			t.Fatalf("not JSON: %v: %s", err, w.Body)
		}
		return v
	}

	w := post(`{"decision": "26/2026/QĐ-TTg", "card": 13, "answers": {"1.1": 3, "2.4": 1}, "knockouts": []}`)
	if w.Code != 200 {
		t.Fatalf("score: %d %s", w.Code, w.Body)
	}
	v := decodeJSON(w)
	if v["total"] != 4.0 || v["stars"] != 1.0 || v["recognized"] != false || v["decision"] != "26/2026/QĐ-TTg" {
		t.Errorf("result %v", v)
	}
	checkShape(t.Errorf, doc, schemaOf("/api/v1/score", "post"), v, "POST /api/v1/score")

	// A council, shape included.
	w = post(`{"decision": "26/2026", "card": 1, "members": [{"name": "A", "answers": {"1.1": 3}}, {"name": "B", "answers": {}}], "tolerance": 2}`)
	if w.Code != 200 {
		t.Fatalf("council: %d %s", w.Code, w.Body)
	}
	v = decodeJSON(w)
	if v["spread"] != 3.0 || v["needs_rescoring"] != true || v["total"] != 1.5 {
		t.Errorf("council spread %v needs_rescoring %v total %v", v["spread"], v["needs_rescoring"], v["total"])
	}
	checkShape(t.Errorf, doc, schemaOf("/api/v1/score", "post"), v, "POST /api/v1/score (council)")

	// Invalid input: 422 with every problem in Vietnamese, per field.
	for _, tc := range []struct {
		body   string
		fields map[string]string
	}{
		{`{"decision": "26/2026", "card": 13, "answers": {"9.9": 1, "1.1": 2.5}}`,
			map[string]string{"answers.9.9": `không có tiêu chí "9.9"`, "answers.1.1": "không có phương án 2,5 điểm"}},
		{`{"decision": "26/2026", "card": 40}`, map[string]string{"card": "không có bộ tiêu chí số 40"}},
		{`{"decision": "26/2026", "card": 1, "answerz": {}}`, map[string]string{"answerz": "trường lạ"}},
		{`{"decision": "26/2026", `, map[string]string{"body": "bị cắt ngang"}},
		{``, map[string]string{"body": "không có dữ liệu"}},
		{`{"decision": "26/2026", "card": 1, "members": [{"answers": {"1.1": 7}}]}`, map[string]string{"members.1.answers.1.1": "phiếu của thành viên 1: tiêu chí 1.1"}},
	} {
		w := post(tc.body)
		if w.Code != 422 {
			t.Errorf("%s: %d, want 422", tc.body, w.Code)
			continue
		}
		v := decodeJSON(w)
		e, _ := v["error"].(map[string]any)
		fields, _ := e["fields"].(map[string]any)
		if e["code"] != "invalid" || !strings.HasPrefix(fmt.Sprint(e["message"]), "Phiếu chấm không hợp lệ: ") || len(fields) != len(tc.fields) {
			t.Errorf("%s: error %v", tc.body, e)
		}
		for f, want := range tc.fields {
			if got := fmt.Sprint(fields[f]); !strings.Contains(got, want) {
				t.Errorf("%s: field %s = %q, want it to contain %q", tc.body, f, got, want)
			}
		}
		checkShape(t.Errorf, doc, map[string]any{"$ref": "#/components/schemas/Error"}, v, "422")
	}
}

func TestAPIRulebook(t *testing.T) {
	srv := rulebookServer(t)
	doc := loadOpenAPI(t, srv)
	paths := doc["paths"].(map[string]any)
	schemaOf := func(path string) any {
		op := paths[path].(map[string]any)["get"].(map[string]any)
		return successSchema(doc, op["responses"].(map[string]any))
	}
	w := serve(t, srv, "GET", "/api/v1/rulebook", "", nil)
	var list struct {
		Items []struct {
			ID, Slug string
			Current  bool
			Cards    []struct {
				Number   int
				Name     string
				Max      map[string]float64
				Total    float64
				Criteria int
				Href     string
			}
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &list); w.Code != 200 || err != nil {
		t.Fatalf("GET /api/v1/rulebook: %d %v", w.Code, err)
	}
	if len(list.Items) != 2 || list.Items[0].ID != "26/2026/QĐ-TTg" || !list.Items[0].Current || list.Items[1].Slug != "qd148-2023" {
		t.Fatalf("decisions %+v", list.Items)
	}
	var raw any
	json.Unmarshal(w.Body.Bytes(), &raw)
	checkShape(t.Errorf, doc, schemaOf("/api/v1/rulebook"), raw, "GET /api/v1/rulebook")
	for _, d := range list.Items {
		if len(d.Cards) != 26 {
			t.Errorf("%s: %d cards", d.ID, len(d.Cards))
		}
		for _, c := range d.Cards {
			if c.Max["A"] != 40 || c.Max["B"] != 25 || c.Max["C"] != 35 || c.Total != 100 || c.Criteria == 0 {
				t.Errorf("%s card %d: %+v", d.ID, c.Number, c)
			}
			w := serve(t, srv, "GET", c.Href, "", nil)
			if w.Code != 200 {
				t.Errorf("GET %s: %d", c.Href, w.Code)
				continue
			}
			var card any
			json.Unmarshal(w.Body.Bytes(), &card)
			checkShape(t.Errorf, doc, schemaOf("/api/v1/rulebook/{decision}/{card}"), card, "GET "+c.Href)
			if m := card.(map[string]any); m["number"] != float64(c.Number) || m["decision"] != d.ID {
				t.Errorf("GET %s: card %v of %v", c.Href, m["number"], m["decision"])
			}
		}
	}
	// Aliases work in the path too.
	if w := serve(t, srv, "GET", "/api/v1/rulebook/148/26", "", nil); w.Code != 200 {
		t.Errorf("GET /api/v1/rulebook/148/26: %d", w.Code)
	}
}
