package service_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// attendanceWorld is a Sơn La course of two seats with one session: two
// trainees with accounts hold the seats, a third waits, a fourth never
// registered, and a trainee without an account was enrolled from a list
// (over capacity, by the seed). The clock is the test's.
type attendanceWorld struct {
	svc                     *service.Service
	now                     *time.Time
	manager, lecturer, hani *ocop.User
	a, b, waiting, stranger *ocop.User
	course                  *ocop.Course
	session                 *ocop.CourseSession
	noAccount               *ocop.Enrolment
}

func newAttendanceWorld(t *testing.T, db *store.DB) *attendanceWorld {
	t.Helper()
	ctx := context.Background()
	now := time.Unix(45*40_000_000, 0).UTC() // the start of a code window
	db.Now = func() time.Time { return now }
	w := &attendanceWorld{svc: newService(db), now: &now}
	w.svc.CodeKey = secret.NewCodeKey()
	w.manager = staff(t, db, "taphuan.sonla", ocop.RoleProvince, ocop.ProvinceScope("14"))
	w.lecturer = staff(t, db, "giangvien.tuaf", ocop.RoleTrainer, ocop.ProvinceScope("01")) // another province
	w.hani = staff(t, db, "taphuan.hanoi", ocop.RoleTrainer, ocop.ProvinceScope("01"))
	trainee := func(name string) *ocop.User {
		return staff(t, db, name, ocop.RoleCommune, ocop.CommuneScope("14", "04132"))
	}
	w.a, w.b, w.waiting, w.stranger = trainee("hocvien.a"), trainee("hocvien.b"), trainee("hocvien.cho"), trainee("hocvien.ngoai")
	w.noAccount = &ocop.Enrolment{FullName: "Lò Văn Khách", UnitName: "UBND xã Chiềng Mai", Audience: ocop.AudienceCommuneOfficial,
		Source: ocop.EnrolOrganiser}
	seed := service.CourseSeed{Course: &ocop.Course{ProvinceCode: "14", Title: "Tập huấn OCOP Sơn La", Organiser: "VP NTM",
		Type: ocop.CourseClassroom, StartDate: "2026-09-27", EndDate: "2026-09-29", Capacity: 3,
		Audiences: []ocop.Audience{ocop.AudienceCommuneOfficial}},
		Lecturers: []*ocop.Lecturer{{FullName: "Nguyễn Văn Giảng", Title: "TS.", Organisation: "Trường ĐH Nông Lâm Thái Nguyên",
			UserID: w.lecturer.ID, ProvinceCode: "14"}},
		Sessions: []service.SeedSession{{Session: &ocop.CourseSession{Date: "2026-09-27", StartTime: "08:00", EndTime: "11:30",
			TopicCode: "digital", Place: "Hội trường"}, Lecturer: 0}},
		Trainees: []*ocop.Enrolment{w.noAccount}}
	if err := w.svc.BuildCourse(ctx, ocop.System, seed); err != nil {
		t.Fatal(err)
	}
	w.course, w.session = seed.Course, seed.Sessions[0].Session
	for _, u := range []*ocop.User{w.a, w.b, w.waiting} {
		if _, err := w.svc.RegisterForCourse(ctx, u, w.course.ID); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

func (w *attendanceWorld) code(t *testing.T) *service.AttendanceCode {
	t.Helper()
	c, err := w.svc.CurrentAttendanceCode(context.Background(), w.manager, w.session.ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (w *attendanceWorld) tick(d time.Duration) { *w.now = w.now.Add(d) }

func wantErr(t *testing.T, what string, err error, code, key string) {
	t.Helper()
	e, ok := err.(*ocop.Error)
	if !ok || e.Code != code || e.Message != key {
		t.Errorf("%s: got %v, want %s %s", what, err, code, key)
	}
}

func TestAttendanceCheckIn(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newAttendanceWorld(t, db)
		c := w.code(t)
		if c.ExpiresIn != 45 || c.Enrolled != 3 || c.Present != 0 || !strings.HasSuffix(c.URL, "/diem-danh/"+c.Code) {
			t.Fatalf("code %+v", c)
		}
		w.tick(20 * time.Second)
		if again := w.code(t); again.Code != c.Code || again.ExpiresIn != 25 {
			t.Errorf("within a window the code stays: %+v", again)
		}
		ci, err := w.svc.CheckInWithCode(ctx, w.a, c.Code)
		if err != nil || !ci.Attendance.Present || ci.Attendance.Method != ocop.AttendQR || ci.Session.ID != w.session.ID {
			t.Fatalf("check-in: %+v %v", ci, err)
		}
		// A second check-in says since when.
		_, err = w.svc.CheckInWithCode(ctx, w.a, c.Code)
		wantErr(t, "second check-in", err, ocop.ECONFLICT, "err.attendance_already")
		if msg := i18n.T(err.(*ocop.Error).Message, err.(*ocop.Error).Args...); !strings.Contains(msg, "Bạn đã điểm danh buổi này lúc "+i18n.DateTime(*w.now)) {
			t.Errorf("message %q", msg)
		}
		// The next window accepts the previous code (grace); the one after does not.
		w.tick(45 * time.Second)
		if w.code(t).Code == c.Code {
			t.Error("the code did not change with the window")
		}
		if _, err := w.svc.CheckInWithCode(ctx, w.b, c.Code); err != nil {
			t.Errorf("previous window's code: %v", err)
		}
		w.tick(45 * time.Second)
		_, err = w.svc.CheckInWithCode(ctx, w.waiting, c.Code)
		wantErr(t, "expired code", err, ocop.EINVALID, "err.attendance_code_expired")

		// Forged: a changed character, another server's key, a certificate code.
		fresh := w.code(t).Code
		last := fresh[len(fresh)-1]
		forged := fresh[:len(fresh)-1] + map[bool]string{true: "B", false: "A"}[last == 'A']
		other := secret.NewCodes(secret.NewCodeKey())
		for name, code := range map[string]string{"changed": forged, "other key": other.Stamp("attendance", w.session.ID, 40_000_002),
			"certificate code": other.New(), "rubbish": "abc"} {
			_, err := w.svc.CheckInWithCode(ctx, w.waiting, code)
			wantErr(t, "forged "+name, err, ocop.EINVALID, "err.attendance_code_invalid")
		}
		// Waitlisted and unregistered trainees are refused.
		_, err = w.svc.CheckInWithCode(ctx, w.waiting, fresh)
		wantErr(t, "waitlisted", err, ocop.EFORBIDDEN, "err.attendance_waitlisted")
		_, err = w.svc.CheckInWithCode(ctx, w.stranger, fresh)
		wantErr(t, "not enrolled", err, ocop.EFORBIDDEN, "err.attendance_not_enrolled")

		sheet, err := w.svc.SessionAttendance(ctx, w.manager, w.session.ID)
		if err != nil || sheet.Present != 2 || len(sheet.Rows) != 3 {
			t.Fatalf("sheet: %+v %v", sheet, err)
		}
		marks, _ := db.SessionAttendance(ctx, w.session.ID)
		if len(marks) != 2 {
			t.Errorf("refused scans changed the marks: %d", len(marks))
		}
	})
}

// A code works once per trainee: after the organiser corrects a mark, a
// replay of the code is refused; a new code is accepted.
func TestAttendanceReplayAndManualMarks(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newAttendanceWorld(t, db)
		code := w.code(t).Code
		if _, err := w.svc.CheckInWithCode(ctx, w.a, code); err != nil {
			t.Fatal(err)
		}
		ea, err := db.UserEnrolment(ctx, w.course.ID, w.a.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The reason is required.
		_, err = w.svc.MarkAttendance(ctx, w.manager, w.session.ID, service.MarkInput{EnrolmentID: ea.ID, Reason: "  "})
		if fieldErrors(err)["reason"] != "err.required" {
			t.Fatalf("mark without reason: %v", err)
		}
		m, err := w.svc.MarkAttendance(ctx, w.manager, w.session.ID, service.MarkInput{EnrolmentID: ea.ID,
			Reason: "Quét hộ rồi về sớm"})
		if err != nil || m.Present || m.Method != ocop.AttendManual || m.Version != 2 {
			t.Fatalf("manual absent: %+v %v", m, err)
		}
		w.tick(10 * time.Second)
		_, err = w.svc.CheckInWithCode(ctx, w.a, code)
		wantErr(t, "replay", err, ocop.ECONFLICT, "err.attendance_code_used")
		w.tick(45 * time.Second)
		if _, err := w.svc.CheckInWithCode(ctx, w.a, w.code(t).Code); err != nil {
			t.Errorf("a new code after the correction: %v", err)
		}

		// A trainee without an account is marked by hand; so says the audit trail.
		if _, err := w.svc.MarkAttendance(ctx, w.manager, w.session.ID, service.MarkInput{EnrolmentID: w.noAccount.ID,
			Present: true, Reason: "Không có tài khoản, có mặt tại lớp"}); err != nil {
			t.Fatal(err)
		}
		rows, err := db.AuditEntries(ctx, store.AuditFilter{Entity: "course", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var manual, qr int
		for _, r := range rows {
			switch r.Action {
			case "training.attendance_manual":
				manual++
				if r.ActorID != w.manager.ID || !strings.Contains(r.After, `"reason":`) || r.UnitCode != "14" {
					t.Errorf("manual audit row %+v", r)
				}
			case "training.attendance_qr":
				qr++
			}
		}
		if manual != 2 || qr != 2 {
			t.Errorf("audit: %d manual, %d qr rows; want 2 and 2", manual, qr)
		}
		if v, err := db.VerifyAudit(ctx); err != nil || !v.OK() {
			t.Errorf("audit chain: %+v %v", v, err)
		}

		// A waitlisted trainee cannot be marked; another province sees nothing.
		ew, _ := db.UserEnrolment(ctx, w.course.ID, w.waiting.ID)
		_, err = w.svc.MarkAttendance(ctx, w.manager, w.session.ID, service.MarkInput{EnrolmentID: ew.ID, Present: true, Reason: "x"})
		wantErr(t, "waitlisted mark", err, ocop.ECONFLICT, "err.attendance_not_seated")
		_, err = w.svc.MarkAttendance(ctx, w.hani, w.session.ID, service.MarkInput{EnrolmentID: ea.ID, Present: true, Reason: "x"})
		wantErr(t, "Hà Nội marks", err, ocop.ENOTFOUND, "err.not_found")
		if _, err := w.svc.CurrentAttendanceCode(ctx, w.hani, w.session.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội reads the code: %v", err)
		}
		// The session's lecturer, from another province, runs the screen.
		if _, err := w.svc.CurrentAttendanceCode(ctx, w.lecturer, w.session.ID); err != nil {
			t.Errorf("the lecturer reads the code: %v", err)
		}
		if _, err := w.svc.CurrentAttendanceCode(ctx, w.a, w.session.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("a trainee reads the code: %v", err)
		}
		sheet, err := w.svc.CourseAttendance(ctx, w.manager, w.course.ID)
		if err != nil || len(sheet.Rows) != 3 || len(sheet.Sessions) != 1 {
			t.Fatalf("course sheet %+v %v", sheet, err)
		}
		present := map[string]int{}
		for _, r := range sheet.Rows {
			present[r.Enrolment.FullName] = r.Present
		}
		if present["hocvien.a"] != 1 || present["Lò Văn Khách"] != 1 || present["hocvien.b"] != 0 {
			t.Errorf("course sheet presence %v", present)
		}
	})
}
