package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// Issue #4's walkthrough through the JSON API with Bearer tokens: a tea
// producer registers (the one step with no API route: the public form),
// the commune confirms it, the producer classifies a product, fills and
// proves a first-rating dossier and submits it; the commune returns it,
// the producer fixes it, the commune forwards it with its Mẫu 03
// assessment; the province asks for completion, the producer refiles, the
// commune forwards again and the province accepts. Before every step an
// officer of another commune, an office of another province and another
// producer try the same request: refused, and nothing changes.
func TestAPIWalkthrough(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newAPIEnv(t, db)
		e.addUser(t, "canbo.mocchau", ocop.RoleCommune, ocop.CommuneScope("14", "03980"))
		e.addUser(t, "vanphong.hanoi", ocop.RoleProvince, ocop.ProvinceScope(haNoi))
		w := &walk{t: t, e: e, producer: "chuthe.chetaxua",
			intruders: []string{"canbo.mocchau", "vanphong.hanoi", "chuthe.caphe"},
			watched:   []string{"chuthe.chetaxua", "canbo.chiengmai", "vanphong.sonla", "canbo.mocchau", "vanphong.hanoi", "chuthe.caphe"}}

		producerID := w.register()
		e.tokens["chuthe.chetaxua"] = e.tokenFor(t, "chuthe.chetaxua")
		for _, doc := range []map[string]string{
			{"kind": "dang_ky_kinh_doanh", "title": "Giấy chứng nhận đăng ký tổ hợp tác", "number": "14TH000321", "issued_on": "02/03/2021"},
			{"kind": "attp", "title": "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "number": "12/2025/ATTP-SL", "issued_on": "10/01/2025", "expires_on": "10/01/2028"},
		} {
			res := w.send("chuthe.chetaxua", uploadReq("/api/v1/producers/"+producerID+"/documents", doc, doc["kind"]+".pdf", permPDF), http.StatusCreated)
			if res["validity"] == "expired" {
				t.Errorf("document %s is expired on upload", doc["kind"])
			}
		}
		product := w.send("chuthe.chetaxua", jsonReq("POST", "/api/v1/products",
			`{"name": "Chè Shan tuyết cổ thụ Chiềng Mai", "card": 11, "description": "Chè búp cổ thụ trên 100 năm, sao thủ công."}`), http.StatusCreated)
		if product["category"] != "Chè tươi, chè chế biến" {
			t.Fatalf("product not classified on card 11: %v", product)
		}
		d := w.send("chuthe.chetaxua", jsonReq("POST", "/api/v1/products/"+jsonNumber(product["id"])+"/dossiers", `{"kind": "first"}`), http.StatusCreated)
		w.id, w.version = jsonNumber(d["id"]), jsonNumber(d["version"])

		// Self-assessment: the lowest option everywhere but four criteria,
		// then evidence for exactly the criteria that score.
		card, err := rulebook.CardOf(d["decision"].(string), 11)
		if err != nil {
			t.Fatal(err)
		}
		sheet := lowestSheet(card)
		for _, code := range []string{"1.1", "2.1", "3.1", "4.1"} {
			opts := card.Criterion(code).Choices()
			sheet.Answers[code] = opts[len(opts)-1].Points
		}
		w.saveSheet(sheet)
		w.step("chuthe.chetaxua", jsonReq("POST", "/api/v1/dossiers/{id}/submit", `{"version": {v}}`), http.StatusUnprocessableEntity, "draft", "")
		for _, code := range slices.Sorted(maps.Keys(sheet.Answers)) {
			if sheet.Answers[code] > 0 {
				w.addEvidence(code)
			}
		}
		if missing := w.dossier()["missing"].([]any); len(missing) != 5 {
			t.Fatalf("missing after evidence, before Mẫu 02: %v", missing)
		}
		w.step("chuthe.chetaxua", jsonReq("POST", "/api/v1/dossiers/{id}/self-report", `{"version": {v},
			"history": "Hộ kinh doanh chè của gia đình từ năm 2012.", "raw_material": "3 ha chè Shan tuyết cổ thụ.",
			"market": "Hà Nội và khách du lịch.", "plan_goals": "Đạt 3 sao năm 2026.",
			"results": [{"year": 2025, "output": "1,2 tấn chè khô", "revenue": 960000000, "profit": 210000000}]}`),
			200, "draft", "dossier.self_report")
		if missing := w.dossier()["missing"].([]any); len(missing) != 0 {
			t.Fatalf("still missing after Mẫu 02: %v", missing)
		}
		w.step("chuthe.chetaxua", jsonReq("POST", "/api/v1/dossiers/{id}/submit", `{"version": {v}}`), 200, "submitted", "dossier.submit", "canbo.chiengmai")

		// The commune receives it, then returns it with a reason.
		d = w.step("canbo.chiengmai", jsonReq("POST", "/api/v1/dossiers/{id}/receive", `{"version": {v}}`), 200, "submitted", "dossier.receive")
		receipt, _ := d["receipt_no"].(string)
		if !strings.HasPrefix(receipt, "001/PĐK-14-04132-") {
			t.Errorf("receipt number %q", receipt)
		}
		d = w.step("canbo.chiengmai", jsonReq("POST", "/api/v1/dossiers/{id}/return",
			`{"version": {v}, "reason": "Bổ sung ảnh vùng chè cổ thụ cho tiêu chí 1.2"}`), 200, "returned", "dossier.return", "chuthe.chetaxua")
		if d["return_reason"] != "Bổ sung ảnh vùng chè cổ thụ cho tiêu chí 1.2" {
			t.Errorf("return reason %v", d["return_reason"])
		}

		// The producer fixes it: swaps the file of 1.1, one more answer, its
		// evidence, refiled.
		for _, e := range w.dossier()["evidence"].([]any) {
			if ev := e.(map[string]any); ev["criterion"] == "1.1" {
				w.step("chuthe.chetaxua", jsonReq("POST", "/api/v1/dossiers/{id}/evidence/"+jsonNumber(ev["id"])+"/delete", ``),
					200, "returned", "dossier.evidence_remove")
				w.evidence--
			}
		}
		w.addEvidence("1.1")
		opts := card.Criterion("1.2").Choices()
		sheet.Answers["1.2"] = opts[len(opts)-1].Points
		w.saveSheet(sheet)
		w.addEvidence("1.2")
		w.step("chuthe.chetaxua", jsonReq("POST", "/api/v1/dossiers/{id}/submit", `{"version": {v}}`), 200, "submitted", "dossier.submit", "canbo.chiengmai")

		// The receipt of the first filing stays: a second one is refused.
		w.step("canbo.chiengmai", jsonReq("POST", "/api/v1/dossiers/{id}/receive", `{"version": {v}}`), http.StatusConflict, "submitted", "")
		w.step("canbo.chiengmai", jsonReq("POST", "/api/v1/dossiers/{id}/commune-report", `{"version": {v},
			"raw_material": "100% búp chè Shan tuyết cổ thụ của xã", "labour": "18 lao động địa phương, 12 là người Mông",
			"idea_origin": "Nghề sao chè truyền thống của bản", "identity": "Gắn với văn hóa người Mông vùng cao"}`), 200, "submitted", "dossier.commune_report")
		w.step("canbo.chiengmai", jsonReq("POST", "/api/v1/dossiers/{id}/forward", `{"version": {v}}`), 200, "forwarded", "dossier.forward",
			"vanphong.sonla", "chuthe.chetaxua")

		// The province asks for completion; refiled, forwarded again, accepted.
		w.step("vanphong.sonla", jsonReq("POST", "/api/v1/dossiers/{id}/request-completion",
			`{"version": {v}, "reason": "Thiếu phiếu kiểm nghiệm chỉ tiêu vi sinh"}`), 200, "completion", "dossier.completion",
			"chuthe.chetaxua", "canbo.chiengmai")
		w.addEvidence("1.1")
		w.step("chuthe.chetaxua", jsonReq("POST", "/api/v1/dossiers/{id}/submit", `{"version": {v}}`), 200, "submitted", "dossier.submit", "canbo.chiengmai")
		w.step("canbo.chiengmai", jsonReq("POST", "/api/v1/dossiers/{id}/forward", `{"version": {v}}`), 200, "forwarded", "dossier.forward",
			"vanphong.sonla", "chuthe.chetaxua")
		d = w.step("vanphong.sonla", jsonReq("POST", "/api/v1/dossiers/{id}/accept", `{"version": {v}}`), 200, "accepted", "dossier.accept",
			"chuthe.chetaxua", "canbo.chiengmai")
		if d["receipt_no"] != receipt || len(d["evidence"].([]any)) != w.evidence {
			t.Errorf("accepted dossier: receipt %v, %d evidence files, want %s and %d", d["receipt_no"], len(d["evidence"].([]any)), receipt, w.evidence)
		}
		// Accepted, it can no longer be changed by anyone.
		w.step("chuthe.chetaxua", uploadReq("/api/v1/dossiers/{id}/evidence", map[string]string{"criterion": "1.1"}, "x.pdf", permPDF),
			http.StatusConflict, "accepted", "")
		if res, _ := db.VerifyAudit(context.Background()); !res.OK() {
			t.Errorf("audit chain after the walkthrough: %+v", res)
		}
	})
}

