package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

var tcertLinkRe = regexp.MustCompile(`/tap-huan/\d+/chung-nhan/(\d+)"`)

// A course's post-test through the pages and the API, a paper result,
// completion through the attendance hook, the certificate's PDF and the
// page its QR code opens; forged and unknown codes; revocation.
func TestCourseTestToCertificateThroughWeb(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := permSetup(t, db)
		w.svc.BaseURL = w.srv.URL
		office := w.sessions[ocop.RoleProvince]
		trainee, traineeSession := w.extraUser(t, "hocvien.web", ocop.RoleCommune, ocop.CommuneScope(permProvince, permCommune))
		_, hanoi := w.extraUser(t, "taphuan.hanoi", ocop.RoleProvince, ocop.ProvinceScope(permOtherProvince))
		for i := range 4 {
			q := &ocop.TopicQuestion{TopicCode: "brand", Body: fmt.Sprintf("Câu hỏi thương hiệu %d?", i+1),
				Options: []string{"Sai", "Đúng"}, Correct: 1}
			if err := db.Update(ctx, ocop.System, func(tx *store.Tx) error { return tx.AddTopicQuestion(ctx, q) }); err != nil {
				t.Fatal(err)
			}
		}
		me := &ocop.Enrolment{UserID: trainee.ID, FullName: "Lò Thị Hoa", UnitName: "UBND xã Chiềng Mai"}
		paper := &ocop.Enrolment{FullName: "Cầm Văn Páo", UnitName: "HTX Mận Hậu"}
		seed := service.CourseSeed{Course: &ocop.Course{ProvinceCode: permProvince, Title: "Thương hiệu sản phẩm OCOP",
			Organiser: "Sở Nông nghiệp và Môi trường", Type: ocop.CourseClassroom, StartDate: "2026-09-27",
			EndDate: "2026-09-28", Capacity: 10, Audiences: []ocop.Audience{ocop.AudienceProducer}},
			Trainees: []*ocop.Enrolment{me, paper}}
		for i := range 5 {
			seed.Sessions = append(seed.Sessions, service.SeedSession{Session: &ocop.CourseSession{Date: "2026-09-27",
				StartTime: fmt.Sprintf("%02d:00", 7+2*i), EndTime: fmt.Sprintf("%02d:00", 9+2*i), TopicCode: "brand"}, Lecturer: -1})
		}
		if err := w.svc.BuildCourse(ctx, ocop.System, seed); err != nil {
			t.Fatal(err)
		}
		id := seed.Course.ID
		page := fmt.Sprintf("/tap-huan/%d/kiem-tra", id)
		sessions, err := w.svc.DB.CourseSessions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range []*ocop.Enrolment{me, paper} {
			for _, s := range sessions[:4] { // exactly 80 %
				if _, err := w.svc.MarkAttendance(ctx, w.users[ocop.RoleProvince], s.ID, service.MarkInput{EnrolmentID: e.ID,
					Present: true, Reason: "Điểm danh trên giấy"}); err != nil {
					t.Fatal(err)
				}
			}
		}

		st, body := w.send(t, office, "POST", page, url.Values{"kind": {"post"}, "status": {"open"}, "random": {"9"}}.Encode())
		if st != http.StatusUnprocessableEntity {
			t.Fatalf("9 of 4: %d", st)
		}
		wantIn(t, "too many", html.UnescapeString(body), "Số câu vượt quá", `value="9"`)
		if st, _ := w.send(t, office, "POST", page, url.Values{"kind": {"post"}, "status": {"open"}, "random": {"4"}}.Encode()); st != http.StatusSeeOther {
			t.Fatalf("build: %d", st)
		}
		if st, _ := w.send(t, hanoi, "GET", page, ""); st != http.StatusNotFound {
			t.Errorf("Hà Nội reads the tests: %d", st)
		}

		// The trainee's paper: no answer key; a missing answer keeps the others.
		st, body = w.send(t, traineeSession, "GET", page+"/post", "")
		if st != 200 || strings.Contains(body, "✓") || strings.Count(body, `type="radio"`) != 8 {
			t.Fatalf("take page: %d\n%s", st, body)
		}
		half := url.Values{"count": {"4"}, "q0": {"1"}, "q1": {"0"}, "q2": {"1"}}
		st, body = w.send(t, traineeSession, "POST", page+"/post", half.Encode())
		if st != http.StatusUnprocessableEntity {
			t.Fatalf("missing answer: %d", st)
		}
		wantIn(t, "missing answer", html.UnescapeString(body), "Hãy chọn một đáp án cho câu này.", `name="q1" value="0" checked`)
		half.Set("q3", "1") // 3 of 4: 75 %
		if st, _ := w.send(t, traineeSession, "POST", page+"/post", half.Encode()); st != http.StatusSeeOther {
			t.Fatalf("submit: %d", st)
		}
		api := fmt.Sprintf("/api/v1/training/courses/%d/tests/post", id)
		if st, _ := w.send(t, traineeSession, "POST", api+"/answers", `{"answers":[1,1,1,1]}`); st != http.StatusConflict {
			t.Errorf("second submission: %d", st)
		}
		st, body = w.send(t, traineeSession, "GET", api, "")
		if st != 200 || strings.Contains(body, `"correct":1`) || !strings.Contains(body, `"score_pct":75`) {
			t.Errorf("API test view: %d %s", st, body)
		}
		paperForm := url.Values{"enrolment_id": {fmt.Sprint(paper.ID)}, "paper_kind": {"post"}, "score_pct": {"50"}}
		if st, _ := w.send(t, office, "POST", fmt.Sprintf("/tap-huan/%d/ket-qua-giay", id), paperForm.Encode()); st != http.StatusSeeOther {
			t.Fatalf("paper: %d", st)
		}

		// After the last day the organiser issues both certificates.
		w.svc.DB.Now = func() time.Time { return time.Date(2026, 9, 28, 10, 0, 0, 0, time.UTC) }
		if st, _ := w.send(t, office, "POST", fmt.Sprintf("/tap-huan/%d/chung-nhan", id), ""); st != http.StatusSeeOther {
			t.Fatalf("issue: %d", st)
		}
		rating := url.Values{"rating_content": {"5"}, "rating_lecturers": {"4"}, "rating_organisation": {"3"},
			"comment": {"Cần thêm thực hành"}}
		st, body = w.send(t, traineeSession, "POST", fmt.Sprintf("/tap-huan/%d/danh-gia", id), rating.Encode())
		if st != http.StatusUnprocessableEntity {
			t.Fatalf("survey without usefulness: %d", st)
		}
		wantIn(t, "survey form", html.UnescapeString(body), "Hãy chấm từ 1 đến 5.", `name="rating_lecturers" value="4" required checked`,
			"Cần thêm thực hành")
		rating.Set("rating_usefulness", "5")
		if st, _ := w.send(t, traineeSession, "POST", fmt.Sprintf("/tap-huan/%d/danh-gia", id), rating.Encode()); st != http.StatusSeeOther {
			t.Fatalf("survey: %d", st)
		}
		st, body = w.send(t, office, "GET", page, "")
		wantIn(t, "organiser's page", html.UnescapeString(body), "75\u00a0%", "50\u00a0%", "bài giấy", "Đạt yêu cầu hoàn thành",
			"Số phiếu đã nhận: 1", "<dt>Công tác tổ chức</dt><dd>3 / 5</dd>", "Cần thêm thực hành")
		certs := tcertLinkRe.FindAllStringSubmatch(body, -1)
		if st != 200 || len(certs) != 2 {
			t.Fatalf("certificate links: %d %v", st, certs)
		}
		if st, _ := w.send(t, hanoi, "GET", fmt.Sprintf("/tap-huan/%d/chung-nhan/%s", id, certs[0][1]), ""); st != http.StatusNotFound {
			t.Errorf("Hà Nội reads a certificate: %d", st)
		}

		st, pdf := w.send(t, traineeSession, "GET", fmt.Sprintf("/tap-huan/%d/giay-chung-nhan", id), "")
		if st != 200 || !strings.HasPrefix(pdf, "%PDF") {
			t.Fatalf("own certificate: %d", st)
		}
		if text, ok := pdfText(t, pdf); ok {
			for _, want := range []string{"GIẤY CHỨNG NHẬN HOÀN THÀNH KHÓA TẬP HUẤN", "Lò Thị Hoa", "UBND xã Chiềng Mai",
				"Thương hiệu sản phẩm OCOP", "27/09/2026 – 28/09/2026", "Sở Nông nghiệp và Môi trường", "4/5 buổi (khóa học 10 giờ)",
				"Quét mã QR"} {
				if !strings.Contains(text, want) {
					t.Errorf("certificate PDF lacks %q:\n%s", want, text)
				}
			}
		}
		visitor := &uiClient{t, w.srv.URL, &http.Client{}}
		if link, ok := decodeQR(t, pdf); ok {
			if !strings.HasPrefix(link, w.srv.URL+"/xac-minh-tap-huan/") {
				t.Fatalf("QR code holds %q", link)
			}
			resp, body := visitor.send("GET", strings.TrimPrefix(link, w.srv.URL), nil, nil)
			if resp.StatusCode != 200 || !strings.Contains(body, "Giấy chứng nhận hợp lệ") || !strings.Contains(body, "Lò Thị Hoa") {
				t.Errorf("the QR code's page: %d\n%s", resp.StatusCode, body)
			}
		}
		mine, err := w.svc.MyTrainingCertificate(ctx, trainee, id)
		if err != nil || mine == nil {
			t.Fatal(err)
		}
		jsonAccept := map[string]string{"Accept": "application/json"}
		forged := []byte(mine.Code)
		forged[3] = map[bool]byte{true: 'B', false: 'A'}[forged[3] == 'A']
		for _, c := range []struct {
			code   string
			status int
			result string
		}{{mine.Code, 200, "found"}, {string(forged), 400, "forged"}, {w.codeIn, 404, "not_found"}} {
			resp, body := visitor.send("GET", "/xac-minh-tap-huan/"+c.code, nil, jsonAccept)
			var a struct {
				Result      string                    `json:"result"`
				Certificate *ocop.TrainingCertificate `json:"certificate"`
			}
			if resp.StatusCode != c.status || json.Unmarshal([]byte(body), &a) != nil || a.Result != c.result {
				t.Errorf("verify %s: %d %s", c.result, resp.StatusCode, body)
			}
			if c.result == "found" && (a.Certificate.FullName != "Lò Thị Hoa" || a.Certificate.IssuedBy != 0) {
				t.Errorf("public certificate: %+v", a.Certificate)
			}
		}

		// Revocation needs a reason; the public page then says so.
		revoke := fmt.Sprintf("/tap-huan/%d/chung-nhan/%d/thu-hoi", id, mine.ID)
		if st, _ := w.send(t, office, "POST", revoke, url.Values{"reason": {" "}}.Encode()); st != http.StatusUnprocessableEntity {
			t.Errorf("revoke without reason: %d", st)
		}
		if st, _ := w.send(t, office, "POST", revoke, url.Values{"reason": {"Khai man điểm danh"}}.Encode()); st != http.StatusSeeOther {
			t.Fatalf("revoke: %d", st)
		}
		_, body = visitor.send("GET", "/xac-minh-tap-huan/"+mine.Code, nil, nil)
		wantIn(t, "revoked", html.UnescapeString(body), "ĐÃ BỊ THU HỒI", "Khai man điểm danh")
	})
}
