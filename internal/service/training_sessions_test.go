package service_test

import (
	"context"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

func sessionEdit(se *ocop.CourseSession) service.SessionInput {
	return service.SessionInput{Date: se.Date, StartTime: se.StartTime, EndTime: se.EndTime, TopicCode: se.TopicCode,
		LecturerID: se.LecturerID, Title: se.Title, Place: se.Place, Version: se.Version}
}

// storedSession reads a session, failing the test when it is gone.
func storedSession(t *testing.T, db *store.DB, id int64) *ocop.CourseSession {
	t.Helper()
	se, err := db.CourseSession(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return se
}

func TestEditSession(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newAttendanceWorld(t, db)
		if _, err := w.svc.CheckInWithCode(ctx, w.a, w.code(t).Code); err != nil {
			t.Fatal(err)
		}
		before := storedSession(t, db, w.session.ID)
		if before.Version != 1 {
			t.Fatalf("a new session's version is %d", before.Version)
		}

		// Bad input: the same checks as adding, nothing changes.
		bad := sessionEdit(before)
		bad.Date, bad.EndTime = "05/10/2026", "07:00"
		_, err := w.svc.UpdateCourseSession(ctx, w.manager, w.course.ID, w.session.ID, bad)
		if f := fieldErrors(err); f["session_date"] != "err.training_session_date" || f["end_time"] != "err.training_time" {
			t.Errorf("bad edit: %v", err)
		}
		// Another province's manager is told it does not exist.
		edit := sessionEdit(before)
		edit.Date, edit.Place = "28/09/2026", "Phòng 2"
		if _, err := w.svc.UpdateCourseSession(ctx, w.hani, w.course.ID, w.session.ID, edit); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội edits: %v", err)
		}
		if got := storedSession(t, db, w.session.ID); *got != *before {
			t.Errorf("refused edits changed the session: %+v", got)
		}

		// Moving the day keeps the attendance.
		saved, err := w.svc.UpdateCourseSession(ctx, w.manager, w.course.ID, w.session.ID, edit)
		if err != nil || saved.Date != "2026-09-28" || saved.Place != "Phòng 2" || saved.Version != 2 {
			t.Fatalf("edit: %+v %v", saved, err)
		}
		if marks, _ := db.SessionAttendance(ctx, w.session.ID); len(marks) != 1 || !marks[0].Present {
			t.Errorf("attendance after the move: %+v", marks)
		}

		// A stale version is a conflict and changes nothing.
		edit.Place = "Ghi đè"
		_, err = w.svc.UpdateCourseSession(ctx, w.manager, w.course.ID, w.session.ID, edit)
		wantErr(t, "stale session", err, ocop.ECONFLICT, "err.conflict")
		if got := storedSession(t, db, w.session.ID); got.Place != "Phòng 2" || got.Version != 2 {
			t.Errorf("after the stale edit: %+v", got)
		}

		// With attendance it cannot be deleted; without, it can.
		err = w.svc.DeleteCourseSession(ctx, w.manager, w.course.ID, w.session.ID)
		wantErr(t, "delete attended", err, ocop.ECONFLICT, "err.training_session_attended")
		storedSession(t, db, w.session.ID)
		spare, err := w.svc.AddCourseSession(ctx, w.manager, w.course.ID, service.SessionInput{Date: "29/09/2026",
			StartTime: "13:30", EndTime: "16:30", Title: "Thảo luận"})
		if err != nil {
			t.Fatal(err)
		}
		if err := w.svc.DeleteCourseSession(ctx, w.manager, w.course.ID, spare.ID); err != nil {
			t.Errorf("delete unattended: %v", err)
		}

		rows, err := db.AuditEntries(ctx, store.AuditFilter{Entity: "course", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		updates := 0
		for _, r := range rows {
			if r.Action == "training.session_update" {
				updates++
			}
		}
		if updates != 1 {
			t.Errorf("%d session_update audit rows, want 1", updates)
		}
	})
}

func TestEditLecturer(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newAttendanceWorld(t, db)
		l, err := w.svc.AddLecturer(ctx, w.manager, service.LecturerInput{FullName: "Lò Thị Giảng", Organisation: "Sở NN"})
		if err != nil || l.Version != 1 {
			t.Fatalf("add: %+v %v", l, err)
		}
		member := staff(t, db, "hoidong.sonla", ocop.RoleCouncil, ocop.ProvinceScope("14"))
		in := service.LecturerInput{FullName: "Lò Thị Giảng", Title: "ThS.", Organisation: "Sở NN", Username: "khong.co",
			Version: 1}
		_, err = w.svc.UpdateLecturer(ctx, w.manager, l.ID, in)
		if fieldErrors(err)["username"] != "err.training_lecturer_account" {
			t.Errorf("unknown account: %v", err)
		}
		in.Username = member.Username
		if _, err := w.svc.UpdateLecturer(ctx, w.hani, l.ID, in); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội edits Sơn La's lecturer: %v", err)
		}
		got, _ := db.Lecturer(ctx, l.ID)
		if got.Title != "" || got.UserID != 0 || got.Version != 1 {
			t.Errorf("refused edits changed the lecturer: %+v", got)
		}
		saved, err := w.svc.UpdateLecturer(ctx, w.manager, l.ID, in)
		if err != nil || saved.UserID != member.ID || saved.Title != "ThS." || saved.Version != 2 {
			t.Fatalf("edit: %+v %v", saved, err)
		}
		in.Title = "TS."
		_, err = w.svc.UpdateLecturer(ctx, w.manager, l.ID, in)
		wantErr(t, "stale lecturer", err, ocop.ECONFLICT, "err.conflict")
		if got, _ := db.Lecturer(ctx, l.ID); got.Title != "ThS." || got.Version != 2 {
			t.Errorf("after the stale edit: %+v", got)
		}
	})
}

