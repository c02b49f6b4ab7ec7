package service_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// testedCourse is a Sơn La course of five three-hour sessions on the
// "digital" topic with ten bank questions (answer: option 1), two
// trainees with accounts and one without.
type testedCourse struct {
	course                      *ocop.Course
	manager, traineeA, traineeB *ocop.User
	enrolA, enrolB, enrolPaper  *ocop.Enrolment
	bank                        []int64
}

func newTestedCourse(t *testing.T, db *store.DB, svc *service.Service) testedCourse {
	t.Helper()
	ctx := context.Background()
	tc := testedCourse{manager: staff(t, db, "taphuan.sonla", ocop.RoleProvince, ocop.ProvinceScope("14")),
		traineeA: staff(t, db, "hocvien.a", ocop.RoleCommune, ocop.CommuneScope("14", "04132")),
		traineeB: staff(t, db, "hocvien.b", ocop.RoleCommune, ocop.CommuneScope("14", "04132"))}
	for i := range 10 {
		q := &ocop.TopicQuestion{TopicCode: "digital", Body: fmt.Sprintf("Câu hỏi số %d?", i+1),
			Options: []string{"Sai", "Đúng", "Không rõ"}, Correct: 1}
		if err := db.Update(ctx, ocop.System, func(tx *store.Tx) error { return tx.AddTopicQuestion(ctx, q) }); err != nil {
			t.Fatal(err)
		}
		tc.bank = append(tc.bank, q.ID)
	}
	// Hà Nội's own question is not in a Sơn La course's bank.
	if err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
		return tx.AddTopicQuestion(ctx, &ocop.TopicQuestion{TopicCode: "digital", Body: "Hà Nội?", Options: []string{"A", "B"},
			ProvinceCode: "01"})
	}); err != nil {
		t.Fatal(err)
	}
	tc.enrolA = &ocop.Enrolment{UserID: tc.traineeA.ID, FullName: "Lò Văn An", UnitName: "UBND xã Tà Xùa"}
	tc.enrolB = &ocop.Enrolment{UserID: tc.traineeB.ID, FullName: "Mùa Thị Bình", UnitName: "HTX Chè Tà Xùa"}
	tc.enrolPaper = &ocop.Enrolment{FullName: "Quàng Văn Chiến", UnitName: "Tổ hợp tác Mận Hậu"}
	seed := service.CourseSeed{Course: &ocop.Course{ProvinceCode: "14", Title: "Chuyển đổi số trong OCOP",
		Organiser: "Văn phòng Điều phối NTM tỉnh Sơn La", Type: ocop.CourseClassroom, StartDate: "2026-09-27",
		EndDate: "2026-09-29", Capacity: 30, Audiences: []ocop.Audience{ocop.AudienceProducer}},
		Trainees: []*ocop.Enrolment{tc.enrolA, tc.enrolB, tc.enrolPaper}}
	for i := range 5 {
		seed.Sessions = append(seed.Sessions, service.SeedSession{Session: &ocop.CourseSession{Date: "2026-09-27",
			StartTime: fmt.Sprintf("%02d:00", 7+i*3%12), EndTime: fmt.Sprintf("%02d:00", 10+i*3%12), TopicCode: "digital"},
			Lecturer: -1})
	}
	if err := svc.BuildCourse(ctx, ocop.System, seed); err != nil {
		t.Fatal(err)
	}
	tc.course = seed.Course
	db.Now = func() time.Time { return time.Date(2026, 9, 27, 2, 0, 0, 0, time.UTC) } // first day, 09:00 in Sơn La
	return tc
}

// answers answers the first `right` questions right and the rest wrong.
func answers(n, right int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = map[bool]int{true: 1, false: 2}[i < right]
	}
	return out
}

