package service

import (
	"context"
	"regexp"
	"strings"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/search"
	"github.com/ocopvn/ocop/internal/store"
)

// Plans, lecturers and sessions of training courses.

// PlanView is a province's plan for a year with what its courses achieved.
type PlanView struct {
	ProvinceCode string             `json:"province_code"`
	Year         int                `json:"year"`
	Plan         *ocop.TrainingPlan `json:"plan"` // nil before it is set
	Progress     *ocop.PlanProgress `json:"progress"`
}

// planProvince is the province whose plan a manager reads or sets: their
// own, or any for a national manager.
func planProvince(u *ocop.User, province string) (string, error) {
	if err := require(u, ocop.PermTrainingManage); err != nil {
		return "", err
	}
	if u.Scope.Level != ocop.LevelCountry {
		if province != "" && province != u.Scope.Province {
			return "", ocop.ErrNotFound()
		}
		return u.Scope.Province, nil
	}
	if province == "" {
		return "", ocop.Validation{"province_code": "err.choose"}.Err()
	}
	return province, nil
}

// TrainingPlan returns a province's plan and progress for a year.
func (s *Service) TrainingPlan(ctx context.Context, u *ocop.User, province string, year int) (*PlanView, error) {
	p, err := planProvince(u, province)
	if err != nil {
		return nil, err
	}
	v := &PlanView{ProvinceCode: p, Year: year}
	v.Plan, err = s.DB.TrainingPlan(ctx, p, year)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		v.Plan, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	v.Progress, err = s.DB.TrainingProgress(ctx, p, year)
	return v, err
}

// PlanInput is the plan form.
type PlanInput struct {
	Province      string                `json:"province_code"`
	Year          int                   `json:"year"`
	TargetCourses int                   `json:"target_courses"`
	Targets       map[ocop.Audience]int `json:"targets"`
	Notes         string                `json:"notes"`
	Version       int64                 `json:"version"` // 0 for a new plan
}

// SaveTrainingPlan sets a province's targets for a year.
func (s *Service) SaveTrainingPlan(ctx context.Context, u *ocop.User, in PlanInput) (*ocop.TrainingPlan, error) {
	province, err := planProvince(u, in.Province)
	if err != nil {
		return nil, err
	}
	v := ocop.Validation{}
	if in.Year < 2018 || in.Year > 2100 {
		v.Add("year", "err.training_year")
	}
	p := &ocop.TrainingPlan{ProvinceCode: province, Year: in.Year, TargetCourses: in.TargetCourses,
		Targets: map[ocop.Audience]int{}, Notes: clean(in.Notes)}
	if p.TargetCourses < 0 || p.TargetCourses > 10000 {
		v.Add("target_courses", "err.training_target")
	}
	for _, a := range ocop.Audiences {
		n := in.Targets[a]
		if n < 0 || n > 1000000 {
			v.Add("target_"+string(a), "err.training_target")
		}
		p.Targets[a] = n
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	before, err := s.DB.TrainingPlan(ctx, province, in.Year)
	switch {
	case ocop.ErrorCode(err) == ocop.ENOTFOUND:
		before = nil
		if in.Version != 0 {
			return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
		}
	case err != nil:
		return nil, err
	case before.Version != in.Version:
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	return p, s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.SaveTrainingPlan(ctx, before, p) })
}

// Lecturers lists the lecturers a manager may put on sessions: their
// province's and the national ones.
func (s *Service) Lecturers(ctx context.Context, u *ocop.User) ([]*ocop.Lecturer, error) {
	if err := require(u, ocop.PermTrainingManage); err != nil {
		return nil, err
	}
	var list []string
	if u.Scope.Level != ocop.LevelCountry {
		list = []string{u.Scope.Province, ""}
	}
	return s.DB.Lecturers(ctx, list)
}

// LecturerList is the lecturers' page for a manager: every lecturer for a
// national manager; for a province's, its lecturers, the national ones
// its sessions may name and those teaching its courses, with what they
// taught there. q keeps those whose name or
// organisation holds it (without diacritics or case).
func (s *Service) LecturerList(ctx context.Context, u *ocop.User, q string) ([]*store.LecturerRow, error) {
	if err := require(u, ocop.PermTrainingManage); err != nil {
		return nil, err
	}
	province := ""
	if u.Scope.Level != ocop.LevelCountry {
		province = u.Scope.Province
	}
	rows, err := s.DB.LecturerRows(ctx, province)
	if err != nil {
		return nil, err
	}
	q = search.Fold(q)
	out := []*store.LecturerRow{}
	for _, r := range rows {
		if q == "" || strings.Contains(search.Fields(r.FullName, r.Organisation), q) {
			r.Editable = managesCourse(u, r.ProvinceCode)
			out = append(out, r)
		}
	}
	return out, nil
}

