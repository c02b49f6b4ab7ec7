package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

func courseFormValues(title, version string) url.Values {
	return url.Values{"title": {title}, "organiser": {"Văn phòng Điều phối NTM tỉnh Sơn La"},
		"co_organisers": {"Trường Đại học Nông Lâm Thái Nguyên"}, "course_type": {"classroom"},
		"start_date": {"27/09/2026"}, "end_date": {"29/09/2026"}, "venue": {"Hội trường UBND tỉnh"}, "capacity": {"60"},
		"audiences": {"producer", "commune_official"}, "status": {"open"}, "min_attendance_pct": {"80"},
		"min_posttest_pct": {"50"}, "version": {version}}
}

// A course through the browser forms: bad input keeps what was typed, a
// concurrent edit is a 409 that keeps the typing, another province sees
// nothing, and the enrolment list is checked before anyone is enrolled.
func TestTrainingThroughWeb(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := permSetup(t, db)
		office, trainer := w.sessions[ocop.RoleProvince], w.sessions[ocop.RoleTrainer]
		_, hanoi := w.extraUser(t, "taphuan.hanoi", ocop.RoleProvince, ocop.ProvinceScope(permOtherProvince))

		bad := courseFormValues("Lớp tập huấn «Chuyển đổi số trong OCOP»", "0")
		bad.Set("end_date", "01/09/2026")
		bad["audiences"] = []string{"producer"}
		st, body := w.send(t, office, "POST", "/tap-huan", bad.Encode())
		if st != http.StatusUnprocessableEntity {
			t.Fatalf("bad course: %d", st)
		}
		wantIn(t, "bad course form", html.UnescapeString(body), "Lớp tập huấn «Chuyển đổi số trong OCOP»",
			"Ngày kết thúc không được trước ngày bắt đầu.", "Hội trường UBND tỉnh", `value="producer" checked`)
		if st, _ := w.send(t, office, "POST", "/tap-huan", courseFormValues("Chuyển đổi số trong OCOP", "0").Encode()); st != http.StatusSeeOther {
			t.Fatalf("create: %d", st)
		}
		list, err := db.Courses(ctx, store.CourseFilter{Provinces: []string{permProvince}, Statuses: []string{"open"}})
		if err != nil || len(list) != 2 {
			t.Fatalf("courses: %v %v", list, err)
		}
		c := list[0]
		if c.Title != "Chuyển đổi số trong OCOP" {
			c = list[1]
		}
		page := fmt.Sprintf("/tap-huan/%d", c.ID)

		// Two managers edit from the same version: the second gets 409.
		if st, body := w.send(t, trainer, "GET", page+"/sua", ""); st != 200 || !strings.Contains(body, `name="version" value="1"`) {
			t.Fatalf("edit form: %d", st)
		}
		if st, _ := w.send(t, office, "POST", page+"/sua", courseFormValues("Chuyển đổi số (sửa)", "1").Encode()); st != http.StatusSeeOther {
			t.Fatalf("first edit: %d", st)
		}
		st, body = w.send(t, trainer, "POST", page+"/sua", courseFormValues("Chuyển đổi số (giảng viên sửa)", "1").Encode())
		if st != http.StatusConflict {
			t.Fatalf("concurrent edit: %d", st)
		}
		wantIn(t, "conflict form", html.UnescapeString(body), "Chuyển đổi số (giảng viên sửa)", "Chuyển đổi số (sửa)",
			`name="version" value="2"`)

		// Hà Nội's manager neither reads nor changes it.
		for _, r := range []struct{ method, path, body string }{{"GET", page, ""}, {"GET", page + "/sua", ""},
			{"POST", page + "/sua", courseFormValues("Hà Nội", "2").Encode()}, {"GET", "/api/v1/training/courses/" + fmt.Sprint(c.ID), ""}} {
			if st, _ := w.send(t, hanoi, r.method, r.path, r.body); st != http.StatusNotFound {
				t.Errorf("Hà Nội %s %s: %d, want 404", r.method, r.path, st)
			}
		}
		if got, _ := db.Course(ctx, c.ID); got.Title != "Chuyển đổi số (sửa)" || got.Version != 2 {
			t.Errorf("course after the refused edits: %+v", got)
		}

		// A lecturer and a session with them show on the page.
		lecturer := url.Values{"lecturer_name": {"Nguyễn Văn An"}, "lecturer_title": {"TS."},
			"organisation": {"Trường Đại học Nông Lâm Thái Nguyên"}}
		if st, _ := w.send(t, office, "POST", page+"/giang-vien", lecturer.Encode()); st != http.StatusSeeOther {
			t.Fatalf("lecturer: %d", st)
		}
		ls, _ := db.Lecturers(ctx, []string{permProvince})
		an := ls[slices.IndexFunc(ls, func(l *ocop.Lecturer) bool { return l.FullName == "Nguyễn Văn An" })]
		session := url.Values{"session_date": {"28/09/2026"}, "start_time": {"08:00"}, "end_time": {"07:00"},
			"topic_code": {"digital"}, "lecturer_id": {fmt.Sprint(an.ID)}, "place": {"Phòng 2"}}
		if st, body := w.send(t, office, "POST", page+"/buoi", session.Encode()); st != http.StatusUnprocessableEntity ||
			!strings.Contains(body, "Phòng 2") {
			t.Errorf("session ending before it starts: %d", st)
		}
		session.Set("end_time", "11:30")
		if st, _ := w.send(t, office, "POST", page+"/buoi", session.Encode()); st != http.StatusSeeOther {
			t.Fatalf("session: %d", st)
		}
		_, body = w.send(t, w.sessions[ocop.RoleProducer], "GET", page, "")
		wantIn(t, "sessions", html.UnescapeString(body), "28/09/2026", "08:00–11:30", "Công nghệ thông tin và chuyển đổi số trong OCOP",
			"TS. Nguyễn Văn An (Trường Đại học Nông Lâm Thái Nguyên)")

		// The enrolment list: checked first, then the good rows enrolled.
		st, raw := w.sendUpload(t, office, page+"/nhap", nil, "danh-sach.xlsx", testutil.Workbook(t, testutil.TraineeRows))
		body = html.UnescapeString(raw)
		if st != 200 {
			t.Fatalf("import preview: %d", st)
		}
		wantIn(t, "preview", body, "2/5 dòng hợp lệ", "Dòng 4: Họ và tên: ", "Dòng 5: Đối tượng: ", "Dòng 7: Điện thoại: ",
			"Dòng 7: Email: ", "Ghi danh 2 học viên hợp lệ")
		if got, _ := db.Course(ctx, c.ID); got.Enrolled != 0 {
			t.Fatal("the preview enrolled people")
		}
		rows := regexp.MustCompile(`name="rows" value="([^"]*)"`).FindStringSubmatch(raw)
		if rows == nil {
			t.Fatal("no rows to confirm")
		}
		confirm := url.Values{"rows": {html.UnescapeString(rows[1])}}.Encode()
		if st, _ := w.send(t, office, "POST", page+"/nhap/xac-nhan", confirm); st != http.StatusSeeOther {
			t.Fatalf("confirm: %d", st)
		}
		st, body = w.send(t, office, "GET", page, "")
		wantIn(t, "course page for the manager", body, "Lò Văn Minh", "Tòng Thị Mai", "Tư vấn viên")
		if strings.Contains(body, "Quàng Thị Lan") {
			t.Error("a bad row was enrolled")
		}

		// A producer registers and sees the cancel button.
		producer := w.sessions[ocop.RoleProducer]
		_, body = w.send(t, producer, "GET", page, "")
		wantIn(t, "course page before registering", body, `action="`+page+`/dang-ky"`, "Đăng ký tham gia")
		if st, _ := w.send(t, producer, "POST", page+"/dang-ky", ""); st != http.StatusSeeOther {
			t.Fatalf("register: %d", st)
		}
		_, body = w.send(t, producer, "GET", page, "")
		wantIn(t, "course page for the trainee", body, "Bạn đã có chỗ trong lớp này.", "Hủy đăng ký")
		if strings.Contains(body, "Lò Văn Minh") {
			t.Error("a trainee sees the enrolment list")
		}

		// The template workbook and the other pages.
		if st, body := w.send(t, office, "GET", "/tap-huan/mau-danh-sach.xlsx", ""); st != 200 || !strings.HasPrefix(body, "PK") {
			t.Errorf("template: %d", st)
		}
		for _, p := range []string{"/tap-huan", "/tap-huan/ke-hoach?nam=2026", "/chuyen-de", "/chuyen-de/digital", "/tap-huan/moi"} {
			if st, body := w.send(t, office, "GET", p, ""); st != 200 || strings.Contains(body, "training.") {
				t.Errorf("GET %s: %d (or a raw key)", p, st)
			}
		}
		plan := url.Values{"year": {"2026"}, "target_courses": {"3"}, "target_producer": {"-5"}, "notes": {"Kế hoạch số 12"}}
		st, body = w.send(t, office, "POST", "/tap-huan/ke-hoach", plan.Encode())
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Kế hoạch số 12") {
			t.Errorf("bad plan: %d", st)
		}
		plan.Set("target_producer", "40")
		if st, _ := w.send(t, office, "POST", "/tap-huan/ke-hoach", plan.Encode()); st != http.StatusSeeOther {
			t.Errorf("plan: %d", st)
		}
		_, body = w.send(t, office, "GET", "/tap-huan/ke-hoach?nam=2026", "")
		wantIn(t, "plan page", body, `value="40"`, "Số lớp")
	})
}

