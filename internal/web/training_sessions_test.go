package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

func sessionValues(date, end, place, version string) url.Values {
	return url.Values{"session_date": {date}, "start_time": {"08:00"}, "end_time": {end}, "topic_code": {permTopic},
		"session_title": {"Thực hành"}, "place": {place}, "version": {version}}
}

// A session edited through the form and the API: bad input and a stale
// version keep what was typed and change nothing; another province sees
// nothing; with attendance it moves day but cannot be deleted.
func TestSessionEditThroughWeb(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := permSetup(t, db)
		office, trainer := w.sessions[ocop.RoleProvince], w.sessions[ocop.RoleTrainer]
		_, hanoi := w.extraUser(t, "taphuan.hanoi", ocop.RoleProvince, ocop.ProvinceScope(permOtherProvince))
		sid := w.courseSessions.in
		form := fmt.Sprintf("/tap-huan/%d/buoi/%d/sua", w.training.courseIn, sid)
		api := fmt.Sprintf("/api/v1/training/courses/%d/sessions/%d", w.training.courseIn, sid)
		if _, err := w.svc.MarkAttendance(ctx, w.users[ocop.RoleProvince], sid, service.MarkInput{
			EnrolmentID: w.training.enrolIn, Present: true, Reason: "Có mặt, quên điện thoại"}); err != nil {
			t.Fatal(err)
		}

		st, body := w.send(t, trainer, "GET", form, "")
		if st != 200 {
			t.Fatalf("edit form: %d", st)
		}
		wantIn(t, "edit form", body, `name="version" value="1"`, `value="27/09/2026"`, `value="08:00"`)
		st, body = w.send(t, office, "POST", form, sessionValues("30/10/2026", "07:00", "Phòng gõ dở", "1").Encode())
		if st != http.StatusUnprocessableEntity {
			t.Fatalf("bad edit: %d", st)
		}
		wantIn(t, "bad edit", html.UnescapeString(body), "Phòng gõ dở", `value="30/10/2026"`,
			"Ngày học phải nằm trong thời gian của lớp.")
		before, _ := db.CourseSession(ctx, sid)

		for _, r := range []struct{ method, path, body string }{{"GET", form, ""},
			{"POST", form, sessionValues("28/09/2026", "11:00", "Hà Nội", "1").Encode()}, {"GET", api, ""},
			{"POST", api, `{"session_date":"2026-09-28","start_time":"08:00","end_time":"11:00","title":"x","version":1}`}} {
			if st, _ := w.send(t, hanoi, r.method, r.path, r.body); st != http.StatusNotFound {
				t.Errorf("Hà Nội %s %s: %d, want 404", r.method, r.path, st)
			}
		}
		if got, _ := db.CourseSession(ctx, sid); *got != *before {
			t.Errorf("refused edits changed the session: %+v", got)
		}

		// Two managers from version 1: the second gets 409 with their typing.
		if st, _ := w.send(t, office, "POST", form, sessionValues("28/09/2026", "11:00", "Phòng 2", "1").Encode()); st != http.StatusSeeOther {
			t.Fatalf("edit: %d", st)
		}
		st, body = w.send(t, trainer, "POST", form, sessionValues("29/09/2026", "11:00", "Phòng giảng viên", "1").Encode())
		if st != http.StatusConflict {
			t.Fatalf("concurrent edit: %d", st)
		}
		wantIn(t, "conflict form", html.UnescapeString(body), "Dữ liệu đã được người khác thay đổi", "Phòng giảng viên",
			`value="29/09/2026"`, `name="version" value="2"`)
		st, body = w.send(t, trainer, "POST", api, `{"session_date":"29/09/2026","start_time":"08:00","end_time":"11:00","title":"API","version":1}`)
		if st != http.StatusConflict || !strings.Contains(body, "Dữ liệu đã được người khác thay đổi") {
			t.Errorf("stale API edit: %d %s", st, body)
		}
		got, _ := db.CourseSession(ctx, sid)
		if got.Date != "2026-09-28" || got.Place != "Phòng 2" || got.Version != 2 {
			t.Errorf("session after the refused edits: %+v", got)
		}
		st, body = w.send(t, trainer, "POST", api, `{"session_date":"29/09/2026","start_time":"13:30","end_time":"16:30","title":"API","version":2}`)
		if st != 200 || !strings.Contains(body, `"version":3`) || !strings.Contains(body, `"session_date":"2026-09-29"`) {
			t.Errorf("API edit: %d %s", st, body)
		}
		if marks, _ := db.SessionAttendance(ctx, sid); len(marks) != 1 {
			t.Errorf("the moves lost the attendance: %+v", marks)
		}

		// With attendance the session stays.
		st, body = w.send(t, office, "POST", fmt.Sprintf("/tap-huan/%d/buoi/%d/xoa", w.training.courseIn, sid), "")
		if st != http.StatusConflict {
			t.Errorf("deleting an attended session: %d", st)
		}
		wantIn(t, "delete refused", html.UnescapeString(body), "Buổi học đã có điểm danh nên không xóa được")
		st, body = w.send(t, trainer, "POST", api+"/delete", "")
		if st != http.StatusConflict || !strings.Contains(body, "Buổi học đã có điểm danh nên không xóa được") {
			t.Errorf("deleting an attended session through the API: %d %s", st, body)
		}
		if _, err := db.CourseSession(ctx, sid); err != nil {
			t.Errorf("the attended session was deleted: %v", err)
		}

		// A session without attendance goes through the API, audited;
		// Hà Nội's manager cannot delete it.
		spare := w.courseSessions.spareSession[ocop.RoleTrainer]
		del := fmt.Sprintf("/api/v1/training/courses/%d/sessions/%d/delete", w.training.courseIn, spare)
		if st, _ := w.send(t, hanoi, "POST", del, ""); st != http.StatusNotFound {
			t.Errorf("Hà Nội deletes a Sơn La session: %d, want 404", st)
		}
		st, body = w.send(t, trainer, "POST", del, "")
		if st != 200 || !strings.Contains(body, fmt.Sprintf(`"id":%d`, spare)) {
			t.Fatalf("API delete: %d %s", st, body)
		}
		if _, err := db.CourseSession(ctx, spare); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("the deleted session is still there: %v", err)
		}
		rows, err := db.AuditEntries(ctx, store.AuditFilter{Limit: 1})
		if err != nil || len(rows) != 1 || rows[0].Action != "training.session_delete" ||
			rows[0].EntityID != fmt.Sprint(w.training.courseIn) {
			t.Errorf("audit of the API delete: %+v %v", rows, err)
		}
		if st, _ := w.send(t, trainer, "POST", del, ""); st != http.StatusNotFound {
			t.Errorf("deleting it again: %d, want 404", st)
		}
	})
}

