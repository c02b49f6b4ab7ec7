package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/search"
)

const userColumns = `u.id, u.username, u.full_name, u.email, u.phone, u.role, u.scope_level, u.scope_province,
	u.scope_commune, COALESCE(u.producer_id, 0), u.status, u.must_change_password, u.created_at, u.updated_at,
	u.last_login_at, u.version`

func scanUser(sc interface{ Scan(...any) error }) (*ocop.User, error) {
	var u ocop.User
	var last sql.NullTime
	err := sc.Scan(&u.ID, &u.Username, &u.FullName, &u.Email, &u.Phone, &u.Role, &u.Scope.Level, &u.Scope.Province,
		&u.Scope.Commune, &u.ProducerID, &u.Status, &u.MustChangePassword, &u.CreatedAt, &u.UpdatedAt, &last, &u.Version)
	if err != nil {
		return nil, mapErr(err)
	}
	u.LastLoginAt = last.Time
	return &u, nil
}

// CreateUser inserts an account; a taken username is an EINVALID error on
// the username field so forms can show it in place.
func (tx *Tx) CreateUser(ctx context.Context, u *ocop.User, passwordHash string) error {
	var taken int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM users WHERE username = $1`, u.Username).Scan(&taken); err != nil {
		return err
	}
	if taken > 0 {
		return &ocop.Error{Code: ocop.EINVALID, Message: "err.invalid_form", Fields: map[string]string{"username": "err.username_taken"}}
	}
	var producer any
	if u.ProducerID != 0 {
		producer = u.ProducerID
	}
	u.CreatedAt, u.UpdatedAt, u.Version = tx.now, tx.now, 1
	id, err := tx.insertID(ctx, `INSERT INTO users (username, full_name, email, phone, password_hash, role, scope_level,
		scope_province, scope_commune, producer_id, status, must_change_password, created_at, updated_at, version)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,1)`,
		u.Username, u.FullName, u.Email, u.Phone, passwordHash, u.Role, u.Scope.Level, u.Scope.Province,
		u.Scope.Commune, producer, u.Status, u.MustChangePassword, tx.now, tx.now)
	if err != nil {
		return err
	}
	u.ID = id
	return tx.Audit(ctx, "user.create", "user", id, u.Scope.Code(), nil, userAudit(u))
}

// userAudit is what the audit trail records of an account (never the hash).
func userAudit(u *ocop.User) map[string]any {
	return map[string]any{"username": u.Username, "full_name": u.FullName, "role": u.Role, "scope": u.Scope,
		"status": u.Status, "producer_id": u.ProducerID, "must_change_password": u.MustChangePassword}
}

// UserByID returns one account.
func (db *DB) UserByID(ctx context.Context, id int64) (*ocop.User, error) {
	return scanUser(db.sql.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
}

// UserByIDTx reads an account inside a transaction, for read-modify-write.
func (tx *Tx) UserByID(ctx context.Context, id int64) (*ocop.User, error) {
	return scanUser(tx.queryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
}

// UserCredentials returns an account with its password hash, for login.
func (db *DB) UserCredentials(ctx context.Context, username string) (*ocop.User, string, error) {
	var hash string
	row := db.sql.QueryRowContext(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u WHERE u.username = $1`, username)
	u, err := scanUser(scanTails{row, []*string{&hash}})
	return u, hash, err
}

// PasswordHash returns the stored hash of an account.
func (tx *Tx) PasswordHash(ctx context.Context, id int64) (string, error) {
	var h string
	err := tx.queryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, id).Scan(&h)
	return h, mapErr(err)
}

// UserFilter selects accounts.
type UserFilter struct {
	Scope      ocop.Scope // accounts whose own scope lies inside this one
	Role       ocop.Role
	ProducerID int64
	Status     ocop.UserStatus
	Query      string
	Limit      int
	Offset     int
}

func (f UserFilter) where() *where {
	w := &where{}
	w.scope(f.Scope, "u.scope_province", "u.scope_commune")
	if f.Role != "" {
		w.add("u.role = %s", string(f.Role))
	}
	if f.ProducerID != 0 {
		w.add("u.producer_id = %s", f.ProducerID)
	}
	if f.Status != "" {
		w.add("u.status = %s", string(f.Status))
	}
	if f.Query != "" {
		w.add("(LOWER(u.username) LIKE %[1]s)", "%"+search.Fold(f.Query)+"%")
	}
	return w
}

// Users lists accounts by username, with the total count.
func (db *DB) Users(ctx context.Context, f UserFilter) ([]*ocop.User, int, error) {
	w := f.where()
	var total int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM users u`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	q := `SELECT ` + userColumns + ` FROM users u` + w.sql() + ` ORDER BY u.username` + w.page(f.Limit, f.Offset)
	rows, err := db.sql.QueryContext(ctx, q, w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*ocop.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, u)
	}
	return out, total, rows.Err()
}

// SetUserStatus changes an account's status if it still has the version the
// caller read, and audits the change.
func (tx *Tx) SetUserStatus(ctx context.Context, u *ocop.User, status ocop.UserStatus) error {
	before := userAudit(u)
	err := expectOne(tx.exec(ctx, `UPDATE users SET status = $1, updated_at = $2, version = version + 1
		WHERE id = $3 AND version = $4`, status, tx.now, u.ID, u.Version))
	if err != nil {
		return err
	}
	u.Status, u.Version, u.UpdatedAt = status, u.Version+1, tx.now
	return tx.Audit(ctx, "user.status", "user", u.ID, u.Scope.Code(), before, userAudit(u))
}

// SetPassword stores a new password hash; mustChange marks a temporary
// password set by an administrator. Sessions of the account end, so a
// reset locks out whoever knew the old password.
func (tx *Tx) SetPassword(ctx context.Context, u *ocop.User, hash string, mustChange bool, action string) error {
	if err := expectOne(tx.exec(ctx, `UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3,
		version = version + 1 WHERE id = $4`, hash, mustChange, tx.now, u.ID)); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID); err != nil {
		return err
	}
	u.MustChangePassword, u.Version = mustChange, u.Version+1
	return tx.Audit(ctx, action, "user", u.ID, u.Scope.Code(), nil, map[string]any{"must_change_password": mustChange})
}

// CountUsers counts accounts in a scope.
func (db *DB) CountUsers(ctx context.Context, s ocop.Scope) (int, error) {
	_, n, err := db.Users(ctx, UserFilter{Scope: s, Limit: 1})
	return n, err
}

// UserExists reports whether any account exists (first start detection).
func (db *DB) UserExists(ctx context.Context) (bool, error) {
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM users`).Scan(&n); err != nil {
		return false, fmt.Errorf("đếm tài khoản: %w", err)
	}
	return n > 0, nil
}
