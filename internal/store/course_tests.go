package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/ocopvn/ocop/internal/ocop"
)

// Training tests, results, feedback and completion certificates; all are
// audited on their course, in the course's province.

const courseTestColumns = `id, course_id, kind, status, questions, created_at, updated_at, version`

func scanCourseTest(sc scanner) (*ocop.CourseTest, error) {
	var t ocop.CourseTest
	var qs string
	if err := sc.Scan(&t.ID, &t.CourseID, &t.Kind, &t.Status, &qs, &t.CreatedAt, &t.UpdatedAt, &t.Version); err != nil {
		return nil, err
	}
	return &t, json.Unmarshal([]byte(qs), &t.Questions)
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// SaveCourseTest creates a course's test of a kind (before nil) or
// replaces it if unchanged since before.Version.
func (tx *Tx) SaveCourseTest(ctx context.Context, c *ocop.Course, before, t *ocop.CourseTest) error {
	t.CourseID, t.UpdatedAt = c.ID, tx.now
	if before == nil {
		t.CreatedAt, t.Version = tx.now, 1
		id, err := tx.insertID(ctx, `INSERT INTO course_tests (course_id, kind, status, questions, created_at, updated_at,
			version) VALUES ($1,$2,$3,$4,$5,$5,1)`, c.ID, t.Kind, t.Status, jsonText(t.Questions), tx.now)
		if err != nil {
			return mapErr(err)
		}
		t.ID = id
	} else {
		if err := expectOne(tx.exec(ctx, `UPDATE course_tests SET status = $1, questions = $2, updated_at = $3,
			version = version + 1 WHERE id = $4 AND version = $5`, t.Status, jsonText(t.Questions), tx.now, before.ID,
			before.Version)); err != nil {
			return err
		}
		t.ID, t.CreatedAt, t.Version = before.ID, before.CreatedAt, before.Version+1
	}
	return tx.Audit(ctx, "training.test_save", "course", c.ID, c.ProvinceCode, before, t)
}

// CourseTests lists a course's tests, the pre-test first.
func (db *DB) CourseTests(ctx context.Context, courseID int64) ([]*ocop.CourseTest, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+courseTestColumns+` FROM course_tests WHERE course_id = $1
		ORDER BY CASE kind WHEN 'pre' THEN 0 ELSE 1 END`, courseID)
	return collect(rows, err, scanCourseTest)
}

// CourseTest reads a course's test of a kind.
func (db *DB) CourseTest(ctx context.Context, courseID int64, kind string) (*ocop.CourseTest, error) {
	t, err := scanCourseTest(db.sql.QueryRowContext(ctx, `SELECT `+courseTestColumns+` FROM course_tests
		WHERE course_id = $1 AND kind = $2`, courseID, kind))
	return t, mapErr(err)
}

const resultColumns = `r.id, r.test_id, t.kind, r.enrolment_id, r.answers, r.correct, r.total, r.paper, r.entered_by,
	r.submitted_at`

func scanResult(sc scanner) (*ocop.TestResult, error) {
	var r ocop.TestResult
	var answers string
	var paper int
	var by sql.NullInt64
	if err := sc.Scan(&r.ID, &r.TestID, &r.Kind, &r.EnrolmentID, &answers, &r.Correct, &r.Total, &paper, &by,
		&r.SubmittedAt); err != nil {
		return nil, err
	}
	r.Paper, r.EnteredBy = paper == 1, by.Int64
	return &r, json.Unmarshal([]byte(answers), &r.Answers)
}

