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

// expect sends a request and stops the test unless it answers want.
func (w *permWorld) expect(t *testing.T, who, method, path, body string, want int) string {
	t.Helper()
	st, b := w.send(t, who, method, path, body)
	if st != want {
		t.Fatalf("%s %s: %d, want %d: %.300s", method, path, st, want, b)
	}
	return b
}

// submitSheet has a member submit the sheet at path, ranking dossierIn at
// stars, on the version they read.
func (w *permWorld) submitSheet(t *testing.T, who, sheet string, stars int) {
	t.Helper()
	d, _ := w.svc.DB.DossierByID(context.Background(), w.dossierIn)
	card, _ := rulebook.CardOf(d.Decision, d.Card)
	var cur struct {
		Sheet struct {
			N       int   `json:"n"`
			Version int64 `json:"version"`
		} `json:"sheet"`
	}
	json.Unmarshal([]byte(w.expect(t, who, "GET", sheet, "", 200)), &cur)
	answers, _ := json.Marshal(demo.SheetFor(card, stars).Answers)
	w.expect(t, who, "POST", sheet, fmt.Sprintf(`{"answers":%s,"version":%d,"n":%d,"submit":true}`, answers,
		cur.Sheet.Version, cur.Sheet.N), 200)
}

// verifyState reads a certificate's public page as JSON.
func (w *permWorld) verifyState(t *testing.T, code string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", w.srv.URL+"/verify/"+url.PathEscape(code), nil)
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a struct{ Result, State string }
	json.NewDecoder(resp.Body).Decode(&a)
	return a.Result + " " + a.State
}

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
			return w.expect(t, who, method, path, body, want)
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

		submit := func(who string, stars int) {
			t.Helper()
			w.submitSheet(t, who, sheet, stars)
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
			if got := w.verifyState(t, cert.Code); got != "found "+want {
				t.Errorf("verify: %s, want %s", got, want)
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

// toMinister walks dossierIn from Sơn La's council (90 points or more)
// through the letter, the Ministry's round and a central council whose
// members rank it centralStars, to the Minister's decision.
func toMinister(t *testing.T, db *store.DB, centralStars int) (w *permWorld, mround string, dec ocop.Decision) {
	t.Helper()
	w, mround = toMinistryRound(t, db)
	scoreCentral(t, w, mround, centralStars)
	ministry := w.sessions[ocop.RoleMinistry]
	w.expect(t, w.sessions[ocop.RoleProvince], "POST", "/api/v1/rounds/"+mround+"/decision", `{}`, http.StatusNotFound)
	json.Unmarshal([]byte(w.expect(t, ministry, "POST", "/api/v1/rounds/"+mround+"/decision",
		`{"number":"1789/QĐ-BNNMT","decision_date":"20/11/2026","signer":"Bộ trưởng Bộ Nông nghiệp và Môi trường"}`, 201)), &dec)
	return w, mround, dec
}

// toMinistryRound walks dossierIn from Sơn La's council (90 points or
// more) through the letter into a Ministry round of 2027.
func toMinistryRound(t *testing.T, db *store.DB) (w *permWorld, mround string) {
	t.Helper()
	var dec ocop.Decision
	w = permSetup(t, db)
	w.acceptIn(t)
	office, chair, ministry := w.sessions[ocop.RoleProvince], w.sessions[ocop.RoleCouncil], w.sessions[ocop.RoleMinistry]
	round, dossier := fmt.Sprint(w.roundIn), fmt.Sprint(w.dossierIn)
	w.expect(t, office, "POST", fmt.Sprintf("/api/v1/rounds/%s/councils/council/members/%d/presence", round,
		w.users[ocop.RoleCouncil].ID), `{"present":true}`, 200)
	council := "/api/v1/council/rounds/" + round
	w.expect(t, chair, "POST", council+"/open", "", 200)
	w.submitSheet(t, chair, council+"/dossiers/"+dossier+"/sheet", 5)
	w.expect(t, chair, "POST", council+"/close", "", 200)
	json.Unmarshal([]byte(w.expect(t, office, "POST", "/api/v1/rounds/"+round+"/decision",
		`{"number":"900/QĐ-UBND","decision_date":"10/11/2026","signer":"Chủ tịch UBND tỉnh Sơn La"}`, 201)), &dec)
	if len(dec.Outcomes) != 1 || dec.Outcomes[0].Outcome != ocop.OutcomeMinistry || dec.Outcomes[0].Certificate != nil {
		t.Fatalf("provincial decision on 90+: %+v", dec.Outcomes)
	}

	letter := "/api/v1/dossiers/" + dossier + "/ministry-proposal"
	w.expect(t, ministry, "POST", letter, `{}`, http.StatusForbidden)
	w.expect(t, office, "POST", letter, `{"letter_no":"","letter_date":"12/11/2026","signer":"Phó Chủ tịch"}`, 422)
	w.expect(t, office, "POST", letter, `{"letter_no":"3456/UBND-KT","letter_date":"12/11/2026","signer":"Phó Chủ tịch"}`, 201)
	w.expect(t, office, "POST", letter, `{"letter_no":"3457/UBND-KT","letter_date":"13/11/2026","signer":"Phó Chủ tịch"}`, 409)
	if b := w.expect(t, ministry, "GET", letter, "", 200); !strings.Contains(b, "3456/UBND-KT") {
		t.Errorf("the Ministry reads the letter: %s", b)
	}

	// The fixture's open Ministry round holds the dossier: out, and
	// into the round the letter's date belongs to.
	old := fmt.Sprint(w.roundMinistry)
	w.expect(t, office, "GET", "/api/v1/rounds/"+old, "", http.StatusNotFound)
	w.expect(t, ministry, "GET", "/api/v1/rounds/"+round, "", http.StatusNotFound)
	w.expect(t, ministry, "POST", "/api/v1/rounds/"+old+"/dossiers/"+dossier+"/delete", "", 200)
	var mr ocop.EvalRound
	json.Unmarshal([]byte(w.expect(t, ministry, "POST", "/api/v1/rounds", `{"year":2027,"number":2,"kind":"regular"}`, 201)), &mr)
	if mr.Level != ocop.RoundMinistry || mr.ForwardedFrom != "2026-07-31" || mr.DecideBy != "2027-03-30" {
		t.Fatalf("Ministry round: %+v", mr)
	}
	mround = fmt.Sprint(mr.ID)
	w.expect(t, ministry, "POST", "/api/v1/rounds/"+mround+"/dossiers", `{"dossier_id":`+dossier+`}`, 200)
	return w, mround
}

// scoreCentral seats a central council on the Ministry round, whose two
// members rank dossierIn at stars; the chair closes scoring.
func scoreCentral(t *testing.T, w *permWorld, mround string, stars int) (chair string) {
	t.Helper()
	ministry, chair := w.sessions[ocop.RoleMinistry], w.sessions[ocop.RoleCouncil]
	members := "/api/v1/rounds/" + mround + "/councils/council/members"
	w.expect(t, ministry, "POST", "/api/v1/rounds/"+mround+"/councils/council", `{"decision_no":"512/QĐ-BNNMT",
		"decision_date":"15/11/2026","signer":"Thứ trưởng","quorum_percent":50,"require_chair":true,"tolerance":10}`, 200)
	w.expect(t, ministry, "POST", members, fmt.Sprintf(`{"user_id":%d,"position":"chair","department":"nnmt"}`,
		w.users[ocop.RoleCouncil].ID), 422) // a provincial member
	w.expect(t, chair, "GET", "/api/v1/council/rounds/"+mround, "", http.StatusNotFound)
	return w.seatAndScore(t, ministry, mround, "tw", ocop.Country, stars)
}

// seatAndScore has office seat a council of two new members (prefix.chutich,
// prefix.uyvien) in scope for an existing council of round, both present;
// they score dossierIn at stars and the chair, whose session it returns,
// closes scoring.
func (w *permWorld) seatAndScore(t *testing.T, office, round, prefix string, scope ocop.Scope, stars int) string {
	t.Helper()
	members := "/api/v1/rounds/" + round + "/councils/council/members"
	cchair, cchairS := w.extraUser(t, prefix+".chutich", ocop.RoleCouncil, scope)
	cm2, cm2S := w.extraUser(t, prefix+".uyvien", ocop.RoleCouncil, scope)
	for i, m := range []*ocop.User{cchair, cm2} {
		w.expect(t, office, "POST", members, fmt.Sprintf(`{"user_id":%d,"position":%q,"department":"congthuong"}`,
			m.ID, []string{"chair", "member"}[i]), 200)
		w.expect(t, office, "POST", fmt.Sprintf("%s/%d/presence", members, m.ID), `{"present":true}`, 200)
	}
	council := "/api/v1/council/rounds/" + round
	w.expect(t, cchairS, "POST", council+"/open", "", 200)
	for _, who := range []string{cchairS, cm2S} {
		w.submitSheet(t, who, council+"/dossiers/"+fmt.Sprint(w.dossierIn)+"/sheet", stars)
	}
	w.expect(t, cchairS, "POST", council+"/close", "", 200)
	return cchairS
}

// The 5★ level through the API: Sơn La's council rates the dossier 90
// points or more, the Chairman's decision sends it to the Ministry, the
// office writes its letter; the Ministry's office opens its round, seats a
// central council whose members score, and records the Minister's 5★
// decision, whose certificate answers valid on /verify/{code}. Sơn La's
// office can neither run the Ministry's round nor the Ministry Sơn La's.
func TestFiveStarWalkthroughAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w, _, dec := toMinister(t, db, 5)
		dossier := fmt.Sprint(w.dossierIn)
		if len(dec.Outcomes) != 1 || dec.Outcomes[0].Certificate == nil || dec.Outcomes[0].Certificate.Stars != 5 ||
			dec.Outcomes[0].Certificate.Level != ocop.RoundMinistry {
			t.Fatalf("the Minister's decision: %+v", dec.Outcomes)
		}
		if got := w.verifyState(t, dec.Outcomes[0].Certificate.Code); got != "found "+ocop.CertStateValid {
			t.Errorf("verify the 5★ certificate: %s", got)
		}
		if b := w.expect(t, w.sessions[ocop.RoleProducer], "GET", "/api/v1/dossiers/"+dossier, "", 200); !strings.Contains(b, `"status":"decided"`) {
			t.Errorf("the producer's dossier after 5★: %.200s", b)
		}
	})
}

