package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
)

// MailAttempts is how many times the sender tries a message before it is
// left as failed for an operator to look at.
const MailAttempts = 5

// Mail is one message of the e-mail outbox.
type Mail struct {
	ID          int64
	UserID      int64
	Address     string
	Subject     string
	Body        string
	CreatedAt   time.Time
	Attempts    int
	NextAttempt time.Time
	SentAt      time.Time
	LastError   string
}

// State is "sent", "failed" (no attempt left) or "pending".
func (m Mail) State() string {
	switch {
	case !m.SentAt.IsZero():
		return "sent"
	case m.Attempts >= MailAttempts:
		return "failed"
	}
	return "pending"
}

// enqueueMail copies a notification into the outbox for each of the users
// who has an e-mail address, in the caller's transaction: a change that
// rolls back sends nothing.
func (tx *Tx) enqueueMail(ctx context.Context, users []int64, subject, body string) error {
	for _, id := range users {
		if _, err := tx.exec(ctx, `INSERT INTO mail_outbox (user_id, address, subject, body, created_at, next_attempt)
			SELECT id, email, $2, $3, $4, $4 FROM users WHERE id = $1 AND email <> ''`,
			id, subject, body, tx.now); err != nil {
			return err
		}
	}
	return nil
}

// ClaimMail takes up to limit due messages for this sender: it stamps them
// with its token and a lease and counts the attempt. The conditions are
// repeated outside the sub-select so that, on PostgreSQL, a row another
// sender claimed in the meantime is re-checked and skipped.
func (db *DB) ClaimMail(ctx context.Context, token string, lease time.Duration, limit int) ([]Mail, error) {
	now := db.now()
	const due = `sent_at IS NULL AND attempts < $4 AND next_attempt <= $3 AND (claimed_until IS NULL OR claimed_until < $3)`
	if _, err := db.sql.ExecContext(ctx, `UPDATE mail_outbox SET claim_token = $1, claimed_until = $2, attempts = attempts + 1
		WHERE `+due+` AND id IN (SELECT id FROM mail_outbox WHERE `+due+` ORDER BY id LIMIT $5)`,
		token, now.Add(lease), now, MailAttempts, limit); err != nil {
		return nil, err
	}
	return db.mails(ctx, `m WHERE m.claim_token = $1 AND m.sent_at IS NULL ORDER BY m.id`, token)
}

// MailSent records a delivery by the sender that holds the claim.
func (db *DB) MailSent(ctx context.Context, id int64, token string) error {
	_, err := db.sql.ExecContext(ctx, `UPDATE mail_outbox SET sent_at = $1, claimed_until = NULL, last_error = ''
		WHERE id = $2 AND claim_token = $3`, db.now(), id, token)
	return err
}

// MailFailed records a failed attempt and when to try again.
func (db *DB) MailFailed(ctx context.Context, id int64, token, msg string, retryIn time.Duration) error {
	_, err := db.sql.ExecContext(ctx, `UPDATE mail_outbox SET last_error = $1, next_attempt = $2, claimed_until = NULL
		WHERE id = $3 AND claim_token = $4`, msg, db.now().Add(retryIn), id, token)
	return err
}

// MailFilter selects outbox rows for the operators' page.
type MailFilter struct {
	Scope ocop.Scope
	State string // "pending", "sent", "failed" or "" for all
	Limit int
}

// Outbox lists the newest messages to recipients in a scope. A producer's
// account has no unit of its own, so its producer's unit counts.
func (db *DB) Outbox(ctx context.Context, f MailFilter) ([]Mail, error) {
	w := &where{}
	w.scope(f.Scope, "COALESCE(p.province_code, u.scope_province)", "COALESCE(p.commune_code, u.scope_commune)")
	switch f.State {
	case "sent":
		w.conds = append(w.conds, "m.sent_at IS NOT NULL")
	case "failed":
		w.add("m.sent_at IS NULL AND m.attempts >= %s", MailAttempts)
	case "pending":
		w.add("m.sent_at IS NULL AND m.attempts < %s", MailAttempts)
	}
	return db.mails(ctx, `m LEFT JOIN users u ON u.id = m.user_id LEFT JOIN producers p ON p.id = u.producer_id`+
		w.sql()+` ORDER BY m.id DESC`+w.page(f.Limit, 0), w.args...)
}

func (db *DB) mails(ctx context.Context, rest string, args ...any) ([]Mail, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT m.id, COALESCE(m.user_id, 0), m.address, m.subject, m.body, m.created_at,
		m.attempts, m.next_attempt, m.sent_at, m.last_error FROM mail_outbox `+rest, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Mail
	for rows.Next() {
		var m Mail
		var sent sql.NullTime
		if err := rows.Scan(&m.ID, &m.UserID, &m.Address, &m.Subject, &m.Body, &m.CreatedAt, &m.Attempts,
			&m.NextAttempt, &sent, &m.LastError); err != nil {
			return nil, err
		}
		m.SentAt = sent.Time
		out = append(out, m)
	}
	return out, rows.Err()
}

// MarkReminder records that the reminder with this key goes out now. It
// reports false when it went out before, so the caller sends nothing.
func (tx *Tx) MarkReminder(ctx context.Context, key string) (bool, error) {
	res, err := tx.exec(ctx, `INSERT INTO reminders_sent (key, sent_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, key, tx.now)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
