package web

import (
	"context"
	"net/http"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

// The JSON API of a course's tests, results, feedback and certificates.

// none is the body of routes that read none.
type none struct{}

// courseJSON answers a course route: it reads the course id and, when the
// route has a body, checks the course is visible before decoding it (so
// someone else's course is not found whatever the body), then writes what
// fn returns with status.
func courseJSON[T any](s *Server, w http.ResponseWriter, r *http.Request, u *ocop.User, status int,
	fn func(ctx context.Context, id int64, in T) (any, error)) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	var in T
	if _, read := any(in).(none); !read {
		if _, err := s.svc.Course(r.Context(), u, id); err != nil {
			return err
		}
		if err := decode(r, &in); err != nil {
			return err
		}
	}
	out, err := fn(r.Context(), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, status, out)
	return nil
}

func (s *Server) apiCourseTests(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return courseJSON(s, w, r, u, http.StatusOK, func(ctx context.Context, id int64, _ none) (any, error) {
		return s.svc.CourseTestsPage(ctx, u, id)
	})
}

func (s *Server) apiCourseTestSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return courseJSON(s, w, r, u, http.StatusOK, func(ctx context.Context, id int64, in service.TestInput) (any, error) {
		return s.svc.SaveCourseTest(ctx, u, id, in)
	})
}

func (s *Server) apiCourseTest(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return courseJSON(s, w, r, u, http.StatusOK, func(ctx context.Context, id int64, _ none) (any, error) {
		kind, err := testKind(r)
		if err != nil {
			return nil, err
		}
		v, _, err := s.svc.TakeTest(ctx, u, id, kind)
		return v, err
	})
}

// answersBody is a trainee's answers: the chosen option's index (from 0)
// per question, in the test's order.
type answersBody struct {
	Answers []int `json:"answers"`
}

func (s *Server) apiCourseTestSubmit(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return courseJSON(s, w, r, u, http.StatusCreated, func(ctx context.Context, id int64, in answersBody) (any, error) {
		kind, err := testKind(r)
		if err != nil {
			return nil, err
		}
		res, err := s.svc.SubmitTest(ctx, u, id, kind, in.Answers)
		if err != nil {
			return nil, err
		}
		return map[string]any{"result": res, "score_pct": res.Pct()}, nil
	})
}

// draftAnswer is a draft with the time it was saved as the test page
// shows it (hh:mm, Vietnam time).
type draftAnswer struct {
	*ocop.TestDraft
	SavedTime string `json:"saved_time"`
}

func newDraftAnswer(d *ocop.TestDraft) draftAnswer {
	return draftAnswer{TestDraft: d, SavedTime: d.SavedAt.In(i18n.Zone).Format("15:04")}
}

func (s *Server) apiTestDraft(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return courseJSON(s, w, r, u, http.StatusOK, func(ctx context.Context, id int64, _ none) (any, error) {
		kind, err := testKind(r)
		if err != nil {
			return nil, err
		}
		d, err := s.svc.MyTestDraft(ctx, u, id, kind)
		if err != nil {
			return nil, err
		}
		return newDraftAnswer(d), nil
	})
}

// apiTestDraftSave is what the test page's script posts as the trainee
// answers.
func (s *Server) apiTestDraftSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return courseJSON(s, w, r, u, http.StatusOK, func(ctx context.Context, id int64, in answersBody) (any, error) {
		kind, err := testKind(r)
		if err != nil {
			return nil, err
		}
		d, err := s.svc.SaveTestDraft(ctx, u, id, kind, in.Answers)
		if err != nil {
			return nil, err
		}
		return newDraftAnswer(d), nil
	})
}

// paperBody is a paper test's score.
type paperBody struct {
	EnrolmentID int64 `json:"enrolment_id"`
	ScorePct    int   `json:"score_pct"`
}

func (s *Server) apiCoursePaper(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return courseJSON(s, w, r, u, http.StatusCreated, func(ctx context.Context, id int64, in paperBody) (any, error) {
		kind, err := testKind(r)
		if err != nil {
			return nil, err
		}
		return s.svc.EnterPaperResult(ctx, u, id, service.PaperInput{EnrolmentID: in.EnrolmentID, Kind: kind,
			ScorePct: in.ScorePct})
	})
}

func (s *Server) apiCourseResults(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return courseJSON(s, w, r, u, http.StatusOK, func(ctx context.Context, id int64, _ none) (any, error) {
		return s.svc.CourseResults(ctx, u, id)
	})
}

func (s *Server) apiCourseFeedback(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return courseJSON(s, w, r, u, http.StatusCreated, func(ctx context.Context, id int64, in service.FeedbackInput) (any, error) {
		return s.svc.SubmitFeedback(ctx, u, id, in)
	})
}

func (s *Server) apiCourseCompletion(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return courseJSON(s, w, r, u, http.StatusOK, func(ctx context.Context, id int64, _ none) (any, error) {
		return s.svc.CourseCompletion(ctx, u, id)
	})
}

func (s *Server) apiCourseCertsIssue(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return courseJSON(s, w, r, u, http.StatusOK, func(ctx context.Context, id int64, _ none) (any, error) {
		issued, err := s.svc.IssueTrainingCertificates(ctx, u, id)
		return map[string]any{"issued": issued}, err
	})
}

// revokeBody is a revocation's reason.
type revokeBody struct {
	Reason string `json:"reason"`
}

func (s *Server) apiCourseCertRevoke(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return courseJSON(s, w, r, u, http.StatusOK, func(ctx context.Context, id int64, in revokeBody) (any, error) {
		cid, err := pathID(r, "tcert")
		if err != nil {
			return nil, err
		}
		return s.svc.RevokeTrainingCertificate(ctx, u, id, cid, in.Reason)
	})
}
