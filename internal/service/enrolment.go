package service

import (
	"context"
	"strings"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// Registration for courses (issue 6 item 4): trainees register
// themselves, organisers enrol lists. A full course puts newcomers on the
// waitlist; a freed seat goes to the first waiting in the same
// transaction (see store.Tx.Enrol and CancelEnrolment).

// RegisterForCourse enrols the user in an open course of their province (or a
// national one): a seat if one is free, the waitlist otherwise. The
// audience follows the role, the unit the user's commune or producer.
func (s *Service) RegisterForCourse(ctx context.Context, u *ocop.User, courseID int64) (*ocop.Enrolment, error) {
	if err := require(u, ocop.PermTrainingJoin); err != nil {
		return nil, err
	}
	c, err := s.DB.Course(ctx, courseID)
	if err != nil {
		return nil, err
	}
	if !joinable(u, c) {
		return nil, ocop.ErrNotFound()
	}
	if c.Status != ocop.CourseOpen {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.training_not_open")
	}
	e := &ocop.Enrolment{UserID: u.ID, FullName: u.FullName, Audience: ocop.AudienceOf(u.Role), Phone: u.Phone,
		Email: u.Email, CommuneCode: u.Scope.Commune, Source: ocop.EnrolSelf, CreatedBy: u.ID}
	if e.UnitName, err = s.unitName(ctx, u); err != nil {
		return nil, err
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		if err := tx.Enrol(ctx, c, e); err != nil {
			return err
		}
		return s.notifyEnrolments(ctx, tx, c, []*ocop.Enrolment{e}, "training.notify_enrolled")
	})
	if ocop.ErrorCode(err) == ocop.ECONFLICT {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.training_already")
	}
	return e, err
}

// unitName names where a user works: their producer, else their unit.
func (s *Service) unitName(ctx context.Context, u *ocop.User) (string, error) {
	if u.ProducerID != 0 {
		p, err := s.DB.ProducerByID(ctx, u.ProducerID)
		if err != nil {
			return "", err
		}
		return p.Name, nil
	}
	code := u.Scope.Code()
	if code == "" {
		return i18n.T("training.unit_national"), nil
	}
	unit, err := s.DB.UnitByCode(ctx, code)
	if err != nil {
		return "", err
	}
	return unit.Name, nil
}

// CancelRegistration withdraws the user's own enrolment in a course.
func (s *Service) CancelRegistration(ctx context.Context, u *ocop.User, courseID int64) error {
	c, err := s.course(ctx, u, courseID)
	if err != nil {
		return err
	}
	e, err := s.DB.UserEnrolment(ctx, courseID, u.ID)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		return ocop.Errorf(ocop.ECONFLICT, "err.training_not_registered")
	} else if err != nil {
		return err
	}
	return s.cancel(ctx, u, c, e)
}

// CancelEnrolment lets a manager withdraw anyone's enrolment.
func (s *Service) CancelEnrolment(ctx context.Context, u *ocop.User, courseID, enrolmentID int64) error {
	c, err := s.managedCourse(ctx, u, courseID)
	if err != nil {
		return err
	}
	e, err := s.DB.Enrolment(ctx, enrolmentID)
	if err != nil || e.CourseID != c.ID {
		return ocop.ErrNotFound()
	}
	return s.cancel(ctx, u, c, e)
}

func (s *Service) cancel(ctx context.Context, u *ocop.User, c *ocop.Course, e *ocop.Enrolment) error {
	if c.Status == ocop.CourseFinished || c.Status == ocop.CourseCancelled {
		return ocop.Errorf(ocop.ECONFLICT, "err.training_closed")
	}
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		promoted, err := tx.CancelEnrolment(ctx, c, e)
		if err != nil {
			return err
		}
		return s.notifyEnrolments(ctx, tx, c, promoted, "training.notify_promoted")
	})
}

