package service

import (
	"context"
	"math"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/store"
)

// Login checks a password and opens a session. Every failure reads the
// same, whether the user is unknown, disabled or the password is wrong.
func (s *Service) Login(ctx context.Context, username, password, addr string) (string, *ocop.User, error) {
	username = clean(username)
	if wait := s.Limiter.Blocked(username, addr); wait > 0 {
		minutes := int(math.Ceil(wait.Minutes()))
		return "", nil, &ocop.Error{Code: ocop.ETOOMANY, Message: "login.rate_limited", Fields: map[string]string{"minutes": itoa(minutes)}}
	}
	u, hash, err := s.DB.UserCredentials(ctx, username)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		secret.BurnTime(password)
		return "", nil, s.loginFailed(username, addr)
	} else if err != nil {
		return "", nil, err
	}
	ok, err := secret.CheckPassword(hash, password)
	if err != nil {
		return "", nil, err
	}
	if !ok || u.Status == ocop.UserDisabled || u.Status == ocop.UserRejected {
		return "", nil, s.loginFailed(username, addr)
	}
	s.Limiter.Succeed(username)
	token := secret.NewToken()
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		return tx.CreateSession(ctx, u, secret.HashToken(token), s.SessionTTL)
	})
	return token, u, err
}

func (s *Service) loginFailed(username, addr string) error {
	s.Limiter.Fail(username, addr)
	s.Log.Info("login failed", "username", username, "addr", addr)
	return ocop.Errorf(ocop.EUNAUTHORIZED, "login.failed")
}

// Logout ends the session of a token.
func (s *Service) Logout(ctx context.Context, u *ocop.User, token string) error {
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		return tx.DeleteSession(ctx, u, secret.HashToken(token))
	})
}

// SessionUser returns the account of a session token; disabled accounts
// lose their sessions at once.
func (s *Service) SessionUser(ctx context.Context, token string) (*ocop.User, error) {
	return live(s.DB.UserBySession(ctx, secret.HashToken(token)))
}

// TokenUser returns the account of an API token.
func (s *Service) TokenUser(ctx context.Context, token string) (*ocop.User, error) {
	return live(s.DB.UserByAPIToken(ctx, secret.HashToken(token)))
}

func live(u *ocop.User, err error) (*ocop.User, error) {
	if err != nil {
		return nil, err
	}
	if u.Status == ocop.UserDisabled || u.Status == ocop.UserRejected {
		return nil, ocop.ErrNotFound()
	}
	return u, nil
}

// PasswordChange is the form to change one's own password.
type PasswordChange struct {
	Old, New, New2 string
}

// ChangePassword changes the user's own password after checking the old one.
func (s *Service) ChangePassword(ctx context.Context, u *ocop.User, in PasswordChange) error {
	if err := require(u, ocop.PermSignedIn); err != nil {
		return err
	}
	v := ocop.Validation{}
	checkPassword(v, "new_password", in.New, in.New2)
	if in.New == in.Old {
		v.Add("new_password", "err.password_same")
	}
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		hash, err := tx.PasswordHash(ctx, u.ID)
		if err != nil {
			return err
		}
		if ok, err := secret.CheckPassword(hash, in.Old); err != nil {
			return err
		} else if !ok {
			v.Add("old_password", "err.password_wrong")
		}
		if err := v.Err(); err != nil {
			return err
		}
		return tx.SetPassword(ctx, u, secret.HashPassword(in.New), false, "user.password_change")
	})
}

// CreateAPIToken makes a token for the user's machine clients and returns
// it once.
func (s *Service) CreateAPIToken(ctx context.Context, u *ocop.User, name string) (string, error) {
	if err := require(u, ocop.PermSignedIn); err != nil {
		return "", err
	}
	v := ocop.Validation{}
	name = clean(name)
	checkRequired(v, "token_name", name, 100)
	if err := v.Err(); err != nil {
		return "", err
	}
	token := "ocop_" + secret.NewToken()
	err := s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		_, err := tx.CreateAPIToken(ctx, u, name, secret.HashToken(token))
		return err
	})
	return token, err
}

// RevokeAPIToken revokes one of the user's tokens.
func (s *Service) RevokeAPIToken(ctx context.Context, u *ocop.User, id int64) error {
	if err := require(u, ocop.PermSignedIn); err != nil {
		return err
	}
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.RevokeAPIToken(ctx, u, id) })
}

// APITokens lists the user's tokens.
func (s *Service) APITokens(ctx context.Context, u *ocop.User) ([]store.APIToken, error) {
	return s.DB.APITokens(ctx, u.ID)
}
