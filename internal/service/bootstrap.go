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
// and creates the first administrator. It returns that administrator's
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
