package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ocopvn/ocop/internal/ocop"
)

// Training rows are audited on the course (or plan, or topic) in the
// course's province; a national course audits with unit "".

// nullID maps the id 0 to NULL, for optional references.
func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

type scanner = interface{ Scan(...any) error }

// TrainingTopics lists the topic catalogue in its order.
func (db *DB) TrainingTopics(ctx context.Context) ([]*ocop.TrainingTopic, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT code, title, description, sort_order FROM training_topics
		ORDER BY sort_order, code`)
	return collect(rows, err, scanTopic)
}

// TrainingTopic reads one topic by its code.
func (db *DB) TrainingTopic(ctx context.Context, code string) (*ocop.TrainingTopic, error) {
	t, err := scanTopic(db.sql.QueryRowContext(ctx, `SELECT code, title, description, sort_order FROM training_topics
		WHERE code = $1`, code))
	return t, mapErr(err)
}

func scanTopic(sc scanner) (*ocop.TrainingTopic, error) {
	var t ocop.TrainingTopic
	return &t, sc.Scan(&t.Code, &t.Title, &t.Description, &t.SortOrder)
}

const materialColumns = `id, topic_code, kind, title, url, file_name, file_key, content_type, size, sha256,
	province_code, created_by, created_at`

func scanMaterial(sc scanner) (*ocop.TopicMaterial, error) {
	var m ocop.TopicMaterial
	var by sql.NullInt64
	err := sc.Scan(&m.ID, &m.TopicCode, &m.Kind, &m.Title, &m.URL, &m.FileName, &m.FileKey, &m.ContentType, &m.Size,
		&m.SHA256, &m.ProvinceCode, &by, &m.CreatedAt)
	m.CreatedBy = by.Int64
	return &m, err
}

// AddTopicMaterial records a file or a link for a topic.
func (tx *Tx) AddTopicMaterial(ctx context.Context, m *ocop.TopicMaterial) error {
	m.CreatedAt = tx.now
	id, err := tx.insertID(ctx, `INSERT INTO topic_materials (topic_code, kind, title, url, file_name, file_key,
		content_type, size, sha256, province_code, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
		m.TopicCode, m.Kind, m.Title, m.URL, m.FileName, m.FileKey, m.ContentType, m.Size, m.SHA256, m.ProvinceCode,
		nullID(m.CreatedBy), tx.now)
	if err != nil {
		return err
	}
	m.ID = id
	return tx.Audit(ctx, "training.material_add", "training_topic", m.TopicCode, m.ProvinceCode, nil, m)
}

// DeleteTopicMaterial removes a material (the file stays in the store;
// the audit row names it).
func (tx *Tx) DeleteTopicMaterial(ctx context.Context, m *ocop.TopicMaterial) error {
	if err := expectOne(tx.exec(ctx, `DELETE FROM topic_materials WHERE id = $1`, m.ID)); err != nil {
		return err
	}
	return tx.Audit(ctx, "training.material_delete", "training_topic", m.TopicCode, m.ProvinceCode, m, nil)
}

// TopicMaterials lists a topic's materials, oldest first.
func (db *DB) TopicMaterials(ctx context.Context, topic string) ([]*ocop.TopicMaterial, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+materialColumns+` FROM topic_materials WHERE topic_code = $1
		ORDER BY id`, topic)
	return collect(rows, err, scanMaterial)
}

// TopicMaterial reads one material.
func (db *DB) TopicMaterial(ctx context.Context, id int64) (*ocop.TopicMaterial, error) {
	m, err := scanMaterial(db.sql.QueryRowContext(ctx, `SELECT `+materialColumns+` FROM topic_materials WHERE id = $1`, id))
	return m, mapErr(err)
}

const questionColumns = `id, topic_code, body, options, correct, province_code, created_by, created_at, updated_at, version`

