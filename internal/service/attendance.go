package service

import (
	"context"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// Attendance (issue 6 item 5). The organiser's screen shows a QR code
// that changes every AttendanceWindow: a stamp (see secret.Codes.Stamp)
// binding the session to the current time window, signed with the key of
// the certificate codes. A code is accepted during its window and the
// next one (a phone may scan just before the change), once per trainee.

// AttendanceWindow is how long one attendance code is shown.
const AttendanceWindow = 45 * time.Second

const attendancePurpose = "attendance"

// attendanceWindow numbers the window a moment falls in.
func attendanceWindow(t time.Time) int64 { return t.Unix() / int64(AttendanceWindow/time.Second) }

// CheckInURL is the address an attendance code's QR code opens.
func (s *Service) CheckInURL(code string) string { return s.BaseURL + "/diem-danh/" + code }

// sessionOfCourse loads a session with its course.
func (s *Service) sessionOfCourse(ctx context.Context, sessionID int64) (*ocop.Course, *ocop.CourseSession, error) {
	se, err := s.DB.CourseSession(ctx, sessionID)
	if err != nil {
		return nil, nil, err
	}
	c, err := s.DB.Course(ctx, se.CourseID)
	return c, se, err
}

// runsSession loads a session for its organiser: a manager of the course
// or the lecturer of the session when their account is linked. Anyone
// else is told it does not exist.
func (s *Service) runsSession(ctx context.Context, u *ocop.User, sessionID int64) (*ocop.Course, *ocop.CourseSession, error) {
	if u == nil {
		return nil, nil, ocop.Errorf(ocop.EUNAUTHORIZED, "err.unauthorized")
	}
	c, se, err := s.sessionOfCourse(ctx, sessionID)
	if err != nil {
		return nil, nil, err
	}
	if managesCourse(u, c.ProvinceCode) {
		return c, se, nil
	}
	if se.LecturerID != 0 {
		l, err := s.DB.Lecturer(ctx, se.LecturerID)
		if err != nil {
			return nil, nil, err
		}
		if l.UserID != 0 && l.UserID == u.ID {
			return c, se, nil
		}
	}
	return nil, nil, ocop.ErrNotFound()
}

// TaughtSession is a session the signed-in lecturer teaches, with its course.
type TaughtSession struct {
	Course  *ocop.Course        `json:"course"`
	Session *ocop.CourseSession `json:"session"`
}

// TaughtSessions lists the sessions of the lecturers linked to the user's
// account ("Buổi tôi giảng"), in time order; cancelled courses are left out.
func (s *Service) TaughtSessions(ctx context.Context, u *ocop.User) ([]TaughtSession, error) {
	if err := require(u, ocop.PermTrainingJoin); err != nil {
		return nil, err
	}
	list, err := s.DB.LecturerSessions(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	courses := map[int64]*ocop.Course{}
	out := []TaughtSession{}
	for _, se := range list {
		c := courses[se.CourseID]
		if c == nil {
			if c, err = s.DB.Course(ctx, se.CourseID); err != nil {
				return nil, err
			}
			courses[c.ID] = c
		}
		if c.Status != ocop.CourseCancelled {
			out = append(out, TaughtSession{Course: c, Session: se})
		}
	}
	return out, nil
}

// AttendanceCode is what the organiser's screen shows now.
type AttendanceCode struct {
	Code      string    `json:"code"`
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
	ExpiresIn int       `json:"expires_in"` // seconds until the next code
	Present   int       `json:"present"`
	Enrolled  int       `json:"enrolled"`
}

// CurrentAttendanceCode returns the session's code for the current window
// and the check-in progress.
func (s *Service) CurrentAttendanceCode(ctx context.Context, u *ocop.User, sessionID int64) (*AttendanceCode, error) {
	sheet, err := s.SessionAttendance(ctx, u, sessionID)
	if err != nil {
		return nil, err
	}
	codes, err := s.codes(ctx)
	if err != nil {
		return nil, err
	}
	now := s.DB.Now()
	w := attendanceWindow(now)
	until := time.Unix((w+1)*int64(AttendanceWindow/time.Second), 0).UTC()
	code := codes.Stamp(attendancePurpose, sessionID, w)
	return &AttendanceCode{Code: code, URL: s.CheckInURL(code), ExpiresAt: until,
		ExpiresIn: int((until.Sub(now) + time.Second - 1) / time.Second), Present: sheet.Present, // rounded up: never 0
		Enrolled: len(sheet.Rows)}, nil
}

// AttendanceRow is one trainee on a sheet; Mark is nil until marked.
type AttendanceRow struct {
	Enrolment *ocop.Enrolment  `json:"enrolment"`
	Mark      *ocop.Attendance `json:"mark,omitempty"`
}

// SessionSheet is a session's attendance: every enrolled trainee.
type SessionSheet struct {
	Course  *ocop.Course        `json:"course"`
	Session *ocop.CourseSession `json:"session"`
	Rows    []AttendanceRow     `json:"rows"`
	Present int                 `json:"present"`
}

// SessionAttendance is a session's sheet for its organiser.
func (s *Service) SessionAttendance(ctx context.Context, u *ocop.User, sessionID int64) (*SessionSheet, error) {
	c, se, err := s.runsSession(ctx, u, sessionID)
	if err != nil {
		return nil, err
	}
	trainees, err := s.enrolled(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	marks, err := s.DB.SessionAttendance(ctx, sessionID)
	if err != nil {
		return nil, err
	}
	by := map[int64]*ocop.Attendance{}
	for _, a := range marks {
		by[a.EnrolmentID] = a
	}
	sheet := &SessionSheet{Course: c, Session: se, Rows: []AttendanceRow{}}
	for _, e := range trainees {
		a := by[e.ID]
		sheet.Rows = append(sheet.Rows, AttendanceRow{Enrolment: e, Mark: a})
		if a != nil && a.Present {
			sheet.Present++
		}
	}
	return sheet, nil
}

// enrolled lists the trainees holding a seat in a course.
func (s *Service) enrolled(ctx context.Context, courseID int64) ([]*ocop.Enrolment, error) {
	all, err := s.DB.Enrolments(ctx, courseID)
	if err != nil {
		return nil, err
	}
	var out []*ocop.Enrolment
	for _, e := range all {
		if e.Status == ocop.EnrolEnrolled {
			out = append(out, e)
		}
	}
	return out, nil
}

// CheckIn is a trainee's scan of an attendance code.
type CheckIn struct {
	Course     *ocop.Course        `json:"course"`
	Session    *ocop.CourseSession `json:"session"`
	Enrolment  *ocop.Enrolment     `json:"-"`
	Attendance *ocop.Attendance    `json:"attendance,omitempty"`
	window     int64
}

// ReadAttendanceCode checks a scanned code for the signed-in trainee
// without recording anything: signed by this server, of the current or
// the previous window, for a course the user holds a seat in, and not
// yet used by them. A trainee already present is told since when.
func (s *Service) ReadAttendanceCode(ctx context.Context, u *ocop.User, code string) (*CheckIn, error) {
	if err := require(u, ocop.PermTrainingJoin); err != nil {
		return nil, err
	}
	codes, err := s.codes(ctx)
	if err != nil {
		return nil, err
	}
	sessionID, w, ok := codes.ReadStamp(attendancePurpose, code)
	if !ok {
		return nil, ocop.Errorf(ocop.EINVALID, "err.attendance_code_invalid")
	}
	if now := attendanceWindow(s.DB.Now()); w > now || w < now-1 {
		return nil, ocop.Errorf(ocop.EINVALID, "err.attendance_code_expired")
	}
	c, se, err := s.sessionOfCourse(ctx, sessionID)
	if err != nil {
		return nil, ocop.Errorf(ocop.EINVALID, "err.attendance_code_invalid")
	}
	e, err := s.DB.UserEnrolment(ctx, c.ID, u.ID)
	switch {
	case ocop.ErrorCode(err) == ocop.ENOTFOUND:
		return nil, ocop.Errorf(ocop.EFORBIDDEN, "err.attendance_not_enrolled").With(c.Title)
	case err != nil:
		return nil, err
	case e.Status != ocop.EnrolEnrolled:
		return nil, ocop.Errorf(ocop.EFORBIDDEN, "err.attendance_waitlisted").With(c.Title)
	}
	ci := &CheckIn{Course: c, Session: se, Enrolment: e, window: w}
	marks, err := s.DB.SessionAttendance(ctx, se.ID)
	if err != nil {
		return nil, err
	}
	for _, a := range marks {
		if a.EnrolmentID == e.ID && a.Present {
			return ci, alreadyPresent(a)
		}
	}
	return ci, nil
}

func alreadyPresent(a *ocop.Attendance) error {
	return ocop.Errorf(ocop.ECONFLICT, "err.attendance_already").With(i18n.DateTime(a.MarkedAt))
}

// CheckInWithCode records the signed-in trainee present at the session
// of a scanned code (see ReadAttendanceCode for what is refused). A
// code's window is recorded as used, so scanning it again is refused
// even after the organiser changed the mark.
func (s *Service) CheckInWithCode(ctx context.Context, u *ocop.User, code string) (*CheckIn, error) {
	ci, err := s.ReadAttendanceCode(ctx, u, code)
	if err != nil {
		return ci, err
	}
	a := &ocop.Attendance{SessionID: ci.Session.ID, EnrolmentID: ci.Enrolment.ID, Present: true, Method: ocop.AttendQR,
		MarkedBy: u.ID}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		used, err := tx.CodeUsed(ctx, a.SessionID, a.EnrolmentID, ci.window)
		if err != nil {
			return err
		}
		if used {
			return ocop.Errorf(ocop.ECONFLICT, "err.attendance_code_used")
		}
		if err := tx.UseCode(ctx, a.SessionID, a.EnrolmentID, ci.window); err != nil {
			return err
		}
		before, err := tx.MarkAttendance(ctx, ci.Course, a)
		if err == nil && before != nil && before.Present {
			return alreadyPresent(before) // a scan from another phone won the race
		}
		return err
	})
	if err != nil {
		return ci, err
	}
	ci.Attendance = a
	return ci, nil
}

// MarkInput is an organiser's mark by hand.
type MarkInput struct {
	EnrolmentID int64  `json:"enrolment_id"`
	Present     bool   `json:"present"`
	Reason      string `json:"reason"`
}

// MarkAttendance marks a trainee present or absent by hand (with or
// without an account), with a required reason kept in the audit trail.
func (s *Service) MarkAttendance(ctx context.Context, u *ocop.User, sessionID int64, in MarkInput) (*ocop.Attendance, error) {
	c, se, err := s.runsSession(ctx, u, sessionID)
	if err != nil {
		return nil, err
	}
	v := ocop.Validation{}
	reason := clean(in.Reason)
	checkRequired(v, "reason", reason, 500)
	if err := v.Err(); err != nil {
		return nil, err
	}
	e, err := s.DB.Enrolment(ctx, in.EnrolmentID)
	if err != nil || e.CourseID != c.ID {
		return nil, ocop.ErrNotFound()
	}
	if e.Status != ocop.EnrolEnrolled {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.attendance_not_seated")
	}
	a := &ocop.Attendance{SessionID: se.ID, EnrolmentID: e.ID, Present: in.Present, Method: ocop.AttendManual,
		Reason: reason, MarkedBy: u.ID}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		_, err := tx.MarkAttendance(ctx, c, a)
		return err
	})
	return a, err
}

