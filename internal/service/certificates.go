package service

import (
	"context"
	"strconv"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// CertificateInput is the form recording a certificate issued on paper;
// the JSON names are those of the API. ExpiresOn may be left empty: 36
// months after IssuedOn.
type CertificateInput struct {
	Number       string `json:"number"`
	Stars        int    `json:"stars"`
	Level        string `json:"level"`
	DecisionNo   string `json:"decision_no"`
	DecisionDate string `json:"decision_date"`
	Signer       string `json:"signer"`
	IssuedOn     string `json:"issued_on"`
	ExpiresOn    string `json:"expires_on"`
}

// Certificates lists a product's certificates for those who may see it.
func (s *Service) Certificates(ctx context.Context, u *ocop.User, productID int64) ([]*ocop.Certificate, error) {
	if _, err := s.Product(ctx, u, productID); err != nil {
		return nil, err
	}
	return s.DB.CertificatesOf(ctx, productID)
}

// RecordCertificate enters a certificate the province issued before the
// platform, from its paper decision. Only the provincial office of the
// product's own province may.
func (s *Service) RecordCertificate(ctx context.Context, u *ocop.User, productID int64, in CertificateInput) (*ocop.Certificate, error) {
	if err := require(u, ocop.PermDossierProvince); err != nil {
		return nil, err
	}
	prod, err := s.Product(ctx, u, productID)
	if err != nil {
		return nil, err
	}
	c := &ocop.Certificate{ProductID: prod.ID, ProducerID: prod.ProducerID, ProvinceCode: prod.ProvinceCode,
		CommuneCode: prod.CommuneCode, Status: ocop.CertValid, Source: ocop.CertRecorded}
	if err := certificateFrom(c, in); err != nil {
		return nil, err
	}
	codes, err := s.codes(ctx)
	if err != nil {
		return nil, err
	}
	c.Code = codes.New()
	earlier, err := s.DB.CertificatesOf(ctx, productID)
	if err != nil {
		return nil, err
	}
	// The newest certificate gives the product its stars.
	newest := len(earlier) == 0 || c.IssuedOn >= earlier[0].IssuedOn
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		if err := tx.CreateCertificate(ctx, c); err != nil {
			return err
		}
		if !newest || prod.Stars == c.Stars {
			return nil
		}
		return tx.SetProductStars(ctx, prod, c.Stars)
	})
	return c, err
}

// certificateFrom validates the form into c.
func certificateFrom(c *ocop.Certificate, in CertificateInput) error {
	v := ocop.Validation{}
	c.Number, c.DecisionNo, c.Signer, c.Level = clean(in.Number), clean(in.DecisionNo), clean(in.Signer), clean(in.Level)
	checkRequired(v, "number", c.Number, 100)
	checkRequired(v, "decision_no", c.DecisionNo, 100)
	if len([]rune(c.Signer)) > 200 {
		v.Add("signer", "err.too_long")
	}
	c.Stars = in.Stars
	switch {
	case c.Stars < 3 || c.Stars > 5:
		v.Add("stars", "err.cert_stars")
	case c.Stars == 5 && c.Level != ocop.LevelMinistryCert:
		v.Add("level", "err.cert_five_ministry")
	}
	if c.Level != ocop.LevelProvinceCert && c.Level != ocop.LevelMinistryCert {
		v.Add("level", "err.choose")
	}
	c.DecisionDate = requiredDate(v, "decision_date", in.DecisionDate)
	c.IssuedOn = requiredDate(v, "issued_on", in.IssuedOn)
	c.ExpiresOn = checkDate(v, "expires_on", in.ExpiresOn, false)
	if c.IssuedOn != "" && c.DecisionDate != "" && c.IssuedOn < c.DecisionDate {
		v.Add("issued_on", "err.cert_issued_before_decision")
	}
	if issued, err := time.Parse("2006-01-02", c.IssuedOn); err == nil && clean(in.ExpiresOn) == "" {
		c.ExpiresOn = ocop.DefaultExpiry(issued).Format("2006-01-02")
	}
	if c.IssuedOn != "" && c.ExpiresOn != "" && c.ExpiresOn <= c.IssuedOn {
		v.Add("expires_on", "err.expiry_before_issue")
	}
	return v.Err()
}

