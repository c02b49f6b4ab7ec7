package store

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
)

const photoColumns = `id, product_id, file_name, file_key, content_type, size, sha256, caption, main, created_at`

func scanPhoto(sc interface{ Scan(...any) error }) (*ocop.Photo, error) {
	var p ocop.Photo
	err := sc.Scan(&p.ID, &p.ProductID, &p.FileName, &p.FileKey, &p.ContentType, &p.Size, &p.SHA256, &p.Caption,
		&p.Main, &p.CreatedAt)
	if err != nil {
		return nil, mapErr(err)
	}
	return &p, nil
}

func photoAudit(p *ocop.Photo) map[string]any {
	return map[string]any{"photo_id": p.ID, "file_name": p.FileName, "caption": p.Caption, "main": p.Main,
		"sha256": p.SHA256, "size": p.Size}
}

// AddPhoto records an uploaded photo of a product.
func (tx *Tx) AddPhoto(ctx context.Context, prod *ocop.Product, p *ocop.Photo) error {
	p.CreatedAt = tx.now
	id, err := tx.insertID(ctx, `INSERT INTO product_photos (product_id, file_name, file_key, content_type, size, sha256,
		caption, main, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`,
		p.ProductID, p.FileName, p.FileKey, p.ContentType, p.Size, p.SHA256, p.Caption, p.Main, tx.now)
	if err != nil {
		return err
	}
	p.ID = id
	return tx.Audit(ctx, "product.photo_add", "product", prod.ID, prod.CommuneCode, nil, photoAudit(p))
}

// SetMainPhoto makes one photo of a product its main photo.
func (tx *Tx) SetMainPhoto(ctx context.Context, prod *ocop.Product, p *ocop.Photo) error {
	if _, err := tx.exec(ctx, `UPDATE product_photos SET main = (id = $1) WHERE product_id = $2`, p.ID, prod.ID); err != nil {
		return err
	}
	p.Main = true
	return tx.Audit(ctx, "product.photo_main", "product", prod.ID, prod.CommuneCode, nil, photoAudit(p))
}

// DeletePhoto removes a photo's row (the caller removes the file after
// the commit).
func (tx *Tx) DeletePhoto(ctx context.Context, prod *ocop.Product, p *ocop.Photo) error {
	if err := expectOne(tx.exec(ctx, `DELETE FROM product_photos WHERE id = $1`, p.ID)); err != nil {
		return err
	}
	return tx.Audit(ctx, "product.photo_delete", "product", prod.ID, prod.CommuneCode, photoAudit(p), nil)
}

// PhotosOf lists a product's photos, the main one first.
func (db *DB) PhotosOf(ctx context.Context, productID int64) ([]*ocop.Photo, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+photoColumns+` FROM product_photos WHERE product_id = $1
		ORDER BY main DESC, id`, productID)
	return collect(rows, err, scanPhoto)
}
