package web

import (
	"net/http"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

// The JSON API of a course's tests, results, feedback and certificates.

func (s *Server) apiCourseTests(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	p, err := s.svc.CourseTestsPage(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// seenCourse checks the course is visible before the body is read, so
// someone else's course is not found whatever the body.
func (s *Server) seenCourse(r *http.Request, u *ocop.User) (int64, error) {
	id, err := pathID(r, "course")
	if err != nil {
		return 0, err
	}
	_, err = s.svc.Course(r.Context(), u, id)
	return id, err
}

func (s *Server) apiCourseTestSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := s.seenCourse(r, u)
	if err != nil {
		return err
	}
	var in service.TestInput
	if err := decode(r, &in); err != nil {
		return err
	}
	t, err := s.svc.SaveCourseTest(r.Context(), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (s *Server) apiCourseTest(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	kind, err := testKind(r)
	if err != nil {
		return err
	}
	v, _, err := s.svc.TakeTest(r.Context(), u, id, kind)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// answersBody is a trainee's answers: the chosen option's index (from 0)
// per question, in the test's order.
type answersBody struct {
	Answers []int `json:"answers"`
}

func (s *Server) apiCourseTestSubmit(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := s.seenCourse(r, u)
	if err != nil {
		return err
	}
	kind, err := testKind(r)
	if err != nil {
		return err
	}
	var in answersBody
	if err := decode(r, &in); err != nil {
		return err
	}
	res, err := s.svc.SubmitTest(r.Context(), u, id, kind, in.Answers)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"result": res, "score_pct": res.Pct()})
	return nil
}

// paperBody is a paper test's score.
type paperBody struct {
	EnrolmentID int64 `json:"enrolment_id"`
	ScorePct    int   `json:"score_pct"`
}

func (s *Server) apiCoursePaper(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := s.seenCourse(r, u)
	if err != nil {
		return err
	}
	kind, err := testKind(r)
	if err != nil {
		return err
	}
	var in paperBody
	if err := decode(r, &in); err != nil {
		return err
	}
	res, err := s.svc.EnterPaperResult(r.Context(), u, id, service.PaperInput{EnrolmentID: in.EnrolmentID, Kind: kind,
		ScorePct: in.ScorePct})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, res)
	return nil
}

func (s *Server) apiCourseResults(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	res, err := s.svc.CourseResults(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) apiCourseFeedback(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := s.seenCourse(r, u)
	if err != nil {
		return err
	}
	var in service.FeedbackInput
	if err := decode(r, &in); err != nil {
		return err
	}
	f, err := s.svc.SubmitFeedback(r.Context(), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, f)
	return nil
}

func (s *Server) apiCourseCompletion(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	c, err := s.svc.CourseCompletion(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) apiCourseCertsIssue(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	issued, err := s.svc.IssueTrainingCertificates(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"issued": issued})
	return nil
}

// revokeBody is a revocation's reason.
type revokeBody struct {
	Reason string `json:"reason"`
}

func (s *Server) apiCourseCertRevoke(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := s.seenCourse(r, u)
	if err != nil {
		return err
	}
	cid, err := pathID(r, "tcert")
	if err != nil {
		return err
	}
	var in revokeBody
	if err := decode(r, &in); err != nil {
		return err
	}
	ct, err := s.svc.RevokeTrainingCertificate(r.Context(), u, id, cid, in.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ct)
	return nil
}
