package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// The Ministry's request for additions through the API and the pages:
// the Ministry's letter (a bad one comes back next to its fields), the
// province passes it to the producer, who edits and refiles with the
// province; the province's new letter puts the dossier back in the
// Ministry round, whose council scores it. Hà Nội's office gets 404 at
// each step.
func TestMinistryAdditionsAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w, mround := toMinistryRound(t, db)
		office, ministry, producer := w.sessions[ocop.RoleProvince], w.sessions[ocop.RoleMinistry], w.sessions[ocop.RoleProducer]
		_, hanoi := w.extraUser(t, "so.hanoi.bs", ocop.RoleProvince, ocop.ProvinceScope(permOtherProvince))
		dossier := fmt.Sprint(w.dossierIn)
		d, _ := db.DossierByID(ctx, w.dossierIn)

		review := fmt.Sprintf("/dot-danh-gia/%s/ho-so/%s/tu-van", mround, dossier)
		if b := w.expect(t, ministry, "GET", review, "", 200); !strings.Contains(b, "yeu-cau-bo-sung") {
			t.Errorf("the Ministry round's dossier view lacks the request form")
		}
		st, b := w.send(t, ministry, "POST", fmt.Sprintf("/dot-danh-gia/%s/ho-so/%s/yeu-cau-bo-sung", mround, dossier),
			url.Values{"version": {fmt.Sprint(d.Version)}, "letter_no": {"812/BNNMT"}, "content": {"Tiêu chí 9: phiếu kiểm nghiệm"},
				"working_days": {"0"}}.Encode())
		if st != http.StatusUnprocessableEntity || !strings.Contains(b, `value="812/BNNMT"`) ||
			!strings.Contains(b, "Thời hạn bổ sung phải từ 1 đến 60 ngày làm việc") {
			t.Errorf("a letter without date and deadline: %d", st)
		}
		api := "/api/v1/rounds/" + mround + "/dossiers/" + dossier + "/ministry-additions"
		letter := fmt.Sprintf(`{"letter_no":"812/BNNMT-VPĐP","letter_date":"16/11/2026","content":"Tiêu chí 9: bổ sung phiếu kiểm nghiệm.","working_days":10,"version":%d}`, d.Version)
		w.expect(t, office, "POST", api, letter, http.StatusNotFound)
		var a ocop.MinistryAdditions
		json.Unmarshal([]byte(w.expect(t, ministry, "POST", api, letter, 201)), &a)
		if a.DueOn != "2026-11-30" || a.Status != ocop.AdditionsOpen {
			t.Errorf("request: %+v", a)
		}
		w.expect(t, ministry, "POST", api, letter, http.StatusConflict)
		if b := w.expect(t, office, "GET", "/tong-quan", "", 200); !strings.Contains(b, "/ho-so/"+dossier+`"`) ||
			!strings.Contains(b, "chuyển yêu cầu bổ sung của Bộ cho chủ thể") || !strings.Contains(b, "30/11/2026") {
			t.Error("the province's dashboard does not track the request")
		}
		if b := w.expect(t, hanoi, "GET", "/tong-quan", "", 200); strings.Contains(b, "/ho-so/"+dossier+`"`) {
			t.Error("Hà Nội's dashboard tracks Sơn La's dossier")
		}

		list := "/api/v1/dossiers/" + dossier + "/ministry-additions"
		w.expect(t, hanoi, "GET", list, "", http.StatusNotFound)
		if b := w.expect(t, office, "GET", list, "", 200); !strings.Contains(b, `"status":"open"`) {
			t.Errorf("the province reads the request: %.300s", b)
		}
		d, _ = db.DossierByID(ctx, w.dossierIn)
		pass := list + "/pass"
		w.expect(t, hanoi, "POST", pass, fmt.Sprintf(`{"version":%d}`, d.Version), http.StatusNotFound)
		page := "/ho-so/" + dossier
		if b := w.expect(t, office, "GET", page, "", 200); !strings.Contains(b, "/ho-so/"+dossier+"/chuyen-bo-sung") {
			t.Error("the dossier page offers the province no way to pass the request")
		}
		if st, _ := w.send(t, office, "POST", page+"/chuyen-bo-sung", url.Values{"version": {fmt.Sprint(d.Version)}}.Encode()); st != http.StatusSeeOther {
			t.Fatalf("pass from the page: %d", st)
		}
		w.expect(t, office, "POST", pass, fmt.Sprintf(`{"version":%d}`, d.Version+1), http.StatusConflict)
		if b := w.expect(t, producer, "GET", page, "", 200); !strings.Contains(b, "Tiêu chí 9: bổ sung phiếu kiểm nghiệm.") ||
			!strings.Contains(b, "30/11/2026") {
			t.Error("the producer's page does not say what to add and by when")
		}
		if b := w.expect(t, producer, "GET", "/tong-quan", "", 200); !strings.Contains(b, "Bộ yêu cầu bổ sung") ||
			!strings.Contains(b, "Tiêu chí 9: bổ sung phiếu kiểm nghiệm.") || !strings.Contains(b, "30/11/2026") {
			t.Error("the producer's dashboard does not show the request")
		}

		// The producer refiles; the dossier goes to the province.
		d, _ = db.DossierByID(ctx, w.dossierIn)
		completeIn(t, w, d)
		d, _ = db.DossierByID(ctx, w.dossierIn)
		w.expect(t, producer, "POST", "/api/v1/dossiers/"+dossier+"/submit", fmt.Sprintf(`{"version":%d}`, d.Version), 200)
		if d, _ = db.DossierByID(ctx, w.dossierIn); d.Status != ocop.DossierAdditions {
			t.Fatalf("refiled dossier is %s", d.Status)
		}
		proposal := "/api/v1/dossiers/" + dossier + "/ministry-proposal"
		second := `{"letter_no":"4001/UBND-KT","letter_date":"20/11/2026","signer":"Phó Chủ tịch"}`
		w.expect(t, hanoi, "POST", proposal, second, http.StatusNotFound)
		w.expect(t, office, "POST", proposal, second, 201)
		if b := w.expect(t, ministry, "GET", "/api/v1/dossiers/"+dossier+"/ministry-proposals", "", 200); !strings.Contains(b, "3456/UBND-KT") ||
			!strings.Contains(b, "4001/UBND-KT") || !strings.Contains(b, `"total":2`) {
			t.Errorf("both letters: %.400s", b)
		}
		if b := w.expect(t, ministry, "GET", page, "", 200); !strings.Contains(b, "Bộ yêu cầu UBND cấp tỉnh bổ sung hồ sơ") ||
			!strings.Contains(b, "Cấp tỉnh chuyển yêu cầu bổ sung của Bộ cho chủ thể") {
			t.Error("the timeline lacks the additions' steps")
		}
		scoreCentral(t, w, mround, 5)
		w.expect(t, ministry, "POST", "/api/v1/rounds/"+mround+"/decision",
			`{"number":"1790/QĐ-BNNMT","decision_date":"22/11/2026","signer":"Bộ trưởng"}`, 201)
	})
}

