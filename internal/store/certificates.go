package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
)

const certificateColumns = `id, number, product_id, producer_id, province_code, commune_code, stars, level, decision_no,
	decision_date, signer, issued_on, expires_on, status, source, created_at, updated_at, version, code, revoke_ground,
	revoke_decision_no, revoke_decision_date, revoke_finding_date, revoke_note, revoked_at`

func scanCertificate(sc interface{ Scan(...any) error }) (*ocop.Certificate, error) {
	var c ocop.Certificate
	var revoked sql.NullTime
	err := sc.Scan(&c.ID, &c.Number, &c.ProductID, &c.ProducerID, &c.ProvinceCode, &c.CommuneCode, &c.Stars, &c.Level,
		&c.DecisionNo, &c.DecisionDate, &c.Signer, &c.IssuedOn, &c.ExpiresOn, &c.Status, &c.Source, &c.CreatedAt,
		&c.UpdatedAt, &c.Version, &c.Code, &c.RevokeGround, &c.RevokeDecisionNo, &c.RevokeDecisionDate,
		&c.RevokeFindingDate, &c.RevokeNote, &revoked)
	if err != nil {
		return nil, mapErr(err)
	}
	c.RevokedAt = revoked.Time
	return &c, nil
}

// CreateCertificate records a certificate.
func (tx *Tx) CreateCertificate(ctx context.Context, c *ocop.Certificate) error {
	c.CreatedAt, c.UpdatedAt, c.Version = tx.now, tx.now, 1
	id, err := tx.insertID(ctx, `INSERT INTO certificates (number, product_id, producer_id, province_code, commune_code,
		stars, level, decision_no, decision_date, signer, issued_on, expires_on, status, source, created_at, updated_at,
		version, code) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,1,$17)`,
		c.Number, c.ProductID, c.ProducerID, c.ProvinceCode, c.CommuneCode, c.Stars, c.Level, c.DecisionNo,
		c.DecisionDate, c.Signer, c.IssuedOn, c.ExpiresOn, c.Status, c.Source, tx.now, tx.now, c.Code)
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
	return db.CertificatesOfProducts(ctx, []int64{productID})
}

// CertificatesOfProducts lists the certificates of several products in one
// query, by product, each product's latest issued first (as CertificatesOf).
func (db *DB) CertificatesOfProducts(ctx context.Context, productIDs []int64) ([]*ocop.Certificate, error) {
	w := &where{}
	inValues(w, "product_id", productIDs)
	rows, err := db.sql.QueryContext(ctx, `SELECT `+certificateColumns+` FROM certificates`+w.sql()+`
		ORDER BY product_id, issued_on DESC, id DESC`, w.args...)
	return collect(rows, err, scanCertificate)
}

// CertificatesExpiring lists valid (not revoked) certificates whose last
// day falls between from and to, both YYYY-MM-DD and inclusive, soonest
// first — for expiry reminders, with the names they need in one query.
func (db *DB) CertificatesExpiring(ctx context.Context, from, to string) ([]*PublicCertificate, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+publicCertificateColumns+publicCertificateFrom+`
		WHERE ce.status = 'valid' AND ce.expires_on >= $1 AND ce.expires_on <= $2 AND `+notSandbox("ce.province_code")+`
		ORDER BY ce.expires_on, ce.id`, from, to)
	return collect(rows, err, scanPublicCertificate)
}

// Certificate returns one certificate.
func (db *DB) Certificate(ctx context.Context, id int64) (*ocop.Certificate, error) {
	return scanCertificate(db.sql.QueryRowContext(ctx, `SELECT `+certificateColumns+` FROM certificates WHERE id = $1`, id))
}

// CertificatesWithoutCode lists the certificates recorded before they had
// verification codes.
func (db *DB) CertificatesWithoutCode(ctx context.Context) ([]*ocop.Certificate, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+certificateColumns+` FROM certificates WHERE code = '' ORDER BY id`)
	return collect(rows, err, scanCertificate)
}