// Materials through the topic page's form: a link, a file that any
// signed-in user downloads, a bad link kept in the form; and a question.
func TestTopicMaterialsThroughWeb(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w := permSetup(t, db)
		trainer := w.sessions[ocop.RoleTrainer]
		const topic = "/chuyen-de/quality"
		if st, _ := w.sendUpload(t, trainer, topic+"/tai-lieu", map[string]string{"title": "Bài giảng ATTP",
			"url": "https://example.vn/attp"}, "", nil); st != http.StatusSeeOther {
			t.Fatalf("link: %d", st)
		}
		if st, _ := w.sendUpload(t, trainer, topic+"/tai-lieu", map[string]string{"title": "Giáo trình quản lý chất lượng"},
			"giao-trinh.pdf", permPDF); st != http.StatusSeeOther {
			t.Fatalf("file: %d", st)
		}
		st, body := w.sendUpload(t, trainer, topic+"/tai-lieu", map[string]string{"title": "Tài liệu lạ",
			"url": "ftp://example.vn/x"}, "", nil)
		if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Tài liệu lạ") {
			t.Errorf("bad link: %d", st)
		}
		q := url.Values{"body": {"HACCP là gì?"}, "option": {"Hệ thống phân tích mối nguy", "Một loại phân bón", ""}, "correct": {"1"}}
		if st, _ := w.send(t, trainer, "POST", topic+"/cau-hoi", q.Encode()); st != http.StatusSeeOther {
			t.Fatalf("question: %d", st)
		}
		_, body = w.send(t, w.sessions[ocop.RoleProducer], "GET", topic, "")
		wantIn(t, "topic page for a trainee", body, "Bài giảng ATTP", "giao-trinh.pdf")
		if strings.Contains(body, "HACCP") {
			t.Error("a trainee sees the question bank")
		}
		link := regexp.MustCompile(`href="(/chuyen-de/quality/tai-lieu/\d+)"`).FindStringSubmatch(body)
		if link == nil {
			t.Fatal("no download link")
		}
		if st, got := w.send(t, w.sessions[ocop.RoleAdmin], "GET", link[1], ""); st != 200 || got != string(permPDF) {
			t.Errorf("download: %d", st)
		}
		_, body = w.send(t, trainer, "GET", topic, "")
		wantIn(t, "topic page for a manager", body, "HACCP là gì?", "Hệ thống phân tích mối nguy ✔")
	})
}
