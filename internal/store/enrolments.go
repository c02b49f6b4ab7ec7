package store

import (
	"context"
	"database/sql"

	"github.com/ocopvn/ocop/internal/ocop"
)

// Seats are handed out under a lock on the course row, so two people
// taking the last seat at once cannot both get it: on PostgreSQL the
// course row is locked FOR UPDATE until commit; on SQLite every write
// transaction already begins IMMEDIATE and so runs alone.
func (tx *Tx) lockCourse(ctx context.Context, courseID int64) (capacity int, err error) {
	q := `SELECT capacity FROM courses WHERE id = $1`
	if tx.db.Dialect == Postgres {
		q += ` FOR UPDATE`
	}
	return capacity, mapErr(tx.queryRow(ctx, q, courseID).Scan(&capacity))
}

// seats counts a course's enrolled trainees and the last waitlist place.
func (tx *Tx) seats(ctx context.Context, courseID int64) (enrolled, lastPos int, err error) {
	err = tx.queryRow(ctx, `SELECT COALESCE(SUM(CASE WHEN status = 'enrolled' THEN 1 ELSE 0 END), 0),
		COALESCE(MAX(waitlist_pos), 0) FROM enrolments WHERE course_id = $1 AND status <> 'cancelled'`, courseID).
		Scan(&enrolled, &lastPos)
	return enrolled, lastPos, err
}

// Enrol adds a trainee to a course: a seat when one is free, otherwise
// the end of the waitlist. e.Status and e.WaitlistPos tell which. An
// account already enrolled or waiting is a conflict.
func (tx *Tx) Enrol(ctx context.Context, c *ocop.Course, e *ocop.Enrolment) error {
	capacity, err := tx.lockCourse(ctx, c.ID)
	if err != nil {
		return err
	}
	enrolled, lastPos, err := tx.seats(ctx, c.ID)
	if err != nil {
		return err
	}
	e.Status, e.WaitlistPos = ocop.EnrolEnrolled, 0
	if enrolled >= capacity {
		e.Status, e.WaitlistPos = ocop.EnrolWaitlisted, lastPos+1
	}
	e.CourseID, e.CreatedAt, e.UpdatedAt, e.Version = c.ID, tx.now, tx.now, 1
	id, err := tx.insertID(ctx, `INSERT INTO enrolments (course_id, user_id, full_name, unit_name, commune_code,
		audience, phone, email, status, waitlist_pos, source, created_by, created_at, updated_at, version)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$13,1)`, c.ID, nullID(e.UserID), e.FullName, e.UnitName,
		e.CommuneCode, string(e.Audience), e.Phone, e.Email, e.Status, e.WaitlistPos, e.Source, nullID(e.CreatedBy),
		tx.now)
	if err != nil {
		return err
	}
	e.ID = id
	return tx.Audit(ctx, "training.enrol", "course", c.ID, c.ProvinceCode, nil, e)
}

// CancelEnrolment cancels an enrolment and, when it freed a seat, moves
// the first of the waitlist into it in the same transaction. It returns
// the promoted enrolments for the caller to notify.
func (tx *Tx) CancelEnrolment(ctx context.Context, c *ocop.Course, e *ocop.Enrolment) ([]*ocop.Enrolment, error) {
	if _, err := tx.lockCourse(ctx, c.ID); err != nil {
		return nil, err
	}
	before := *e
	if err := expectOne(tx.exec(ctx, `UPDATE enrolments SET status = 'cancelled', waitlist_pos = 0, updated_at = $1,
		version = version + 1 WHERE id = $2 AND version = $3 AND status <> 'cancelled'`, tx.now, e.ID,
		e.Version)); err != nil {
		return nil, err
	}
	e.Status, e.WaitlistPos, e.UpdatedAt, e.Version = ocop.EnrolCancelled, 0, tx.now, e.Version+1
	if before.Status == ocop.EnrolWaitlisted {
		if _, err := tx.exec(ctx, `UPDATE enrolments SET waitlist_pos = waitlist_pos - 1 WHERE course_id = $1
			AND status = 'waitlisted' AND waitlist_pos > $2`, c.ID, before.WaitlistPos); err != nil {
			return nil, err
		}
	}
	if err := tx.Audit(ctx, "training.enrol_cancel", "course", c.ID, c.ProvinceCode, &before, e); err != nil {
		return nil, err
	}
	return tx.FillSeats(ctx, c)
}