// TraineeInput is one person an organiser enrols.
type TraineeInput struct {
	Row         int    `json:"row,omitempty"` // where it came from (sheet row); 0 numbers the list 1, 2, …
	FullName    string `json:"full_name"`
	UnitName    string `json:"unit_name"`
	CommuneCode string `json:"commune_code,omitempty"`
	Audience    string `json:"audience"` // a value or its Vietnamese label
	Phone       string `json:"phone,omitempty"`
	Email       string `json:"email,omitempty"`
}

// trainee validates one person into an enrolment; the error names the
// fields.
func trainee(in TraineeInput) (*ocop.Enrolment, error) {
	v := ocop.Validation{}
	e := &ocop.Enrolment{FullName: clean(in.FullName), UnitName: clean(in.UnitName), CommuneCode: clean(in.CommuneCode),
		Audience: parseAudience(in.Audience), Phone: normalisePhone(in.Phone), Email: clean(in.Email)}
	checkRequired(v, "full_name", e.FullName, 200)
	checkRequired(v, "unit_name", e.UnitName, 300)
	if !e.Audience.Valid() {
		v.Add("audience", "err.training_audience")
	}
	checkPhone(v, e.Phone, false)
	checkEmail(v, e.Email)
	return e, v.Err()
}

// parseAudience accepts an audience value or its label, in any case.
func parseAudience(s string) ocop.Audience {
	s = strings.ToLower(clean(s))
	for _, a := range ocop.Audiences {
		if s == string(a) || s == strings.ToLower(i18n.T("training.audience."+string(a))) {
			return a
		}
	}
	return ocop.Audience(s)
}

// EnrolResult is what happened to one person of a list.
type EnrolResult struct {
	Row       int             `json:"row"` // 1-based in the list, or the sheet row of an import
	Input     TraineeInput    `json:"input"`
	Enrolment *ocop.Enrolment `json:"enrolment,omitempty"`
	Errors    []FieldError    `json:"errors,omitempty"`
}

// FieldError is one problem with one field of a row.
type FieldError struct {
	Field   string `json:"field"`
	Key     string `json:"-"`
	Message string `json:"message"`
}

func fieldErrs(err error) []FieldError {
	e, ok := err.(*ocop.Error)
	if !ok {
		return []FieldError{{Field: "", Key: "err.internal", Message: i18n.T("err.internal")}}
	}
	var out []FieldError
	for _, f := range []string{"full_name", "unit_name", "audience", "phone", "email"} {
		if k, ok := e.Fields[f]; ok {
			out = append(out, FieldError{f, k, i18n.T("training.field."+f) + ": " + i18n.T(k)})
		}
	}
	return out
}

// EnrolList enrols the valid people of a list in a course the organiser
// manages, in one transaction; invalid rows are reported and skipped.
// source is ocop.EnrolOrganiser or ocop.EnrolImport.
func (s *Service) EnrolList(ctx context.Context, u *ocop.User, courseID int64, list []TraineeInput,
	source string) ([]EnrolResult, error) {
	c, err := s.managedCourse(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	if c.Status == ocop.CourseFinished || c.Status == ocop.CourseCancelled {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.training_closed")
	}
	out := CheckTrainees(list)
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		for _, r := range out {
			if r.Enrolment == nil {
				continue
			}
			r.Enrolment.Source, r.Enrolment.CreatedBy = source, u.ID
			if err := tx.Enrol(ctx, c, r.Enrolment); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// CheckTrainees validates a list without enrolling anyone (the preview).
func CheckTrainees(list []TraineeInput) []EnrolResult {
	out := make([]EnrolResult, len(list))
	for i, in := range list {
		out[i].Row, out[i].Input = in.Row, in
		if in.Row == 0 {
			out[i].Row = i + 1
		}
		e, err := trainee(in)
		if err != nil {
			out[i].Errors = fieldErrs(err)
		} else {
			out[i].Enrolment = e
		}
	}
	return out
}