// A central dossier a new provincial round rates 90+ again: the
// province's office gets the letter form on the dossier page and a second
// numbered letter through the API, once.
func TestCentralDossierProposedAgainAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w, mround := toMinistryRound(t, db)
		office, ministry := w.sessions[ocop.RoleProvince], w.sessions[ocop.RoleMinistry]
		dossier := fmt.Sprint(w.dossierIn)
		scoreCentral(t, w, mround, 4)
		w.expect(t, ministry, "POST", "/api/v1/rounds/"+mround+"/decision",
			`{"number":"1791/QĐ-BNNMT","decision_date":"20/11/2026","signer":"Bộ trưởng"}`, 201)
		var again ocop.EvalRound
		json.Unmarshal([]byte(w.expect(t, office, "POST", "/api/v1/rounds", `{"year":2027,"number":1,"kind":"regular"}`, 201)), &again)
		round := fmt.Sprint(again.ID)
		w.expect(t, office, "POST", "/api/v1/rounds/"+round+"/dossiers", `{"dossier_id":`+dossier+`}`, 200)
		w.expect(t, office, "POST", "/api/v1/rounds/"+round+"/councils/council", `{"decision_no":"77/QĐ-UBND",
			"decision_date":"21/11/2026","signer":"Chủ tịch","quorum_percent":50,"require_chair":true,"tolerance":10}`, 200)
		w.seatAndScore(t, office, round, "sl2", ocop.ProvinceScope(permProvince), 5)
		w.expect(t, office, "POST", "/api/v1/rounds/"+round+"/decision",
			`{"number":"1101/QĐ-UBND","decision_date":"22/11/2026","signer":"Chủ tịch UBND tỉnh"}`, 201)

		page := "/ho-so/" + dossier
		if b := w.expect(t, office, "GET", page, "", 200); !strings.Contains(b, page+"/de-nghi-bo") {
			t.Error("the dossier page offers no new letter")
		}
		letter := "/api/v1/dossiers/" + dossier + "/ministry-proposal"
		var p ocop.MinistryProposal
		json.Unmarshal([]byte(w.expect(t, office, "POST", letter,
			`{"letter_no":"130/UBND-KT","letter_date":"22/11/2026","signer":"Phó Chủ tịch"}`, 201)), &p)
		if p.N != 2 {
			t.Errorf("second letter: %+v", p)
		}
		w.expect(t, office, "POST", letter, `{"letter_no":"131/UBND-KT","letter_date":"22/11/2026","signer":"Phó Chủ tịch"}`, 409)
		if b := w.expect(t, office, "GET", page, "", 200); strings.Contains(b, page+"/de-nghi-bo") {
			t.Error("the dossier page offers a third letter")
		}
	})
}

