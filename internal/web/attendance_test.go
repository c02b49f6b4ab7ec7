package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
	"github.com/ocopvn/ocop/internal/xlsx"
)

// readQR decodes a QR code from a PNG data URL.
func readQR(t *testing.T, dataURL string) string {
	t.Helper()
	b64, ok := strings.CutPrefix(dataURL, "data:image/png;base64,")
	if !ok {
		t.Fatalf("not a PNG data URL: %.40s", dataURL)
	}
	img := must(png.Decode(base64.NewDecoder(base64.StdEncoding, strings.NewReader(b64))))
	text, err := testutil.ReadQR(img)
	if err != nil {
		t.Fatalf("no QR code in the image: %v", err)
	}
	return text
}

// The organiser's screen shows a QR code that decodes to the check-in
// page; a trainee opens it (after logging in), confirms, and shows up on
// the sheets, which read back as XLSX and PDF with a signature column.
func TestAttendanceThroughWeb(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := permSetup(t, db)
		office, producer := w.sessions[ocop.RoleProvince], w.sessions[ocop.RoleProducer]
		session := w.courseSessions.in
		screen := fmt.Sprintf("/diem-danh/buoi/%d", session)
		if _, err := w.svc.RegisterForCourse(ctx, w.users[ocop.RoleProducer], w.training.courseIn); err != nil {
			t.Fatal(err)
		}

		st, body := w.send(t, office, "GET", screen, "")
		if st != 200 {
			t.Fatalf("screen: %d", st)
		}
		wantIn(t, "screen", html.UnescapeString(body), "Điểm danh buổi học", `src="data:image/png;base64,`,
			"0/2 học viên đã điểm danh", "/static/attendance.js", "Học viên", "u.producer")
		st, body = w.send(t, office, "GET", screen+"/ma", "")
		var code struct {
			Code, URL, QR string
			ExpiresIn     int `json:"expires_in"`
		}
		if st != 200 || json.Unmarshal([]byte(body), &code) != nil || code.ExpiresIn < 1 || code.ExpiresIn > 45 {
			t.Fatalf("code JSON: %d %s", st, body)
		}
		text := readQR(t, code.QR)
		if text != code.URL {
			t.Fatalf("the QR code reads %q, want %q", text, code.URL)
		}
		target := must(url.Parse(text)).Path

		// Not logged in: to the login page, then back.
		resp := w.do(t, "GET", target, "")
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/dang-nhap?tiep="+url.QueryEscape(target) {
			t.Errorf("anonymous scan: %d %q", resp.StatusCode, loc)
		}
		st, body = w.send(t, producer, "GET", target, "")
		wantIn(t, "scan page", html.UnescapeString(body), "Lớp "+permProvince, "Xác nhận có mặt", `action="`+target+`"`)
		if st != 200 {
			t.Errorf("scan page: %d", st)
		}
		if st, body = w.send(t, producer, "POST", target, ""); st != 200 || !strings.Contains(body, "Đã điểm danh lúc") {
			t.Errorf("check-in: %d %s", st, body)
		}
		st, body = w.send(t, producer, "POST", target, "")
		if st != http.StatusConflict || !strings.Contains(body, "Bạn đã điểm danh buổi này lúc") {
			t.Errorf("second check-in: %d", st)
		}
		if st, body := w.send(t, producer, "GET", "/diem-danh/"+code.Code[:len(code.Code)-2]+"AA", ""); st != 422 ||
			!strings.Contains(body, "Mã điểm danh không hợp lệ") {
			t.Errorf("forged code: %d", st)
		}

		// By hand, for the trainee without an account: the reason is required.
		mark := url.Values{"enrolment_id": {fmt.Sprint(w.training.enrolIn)}, "present": {"1"}}
		st, body = w.send(t, office, "POST", screen, mark.Encode())
		if st != http.StatusUnprocessableEntity {
			t.Fatalf("mark without reason: %d", st)
		}
		wantIn(t, "mark without reason", html.UnescapeString(body), `aria-invalid="true"`)
		mark.Set("reason", "Không có tài khoản, ký sổ tại lớp")
		if st, _ := w.send(t, office, "POST", screen, mark.Encode()); st != http.StatusSeeOther {
			t.Fatalf("mark: %d", st)
		}
		st, body = w.send(t, office, "GET", screen, "")
		wantIn(t, "screen after", html.UnescapeString(body), "2/2 học viên đã điểm danh", "Không có tài khoản, ký sổ tại lớp")

		// Sheets.
		for _, path := range []string{screen + "/bang.xlsx", fmt.Sprintf("/tap-huan/%d/diem-danh.xlsx", w.training.courseIn)} {
			st, body := w.send(t, office, "GET", path, "")
			rows, err := xlsx.Read(bytes.NewReader([]byte(body)))
			if st != 200 || err != nil {
				t.Fatalf("%s: %d %v", path, st, err)
			}
			flat := fmt.Sprint(rows)
			for _, want := range []string{"Ký tên", "Họ và tên", "Đơn vị", "Học viên", "UBND xã", "u.producer", "Chủ thể OCOP"} {
				if !strings.Contains(flat, want) {
					t.Errorf("%s lacks %q: %v", path, want, rows)
				}
			}
		}
		for _, path := range []string{screen + "/bang.pdf", fmt.Sprintf("/tap-huan/%d/diem-danh.pdf", w.training.courseIn)} {
			st, body := w.send(t, office, "GET", path, "")
			if st != 200 || !strings.HasPrefix(body, "%PDF") {
				t.Fatalf("%s: %d", path, st)
			}
			if text, ok := testutil.PDFText(t, []byte(body)); ok {
				for _, want := range []string{"BẢNG ĐIỂM DANH HỌC VIÊN", "Ký tên", "Học viên", "u.producer", "Lớp " + permProvince} {
					if !strings.Contains(text, want) {
						t.Errorf("%s lacks %q:\n%s", path, want, text)
					}
				}
			}
		}

		// The API: the sheet, and a forged code refused.
		st, body = w.send(t, office, "GET", fmt.Sprintf("/api/v1/training/sessions/%d/attendance", session), "")
		var sheet struct{ Present int }
		if st != 200 || json.Unmarshal([]byte(body), &sheet) != nil || sheet.Present != 2 {
			t.Errorf("API sheet: %d %s", st, body)
		}
		if st, _ := w.send(t, producer, "POST", "/api/v1/training/check-in", `{"code":"`+w.codeIn+`"}`); st != 422 {
			t.Errorf("API forged code: %d", st)
		}
		// Another province's session is not found.
		if st, _ := w.send(t, office, "GET", fmt.Sprintf("/diem-danh/buoi/%d/bang.pdf", w.courseSessions.out), ""); st != 404 {
			t.Errorf("another province's sheet: %d", st)
		}
	})
}