func scanQuestion(sc scanner) (*ocop.TopicQuestion, error) {
	var q ocop.TopicQuestion
	var opts string
	var by sql.NullInt64
	if err := sc.Scan(&q.ID, &q.TopicCode, &q.Body, &opts, &q.Correct, &q.ProvinceCode, &by, &q.CreatedAt,
		&q.UpdatedAt, &q.Version); err != nil {
		return nil, err
	}
	q.CreatedBy = by.Int64
	return &q, json.Unmarshal([]byte(opts), &q.Options)
}

func optionsJSON(opts []string) string {
	b, _ := json.Marshal(opts) // a []string always encodes
	return string(b)
}

// AddTopicQuestion adds a question to a topic's bank.
func (tx *Tx) AddTopicQuestion(ctx context.Context, q *ocop.TopicQuestion) error {
	q.CreatedAt, q.UpdatedAt, q.Version = tx.now, tx.now, 1
	id, err := tx.insertID(ctx, `INSERT INTO topic_questions (topic_code, body, options, correct, province_code,
		created_by, created_at, updated_at, version) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,1)`, q.TopicCode, q.Body,
		optionsJSON(q.Options), q.Correct, q.ProvinceCode, nullID(q.CreatedBy), tx.now, tx.now)
	if err != nil {
		return err
	}
	q.ID = id
	return tx.Audit(ctx, "training.question_add", "training_topic", q.TopicCode, q.ProvinceCode, nil, q)
}

// UpdateTopicQuestion changes a question if unchanged since before.Version.
func (tx *Tx) UpdateTopicQuestion(ctx context.Context, before, q *ocop.TopicQuestion) error {
	if err := expectOne(tx.exec(ctx, `UPDATE topic_questions SET body = $1, options = $2, correct = $3,
		updated_at = $4, version = version + 1 WHERE id = $5 AND version = $6`, q.Body, optionsJSON(q.Options), q.Correct,
		tx.now, q.ID, before.Version)); err != nil {
		return err
	}
	q.UpdatedAt, q.Version = tx.now, before.Version+1
	return tx.Audit(ctx, "training.question_update", "training_topic", q.TopicCode, q.ProvinceCode, before, q)
}

// DeleteTopicQuestion removes a question.
func (tx *Tx) DeleteTopicQuestion(ctx context.Context, q *ocop.TopicQuestion) error {
	if err := expectOne(tx.exec(ctx, `DELETE FROM topic_questions WHERE id = $1 AND version = $2`, q.ID,
		q.Version)); err != nil {
		return err
	}
	return tx.Audit(ctx, "training.question_delete", "training_topic", q.TopicCode, q.ProvinceCode, q, nil)
}

// TopicQuestions lists a topic's question bank.
func (db *DB) TopicQuestions(ctx context.Context, topic string) ([]*ocop.TopicQuestion, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+questionColumns+` FROM topic_questions WHERE topic_code = $1
		ORDER BY id`, topic)
	return collect(rows, err, scanQuestion)
}

// TopicQuestion reads one question.
func (db *DB) TopicQuestion(ctx context.Context, id int64) (*ocop.TopicQuestion, error) {
	q, err := scanQuestion(db.sql.QueryRowContext(ctx, `SELECT `+questionColumns+` FROM topic_questions WHERE id = $1`, id))
	return q, mapErr(err)
}

const planColumns = `id, province_code, year, target_courses, target_commune_official, target_producer,
	target_province_official, target_consultant, target_other, notes, created_at, updated_at, version`

func planTargets(p *ocop.TrainingPlan) []any {
	return []any{p.Targets[ocop.AudienceCommuneOfficial], p.Targets[ocop.AudienceProducer],
		p.Targets[ocop.AudienceProvinceOfficial], p.Targets[ocop.AudienceConsultant], p.Targets[ocop.AudienceOther]}
}

