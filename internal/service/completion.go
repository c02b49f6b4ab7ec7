package service

import (
	"context"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/store"
)

// Completion of a course and its certificates (issue 6 item 8): the
// course's rules decide who completed; the organiser issues completion
// certificates after the course, each with a signed code (the same
// machinery as OCOP certificates) that a public page verifies.

// CompletionRow is a trainee against the completion rules.
type CompletionRow struct {
	Enrolment *ocop.Enrolment           `json:"enrolment"`
	Attended  int                       `json:"sessions_attended"`
	Hours     float64                   `json:"hours_attended"` // of the sessions attended
	Post      *ocop.TestResult          `json:"post,omitempty"`
	Completes bool                      `json:"completes"`
	Short     []string                  `json:"short"` // rules not met: attendance, no_posttest, posttest
	Cert      *ocop.TrainingCertificate `json:"certificate,omitempty"`
}

// Completion is a course's completion list.
type Completion struct {
	Sessions int              `json:"sessions"`
	Hours    float64          `json:"hours"`
	Rows     []*CompletionRow `json:"rows"`
}

// attended is what a trainee attended of a course.
type attended struct {
	Sessions int
	Hours    float64
}

// attendance sums, per enrolment of a course, the sessions attended and
// their hours (of the sessions given; without them, hours stay 0).
func (s *Service) attendance(ctx context.Context, courseID int64, sessions []*ocop.CourseSession) (map[int64]attended, error) {
	marks, err := s.DB.CourseAttendance(ctx, courseID)
	hours := map[int64]float64{}
	for _, se := range sessions {
		hours[se.ID] = sessionHours(se)
	}
	out := map[int64]attended{}
	for _, a := range marks {
		if a.Present {
			t := out[a.EnrolmentID]
			t.Sessions, t.Hours = t.Sessions+1, t.Hours+hours[a.SessionID]
			out[a.EnrolmentID] = t
		}
	}
	return out, err
}

