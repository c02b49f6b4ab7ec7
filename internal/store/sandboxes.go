package store

import (
	"context"
	"crypto/rand"
	"fmt"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/search"
)

// notSandbox is the condition that keeps a row whose province code is in
// col out of sandboxes: every real-world list and count adds it. Sandbox
// codes are the T… space (ocop.IsSandboxCode) and official codes digits
// only, so a prefix test does it without reading the units table — a
// subquery on units cost the public certificate list three quarters of
// its throughput.
func notSandbox(col string) string {
	return col + " NOT LIKE 'T%'"
}

const sandboxColumns = `id, name, COALESCE(course_id, 0), province_code, unit_code, seats, password, created_by,
	created_at, updated_at, version`

func scanSandbox(sc interface{ Scan(...any) error }) (*ocop.Sandbox, error) {
	var s ocop.Sandbox
	err := sc.Scan(&s.ID, &s.Name, &s.CourseID, &s.ProvinceCode, &s.UnitCode, &s.Seats, &s.Password, &s.CreatedBy,
		&s.CreatedAt, &s.UpdatedAt, &s.Version)
	if err != nil {
		return nil, mapErr(err)
	}
	return &s, nil
}

// sandboxAudit is what the audit trail records of a sandbox (never the
// practice password).
func sandboxAudit(s *ocop.Sandbox) map[string]any {
	return map[string]any{"name": s.Name, "course_id": s.CourseID, "province": s.ProvinceCode, "unit": s.UnitCode,
		"seats": s.Seats}
}

// CreateSandbox inserts a sandbox and its fictional province and communes,
// marked as sandbox units; communes are the communes' short names.
func (tx *Tx) CreateSandbox(ctx context.Context, s *ocop.Sandbox, communes []string) error {
	var course any
	if s.CourseID != 0 {
		course = s.CourseID
	}
	s.CreatedBy, s.CreatedAt, s.UpdatedAt, s.Version = tx.actor.UserID, tx.now, tx.now, 1
	// The unit code derives from the id, so a random placeholder holds the
	// unique column until the id is known.
	id, err := tx.insertID(ctx, `INSERT INTO sandboxes (name, course_id, province_code, unit_code, seats, password,
		created_by, created_at, updated_at, version) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,1)`,
		s.Name, course, s.ProvinceCode, "new-"+rand.Text(), s.Seats, s.Password, s.CreatedBy, tx.now, tx.now)
	if err != nil {
		return err
	}
	s.ID, s.UnitCode = id, ocop.SandboxUnitCode(id)
	if _, err := tx.exec(ctx, `UPDATE sandboxes SET unit_code = $1 WHERE id = $2`, s.UnitCode, id); err != nil {
		return err
	}
	province := s.ProvinceName()
	rows := [][]any{{s.UnitCode, "Tỉnh " + province, province, "tinh", nil, search.Fields("Tỉnh " + province), true}}
	for i, c := range communes {
		rows = append(rows, []any{ocop.SandboxCommuneCode(id, i+1), "Xã " + c, c, "xa", s.UnitCode, search.Fields("Xã " + c), true})
	}
	if err := tx.insertBatch(ctx, "units", "code, name, short_name, kind, province_code, search_text, sandbox", rows); err != nil {
		return err
	}
	return tx.Audit(ctx, "sandbox.create", "sandbox", id, s.ProvinceCode, nil, sandboxAudit(s))
}

// SandboxByID returns one sandbox.
func (db *DB) SandboxByID(ctx context.Context, id int64) (*ocop.Sandbox, error) {
	return scanSandbox(db.sql.QueryRowContext(ctx, `SELECT `+sandboxColumns+` FROM sandboxes WHERE id = $1`, id))
}

// SandboxByUnit returns the sandbox a unit code belongs to.
func (db *DB) SandboxByUnit(ctx context.Context, province string) (*ocop.Sandbox, error) {
	return scanSandbox(db.sql.QueryRowContext(ctx, `SELECT `+sandboxColumns+` FROM sandboxes WHERE unit_code = $1`, province))
}

