package service_test

import (
	"context"
	"slices"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// auditCount counts every audit row, to show a refusal wrote none.
func auditCount(t *testing.T, db *store.DB) int {
	t.Helper()
	rows, err := db.AuditEntries(context.Background(), store.AuditFilter{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	return len(rows)
}

// A trainee's draft is kept on the server, replaced as they answer, seen
// by them alone, and dropped when they submit; after that none is taken.
func TestTestDrafts(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc, ctx := newService(db), context.Background()
		tc := newTestedCourse(t, db, svc)
		id := tc.course.ID
		if _, err := svc.SaveCourseTest(ctx, tc.manager, id, service.TestInput{Kind: ocop.TestPre,
			Status: ocop.TestOpen, QuestionIDs: tc.bank}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.MyTestDraft(ctx, tc.traineeA, id, ocop.TestPre); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("a draft before any answer: %v", err)
		}
		if _, err := svc.SaveTestDraft(ctx, tc.traineeA, id, ocop.TestPre, []int{1, 2}); err != nil {
			t.Fatal(err)
		}
		d, err := svc.SaveTestDraft(ctx, tc.traineeA, id, ocop.TestPre, []int{1, -1, 0})
		if err != nil {
			t.Fatal(err)
		}
		want := append([]int{1, -1, 0}, slices.Repeat([]int{-1}, 7)...)
		if !slices.Equal(d.Answers, want) {
			t.Errorf("saved %v, want %v", d.Answers, want)
		}
		// Read back as the page (another device) and the API would.
		v, _, err := svc.TakeTest(ctx, tc.traineeA, id, ocop.TestPre)
		if err != nil || v.Draft == nil || !slices.Equal(v.Draft.Answers, want) || v.Draft.SavedAt.IsZero() {
			t.Errorf("the draft on the test page: %+v %v", v.Draft, err)
		}
		if got, err := svc.MyTestDraft(ctx, tc.traineeA, id, ocop.TestPre); err != nil || !slices.Equal(got.Answers, want) {
			t.Errorf("my draft: %+v %v", got, err)
		}
		// Nobody else sees it: another trainee has none of their own; the
		// organiser and someone without a seat have no test to draft;
		// another province does not find the course.
		outsider := staff(t, db, "xa.khac", ocop.RoleCommune, ocop.CommuneScope("14", "04132"))
		hanoi := staff(t, db, "taphuan.hanoi", ocop.RoleProvince, ocop.ProvinceScope("01"))
		for _, c := range []struct {
			name string
			u    *ocop.User
			code string
		}{{"B", tc.traineeB, ocop.ENOTFOUND}, {"organiser", tc.manager, ocop.ECONFLICT},
			{"outsider", outsider, ocop.ECONFLICT}, {"Hà Nội", hanoi, ocop.ENOTFOUND}} {
			if got, err := svc.MyTestDraft(ctx, c.u, id, ocop.TestPre); ocop.ErrorCode(err) != c.code {
				t.Errorf("%s reads A's draft: %+v %v", c.name, got, err)
			}
			if _, err := svc.SaveTestDraft(ctx, c.u, id, ocop.TestPre, []int{0}); c.name != "B" &&
				ocop.ErrorCode(err) != c.code {
				t.Errorf("%s saves a draft: %v", c.name, err)
			}
		}
		if got, _ := svc.MyTestDraft(ctx, tc.traineeA, id, ocop.TestPre); !slices.Equal(got.Answers, want) {
			t.Errorf("B's draft changed A's: %v", got.Answers)
		}
		// Bad answers and a missing test change nothing.
		before := auditCount(t, db)
		for _, bad := range [][]int{{3}, {-2}, slices.Repeat([]int{0}, 11)} {
			if _, err := svc.SaveTestDraft(ctx, tc.traineeA, id, ocop.TestPre, bad); fieldErrors(err)["answers"] == "" {
				t.Errorf("draft %v: %v", bad, err)
			}
		}
		if _, err := svc.SaveTestDraft(ctx, tc.traineeA, id, ocop.TestPost, []int{0}); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("draft of a test the course lacks: %v", err)
		}
		if auditCount(t, db) != before {
			t.Error("a refused draft wrote to the audit trail")
		}
		// Submitting scores on the server and drops the draft; a later
		// draft is refused.
		if _, err := svc.SubmitTest(ctx, tc.traineeA, id, ocop.TestPre, answers(10, 6)); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.MyTestDraft(ctx, tc.traineeA, id, ocop.TestPre); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("the draft stayed after submitting: %v", err)
		}
		if _, err := svc.SaveTestDraft(ctx, tc.traineeA, id, ocop.TestPre, []int{1}); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("a draft after submitting: %v", err)
		}
		// A closed test takes no draft.
		pt, _ := db.CourseTest(ctx, id, ocop.TestPre)
		if _, err := svc.SaveCourseTest(ctx, tc.manager, id, service.TestInput{Kind: ocop.TestPre,
			Status: ocop.TestClosed, Version: pt.Version}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SaveTestDraft(ctx, tc.traineeB, id, ocop.TestPre, []int{1}); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("a draft of a closed test: %v", err)
		}
		audit, err := db.AuditEntries(ctx, store.AuditFilter{Entity: "course", Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range audit {
			if a.Action == "training.test_draft" {
				n++
			}
		}
		if n != 3 { // A twice, B once
			t.Errorf("%d draft audit rows, want 3", n)
		}
	})
}