// completeIn has the producer complete dossierIn handed back: every
// criterion at its lowest (evidence where it scores), the business
// registration and Mẫu 02.
func completeIn(t *testing.T, w *permWorld, d *ocop.Dossier) {
	t.Helper()
	ctx, u := context.Background(), w.users[ocop.RoleProducer]
	card, err := rulebook.CardOf(d.Decision, d.Card)
	if err != nil {
		t.Fatal(err)
	}
	sheet := rulebook.Sheet{Answers: map[string]float64{}}
	for _, cr := range card.Criteria() {
		if cr.YesNo {
			sheet.Answers[cr.Code] = 0
		} else {
			sheet.Answers[cr.Code] = cr.Choices()[0].Points
		}
	}
	if d, err = w.svc.SaveSheet(ctx, u, d.ID, d.Version, sheet); err != nil {
		t.Fatal(err)
	}
	for c, pts := range sheet.Answers {
		if pts > 0 {
			if _, err := w.svc.AddEvidence(ctx, u, d.ID, c, "bo-sung.pdf", bytes.NewReader(permPDF)); err != nil {
				t.Fatal(err)
			}
		}
	}
	next := time.Now().AddDate(1, 0, 0).Format("02/01/2006")
	for _, kind := range []string{"dang_ky_kinh_doanh", "attp"} {
		if _, err := w.svc.UploadDocument(ctx, u, d.ProducerID, service.DocumentInput{Kind: kind, Title: kind, ExpiresOn: next,
			FileName: kind + ".pdf"}, bytes.NewReader(permPDF)); err != nil {
			t.Fatal(err)
		}
	}
	report := ocop.SelfReport{History: "Thành lập năm 2018", RawMaterial: "20 ha", Market: "Hà Nội", PlanGoals: "Đạt 5 sao",
		Results: []ocop.YearResult{{Year: 2025, Output: "5 tấn", Revenue: 1_250_000_000, Profit: 50_000}}}
	if d, err = w.svc.SaveSelfReport(ctx, u, d.ID, d.Version, report); err != nil {
		t.Fatal(err)
	}
	if missing, _ := w.svc.Missing(ctx, d); len(missing) > 0 {
		t.Fatalf("still missing: %v", missing)
	}
}