// Sandboxes lists the sandboxes a real province owns, newest first.
func (db *DB) Sandboxes(ctx context.Context, province string) ([]*ocop.Sandbox, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+sandboxColumns+` FROM sandboxes WHERE province_code = $1
		ORDER BY id DESC`, province)
	return collect(rows, err, scanSandbox)
}

// sandboxSets are subqueries naming a sandbox's rows by its province code
// ($1): everything inside is found from there.
const (
	sbUsers     = `(SELECT id FROM users WHERE scope_province = $1)`
	sbProducers = `(SELECT id FROM producers WHERE province_code = $1)`
	sbProducts  = `(SELECT id FROM products WHERE province_code = $1)`
	sbDossiers  = `(SELECT id FROM dossiers WHERE province_code = $1)`
	sbRounds    = `(SELECT id FROM rounds WHERE province_code = $1)`
	sbUnits     = `(SELECT code FROM units WHERE code = $1 OR province_code = $1)`
	sbVisits    = `(SELECT id FROM site_visits WHERE round_id IN ` + sbRounds + ` OR dossier_id IN ` + sbDossiers +
		` OR created_by IN ` + sbUsers + `)`
)

// sandboxContent deletes, children first, every row inside a sandbox:
// the work of its rounds, its dossiers, certificates, products,
// producers, accounts and what hangs off them. Each table is named, so a
// new table that references users, producers or units must be added here
// (TestSandboxDeleteLeavesNothing counts every table).
var sandboxContent = []struct{ table, where string }{
	{"decision_outcomes", `decision_id IN (SELECT id FROM decisions WHERE round_id IN ` + sbRounds + `) OR dossier_id IN ` + sbDossiers},
	{"decisions", `round_id IN ` + sbRounds},
	{"advisory_reports", `round_id IN ` + sbRounds + ` OR submitted_by IN ` + sbUsers},
	{"advisory_verdicts", `round_id IN ` + sbRounds + ` OR dossier_id IN ` + sbDossiers + ` OR user_id IN ` + sbUsers},
	{"lab_requests", `round_id IN ` + sbRounds + ` OR dossier_id IN ` + sbDossiers + ` OR requested_by IN ` + sbUsers},
	{"site_visit_photos", `visit_id IN ` + sbVisits},
	{"site_visits", `id IN ` + sbVisits},
	{"advisory_notes", `round_id IN ` + sbRounds + ` OR dossier_id IN ` + sbDossiers + ` OR user_id IN ` + sbUsers},
	{"council_meetings", `round_id IN ` + sbRounds},
	{"score_sheets", `round_id IN ` + sbRounds + ` OR dossier_id IN ` + sbDossiers + ` OR user_id IN ` + sbUsers},
	{"recusals", `round_id IN ` + sbRounds + ` OR dossier_id IN ` + sbDossiers + ` OR user_id IN ` + sbUsers},
	{"member_conflicts", `user_id IN ` + sbUsers + ` OR producer_id IN ` + sbProducers},
	{"council_members", `council_id IN (SELECT id FROM councils WHERE round_id IN ` + sbRounds + `) OR user_id IN ` + sbUsers},
	{"councils", `round_id IN ` + sbRounds},
	{"ministry_additions", `round_id IN ` + sbRounds + ` OR dossier_id IN ` + sbDossiers + ` OR requested_by IN ` + sbUsers},
	{"round_dossiers", `round_id IN ` + sbRounds + ` OR dossier_id IN ` + sbDossiers},
	{"rounds", `province_code = $1`},
	{"dossier_versions", `dossier_id IN ` + sbDossiers},
	{"dossier_evidence", `dossier_id IN ` + sbDossiers},
	{"dossiers", `province_code = $1`},
	{"certificates", `province_code = $1 OR product_id IN ` + sbProducts},
	{"product_photos", `product_id IN ` + sbProducts},
	{"producer_documents", `producer_id IN ` + sbProducers},
	{"commune_sequences", `commune_code IN ` + sbUnits},
	{"notifications", `user_id IN ` + sbUsers},
	{"mail_outbox", `user_id IN ` + sbUsers},
	{"sessions", `user_id IN ` + sbUsers},
	{"api_tokens", `user_id IN ` + sbUsers},
	{"users", `scope_province = $1`},
	{"products", `province_code = $1`},
	{"producers", `province_code = $1`},
}