// LecturerInput is the lecturer form.
type LecturerInput struct {
	FullName     string `json:"full_name"`
	Title        string `json:"title"`
	Organisation string `json:"organisation"`
	UserID       int64  `json:"user_id"`
	Username     string `json:"username"` // the linked account by its login name, instead of user_id
	Version      int64  `json:"version"`  // when editing: the version read
}

// AddLecturer records a lecturer in the manager's province.
func (s *Service) AddLecturer(ctx context.Context, u *ocop.User, in LecturerInput) (*ocop.Lecturer, error) {
	if err := require(u, ocop.PermTrainingManage); err != nil {
		return nil, err
	}
	l, err := s.lecturerFrom(ctx, in)
	if err != nil {
		return nil, err
	}
	l.ProvinceCode = u.Scope.Province
	return l, s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddLecturer(ctx, l) })
}

// Lecturer reads a lecturer for a manager of its province (a national
// lecturer for a national manager).
func (s *Service) Lecturer(ctx context.Context, u *ocop.User, id int64) (*ocop.Lecturer, error) {
	if err := require(u, ocop.PermTrainingManage); err != nil {
		return nil, err
	}
	l, err := s.DB.Lecturer(ctx, id)
	if err != nil {
		return nil, err
	}
	if !managesCourse(u, l.ProvinceCode) {
		return nil, ocop.ErrNotFound()
	}
	return l, nil
}

// UpdateLecturer changes a lecturer if unchanged since in.Version.
func (s *Service) UpdateLecturer(ctx context.Context, u *ocop.User, id int64, in LecturerInput) (*ocop.Lecturer, error) {
	before, err := s.Lecturer(ctx, u, id)
	if err != nil {
		return nil, err
	}
	l, err := s.lecturerFrom(ctx, in)
	if err != nil {
		return nil, err
	}
	if in.Version != before.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	return l, s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.UpdateLecturer(ctx, before, l) })
}

// lecturerFrom checks the lecturer form, for adding and editing alike.
func (s *Service) lecturerFrom(ctx context.Context, in LecturerInput) (*ocop.Lecturer, error) {
	v := ocop.Validation{}
	l := &ocop.Lecturer{FullName: clean(in.FullName), Title: clean(in.Title), Organisation: clean(in.Organisation),
		UserID: in.UserID}
	checkRequired(v, "full_name", l.FullName, 200)
	if len([]rune(l.Title)) > 100 {
		v.Add("title", "err.too_long")
	}
	if len([]rune(l.Organisation)) > 300 {
		v.Add("organisation", "err.too_long")
	}
	if name := clean(in.Username); name != "" {
		a, _, err := s.DB.UserCredentials(ctx, name)
		if err != nil {
			v.Add("username", "err.training_lecturer_account")
		} else {
			l.UserID = a.ID
		}
	} else if l.UserID != 0 {
		if _, err := s.DB.UserByID(ctx, l.UserID); err != nil {
			v.Add("user_id", "err.not_found")
		}
	}
	return l, v.Err()
}

var clockRe = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// SessionInput is the session form.
type SessionInput struct {
	Date       string `json:"session_date"` // dd/mm/yyyy or yyyy-mm-dd
	StartTime  string `json:"start_time"`   // HH:MM
	EndTime    string `json:"end_time"`
	TopicCode  string `json:"topic_code"`
	LecturerID int64  `json:"lecturer_id"`
	Title      string `json:"title"`
	Place      string `json:"place"`
	Version    int64  `json:"version"` // when editing: the version read
}

// AddCourseSession adds a session inside the course's dates.
func (s *Service) AddCourseSession(ctx context.Context, u *ocop.User, courseID int64, in SessionInput) (*ocop.CourseSession, error) {
	c, err := s.managedCourse(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	se, err := s.sessionFrom(ctx, u, c, in)
	if err != nil {
		return nil, err
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddCourseSession(ctx, c, se) })
	if err != nil {
		return nil, err
	}
	return s.DB.CourseSession(ctx, se.ID)
}

// CourseSession reads a session of a course for its managers.
func (s *Service) CourseSession(ctx context.Context, u *ocop.User, courseID, sessionID int64) (*ocop.Course, *ocop.CourseSession, error) {
	c, err := s.managedCourse(ctx, u, courseID)
	if err != nil {
		return nil, nil, err
	}
	se, err := s.DB.CourseSession(ctx, sessionID)
	if err != nil || se.CourseID != c.ID {
		return nil, nil, ocop.ErrNotFound()
	}
	return c, se, nil
}