// SetCertificateCode gives a certificate without one its verification
// code. The code itself is public (it is printed on the certificate).
func (tx *Tx) SetCertificateCode(ctx context.Context, c *ocop.Certificate, code string) error {
	if err := expectOne(tx.exec(ctx, `UPDATE certificates SET code = $1 WHERE id = $2 AND code = ''`, code, c.ID)); err != nil {
		return err
	}
	c.Code = code
	return tx.Audit(ctx, "certificate.code", "certificate", c.ID, c.CommuneCode, nil, map[string]any{"code": code})
}

// RevokeCertificate records the revocation in c (its Revoke… fields set by
// the caller) if the certificate is still valid and unchanged since read.
func (tx *Tx) RevokeCertificate(ctx context.Context, c *ocop.Certificate) error {
	err := expectOne(tx.exec(ctx, `UPDATE certificates SET status = 'revoked', revoke_ground = $1, revoke_decision_no = $2,
		revoke_decision_date = $3, revoke_finding_date = $4, revoke_note = $5, revoked_at = $6, updated_at = $6,
		version = version + 1 WHERE id = $7 AND version = $8 AND status = 'valid'`, c.RevokeGround, c.RevokeDecisionNo,
		c.RevokeDecisionDate, c.RevokeFindingDate, c.RevokeNote, tx.now, c.ID, c.Version))
	if err != nil {
		return err
	}
	c.Status, c.RevokedAt, c.UpdatedAt, c.Version = ocop.CertRevoked, tx.now, tx.now, c.Version+1
	return tx.Audit(ctx, "certificate.revoke", "certificate", c.ID, c.CommuneCode, map[string]any{"status": ocop.CertValid},
		map[string]any{"status": c.Status, "ground": c.RevokeGround, "decision_no": c.RevokeDecisionNo,
			"decision_date": c.RevokeDecisionDate, "finding_date": c.RevokeFindingDate, "note": c.RevokeNote})
}

// PublicCertificate is a certificate with the names a visitor reads.
type PublicCertificate struct {
	*ocop.Certificate
	ProductName  string `json:"product_name"`
	ProducerName string `json:"producer_name"`
	CommuneName  string `json:"commune_name"`
	ProvinceName string `json:"province_name"`
}

const publicCertificateFrom = ` FROM certificates ce JOIN products p ON p.id = ce.product_id
	JOIN producers pr ON pr.id = ce.producer_id JOIN units cu ON cu.code = ce.commune_code
	JOIN units pu ON pu.code = ce.province_code`

var publicCertificateColumns = "ce." + strings.ReplaceAll(certificateColumns, ", ", ", ce.") +
	", p.name, pr.name, cu.name, pu.name"

func scanPublicCertificate(sc interface{ Scan(...any) error }) (*PublicCertificate, error) {
	var pc PublicCertificate
	names := []any{&pc.ProductName, &pc.ProducerName, &pc.CommuneName, &pc.ProvinceName}
	c, err := scanCertificate(scanTail{sc, names})
	pc.Certificate = c
	return &pc, err
}

// scanTail scans a row whose last columns go to extra.
type scanTail struct {
	sc    interface{ Scan(...any) error }
	extra []any
}

func (s scanTail) Scan(dest ...any) error { return s.sc.Scan(append(dest, s.extra...)...) }

// CertificateByCode finds a certificate by its verification code.
func (db *DB) CertificateByCode(ctx context.Context, code string) (*PublicCertificate, error) {
	return scanPublicCertificate(db.sql.QueryRowContext(ctx, `SELECT `+publicCertificateColumns+publicCertificateFrom+
		` WHERE ce.code = $1 AND `+notSandbox("ce.province_code"), code))
}

// PublicCertificateFilter selects the public list of certificates. Status
// is valid (in its term on Today), expired or revoked; empty for all.
type PublicCertificateFilter struct {
	Province string
	Stars    int
	Status   string
	Today    string // YYYY-MM-DD
	Limit    int
	Offset   int
}

// latestCertificate is the SQL of "ce is its product's latest certificate":
// latest issued, then latest recorded, the order CertificatesOfProducts
// gives.
const latestCertificate = `NOT EXISTS (SELECT 1 FROM certificates c2 WHERE c2.product_id = ce.product_id
	AND c2.id <> ce.id AND (c2.issued_on > ce.issued_on OR (c2.issued_on = ce.issued_on AND c2.id > ce.id)))`