// A lecturer's record linked to a council member's account through the
// form: that account gets "Buổi tôi giảng" and runs the screen and the
// sheets of that session only; a producer and another session are 404.
func TestLecturerRunsOwnScreenThroughWeb(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := permSetup(t, db)
		office, trainer := w.sessions[ocop.RoleProvince], w.sessions[ocop.RoleTrainer]
		member, producer := w.sessions[ocop.RoleCouncil], w.sessions[ocop.RoleProducer]
		lid := w.training.lecturerIn
		form := fmt.Sprintf("/giang-vien/%d/sua", lid)
		sid := w.courseSessions.in
		screen := fmt.Sprintf("/diem-danh/buoi/%d", sid)
		if st, _ := w.send(t, member, "GET", screen, ""); st != http.StatusNotFound {
			t.Fatalf("before the link, the council member's screen: %d", st)
		}

		lecturer := url.Values{"name": {"Giảng viên Sơn La"}, "title": {"TS."}, "organisation": {"Trường ĐH Tây Bắc"},
			"username": {"khong.co.ai"}, "version": {"1"}}
		st, body := w.send(t, office, "POST", form, lecturer.Encode())
		if st != http.StatusUnprocessableEntity {
			t.Fatalf("unknown account: %d", st)
		}
		wantIn(t, "unknown account", html.UnescapeString(body), "Không có tài khoản với tên đăng nhập này.",
			"Trường ĐH Tây Bắc", "khong.co.ai")
		lecturer.Set("username", w.users[ocop.RoleCouncil].Username)
		if st, _ := w.send(t, office, "POST", form, lecturer.Encode()); st != http.StatusSeeOther {
			t.Fatalf("link: %d", st)
		}
		lecturer.Set("organisation", "Đổi bởi giảng viên")
		st, body = w.send(t, trainer, "POST", form, lecturer.Encode())
		if st != http.StatusConflict {
			t.Fatalf("stale lecturer edit: %d", st)
		}
		wantIn(t, "stale lecturer", html.UnescapeString(body), "Dữ liệu đã được người khác thay đổi", "Đổi bởi giảng viên",
			`name="version" value="2"`)
		if l, _ := db.Lecturer(ctx, lid); l.Organisation != "Trường ĐH Tây Bắc" || l.UserID != w.users[ocop.RoleCouncil].ID {
			t.Errorf("lecturer after the edits: %+v", l)
		}
		session := fmt.Sprintf(`{"session_date":"27/09/2026","start_time":"08:00","end_time":"11:30","topic_code":%q,"lecturer_id":%d,"version":1}`,
			permTopic, lid)
		if st, body := w.send(t, office, "POST", fmt.Sprintf("/api/v1/training/courses/%d/sessions/%d", w.training.courseIn, sid),
			session); st != 200 {
			t.Fatalf("put the lecturer on the session: %d %s", st, body)
		}

		_, body = w.send(t, member, "GET", "/tap-huan", "")
		wantIn(t, "training page", html.UnescapeString(body), "Buổi tôi giảng", `href="`+screen+`"`, "27/09/2026")
		for _, p := range []string{screen, screen + "/ma", screen + "/bang.pdf", screen + "/bang.xlsx",
			fmt.Sprintf("/api/v1/training/sessions/%d/attendance", sid), "/api/v1/training/my-sessions"} {
			if st, _ := w.send(t, member, "GET", p, ""); st != 200 {
				t.Errorf("the lecturer's %s: %d", p, st)
			}
		}
		mark := url.Values{"enrolment_id": {fmt.Sprint(w.training.enrolIn)}, "present": {"1"}, "reason": {"Điện thoại hết pin"}}
		if st, _ := w.send(t, member, "POST", screen, mark.Encode()); st != http.StatusSeeOther {
			t.Errorf("the lecturer marks: %d", st)
		}

		// Another session (of the same course, and of Hà Nội) and a producer: 404, nothing marked.
		other := fmt.Sprintf("/diem-danh/buoi/%d", w.courseSessions.spareSession[ocop.RoleProducer])
		far := fmt.Sprintf("/diem-danh/buoi/%d", w.courseSessions.out)
		for _, r := range []struct{ who, path string }{{member, other}, {member, far}, {producer, screen}} {
			if st, _ := w.send(t, r.who, "GET", r.path, ""); st != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", r.path, st)
			}
			if st, _ := w.send(t, r.who, "POST", r.path, mark.Encode()); st != http.StatusNotFound {
				t.Errorf("POST %s: %d, want 404", r.path, st)
			}
		}
		if st, _ := w.send(t, producer, "POST", fmt.Sprintf("/api/v1/training/sessions/%d/attendance", sid),
			fmt.Sprintf(`{"enrolment_id":%d,"present":false,"reason":"x"}`, w.training.enrolIn)); st != http.StatusNotFound {
			t.Errorf("a producer marks through the API: %d", st)
		}
		marks, _ := db.SessionAttendance(ctx, sid)
		if len(marks) != 1 || !marks[0].Present || marks[0].MarkedBy != w.users[ocop.RoleCouncil].ID {
			t.Errorf("marks of the lecturer's session: %+v", marks)
		}
		for _, other := range []int64{w.courseSessions.spareSession[ocop.RoleProducer], w.courseSessions.out} {
			if marks, _ := db.SessionAttendance(ctx, other); len(marks) != 0 {
				t.Errorf("refused marks recorded on session %d: %+v", other, marks)
			}
		}
	})
}

// The plan page draws targets against achievements as an SVG bar chart
// beside the table holding the same numbers.
func TestPlanChart(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w := permSetup(t, db)
		office := w.sessions[ocop.RoleProvince]
		if _, err := w.svc.SaveTrainingPlan(context.Background(), w.users[ocop.RoleProvince], service.PlanInput{
			Year: 2026, TargetCourses: 4, Targets: map[ocop.Audience]int{ocop.AudienceProducer: 4,
				ocop.AudienceCommuneOfficial: 30}}); err != nil {
			t.Fatal(err)
		}
		st, body := w.send(t, office, "GET", "/tap-huan/ke-hoach?nam=2026", "")
		if st != 200 {
			t.Fatalf("plan page: %d", st)
		}
		body = html.UnescapeString(body)
		// Sơn La's one course of 2026 has one producer enrolled.
		wantIn(t, "plan chart", body, `<svg role="img" aria-labelledby="chart-plan-t chart-plan-d"`,
			"Tỷ lệ đạt so với kế hoạch", "1/4 (25\u00a0%)", "0/30 (0\u00a0%)", "0 (chưa có kế hoạch)",
			`width="80"`, "<caption>Số liệu của biểu đồ")
	})
}