// UpdateCourseSession changes a session if unchanged since in.Version,
// with the checks of adding one. The session stays on its course, so its
// attendance stays with it whatever its new date.
func (s *Service) UpdateCourseSession(ctx context.Context, u *ocop.User, courseID, sessionID int64, in SessionInput) (*ocop.CourseSession, error) {
	c, before, err := s.CourseSession(ctx, u, courseID, sessionID)
	if err != nil {
		return nil, err
	}
	se, err := s.sessionFrom(ctx, u, c, in)
	if err != nil {
		return nil, err
	}
	if in.Version != before.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.UpdateCourseSession(ctx, c, before, se) })
	if err != nil {
		return nil, err
	}
	return s.DB.CourseSession(ctx, se.ID)
}

func (s *Service) sessionFrom(ctx context.Context, u *ocop.User, c *ocop.Course, in SessionInput) (*ocop.CourseSession, error) {
	v := ocop.Validation{}
	se := &ocop.CourseSession{StartTime: clean(in.StartTime), EndTime: clean(in.EndTime), TopicCode: clean(in.TopicCode),
		LecturerID: in.LecturerID, Title: clean(in.Title), Place: clean(in.Place)}
	se.Date = requiredDay(v, "session_date", in.Date)
	if se.Date != "" && (se.Date < c.StartDate || se.Date > c.EndDate) {
		v.Add("session_date", "err.training_session_date")
	}
	if !clockRe.MatchString(se.StartTime) {
		v.Add("start_time", "err.training_time")
	}
	if !clockRe.MatchString(se.EndTime) || se.EndTime <= se.StartTime {
		v.Add("end_time", "err.training_time")
	}
	if se.TopicCode == "" && se.Title == "" {
		v.Add("topic_code", "err.choose")
	}
	if se.TopicCode != "" {
		if _, err := s.DB.TrainingTopic(ctx, se.TopicCode); err != nil {
			v.Add("topic_code", "err.choose")
		}
	}
	if se.LecturerID != 0 {
		l, err := s.DB.Lecturer(ctx, se.LecturerID)
		if err != nil || (l.ProvinceCode != "" && !managesCourse(u, l.ProvinceCode)) {
			v.Add("lecturer_id", "err.choose")
		}
	}
	if len([]rune(se.Place)) > 300 || len([]rune(se.Title)) > 300 {
		v.Add("place", "err.too_long")
	}
	return se, v.Err()
}

// DeleteCourseSession removes a session of a course; one with attendance
// is refused (see store.Tx.DeleteCourseSession).
func (s *Service) DeleteCourseSession(ctx context.Context, u *ocop.User, courseID, sessionID int64) error {
	c, se, err := s.CourseSession(ctx, u, courseID, sessionID)
	if err != nil {
		return err
	}
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.DeleteCourseSession(ctx, c, se) })
}

// CourseSeed is a course built in one go by code (the demo data, tests,
// later features): sessions name their lecturer by index into Lecturers
// (-1 for none), trainees are enrolled in order.
type CourseSeed struct {
	Course    *ocop.Course
	Lecturers []*ocop.Lecturer
	Sessions  []SeedSession
	Trainees  []*ocop.Enrolment
}

// SeedSession is a session of a CourseSeed.
type SeedSession struct {
	Session  *ocop.CourseSession
	Lecturer int
}

// BuildCourse stores a whole course — lecturers, course, sessions and
// enrolments — in one audited transaction, without permission checks:
// it is for code that builds data (demo seeding), not for requests.
// Defaults: status open, the completion-rule percentages.
func (s *Service) BuildCourse(ctx context.Context, actor ocop.Actor, seed CourseSeed) error {
	c := seed.Course
	if c.Status == "" {
		c.Status = ocop.CourseOpen
	}
	if c.MinAttendancePct == 0 && c.MinPostTestPct == 0 {
		c.MinAttendancePct, c.MinPostTestPct = ocop.DefaultMinAttendancePct, ocop.DefaultMinPostTestPct
	}
	return s.DB.Update(ctx, actor, func(tx *store.Tx) error {
		if err := tx.CreateCourse(ctx, c); err != nil {
			return err
		}
		for _, l := range seed.Lecturers {
			if err := tx.AddLecturer(ctx, l); err != nil {
				return err
			}
		}
		for _, ss := range seed.Sessions {
			if ss.Lecturer >= 0 && ss.Lecturer < len(seed.Lecturers) {
				ss.Session.LecturerID = seed.Lecturers[ss.Lecturer].ID
			}
			if err := tx.AddCourseSession(ctx, c, ss.Session); err != nil {
				return err
			}
		}
		for _, e := range seed.Trainees {
			if e.Source == "" {
				e.Source = ocop.EnrolOrganiser
			}
			if e.Audience == "" {
				e.Audience = ocop.AudienceOther
			}
			if err := tx.Enrol(ctx, c, e); err != nil {
				return err
			}
		}
		return nil
	})
}
