package service

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/store"
)

// FirstAdmin is the username of the administrator created on first start.
const FirstAdmin = "quantri"

// Bootstrap prepares an empty database: it loads the administrative units
// and the working-day calendar (also into a database that predates the
// calendar table) and creates the first administrator. It returns that administrator's
// one-time password, or "" when the database was not empty.
func (s *Service) Bootstrap(ctx context.Context) (string, error) {
	n, err := s.DB.UnitCount(ctx)
	if err != nil {
		return "", err
	}
	if n == 0 {
		if err := s.DB.Update(ctx, ocop.System, func(tx *store.Tx) error { return tx.SeedUnits(ctx) }); err != nil {
			return "", err
		}
	}
	if err := s.seedCalendar(ctx); err != nil {
		return "", err
	}
	if err := s.EnsureCertificateCodes(ctx); err != nil {
		return "", err
	}
	exists, err := s.DB.UserExists(ctx)
	if err != nil || exists {
		return "", err
	}
	pw := secret.TempPassword()
	admin := &ocop.User{Username: FirstAdmin, FullName: "Quản trị hệ thống", Role: ocop.RoleAdmin, Scope: ocop.Country,
		Status: ocop.UserActive, MustChangePassword: true}
	err = s.DB.Update(ctx, ocop.System, func(tx *store.Tx) error {
		return tx.CreateUser(ctx, admin, secret.HashPassword(pw))
	})
	return pw, err
}

// ResetByOperator gives an account a new one-time password on behalf of
// whoever runs the server (the `ocop admin reset-password` command): the
// way back in when the only administrator has lost their password.
func (s *Service) ResetByOperator(ctx context.Context, username string) (string, error) {
	u, _, err := s.DB.UserCredentials(ctx, username)
	if err != nil {
		return "", err
	}
	pw := secret.TempPassword()
	err = s.DB.Update(ctx, ocop.Actor{Name: "dòng lệnh máy chủ"}, func(tx *store.Tx) error {
		if err := tx.SetPassword(ctx, u, secret.HashPassword(pw), true, "user.password_reset"); err != nil {
			return err
		}
		if u.Status == ocop.UserDisabled {
			if err := tx.SetUserStatus(ctx, u, ocop.UserActive); err != nil {
				return err
			}
		}
		return tx.RevokeAllAPITokens(ctx, u)
	})
	return pw, err
}