// walk follows one dossier through the API.
type walk struct {
	t                  *testing.T
	e                  *apiEnv
	producer           string
	intruders, watched []string
	id, version        string // the dossier and the version last seen
	evidence           int    // files attached so far
}

func jsonReq(method, path, body string) func(id, version string) *http.Request {
	return func(id, version string) *http.Request {
		body := strings.ReplaceAll(body, "{v}", version)
		r := httptest.NewRequest(method, strings.ReplaceAll(path, "{id}", id), strings.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		return r
	}
}

func uploadReq(path string, fields map[string]string, name string, data []byte) func(id, version string) *http.Request {
	return func(id, _ string) *http.Request {
		b, ct := multipartBody(fields, name, data)
		r := httptest.NewRequest("POST", strings.ReplaceAll(path, "{id}", id), b)
		r.Header.Set("Content-Type", ct)
		return r
	}
}

// send runs a request with who's API token and checks the status and the
// documented answer shape.
func (w *walk) send(who string, req func(id, version string) *http.Request, want int) map[string]any {
	w.t.Helper()
	r := req(w.id, w.version)
	r.Header.Set("Authorization", "Bearer "+w.e.tokens[who])
	rec := httptest.NewRecorder()
	w.e.srv.ServeHTTP(rec, r)
	if rec.Code != want {
		w.t.Fatalf("%s %s as %s: %d, want %d: %.400s", r.Method, r.URL.Path, who, rec.Code, want, rec.Body)
	}
	return checkAPIResponse(w.t, rec)
}

// step makes sure nobody outside may take it, then takes it as who and
// checks the dossier's status, its audit row (none when action is "") and
// exactly who was notified.
func (w *walk) step(who string, req func(id, version string) *http.Request, want int, status, action string, told ...string) map[string]any {
	w.t.Helper()
	before := w.snapshot()
	for _, x := range w.intruders {
		r := req(w.id, w.version)
		r.Header.Set("Authorization", "Bearer "+w.e.tokens[x])
		rec := httptest.NewRecorder()
		w.e.srv.ServeHTTP(rec, r)
		if rec.Code != http.StatusForbidden && rec.Code != http.StatusNotFound {
			w.t.Errorf("%s %s as %s: %d, want 403 or 404", r.Method, r.URL.Path, x, rec.Code)
		}
		checkAPIResponse(w.t, rec)
	}
	if after := w.snapshot(); !after.equal(before) {
		w.t.Fatalf("a refused request changed something:\nbefore %+v\nafter  %+v", before, after)
	}
	out := w.send(who, req, want)
	after := w.snapshot()
	if after.status != status {
		w.t.Errorf("%s: status %q, want %q", action, after.status, status)
	}
	switch {
	case action == "" && after.audit != before.audit:
		w.t.Errorf("a refused step wrote %d audit rows", after.audit-before.audit)
	case action != "" && (after.audit != before.audit+1 || after.lastAction != action || after.lastActor != who):
		w.t.Errorf("audit after %s: %d new rows, last %q by %q", action, after.audit-before.audit, after.lastAction, after.lastActor)
	}
	for i, name := range w.watched {
		wantN := before.unread[i]
		for _, n := range told {
			if n == name {
				wantN++
			}
		}
		if after.unread[i] != wantN {
			w.t.Errorf("after %s %s has %d unread notifications, want %d", action, name, after.unread[i], wantN)
		}
	}
	if v, ok := out["version"]; ok && out["id"] != nil && jsonNumber(out["id"]) == w.id {
		w.version = jsonNumber(v)
	}
	return out
}

// state is what a refused request must leave alone.
type state struct {
	version, status       string
	audit                 int
	lastAction, lastActor string
	unread                []int
}

func (a state) equal(b state) bool {
	return a.version == b.version && a.status == b.status && a.audit == b.audit && slices.Equal(a.unread, b.unread)
}

func (w *walk) snapshot() state {
	w.t.Helper()
	ctx := context.Background()
	var s state
	if w.id != "" {
		rows, err := w.e.db.AuditEntries(ctx, store.AuditFilter{Entity: "dossier", EntityID: w.id, Limit: 1000})
		if err != nil {
			w.t.Fatal(err)
		}
		s.audit = len(rows)
		if len(rows) > 0 {
			s.lastAction, s.lastActor = rows[0].Action, rows[0].ActorName
		}
		d := w.dossier()
		s.version, s.status = jsonNumber(d["version"]), d["status"].(string)
	}
	for _, name := range w.watched {
		u, _, err := w.e.db.UserCredentials(ctx, name)
		if err != nil {
			w.t.Fatal(err)
		}
		s.unread = append(s.unread, w.e.db.UnreadCount(ctx, u.ID))
	}
	return s
}

func (w *walk) dossier() map[string]any {
	w.t.Helper()
	return w.send(w.producer, jsonReq("GET", "/api/v1/dossiers/{id}", ""), 200)
}

func (w *walk) saveSheet(sheet rulebook.Sheet) {
	w.t.Helper()
	b, _ := json.Marshal(sheet.Answers)
	w.step(w.producer, jsonReq("POST", "/api/v1/dossiers/{id}/sheet", `{"version": {v}, "answers": `+string(b)+`}`), 200, w.snapshot().status, "dossier.assess")
}

// addEvidence uploads a PDF for a criterion and downloads it back.
func (w *walk) addEvidence(code string) {
	w.t.Helper()
	st := w.snapshot().status
	e := w.step(w.producer, uploadReq("/api/v1/dossiers/{id}/evidence", map[string]string{"criterion": code}, "minh-chung-"+code+".pdf", permPDF),
		http.StatusCreated, st, "dossier.evidence")
	w.evidence++
	// The commune reads the files of a filed dossier; a draft is the
	// producer's alone.
	get := func(who string) *httptest.ResponseRecorder {
		r := httptest.NewRequest("GET", "/api/v1/dossiers/"+w.id+"/evidence/"+jsonNumber(e["id"]), nil)
		r.Header.Set("Authorization", "Bearer "+w.e.tokens[who])
		rec := httptest.NewRecorder()
		w.e.srv.ServeHTTP(rec, r)
		return rec
	}
	reader := "canbo.chiengmai"
	if st == "draft" {
		if rec := get(reader); rec.Code != http.StatusNotFound {
			w.t.Errorf("the commune downloads evidence of a draft: %d", rec.Code)
		}
		reader = w.producer
	}
	if rec := get(reader); rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), permPDF) || !strings.HasPrefix(rec.Header().Get("Content-Disposition"), "attachment") {
		w.t.Errorf("download of evidence %s by %s: %d %q", code, reader, rec.Code, rec.Header().Get("Content-Disposition"))
	}
}