// A lecturer whose account is linked runs the screens of the sessions they
// teach — here a council member, who cannot manage training — and no other.
func TestLecturerRunsOwnSessions(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newAttendanceWorld(t, db)
		member := staff(t, db, "hoidong.sonla", ocop.RoleCouncil, ocop.ProvinceScope("14"))
		l, err := w.svc.AddLecturer(ctx, w.manager, service.LecturerInput{FullName: "Cầm Văn Dạy", Username: member.Username})
		if err != nil {
			t.Fatal(err)
		}
		mine, err := w.svc.AddCourseSession(ctx, w.manager, w.course.ID, service.SessionInput{Date: "28/09/2026",
			StartTime: "08:00", EndTime: "11:00", TopicCode: "brand", LecturerID: l.ID})
		if err != nil {
			t.Fatal(err)
		}
		taught, err := w.svc.TaughtSessions(ctx, member)
		if err != nil || len(taught) != 1 || taught[0].Session.ID != mine.ID || taught[0].Course.ID != w.course.ID {
			t.Fatalf("taught sessions: %+v %v", taught, err)
		}
		if _, err := w.svc.CurrentAttendanceCode(ctx, member, mine.ID); err != nil {
			t.Errorf("the lecturer's own screen: %v", err)
		}
		ea, _ := db.UserEnrolment(ctx, w.course.ID, w.a.ID)
		if _, err := w.svc.MarkAttendance(ctx, member, mine.ID, service.MarkInput{EnrolmentID: ea.ID, Present: true,
			Reason: "Điện thoại hết pin"}); err != nil {
			t.Errorf("the lecturer marks by hand: %v", err)
		}
		// Another lecturer's session, and the producer-trainee: 404, nothing marked.
		for _, who := range []*ocop.User{member, w.a} {
			if _, err := w.svc.SessionAttendance(ctx, who, w.session.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
				t.Errorf("%s reads another session: %v", who.Username, err)
			}
			_, err := w.svc.MarkAttendance(ctx, who, w.session.ID, service.MarkInput{EnrolmentID: ea.ID, Present: true,
				Reason: "x"})
			if ocop.ErrorCode(err) != ocop.ENOTFOUND {
				t.Errorf("%s marks another session: %v", who.Username, err)
			}
		}
		if _, err := w.svc.MarkAttendance(ctx, w.a, mine.ID, service.MarkInput{EnrolmentID: ea.ID, Reason: "x"}); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("a trainee marks the lecturer's session: %v", err)
		}
		if marks, _ := db.SessionAttendance(ctx, w.session.ID); len(marks) != 0 {
			t.Errorf("refused marks were recorded: %+v", marks)
		}
		if marks, _ := db.SessionAttendance(ctx, mine.ID); len(marks) != 1 || !marks[0].Present {
			t.Errorf("the lecturer's mark: %+v", marks)
		}
		// Unlinking the account ends the access.
		if _, err := w.svc.UpdateLecturer(ctx, w.manager, l.ID, service.LecturerInput{FullName: l.FullName,
			Version: l.Version}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.CurrentAttendanceCode(ctx, member, mine.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("after unlinking: %v", err)
		}
	})
}
