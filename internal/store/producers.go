package store

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/search"
)

const producerColumns = `p.id, p.name, p.legal_type, p.registration_no, p.tax_code, p.address, p.commune_code,
	p.province_code, c.name, pr.name, p.representative, p.phone, p.email, p.status, p.created_at, p.updated_at, p.version,
	p.founded_on, p.rep_gender, p.rep_ethnicity, p.rep_disabled, p.rep_address, p.website, p.organisation`

const producerFrom = ` FROM producers p JOIN units c ON c.code = p.commune_code JOIN units pr ON pr.code = p.province_code`

func scanProducer(sc interface{ Scan(...any) error }) (*ocop.Producer, error) {
	var p ocop.Producer
	err := sc.Scan(&p.ID, &p.Name, &p.LegalType, &p.RegistrationNo, &p.TaxCode, &p.Address, &p.CommuneCode,
		&p.ProvinceCode, &p.CommuneName, &p.ProvinceName, &p.Representative, &p.Phone, &p.Email, &p.Status,
		&p.CreatedAt, &p.UpdatedAt, &p.Version, &p.FoundedOn, &p.RepGender, &p.RepEthnicity, &p.RepDisabled,
		&p.RepAddress, &p.Website, &p.Organisation)
	if err != nil {
		return nil, mapErr(err)
	}
	return &p, nil
}

func producerAudit(p *ocop.Producer) map[string]any {
	return map[string]any{"name": p.Name, "legal_type": p.LegalType, "registration_no": p.RegistrationNo,
		"tax_code": p.TaxCode, "commune": p.CommuneCode, "address": p.Address, "status": p.Status,
		"founded_on": p.FoundedOn, "representative": p.Representative, "rep_gender": p.RepGender,
		"rep_ethnicity": p.RepEthnicity, "rep_disabled": p.RepDisabled, "rep_address": p.RepAddress,
		"phone": p.Phone, "email": p.Email, "website": p.Website, "organisation": p.Organisation}
}

// UpdateProducer saves a producer's profile if nobody changed it since the
// caller read version; the commune stays (moving is a separate matter).
func (tx *Tx) UpdateProducer(ctx context.Context, before, p *ocop.Producer) error {
	err := expectOne(tx.exec(ctx, `UPDATE producers SET name = $1, legal_type = $2, registration_no = $3, tax_code = $4,
		address = $5, representative = $6, phone = $7, email = $8, founded_on = $9, rep_gender = $10, rep_ethnicity = $11,
		rep_disabled = $12, rep_address = $13, website = $14, organisation = $15, search_text = $16, updated_at = $17,
		version = version + 1 WHERE id = $18 AND version = $19`,
		p.Name, p.LegalType, p.RegistrationNo, p.TaxCode, p.Address, p.Representative, p.Phone, p.Email, p.FoundedOn,
		p.RepGender, p.RepEthnicity, p.RepDisabled, p.RepAddress, p.Website, p.Organisation,
		search.Fields(p.Name, p.TaxCode, p.RegistrationNo), tx.now, p.ID, p.Version))
	if err != nil {
		return err
	}
	p.Version, p.UpdatedAt = p.Version+1, tx.now
	return tx.Audit(ctx, "producer.update", "producer", p.ID, p.CommuneCode, producerAudit(before), producerAudit(p))
}

// CreateProducer inserts a producer.
func (tx *Tx) CreateProducer(ctx context.Context, p *ocop.Producer) error {
	p.CreatedAt, p.UpdatedAt, p.Version = tx.now, tx.now, 1
	id, err := tx.insertID(ctx, `INSERT INTO producers (name, legal_type, registration_no, tax_code, address,
		commune_code, province_code, representative, phone, email, status, search_text, created_at, updated_at, version,
		founded_on, rep_gender, rep_ethnicity, rep_disabled, rep_address, website, organisation)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,1,$15,$16,$17,$18,$19,$20,$21)`,
		p.Name, p.LegalType, p.RegistrationNo, p.TaxCode, p.Address, p.CommuneCode, p.ProvinceCode,
		p.Representative, p.Phone, p.Email, p.Status, search.Fields(p.Name, p.TaxCode, p.RegistrationNo), tx.now, tx.now,
		p.FoundedOn, p.RepGender, p.RepEthnicity, p.RepDisabled, p.RepAddress, p.Website, p.Organisation)
	if err != nil {
		return err
	}
	p.ID = id
	return tx.Audit(ctx, "producer.create", "producer", id, p.CommuneCode, nil, producerAudit(p))
}

