package service

import (
	"context"
	"math/rand/v2"
	"slices"
	"strconv"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// Pre-tests and post-tests of a course, their results and the feedback
// survey (issue 6 item 7). Organisers (training.manage in the course's
// scope) build tests and read results; trainees (an enrolled account)
// take each test once and see their own scores.

// MaxTestQuestions bounds a test's length.
const MaxTestQuestions = 100

// trainee loads a course the user sees and their seat in it: a user
// without a seat gets a conflict (the course is visible, the action is
// not available to them).
func (s *Service) trainee(ctx context.Context, u *ocop.User, courseID int64) (*ocop.Course, *ocop.Enrolment, error) {
	c, err := s.course(ctx, u, courseID)
	if err != nil {
		return nil, nil, err
	}
	e, err := s.DB.UserEnrolment(ctx, courseID, u.ID)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND || err == nil && e.Status != ocop.EnrolEnrolled {
		return nil, nil, ocop.Errorf(ocop.ECONFLICT, "err.training_not_enrolled")
	}
	return c, e, err
}

// QuestionBank lists the bank questions a course's tests may use: those
// of the topics its sessions teach, national or of the course's province.
func (s *Service) QuestionBank(ctx context.Context, c *ocop.Course) ([]*ocop.TopicQuestion, error) {
	sessions, err := s.DB.CourseSessions(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	var topics []string
	for _, se := range sessions {
		if se.TopicCode != "" && !slices.Contains(topics, se.TopicCode) {
			topics = append(topics, se.TopicCode)
		}
	}
	var bank []*ocop.TopicQuestion
	for _, t := range topics {
		qs, err := s.DB.TopicQuestions(ctx, t)
		if err != nil {
			return nil, err
		}
		for _, q := range qs {
			if q.ProvinceCode == "" || q.ProvinceCode == c.ProvinceCode {
				bank = append(bank, q)
			}
		}
	}
	return bank, nil
}

// TestInput builds or changes a test: chosen bank questions in order, or
// Random questions drawn from the bank. With neither, an existing test
// keeps its questions (opening or closing it).
type TestInput struct {
	Kind        string  `json:"kind"`   // pre | post
	Status      string  `json:"status"` // open | closed
	QuestionIDs []int64 `json:"question_ids"`
	Random      int     `json:"random"`
	Version     int64   `json:"version"` // 0 for a new test
}

// SaveCourseTest builds a course's pre-test or post-test. Once someone
// has answered, its questions no longer change.
func (s *Service) SaveCourseTest(ctx context.Context, u *ocop.User, courseID int64, in TestInput) (*ocop.CourseTest, error) {
	c, err := s.managedCourse(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	v := ocop.Validation{}
	if !slices.Contains(ocop.TestKinds, in.Kind) {
		v.Add("kind", "err.choose")
	}
	if in.Status != ocop.TestOpen && in.Status != ocop.TestClosed {
		v.Add("status", "err.choose")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	before, err := s.DB.CourseTest(ctx, c.ID, in.Kind)
	switch {
	case ocop.ErrorCode(err) == ocop.ENOTFOUND:
		before, err = nil, nil
		if in.Version != 0 {
			return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
		}
	case err != nil:
		return nil, err
	case before.Version != in.Version:
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	t := &ocop.CourseTest{Kind: in.Kind, Status: in.Status}
	if len(in.QuestionIDs) == 0 && in.Random == 0 && before != nil {
		t.Questions = before.Questions
	} else if t.Questions, err = s.pickQuestions(ctx, c, in); err != nil {
		return nil, err
	}
	if before != nil && !sameQuestions(before.Questions, t.Questions) {
		if taken, err := s.testTaken(ctx, c.ID, before.ID); err != nil || taken {
			return nil, firstErr(err, ocop.Errorf(ocop.ECONFLICT, "err.training_test_taken"))
		}
	}
	return t, s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.SaveCourseTest(ctx, c, before, t) })
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// pickQuestions copies the chosen (or randomly drawn) bank questions.
func (s *Service) pickQuestions(ctx context.Context, c *ocop.Course, in TestInput) ([]ocop.TestQuestion, error) {
	bank, err := s.QuestionBank(ctx, c)
	if err != nil {
		return nil, err
	}
	var chosen []*ocop.TopicQuestion
	switch {
	case in.Random > 0:
		if in.Random > len(bank) || in.Random > MaxTestQuestions {
			return nil, ocop.Validation{"random": "err.training_random_too_many"}.Err()
		}
		chosen = slices.Clone(bank)
		rand.Shuffle(len(chosen), func(i, j int) { chosen[i], chosen[j] = chosen[j], chosen[i] })
		chosen = chosen[:in.Random]
	case len(in.QuestionIDs) > MaxTestQuestions:
		return nil, ocop.Validation{"question_ids": "err.training_random_too_many"}.Err()
	default:
		for _, id := range in.QuestionIDs {
			i := slices.IndexFunc(bank, func(q *ocop.TopicQuestion) bool { return q.ID == id })
			if i < 0 || slices.Contains(chosen, bank[i]) {
				return nil, ocop.Validation{"question_ids": "err.choose"}.Err()
			}
			chosen = append(chosen, bank[i])
		}
	}
	if len(chosen) == 0 {
		return nil, ocop.Validation{"question_ids": "err.training_no_questions"}.Err()
	}
	out := make([]ocop.TestQuestion, len(chosen))
	for i, q := range chosen {
		out[i] = ocop.TestQuestion{QuestionID: q.ID, TopicCode: q.TopicCode, Body: q.Body, Options: q.Options,
			Correct: q.Correct}
	}
	return out, nil
}

func sameQuestions(a, b []ocop.TestQuestion) bool {
	return slices.EqualFunc(a, b, func(x, y ocop.TestQuestion) bool {
		return x.QuestionID == y.QuestionID && x.Body == y.Body && x.Correct == y.Correct && slices.Equal(x.Options, y.Options)
	})
}

func (s *Service) testTaken(ctx context.Context, courseID, testID int64) (bool, error) {
	rs, err := s.DB.TestResults(ctx, courseID)
	return slices.ContainsFunc(rs, func(r *ocop.TestResult) bool { return r.TestID == testID }), err
}

// PaperQuestion is a question as a trainee sees it: no answer key.
type PaperQuestion struct {
	Body    string   `json:"body"`
	Options []string `json:"options"`
}

// TakeView is a test as its trainee sees it, with their result once
// they answered.
type TakeView struct {
	Course    *ocop.Course     `json:"course"`
	Kind      string           `json:"kind"`
	Status    string           `json:"status"`
	Questions []PaperQuestion  `json:"questions"`
	Result    *ocop.TestResult `json:"result,omitempty"`
	Pct       float64          `json:"score_pct"`
	Draft     *ocop.TestDraft  `json:"draft,omitempty"` // unfinished answers kept on the server
	enrolment *ocop.Enrolment
}

// TakeTest returns a course's test for an enrolled trainee.
func (s *Service) TakeTest(ctx context.Context, u *ocop.User, courseID int64, kind string) (*TakeView, *ocop.CourseTest, error) {
	c, e, err := s.trainee(ctx, u, courseID)
	if err != nil {
		return nil, nil, err
	}
	t, err := s.DB.CourseTest(ctx, c.ID, kind)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		return nil, nil, ocop.Errorf(ocop.ECONFLICT, "err.training_test_missing")
	} else if err != nil {
		return nil, nil, err
	}
	v := &TakeView{Course: c, Kind: kind, Status: t.Status, enrolment: e}
	for _, q := range t.Questions {
		v.Questions = append(v.Questions, PaperQuestion{Body: q.Body, Options: q.Options})
	}
	results, err := s.DB.TestResults(ctx, c.ID)
	if err != nil {
		return nil, nil, err
	}
	for _, r := range results {
		if r.TestID == t.ID && r.EnrolmentID == e.ID {
			v.Result, v.Pct = r, r.Pct()
		}
	}
	if v.Result == nil {
		v.Draft, err = s.DB.TestDraft(ctx, t.ID, e.ID)
		if ocop.ErrorCode(err) == ocop.ENOTFOUND {
			v.Draft, err = nil, nil
		}
	}
	return v, t, err
}

// answerableTest is a test the user may still answer: open, and not yet
// submitted by them.
func (s *Service) answerableTest(ctx context.Context, u *ocop.User, courseID int64, kind string) (*TakeView, *ocop.CourseTest, error) {
	v, t, err := s.TakeTest(ctx, u, courseID, kind)
	switch {
	case err != nil:
		return nil, nil, err
	case v.Result != nil:
		return nil, nil, ocop.Errorf(ocop.ECONFLICT, "err.training_test_done")
	case t.Status != ocop.TestOpen:
		return nil, nil, ocop.Errorf(ocop.ECONFLICT, "err.training_test_closed")
	}
	return v, t, nil
}

// SubmitTest scores a trainee's answers (one option per question, every
// question answered) and keeps them; a second submission is a conflict.
func (s *Service) SubmitTest(ctx context.Context, u *ocop.User, courseID int64, kind string, answers []int) (*ocop.TestResult, error) {
	v, t, err := s.answerableTest(ctx, u, courseID, kind)
	if err != nil {
		return nil, err
	}
	bad := ocop.Validation{}
	r := &ocop.TestResult{TestID: t.ID, Kind: kind, Total: len(t.Questions), Answers: make([]int, len(t.Questions))}
	for i, q := range t.Questions {
		a := -1
		if i < len(answers) {
			a = answers[i]
		}
		if a < 0 || a >= len(q.Options) {
			bad.Add("q"+strconv.Itoa(i), "err.training_answer")
			a = -1
		}
		r.Answers[i] = a
		if a == q.Correct {
			r.Correct++
		}
	}
	if err := bad.Err(); err != nil {
		return nil, err
	}
	r.EnrolmentID = v.enrolment.ID
	return r, s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddTestResult(ctx, v.Course, r) })
}

// PaperInput is a paper test's score entered by an organiser.
type PaperInput struct {
	EnrolmentID int64  `json:"enrolment_id"`
	Kind        string `json:"kind"`
	ScorePct    int    `json:"score_pct"` // 0–100
}

// EnterPaperResult records the score of a test a trainee present at a
// session of the course took on paper (most have no account); it is
// marked as such and audited.
func (s *Service) EnterPaperResult(ctx context.Context, u *ocop.User, courseID int64, in PaperInput) (*ocop.TestResult, error) {
	c, err := s.managedCourse(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	v := ocop.Validation{}
	e, err := s.DB.Enrolment(ctx, in.EnrolmentID)
	if err != nil || e.CourseID != c.ID || e.Status != ocop.EnrolEnrolled {
		v.Add("enrolment_id", "err.choose")
	} else if present, err := s.attendance(ctx, c.ID, nil); err != nil {
		return nil, err
	} else if present[e.ID].Sessions == 0 {
		// A paper test is taken in class: a trainee never present did not take it.
		v.Add("enrolment_id", "err.training_paper_absent")
	}
	if !slices.Contains(ocop.TestKinds, in.Kind) {
		v.Add("kind", "err.choose")
	}
	if in.ScorePct < 0 || in.ScorePct > 100 {
		v.Add("score_pct", "err.training_score")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	t, err := s.DB.CourseTest(ctx, c.ID, in.Kind)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.training_test_missing")
	} else if err != nil {
		return nil, err
	}
	r := &ocop.TestResult{TestID: t.ID, Kind: t.Kind, EnrolmentID: e.ID, Correct: in.ScorePct, Total: 100, Paper: true,
		EnteredBy: u.ID}
	if err := s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddTestResult(ctx, c, r) }); err != nil {
		if ocop.ErrorCode(err) == ocop.ECONFLICT {
			return nil, ocop.Errorf(ocop.ECONFLICT, "err.training_test_done")
		}
		return nil, err
	}
	return r, nil
}