// A study tour's itinerary through the course page: a stop by form (bad
// input keeps the typing), a photo upload, and the page and photo as a
// trainee sees them.
func TestStudyTourThroughWeb(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := permSetup(t, db)
		office, producer := w.sessions[ocop.RoleProvince], w.sessions[ocop.RoleProducer]
		in := courseFormValues("Tham quan học tập tại Ninh Bình và Thanh Hóa", "0")
		in.Set("course_type", "study_tour")
		if st, _ := w.send(t, office, "POST", "/tap-huan", in.Encode()); st != http.StatusSeeOther {
			t.Fatalf("create: %d", st)
		}
		list, err := db.Courses(ctx, store.CourseFilter{Provinces: []string{permProvince}})
		if err != nil {
			t.Fatal(err)
		}
		var tour *ocop.Course
		for _, c := range list {
			if c.Type == ocop.CourseStudyTour {
				tour = c
			}
		}
		if tour == nil {
			t.Fatal("no study tour")
		}
		page := fmt.Sprintf("/tap-huan/%d", tour.ID)
		st, body := w.send(t, office, "GET", page, "")
		wantIn(t, "tour page", html.UnescapeString(body), "Lịch trình tham quan", "Chưa có điểm tham quan nào.", "HTX trong phạm vi")
		stop := url.Values{"stop_date": {"30/09/2026"}, "kind": {"place"}, "place_name": {"Cửa hàng OCOP Thanh Hóa"}}
		if st, body = w.send(t, office, "POST", page+"/lich-trinh", stop.Encode()); st != http.StatusUnprocessableEntity {
			t.Fatalf("stop outside the dates: %d", st)
		}
		wantIn(t, "bad stop", html.UnescapeString(body), "Cửa hàng OCOP Thanh Hóa", `id="e-stop_date"`)
		stop.Set("stop_date", "28/09/2026")
		if st, _ := w.send(t, office, "POST", page+"/lich-trinh", stop.Encode()); st != http.StatusSeeOther {
			t.Fatalf("stop: %d", st)
		}
		pstop := url.Values{"stop_date": {"28/09/2026"}, "kind": {"producer"}, "producer_id": {fmt.Sprint(w.producerIn)}}
		if st, _ := w.send(t, office, "POST", page+"/lich-trinh", pstop.Encode()); st != http.StatusSeeOther {
			t.Fatalf("producer stop: %d", st)
		}
		stops, err := w.svc.TourStops(ctx, w.users[ocop.RoleProvince], tour.ID)
		if err != nil || len(stops) != 2 {
			t.Fatalf("stops %v %v", stops, err)
		}
		up := fmt.Sprintf("%s/lich-trinh/%d/anh", page, stops[0].ID)
		if st, _ := w.sendUpload(t, office, up, map[string]string{"caption": "Quầy hàng"}, "quay.jpg", permJPEG); st != http.StatusSeeOther {
			t.Fatalf("photo: %d", st)
		}
		if st, _ := w.sendUpload(t, office, up, map[string]string{"caption": "Không phải ảnh"}, "x.jpg", []byte("chữ")); st != http.StatusUnprocessableEntity {
			t.Errorf("not an image: %d", st)
		}
		st, body = w.send(t, producer, "GET", page, "")
		img := fmt.Sprintf("%s/lich-trinh/%d/anh/", page, stops[0].ID)
		wantIn(t, "tour page as a trainee", html.UnescapeString(body), "Cửa hàng OCOP Thanh Hóa", "HTX trong phạm vi", "Quầy hàng", img)
		if strings.Contains(body, "Thêm điểm tham quan") {
			t.Error("a trainee sees the stop form")
		}
		if st != 200 {
			t.Errorf("tour page as a trainee: %d", st)
		}
		if stops, err = w.svc.TourStops(ctx, w.users[ocop.RoleProvince], tour.ID); err != nil || len(stops[0].Photos) != 1 {
			t.Fatalf("photos: %v %v", stops, err)
		}
		st, body = w.send(t, producer, "GET", img+fmt.Sprint(stops[0].Photos[0].ID), "")
		if st != 200 || body != string(permJPEG) {
			t.Errorf("photo as a trainee: %d", st)
		}
	})
}