// ProducerByID returns one producer.
func (db *DB) ProducerByID(ctx context.Context, id int64) (*ocop.Producer, error) {
	return scanProducer(db.sql.QueryRowContext(ctx, `SELECT `+producerColumns+producerFrom+` WHERE p.id = $1`, id))
}

// ProducerFilter selects producers.
type ProducerFilter struct {
	Scope  ocop.Scope
	ID     int64 // a producer's own view
	Status ocop.UserStatus
	Query  string
	Limit  int
	Offset int
}

// Producers lists producers by name, with the total count.
func (db *DB) Producers(ctx context.Context, f ProducerFilter) ([]*ocop.Producer, int, error) {
	w := &where{}
	w.scope(f.Scope, "p.province_code", "p.commune_code")
	if f.ID != 0 {
		w.add("p.id = %s", f.ID)
	}
	if f.Status != "" {
		w.add("p.status = %s", string(f.Status))
	}
	if q := search.Fold(f.Query); q != "" {
		w.add("p.search_text LIKE %s", "%"+q+"%")
	}
	var total int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM producers p`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	q := `SELECT ` + producerColumns + producerFrom + w.sql() + ` ORDER BY p.search_text` + w.page(f.Limit, f.Offset)
	rows, err := db.sql.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*ocop.Producer
	for rows.Next() {
		p, err := scanProducer(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	return out, total, rows.Err()
}

// SetProducerStatus confirms or rejects a producer if unchanged since read.
func (tx *Tx) SetProducerStatus(ctx context.Context, p *ocop.Producer, status ocop.UserStatus, reason string) error {
	before := producerAudit(p)
	err := expectOne(tx.exec(ctx, `UPDATE producers SET status = $1, updated_at = $2, version = version + 1
		WHERE id = $3 AND version = $4`, status, tx.now, p.ID, p.Version))
	if err != nil {
		return err
	}
	p.Status, p.Version, p.UpdatedAt = status, p.Version+1, tx.now
	after := producerAudit(p)
	if reason != "" {
		after["reason"] = reason
	}
	return tx.Audit(ctx, "producer.status", "producer", p.ID, p.CommuneCode, before, after)
}

const productColumns = `p.id, p.producer_id, pr.name, p.name, p.category, p.description, p.stars, p.commune_code,
	p.province_code, p.created_at, p.card, p.packaging, p.unit_spec, p.quality_standard, p.growing_area_codes,
	p.packing_facility_codes, p.gtin, p.story, p.version, p.code`

// CreateProduct inserts a product located at its producer's commune.
func (tx *Tx) CreateProduct(ctx context.Context, p *ocop.Product) error {
	p.CreatedAt = tx.now
	id, err := tx.insertID(ctx, `INSERT INTO products (producer_id, name, category, description, stars, commune_code,
		province_code, search_text, created_at, updated_at, version, card, packaging, unit_spec, quality_standard,
		growing_area_codes, packing_facility_codes, gtin, story)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,1,$11,$12,$13,$14,$15,$16,$17,$18)`,
		p.ProducerID, p.Name, p.Category, p.Description, p.Stars, p.CommuneCode, p.ProvinceCode,
		search.Fields(p.Name, p.Category), tx.now, tx.now, p.Card, p.Packaging, p.UnitSpec, p.QualityStandard,
		p.GrowingAreaCodes, p.PackingFacilityCodes, p.GTIN, p.Story)
	if err != nil {
		return err
	}
	p.ID, p.Version = id, 1
	return tx.Audit(ctx, "product.create", "product", id, p.CommuneCode, nil, productAudit(p))
}

func productAudit(p *ocop.Product) map[string]any {
	return map[string]any{"producer_id": p.ProducerID, "name": p.Name, "category": p.Category, "stars": p.Stars,
		"card": p.Card, "description": p.Description, "packaging": p.Packaging, "unit_spec": p.UnitSpec,
		"quality_standard": p.QualityStandard, "growing_area_codes": p.GrowingAreaCodes,
		"packing_facility_codes": p.PackingFacilityCodes, "gtin": p.GTIN, "story": p.Story}
}

// UpdateProduct saves a product's details if unchanged since version.
func (tx *Tx) UpdateProduct(ctx context.Context, before, p *ocop.Product) error {
	err := expectOne(tx.exec(ctx, `UPDATE products SET name = $1, category = $2, description = $3, card = $4,
		packaging = $5, unit_spec = $6, quality_standard = $7, growing_area_codes = $8, packing_facility_codes = $9,
		gtin = $10, story = $11, search_text = $12, updated_at = $13, version = version + 1
		WHERE id = $14 AND version = $15`,
		p.Name, p.Category, p.Description, p.Card, p.Packaging, p.UnitSpec, p.QualityStandard, p.GrowingAreaCodes,
		p.PackingFacilityCodes, p.GTIN, p.Story, search.Fields(p.Name, p.Category), tx.now, p.ID, p.Version))
	if err != nil {
		return err
	}
	p.Version++
	return tx.Audit(ctx, "product.update", "product", p.ID, p.CommuneCode, productAudit(before), productAudit(p))
}

// SetProductCode gives a product its code (once: a product that has one
// keeps it, so the update only applies while the code is empty).
func (tx *Tx) SetProductCode(ctx context.Context, p *ocop.Product, code string) error {
	err := expectOne(tx.exec(ctx, `UPDATE products SET code = $1, updated_at = $2 WHERE id = $3 AND code = ''`,
		code, tx.now, p.ID))
	if err != nil {
		return err
	}
	p.Code = code
	return tx.Audit(ctx, "product.code", "product", p.ID, p.CommuneCode, nil, map[string]any{"code": code})
}

// SetProductStars records the stars of a product's current certificate.
func (tx *Tx) SetProductStars(ctx context.Context, p *ocop.Product, stars int) error {
	if _, err := tx.exec(ctx, `UPDATE products SET stars = $1, updated_at = $2 WHERE id = $3`, stars, tx.now, p.ID); err != nil {
		return err
	}
	before := map[string]any{"stars": p.Stars}
	p.Stars = stars
	return tx.Audit(ctx, "product.stars", "product", p.ID, p.CommuneCode, before, map[string]any{"stars": stars})
}

// ProductFilter selects products.
type ProductFilter struct {
	Scope      ocop.Scope
	ProducerID int64
	ID         int64
	Limit      int
	Offset     int
}

// Products lists products by name, with the total count.
func (db *DB) Products(ctx context.Context, f ProductFilter) ([]*ocop.Product, int, error) {
	w := &where{}
	w.scope(f.Scope, "p.province_code", "p.commune_code")
	if f.ProducerID != 0 {
		w.add("p.producer_id = %s", f.ProducerID)
	}
	if f.ID != 0 {
		w.add("p.id = %s", f.ID)
	}
	var total int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM products p`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	q := `SELECT ` + productColumns + ` FROM products p JOIN producers pr ON pr.id = p.producer_id` + w.sql() +
		` ORDER BY p.search_text` + w.page(f.Limit, f.Offset)
	rows, err := db.sql.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*ocop.Product
	for rows.Next() {
		var p ocop.Product
		if err := rows.Scan(&p.ID, &p.ProducerID, &p.ProducerName, &p.Name, &p.Category, &p.Description, &p.Stars,
			&p.CommuneCode, &p.ProvinceCode, &p.CreatedAt, &p.Card, &p.Packaging, &p.UnitSpec, &p.QualityStandard,
			&p.GrowingAreaCodes, &p.PackingFacilityCodes, &p.GTIN, &p.Story, &p.Version, &p.Code); err != nil {
			return nil, 0, err
		}
		out = append(out, &p)
	}
	return out, total, rows.Err()
}
