package store

import (
	"context"
	"database/sql"

	"github.com/ocopvn/ocop/internal/ocop"
)

// CreateDecision records a recognition decision and its outcomes (their
// certificates already created in the same transaction): a round's own, or
// a province's from a Ministry round's result.
func (tx *Tx) CreateDecision(ctx context.Context, d *ocop.Decision) error {
	d.CreatedAt = tx.now
	id, err := tx.insertID(ctx, `INSERT INTO decisions (round_id, kind, province_code, number, decision_date, signer,
		created_at) VALUES ($1,$2,$3,$4,$5,$6,$7)`, d.RoundID, d.Kind, d.ProvinceCode, d.Number, d.Date, d.Signer, tx.now)
	if err != nil {
		return err
	}
	d.ID = id
	outcomes := []map[string]any{}
	for _, o := range d.Outcomes {
		cert := sql.NullInt64{Int64: o.CertificateID, Valid: o.CertificateID != 0}
		if _, err := tx.exec(ctx, `INSERT INTO decision_outcomes (decision_id, dossier_id, total, stars, outcome,
			certificate_id) VALUES ($1,$2,$3,$4,$5,$6)`, id, o.DossierID, o.Total, o.Stars, o.Outcome, cert); err != nil {
			return err
		}
		outcomes = append(outcomes, map[string]any{"dossier_id": o.DossierID, "total": o.Total, "stars": o.Stars,
			"outcome": o.Outcome, "certificate_id": o.CertificateID})
	}
	return tx.Audit(ctx, "decision.create", "decision", id, d.ProvinceCode, nil, map[string]any{"round_id": d.RoundID,
		"kind": d.Kind, "number": d.Number, "decision_date": d.Date, "signer": d.Signer, "outcomes": outcomes})
}

// Decision returns a decision on a round with its outcomes: the round's
// own (kind round, under the round's province code), or the one a
// province took from a Ministry round's result (kind central).
func (db *DB) Decision(ctx context.Context, roundID int64, kind, province string) (*ocop.Decision, error) {
	var d ocop.Decision
	err := db.sql.QueryRowContext(ctx, `SELECT id, round_id, kind, province_code, number, decision_date, signer, created_at
		FROM decisions WHERE round_id = $1 AND kind = $2 AND province_code = $3`, roundID, kind, province).Scan(&d.ID,
		&d.RoundID, &d.Kind, &d.ProvinceCode, &d.Number, &d.Date, &d.Signer, &d.CreatedAt)
	if err != nil {
		return nil, mapErr(err)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT dossier_id, total, stars, outcome, certificate_id FROM decision_outcomes
		WHERE decision_id = $1 ORDER BY dossier_id`, d.ID)
	d.Outcomes, err = collect(rows, err, func(sc interface{ Scan(...any) error }) (*ocop.Outcome, error) {
		var o ocop.Outcome
		var cert sql.NullInt64
		err := sc.Scan(&o.DossierID, &o.Total, &o.Stars, &o.Outcome, &cert)
		o.CertificateID = cert.Int64
		return &o, err
	})
	return &d, err
}

// EndCertificate ends a valid certificate on the day before its
// replacement starts (a re-rating or an upgrade decided).
func (tx *Tx) EndCertificate(ctx context.Context, c *ocop.Certificate, lastDay string) error {
	err := expectOne(tx.exec(ctx, `UPDATE certificates SET expires_on = $1, updated_at = $2, version = version + 1
		WHERE id = $3 AND version = $4 AND status = 'valid'`, lastDay, tx.now, c.ID, c.Version))
	if err != nil {
		return err
	}
	before := map[string]any{"expires_on": c.ExpiresOn}
	c.ExpiresOn, c.UpdatedAt, c.Version = lastDay, tx.now, c.Version+1
	return tx.Audit(ctx, "certificate.replace", "certificate", c.ID, c.CommuneCode, before, map[string]any{"expires_on": lastDay})
}