// The Ministry's office reads the provincial round's papers of the
// dossier proposed to it, linked from its round's view; the summary and
// minutes are PDFs with the product, the score sheet of the provincial
// chair too; the other province's dossier stays not found.
func TestMinistryReadsProvincialPDFs(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w, mround := toMinistryRound(t, db)
		ministry, office := w.sessions[ocop.RoleMinistry], w.sessions[ocop.RoleProvince]
		round, dossier := fmt.Sprint(w.roundIn), fmt.Sprint(w.dossierIn)
		base := "/dot-danh-gia/" + round
		b := w.expect(t, ministry, "GET", fmt.Sprintf("/dot-danh-gia/%s/ho-so/%s/tu-van", mround, dossier), "", 200)
		for _, link := range []string{base + "/tong-hop.pdf", base + "/bien-ban.pdf", base + "/ho-so/" + dossier + "/tu-van"} {
			if !strings.Contains(b, link) {
				t.Errorf("the Ministry's view lacks %s", link)
			}
		}
		var papers struct {
			Papers struct {
				Sheets []struct{ URL string } `json:"sheets"`
			} `json:"papers"`
		}
		json.Unmarshal([]byte(w.expect(t, ministry, "GET", "/api/v1/dossiers/"+dossier+"/provincial-papers", "", 200)), &papers)
		if len(papers.Papers.Sheets) == 0 {
			t.Fatal("no score sheets among the papers")
		}
		prod, err := w.svc.Product(context.Background(), w.users[ocop.RoleProvince], w.productIn)
		if err != nil {
			t.Fatal(err)
		}
		product := prod.Name
		for _, path := range []string{base + "/tong-hop.pdf", base + "/bien-ban.pdf", papers.Papers.Sheets[0].URL} {
			st, pdf := w.send(t, ministry, "GET", path, "")
			if st != 200 {
				t.Fatalf("%s: %d", path, st)
			}
			if text, ok := testutil.PDFText(t, []byte(pdf)); ok && !strings.Contains(text, product) {
				t.Errorf("%s lacks the product %q:\n%.300s", path, product, text)
			}
		}
		w.expect(t, ministry, "GET", base+"/ho-so/"+dossier+"/tu-van", "", 200)
		w.expect(t, ministry, "POST", base+"/cuoc-hop", "", http.StatusNotFound) // read-only
		// Hà Nội's round holds no proposed dossier: nothing to read there.
		w.expect(t, ministry, "GET", fmt.Sprintf("/dot-danh-gia/%d/tong-hop.pdf", w.roundOut), "", http.StatusNotFound)
		w.expect(t, ministry, "GET", fmt.Sprintf("/dot-danh-gia/%d/ho-so/%d/phieu/%d", w.roundIn, w.dossierOut,
			w.users[ocop.RoleCouncil].ID), "", http.StatusNotFound)
		w.expect(t, office, "GET", "/api/v1/dossiers/"+dossier+"/provincial-papers", "", 200)
	})
}

// The Ministry's council and advisory members find the provincial papers
// of a Ministry round's dossier on the pages they use for it, under their
// own routes, and the links open; a provincial round's pages have none.
func TestMembersLinkProvincialPapers(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w, mround := toMinistryRound(t, db)
		ministry := w.sessions[ocop.RoleMinistry]
		round, dossier := fmt.Sprint(w.roundIn), fmt.Sprint(w.dossierIn)
		adv, advS := w.extraUser(t, "tw.tuvan", ocop.RoleAdvisory, ocop.Country)
		w.expect(t, ministry, "POST", "/api/v1/rounds/"+mround+"/councils/advisory", `{"decision_no":"513/QĐ-BNNMT",
			"decision_date":"15/11/2026","signer":"Thứ trưởng","quorum_percent":50,"tolerance":10}`, 200)
		w.expect(t, ministry, "POST", "/api/v1/rounds/"+mround+"/councils/advisory/members",
			fmt.Sprintf(`{"user_id":%d,"position":"chair","department":"nnmt"}`, adv.ID), 200)
		chairS := scoreCentral(t, w, mround, 5)
		pages := map[string]string{
			advS:   fmt.Sprintf("/tu-van/%s/ho-so/%s", mround, dossier),
			chairS: fmt.Sprintf("/dot-danh-gia/%s/ho-so/%s/cham-diem", mround, dossier)}
		for who, page := range pages {
			b := w.expect(t, who, "GET", page, "", 200)
			base := "/hoi-dong/" + round
			if who == advS {
				base = "/tu-van/" + round
			}
			sheet := fmt.Sprintf("%s/ho-so/%s/phieu/%d", base, dossier, w.users[ocop.RoleCouncil].ID)
			for _, link := range []string{base + "/tong-hop.pdf", base + "/tong-hop.xlsx", base + "/bien-ban.pdf", sheet} {
				if !strings.Contains(b, `href="`+link+`"`) {
					t.Errorf("%s lacks %s", page, link)
					continue
				}
				w.expect(t, who, "GET", link, "", 200)
			}
			if strings.Contains(b, "/dot-danh-gia/"+round+"/") {
				t.Errorf("%s links the office's routes", page)
			}
		}
		// A provincial round's dossier: the same pages link no papers.
		for who, page := range map[string]string{w.sessions[ocop.RoleAdvisory]: "/tu-van/" + round + "/ho-so/" + dossier,
			w.sessions[ocop.RoleCouncil]: "/dot-danh-gia/" + round + "/ho-so/" + dossier + "/cham-diem"} {
			if b := w.expect(t, who, "GET", page, "", 200); strings.Contains(b, `id="cap-tinh"`) {
				t.Errorf("%s links provincial papers", page)
			}
		}
		// Another round's papers stay closed to the Ministry's advisory member.
		w.expect(t, advS, "GET", fmt.Sprintf("/tu-van/%d/tong-hop.pdf", w.roundOut), "", http.StatusNotFound)
	})
}