// reratingPending is the SQL of "a pending re-rating keeps ce valid past
// its term" (Điều 12.3): ce is its product's latest certificate, and a
// re-rating of the product was filed, is not decided, and was opened on or
// after ce's issue day in Vietnam (one opened before was for an earlier
// certificate). The public list's state filter and each row's state
// (ReratingsPending) both read this one definition, so they agree.
func (db *DB) reratingPending() string {
	return latestCertificate + ` AND EXISTS (SELECT 1 FROM dossiers d WHERE d.product_id = ce.product_id
		AND d.kind = 'rerating' AND d.submitted_at IS NOT NULL AND d.status <> 'decided'
		AND ` + db.vietnamDay("d.created_at") + ` >= ce.issued_on)`
}

// vietnamDay is the SQL of the calendar day (YYYY-MM-DD) in Vietnam of a
// UTC timestamp column. SQLite knows no zone names, but Vietnam has kept
// UTC+7 without daylight saving since 1975.
func (db *DB) vietnamDay(col string) string {
	if db.Dialect == Postgres {
		return "to_char(" + col + " AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')"
	}
	return "date(" + col + ", '+7 hours')"
}

// ReratingsPending reports which of the products have a pending re-rating
// keeping their latest certificate valid (reratingPending), in one query.
func (db *DB) ReratingsPending(ctx context.Context, productIDs []int64) (map[int64]bool, error) {
	w := &where{conds: []string{db.reratingPending()}}
	inValues(w, "ce.product_id", productIDs)
	rows, err := db.sql.QueryContext(ctx, `SELECT ce.product_id FROM certificates ce`+w.sql(), w.args...)
	ids, err := collect(rows, err, scanInt64)
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}

// extended gives the SQL of a certificate within its term on today, and of
// one past its term kept valid by a pending re-rating, as
// ocop.CertificateState has it: expired less than ReratingGraceDays ago,
// with reratingPending.
func (db *DB) extended(w *where, today string) (in, ext string) {
	t, err := time.Parse(time.DateOnly, today)
	if err != nil {
		t = time.Now()
	}
	w.args = append(w.args, today, t.AddDate(0, 0, -ocop.ReratingGraceDays).Format(time.DateOnly))
	now, grace := fmt.Sprintf("$%d", len(w.args)-1), fmt.Sprintf("$%d", len(w.args))
	in = "ce.status = 'valid' AND ce.expires_on >= " + now
	ext = "(ce.status = 'valid' AND ce.expires_on < " + now + " AND ce.expires_on >= " + grace + `
		AND ` + db.reratingPending() + ")"
	return in, ext
}

// PublicCertificates lists certificates that have a verification code,
// newest issued first, with the total count.
func (db *DB) PublicCertificates(ctx context.Context, f PublicCertificateFilter) ([]*PublicCertificate, int, error) {
	w := &where{conds: []string{"ce.code <> ''", notSandbox("ce.province_code")}}
	if f.Province != "" {
		w.add("ce.province_code = %s", f.Province)
	}
	if f.Stars != 0 {
		w.add("ce.stars = %s", f.Stars)
	}
	switch f.Status {
	case ocop.CertStateRevoked:
		w.conds = append(w.conds, "ce.status = 'revoked'")
	case ocop.CertStateValid:
		in, ext := db.extended(w, f.Today)
		w.conds = append(w.conds, "(("+in+") OR "+ext+")")
	case ocop.CertStateExpired:
		in, ext := db.extended(w, f.Today)
		w.conds = append(w.conds, "ce.status = 'valid' AND NOT ("+in+") AND NOT "+ext)
	}
	var total int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM certificates ce`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+publicCertificateColumns+publicCertificateFrom+w.sql()+
		` ORDER BY ce.issued_on DESC, ce.id DESC`+w.page(f.Limit, f.Offset), w.args...)
	list, err := collect(rows, err, scanPublicCertificate)
	return list, total, err
}
