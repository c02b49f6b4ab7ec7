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
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// sendUpload posts a multipart form with a session cookie.
func (w *permWorld) sendUpload(t *testing.T, session, path string, fields map[string]string, name string, data []byte) (int, string) {
	t.Helper()
	b, ct := multipartBody(fields, name, data)
	req, _ := http.NewRequest("POST", w.srv.URL+path, b)
	req.Header.Set("Content-Type", ct)
	req.AddCookie(&http.Cookie{Name: "ocop_session", Value: session})
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// acceptIn takes the fixture's dossier (returned to its producer) into
// evaluation, as a dossier of a round is: one sent back cannot be scored.
func (w *permWorld) acceptIn(t *testing.T) *ocop.Dossier {
	t.Helper()
	ctx := context.Background()
	d, err := w.svc.DB.DossierByID(ctx, w.dossierIn)
	if err != nil {
		t.Fatal(err)
	}
	next := *d
	next.Status = ocop.DossierAccepted
	if err := w.svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error { return tx.UpdateDossier(ctx, d, &next, "dossier.accept") }); err != nil {
		t.Fatal(err)
	}
	return &next
}

// The advisory team reviews a dossier through the forms: notes, a site
// visit with a photo, a verdict, the lead's report; the office reads it
// and sends the dossier back for additions; the council sees the report
// on its score sheet; another province and an unseated member see nothing.
func TestAdvisoryThroughWeb(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := permSetup(t, db)
		lead, office, chair := w.sessions[ocop.RoleAdvisory], w.sessions[ocop.RoleProvince], w.sessions[ocop.RoleCouncil]
		_, outsider := w.extraUser(t, "ttv.ngoai", ocop.RoleAdvisory, ocop.ProvinceScope(permProvince))
		_, hanoi := w.extraUser(t, "so.hanoi", ocop.RoleProvince, ocop.ProvinceScope(permOtherProvince))
		base := fmt.Sprintf("/tu-van/%d/ho-so/%d", w.roundIn, w.dossierIn)
		officeBase := fmt.Sprintf("/dot-danh-gia/%d/ho-so/%d", w.roundIn, w.dossierIn)

		if st, body := w.send(t, lead, "GET", "/tu-van", ""); st != 200 || !strings.Contains(body, fmt.Sprintf("/tu-van/%d", w.roundIn)) {
			t.Fatalf("advisory home: %d", st)
		}
		if st, body := w.send(t, lead, "POST", base+"/ghi-chu", "body=+"); st != http.StatusUnprocessableEntity || !strings.Contains(body, "Vui lòng") && !strings.Contains(body, "bắt buộc") {
			t.Errorf("empty note: %d", st)
		}
		if st, _ := w.send(t, lead, "POST", base+"/ghi-chu", url.Values{"body": {"Thiếu phiếu kiểm nghiệm vi sinh."}}.Encode()); st != http.StatusSeeOther {
			t.Fatalf("note: %d", st)
		}
		visit := url.Values{"visit_date": {"10/03/2026"}, "place": {"Bản Tà Xùa"}, "participants": {"Tổ tư vấn"}, "findings": {"Kho chưa tách khu."}}
		if st, _ := w.send(t, lead, "POST", base+"/khao-sat", visit.Encode()); st != http.StatusSeeOther {
			t.Fatalf("visit: %d", st)
		}
		_, _, rv, err := w.svc.AdvisoryReview(ctx, w.users[ocop.RoleAdvisory], w.roundIn, w.dossierIn)
		if err != nil || len(rv.Visits) != 1 {
			t.Fatalf("review: %+v %v", rv, err)
		}
		vid := fmt.Sprint(rv.Visits[0].ID)
		if st, body := w.sendUpload(t, lead, base+"/khao-sat/anh", map[string]string{"visit_id": vid}, "bienban.pdf", permPDF); st != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "Ảnh phải là tệp JPEG, PNG hoặc WebP.") {
			t.Errorf("pdf as a visit photo: %d", st)
		}
		if st, _ := w.sendUpload(t, lead, base+"/khao-sat/anh", map[string]string{"visit_id": vid}, "kho.jpg", permJPEG); st != http.StatusSeeOther {
			t.Fatalf("visit photo: %d", st)
		}
		_, _, rv, _ = w.svc.AdvisoryReview(ctx, w.users[ocop.RoleAdvisory], w.roundIn, w.dossierIn)
		photo := fmt.Sprintf("?anh=%d", rv.Visits[0].Photos[0].ID)
		if st, _ := w.send(t, lead, "POST", base+"/ket-luan", url.Values{"verdict": {"needs_more"}, "reasons": {"Bổ sung phiếu kiểm nghiệm vi sinh."}, "version": {"0"}}.Encode()); st != http.StatusSeeOther {
			t.Fatalf("verdict: %d", st)
		}

		// Nothing for an unseated advisory member or another province.
		for _, c := range []struct{ session, path string }{{outsider, base}, {outsider, base + "/tep" + photo},
			{hanoi, officeBase + "/tu-van"}, {hanoi, officeBase + "/tu-van/tep" + photo}} {
			if st, _ := w.send(t, c.session, "GET", c.path, ""); st != http.StatusNotFound {
				t.Errorf("GET %s by an outsider: %d, want 404", c.path, st)
			}
		}
		if st, _ := w.send(t, outsider, "POST", base+"/ghi-chu", "body=x"); st != http.StatusNotFound {
			t.Errorf("unseated member notes: %d", st)
		}

		// The council does not read it before the report, then does.
		sheet := officeBase + "/cham-diem"
		if st, body := w.send(t, chair, "GET", sheet, ""); st != 200 || !strings.Contains(body, "Tổ tư vấn chưa gửi báo cáo") {
			t.Errorf("score sheet before the report: %d", st)
		}
		if st, _ := w.send(t, chair, "GET", fmt.Sprintf("/hoi-dong/%d/ho-so/%d/tu-van/tep%s", w.roundIn, w.dossierIn, photo), ""); st != http.StatusNotFound {
			t.Errorf("council reads a photo before the report: %d", st)
		}
		if st, _ := w.send(t, lead, "POST", fmt.Sprintf("/tu-van/%d/bao-cao", w.roundIn), "summary=T%E1%BB%95+%C4%91%C3%A3+r%C3%A0+so%C3%A1t."); st != http.StatusSeeOther {
			t.Fatalf("report: %d", st)
		}
		if st, body := w.send(t, chair, "GET", sheet, ""); st != 200 || !strings.Contains(body, "Bổ sung phiếu kiểm nghiệm vi sinh.") ||
			!strings.Contains(body, "Thiếu phiếu kiểm nghiệm vi sinh.") || !strings.Contains(body, "kho.jpg") {
			t.Errorf("score sheet after the report does not show it: %d", st)
		}
		if st, _ := w.send(t, chair, "GET", fmt.Sprintf("/hoi-dong/%d/ho-so/%d/tu-van/tep%s", w.roundIn, w.dossierIn, photo), ""); st != 200 {
			t.Errorf("council reads the photo: %d", st)
		}
		if st, _ := w.send(t, lead, "POST", base+"/ghi-chu", "body=sau"); st != http.StatusConflict {
			t.Errorf("note after the report: %d, want 409", st)
		}

		// The office reads the review and asks for additions.
		if st, body := w.send(t, office, "GET", officeBase+"/tu-van", ""); st != 200 || !strings.Contains(body, "kho.jpg") {
			t.Errorf("office review page: %d", st)
		}
		d := w.acceptIn(t)
		if st, _ := w.send(t, hanoi, "POST", officeBase+"/bo-sung", url.Values{"version": {fmt.Sprint(d.Version)}, "reason": {"x"}}.Encode()); st != http.StatusNotFound {
			t.Errorf("Hà Nội asks for additions: %d", st)
		}
		if st, _ := w.send(t, office, "POST", officeBase+"/bo-sung", url.Values{"version": {fmt.Sprint(d.Version)}, "reason": {"Bổ sung phiếu kiểm nghiệm vi sinh."}}.Encode()); st != http.StatusSeeOther {
			t.Fatalf("additions: %d", st)
		}
		if d, _ := db.DossierByID(ctx, w.dossierIn); d.Status != ocop.DossierCompletion {
			t.Errorf("dossier status %s", d.Status)
		}
		if st, body := w.send(t, office, "GET", fmt.Sprintf("/dot-danh-gia/%d", w.roundIn), ""); st != 200 || !strings.Contains(body, "Chờ bổ sung") {
			t.Errorf("round page does not show the dossier awaiting additions: %d", st)
		}

		// The API gives the same review.
		st, body := w.send(t, office, "GET", fmt.Sprintf("/api/v1/rounds/%d/dossiers/%d/review", w.roundIn, w.dossierIn), "")
		var got struct {
			Review struct {
				Notes   []ocop.AdvisoryNote  `json:"notes"`
				Verdict ocop.AdvisoryVerdict `json:"verdict"`
			} `json:"review"`
		}
		if st != 200 || json.Unmarshal([]byte(body), &got) != nil || len(got.Review.Notes) != 1 || got.Review.Verdict.Verdict != ocop.VerdictNeedsMore {
			t.Errorf("API review: %d %s", st, body)
		}
	})
}

