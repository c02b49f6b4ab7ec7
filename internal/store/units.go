package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/ocopvn/ocop/internal/adminunit"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/search"
)

// UnitCount returns the number of administrative units loaded.
func (db *DB) UnitCount(ctx context.Context) (int, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM units`).Scan(&n)
	return n, err
}

// SeedUnits loads the administrative units in force since 1/7/2025 and the
// old→new commune mapping, in batches (one statement per batch keeps the
// load fast on PostgreSQL).
func (tx *Tx) SeedUnits(ctx context.Context) error {
	var rows [][]any
	for _, u := range adminunit.Provinces() {
		rows = append(rows, []any{u.Code, u.Name, u.ShortName, string(u.Kind), nil, search.Fields(u.Name)})
	}
	for _, u := range adminunit.Communes() {
		rows = append(rows, []any{u.Code, u.Name, u.ShortName, string(u.Kind), u.ProvinceCode, search.Fields(u.Name)})
	}
	if err := tx.insertBatch(ctx, "units", "code, name, short_name, kind, province_code, search_text", rows); err != nil {
		return err
	}
	rows = rows[:0]
	for _, o := range adminunit.OldCommunes() {
		rows = append(rows, []any{o.Code, o.Name, o.DistrictCode, o.DistrictName, o.ProvinceCode, o.ProvinceName,
			o.NewCode, search.Fields(o.Name, o.DistrictName, o.ProvinceName)})
	}
	if err := tx.insertBatch(ctx, "old_communes",
		"code, name, district_code, district_name, province_code, province_name, new_code, search_text", rows); err != nil {
		return err
	}
	return tx.Audit(ctx, "units.seed", "units", "all", "", nil, map[string]int{
		"provinces": len(adminunit.Provinces()), "communes": len(adminunit.Communes()), "old_communes": len(adminunit.OldCommunes())})
}

// insertBatch inserts rows with multi-row VALUES, staying under SQLite's
// limit of 32,766 bound parameters per statement.
func (tx *Tx) insertBatch(ctx context.Context, table, cols string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	width := len(rows[0])
	// Modest batches: modernc binds $N parameters by name, which costs
	// quadratic time in the statement size.
	per := 200 / width
	for start := 0; start < len(rows); start += per {
		end := min(start+per, len(rows))
		var b strings.Builder
		args := make([]any, 0, (end-start)*width)
		fmt.Fprintf(&b, "INSERT INTO %s (%s) VALUES ", table, cols)
		for i, r := range rows[start:end] {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('(')
			for j := range r {
				if j > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, "$%d", len(args)+j+1)
			}
			b.WriteByte(')')
			args = append(args, r...)
		}
		if _, err := tx.exec(ctx, b.String(), args...); err != nil {
			return fmt.Errorf("nạp %s: %w", table, err)
		}
	}
	return nil
}

const unitColumns = `code, name, short_name, kind, COALESCE(province_code, '')`

func scanUnits(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}) ([]ocop.Unit, error) {
	defer rows.Close()
	var out []ocop.Unit
	for rows.Next() {
		var u ocop.Unit
		if err := rows.Scan(&u.Code, &u.Name, &u.ShortName, &u.Kind, &u.ProvinceCode); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// Provinces lists the 34 province-level units by code, without the
// fictional provinces of practice sandboxes.
func (db *DB) Provinces(ctx context.Context) ([]ocop.Unit, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+unitColumns+` FROM units WHERE province_code IS NULL AND NOT sandbox ORDER BY code`)
	if err != nil {
		return nil, err
	}
	return scanUnits(rows)
}

// CommunesOf lists the commune-level units of a province by name.
func (db *DB) CommunesOf(ctx context.Context, province string) ([]ocop.Unit, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+unitColumns+` FROM units WHERE province_code = $1 ORDER BY search_text`, province)
	if err != nil {
		return nil, err
	}
	return scanUnits(rows)
}

// UnitByCode returns one unit.
func (db *DB) UnitByCode(ctx context.Context, code string) (ocop.Unit, error) {
	var u ocop.Unit
	err := db.sql.QueryRowContext(ctx, `SELECT `+unitColumns+` FROM units WHERE code = $1`, code).
		Scan(&u.Code, &u.Name, &u.ShortName, &u.Kind, &u.ProvinceCode)
	return u, mapErr(err)
}

// OldCommune is a pre-reform commune mapped to its current unit.
type OldCommune = adminunit.OldCommune

// OldCommunesOf lists the old communes merged into a current commune.
func (db *DB) OldCommunesOf(ctx context.Context, newCode string) ([]OldCommune, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT code, name, district_code, district_name, province_code, province_name, new_code
		FROM old_communes WHERE new_code = $1 ORDER BY code`, newCode)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OldCommune
	for rows.Next() {
		var o OldCommune
		if err := rows.Scan(&o.Code, &o.Name, &o.DistrictCode, &o.DistrictName, &o.ProvinceCode, &o.ProvinceName, &o.NewCode); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// UnitScope returns the scope of a unit code: a province or a commune in
// its province. Unknown codes are an EINVALID error.
func (db *DB) UnitScope(ctx context.Context, code string) (ocop.Scope, error) {
	u, err := db.UnitByCode(ctx, code)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		return ocop.Scope{}, ocop.Errorf(ocop.EINVALID, "err.unknown_unit")
	} else if err != nil {
		return ocop.Scope{}, err
	}
	if u.ProvinceCode == "" {
		return ocop.ProvinceScope(u.Code), nil
	}
	return ocop.CommuneScope(u.ProvinceCode, u.Code), nil
}

// Counts are the figures on the public landing page.
type Counts struct {
	Provinces, Communes, Producers, Products int
}

// PublicCounts counts real units, confirmed producers and their products
// (sandboxes left out).
func (db *DB) PublicCounts(ctx context.Context) (Counts, error) {
	var c Counts
	err := db.sql.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM units WHERE province_code IS NULL AND NOT sandbox),
		(SELECT COUNT(*) FROM units WHERE province_code IS NOT NULL AND NOT sandbox),
		(SELECT COUNT(*) FROM producers WHERE status = 'active' AND `+notSandbox("province_code")+`),
		(SELECT COUNT(*) FROM products p JOIN producers pr ON pr.id = p.producer_id WHERE pr.status = 'active'
			AND `+notSandbox("p.province_code")+`)`).
		Scan(&c.Provinces, &c.Communes, &c.Producers, &c.Products)
	return c, err
}
