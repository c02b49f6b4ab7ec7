package service

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/store"
)

// SandboxInput is the organiser's form for a new practice sandbox.
type SandboxInput struct {
	Name     string `json:"name"`
	CourseID int64  `json:"course_id"`
	Seats    int    `json:"seats"`
}

// organiser checks that u may run sandboxes: the permission and a
// province of their own, which owns the sandboxes they make.
func organiser(u *ocop.User) error {
	if err := require(u, ocop.PermSandboxManage); err != nil {
		return err
	}
	if u.Scope.Level != ocop.LevelProvince || ocop.IsSandboxCode(u.Scope.Province) {
		return ocop.Errorf(ocop.EFORBIDDEN, "err.sandbox_province")
	}
	return nil
}

// Sandboxes lists the sandboxes of the organiser's province.
func (s *Service) Sandboxes(ctx context.Context, u *ocop.User) ([]*ocop.Sandbox, error) {
	if err := organiser(u); err != nil {
		return nil, err
	}
	return s.DB.Sandboxes(ctx, u.Scope.Province)
}

// SandboxCourses are the courses of the organiser's province a sandbox
// may serve, for the form's choice.
func (s *Service) SandboxCourses(ctx context.Context, u *ocop.User) ([]*ocop.Course, error) {
	if err := organiser(u); err != nil {
		return nil, err
	}
	return s.DB.Courses(ctx, store.CourseFilter{Provinces: []string{u.Scope.Province}})
}

// CourseSandboxes are the organiser's sandboxes linked to a course; none
// for users who do not run sandboxes.
func (s *Service) CourseSandboxes(ctx context.Context, u *ocop.User, courseID int64) ([]*ocop.Sandbox, error) {
	if organiser(u) != nil {
		return nil, nil
	}
	all, err := s.DB.Sandboxes(ctx, u.Scope.Province)
	var out []*ocop.Sandbox
	for _, sb := range all {
		if sb.CourseID == courseID {
			out = append(out, sb)
		}
	}
	return out, err
}

// Sandbox returns a sandbox of the organiser's province; another
// province's sandboxes are "not found".
func (s *Service) Sandbox(ctx context.Context, u *ocop.User, id int64) (*ocop.Sandbox, error) {
	if err := organiser(u); err != nil {
		return nil, err
	}
	sb, err := s.DB.SandboxByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if sb.ProvinceCode != u.Scope.Province {
		return nil, ocop.ErrNotFound()
	}
	return sb, nil
}

// SandboxAccounts lists the practice accounts of a sandbox, for the sheet.
func (s *Service) SandboxAccounts(ctx context.Context, u *ocop.User, sb *ocop.Sandbox) ([]*ocop.User, error) {
	if _, err := s.Sandbox(ctx, u, sb.ID); err != nil {
		return nil, err
	}
	return s.DB.SandboxUsers(ctx, sb.UnitCode)
}

// CreateSandbox makes a sandbox in one transaction: its units, accounts,
// producers and products, the draft dossiers and the open practice round.
func (s *Service) CreateSandbox(ctx context.Context, u *ocop.User, in SandboxInput) (*ocop.Sandbox, error) {
	if err := organiser(u); err != nil {
		return nil, err
	}
	sb := &ocop.Sandbox{Name: clean(in.Name), CourseID: in.CourseID, ProvinceCode: u.Scope.Province, Seats: in.Seats,
		Password: secret.TempPassword()}
	v := ocop.Validation{}
	checkRequired(v, "name", sb.Name, 200)
	if sb.Seats < 1 || sb.Seats > ocop.MaxSandboxSeats {
		v.Add("seats", "err.sandbox_seats")
	}
	if in.CourseID < 0 {
		v.Add("course_id", "err.invalid")
	} else if in.CourseID > 0 {
		// Only a course of the organiser's own province.
		if c, err := s.DB.Course(ctx, in.CourseID); err != nil || c.ProvinceCode != u.Scope.Province {
			v.Add("course_id", "err.choose")
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		if err := tx.CreateSandbox(ctx, sb, sandboxCommuneNames); err != nil {
			return err
		}
		return fill(ctx, tx, sb)
	})
	if err != nil {
		return nil, err
	}
	return sb, nil
}

// ResetSandbox empties a sandbox and fills it again as new, in one
// transaction: a reset that fails leaves the class's work as it was.
// version is the sandbox version the organiser saw, required: wiping a
// class's work must never happen by accident or twice.
func (s *Service) ResetSandbox(ctx context.Context, u *ocop.User, id, version int64) (*ocop.Sandbox, error) {
	sb, err := s.Sandbox(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if version != sb.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	var keys []string
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		if keys, err = tx.ClearSandbox(ctx, sb, "sandbox.reset"); err != nil {
			return err
		}
		return fill(ctx, tx, sb)
	})
	if err != nil {
		return nil, err
	}
	s.removeFiles(keys)
	return sb, nil
}

// DeleteSandbox removes a sandbox and everything in it, in one
// transaction; the stored files go once it has committed.
func (s *Service) DeleteSandbox(ctx context.Context, u *ocop.User, id, version int64) error {
	sb, err := s.Sandbox(ctx, u, id)
	if err != nil {
		return err
	}
	if version != sb.Version {
		return ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	var keys []string
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		keys, err = tx.DeleteSandbox(ctx, sb)
		return err
	})
	if err == nil {
		s.removeFiles(keys)
	}
	return err
}

// removeFiles deletes stored files whose rows are gone; a file that
// cannot be removed is only logged (its row no longer points to it).
func (s *Service) removeFiles(keys []string) {
	if s.Files == nil {
		return
	}
	for _, k := range keys {
		if err := s.Files.Remove(k); err != nil && s.Log != nil {
			s.Log.Warn("sandbox file not removed", "key", k, "err", err)
		}
	}
}
