package service

import (
	"context"
	"fmt"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// RevokeInput is the revocation form; the JSON names are those of the API.
// Version, when given, is the certificate's version the user read.
type RevokeInput struct {
	Ground       string `json:"ground"` // a, b, c, d, dd (đ), e
	DecisionNo   string `json:"decision_no"`
	DecisionDate string `json:"decision_date"`
	FindingDate  string `json:"finding_date"`
	Note         string `json:"note"`
	Version      int64  `json:"version"`
}

// RevokeCertificate revokes a certificate on a ground of Điều 8 QĐ
// 26/2026: the provincial office for 3★ and 4★ in its province, the
// Ministry's office for 5★. The decision must come within 15 days of the
// finding; a later one is refused rather than flagged, since the rule
// names no exception and the date can be corrected by whoever entered it.
// The product loses its stars when this was its current certificate, and
// the producer is told in-app and by e-mail.
func (s *Service) RevokeCertificate(ctx context.Context, u *ocop.User, id int64, in RevokeInput) (*ocop.Certificate, error) {
	if err := require(u, ocop.PermCertRevoke); err != nil {
		return nil, err
	}
	c, err := s.DB.Certificate(ctx, id)
	if err != nil {
		return nil, err
	}
	prod, err := s.Product(ctx, u, c.ProductID)
	if err != nil {
		return nil, err
	}
	if c.Status == ocop.CertRevoked {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.cert_already_revoked")
	}
	if in.Version != 0 && in.Version != c.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	if err := revocationFrom(c, in); err != nil {
		return nil, err
	}
	if (c.Stars == 5) != (u.Role == ocop.RoleMinistry) {
		return nil, ocop.Errorf(ocop.EFORBIDDEN, map[bool]string{true: "err.revoke_ministry", false: "err.revoke_province"}[c.Stars == 5])
	}
	current, err := s.DB.CertificatesOf(ctx, prod.ID)
	if err != nil {
		return nil, err
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		if err := tx.RevokeCertificate(ctx, c); err != nil {
			return err
		}
		if len(current) > 0 && current[0].ID == c.ID && prod.Stars != 0 {
			if err := tx.SetProductStars(ctx, prod, 0); err != nil {
				return err
			}
		}
		return s.notifyRevoked(ctx, tx, c, prod)
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

// revocationFrom validates the form into c's Revoke… fields.
func revocationFrom(c *ocop.Certificate, in RevokeInput) error {
	v := ocop.Validation{}
	if !ocop.ValidRevokeGround(in.Ground) {
		v.Add("ground", "err.choose")
	}
	c.RevokeGround, c.RevokeDecisionNo, c.RevokeNote = in.Ground, clean(in.DecisionNo), clean(in.Note)
	checkRequired(v, "decision_no", c.RevokeDecisionNo, 100)
	if len([]rune(c.RevokeNote)) > 2000 {
		v.Add("note", "err.too_long")
	}
	c.RevokeDecisionDate = requiredDate(v, "decision_date", in.DecisionDate)
	c.RevokeFindingDate = requiredDate(v, "finding_date", in.FindingDate)
	decided, err1 := time.Parse("2006-01-02", c.RevokeDecisionDate)
	found, err2 := time.Parse("2006-01-02", c.RevokeFindingDate)
	if err1 == nil && err2 == nil {
		switch {
		case decided.Before(found):
			v.Add("decision_date", "err.revoke_before_finding")
		case decided.After(found.AddDate(0, 0, ocop.RevokeDays)):
			v.Add("decision_date", "err.revoke_late")
		}
	}
	if err1 == nil && c.RevokeDecisionDate < c.IssuedOn {
		v.Add("decision_date", "err.revoke_before_issue")
	}
	return v.Err()
}

// notifyRevoked tells the producer's accounts.
func (s *Service) notifyRevoked(ctx context.Context, tx *store.Tx, c *ocop.Certificate, prod *ocop.Product) error {
	ids, err := audience{role: ocop.RoleProducer, producer: c.ProducerID}.users(ctx, tx)
	if err != nil || len(ids) == 0 {
		return err
	}
	decided, _ := time.ParseInLocation("2006-01-02", c.RevokeDecisionDate, i18n.Zone)
	n := s.notice(fmt.Sprintf("/san-pham/%d", prod.ID),
		i18n.T("notify.cert_revoked", c.Number, prod.Name, c.RevokeDecisionNo, i18n.Date(decided)),
		i18n.T("notify.cert_revoked_ground", i18n.T("revokeground."+c.RevokeGround)))
	return tx.Notify(ctx, ids, n)
}
