package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
)

// CreateSession stores a session by the hash of its token; the token itself
// never reaches the database.
func (tx *Tx) CreateSession(ctx context.Context, u *ocop.User, tokenHash string, ttl time.Duration) error {
	if _, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1,$2,$3,$4)`,
		tokenHash, u.ID, tx.now, tx.now.Add(ttl)); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE users SET last_login_at = $1 WHERE id = $2`, tx.now, u.ID); err != nil {
		return err
	}
	// Expired sessions are swept here rather than by a timer.
	if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE expires_at < $1`, tx.now); err != nil {
		return err
	}
	return tx.Audit(ctx, "session.login", "user", u.ID, u.Scope.Code(), nil, nil)
}

// DeleteSession ends a session.
func (tx *Tx) DeleteSession(ctx context.Context, u *ocop.User, tokenHash string) error {
	if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return err
	}
	return tx.Audit(ctx, "session.logout", "user", u.ID, u.Scope.Code(), nil, nil)
}

// UserBySession returns the account of a live session.
func (db *DB) UserBySession(ctx context.Context, tokenHash string) (*ocop.User, error) {
	return scanUser(db.sql.QueryRowContext(ctx, `SELECT `+userColumns+` FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1 AND s.expires_at > $2`, tokenHash, db.now()))
}

// APIToken is a machine client's token (only its hash is stored).
type APIToken struct {
	ID         int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt time.Time
}

// CreateAPIToken stores a token hash for a user.
func (tx *Tx) CreateAPIToken(ctx context.Context, u *ocop.User, name, tokenHash string) (int64, error) {
	id, err := tx.insertID(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1,$2,$3,$4)`,
		u.ID, name, tokenHash, tx.now)
	if err != nil {
		return 0, err
	}
	return id, tx.Audit(ctx, "api_token.create", "user", u.ID, u.Scope.Code(), nil, map[string]any{"token_id": id, "name": name})
}

// RevokeAPIToken revokes one of the user's own tokens.
func (tx *Tx) RevokeAPIToken(ctx context.Context, u *ocop.User, id int64) error {
	err := expectOne(tx.exec(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL`,
		tx.now, id, u.ID))
	if ocop.ErrorCode(err) == ocop.ECONFLICT {
		return ocop.ErrNotFound()
	} else if err != nil {
		return err
	}
	return tx.Audit(ctx, "api_token.revoke", "user", u.ID, u.Scope.Code(), nil, map[string]any{"token_id": id})
}

// APITokens lists a user's live tokens.
func (db *DB) APITokens(ctx context.Context, userID int64) ([]APIToken, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, name, created_at, last_used_at FROM api_tokens
		WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		var last sql.NullTime
		if err := rows.Scan(&t.ID, &t.Name, &t.CreatedAt, &last); err != nil {
			return nil, err
		}
		t.LastUsedAt = last.Time
		out = append(out, t)
	}
	return out, rows.Err()
}

// UserByAPIToken returns the account of a live token and notes its use.
// The use stamp is bookkeeping, not a change to the programme's data, so it
// is not audited, and it is written at most once a minute per token so a
// busy client does not turn every read into a write.
func (db *DB) UserByAPIToken(ctx context.Context, tokenHash string) (*ocop.User, error) {
	u, err := scanUser(db.sql.QueryRowContext(ctx, `SELECT `+userColumns+` FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL`, tokenHash))
	if err != nil {
		return nil, err
	}
	now := db.now()
	_, err = db.sql.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1
		WHERE token_hash = $2 AND (last_used_at IS NULL OR last_used_at < $3)`, now, tokenHash, now.Add(-time.Minute))
	return u, err
}

// DeleteSessions ends every session of an account (when it is disabled).
func (tx *Tx) DeleteSessions(ctx context.Context, userID int64) error {
	_, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	return err
}

// RevokeAllAPITokens revokes every live token of an account.
func (tx *Tx) RevokeAllAPITokens(ctx context.Context, u *ocop.User) error {
	res, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`, tx.now, u.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return tx.Audit(ctx, "api_token.revoke_all", "user", u.ID, u.Scope.Code(), nil, map[string]any{"revoked": n})
	}
	return nil
}