// requiredDate reads a date that must be given and may not be in the future.
func requiredDate(v ocop.Validation, field, s string) string {
	if clean(s) == "" {
		v.Add(field, "err.required")
	}
	return checkDate(v, field, s, true)
}

// CertStatus is where a product's current certificate stands today.
type CertStatus struct {
	Cert  *ocop.Certificate // the latest issued; nil when none
	State string            // ocop.CertState…
	Until time.Time         // last day of validity (or of the extension)
}

// Live reports whether the product holds a valid certificate.
func (c CertStatus) Live() bool { return c.Cert != nil && ocop.CertLive(c.State) }

// CertificateStatus places a product's latest certificate on today, taking
// a pending re-rating into account (Điều 12.3).
func (s *Service) CertificateStatus(ctx context.Context, productID int64, today time.Time) (CertStatus, error) {
	m, err := s.certificateStatuses(ctx, []int64{productID}, today)
	return m[productID], err
}

// certificateStatuses is CertificateStatus for several products with two
// queries in all (a page of the public list); products without a
// certificate are left out of the map.
func (s *Service) certificateStatuses(ctx context.Context, productIDs []int64, today time.Time) (map[int64]CertStatus, error) {
	certs, err := s.DB.CertificatesOfProducts(ctx, productIDs)
	if err != nil || len(certs) == 0 {
		return nil, err
	}
	latest := map[int64]*ocop.Certificate{}
	var ids []int64
	for _, c := range certs { // each product's latest comes first
		if latest[c.ProductID] == nil {
			latest[c.ProductID] = c
			ids = append(ids, c.ProductID)
		}
	}
	// The re-ratings that keep a latest certificate valid, by the rule the
	// public list's state filter applies in the same SQL.
	pending, err := s.DB.ReratingsPending(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]CertStatus, len(latest))
	for id, c := range latest {
		st, until := ocop.CertificateState(c, pending[id], today.In(i18n.Zone))
		out[id] = CertStatus{c, st, until}
	}
	return out, nil
}

// checkOpening applies the certificate rules to a new dossier: a first
// rating only without a valid certificate; an upgrade and a re-rating only
// with one; a re-rating from 180 days before expiry, flagged late after
// 120 days before (Điều 7 bước 6).
func (s *Service) checkOpening(ctx context.Context, d *ocop.Dossier) error {
	today := s.DB.Now().In(i18n.Zone)
	cs, err := s.CertificateStatus(ctx, d.ProductID, today)
	if err != nil {
		return err
	}
	switch d.Kind {
	case ocop.DossierFirst:
		if cs.Live() {
			return ocop.Errorf(ocop.ECONFLICT, "err.dossier_first_certified").With(strconv.Itoa(cs.Cert.Stars))
		}
		return nil
	case ocop.DossierUpgrade:
		if !cs.Live() {
			return ocop.Errorf(ocop.ECONFLICT, "err.dossier_no_certificate")
		}
		if cs.Cert.Stars >= 5 {
			return ocop.Errorf(ocop.ECONFLICT, "err.dossier_upgrade_top")
		}
		return nil
	}
	if !cs.Live() {
		return ocop.Errorf(ocop.ECONFLICT, "err.dossier_no_certificate")
	}
	exp, _ := cs.Cert.ExpiryDay(i18n.Zone)
	switch ocop.ReratingTiming(exp, today) {
	case ocop.ReratingEarly:
		opens, _ := ocop.ReratingWindow(exp)
		return ocop.Errorf(ocop.ECONFLICT, "err.rerating_early").With(i18n.Date(opens), i18n.Date(exp))
	case ocop.ReratingLate:
		d.Late = true
	case ocop.ReratingExpired:
		return ocop.Errorf(ocop.ECONFLICT, "err.dossier_no_certificate")
	}
	return nil
}