// completion applies the rules to every seated trainee of a course.
func (s *Service) completion(ctx context.Context, c *ocop.Course) (*Completion, error) {
	sessions, err := s.DB.CourseSessions(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	out := &Completion{Sessions: len(sessions), Rows: []*CompletionRow{}}
	for _, se := range sessions {
		out.Hours += sessionHours(se)
	}
	attended, err := s.attendance(ctx, c.ID, sessions)
	if err != nil {
		return nil, err
	}
	enrolments, err := s.DB.Enrolments(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	res, err := s.results(ctx, c, enrolments)
	if err != nil {
		return nil, err
	}
	_, err = s.DB.CourseTest(ctx, c.ID, ocop.TestPost)
	hasPost := err == nil
	if err != nil && ocop.ErrorCode(err) != ocop.ENOTFOUND {
		return nil, err
	}
	certs, err := s.DB.TrainingCertificates(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	for _, r := range res.Rows {
		a := attended[r.Enrolment.ID]
		row := &CompletionRow{Enrolment: r.Enrolment, Attended: a.Sessions, Hours: a.Hours, Post: r.Post}
		row.Completes, row.Short = ocop.Completes(c, ocop.CompletionFacts{Sessions: out.Sessions,
			Attended: row.Attended, HasPost: hasPost, Post: r.Post})
		for _, ct := range certs {
			if ct.EnrolmentID == r.Enrolment.ID {
				row.Cert = ct
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

// sessionHours is a session's length in hours.
func sessionHours(se *ocop.CourseSession) float64 {
	a, err1 := time.Parse("15:04", se.StartTime)
	b, err2 := time.Parse("15:04", se.EndTime)
	if err1 != nil || err2 != nil {
		return 0
	}
	return b.Sub(a).Hours()
}

// CourseCompletion returns the completion list to an organiser.
func (s *Service) CourseCompletion(ctx context.Context, u *ocop.User, courseID int64) (*Completion, error) {
	c, err := s.managedCourse(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	return s.completion(ctx, c)
}

// IssueTrainingCertificates gives a completion certificate to every
// trainee who meets the rules and has none yet, once the course's last
// day has come. It returns the certificates it issued.
func (s *Service) IssueTrainingCertificates(ctx context.Context, u *ocop.User, courseID int64) ([]*ocop.TrainingCertificate, error) {
	c, err := s.managedCourse(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	if !s.courseOver(c) {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.training_not_over")
	}
	comp, err := s.completion(ctx, c)
	if err != nil {
		return nil, err
	}
	codes, err := s.codes(ctx)
	if err != nil {
		return nil, err
	}
	issued := []*ocop.TrainingCertificate{}
	for _, r := range comp.Rows {
		if !r.Completes || r.Cert != nil {
			continue
		}
		issued = append(issued, &ocop.TrainingCertificate{CourseID: c.ID, EnrolmentID: r.Enrolment.ID,
			Code: codes.New(), FullName: r.Enrolment.FullName, UnitName: r.Enrolment.UnitName, CourseTitle: c.Title,
			Organiser: c.Organiser, StartDate: c.StartDate, EndDate: c.EndDate, SessionsTotal: comp.Sessions,
			SessionsAttended: r.Attended, Hours: r.Hours, CourseHours: comp.Hours, PostTestPct: r.Post.Pct(),
			ProvinceCode: c.ProvinceCode, IssuedBy: u.ID})
	}
	return issued, s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		for _, ct := range issued {
			if err := tx.IssueTrainingCertificate(ctx, ct); err != nil {
				return err
			}
		}
		return nil
	})
}

// RevokeTrainingCertificate revokes a completion certificate with a reason.
func (s *Service) RevokeTrainingCertificate(ctx context.Context, u *ocop.User, courseID, id int64, reason string) (*ocop.TrainingCertificate, error) {
	ct, err := s.TrainingCertificateOf(ctx, u, courseID, id)
	if err != nil {
		return nil, err
	}
	reason = clean(reason)
	v := ocop.Validation{}
	checkRequired(v, "reason", reason, 1000)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if ct.Status != ocop.TrainingCertValid {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.training_cert_revoked")
	}
	return ct, s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		return tx.RevokeTrainingCertificate(ctx, ct, reason)
	})
}

// TrainingCertificateOf reads a certificate of a course an organiser manages.
func (s *Service) TrainingCertificateOf(ctx context.Context, u *ocop.User, courseID, id int64) (*ocop.TrainingCertificate, error) {
	c, err := s.managedCourse(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	ct, err := s.DB.TrainingCertificate(ctx, id)
	if err != nil || ct.CourseID != c.ID {
		return nil, ocop.ErrNotFound()
	}
	return ct, nil
}

// MyTrainingCertificate is a trainee's own certificate of a course,
// nil when they have none.
func (s *Service) MyTrainingCertificate(ctx context.Context, u *ocop.User, courseID int64) (*ocop.TrainingCertificate, error) {
	_, e, err := s.trainee(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	certs, err := s.DB.TrainingCertificates(ctx, courseID)
	for _, ct := range certs {
		if ct.EnrolmentID == e.ID {
			return ct, err
		}
	}
	return nil, err
}

// TrainingVerifyURL is the address a completion certificate's QR code holds.
func (s *Service) TrainingVerifyURL(ct *ocop.TrainingCertificate) string {
	return s.BaseURL + "/xac-minh-tap-huan/" + ct.Code
}

// TrainingVerification is what the public page says about a code.
type TrainingVerification struct {
	Result string                    // VerifyFound, VerifyUnknown, VerifyForged
	Cert   *ocop.TrainingCertificate // when found
}

// VerifyTraining looks a completion certificate's code up for anyone: a
// code not signed with our key is forged, a signed one we do not hold is
// unknown.
func (s *Service) VerifyTraining(ctx context.Context, code string) (TrainingVerification, error) {
	code = secret.Normalize(code)
	codes, err := s.codes(ctx)
	if err != nil {
		return TrainingVerification{}, err
	}
	if !codes.Valid(code) {
		return TrainingVerification{Result: VerifyForged}, nil
	}
	ct, err := s.DB.TrainingCertificateByCode(ctx, code)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		return TrainingVerification{Result: VerifyUnknown}, nil
	} else if err != nil {
		return TrainingVerification{}, err
	}
	return TrainingVerification{Result: VerifyFound, Cert: ct}, nil
}

// TestsPage is a course's tests page: organisers build tests, read
// results, the survey and the completion list; a trainee takes tests,
// answers the survey and finds their certificate.
type TestsPage struct {
	Course     *ocop.Course              `json:"course"`
	Manages    bool                      `json:"manages"`
	Tests      []*ocop.CourseTest        `json:"tests"` // organisers only (the answer key): empty for trainees
	Bank       []*ocop.TopicQuestion     `json:"bank,omitempty"`
	Results    *Results                  `json:"results"`
	Completion *Completion               `json:"completion,omitempty"`
	Mine       *ocop.Enrolment           `json:"my_enrolment,omitempty"`
	MyTests    map[string]string         `json:"my_tests,omitempty"` // kind → open | closed
	Feedback   *ocop.CourseFeedback      `json:"my_feedback,omitempty"`
	Cert       *ocop.TrainingCertificate `json:"my_certificate,omitempty"`
	Over       bool                      `json:"over"`
}

// CourseTestsPage gathers the tests page for an organiser or a trainee.
func (s *Service) CourseTestsPage(ctx context.Context, u *ocop.User, courseID int64) (*TestsPage, error) {
	c, err := s.course(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	p := &TestsPage{Course: c, Manages: managesCourse(u, c.ProvinceCode), Over: s.courseOver(c),
		Tests: []*ocop.CourseTest{}}
	tests, err := s.DB.CourseTests(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	if p.Manages {
		p.Tests = append(p.Tests, tests...)
		if p.Bank, err = s.QuestionBank(ctx, c); err != nil {
			return nil, err
		}
		if p.Completion, err = s.completion(ctx, c); err != nil {
			return nil, err
		}
		p.Results, err = s.CourseResults(ctx, u, courseID)
		return p, err
	}
	_, e, err := s.trainee(ctx, u, courseID)
	if ocop.ErrorCode(err) == ocop.ECONFLICT {
		return p, nil // not seated: nothing to take
	} else if err != nil {
		return nil, err
	}
	p.Mine, p.MyTests = e, map[string]string{}
	for _, t := range tests {
		p.MyTests[t.Kind] = t.Status
	}
	if p.Results, err = s.results(ctx, c, []*ocop.Enrolment{e}); err != nil {
		return nil, err
	}
	if p.Feedback, err = s.myFeedback(ctx, c.ID, e.ID); err != nil {
		return nil, err
	}
	p.Cert, err = s.MyTrainingCertificate(ctx, u, courseID)
	return p, err
}