// TrainingPlan reads a province's plan for a year (ENOTFOUND when none).
func (db *DB) TrainingPlan(ctx context.Context, province string, year int) (*ocop.TrainingPlan, error) {
	var p ocop.TrainingPlan
	var t [5]int
	err := db.sql.QueryRowContext(ctx, `SELECT `+planColumns+` FROM training_plans WHERE province_code = $1 AND year = $2`,
		province, year).Scan(&p.ID, &p.ProvinceCode, &p.Year, &p.TargetCourses, &t[0], &t[1], &t[2], &t[3], &t[4],
		&p.Notes, &p.CreatedAt, &p.UpdatedAt, &p.Version)
	if err != nil {
		return nil, mapErr(err)
	}
	p.Targets = map[ocop.Audience]int{}
	for i, a := range ocop.Audiences {
		p.Targets[a] = t[i]
	}
	return &p, nil
}

// SaveTrainingPlan creates the plan (before nil) or changes it if
// unchanged since before.Version.
func (tx *Tx) SaveTrainingPlan(ctx context.Context, before, p *ocop.TrainingPlan) error {
	args := append([]any{p.TargetCourses}, planTargets(p)...)
	args = append(args, p.Notes, tx.now)
	if before == nil {
		p.CreatedAt, p.UpdatedAt, p.Version = tx.now, tx.now, 1
		id, err := tx.insertID(ctx, `INSERT INTO training_plans (target_courses, target_commune_official,
			target_producer, target_province_official, target_consultant, target_other, notes, created_at, updated_at,
			version, province_code, year) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$8,1,$9,$10)`,
			append(args, p.ProvinceCode, p.Year)...)
		if err != nil {
			return err
		}
		p.ID = id
		return tx.Audit(ctx, "training.plan_create", "training_plan", p.ID, p.ProvinceCode, nil, p)
	}
	if err := expectOne(tx.exec(ctx, `UPDATE training_plans SET target_courses = $1, target_commune_official = $2,
		target_producer = $3, target_province_official = $4, target_consultant = $5, target_other = $6, notes = $7,
		updated_at = $8, version = version + 1 WHERE id = $9 AND version = $10`,
		append(args, before.ID, before.Version)...)); err != nil {
		return err
	}
	p.ID, p.CreatedAt, p.UpdatedAt, p.Version = before.ID, before.CreatedAt, tx.now, before.Version+1
	return tx.Audit(ctx, "training.plan_update", "training_plan", p.ID, p.ProvinceCode, before, p)
}

// TrainingProgress counts a province's courses starting in a year and
// their enrolled trainees by audience.
func (db *DB) TrainingProgress(ctx context.Context, province string, year int) (*ocop.PlanProgress, error) {
	from, to := yearBounds(year)
	pr := &ocop.PlanProgress{Trainees: map[ocop.Audience]int{}}
	err := db.sql.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN status <> 'cancelled' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN status = 'finished' THEN 1 ELSE 0 END), 0)
		FROM courses WHERE province_code = $1 AND start_date >= $2 AND start_date < $3`, province, from, to).
		Scan(&pr.CoursesPlanned, &pr.CoursesHeld)
	if err != nil {
		return nil, err
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT e.audience, COUNT(*) FROM enrolments e JOIN courses c ON c.id = e.course_id
		WHERE c.province_code = $1 AND c.start_date >= $2 AND c.start_date < $3 AND c.status <> 'cancelled'
		AND e.status = 'enrolled' GROUP BY e.audience`, province, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a ocop.Audience
		var n int
		if err := rows.Scan(&a, &n); err != nil {
			return nil, err
		}
		pr.Trainees[a] = n
		pr.TraineesTotal += n
	}
	return pr, rows.Err()
}

func yearBounds(year int) (string, string) {
	return fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-01-01", year+1)
}

