package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// Issue #5's walkthrough through the API, from an accepted dossier to a
// certificate a visitor verifies: the council is seated with its quorum,
// one member recuses, the others score blind, their spread is above the
// tolerance so the chair reopens the dossier, a member re-scores, the
// chair closes, the office records the Chairman's decision and the
// certificate it issued answers valid on /verify/{code}; later it is
// expired (clock), and once revoked the page says so.
func TestDecisionWalkthroughAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := permSetup(t, db)
		w.acceptIn(t)
		office, chair := w.sessions[ocop.RoleProvince], w.sessions[ocop.RoleCouncil]
		m2, m2s := w.extraUser(t, "hd.uyvien", ocop.RoleCouncil, ocop.ProvinceScope(permProvince))
		m3, m3s := w.extraUser(t, "hd.uyvien3", ocop.RoleCouncil, ocop.ProvinceScope(permProvince))
		_, hanoi := w.extraUser(t, "so.hanoi", ocop.RoleProvince, ocop.ProvinceScope(permOtherProvince))
		round, dossier := fmt.Sprint(w.roundIn), fmt.Sprint(w.dossierIn)
		expect := func(who, method, path, body string, want int) string {
			t.Helper()
			st, b := w.send(t, who, method, path, body)
			if st != want {
				t.Fatalf("%s %s: %d, want %d: %.300s", method, path, st, want, b)
			}
			return b
		}
		members := "/api/v1/rounds/" + round + "/councils/council/members"
		for _, m := range []*ocop.User{m2, m3} {
			expect(office, "POST", members, fmt.Sprintf(`{"user_id":%d,"position":"member","department":"yte"}`, m.ID), 200)
		}
		for _, id := range []int64{w.users[ocop.RoleCouncil].ID, m2.ID} {
			expect(office, "POST", fmt.Sprintf("%s/%d/presence", members, id), `{"present":true}`, 200)
		}
		council := "/api/v1/council/rounds/" + round
		expect(chair, "POST", council+"/open", "", http.StatusConflict) // 2 of 3 present: no quorum
		expect(office, "POST", fmt.Sprintf("%s/%d/presence", members, m3.ID), `{"present":true}`, 200)
		expect(chair, "POST", council+"/open", "", 200)
		sheet := council + "/dossiers/" + dossier + "/sheet"
		expect(m3s, "POST", council+"/dossiers/"+dossier+"/recuse", `{"reason":"Người thân làm việc tại hợp tác xã"}`, 200)
		expect(m3s, "GET", sheet, "", http.StatusNotFound)

		d, _ := db.DossierByID(ctx, w.dossierIn)
		card, _ := rulebook.CardOf(d.Decision, d.Card)
		submit := func(who string, stars int) {
			t.Helper()
			var cur struct {
				Sheet struct {
					N       int   `json:"n"`
					Version int64 `json:"version"`
				} `json:"sheet"`
			}
			json.Unmarshal([]byte(expect(who, "GET", sheet, "", 200)), &cur)
			answers, _ := json.Marshal(demo.SheetFor(card, stars).Answers)
			expect(who, "POST", sheet, fmt.Sprintf(`{"answers":%s,"version":%d,"n":%d,"submit":true}`, answers, cur.Sheet.Version, cur.Sheet.N), 200)
		}
		submit(chair, 4)
		submit(m2s, 3)
		decision := "/api/v1/rounds/" + round + "/decision"
		body := `{"number":"845/QĐ-UBND","decision_date":"20/05/2026","signer":"Chủ tịch UBND tỉnh Sơn La"}`
		expect(office, "POST", decision, body, http.StatusConflict) // still scoring
		expect(chair, "POST", council+"/close", "", 200)
		if b := expect(office, "POST", decision, body, http.StatusConflict); !strings.Contains(b, "chấm lại") {
			t.Errorf("decision over a spread above tolerance: %s", b)
		}
		expect(chair, "POST", council+"/rescore", `{"dossiers":[`+dossier+`]}`, 200)
		submit(m2s, 4)
		expect(chair, "POST", council+"/close", "", 200)

		expect(hanoi, "POST", decision, body, http.StatusNotFound)
		expect(chair, "POST", decision, body, http.StatusForbidden)
		expect(office, "POST", decision, `{"number":"","decision_date":"20/05/2026","signer":""}`, http.StatusUnprocessableEntity)
		// The form: a missing number comes back next to the field, with what was typed.
		st, page := w.send(t, office, "POST", "/dot-danh-gia/"+round+"/quyet-dinh",
			url.Values{"number": {""}, "decision_date": {"20/05/2026"}, "signer": {"Chủ tịch UBND tỉnh Sơn La"}}.Encode())
		if st != http.StatusUnprocessableEntity || !strings.Contains(page, `value="Chủ tịch UBND tỉnh Sơn La"`) || !strings.Contains(page, "Vui lòng nhập") {
			t.Errorf("bad decision form: %d", st)
		}
		var dec ocop.Decision
		json.Unmarshal([]byte(expect(office, "POST", decision, body, http.StatusCreated)), &dec)
		if len(dec.Outcomes) != 1 || dec.Outcomes[0].Outcome != ocop.OutcomeCertified || dec.Outcomes[0].Certificate == nil {
			t.Fatalf("decision: %+v", dec)
		}
		cert := dec.Outcomes[0].Certificate
		expect(office, "POST", decision, body, http.StatusConflict) // decided once
		for entity, action := range map[string]string{"decision": "decision.create", "certificate": "certificate.create", "round": "round.decide"} {
			rows, _ := db.AuditEntries(ctx, store.AuditFilter{Entity: entity, Limit: 10})
			if len(rows) == 0 || rows[0].Action != action {
				t.Errorf("no %s audit row", action)
			}
		}
		expect(hanoi, "GET", decision, "", http.StatusNotFound)
		if b := expect(office, "GET", "/dot-danh-gia/"+round, "", 200); !strings.Contains(b, "/verify/"+cert.Code) || !strings.Contains(b, "Quyết định số 845/QĐ-UBND") {
			t.Error("the decided round page lacks the decision or the certificate's verify link")
		}
		if b := expect(office, "GET", fmt.Sprintf("/san-pham/%d", w.productIn), "", 200); !strings.Contains(b, "/verify/"+cert.Code) {
			t.Error("the product page lacks the new certificate")
		}

		verify := func(want string) {
			t.Helper()
			req, _ := http.NewRequest("GET", w.srv.URL+"/verify/"+url.PathEscape(cert.Code), nil)
			req.Header.Set("Accept", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var a struct{ Result, State string }
			json.NewDecoder(resp.Body).Decode(&a)
			if a.Result != "found" || a.State != want {
				t.Errorf("verify: %+v, want %s", a, want)
			}
		}
		verify(ocop.CertStateValid)
		real := db.Now
		db.Now = func() time.Time { return real().AddDate(4, 0, 0) }
		verify(ocop.CertStateExpired)
		db.Now = real
		today := time.Now().Format("02/01/2006")
		expect(office, "POST", fmt.Sprintf("/api/v1/products/%d/certificates/%d/revoke", w.productIn, cert.ID),
			fmt.Sprintf(`{"ground":"a","decision_no":"99/QĐ-UBND","decision_date":%q,"finding_date":%q,"version":%d}`, today, today, cert.Version), 200)
		verify(ocop.CertStateRevoked)
	})
}