func TestCourseTestsResultsAndFeedback(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc, ctx := newService(db), context.Background()
		tc := newTestedCourse(t, db, svc)
		id := tc.course.ID
		hanoi := staff(t, db, "taphuan.hanoi", ocop.RoleProvince, ocop.ProvinceScope("01"))
		outsider := staff(t, db, "xa.khac", ocop.RoleCommune, ocop.CommuneScope("14", "04132"))

		pre := service.TestInput{Kind: ocop.TestPre, Status: ocop.TestOpen, QuestionIDs: slices.Clone(tc.bank)}
		slices.Reverse(pre.QuestionIDs)
		if _, err := svc.SaveCourseTest(ctx, hanoi, id, pre); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội builds Sơn La's test: %v", err)
		}
		if _, err := svc.SaveCourseTest(ctx, tc.traineeA, id, pre); ocop.ErrorCode(err) != ocop.EFORBIDDEN {
			t.Errorf("trainee builds a test: %v", err)
		}
		tooMany := service.TestInput{Kind: ocop.TestPost, Status: ocop.TestOpen, Random: 11}
		if _, err := svc.SaveCourseTest(ctx, tc.manager, id, tooMany); fieldErrors(err)["random"] == "" {
			t.Errorf("11 random of a bank of 10: %v", err)
		}
		pt, err := svc.SaveCourseTest(ctx, tc.manager, id, pre)
		if err != nil || len(pt.Questions) != 10 || pt.Questions[0].QuestionID != tc.bank[9] {
			t.Fatalf("pre-test: %+v %v", pt, err)
		}
		post, err := svc.SaveCourseTest(ctx, tc.manager, id, service.TestInput{Kind: ocop.TestPost,
			Status: ocop.TestClosed, Random: 10})
		if err != nil || len(post.Questions) != 10 {
			t.Fatalf("post-test: %+v %v", post, err)
		}

		// The trainee's paper carries no answer key; answers are scored
		// on the server; once only; every question answered.
		v, _, err := svc.TakeTest(ctx, tc.traineeA, id, ocop.TestPre)
		if err != nil || len(v.Questions) != 10 || v.Questions[0].Body != "Câu hỏi số 10?" {
			t.Fatalf("take: %+v %v", v, err)
		}
		if _, _, err := svc.TakeTest(ctx, outsider, id, ocop.TestPre); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("a user without a seat takes the test: %v", err)
		}
		half := answers(10, 4)
		half[9] = -1
		if _, err := svc.SubmitTest(ctx, tc.traineeA, id, ocop.TestPre, half); fieldErrors(err)["q9"] == "" {
			t.Errorf("unanswered question: %v", err)
		}
		r, err := svc.SubmitTest(ctx, tc.traineeA, id, ocop.TestPre, answers(10, 4))
		if err != nil || r.Correct != 4 || r.Pct() != 40 {
			t.Fatalf("submit: %+v %v", r, err)
		}
		if _, err := svc.SubmitTest(ctx, tc.traineeA, id, ocop.TestPre, answers(10, 10)); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("second submission: %v", err)
		}
		if _, err := svc.SubmitTest(ctx, tc.traineeB, id, ocop.TestPost, answers(10, 10)); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("closed test: %v", err)
		}
		// Once taken, the pre-test's questions stay; opening and closing is fine.
		pre.Version, pre.QuestionIDs = pt.Version, tc.bank
		if _, err := svc.SaveCourseTest(ctx, tc.manager, id, pre); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("questions changed after answers: %v", err)
		}
		if _, err := svc.SaveCourseTest(ctx, tc.manager, id, service.TestInput{Kind: ocop.TestPost,
			Status: ocop.TestOpen, Version: 0}); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("stale version: %v", err)
		}
		if _, err := svc.SaveCourseTest(ctx, tc.manager, id, service.TestInput{Kind: ocop.TestPost,
			Status: ocop.TestOpen, Version: post.Version}); err != nil {
			t.Fatal(err)
		}
		for _, s := range []struct {
			u         *ocop.User
			kind      string
			right     int
			postRight int
		}{{tc.traineeA, ocop.TestPost, 8, 0}, {tc.traineeB, ocop.TestPre, 5, 0}, {tc.traineeB, ocop.TestPost, 5, 0}} {
			if _, err := svc.SubmitTest(ctx, s.u, id, s.kind, answers(10, s.right)); err != nil {
				t.Fatal(err)
			}
		}
		paper := service.PaperInput{EnrolmentID: tc.enrolPaper.ID, Kind: ocop.TestPost, ScorePct: 50}
		if _, err := svc.EnterPaperResult(ctx, hanoi, id, paper); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội enters a paper result: %v", err)
		}
		if _, err := svc.EnterPaperResult(ctx, tc.manager, id, service.PaperInput{EnrolmentID: tc.enrolPaper.ID,
			Kind: ocop.TestPost, ScorePct: 101}); fieldErrors(err)["score_pct"] == "" {
			t.Errorf("score 101: %v", err)
		}
		// Only a trainee present at a session took the paper test; a refusal changes nothing.
		before := auditCount(t, db)
		if _, err := svc.EnterPaperResult(ctx, tc.manager, id, paper); fieldErrors(err)["enrolment_id"] !=
			"err.training_paper_absent" {
			t.Errorf("paper result of an absent trainee: %v", err)
		}
		if rs, _ := db.TestResults(ctx, id); len(rs) != 4 || auditCount(t, db) != before {
			t.Errorf("a refused paper result changed something: %d results", len(rs))
		}
		attend(t, svc, tc.manager, id, map[int64]int{tc.enrolPaper.ID: 1})
		if r, err := svc.EnterPaperResult(ctx, tc.manager, id, paper); err != nil || !r.Paper || r.Pct() != 50 {
			t.Fatalf("paper: %+v %v", r, err)
		}
		if _, err := svc.EnterPaperResult(ctx, tc.manager, id, paper); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("second paper result: %v", err)
		}

		// Results: A 40 → 80 (+40), B 50 → 50 (0); the average is 20.
		res, err := svc.CourseResults(ctx, tc.manager, id)
		if err != nil || len(res.Rows) != 3 || res.AvgImprovement == nil || *res.AvgImprovement != 20 {
			t.Fatalf("results: %+v %v", res, err)
		}
		if a := res.Rows[0]; *a.PrePct != 40 || *a.PostPct != 80 || *a.Improvement != 40 {
			t.Errorf("A: %v %v %v", *a.PrePct, *a.PostPct, *a.Improvement)
		}
		if c := res.Rows[2]; c.Pre != nil || *c.PostPct != 50 || c.Improvement != nil || !c.Post.Paper {
			t.Errorf("paper trainee: %+v", c)
		}
		mine, err := svc.CourseResults(ctx, tc.traineeB, id)
		if err != nil || len(mine.Rows) != 1 || mine.Rows[0].Enrolment.ID != tc.enrolB.ID || mine.Feedback != nil {
			t.Errorf("B's own results: %+v %v", mine, err)
		}

		// The survey opens on the last day, once per trainee.
		rate := service.FeedbackInput{Ratings: map[string]int{"content": 5, "lecturers": 4, "organisation": 3,
			"usefulness": 5}, Comment: "Rất bổ ích"}
		if _, err := svc.SubmitFeedback(ctx, tc.traineeA, id, rate); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("feedback before the last day: %v", err)
		}
		db.Now = func() time.Time { return time.Date(2026, 9, 29, 9, 0, 0, 0, time.UTC) }
		bad := service.FeedbackInput{Ratings: map[string]int{"content": 6}}
		if _, err := svc.SubmitFeedback(ctx, tc.traineeA, id, bad); fieldErrors(err)["rating_content"] == "" ||
			fieldErrors(err)["rating_usefulness"] == "" {
			t.Errorf("bad ratings: %v", err)
		}
		if _, err := svc.SubmitFeedback(ctx, tc.traineeA, id, rate); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SubmitFeedback(ctx, tc.traineeA, id, rate); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("second feedback: %v", err)
		}
		rate.Ratings["organisation"], rate.Comment = 4, ""
		if _, err := svc.SubmitFeedback(ctx, tc.traineeB, id, rate); err != nil {
			t.Fatal(err)
		}
		res, _ = svc.CourseResults(ctx, tc.manager, id)
		if f := res.Feedback; f.Count != 2 || f.Averages["organisation"] != 3.5 || f.Averages["content"] != 5 ||
			!slices.Equal(f.Comments, []string{"Rất bổ ích"}) {
			t.Errorf("feedback summary: %+v", f)
		}
		audit, err := db.AuditEntries(ctx, store.AuditFilter{Entity: "course", EntityID: fmt.Sprint(id), Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, a := range audit {
			count[a.Action]++
		}
		if count["training.test_save"] != 3 || count["training.test_submit"] != 4 || count["training.test_paper"] != 1 ||
			count["training.feedback"] != 2 {
			t.Errorf("audit: %v", count)
		}
	})
}