const courseColumns = `c.id, c.province_code, c.title, c.organiser, c.co_organisers, c.course_type, c.start_date,
	c.end_date, c.venue, c.capacity, c.audiences, c.description, c.status, c.min_attendance_pct, c.min_posttest_pct,
	c.created_by, c.created_at, c.updated_at, c.version,
	(SELECT COUNT(*) FROM enrolments e WHERE e.course_id = c.id AND e.status = 'enrolled'),
	(SELECT COUNT(*) FROM enrolments e WHERE e.course_id = c.id AND e.status = 'waitlisted')`

func scanCourse(sc scanner) (*ocop.Course, error) {
	var c ocop.Course
	var aud string
	var by sql.NullInt64
	err := sc.Scan(&c.ID, &c.ProvinceCode, &c.Title, &c.Organiser, &c.CoOrganisers, &c.Type, &c.StartDate, &c.EndDate,
		&c.Venue, &c.Capacity, &aud, &c.Description, &c.Status, &c.MinAttendancePct, &c.MinPostTestPct, &by,
		&c.CreatedAt, &c.UpdatedAt, &c.Version, &c.Enrolled, &c.Waitlisted)
	c.CreatedBy = by.Int64
	c.Audiences = []ocop.Audience{}
	for _, a := range strings.Split(aud, ",") {
		if a != "" {
			c.Audiences = append(c.Audiences, ocop.Audience(a))
		}
	}
	return &c, err
}

func audiencesText(as []ocop.Audience) string {
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = string(a)
	}
	return strings.Join(s, ",")
}

// CreateCourse stores a new course.
func (tx *Tx) CreateCourse(ctx context.Context, c *ocop.Course) error {
	c.CreatedAt, c.UpdatedAt, c.Version = tx.now, tx.now, 1
	id, err := tx.insertID(ctx, `INSERT INTO courses (province_code, title, organiser, co_organisers, course_type,
		start_date, end_date, venue, capacity, audiences, description, status, min_attendance_pct, min_posttest_pct,
		created_by, created_at, updated_at, version) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$16,1)`,
		c.ProvinceCode, c.Title, c.Organiser, c.CoOrganisers, c.Type, c.StartDate, c.EndDate, c.Venue, c.Capacity,
		audiencesText(c.Audiences), c.Description, c.Status, c.MinAttendancePct, c.MinPostTestPct, nullID(c.CreatedBy),
		tx.now)
	if err != nil {
		return err
	}
	c.ID = id
	return tx.Audit(ctx, "training.course_create", "course", c.ID, c.ProvinceCode, nil, c)
}

// UpdateCourse changes a course if unchanged since before.Version; the
// province and creator never change.
func (tx *Tx) UpdateCourse(ctx context.Context, before, c *ocop.Course) error {
	if err := expectOne(tx.exec(ctx, `UPDATE courses SET title = $1, organiser = $2, co_organisers = $3,
		course_type = $4, start_date = $5, end_date = $6, venue = $7, capacity = $8, audiences = $9, description = $10,
		status = $11, min_attendance_pct = $12, min_posttest_pct = $13, updated_at = $14, version = version + 1
		WHERE id = $15 AND version = $16`, c.Title, c.Organiser, c.CoOrganisers, c.Type, c.StartDate, c.EndDate,
		c.Venue, c.Capacity, audiencesText(c.Audiences), c.Description, c.Status, c.MinAttendancePct, c.MinPostTestPct,
		tx.now, before.ID, before.Version)); err != nil {
		return err
	}
	c.ID, c.ProvinceCode, c.CreatedBy, c.CreatedAt = before.ID, before.ProvinceCode, before.CreatedBy, before.CreatedAt
	c.UpdatedAt, c.Version = tx.now, before.Version+1
	return tx.Audit(ctx, "training.course_update", "course", c.ID, c.ProvinceCode, before, c)
}

// Course reads one course with its seat counts.
func (db *DB) Course(ctx context.Context, id int64) (*ocop.Course, error) {
	c, err := scanCourse(db.sql.QueryRowContext(ctx, `SELECT `+courseColumns+` FROM courses c WHERE c.id = $1`, id))
	return c, mapErr(err)
}