// The team's review through the JSON API: a note, a visit with a photo,
// a lab request and its result file, a verdict; bad input is refused.
func TestAdvisoryAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w := permSetup(t, db)
		lead := w.sessions[ocop.RoleAdvisory]
		base := fmt.Sprintf("/api/v1/advisory/rounds/%d/dossiers/%d", w.roundIn, w.dossierIn)
		post := func(path, body string, want int) string {
			t.Helper()
			st, out := w.send(t, lead, "POST", base+path, body)
			if st != want {
				t.Errorf("POST %s: %d %s, want %d", path, st, out, want)
			}
			return out
		}
		post("/notes", `{"body":""}`, http.StatusUnprocessableEntity)
		post("/notes", `{"body":"Hồ sơ đủ thành phần."}`, http.StatusCreated)
		post("/visits", `{"visit_date":"2026-13-01","place":"x","participants":"y","findings":"z"}`, http.StatusUnprocessableEntity)
		var visit ocop.SiteVisit
		json.Unmarshal([]byte(post("/visits", `{"visit_date":"10/03/2026","place":"Xưởng","participants":"Tổ","findings":"Đạt"}`, http.StatusCreated)), &visit)
		if st, out := w.sendUpload(t, lead, base+"/visits/photos", map[string]string{"visit_id": fmt.Sprint(visit.ID)}, "x.jpg", permJPEG); st != http.StatusCreated {
			t.Errorf("photo: %d %s", st, out)
		}
		if st, _ := w.sendUpload(t, lead, base+"/visits/photos", map[string]string{"visit_id": "999999"}, "x.jpg", permJPEG); st != http.StatusUnprocessableEntity {
			t.Errorf("photo of an unknown visit: %d", st)
		}
		var lab ocop.LabRequest
		json.Unmarshal([]byte(post("/labs", `{"what":"Kim loại nặng","lab":"Quatest 1","deadline":"30/04/2026"}`, http.StatusCreated)), &lab)
		fields := map[string]string{"lab_id": fmt.Sprint(lab.ID), "version": fmt.Sprint(lab.Version), "result_note": "Đạt"}
		if st, out := w.sendUpload(t, lead, base+"/labs/result", fields, "ketqua.pdf", permPDF); st != http.StatusOK {
			t.Errorf("lab result: %d %s", st, out)
		}
		if st, _ := w.sendUpload(t, lead, base+"/labs/result", fields, "ketqua.pdf", permPDF); st != http.StatusConflict {
			t.Errorf("second lab result: %d", st)
		}
		post("/verdict", `{"verdict":"eligible","version":0}`, http.StatusCreated)
		post("/verdict", `{"verdict":"ineligible","version":0}`, http.StatusConflict)
		st, out := w.send(t, lead, "GET", base, "")
		var rv struct {
			Notes  []any                `json:"notes"`
			Visits []ocop.SiteVisit     `json:"site_visits"`
			Labs   []ocop.LabRequest    `json:"lab_requests"`
			Report *ocop.AdvisoryReport `json:"report"`
		}
		if st != 200 || json.Unmarshal([]byte(out), &rv) != nil || len(rv.Notes) != 1 || len(rv.Visits[0].Photos) != 1 ||
			rv.Labs[0].Status != ocop.LabReceived || rv.Report != nil {
			t.Errorf("review: %d %s", st, out)
		}
		if st, _ := w.send(t, lead, "GET", fmt.Sprintf("%s/file?kiem-nghiem=%d", base, lab.ID), ""); st != 200 {
			t.Errorf("lab result file: %d", st)
		}
		if st, _ := w.send(t, lead, "POST", fmt.Sprintf("/api/v1/advisory/rounds/%d/report", w.roundIn), `{"summary":"Đủ điều kiện."}`); st != http.StatusCreated {
			t.Errorf("report: %d", st)
		}
	})
}