// Below 5★ at the Ministry, Sơn La's office reads the central result on
// its page and records the Chairman's 4★ decision there: a missing number
// comes back next to its field with what was typed, then the certificate
// is issued and answers valid on /verify.
func TestCentralResultPage(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w, mround, dec := toMinister(t, db, 4)
		if len(dec.Outcomes) != 1 || dec.Outcomes[0].Outcome != ocop.OutcomeProvince || dec.Outcomes[0].Certificate != nil {
			t.Fatalf("the Minister's decision below 5★: %+v", dec.Outcomes)
		}
		office := w.sessions[ocop.RoleProvince]
		page := "/ket-qua-trung-uong/" + mround
		if b := w.expect(t, office, "GET", "/dot-danh-gia", "", 200); !strings.Contains(b, page) {
			t.Error("the rounds page does not link the central result")
		}
		if b := w.expect(t, office, "GET", page, "", 200); !strings.Contains(b, "Công nhận 4 sao, cấp giấy chứng nhận") {
			t.Errorf("central result page: %.300s", b)
		}
		st, b := w.send(t, office, "POST", page+"/quyet-dinh",
			url.Values{"number": {""}, "decision_date": {"22/11/2026"}, "signer": {"Chủ tịch UBND tỉnh Sơn La"}}.Encode())
		if st != http.StatusUnprocessableEntity || !strings.Contains(b, `value="Chủ tịch UBND tỉnh Sơn La"`) || !strings.Contains(b, "Vui lòng nhập") {
			t.Errorf("decision without number: %d", st)
		}
		st, _ = w.send(t, office, "POST", page+"/quyet-dinh",
			url.Values{"number": {"1001/QĐ-UBND"}, "decision_date": {"22/11/2026"}, "signer": {"Chủ tịch UBND tỉnh Sơn La"}}.Encode())
		if st != http.StatusSeeOther {
			t.Fatalf("decision: %d", st)
		}
		var cr struct {
			Decision *ocop.Decision `json:"decision"`
		}
		json.Unmarshal([]byte(w.expect(t, office, "GET", "/api/v1/central-results/"+mround, "", 200)), &cr)
		if cr.Decision == nil || len(cr.Decision.Outcomes) != 1 || cr.Decision.Outcomes[0].Certificate == nil ||
			cr.Decision.Outcomes[0].Certificate.Stars != 4 {
			t.Fatalf("central result after the decision: %+v", cr.Decision)
		}
		code := cr.Decision.Outcomes[0].Certificate.Code
		if b := w.expect(t, office, "GET", page, "", 200); !strings.Contains(b, "/verify/"+code) {
			t.Error("the page lacks the certificate's verify link")
		}
		if got := w.verifyState(t, code); got != "found "+ocop.CertStateValid {
			t.Errorf("verify the 4★ certificate: %s", got)
		}
	})
}
