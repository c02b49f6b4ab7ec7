package store

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
)

const certificateColumns = `id, number, product_id, producer_id, province_code, commune_code, stars, level, decision_no,
	decision_date, signer, issued_on, expires_on, status, source, created_at, updated_at, version`

func scanCertificate(sc interface{ Scan(...any) error }) (*ocop.Certificate, error) {
	var c ocop.Certificate
	err := sc.Scan(&c.ID, &c.Number, &c.ProductID, &c.ProducerID, &c.ProvinceCode, &c.CommuneCode, &c.Stars, &c.Level,
		&c.DecisionNo, &c.DecisionDate, &c.Signer, &c.IssuedOn, &c.ExpiresOn, &c.Status, &c.Source, &c.CreatedAt,
		&c.UpdatedAt, &c.Version)
	if err != nil {
		return nil, mapErr(err)
	}
	return &c, nil
}

// CreateCertificate records a certificate.
func (tx *Tx) CreateCertificate(ctx context.Context, c *ocop.Certificate) error {
	c.CreatedAt, c.UpdatedAt, c.Version = tx.now, tx.now, 1
	id, err := tx.insertID(ctx, `INSERT INTO certificates (number, product_id, producer_id, province_code, commune_code,
		stars, level, decision_no, decision_date, signer, issued_on, expires_on, status, source, created_at, updated_at,
		version) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,1)`,
		c.Number, c.ProductID, c.ProducerID, c.ProvinceCode, c.CommuneCode, c.Stars, c.Level, c.DecisionNo,
		c.DecisionDate, c.Signer, c.IssuedOn, c.ExpiresOn, c.Status, c.Source, tx.now, tx.now)
	if err != nil {
		return err
	}
	c.ID = id
	return tx.Audit(ctx, "certificate.create", "certificate", id, c.CommuneCode, nil, map[string]any{
		"number": c.Number, "product_id": c.ProductID, "stars": c.Stars, "level": c.Level, "decision_no": c.DecisionNo,
		"decision_date": c.DecisionDate, "signer": c.Signer, "issued_on": c.IssuedOn, "expires_on": c.ExpiresOn,
		"status": c.Status, "source": c.Source})
}

// CertificatesOf lists a product's certificates, latest issued first.
func (db *DB) CertificatesOf(ctx context.Context, productID int64) ([]*ocop.Certificate, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+certificateColumns+` FROM certificates WHERE product_id = $1
		ORDER BY issued_on DESC, id DESC`, productID)
	return collect(rows, err, scanCertificate)
}

// CertificatesExpiring lists valid (not revoked) certificates whose last
// day falls between from and to, both YYYY-MM-DD and inclusive, soonest
// first — for expiry reminders.
func (db *DB) CertificatesExpiring(ctx context.Context, from, to string) ([]*ocop.Certificate, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+certificateColumns+` FROM certificates
		WHERE status = 'valid' AND expires_on >= $1 AND expires_on <= $2 ORDER BY expires_on, id`, from, to)
	return collect(rows, err, scanCertificate)
}
