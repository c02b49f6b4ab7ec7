// Package service holds the use cases: each checks permission and scope,
// validates input and changes state through one store transaction that
// also writes the audit row. The web UI and the JSON API both call it.
package service

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/store"
)

// Service bundles the dependencies of the use cases.
type Service struct {
	DB         *store.DB
	Files      *files.Store // uploaded documents
	Log        *slog.Logger
	Limiter    *Limiter
	SessionTTL time.Duration
	// BaseURL is the site's address as users reach it, for the links in
	// e-mail (OCOP_BASE_URL); no trailing slash.
	BaseURL string
	// Mailer delivers the e-mail outbox; nil leaves mail queued.
	Mailer Mailer
	// CodeKey signs certificate verification codes; when nil the key is
	// kept in the settings table, made on first use (see codes).
	CodeKey  []byte
	calendar calendarCache // the working-day calendar, see Calendar
	codeMu   sync.Mutex
	codeSign *secret.Codes
}

// New returns a service with default settings.
func New(db *store.DB, log *slog.Logger) *Service {
	return &Service{DB: db, Log: log, Limiter: NewLimiter(5, 20, 15*time.Minute), SessionTTL: 12 * time.Hour,
		BaseURL: "http://localhost:8080"}
}

// require fails unless the user holds the permission: unauthenticated
// without a user, forbidden otherwise.
func require(u *ocop.User, p ocop.Perm) error {
	if u == nil {
		return ocop.Errorf(ocop.EUNAUTHORIZED, "err.unauthorized")
	}
	if !u.Can(p) {
		return ocop.Errorf(ocop.EFORBIDDEN, "err.forbidden")
	}
	return nil
}

// sees reports whether a user may see a record located in a commune of a
// province and, for producers' own data, belonging to producerID.
func sees(u *ocop.User, province, commune string, producerID int64) bool {
	if u.Role == ocop.RoleProducer {
		return producerID != 0 && producerID == u.ProducerID
	}
	return u.Scope.Contains(province, commune)
}

// Units are public data: the lists below need no permission.

// Provinces lists the province-level units.
func (s *Service) Provinces(ctx context.Context) ([]ocop.Unit, error) { return s.DB.Provinces(ctx) }

// Unit returns a unit with its communes (for a province) and the old
// communes merged into it (for a commune).
// A sandbox's fictional units are not the country's: "not found".
func (s *Service) Unit(ctx context.Context, code string) (ocop.Unit, []ocop.Unit, []store.OldCommune, error) {
	if ocop.IsSandboxCode(code) {
		return ocop.Unit{}, nil, nil, ocop.ErrNotFound()
	}
	u, err := s.DB.UnitByCode(ctx, code)
	if err != nil {
		return u, nil, nil, err
	}
	if u.ProvinceCode == "" {
		communes, err := s.DB.CommunesOf(ctx, code)
		return u, communes, nil, err
	}
	old, err := s.DB.OldCommunesOf(ctx, code)
	return u, nil, old, err
}

// CommunesOf lists a province's communes (for pickers).
func (s *Service) CommunesOf(ctx context.Context, province string) ([]ocop.Unit, error) {
	return s.DB.CommunesOf(ctx, province)
}
