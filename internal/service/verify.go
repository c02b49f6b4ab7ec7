package service

import (
	"context"
	"encoding/hex"
	"fmt"
	"os"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/store"
)

// codeKeySetting holds the hex key that signs verification codes. It is
// never shown, logged or written to the audit trail.
const codeKeySetting = "certificate_code_key"

// codes returns the signer of verification codes: CodeKey when set (tests),
// otherwise the key in the settings table, made on first use.
func (s *Service) codes(ctx context.Context) (*secret.Codes, error) {
	s.codeMu.Lock()
	defer s.codeMu.Unlock()
	if s.codeSign != nil {
		return s.codeSign, nil
	}
	key := s.CodeKey
	if key == nil {
		err := s.DB.Update(ctx, ocop.System, func(tx *store.Tx) error {
			return tx.InitSetting(ctx, codeKeySetting, hex.EncodeToString(secret.NewCodeKey()))
		})
		if err != nil {
			return nil, err
		}
		v, err := s.DB.Setting(ctx, codeKeySetting)
		if err != nil {
			return nil, err
		}
		if key, err = hex.DecodeString(v); err != nil || len(key) < secret.CodeKeyLen {
			return nil, fmt.Errorf("khóa ký mã xác minh trong bảng settings không hợp lệ")
		}
	}
	s.codeSign = secret.NewCodes(key)
	return s.codeSign, nil
}

// EnsureCertificateCodes gives every certificate without a verification
// code one (those recorded before codes existed, or loaded directly).
func (s *Service) EnsureCertificateCodes(ctx context.Context) error {
	list, err := s.DB.CertificatesWithoutCode(ctx)
	if err != nil || len(list) == 0 {
		return err
	}
	codes, err := s.codes(ctx)
	if err != nil {
		return err
	}
	return s.DB.Update(ctx, ocop.System, func(tx *store.Tx) error {
		for _, c := range list {
			if err := tx.SetCertificateCode(ctx, c, codes.New()); err != nil {
				return err
			}
		}
		return nil
	})
}

// VerifyURL is the absolute address of a certificate's public page, the
// one its QR code holds.
func (s *Service) VerifyURL(c *ocop.Certificate) string { return s.BaseURL + "/verify/" + c.Code }

// Outcomes of a verification.
const (
	VerifyFound   = "found"
	VerifyUnknown = "not_found" // signed by us, but no such certificate
	VerifyForged  = "forged"    // not signed by us: forged or mistyped
)

// Verification is what the public page says about a code.
type Verification struct {
	Result string
	Cert   *store.PublicCertificate // when found
	State  string                   // ocop.CertState…
	Until  time.Time                // last valid day, for valid and extended
	Photo  *ocop.Photo              // the product's main photo, if any
}

// Verify looks a code up for anyone, without login.
func (s *Service) Verify(ctx context.Context, code string) (Verification, error) {
	code = secret.Normalize(code)
	codes, err := s.codes(ctx)
	if err != nil {
		return Verification{}, err
	}
	if !codes.Valid(code) {
		return Verification{Result: VerifyForged}, nil
	}
	c, err := s.DB.CertificateByCode(ctx, code)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		return Verification{Result: VerifyUnknown}, nil
	} else if err != nil {
		return Verification{}, err
	}
	v := Verification{Result: VerifyFound, Cert: c}
	if v.State, v.Until, err = s.certState(ctx, c.Certificate, s.DB.Now()); err != nil {
		return v, err
	}
	photos, err := s.DB.PhotosOf(ctx, c.ProductID)
	if err == nil && len(photos) > 0 && photos[0].Main {
		v.Photo = photos[0]
	}
	return v, err
}

// certState places one certificate on today: the product's current one
// counts a pending re-rating (Điều 12.3), older ones do not.
func (s *Service) certState(ctx context.Context, c *ocop.Certificate, now time.Time) (string, time.Time, error) {
	cs, err := s.CertificateStatus(ctx, c.ProductID, now)
	st, until := stateBeside(c, cs, now)
	return st, until, err
}

// stateBeside places c on today given its product's status cs.
func stateBeside(c *ocop.Certificate, cs CertStatus, now time.Time) (string, time.Time) {
	if cs.Cert != nil && cs.Cert.ID == c.ID {
		return cs.State, cs.Until
	}
	return ocop.CertificateState(c, false, now.In(i18n.Zone))
}

// PublicCertificateRow is a line of the public list.
type PublicCertificateRow struct {
	*store.PublicCertificate
	State string    `json:"state"`
	Until time.Time `json:"-"`
}

// PublicCertificates is the public list of certificates (no login): valid,
// expired and revoked, filtered by province, stars and state. A
// certificate kept valid past its term by a pending re-rating shows as
// extended and is filtered as valid: the filter and the row's state read
// the same rule (store.ReratingsPending).
func (s *Service) PublicCertificates(ctx context.Context, f store.PublicCertificateFilter) ([]PublicCertificateRow, int, error) {
	now := s.DB.Now()
	f.Today = now.In(i18n.Zone).Format("2006-01-02")
	list, total, err := s.DB.PublicCertificates(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(list))
	for i, c := range list {
		ids[i] = c.ProductID
	}
	// The page's products at once, not two queries per row.
	statuses, err := s.certificateStatuses(ctx, ids, now)
	if err != nil {
		return nil, 0, err
	}
	out := make([]PublicCertificateRow, len(list))
	for i, c := range list {
		out[i].PublicCertificate = c
		out[i].State, out[i].Until = stateBeside(c.Certificate, statuses[c.ProductID], now)
	}
	return out, total, nil
}

// CertificateOf returns a product's certificate for those who may see the
// product (for its PDF), giving it a code if it still lacks one.
func (s *Service) CertificateOf(ctx context.Context, u *ocop.User, productID, id int64) (*ocop.Certificate, error) {
	if _, err := s.Product(ctx, u, productID); err != nil {
		return nil, err
	}
	c, err := s.DB.Certificate(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.ProductID != productID {
		return nil, ocop.ErrNotFound()
	}
	if c.Code == "" {
		if err := s.EnsureCertificateCodes(ctx); err != nil {
			return nil, err
		}
		return s.DB.Certificate(ctx, id)
	}
	return c, nil
}

// VerifyPhoto opens the main photo of the product a code certifies, for
// the public page.
func (s *Service) VerifyPhoto(ctx context.Context, code string) (*ocop.Photo, *os.File, error) {
	v, err := s.Verify(ctx, code)
	if err != nil {
		return nil, nil, err
	}
	if v.Photo == nil || s.Files == nil {
		return nil, nil, ocop.ErrNotFound()
	}
	f, err := s.Files.Get(v.Photo.FileKey)
	return v.Photo, f, err
}