// SaveTestDraft keeps a trainee's unfinished answers, replacing their
// previous draft; once the test has their result it is a conflict.
func (tx *Tx) SaveTestDraft(ctx context.Context, c *ocop.Course, d *ocop.TestDraft) error {
	var done int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM test_results WHERE test_id = $1 AND enrolment_id = $2`,
		d.TestID, d.EnrolmentID).Scan(&done); err != nil {
		return err
	}
	if done > 0 {
		return ocop.Errorf(ocop.ECONFLICT, "err.training_test_done")
	}
	d.SavedAt = tx.now
	if _, err := tx.exec(ctx, `INSERT INTO test_drafts (test_id, enrolment_id, answers, saved_at) VALUES ($1,$2,$3,$4)
		ON CONFLICT (test_id, enrolment_id) DO UPDATE SET answers = excluded.answers, saved_at = excluded.saved_at`,
		d.TestID, d.EnrolmentID, jsonText(d.Answers), tx.now); err != nil {
		return mapErr(err)
	}
	return tx.Audit(ctx, "training.test_draft", "course", c.ID, c.ProvinceCode, nil, d)
}

// TestDraft reads a trainee's draft of a test.
func (db *DB) TestDraft(ctx context.Context, testID, enrolmentID int64) (*ocop.TestDraft, error) {
	d := ocop.TestDraft{TestID: testID, EnrolmentID: enrolmentID}
	var answers string
	err := db.sql.QueryRowContext(ctx, `SELECT answers, saved_at FROM test_drafts WHERE test_id = $1
		AND enrolment_id = $2`, testID, enrolmentID).Scan(&answers, &d.SavedAt)
	if err != nil {
		return nil, mapErr(err)
	}
	return &d, json.Unmarshal([]byte(answers), &d.Answers)
}

// AddTestResult records a result and drops the trainee's draft; a second
// result for the same trainee and test is a conflict.
func (tx *Tx) AddTestResult(ctx context.Context, c *ocop.Course, r *ocop.TestResult) error {
	r.SubmittedAt = tx.now
	if r.Answers == nil {
		r.Answers = []int{}
	}
	id, err := tx.insertID(ctx, `INSERT INTO test_results (test_id, enrolment_id, answers, correct, total, paper,
		entered_by, submitted_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, r.TestID, r.EnrolmentID, jsonText(r.Answers),
		r.Correct, r.Total, b2i(r.Paper), nullID(r.EnteredBy), tx.now)
	if err != nil {
		return mapErr(err)
	}
	r.ID = id
	if _, err := tx.exec(ctx, `DELETE FROM test_drafts WHERE test_id = $1 AND enrolment_id = $2`, r.TestID,
		r.EnrolmentID); err != nil {
		return err
	}
	action := "training.test_submit"
	if r.Paper {
		action = "training.test_paper"
	}
	return tx.Audit(ctx, action, "course", c.ID, c.ProvinceCode, nil, r)
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestResults lists the results of a course's tests.
func (db *DB) TestResults(ctx context.Context, courseID int64) ([]*ocop.TestResult, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+resultColumns+` FROM test_results r
		JOIN course_tests t ON t.id = r.test_id WHERE t.course_id = $1 ORDER BY r.id`, courseID)
	return collect(rows, err, scanResult)
}

// AddFeedback records a trainee's survey answer; a second is a conflict.
func (tx *Tx) AddFeedback(ctx context.Context, c *ocop.Course, f *ocop.CourseFeedback) error {
	f.CourseID, f.CreatedAt = c.ID, tx.now
	id, err := tx.insertID(ctx, `INSERT INTO course_feedback (course_id, enrolment_id, content, lecturers,
		organisation, usefulness, comment, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, c.ID, f.EnrolmentID,
		f.Ratings["content"], f.Ratings["lecturers"], f.Ratings["organisation"], f.Ratings["usefulness"], f.Comment, tx.now)
	if err != nil {
		return mapErr(err)
	}
	f.ID = id
	return tx.Audit(ctx, "training.feedback", "course", c.ID, c.ProvinceCode, nil, f)
}

// CourseFeedback lists a course's survey answers.
func (db *DB) CourseFeedback(ctx context.Context, courseID int64) ([]*ocop.CourseFeedback, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, course_id, enrolment_id, content, lecturers, organisation,
		usefulness, comment, created_at FROM course_feedback WHERE course_id = $1 ORDER BY id`, courseID)
	return collect(rows, err, func(sc scanner) (*ocop.CourseFeedback, error) {
		var f ocop.CourseFeedback
		var a, b, c, d int
		err := sc.Scan(&f.ID, &f.CourseID, &f.EnrolmentID, &a, &b, &c, &d, &f.Comment, &f.CreatedAt)
		f.Ratings = map[string]int{"content": a, "lecturers": b, "organisation": c, "usefulness": d}
		return &f, err
	})
}

const tcertColumns = `id, course_id, enrolment_id, number, code, full_name, unit_name, course_title, organiser,
	start_date, end_date, sessions_total, sessions_attended, hours, course_hours, posttest_pct, province_code, status,
	revoke_reason, revoked_at, issued_by, issued_at, version`