// CourseSheet is a course's attendance: trainees × sessions.
type CourseSheet struct {
	Course   *ocop.Course          `json:"course"`
	Sessions []*ocop.CourseSession `json:"sessions"`
	Rows     []CourseSheetRow      `json:"rows"`
}

// CourseSheetRow is one trainee with a mark per session (nil: none).
type CourseSheetRow struct {
	Enrolment *ocop.Enrolment    `json:"enrolment"`
	Marks     []*ocop.Attendance `json:"marks"`
	Present   int                `json:"present"`
}

// CourseAttendance is a course's sheet for its managers.
func (s *Service) CourseAttendance(ctx context.Context, u *ocop.User, courseID int64) (*CourseSheet, error) {
	c, err := s.managedCourse(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	sheet := &CourseSheet{Course: c, Rows: []CourseSheetRow{}}
	if sheet.Sessions, err = s.DB.CourseSessions(ctx, c.ID); err != nil {
		return nil, err
	}
	trainees, err := s.enrolled(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	marks, err := s.DB.CourseAttendance(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	type key struct{ session, enrolment int64 }
	by := map[key]*ocop.Attendance{}
	for _, a := range marks {
		by[key{a.SessionID, a.EnrolmentID}] = a
	}
	for _, e := range trainees {
		row := CourseSheetRow{Enrolment: e}
		for _, se := range sheet.Sessions {
			a := by[key{se.ID, e.ID}]
			row.Marks = append(row.Marks, a)
			if a != nil && a.Present {
				row.Present++
			}
		}
		sheet.Rows = append(sheet.Rows, row)
	}
	return sheet, nil
}
