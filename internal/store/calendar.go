package store

import (
	"context"
	"fmt"
	"time"

	"github.com/ocopvn/ocop/internal/calendar"
)

// CalendarDay is a listed day of the working-day calendar as stored, with
// who changed it last and its version for concurrent edits.
type CalendarDay struct {
	calendar.Day
	Provisional bool      `json:"provisional"` // Day.Provisional, for API clients
	UpdatedBy   string    `json:"updated_by"`
	UpdatedAt   time.Time `json:"updated_at"`
	Version     int64     `json:"version"`
}

const calendarColumns = `day, kind, name, source, updated_by, updated_at, version`

func scanCalendarDay(sc interface{ Scan(...any) error }) (*CalendarDay, error) {
	var d CalendarDay
	if err := sc.Scan(&d.Date, &d.Kind, &d.Name, &d.Source, &d.UpdatedBy, &d.UpdatedAt, &d.Version); err != nil {
		return nil, mapErr(err)
	}
	d.Provisional = d.Day.Provisional()
	return &d, nil
}

// CalendarDays lists the stored days of a year (every year for 0), by date.
func (db *DB) CalendarDays(ctx context.Context, year int) ([]*CalendarDay, error) {
	q, args := `SELECT `+calendarColumns+` FROM calendar_days ORDER BY day`, []any{}
	if year != 0 {
		q, args = `SELECT `+calendarColumns+` FROM calendar_days WHERE day LIKE $1 ORDER BY day`, []any{fmt.Sprintf("%04d-%%", year)}
	}
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*CalendarDay
	for rows.Next() {
		d, err := scanCalendarDay(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// CalendarDay returns the stored day of a date (YYYY-MM-DD).
func (db *DB) CalendarDay(ctx context.Context, date string) (*CalendarDay, error) {
	return scanCalendarDay(db.sql.QueryRowContext(ctx, `SELECT `+calendarColumns+` FROM calendar_days WHERE day = $1`, date))
}

// CalendarEmpty reports whether no day is stored yet.
func (db *DB) CalendarEmpty(ctx context.Context) (bool, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM calendar_days`).Scan(&n)
	return n == 0, err
}

// SeedCalendar stores the embedded calendar (2025–2027, see
// internal/calendar/data) in one audited step.
func (tx *Tx) SeedCalendar(ctx context.Context) error {
	days := calendar.Default().All()
	rows := make([][]any, len(days))
	for i, d := range days {
		rows[i] = []any{d.Date, string(d.Kind), d.Name, d.Source, tx.actor.Name, tx.now}
	}
	if err := tx.insertBatch(ctx, "calendar_days", "day, kind, name, source, updated_by, updated_at", rows); err != nil {
		return err
	}
	return tx.Audit(ctx, "calendar.seed", "calendar", "all", "", nil, map[string]any{
		"days": len(days), "years": calendar.Default().Years()})
}

// CreateCalendarDay adds a day; a date already listed is a conflict.
func (tx *Tx) CreateCalendarDay(ctx context.Context, d *CalendarDay) error {
	d.UpdatedBy, d.UpdatedAt, d.Version = tx.actor.Name, tx.now, 1
	if _, err := tx.exec(ctx, `INSERT INTO calendar_days (day, kind, name, source, updated_by, updated_at, version)
		VALUES ($1,$2,$3,$4,$5,$6,1)`, d.Date, d.Kind, d.Name, d.Source, d.UpdatedBy, tx.now); err != nil {
		return err
	}
	d.Provisional = d.Day.Provisional()
	return tx.Audit(ctx, "calendar.create", "calendar", d.Date, "", nil, d.Day)
}

// UpdateCalendarDay saves a day's kind, name and source if it still has
// the version the caller read; next gets the new version.
func (tx *Tx) UpdateCalendarDay(ctx context.Context, prev, next *CalendarDay) error {
	if err := expectOne(tx.exec(ctx, `UPDATE calendar_days SET kind = $1, name = $2, source = $3, updated_by = $4,
		updated_at = $5, version = version + 1 WHERE day = $6 AND version = $7`,
		next.Kind, next.Name, next.Source, tx.actor.Name, tx.now, prev.Date, prev.Version)); err != nil {
		return err
	}
	next.Date, next.UpdatedBy, next.UpdatedAt, next.Version = prev.Date, tx.actor.Name, tx.now, prev.Version+1
	next.Provisional = next.Day.Provisional()
	return tx.Audit(ctx, "calendar.update", "calendar", prev.Date, "", prev.Day, next.Day)
}

// DeleteCalendarDay removes a day if it still has the version read.
func (tx *Tx) DeleteCalendarDay(ctx context.Context, d *CalendarDay) error {
	if err := expectOne(tx.exec(ctx, `DELETE FROM calendar_days WHERE day = $1 AND version = $2`, d.Date, d.Version)); err != nil {
		return err
	}
	return tx.Audit(ctx, "calendar.delete", "calendar", d.Date, "", d.Day, nil)
}
