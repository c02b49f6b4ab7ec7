package service

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// Drafts of a test being answered (issue 6 item 7): the test page saves a
// trainee's choices as they go, so a trainee who moves from phone to
// computer finds them. A draft belongs to its trainee alone: another
// trainee of the course finds none, someone without a seat is refused as
// on the test itself, and another unit's course is not found.

// MyTestDraft returns a trainee's draft of a course's test.
func (s *Service) MyTestDraft(ctx context.Context, u *ocop.User, courseID int64, kind string) (*ocop.TestDraft, error) {
	v, _, err := s.TakeTest(ctx, u, courseID, kind)
	if err != nil {
		return nil, err
	}
	if v.Draft == nil {
		return nil, ocop.ErrNotFound()
	}
	return v.Draft, nil
}

// SaveTestDraft keeps a trainee's unfinished answers (the chosen option
// per question, -1 for none) to an open test they have not submitted.
func (s *Service) SaveTestDraft(ctx context.Context, u *ocop.User, courseID int64, kind string, answers []int) (*ocop.TestDraft, error) {
	v, t, err := s.answerableTest(ctx, u, courseID, kind)
	if err != nil {
		return nil, err
	}
	if len(answers) > len(t.Questions) {
		return nil, ocop.Validation{"answers": "err.training_draft"}.Err()
	}
	d := &ocop.TestDraft{TestID: t.ID, EnrolmentID: v.enrolment.ID, Answers: make([]int, len(t.Questions))}
	for i, q := range t.Questions {
		d.Answers[i] = -1
		if i < len(answers) {
			d.Answers[i] = answers[i]
		}
		if d.Answers[i] < -1 || d.Answers[i] >= len(q.Options) {
			return nil, ocop.Validation{"answers": "err.training_draft"}.Err()
		}
	}
	return d, s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.SaveTestDraft(ctx, v.Course, d) })
}