// CourseFilter selects courses. Provinces lists the province codes to
// include ("" for national courses); nil means every course.
type CourseFilter struct {
	Provinces []string
	Statuses  []string
	UserID    int64 // only courses this account holds a live enrolment in
	Year      int
	StartsOn  string // YYYY-MM-DD
}

// Courses lists courses, the latest start first.
func (db *DB) Courses(ctx context.Context, f CourseFilter) ([]*ocop.Course, error) {
	w := &where{}
	if f.Provinces != nil {
		w.inList("c.province_code", f.Provinces)
	}
	if len(f.Statuses) > 0 {
		w.inList("c.status", f.Statuses)
	}
	if f.UserID != 0 {
		w.add("c.id IN (SELECT course_id FROM enrolments WHERE user_id = %s AND status <> 'cancelled')", f.UserID)
	}
	if f.Year != 0 {
		from, to := yearBounds(f.Year)
		w.add("c.start_date >= %s", from)
		w.add("c.start_date < %s", to)
	}
	if f.StartsOn != "" {
		w.add("c.start_date = %s", f.StartsOn)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+courseColumns+` FROM courses c`+w.sql()+
		` ORDER BY c.start_date DESC, c.id DESC`, w.args...)
	return collect(rows, err, scanCourse)
}

// inList adds "col IN (…)"; an empty list matches nothing.
func (w *where) inList(col string, vals []string) { inValues(w, col, vals) }

// inValues is inList for values of any type (ids as well as codes).
func inValues[T any](w *where, col string, vals []T) {
	if len(vals) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	var ph []string
	for _, v := range vals {
		w.args = append(w.args, v)
		ph = append(ph, fmt.Sprintf("$%d", len(w.args)))
	}
	w.conds = append(w.conds, col+" IN ("+strings.Join(ph, ", ")+")")
}

// AddLecturer records a lecturer.
func (tx *Tx) AddLecturer(ctx context.Context, l *ocop.Lecturer) error {
	l.CreatedAt, l.Version = tx.now, 1
	id, err := tx.insertID(ctx, `INSERT INTO lecturers (full_name, title, organisation, user_id, province_code,
		created_at) VALUES ($1,$2,$3,$4,$5,$6)`, l.FullName, l.Title, l.Organisation, nullID(l.UserID), l.ProvinceCode,
		tx.now)
	if err != nil {
		return err
	}
	l.ID = id
	return tx.Audit(ctx, "training.lecturer_add", "lecturer", l.ID, l.ProvinceCode, nil, l)
}

// UpdateLecturer changes a lecturer if unchanged since before.Version;
// the province never changes.
func (tx *Tx) UpdateLecturer(ctx context.Context, before, l *ocop.Lecturer) error {
	if err := expectOne(tx.exec(ctx, `UPDATE lecturers SET full_name = $1, title = $2, organisation = $3, user_id = $4,
		version = version + 1 WHERE id = $5 AND version = $6`, l.FullName, l.Title, l.Organisation, nullID(l.UserID),
		before.ID, before.Version)); err != nil {
		return err
	}
	l.ID, l.ProvinceCode, l.CreatedAt, l.Version = before.ID, before.ProvinceCode, before.CreatedAt, before.Version+1
	return tx.Audit(ctx, "training.lecturer_update", "lecturer", l.ID, l.ProvinceCode, before, l)
}

const lecturerColumns = `id, full_name, title, organisation, user_id, province_code, created_at, version`

func scanLecturer(sc scanner) (*ocop.Lecturer, error) {
	var l ocop.Lecturer
	return &l, scanLecturerWith(sc, &l)
}

