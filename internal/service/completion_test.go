package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// attend marks each enrolment present at its first n sessions, by hand.
func attend(t *testing.T, svc *service.Service, u *ocop.User, courseID int64, n map[int64]int) {
	t.Helper()
	ctx := context.Background()
	sessions, err := svc.DB.CourseSessions(ctx, courseID)
	if err != nil {
		t.Fatal(err)
	}
	for enrolment, k := range n {
		for _, s := range sessions[:k] {
			if _, err := svc.MarkAttendance(ctx, u, s.ID, service.MarkInput{EnrolmentID: enrolment, Present: true,
				Reason: "Điểm danh trên giấy"}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Completion from the attendance marked: A attended 4 of 5 (exactly
// 80 %) and scored 80 %, the paper trainee 5 of 5 and exactly 50 %; B
// attended 3 of 5. Only A and the paper trainee get certificates.
func TestIssueAndRevokeTrainingCertificates(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc, ctx := newService(db), context.Background()
		tc := newTestedCourse(t, db, svc)
		id := tc.course.ID
		attend(t, svc, tc.manager, id, map[int64]int{tc.enrolA.ID: 4, tc.enrolB.ID: 3, tc.enrolPaper.ID: 5})
		if _, err := svc.SaveCourseTest(ctx, tc.manager, id, service.TestInput{Kind: ocop.TestPost,
			Status: ocop.TestOpen, QuestionIDs: tc.bank}); err != nil {
			t.Fatal(err)
		}
		for _, s := range []struct {
			u     *ocop.User
			right int
		}{{tc.traineeA, 8}, {tc.traineeB, 10}} {
			if _, err := svc.SubmitTest(ctx, s.u, id, ocop.TestPost, answers(10, s.right)); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.EnterPaperResult(ctx, tc.manager, id, service.PaperInput{EnrolmentID: tc.enrolPaper.ID,
			Kind: ocop.TestPost, ScorePct: 50}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.IssueTrainingCertificates(ctx, tc.manager, id); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("certificates before the last day: %v", err)
		}
		db.Now = func() time.Time { return time.Date(2026, 9, 29, 9, 0, 0, 0, time.UTC) }
		hanoi := staff(t, db, "taphuan.hanoi", ocop.RoleProvince, ocop.ProvinceScope("01"))
		if _, err := svc.IssueTrainingCertificates(ctx, hanoi, id); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội issues: %v", err)
		}
		issued, err := svc.IssueTrainingCertificates(ctx, tc.manager, id)
		if err != nil || len(issued) != 2 {
			t.Fatalf("issued %+v %v", issued, err)
		}
		a := issued[0]
		if a.EnrolmentID != tc.enrolA.ID || a.SessionsAttended != 4 || a.SessionsTotal != 5 || a.Hours != 12 ||
			a.CourseHours != 15 ||
			a.PostTestPct != 80 || a.Number == "" || a.FullName != "Lò Văn An" || a.Status != ocop.TrainingCertValid {
			t.Errorf("A's certificate: %+v", a)
		}
		// Hours are each trainee's own: the sessions they attended.
		if p := issued[1]; p.EnrolmentID != tc.enrolPaper.ID || p.Hours != 15 || p.CourseHours != 15 {
			t.Errorf("the paper trainee's certificate: %+v", p)
		}
		comp, err := svc.CourseCompletion(ctx, tc.manager, id)
		if err != nil || comp.Rows[1].Completes || comp.Rows[1].Short[0] != ocop.ShortAttendance || comp.Rows[1].Cert != nil ||
			comp.Rows[1].Hours != 9 || comp.Hours != 15 {
			t.Errorf("B: %+v %v", comp.Rows[1], err)
		}
		if again, err := svc.IssueTrainingCertificates(ctx, tc.manager, id); err != nil || len(again) != 0 {
			t.Errorf("issued twice: %v %v", again, err)
		}
		v, err := svc.VerifyTraining(ctx, a.Code)
		if err != nil || v.Result != service.VerifyFound || v.Cert.ID != a.ID {
			t.Errorf("verify: %+v %v", v, err)
		}
		if mine, err := svc.MyTrainingCertificate(ctx, tc.traineeA, id); err != nil || mine.ID != a.ID {
			t.Errorf("A's own: %+v %v", mine, err)
		}
		if mine, err := svc.MyTrainingCertificate(ctx, tc.traineeB, id); err != nil || mine != nil {
			t.Errorf("B's own: %+v %v", mine, err)
		}
		// Revocation needs a reason and happens once.
		if _, err := svc.RevokeTrainingCertificate(ctx, tc.manager, id, a.ID, " "); fieldErrors(err)["reason"] == "" {
			t.Errorf("revoke without reason: %v", err)
		}
		if _, err := svc.RevokeTrainingCertificate(ctx, hanoi, id, a.ID, "Gian lận"); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội revokes: %v", err)
		}
		if r, err := svc.RevokeTrainingCertificate(ctx, tc.manager, id, a.ID, "Khai man điểm danh"); err != nil ||
			r.Status != ocop.TrainingCertRevoked {
			t.Fatalf("revoke: %+v %v", r, err)
		}
		if _, err := svc.RevokeTrainingCertificate(ctx, tc.manager, id, a.ID, "Lần hai"); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("second revocation: %v", err)
		}
		if v, _ := svc.VerifyTraining(ctx, a.Code); v.Cert.Status != ocop.TrainingCertRevoked ||
			v.Cert.RevokeReason != "Khai man điểm danh" {
			t.Errorf("verify revoked: %+v", v.Cert)
		}
	})
}

// Without an attendance counter nobody attended, so a course with
// sessions issues nothing.
func TestNoAttendanceRecordedIssuesNothing(t *testing.T) {
	db := testutil.NewSQLite(t)
	svc, ctx := newService(db), context.Background()
	tc := newTestedCourse(t, db, svc)
	db.Now = func() time.Time { return time.Date(2026, 9, 30, 9, 0, 0, 0, time.UTC) }
	issued, err := svc.IssueTrainingCertificates(ctx, tc.manager, tc.course.ID)
	if err != nil || len(issued) != 0 {
		t.Errorf("issued %v %v", issued, err)
	}
}
