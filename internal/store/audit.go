package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
)

// AuditEntry is one row of the audit trail.
type AuditEntry struct {
	Seq       int64
	At        string // RFC 3339 with microseconds, UTC: hashed as stored
	ActorID   int64
	ActorName string
	Action    string
	Entity    string
	EntityID  string
	UnitCode  string
	Before    string // JSON, "null" when the entity did not exist
	After     string // JSON, "null" when the entity was removed
	PrevHash  string
	Hash      string
}

// Time parses At.
func (e AuditEntry) Time() time.Time {
	t, _ := time.Parse(time.RFC3339Nano, e.At)
	return t
}

// computeHash is the link: sha256 over the previous hash and the row's
// fields in a fixed JSON encoding.
func (e AuditEntry) computeHash() string {
	canon, _ := json.Marshal([]any{e.Seq, e.At, e.ActorID, e.ActorName, e.Action, e.Entity,
		e.EntityID, e.UnitCode, e.Before, e.After, e.PrevHash})
	sum := sha256.Sum256(canon)
	return hex.EncodeToString(sum[:])
}

// Audit appends a row describing a change made in this transaction. before
// and after are any JSON-encodable values (nil for none).
func (tx *Tx) Audit(ctx context.Context, action, entity string, entityID any, unit string, before, after any) error {
	b, err := json.Marshal(before)
	if err != nil {
		return fmt.Errorf("audit before: %w", err)
	}
	a, err := json.Marshal(after)
	if err != nil {
		return fmt.Errorf("audit after: %w", err)
	}
	e := AuditEntry{At: tx.now.Format(time.RFC3339Nano), ActorID: tx.actor.UserID, ActorName: tx.actor.Name,
		Action: action, Entity: entity, EntityID: fmt.Sprint(entityID), UnitCode: unit, Before: string(b), After: string(a)}
	// Bumping the head first locks it until commit, so concurrent writers
	// append one after another and the chain never forks.
	if err := tx.queryRow(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).
		Scan(&e.Seq, &e.PrevHash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	e.Hash = e.computeHash()
	if _, err := tx.exec(ctx, `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id,
		unit_code, before_json, after_json, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
		e.Seq, e.At, e.ActorID, e.ActorName, e.Action, e.Entity, e.EntityID, e.UnitCode, e.Before, e.After,
		e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	_, err = tx.exec(ctx, `UPDATE audit_head SET hash = $1 WHERE id = 1`, e.Hash)
	return err
}

const auditColumns = `seq, at, actor_id, actor_name, action, entity, entity_id, unit_code, before_json, after_json, prev_hash, hash`

func scanAudit(sc interface{ Scan(...any) error }) (AuditEntry, error) {
	var e AuditEntry
	err := sc.Scan(&e.Seq, &e.At, &e.ActorID, &e.ActorName, &e.Action, &e.Entity, &e.EntityID,
		&e.UnitCode, &e.Before, &e.After, &e.PrevHash, &e.Hash)
	return e, err
}

// AuditFilter selects audit rows, newest first.
type AuditFilter struct {
	Scope     ocop.Scope // rows about units inside this scope; zero value: all
	Entity    string
	EntityID  string
	Limit     int
	BeforeSeq int64 // page: rows with seq < BeforeSeq; 0 for the newest
}

// AuditEntries lists audit rows.
func (db *DB) AuditEntries(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	q := `SELECT ` + auditColumns + ` FROM audit_log WHERE 1=1`
	var args []any
	if f.Entity != "" {
		args = append(args, f.Entity)
		q += fmt.Sprintf(" AND entity = $%d", len(args))
	}
	if f.EntityID != "" {
		args = append(args, f.EntityID)
		q += fmt.Sprintf(" AND entity_id = $%d", len(args))
	}
	switch f.Scope.Level {
	case ocop.LevelCountry:
		// The trail outlives a deleted sandbox's units, so its rows are
		// known by the sandbox code space rather than by units.sandbox.
		q += " AND unit_code NOT LIKE 'T%'"
	case ocop.LevelProvince:
		args = append(args, f.Scope.Province)
		q += fmt.Sprintf(" AND unit_code IN (SELECT code FROM units WHERE code = $%[1]d OR province_code = $%[1]d)", len(args))
	case ocop.LevelCommune:
		args = append(args, f.Scope.Commune)
		q += fmt.Sprintf(" AND unit_code = $%d", len(args))
	}
	if f.BeforeSeq > 0 {
		args = append(args, f.BeforeSeq)
		q += fmt.Sprintf(" AND seq < $%d", len(args))
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	args = append(args, f.Limit)
	q += fmt.Sprintf(" ORDER BY seq DESC LIMIT $%d", len(args))
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// VerifyResult tells whether the chain is intact. BrokenSeq is the first
// row whose link does not hold (0 when intact).
type VerifyResult struct {
	Checked   int64
	BrokenSeq int64
	Reason    string
}

// OK reports an intact chain.
func (r VerifyResult) OK() bool { return r.BrokenSeq == 0 }

// VerifyAudit walks the whole chain in order and reports the first broken
// link: a changed row, a removed or inserted row, or a head that does not
// match the last row (rows cut off the end).
func (db *DB) VerifyAudit(ctx context.Context) (VerifyResult, error) { return verifyAudit(ctx, db.sql) }

func verifyAudit(ctx context.Context, q querier) (VerifyResult, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log ORDER BY seq`)
	if err != nil {
		return VerifyResult{}, err
	}
	defer rows.Close()
	var res VerifyResult
	var prev AuditEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return res, err
		}
		switch {
		case e.Seq != prev.Seq+1:
			return VerifyResult{res.Checked, prev.Seq + 1, fmt.Sprintf("thiếu dòng (dòng tiếp theo mang số %d)", e.Seq)}, nil
		case e.PrevHash != prev.Hash:
			return VerifyResult{res.Checked, e.Seq, "mã băm của dòng trước không khớp"}, nil
		case e.computeHash() != e.Hash:
			return VerifyResult{res.Checked, e.Seq, "nội dung dòng đã bị sửa"}, nil
		}
		res.Checked++
		prev = e
	}
	if err := rows.Err(); err != nil {
		return res, err
	}
	var headSeq int64
	var headHash string
	if err := q.QueryRowContext(ctx, `SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&headSeq, &headHash); err != nil {
		return res, err
	}
	if headSeq != prev.Seq || headHash != prev.Hash {
		return VerifyResult{res.Checked, prev.Seq + 1, fmt.Sprintf("các dòng cuối đã bị xóa (đầu chuỗi ghi số %d)", headSeq)}, nil
	}
	return res, nil
}

// RawForTest exposes the pool to tests that must bypass the store, e.g. to
// tamper with the audit trail and prove that verification notices.
func (db *DB) RawForTest() *sql.DB { return db.sql }

// querier is what VerifyAuditWith needs: a pool or a transaction.
type querier interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// VerifyAuditWith verifies the chain as seen through q (a transaction in
// tests that tamper and roll back).
func VerifyAuditWith(ctx context.Context, q querier) (VerifyResult, error) {
	return verifyAudit(ctx, q)
}