// FillSeats promotes waitlisted trainees, first come first served, while
// the course has free seats (after a cancellation or a larger capacity).
func (tx *Tx) FillSeats(ctx context.Context, c *ocop.Course) ([]*ocop.Enrolment, error) {
	capacity, err := tx.lockCourse(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	enrolled, _, err := tx.seats(ctx, c.ID)
	if err != nil || enrolled >= capacity {
		return nil, err
	}
	rows, err := tx.tx.QueryContext(ctx, `SELECT `+enrolmentColumns+` FROM enrolments WHERE course_id = $1
		AND status = 'waitlisted' ORDER BY waitlist_pos, id LIMIT $2`, c.ID, capacity-enrolled)
	promoted, err := collect(rows, err, scanEnrolment)
	if err != nil || len(promoted) == 0 {
		return nil, err
	}
	for _, p := range promoted {
		before := *p
		if _, err := tx.exec(ctx, `UPDATE enrolments SET status = 'enrolled', waitlist_pos = 0, updated_at = $1,
			version = version + 1 WHERE id = $2`, tx.now, p.ID); err != nil {
			return nil, err
		}
		p.Status, p.WaitlistPos, p.UpdatedAt, p.Version = ocop.EnrolEnrolled, 0, tx.now, p.Version+1
		if err := tx.Audit(ctx, "training.enrol_promote", "course", c.ID, c.ProvinceCode, &before, p); err != nil {
			return nil, err
		}
	}
	_, err = tx.exec(ctx, `UPDATE enrolments SET waitlist_pos = waitlist_pos - $1 WHERE course_id = $2
		AND status = 'waitlisted'`, len(promoted), c.ID)
	return promoted, err
}

const enrolmentColumns = `id, course_id, user_id, full_name, unit_name, commune_code, audience, phone, email, status,
	waitlist_pos, source, created_by, created_at, updated_at, version`

func scanEnrolment(sc scanner) (*ocop.Enrolment, error) {
	var e ocop.Enrolment
	var uid, by sql.NullInt64
	err := sc.Scan(&e.ID, &e.CourseID, &uid, &e.FullName, &e.UnitName, &e.CommuneCode, &e.Audience, &e.Phone, &e.Email,
		&e.Status, &e.WaitlistPos, &e.Source, &by, &e.CreatedAt, &e.UpdatedAt, &e.Version)
	e.UserID, e.CreatedBy = uid.Int64, by.Int64
	return &e, err
}

// Enrolments lists a course's enrolments: seated first in the order they
// came, then the waitlist in order, then cancellations.
func (db *DB) Enrolments(ctx context.Context, courseID int64) ([]*ocop.Enrolment, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+enrolmentColumns+` FROM enrolments WHERE course_id = $1
		ORDER BY CASE status WHEN 'enrolled' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END, waitlist_pos, id`, courseID)
	return collect(rows, err, scanEnrolment)
}

// Enrolment reads one enrolment.
func (db *DB) Enrolment(ctx context.Context, id int64) (*ocop.Enrolment, error) {
	e, err := scanEnrolment(db.sql.QueryRowContext(ctx, `SELECT `+enrolmentColumns+` FROM enrolments WHERE id = $1`, id))
	return e, mapErr(err)
}

// UserEnrolment reads an account's live (not cancelled) enrolment in a
// course, ENOTFOUND when there is none.
func (db *DB) UserEnrolment(ctx context.Context, courseID, userID int64) (*ocop.Enrolment, error) {
	e, err := scanEnrolment(db.sql.QueryRowContext(ctx, `SELECT `+enrolmentColumns+` FROM enrolments
		WHERE course_id = $1 AND user_id = $2 AND status <> 'cancelled'`, courseID, userID))
	return e, mapErr(err)
}

// EnrolledUserIDs lists the accounts holding a seat in a course.
func (tx *Tx) EnrolledUserIDs(ctx context.Context, courseID int64) ([]int64, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT user_id FROM enrolments WHERE course_id = $1 AND status = 'enrolled'
		AND user_id IS NOT NULL ORDER BY id`, courseID)
	return collect(rows, err, scanInt64)
}

// PracticeEnrolments are the ids of a course's enrolments held by sandbox
// (practice) accounts, whose province code starts with "T": reports leave
// them out.
func (db *DB) PracticeEnrolments(ctx context.Context, courseID int64) (map[int64]bool, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT e.id FROM enrolments e JOIN users u ON u.id = e.user_id
		WHERE e.course_id = $1 AND u.scope_province LIKE 'T%'`, courseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}
