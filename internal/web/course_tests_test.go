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
		absent := &ocop.Enrolment{FullName: "Tòng Văn Vắng", UnitName: "HTX Mận Hậu"}
		seed := service.CourseSeed{Course: &ocop.Course{ProvinceCode: permProvince, Title: "Thương hiệu sản phẩm OCOP",
			Organiser: "Sở Nông nghiệp và Môi trường", Type: ocop.CourseClassroom, StartDate: "2026-09-27",
			EndDate: "2026-09-28", Capacity: 10, Audiences: []ocop.Audience{ocop.AudienceProducer}},
			Trainees: []*ocop.Enrolment{me, paper, absent}}
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
		if !strings.Contains(body, `id="draft-status" role="status" aria-live="polite"></p>`) {
			t.Errorf("a draft status before any answer")
		}
		testDraftThroughWeb(t, w, trainee.Username, traineeSession, id)
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
		if st, _ := w.send(t, traineeSession, "GET", api+"/draft", ""); st != http.StatusNotFound {
			t.Errorf("the draft after submitting: %d", st)
		}
		if st, _ := w.send(t, traineeSession, "POST", api+"/draft", `{"answers":[1]}`); st != http.StatusConflict {
			t.Errorf("a draft after submitting: %d", st)
		}
		// A paper result only for a trainee present at a session.
		absentForm := url.Values{"enrolment_id": {fmt.Sprint(absent.ID)}, "paper_kind": {"post"}, "score_pct": {"65"}}
		st, body = w.send(t, office, "POST", fmt.Sprintf("/tap-huan/%d/ket-qua-giay", id), absentForm.Encode())
		if st != http.StatusUnprocessableEntity {
			t.Errorf("paper result of an absent trainee: %d", st)
		}
		wantIn(t, "absent trainee's paper", html.UnescapeString(body), "chưa có mặt ở buổi học nào", `value="65"`)
		if st, body := w.send(t, office, "POST", api+"/paper", fmt.Sprintf(`{"enrolment_id":%d,"score_pct":65}`,
			absent.ID)); st != http.StatusUnprocessableEntity || !strings.Contains(body, "enrolment_id") {
			t.Errorf("API paper result of an absent trainee: %d %s", st, body)
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
		wantIn(t, "completion hours", html.UnescapeString(body), "8/10 giờ", "0/10 giờ")
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
				"Thương hiệu sản phẩm OCOP", "27/09/2026 – 28/09/2026", "Sở Nông nghiệp và Môi trường", "4/5 buổi, 8/10 giờ",
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
			if resp.StatusCode != 200 || !strings.Contains(body, "Giấy chứng nhận hợp lệ") || !strings.Contains(body, "Lò Thị Hoa") ||
				!strings.Contains(body, "4/5 buổi, 8/10 giờ") {
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

// testDraftThroughWeb saves a draft of the course's post-test from one
// session (the phone) and finds it from another session of the same user
// (the computer), on the test page and in the API; nobody else finds it.
func testDraftThroughWeb(t *testing.T, w *permWorld, username, phone string, id int64) {
	t.Helper()
	api := fmt.Sprintf("/api/v1/training/courses/%d/tests/post/draft", id)
	now := w.svc.DB.Now
	w.svc.DB.Now = func() time.Time { return time.Date(2026, 9, 27, 2, 0, 0, 0, time.UTC) } // 09:00 in Sơn La
	defer func() { w.svc.DB.Now = now }()
	st, body := w.send(t, phone, "POST", api, `{"answers":[1,-1,0]}`)
	if st != 200 || !strings.Contains(body, `"answers":[1,-1,0,-1]`) || !strings.Contains(body, `"saved_time":"09:00"`) ||
		strings.Contains(body, "correct") {
		t.Fatalf("save a draft: %d %s", st, body)
	}
	if st, body := w.send(t, phone, "POST", api, `{"answers":[5]}`); st != http.StatusUnprocessableEntity {
		t.Errorf("a draft with option 5 of 2: %d %s", st, body)
	}
	computer, _, err := w.svc.Login(context.Background(), username, "mật khẩu thử nghiệm", "computer")
	if err != nil {
		t.Fatal(err)
	}
	st, body = w.send(t, computer, "GET", fmt.Sprintf("/tap-huan/%d/kiem-tra/post", id), "")
	wantIn(t, "the test page on another device", html.UnescapeString(body), `name="q0" value="1" checked`,
		`name="q2" value="0" checked`, "Đã lưu nháp lúc 09:00", `data-draft-url="`+api+`"`)
	if st != 200 || strings.Contains(body, `name="q1" value="0" checked`) || strings.Contains(body, `name="q1" value="1" checked`) {
		t.Errorf("the test page on another device: %d", st)
	}
	if st, body := w.send(t, computer, "GET", api, ""); st != 200 || !strings.Contains(body, `"answers":[1,-1,0,-1]`) {
		t.Errorf("read the draft on another device: %d %s", st, body)
	}
	// Another trainee of the course has no draft of their own; someone
	// without a seat is refused as on the test; Hà Nội finds no course.
	other, otherSession := w.extraUser(t, "hocvien.khac", ocop.RoleCommune, ocop.CommuneScope(permProvince, permCommune))
	ctx := context.Background()
	if err := w.svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error {
		c, err := w.svc.DB.Course(ctx, id)
		if err != nil {
			return err
		}
		return tx.Enrol(ctx, c, &ocop.Enrolment{UserID: other.ID, FullName: "Học viên khác", Source: ocop.EnrolOrganiser})
	}); err != nil {
		t.Fatal(err)
	}
	_, stranger := w.extraUser(t, "xa.khac", ocop.RoleCommune, ocop.CommuneScope(permProvince, permCommune))
	_, hanoi := w.extraUser(t, "hocvien.hanoi", ocop.RoleCommune, ocop.CommuneScope(permOtherProvince, permOtherCommune))
	for _, c := range []struct {
		name, session string
		status        int
	}{{"another trainee", otherSession, http.StatusNotFound}, {"the organiser", w.sessions[ocop.RoleProvince], http.StatusConflict},
		{"a stranger", stranger, http.StatusConflict}, {"Hà Nội", hanoi, http.StatusNotFound}} {
		if st, body := w.send(t, c.session, "GET", api, ""); st != c.status || strings.Contains(body, "[1,-1,0") {
			t.Errorf("%s reads the draft: %d %s", c.name, st, body)
		}
		want := c.status
		if want == http.StatusNotFound && c.session == otherSession {
			want = http.StatusOK // their own draft, apart from this one
		}
		if st, _ := w.send(t, c.session, "POST", api, `{"answers":[0,0,0,0]}`); st != want {
			t.Errorf("%s saves a draft: %d", c.name, st)
		}
	}
	if st, body := w.send(t, computer, "GET", api, ""); st != 200 || !strings.Contains(body, `"answers":[1,-1,0,-1]`) {
		t.Errorf("another trainee's draft changed this one: %d %s", st, body)
	}
}