// register fills the public registration form (no API route: a producer
// has no token before it has an account) and has the commune officer
// confirm the new producer through the API. It returns the producer id.
func (w *walk) register() string {
	w.t.Helper()
	form := url.Values{"producer_name": {"Tổ hợp tác Chè Shan tuyết Phiêng Cại"}, "legal_type": {"to_hop_tac"},
		"registration_no": {"14TH000321"}, "address": {"Bản Phiêng Cại, xã Chiềng Mai"}, "province": {"14"}, "commune": {"04132"},
		"representative": {"Giàng A Sử"}, "username": {w.producer}, "full_name": {"Giàng A Sử"}, "phone": {"0915222333"},
		"password": {"che-shan-tuyet-2026"}, "password2": {"che-shan-tuyet-2026"}}
	r := httptest.NewRequest("POST", "/dang-ky", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	w.e.srv.ServeHTTP(rec, r)
	if rec.Code != http.StatusSeeOther {
		w.t.Fatalf("registration: %d %.500s", rec.Code, rec.Body)
	}
	list := w.send("canbo.chiengmai", jsonReq("GET", "/api/v1/producers?status=pending&q=Phi%C3%AAng+C%E1%BA%A1i", ""), 200)
	found := items(w.t, list)
	if len(found) != 1 {
		w.t.Fatalf("pending producers: %v", found)
	}
	id := jsonNumber(found[0]["id"])
	body := `{"version": ` + jsonNumber(found[0]["version"]) + `}`
	for _, x := range []string{"canbo.mocchau", "vanphong.hanoi", "chuthe.caphe"} {
		w.send(x, jsonReq("POST", "/api/v1/producers/"+id+"/confirm", body), map[bool]int{true: 404, false: 403}[x == "canbo.mocchau"])
	}
	p := w.send("canbo.chiengmai", jsonReq("POST", "/api/v1/producers/"+id+"/confirm", body), 200)
	if p["status"] != "active" {
		w.t.Fatalf("confirmed producer: %v", p["status"])
	}
	return id
}

// lowestSheet answers every criterion with its lowest option.
func lowestSheet(card *rulebook.Card) rulebook.Sheet {
	sheet := rulebook.Sheet{Answers: map[string]float64{}}
	for _, cr := range card.Criteria() {
		if cr.YesNo {
			sheet.Answers[cr.Code] = 0
			continue
		}
		low := cr.Choices()[0].Points
		for _, o := range cr.Choices() {
			low = min(low, o.Points)
		}
		sheet.Answers[cr.Code] = low
	}
	return sheet
}

// addUser creates an active staff account with an API token.
func (e *apiEnv) addUser(t *testing.T, name string, role ocop.Role, scope ocop.Scope) {
	t.Helper()
	u := &ocop.User{Username: name, FullName: name, Role: role, Scope: scope, Status: ocop.UserActive}
	err := e.db.Update(context.Background(), ocop.System, func(tx *store.Tx) error {
		return tx.CreateUser(context.Background(), u, secret.HashPassword("walkthrough-2026"))
	})
	if err != nil {
		t.Fatal(err)
	}
	e.tokens[name] = e.tokenFor(t, name)
}

// tokenFor issues an API token, as the account page does.
func (e *apiEnv) tokenFor(t *testing.T, name string) string {
	t.Helper()
	u, _, err := e.db.UserCredentials(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := e.svc.CreateAPIToken(context.Background(), u, "walkthrough")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// Bad evidence uploads through the API: a Vietnamese 4xx JSON answer, and
// the dossier, its evidence and the audit trail stay as they were.
func TestAPIEvidenceRefusals(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newAPIEnv(t, db)
		w := &walk{t: t, e: e, producer: "chuthe.caphe", watched: []string{"canbo.chiengmai"}}
		d := w.send("chuthe.caphe", jsonReq("POST", "/api/v1/products/"+e.vars["{{product.caphe}}"]+"/dossiers", `{"kind": "upgrade"}`), http.StatusCreated)
		w.id, w.version = jsonNumber(d["id"]), jsonNumber(d["version"])
		huge := append([]byte("%PDF-1.7\n"), make([]byte, 21<<20)...)
		unsized := func(req func(id, v string) *http.Request) func(id, v string) *http.Request {
			return func(id, v string) *http.Request {
				r := req(id, v)
				r.ContentLength = -1 // streamed: the limit is met while reading
				return r
			}
		}
		crit := map[string]string{"criterion": "1.1"}
		for _, c := range []struct {
			name         string
			req          func(id, v string) *http.Request
			field, inMsg string
		}{
			{"unknown criterion", uploadReq("/api/v1/dossiers/{id}/evidence", map[string]string{"criterion": "9.9"}, "a.pdf", permPDF), "criterion", "Vui lòng chọn"},
			{"no file", uploadReq("/api/v1/dossiers/{id}/evidence", crit, "", nil), "file", "Vui lòng chọn tệp"},
			{"empty file", uploadReq("/api/v1/dossiers/{id}/evidence", crit, "a.pdf", nil), "file", "Vui lòng chọn tệp"},
			{"path in the name", uploadReq("/api/v1/dossiers/{id}/evidence", crit, "../x.pdf", permPDF), "file", "không được chứa đường dẫn"},
			{"script renamed .pdf", uploadReq("/api/v1/dossiers/{id}/evidence", crit, "x.pdf", []byte("#!/bin/sh\nrm -rf /\n")), "file", "Chỉ nhận tệp PDF"},
			{"PDF named .png", uploadReq("/api/v1/dossiers/{id}/evidence", crit, "x.png", permPDF), "file", "không khớp"},
			{"oversized", uploadReq("/api/v1/dossiers/{id}/evidence", crit, "x.pdf", huge), "", "Tệp quá lớn"},
			{"oversized, streamed", unsized(uploadReq("/api/v1/dossiers/{id}/evidence", crit, "x.pdf", huge)), "", "Tệp quá lớn"},
			{"not multipart", jsonReq("POST", "/api/v1/dossiers/{id}/evidence", `{"criterion": "1.1"}`), "", "Vui lòng chọn tệp"},
		} {
			t.Run(c.name, func(t *testing.T) {
				w.t = t
				before := w.snapshot()
				res := w.send("chuthe.caphe", c.req, http.StatusUnprocessableEntity)
				eb := res["error"].(map[string]any)
				msg := eb["message"].(string)
				if c.field != "" {
					msg, _ = eb["fields"].(map[string]any)[c.field].(string)
				}
				if !strings.Contains(msg, c.inMsg) {
					t.Errorf("error %v, want %q on %q", eb, c.inMsg, c.field)
				}
				if after := w.snapshot(); !after.equal(before) {
					t.Errorf("a refused upload changed the dossier: %+v → %+v", before, after)
				}
				if list := w.send("chuthe.caphe", jsonReq("GET", "/api/v1/dossiers/{id}/evidence", ""), 200); len(items(t, list)) != 0 {
					t.Errorf("evidence after a refused upload: %v", list)
				}
			})
		}
		w.t = t
		ev := w.send("chuthe.caphe", uploadReq("/api/v1/dossiers/{id}/evidence", crit, "Hợp đồng liên kết.pdf", permPDF), http.StatusCreated)
		if ev["file_name"] != "Hợp đồng liên kết.pdf" || ev["criterion"] != "1.1" || ev["content_type"] != "application/pdf" {
			t.Errorf("stored evidence: %v", ev)
		}
		list := w.send("chuthe.caphe", jsonReq("GET", "/api/v1/dossiers/{id}/evidence", ""), 200)
		if len(items(t, list)) != 1 {
			t.Errorf("evidence list: %v", list)
		}
		// Both answers are as openapi.json documents them.
		doc := loadOpenAPI(t, e.srv)
		for _, c := range []struct {
			method string
			v      map[string]any
		}{{"post", ev}, {"get", list}} {
			op := doc["paths"].(map[string]any)["/api/v1/dossiers/{dossier}/evidence"].(map[string]any)[c.method].(map[string]any)
			checkShape(t.Errorf, doc, successSchema(doc, op["responses"].(map[string]any)), any(c.v), c.method+" evidence")
		}
		// The producer reads the file back; nobody else sees a draft's
		// files; commune and province staff may not add one.
		evidence := "/api/v1/dossiers/" + w.id + "/evidence/" + jsonNumber(ev["id"])
		if rec := e.do(t, "chuthe.caphe", "GET", evidence, "", nil); rec.Code != 200 ||
			!bytes.Equal(rec.Body.Bytes(), permPDF) || rec.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("download: %d %q", rec.Code, rec.Header())
		}
		if rec := e.do(t, "vanphong.bo", "GET", evidence, "", nil); rec.Code != http.StatusNotFound {
			t.Errorf("the ministry downloads a draft's evidence: %d", rec.Code)
		}
		for _, who := range []string{"canbo.chiengmai", "vanphong.sonla"} {
			w.send(who, uploadReq("/api/v1/dossiers/{id}/evidence", crit, "a.pdf", permPDF), http.StatusForbidden)
		}
	})
}
