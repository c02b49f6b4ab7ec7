package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
)

// Notification is a message for one user.
type Notification struct {
	ID        int64
	Link      string
	Message   string
	CreatedAt time.Time
	ReadAt    time.Time
}

// Notice is what users are told: the in-app line and, for those with an
// e-mail address, the message the outbox sends.
type Notice struct {
	Link, Message string
	Subject, Body string // the e-mail; none is queued when Subject is empty
}

// Notify writes one notification to each user, and queues the e-mail, in
// the same transaction as the change it reports, so nobody is told of a
// change that did not happen.
func (tx *Tx) Notify(ctx context.Context, users []int64, n Notice) error {
	for _, id := range users {
		if _, err := tx.exec(ctx, `INSERT INTO notifications (user_id, link, message, created_at) VALUES ($1, $2, $3, $4)`,
			id, n.Link, n.Message, tx.now); err != nil {
			return err
		}
	}
	if n.Subject == "" {
		return nil
	}
	return tx.enqueueMail(ctx, users, n.Subject, n.Body)
}

// UserIDs lists the active accounts of a role in a scope, or of a producer.
func (tx *Tx) UserIDs(ctx context.Context, role ocop.Role, province, commune string, producerID int64) ([]int64, error) {
	w := &where{}
	w.add("u.role = %s", string(role))
	w.add("u.status = %s", string(ocop.UserActive))
	if producerID != 0 {
		w.add("u.producer_id = %s", producerID)
	}
	if province != "" {
		w.add("u.scope_province = %s", province)
	}
	if commune != "" {
		w.add("u.scope_commune = %s", commune)
	}
	rows, err := tx.tx.QueryContext(ctx, `SELECT u.id FROM users u`+w.sql(), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Notifications lists a user's newest notifications and the unread count.
func (db *DB) Notifications(ctx context.Context, userID int64, limit int) ([]Notification, int, error) {
	var unread int
	if err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`,
		userID).Scan(&unread); err != nil {
		return nil, 0, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT id, link, message, created_at, read_at FROM notifications
		WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, userID, limit)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		var read sql.NullTime
		if err := rows.Scan(&n.ID, &n.Link, &n.Message, &n.CreatedAt, &read); err != nil {
			return nil, 0, err
		}
		n.ReadAt = read.Time
		out = append(out, n)
	}
	return out, unread, rows.Err()
}

// MarkNotificationsRead marks all of a user's notifications read. Reading
// them is not a change to the programme's data, so it is not audited.
func (db *DB) MarkNotificationsRead(ctx context.Context, userID int64) error {
	_, err := db.sql.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL`,
		db.now(), userID)
	return err
}

// ProductName reads a product's name inside a transaction.
func (tx *Tx) ProductName(ctx context.Context, id int64) (string, error) {
	var name string
	err := tx.queryRow(ctx, `SELECT name FROM products WHERE id = $1`, id).Scan(&name)
	return name, mapErr(err)
}

// UnreadCount counts a user's unread notifications (shown in the menu).
func (db *DB) UnreadCount(ctx context.Context, userID int64) int {
	var n int
	db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL`, userID).Scan(&n)
	return n
}
