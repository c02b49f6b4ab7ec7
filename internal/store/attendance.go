package store

import (
	"context"
	"database/sql"

	"github.com/ocopvn/ocop/internal/ocop"
)

// Attendance rows are audited on the course, in the course's province.

const attendanceColumns = `a.id, a.session_id, a.enrolment_id, a.present, a.method, a.reason, a.marked_by,
	a.marked_at, a.version`

func scanAttendance(sc scanner) (*ocop.Attendance, error) {
	var a ocop.Attendance
	var by sql.NullInt64
	err := sc.Scan(&a.ID, &a.SessionID, &a.EnrolmentID, &a.Present, &a.Method, &a.Reason, &by, &a.MarkedAt, &a.Version)
	a.MarkedBy = by.Int64
	return &a, err
}

// SessionAttendance lists the marks of a session.
func (db *DB) SessionAttendance(ctx context.Context, sessionID int64) ([]*ocop.Attendance, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+attendanceColumns+` FROM attendance a WHERE a.session_id = $1
		ORDER BY a.id`, sessionID)
	return collect(rows, err, scanAttendance)
}

// CourseAttendance lists the marks of every session of a course.
func (db *DB) CourseAttendance(ctx context.Context, courseID int64) ([]*ocop.Attendance, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+attendanceColumns+` FROM attendance a
		JOIN course_sessions s ON s.id = a.session_id WHERE s.course_id = $1 ORDER BY a.id`, courseID)
	return collect(rows, err, scanAttendance)
}

// attendanceOf reads a trainee's mark for a session inside the
// transaction, ENOTFOUND when there is none.
func (tx *Tx) attendanceOf(ctx context.Context, sessionID, enrolmentID int64) (*ocop.Attendance, error) {
	a, err := scanAttendance(tx.queryRow(ctx, `SELECT `+attendanceColumns+` FROM attendance a WHERE a.session_id = $1
		AND a.enrolment_id = $2`, sessionID, enrolmentID))
	if err != nil {
		return nil, mapErr(err)
	}
	return a, nil
}

// CodeUsed reports whether a trainee already used the QR code of a
// session's window.
func (tx *Tx) CodeUsed(ctx context.Context, sessionID, enrolmentID, window int64) (bool, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM attendance_codes_used WHERE session_id = $1 AND enrolment_id = $2
		AND code_window = $3`, sessionID, enrolmentID, window).Scan(&n)
	return n > 0, err
}

// UseCode records that a trainee used a window's code.
func (tx *Tx) UseCode(ctx context.Context, sessionID, enrolmentID, window int64) error {
	_, err := tx.exec(ctx, `INSERT INTO attendance_codes_used (session_id, enrolment_id, code_window, used_at)
		VALUES ($1,$2,$3,$4)`, sessionID, enrolmentID, window, tx.now)
	return mapErr(err)
}

// MarkAttendance sets a trainee's mark for a session, creating or
// replacing it, and returns the mark it replaced (nil for none). a
// carries SessionID, EnrolmentID, Present, Method, Reason and MarkedBy.
func (tx *Tx) MarkAttendance(ctx context.Context, c *ocop.Course, a *ocop.Attendance) (*ocop.Attendance, error) {
	before, err := tx.attendanceOf(ctx, a.SessionID, a.EnrolmentID)
	if err != nil && ocop.ErrorCode(err) != ocop.ENOTFOUND {
		return nil, err
	}
	a.MarkedAt = tx.now
	if before == nil {
		a.Version = 1
		a.ID, err = tx.insertID(ctx, `INSERT INTO attendance (session_id, enrolment_id, present, method, reason,
			marked_by, marked_at, version) VALUES ($1,$2,$3,$4,$5,$6,$7,1)`, a.SessionID, a.EnrolmentID, a.Present,
			a.Method, a.Reason, nullID(a.MarkedBy), tx.now)
		if err != nil {
			return nil, mapErr(err)
		}
	} else {
		if err := expectOne(tx.exec(ctx, `UPDATE attendance SET present = $1, method = $2, reason = $3, marked_by = $4,
			marked_at = $5, version = version + 1 WHERE id = $6 AND version = $7`, a.Present, a.Method, a.Reason,
			nullID(a.MarkedBy), tx.now, before.ID, before.Version)); err != nil {
			return nil, err
		}
		a.ID, a.Version = before.ID, before.Version+1
	}
	return before, tx.Audit(ctx, "training.attendance_"+a.Method, "course", c.ID, c.ProvinceCode, before, a)
}
