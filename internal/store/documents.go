package store

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
)

const documentColumns = `id, producer_id, commune_code, province_code, kind, title, number, issuer, issued_on, expires_on,
	file_name, file_key, content_type, size, sha256, created_at`

func scanDocument(sc interface{ Scan(...any) error }) (*ocop.Document, error) {
	var d ocop.Document
	err := sc.Scan(&d.ID, &d.ProducerID, &d.CommuneCode, &d.ProvinceCode, &d.Kind, &d.Title, &d.Number, &d.Issuer,
		&d.IssuedOn, &d.ExpiresOn, &d.FileName, &d.FileKey, &d.ContentType, &d.Size, &d.SHA256, &d.CreatedAt)
	if err != nil {
		return nil, mapErr(err)
	}
	return &d, nil
}

func documentAudit(d *ocop.Document) map[string]any {
	return map[string]any{"kind": d.Kind, "title": d.Title, "number": d.Number, "issuer": d.Issuer,
		"issued_on": d.IssuedOn, "expires_on": d.ExpiresOn, "file_name": d.FileName, "sha256": d.SHA256, "size": d.Size}
}

// CreateDocument records an uploaded document.
func (tx *Tx) CreateDocument(ctx context.Context, d *ocop.Document) error {
	d.CreatedAt = tx.now
	id, err := tx.insertID(ctx, `INSERT INTO producer_documents (producer_id, commune_code, province_code, kind, title,
		number, issuer, issued_on, expires_on, file_name, file_key, content_type, size, sha256, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)`,
		d.ProducerID, d.CommuneCode, d.ProvinceCode, d.Kind, d.Title, d.Number, d.Issuer, d.IssuedOn, d.ExpiresOn,
		d.FileName, d.FileKey, d.ContentType, d.Size, d.SHA256, tx.now)
	if err != nil {
		return err
	}
	d.ID = id
	return tx.Audit(ctx, "document.create", "producer", d.ProducerID, d.CommuneCode, nil, documentAudit(d))
}

// DeleteDocument removes a document's row (the caller removes the file
// after the commit).
func (tx *Tx) DeleteDocument(ctx context.Context, d *ocop.Document) error {
	if err := expectOne(tx.exec(ctx, `DELETE FROM producer_documents WHERE id = $1`, d.ID)); err != nil {
		return err
	}
	return tx.Audit(ctx, "document.delete", "producer", d.ProducerID, d.CommuneCode, documentAudit(d), nil)
}

// DocumentByID returns one document.
func (db *DB) DocumentByID(ctx context.Context, id int64) (*ocop.Document, error) {
	return scanDocument(db.sql.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM producer_documents WHERE id = $1`, id))
}

// Documents lists a producer's documents, soonest expiry first.
func (db *DB) Documents(ctx context.Context, producerID int64) ([]*ocop.Document, error) {
	return db.documents(ctx, `WHERE producer_id = $1
		ORDER BY CASE WHEN expires_on = '' THEN 1 ELSE 0 END, expires_on, id`, producerID)
}

func (db *DB) documents(ctx context.Context, rest string, args ...any) ([]*ocop.Document, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+documentColumns+` FROM producer_documents `+rest, args...)
	return collect(rows, err, scanDocument)
}

// DocumentsExpiring lists the documents of every producer that expire on a
// day in [from, to] (YYYY-MM-DD), for the reminders.
func (db *DB) DocumentsExpiring(ctx context.Context, from, to string) ([]*ocop.Document, error) {
	return db.documents(ctx, `WHERE expires_on <> '' AND expires_on >= $1 AND expires_on <= $2
		AND `+notSandbox("province_code")+` ORDER BY expires_on, id`, from, to)
}