func scanTrainingCert(sc scanner) (*ocop.TrainingCertificate, error) {
	var c ocop.TrainingCertificate
	var revoked sql.NullTime
	var by sql.NullInt64
	err := sc.Scan(&c.ID, &c.CourseID, &c.EnrolmentID, &c.Number, &c.Code, &c.FullName, &c.UnitName, &c.CourseTitle,
		&c.Organiser, &c.StartDate, &c.EndDate, &c.SessionsTotal, &c.SessionsAttended, &c.Hours, &c.CourseHours, &c.PostTestPct,
		&c.ProvinceCode, &c.Status, &c.RevokeReason, &revoked, &by, &c.IssuedAt, &c.Version)
	c.RevokedAt, c.IssuedBy = revoked.Time, by.Int64
	return &c, err
}

// IssueTrainingCertificate records a completion certificate; its number
// is the course id and the next serial of the course.
func (tx *Tx) IssueTrainingCertificate(ctx context.Context, c *ocop.TrainingCertificate) error {
	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM training_certificates WHERE course_id = $1`, c.CourseID).
		Scan(&n); err != nil {
		return err
	}
	c.Number = trainingCertNumber(c.CourseID, n+1)
	c.Status, c.IssuedAt, c.Version = ocop.TrainingCertValid, tx.now, 1
	id, err := tx.insertID(ctx, `INSERT INTO training_certificates (course_id, enrolment_id, number, code, full_name,
		unit_name, course_title, organiser, start_date, end_date, sessions_total, sessions_attended, hours, course_hours,
		posttest_pct, province_code, status, issued_by, issued_at, version) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,
		$13,$14,$15,$16,$17,$18,$19,1)`, c.CourseID, c.EnrolmentID, c.Number, c.Code, c.FullName, c.UnitName,
		c.CourseTitle, c.Organiser, c.StartDate, c.EndDate, c.SessionsTotal, c.SessionsAttended, c.Hours, c.CourseHours,
		c.PostTestPct, c.ProvinceCode, c.Status,
		nullID(c.IssuedBy), tx.now)
	if err != nil {
		return mapErr(err)
	}
	c.ID = id
	return tx.Audit(ctx, "training.cert_issue", "course", c.CourseID, c.ProvinceCode, nil, c)
}

// RevokeTrainingCertificate revokes a valid certificate with a reason.
func (tx *Tx) RevokeTrainingCertificate(ctx context.Context, c *ocop.TrainingCertificate, reason string) error {
	before := *c
	if err := expectOne(tx.exec(ctx, `UPDATE training_certificates SET status = 'revoked', revoke_reason = $1,
		revoked_at = $2, version = version + 1 WHERE id = $3 AND version = $4 AND status = 'valid'`, reason, tx.now,
		c.ID, c.Version)); err != nil {
		return err
	}
	c.Status, c.RevokeReason, c.RevokedAt, c.Version = ocop.TrainingCertRevoked, reason, tx.now, c.Version+1
	return tx.Audit(ctx, "training.cert_revoke", "course", c.CourseID, c.ProvinceCode, &before, c)
}

// TrainingCertificates lists a course's completion certificates.
func (db *DB) TrainingCertificates(ctx context.Context, courseID int64) ([]*ocop.TrainingCertificate, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+tcertColumns+` FROM training_certificates WHERE course_id = $1
		ORDER BY id`, courseID)
	return collect(rows, err, scanTrainingCert)
}

// TrainingCertificate reads one completion certificate.
func (db *DB) TrainingCertificate(ctx context.Context, id int64) (*ocop.TrainingCertificate, error) {
	c, err := scanTrainingCert(db.sql.QueryRowContext(ctx, `SELECT `+tcertColumns+` FROM training_certificates
		WHERE id = $1`, id))
	return c, mapErr(err)
}

// TrainingCertificateByCode reads the certificate a verification code names.
func (db *DB) TrainingCertificateByCode(ctx context.Context, code string) (*ocop.TrainingCertificate, error) {
	c, err := scanTrainingCert(db.sql.QueryRowContext(ctx, `SELECT `+tcertColumns+` FROM training_certificates
		WHERE code = $1`, code))
	return c, mapErr(err)
}

// trainingCertNumber is a certificate's printed number: TH, the course
// and the serial within the course.
func trainingCertNumber(courseID int64, n int) string { return fmt.Sprintf("TH%d-%03d", courseID, n) }
