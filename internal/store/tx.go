package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
)

// Tx is a write transaction on behalf of an actor. Every state change made
// through it records an audit row with Audit before it commits.
type Tx struct {
	tx    *sql.Tx
	db    *DB
	actor ocop.Actor
	now   time.Time
}

// Update runs fn in a transaction and commits when it returns nil. A
// failing fn leaves the database unchanged.
func (db *DB) Update(ctx context.Context, actor ocop.Actor, fn func(*Tx) error) error {
	sqlTx, err := db.sql.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("bắt đầu giao dịch: %w", err)
	}
	tx := &Tx{tx: sqlTx, db: db, actor: actor, now: db.now()}
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return err
	}
	return mapErr(sqlTx.Commit())
}

// Now is the transaction's timestamp, the same for every row it writes.
func (tx *Tx) Now() time.Time { return tx.now }

func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := tx.tx.ExecContext(ctx, q, args...)
	return res, mapErr(err)
}

func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, q, args...)
}

// insertID runs an INSERT … RETURNING id.
func (tx *Tx) insertID(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := tx.tx.QueryRowContext(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, mapErr(err)
}

// expectOne turns "no row updated" into a conflict: the row changed (its
// version moved on) or vanished since the caller read it.
func expectOne(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	return nil
}

// Setting reads a value from the settings table ("" when unset).
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.sql.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return v, err
}

// SetSetting stores a value in the settings table, audited.
func (tx *Tx) SetSetting(ctx context.Context, key, value string) error {
	if _, err := tx.exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value); err != nil {
		return err
	}
	return tx.Audit(ctx, "setting.set", "setting", key, "", nil, value)
}

// nullTime maps the zero time to NULL.
func nullTime(t time.Time) sql.NullTime { return sql.NullTime{Time: t, Valid: !t.IsZero()} }

// InitSetting stores a value unless the key already has one, and audits
// that it was set without writing the value: for keys that must stay
// secret. The caller reads the value back, which may be another server's.
func (tx *Tx) InitSetting(ctx context.Context, key, value string) error {
	res, err := tx.exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, key, value)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	return tx.Audit(ctx, "setting.init", "setting", key, "", nil, "(bí mật, không ghi vào nhật ký)")
}