// scanLecturerWith scans lecturerColumns into l, then more (extra columns).
func scanLecturerWith(sc scanner, l *ocop.Lecturer, more ...any) error {
	var uid sql.NullInt64
	err := sc.Scan(append([]any{&l.ID, &l.FullName, &l.Title, &l.Organisation, &uid, &l.ProvinceCode, &l.CreatedAt,
		&l.Version}, more...)...)
	l.UserID = uid.Int64
	return err
}

// Lecturers lists the lecturers of the given provinces ("" national);
// nil lists all.
func (db *DB) Lecturers(ctx context.Context, provinces []string) ([]*ocop.Lecturer, error) {
	w := &where{}
	if provinces != nil {
		w.inList("province_code", provinces)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+lecturerColumns+` FROM lecturers`+w.sql()+` ORDER BY full_name, id`,
		w.args...)
	return collect(rows, err, scanLecturer)
}

// Lecturer reads one lecturer.
func (db *DB) Lecturer(ctx context.Context, id int64) (*ocop.Lecturer, error) {
	l, err := scanLecturer(db.sql.QueryRowContext(ctx, `SELECT `+lecturerColumns+` FROM lecturers WHERE id = $1`, id))
	return l, mapErr(err)
}

const sessionColumns = `s.id, s.course_id, s.session_date, s.start_time, s.end_time, COALESCE(s.topic_code, ''),
	COALESCE(t.title, ''), COALESCE(s.lecturer_id, 0), COALESCE(l.title, ''), COALESCE(l.full_name, ''),
	COALESCE(l.organisation, ''), s.title, s.place, s.created_at, s.version`

const sessionFrom = ` FROM course_sessions s LEFT JOIN training_topics t ON t.code = s.topic_code
	LEFT JOIN lecturers l ON l.id = s.lecturer_id`

func scanSession(sc scanner) (*ocop.CourseSession, error) {
	var s ocop.CourseSession
	var lt, ln, lo string
	err := sc.Scan(&s.ID, &s.CourseID, &s.Date, &s.StartTime, &s.EndTime, &s.TopicCode, &s.TopicTitle, &s.LecturerID,
		&lt, &ln, &lo, &s.Title, &s.Place, &s.CreatedAt, &s.Version)
	s.Lecturer = strings.TrimSpace(lt + " " + ln)
	if lo != "" {
		s.Lecturer += " (" + lo + ")"
	}
	return &s, err
}

// AddCourseSession adds a session to a course.
func (tx *Tx) AddCourseSession(ctx context.Context, c *ocop.Course, s *ocop.CourseSession) error {
	s.CourseID, s.CreatedAt, s.Version = c.ID, tx.now, 1
	id, err := tx.insertID(ctx, `INSERT INTO course_sessions (course_id, session_date, start_time, end_time, topic_code,
		lecturer_id, title, place, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, c.ID, s.Date, s.StartTime, s.EndTime,
		sql.NullString{String: s.TopicCode, Valid: s.TopicCode != ""}, nullID(s.LecturerID), s.Title, s.Place, tx.now)
	if err != nil {
		return err
	}
	s.ID = id
	return tx.Audit(ctx, "training.session_add", "course", c.ID, c.ProvinceCode, nil, s)
}

// UpdateCourseSession changes a session if unchanged since
// before.Version; it stays on its course, and its attendance stays with it.
func (tx *Tx) UpdateCourseSession(ctx context.Context, c *ocop.Course, before, s *ocop.CourseSession) error {
	if err := expectOne(tx.exec(ctx, `UPDATE course_sessions SET session_date = $1, start_time = $2, end_time = $3,
		topic_code = $4, lecturer_id = $5, title = $6, place = $7, version = version + 1
		WHERE id = $8 AND course_id = $9 AND version = $10`, s.Date, s.StartTime, s.EndTime,
		sql.NullString{String: s.TopicCode, Valid: s.TopicCode != ""}, nullID(s.LecturerID), s.Title, s.Place,
		before.ID, c.ID, before.Version)); err != nil {
		return err
	}
	s.ID, s.CourseID, s.CreatedAt, s.Version = before.ID, c.ID, before.CreatedAt, before.Version+1
	return tx.Audit(ctx, "training.session_update", "course", c.ID, c.ProvinceCode, before, s)
}

// DeleteCourseSession removes a session of a course that has no
// attendance yet (ECONFLICT otherwise: the marks are the record of who came).
func (tx *Tx) DeleteCourseSession(ctx context.Context, c *ocop.Course, s *ocop.CourseSession) error {
	var marks int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM attendance WHERE session_id = $1`, s.ID).Scan(&marks); err != nil {
		return err
	}
	if marks > 0 {
		return ocop.Errorf(ocop.ECONFLICT, "err.training_session_attended")
	}
	if err := expectOne(tx.exec(ctx, `DELETE FROM course_sessions WHERE id = $1 AND course_id = $2`, s.ID,
		c.ID)); err != nil {
		return err
	}
	return tx.Audit(ctx, "training.session_delete", "course", c.ID, c.ProvinceCode, s, nil)
}