// ResultRow is a trainee's scores: percentages, and the improvement in
// percentage points when both tests were taken.
type ResultRow struct {
	Enrolment   *ocop.Enrolment  `json:"enrolment"`
	Pre         *ocop.TestResult `json:"pre,omitempty"`
	Post        *ocop.TestResult `json:"post,omitempty"`
	PrePct      *float64         `json:"pre_pct"`
	PostPct     *float64         `json:"post_pct"`
	Improvement *float64         `json:"improvement"`
}

// Results are a course's test results; AvgImprovement averages the
// trainees who took both tests.
type Results struct {
	Rows           []*ResultRow     `json:"rows"`
	AvgImprovement *float64         `json:"avg_improvement"`
	Feedback       *FeedbackSummary `json:"feedback,omitempty"` // organisers only
}

func pctOf(r *ocop.TestResult) *float64 {
	if r == nil {
		return nil
	}
	p := r.Pct()
	return &p
}

// CourseResults returns every trainee's results to an organiser and a
// trainee's own to them.
func (s *Service) CourseResults(ctx context.Context, u *ocop.User, courseID int64) (*Results, error) {
	c, err := s.course(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	var enrolments []*ocop.Enrolment
	manages := managesCourse(u, c.ProvinceCode)
	if manages {
		enrolments, err = s.DB.Enrolments(ctx, c.ID)
	} else {
		var e *ocop.Enrolment
		_, e, err = s.trainee(ctx, u, courseID)
		enrolments = []*ocop.Enrolment{e}
	}
	if err != nil {
		return nil, err
	}
	res, err := s.results(ctx, c, enrolments)
	if err != nil || !manages {
		return res, err
	}
	res.Feedback, err = s.feedbackSummary(ctx, c.ID, nil)
	return res, err
}

func (s *Service) results(ctx context.Context, c *ocop.Course, enrolments []*ocop.Enrolment) (*Results, error) {
	all, err := s.DB.TestResults(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	out := &Results{Rows: []*ResultRow{}}
	var sum float64
	var n int
	for _, e := range enrolments {
		if e.Status != ocop.EnrolEnrolled {
			continue
		}
		row := &ResultRow{Enrolment: e}
		for _, r := range all {
			if r.EnrolmentID == e.ID && r.Kind == ocop.TestPre {
				row.Pre = r
			} else if r.EnrolmentID == e.ID {
				row.Post = r
			}
		}
		row.PrePct, row.PostPct = pctOf(row.Pre), pctOf(row.Post)
		if row.Pre != nil && row.Post != nil {
			d := *row.PostPct - *row.PrePct
			row.Improvement, sum, n = &d, sum+d, n+1
		}
		out.Rows = append(out.Rows, row)
	}
	if n > 0 {
		avg := sum / float64(n)
		out.AvgImprovement = &avg
	}
	return out, nil
}

// FeedbackInput is the survey form: a rating 1–5 per aspect and a comment.
type FeedbackInput struct {
	Ratings map[string]int `json:"ratings"`
	Comment string         `json:"comment"`
}

// SubmitFeedback records a trainee's survey once the course's last day
// has come; once per trainee.
func (s *Service) SubmitFeedback(ctx context.Context, u *ocop.User, courseID int64, in FeedbackInput) (*ocop.CourseFeedback, error) {
	c, e, err := s.trainee(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	v := ocop.Validation{}
	f := &ocop.CourseFeedback{EnrolmentID: e.ID, Ratings: map[string]int{}, Comment: clean(in.Comment)}
	for _, a := range ocop.FeedbackAspects {
		if n := in.Ratings[a]; n < 1 || n > 5 {
			v.Add("rating_"+a, "err.training_rating")
		} else {
			f.Ratings[a] = n
		}
	}
	if len([]rune(f.Comment)) > 2000 {
		v.Add("comment", "err.too_long")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if !s.courseOver(c) {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.training_not_over")
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddFeedback(ctx, c, f) })
	if ocop.ErrorCode(err) == ocop.ECONFLICT {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.training_feedback_done")
	}
	return f, err
}

// courseOver reports whether a course is finished or its last day has come.
func (s *Service) courseOver(c *ocop.Course) bool {
	return c.Status == ocop.CourseFinished || s.DB.Now().In(i18n.Zone).Format("2006-01-02") >= c.EndDate
}

// FeedbackSummary averages a course's survey.
type FeedbackSummary struct {
	Count    int                `json:"count"`
	Averages map[string]float64 `json:"averages"`
	Comments []string           `json:"comments"`
}

// feedbackSummary averages a course's survey answers; keep, when not nil,
// names the enrolments whose forms count.
func (s *Service) feedbackSummary(ctx context.Context, courseID int64, keep map[int64]bool) (*FeedbackSummary, error) {
	all, err := s.DB.CourseFeedback(ctx, courseID)
	if err != nil {
		return nil, err
	}
	list := all[:0]
	for _, f := range all {
		if keep == nil || keep[f.EnrolmentID] {
			list = append(list, f)
		}
	}
	out := &FeedbackSummary{Count: len(list), Averages: map[string]float64{}, Comments: []string{}}
	for _, f := range list {
		for _, a := range ocop.FeedbackAspects {
			out.Averages[a] += float64(f.Ratings[a]) / float64(len(list))
		}
		if f.Comment != "" {
			out.Comments = append(out.Comments, f.Comment)
		}
	}
	return out, nil
}

// MyFeedback is a trainee's own survey answer, nil before they answer.
func (s *Service) myFeedback(ctx context.Context, courseID, enrolmentID int64) (*ocop.CourseFeedback, error) {
	list, err := s.DB.CourseFeedback(ctx, courseID)
	for _, f := range list {
		if f.EnrolmentID == enrolmentID {
			return f, err
		}
	}
	return nil, err
}