// sandboxFiles lists the stored files of a sandbox's rows, to remove
// after the rows are gone.
const sandboxFiles = `SELECT file_key FROM dossier_evidence WHERE dossier_id IN ` + sbDossiers + `
	UNION ALL SELECT file_key FROM product_photos WHERE product_id IN ` + sbProducts + `
	UNION ALL SELECT file_key FROM producer_documents WHERE producer_id IN ` + sbProducers + `
	UNION ALL SELECT file_key FROM site_visit_photos WHERE visit_id IN ` + sbVisits + `
	UNION ALL SELECT result_key FROM lab_requests WHERE result_key <> '' AND (round_id IN ` + sbRounds + `
		OR dossier_id IN ` + sbDossiers + `)`

// ClearSandbox deletes everything inside a sandbox but its units and
// itself, audited with the number of rows removed per table. It returns
// the keys of the stored files the rows pointed to; the caller removes
// the files once the transaction has committed.
func (tx *Tx) ClearSandbox(ctx context.Context, s *ocop.Sandbox, action string) ([]string, error) {
	// First, and only from the version the organiser saw: of two resets
	// or deletions at once, the second is a conflict and changes nothing.
	err := expectOne(tx.exec(ctx, `UPDATE sandboxes SET updated_at = $1, version = version + 1 WHERE id = $2 AND version = $3`,
		tx.now, s.ID, s.Version))
	if err != nil {
		return nil, err
	}
	s.Version++
	rows, err := tx.tx.QueryContext(ctx, sandboxFiles, s.UnitCode)
	keys, err := collect(rows, err, func(sc interface{ Scan(...any) error }) (string, error) {
		var k string
		return k, sc.Scan(&k)
	})
	if err != nil {
		return nil, err
	}
	removed := map[string]int64{}
	for _, c := range sandboxContent {
		res, err := tx.exec(ctx, `DELETE FROM `+c.table+` WHERE `+c.where, s.UnitCode)
		if err != nil {
			return nil, fmt.Errorf("xóa %s: %w", c.table, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			removed[c.table] = n
		}
	}
	return keys, tx.Audit(ctx, action, "sandbox", s.ID, s.ProvinceCode, sandboxAudit(s), map[string]any{"removed": removed})
}

// DeleteSandbox deletes a sandbox with everything inside it and its units.
func (tx *Tx) DeleteSandbox(ctx context.Context, s *ocop.Sandbox) ([]string, error) {
	keys, err := tx.ClearSandbox(ctx, s, "sandbox.clear")
	if err != nil {
		return nil, err
	}
	// Communes first: they reference the province.
	if _, err := tx.exec(ctx, `DELETE FROM units WHERE province_code = $1`, s.UnitCode); err != nil {
		return nil, err
	}
	if _, err := tx.exec(ctx, `DELETE FROM units WHERE code = $1`, s.UnitCode); err != nil {
		return nil, err
	}
	if err := expectOne(tx.exec(ctx, `DELETE FROM sandboxes WHERE id = $1`, s.ID)); err != nil {
		return nil, err
	}
	return keys, tx.Audit(ctx, "sandbox.delete", "sandbox", s.ID, s.ProvinceCode, sandboxAudit(s), nil)
}

// SandboxUsers lists a sandbox's accounts by username.
func (db *DB) SandboxUsers(ctx context.Context, province string) ([]*ocop.User, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.scope_province = $1
		ORDER BY u.username`, province)
	return collect(rows, err, scanUser)
}
