package service

import (
	"context"
	"strconv"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/store"
)

func itoa(n int) string { return strconv.Itoa(n) }

// StaffInput is the form an administrator fills to create a staff account.
type StaffInput struct {
	Username, FullName, Email, Phone string
	Role                             ocop.Role
	Level                            ocop.Level
	Province, Commune                string // codes; which are needed depends on Level
}

// CreateStaff creates a staff account inside the administrator's scope and
// returns its one-time password.
func (s *Service) CreateStaff(ctx context.Context, admin *ocop.User, in StaffInput) (*ocop.User, string, error) {
	if err := require(admin, ocop.PermUserManage); err != nil {
		return nil, "", err
	}
	v := ocop.Validation{}
	u := &ocop.User{Username: clean(in.Username), FullName: clean(in.FullName), Email: clean(in.Email),
		Phone: normalisePhone(in.Phone), Role: in.Role, Status: ocop.UserActive, MustChangePassword: true}
	checkUsername(v, u.Username)
	checkRequired(v, "full_name", u.FullName, 120)
	checkEmail(v, u.Email)
	checkPhone(v, u.Phone, false)
	switch {
	case !in.Role.Valid() || in.Role == ocop.RoleProducer: // producers register themselves
		v.Add("role", "err.choose")
	case !in.Role.AllowsLevel(in.Level):
		v.Add("level", "err.role_level")
	}
	code, field := "", "province"
	switch in.Level {
	case ocop.LevelProvince:
		code = in.Province
	case ocop.LevelCommune:
		code, field = in.Commune, "commune"
		s.checkCommune(ctx, v, in.Province, in.Commune)
	}
	scope, err := s.scopeOf(ctx, in.Level, code)
	if err != nil {
		v.Add(field, ocop.ErrorMessage(err))
	} else if !admin.Scope.Covers(scope) {
		v.Add(field, "err.scope_outside")
	}
	if err := v.Err(); err != nil {
		return nil, "", err
	}
	u.Scope = scope
	pw := secret.TempPassword()
	err = s.DB.Update(ctx, ocop.ActorOf(admin), func(tx *store.Tx) error {
		return tx.CreateUser(ctx, u, secret.HashPassword(pw))
	})
	return u, pw, err
}

// scopeOf resolves a level and a unit code to a scope, checking that the
// unit exists and is of that level.
func (s *Service) scopeOf(ctx context.Context, level ocop.Level, code string) (ocop.Scope, error) {
	if level == ocop.LevelCountry {
		return ocop.Country, nil
	}
	if code == "" {
		return ocop.Scope{}, ocop.Errorf(ocop.EINVALID, "err.choose")
	}
	sc, err := s.DB.UnitScope(ctx, code)
	if err != nil {
		return sc, err
	}
	if sc.Level != level {
		return sc, ocop.Errorf(ocop.EINVALID, "err.role_level")
	}
	return sc, nil
}

// User returns an account the administrator may manage. Accounts outside
// the administrator's scope are "not found".
func (s *Service) User(ctx context.Context, admin *ocop.User, id int64) (*ocop.User, error) {
	if err := require(admin, ocop.PermUserManage); err != nil {
		return nil, err
	}
	u, err := s.DB.UserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !admin.Scope.Covers(u.Scope) {
		return nil, ocop.ErrNotFound()
	}
	return u, nil
}

// Users lists the accounts in the administrator's scope.
func (s *Service) Users(ctx context.Context, admin *ocop.User, f store.UserFilter) ([]*ocop.User, int, error) {
	if err := require(admin, ocop.PermUserManage); err != nil {
		return nil, 0, err
	}
	f.Scope = admin.Scope
	return s.DB.Users(ctx, f)
}

// ResetPassword gives an account a new one-time password, ends its
// sessions and revokes its API tokens.
func (s *Service) ResetPassword(ctx context.Context, admin *ocop.User, id int64) (*ocop.User, string, error) {
	u, err := s.User(ctx, admin, id)
	if err != nil {
		return nil, "", err
	}
	pw := secret.TempPassword()
	err = s.DB.Update(ctx, ocop.ActorOf(admin), func(tx *store.Tx) error {
		if err := tx.SetPassword(ctx, u, secret.HashPassword(pw), true, "user.password_reset"); err != nil {
			return err
		}
		// Whoever knew the old password may have made API tokens with it.
		return tx.RevokeAllAPITokens(ctx, u)
	})
	return u, pw, err
}

// SetDisabled locks or unlocks an account. version is what the
// administrator saw, so two administrators acting at once conflict.
func (s *Service) SetDisabled(ctx context.Context, admin *ocop.User, id, version int64, disabled bool) (*ocop.User, error) {
	u, err := s.User(ctx, admin, id)
	if err != nil {
		return nil, err
	}
	if u.ID == admin.ID {
		return nil, ocop.Errorf(ocop.EINVALID, "err.self_disable")
	}
	if version != 0 && version != u.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	// Only active accounts are locked and only locked ones unlocked, so
	// unlocking can never activate a registration the commune has not
	// confirmed (pending or rejected producers).
	if disabled && u.Status != ocop.UserActive {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.not_active")
	}
	if !disabled && u.Status != ocop.UserDisabled {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.not_disabled")
	}
	status := ocop.UserActive
	if disabled {
		status = ocop.UserDisabled
	}
	err = s.DB.Update(ctx, ocop.ActorOf(admin), func(tx *store.Tx) error {
		if err := tx.SetUserStatus(ctx, u, status); err != nil {
			return err
		}
		if disabled {
			return tx.DeleteSessions(ctx, u.ID)
		}
		return nil
	})
	return u, err
}

// AuditEntries lists audit rows about units in the user's scope (all rows
// for a national administrator).
func (s *Service) AuditEntries(ctx context.Context, u *ocop.User, f store.AuditFilter) ([]store.AuditEntry, error) {
	if err := require(u, ocop.PermAuditView); err != nil {
		return nil, err
	}
	f.Scope = u.Scope
	return s.DB.AuditEntries(ctx, f)
}

// VerifyAudit checks the whole hash chain.
func (s *Service) VerifyAudit(ctx context.Context, u *ocop.User) (store.VerifyResult, error) {
	if err := require(u, ocop.PermAuditView); err != nil {
		return store.VerifyResult{}, err
	}
	return s.DB.VerifyAudit(ctx)
}
