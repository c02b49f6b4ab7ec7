package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// send makes a request with a session cookie; a form or JSON body by the
// path. It answers the status, body and redirect target.
func (w *permWorld) send(t *testing.T, session, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, w.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if method == "POST" {
		ct := "application/x-www-form-urlencoded"
		if strings.HasPrefix(path, "/api/") {
			ct = "application/json"
		}
		req.Header.Set("Content-Type", ct)
	}
	req.AddCookie(&http.Cookie{Name: "ocop_session", Value: session})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// extraUser adds an active account with the fixture's password and signs it in.
func (w *permWorld) extraUser(t *testing.T, name string, role ocop.Role, sc ocop.Scope) (*ocop.User, string) {
	t.Helper()
	ctx := context.Background()
	u := &ocop.User{Username: name, FullName: name, Role: role, Scope: sc, Status: ocop.UserActive}
	if err := w.svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error {
		return tx.CreateUser(ctx, u, secret.HashPassword("mật khẩu thử nghiệm"))
	}); err != nil {
		t.Fatal(err)
	}
	token, _, err := w.svc.Login(ctx, name, "mật khẩu thử nghiệm", "test")
	if err != nil {
		t.Fatal(err)
	}
	return u, token
}

// A round scored through the browser forms and the API: blind until the
// chair closes, versions conflict, points are checked, and Hà Nội sees
// nothing.
func TestScoringThroughWeb(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := permSetup(t, db)
		w.acceptIn(t)
		office, chair := w.sessions[ocop.RoleProvince], w.sessions[ocop.RoleCouncil]
		m2, m2s := w.extraUser(t, "hd.uyvien", ocop.RoleCouncil, ocop.ProvinceScope(permProvince))
		_, hanoi := w.extraUser(t, "so.hanoi", ocop.RoleProvince, ocop.ProvinceScope(permOtherProvince))
		round := fmt.Sprint(w.roundIn)
		base := "/dot-danh-gia/" + round + "/hoi-dong/council/thanh-vien"
		if st, _ := w.send(t, office, "POST", base, url.Values{"user_id": {fmt.Sprint(m2.ID)}, "position": {"member"}, "department": {"yte"}}.Encode()); st != http.StatusSeeOther {
			t.Fatalf("seat m2: %d", st)
		}
		if st, _ := w.send(t, chair, "POST", "/hoi-dong/"+round+"/mo-cham", ""); st != http.StatusConflict {
			t.Errorf("open without quorum: %d, want 409", st)
		}
		for _, id := range []int64{w.users[ocop.RoleCouncil].ID, m2.ID} {
			if st, _ := w.send(t, office, "POST", fmt.Sprintf("%s/%d/co-mat", base, id), "present=1"); st != http.StatusSeeOther {
				t.Fatalf("presence: %d", st)
			}
		}
		if st, _ := w.send(t, chair, "POST", "/hoi-dong/"+round+"/mo-cham", ""); st != http.StatusSeeOther {
			t.Fatalf("open scoring: %d", st)
		}

		sheetPage := "/dot-danh-gia/" + round + "/ho-so/" + fmt.Sprint(w.dossierIn) + "/cham-diem"
		st, body := w.send(t, m2s, "GET", sheetPage, "")
		if st != 200 || !strings.Contains(body, "Phiếu chấm điểm") || !strings.Contains(body, "/minh-chung/") {
			t.Fatalf("sheet page: %d, evidence links: %v", st, strings.Contains(body, "/minh-chung/"))
		}
		d, _ := w.svc.DB.DossierByID(ctx, w.dossierIn)
		card, _ := rulebook.CardOf(d.Decision, d.Card)
		first := card.Criteria()[0]
		api := "/api/v1/council/rounds/" + round + "/dossiers/" + fmt.Sprint(w.dossierIn) + "/sheet"
		if st, _ := w.send(t, m2s, "POST", api, fmt.Sprintf(`{"answers":{%q:0.37},"submit":true}`, first.Code)); st != http.StatusUnprocessableEntity {
			t.Errorf("0.37 points: %d, want 422", st)
		}
		good := fmt.Sprintf(`{"answers":{%q:%g},"comments":{%q:"Đủ minh chứng"},"version":0,"n":0,"submit":true}`, first.Code, first.Max, first.Code)
		if st, body := w.send(t, m2s, "POST", api, good); st != 200 {
			t.Fatalf("submit: %d %s", st, body)
		}
		if st, _ := w.send(t, m2s, "POST", api, good); st != http.StatusConflict {
			t.Errorf("second tab's submit: %d, want 409", st)
		}
		// The office follows progress: how many sheets, not their points.
		if _, body := w.send(t, office, "GET", "/dot-danh-gia/"+round, ""); !strings.Contains(body, `<td class="num">1</td>`) || strings.Contains(body, "Đủ minh chứng") {
			t.Error("round page lacks the count of submitted sheets, or shows a comment")
		}

		// Blind: neither the chair nor the office reads m2's sheet.
		if st, _ := w.send(t, chair, "GET", "/api/v1/council/rounds/"+round+"/results", ""); st != http.StatusConflict {
			t.Errorf("chair reads results while scoring: %d, want 409", st)
		}
		if st, _ := w.send(t, office, "GET", "/api/v1/rounds/"+round+"/results", ""); st != http.StatusConflict {
			t.Errorf("office reads results while scoring: %d, want 409", st)
		}
		_, body = w.send(t, chair, "GET", api, "")
		var own struct {
			Sheet struct{ N int } `json:"sheet"`
		}
		if json.Unmarshal([]byte(body), &own); own.Sheet.N != 0 || strings.Contains(body, "Đủ minh chứng") {
			t.Errorf("the chair's own sheet shows m2's: %s", body)
		}
		if _, body := w.send(t, chair, "GET", "/hoi-dong/"+round, ""); strings.Contains(body, "Kết quả chấm điểm của Hội đồng") {
			t.Error("member round page shows results while scoring")
		}

		if st, _ := w.send(t, chair, "POST", "/hoi-dong/"+round+"/khoa-cham", ""); st != http.StatusSeeOther {
			t.Fatalf("close: %d", st)
		}
		if _, body := w.send(t, chair, "GET", "/hoi-dong/"+round, ""); !strings.Contains(body, "Kết quả chấm điểm của Hội đồng") {
			t.Error("member round page lacks results after closing")
		}
		if st, body := w.send(t, office, "GET", "/dot-danh-gia/"+round, ""); st != 200 || !strings.Contains(body, "Kết quả chấm điểm của Hội đồng") {
			t.Errorf("office round page after closing: %d", st)
		}
		st, body = w.send(t, office, "GET", "/api/v1/rounds/"+round+"/results", "")
		var res struct {
			Items []struct {
				Result *struct{ Total float64 } `json:"result"`
			} `json:"items"`
		}
		if json.Unmarshal([]byte(body), &res); st != 200 || len(res.Items) != 1 || res.Items[0].Result == nil || res.Items[0].Result.Total != first.Max {
			t.Errorf("results: %d %s", st, body)
		}
		if st, _ := w.send(t, m2s, "POST", api, good); st != http.StatusConflict {
			t.Errorf("submit after closing: %d, want 409", st)
		}

		// Another province's office sees nothing of the round.
		for _, p := range []string{"/dot-danh-gia/" + round, "/api/v1/rounds/" + round, "/api/v1/rounds/" + round + "/results",
			"/api/v1/rounds/" + round + "/councils/council"} {
			if st, _ := w.send(t, hanoi, "GET", p, ""); st != http.StatusNotFound {
				t.Errorf("Hà Nội GET %s: %d, want 404", p, st)
			}
		}
		if _, body := w.send(t, hanoi, "GET", "/api/v1/rounds", ""); strings.Contains(body, `"id":`+round+",") {
			t.Error("Hà Nội lists Sơn La's round")
		}
	})
}