// CourseSessions lists a course's sessions in time order.
func (db *DB) CourseSessions(ctx context.Context, courseID int64) ([]*ocop.CourseSession, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+sessionColumns+sessionFrom+` WHERE s.course_id = $1
		ORDER BY s.session_date, s.start_time, s.id`, courseID)
	return collect(rows, err, scanSession)
}

// LecturerSessions lists the sessions taught by the lecturers linked to
// an account, in time order ("Buổi tôi giảng").
func (db *DB) LecturerSessions(ctx context.Context, userID int64) ([]*ocop.CourseSession, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+sessionColumns+sessionFrom+` WHERE l.user_id = $1
		ORDER BY s.session_date, s.start_time, s.id`, userID)
	return collect(rows, err, scanSession)
}

// CourseSession reads one session.
func (db *DB) CourseSession(ctx context.Context, id int64) (*ocop.CourseSession, error) {
	s, err := scanSession(db.sql.QueryRowContext(ctx, `SELECT `+sessionColumns+sessionFrom+` WHERE s.id = $1`, id))
	return s, mapErr(err)
}

// LecturerRow is a lecturer on the lecturers' list with the linked
// account's login and the sessions and courses they taught.
type LecturerRow struct {
	*ocop.Lecturer
	Username string `json:"username,omitempty"`
	Sessions int    `json:"sessions"`
	Courses  int    `json:"courses"`
	Editable bool   `json:"editable"` // set by the service: the reader may edit it
}

// LecturerRows lists every lecturer with all their teaching when province
// is ""; otherwise the province's lecturers, the national ones (which its
// sessions may name) and those teaching its courses, counting its courses
// only (another province's teaching stays unseen).
func (db *DB) LecturerRows(ctx context.Context, province string) ([]*LecturerRow, error) {
	taught := `FROM course_sessions s JOIN courses c ON c.id = s.course_id WHERE s.lecturer_id = l.id`
	w := &where{}
	if province != "" {
		w.add("(l.province_code IN (%[1]s, '') OR l.id IN (SELECT s.lecturer_id FROM course_sessions s "+
			"JOIN courses c ON c.id = s.course_id WHERE c.province_code = %[1]s))", province)
		taught += ` AND c.province_code = $1`
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT `+lecturerColumns+`, COALESCE((SELECT u.username FROM users u WHERE u.id = l.user_id), ''),
		(SELECT COUNT(*) `+taught+`), (SELECT COUNT(DISTINCT s.course_id) `+taught+`)
		FROM lecturers l`+w.sql()+` ORDER BY l.full_name, l.id`, w.args...)
	return collect(rows, err, func(sc scanner) (*LecturerRow, error) {
		r := &LecturerRow{Lecturer: &ocop.Lecturer{}}
		return r, scanLecturerWith(sc, r.Lecturer, &r.Username, &r.Sessions, &r.Courses)
	})
}
