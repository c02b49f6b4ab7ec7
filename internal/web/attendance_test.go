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

	"github.com/makiuchi-d/gozxing"
	zxqr "github.com/makiuchi-d/gozxing/qrcode"
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
	bmp := must(gozxing.NewBinaryBitmapFromImage(img))
	res, err := zxqr.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		t.Fatalf("no QR code in the image: %v", err)
	}
	return res.GetText()
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