// Opening a round: a bad form comes back with the message next to the
// field and what was typed; a good one lands on the round's page.
func TestRoundCreateForm(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w := permSetup(t, db)
		office := w.sessions[ocop.RoleProvince]
		form := url.Values{"year": {"2026"}, "number": {"1"}, "kind": {"extra"}, "title": {"Đợt bổ sung Tết"}, "forwarded_from": {"31/12/2026"}}
		st, body := w.send(t, office, "POST", "/dot-danh-gia", form.Encode())
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, `value="Đợt bổ sung Tết"`) || !strings.Contains(body, `id="e-forwarded_to"`) {
			t.Errorf("bad round form: %d, kept input %v", st, strings.Contains(body, "Đợt bổ sung Tết"))
		}
		form = url.Values{"year": {"2026"}, "number": {"2"}, "kind": {"regular"}}
		st, _ = w.send(t, office, "POST", "/dot-danh-gia", form.Encode())
		if st != http.StatusSeeOther {
			t.Fatalf("round 2/2026: %d", st)
		}
		if st, _ := w.send(t, office, "POST", "/dot-danh-gia", form.Encode()); st != http.StatusConflict {
			t.Errorf("round 2/2026 again: %d, want 409", st)
		}
		body = w.get(t, "/dot-danh-gia", ocop.RoleProvince)
		for _, want := range []string{"Đợt 2/2026", "30/12/2026", "từ 01/05/2026 đến trước 31/10/2026"} {
			if !strings.Contains(body, want) {
				t.Errorf("round list lacks %q", want)
			}
		}
	})
}
