package service

import (
	"context"
	"slices"
	"strconv"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// Training (issue 6 items 1–4, 11). A course belongs to a province or,
// with province "", to the whole country. Managers (training.manage) see
// and change the courses in their scope; trainees (training.join) see the
// published courses of their province and the national ones.

// managesCourse reports whether u may change a course of a province.
func managesCourse(u *ocop.User, province string) bool {
	return u.Can(ocop.PermTrainingManage) && u.Scope.Covers(courseScope(province))
}

func courseScope(province string) ocop.Scope {
	if province == "" {
		return ocop.Country
	}
	return ocop.ProvinceScope(province)
}

// joinable reports whether a trainee may see (and, when open, register
// for) a course: a published course of their province or a national one.
func joinable(u *ocop.User, c *ocop.Course) bool {
	if !u.Can(ocop.PermTrainingJoin) || c.Status == ocop.CourseDraft {
		return false
	}
	return c.ProvinceCode == "" || u.Scope.Level == ocop.LevelCountry || c.ProvinceCode == u.Scope.Province
}

// joinProvinces are the provinces whose courses a trainee sees.
func joinProvinces(u *ocop.User) []string {
	if u.Scope.Level == ocop.LevelCountry {
		return nil
	}
	return []string{u.Scope.Province, ""}
}

// manageProvinces are the provinces whose courses a manager changes.
func manageProvinces(u *ocop.User) []string {
	if u.Scope.Level == ocop.LevelCountry {
		return nil
	}
	return []string{u.Scope.Province}
}

// course loads a course a user may see; any other is not found.
func (s *Service) course(ctx context.Context, u *ocop.User, id int64) (*ocop.Course, error) {
	if u == nil {
		return nil, ocop.Errorf(ocop.EUNAUTHORIZED, "err.unauthorized")
	}
	c, err := s.DB.Course(ctx, id)
	if err != nil {
		return nil, err
	}
	if !managesCourse(u, c.ProvinceCode) && !joinable(u, c) {
		return nil, ocop.ErrNotFound()
	}
	return c, nil
}

// managedCourse loads a course the user manages: forbidden without the
// permission, not found outside their scope.
func (s *Service) managedCourse(ctx context.Context, u *ocop.User, id int64) (*ocop.Course, error) {
	if err := require(u, ocop.PermTrainingManage); err != nil {
		return nil, err
	}
	c, err := s.DB.Course(ctx, id)
	if err != nil {
		return nil, err
	}
	if !managesCourse(u, c.ProvinceCode) {
		return nil, ocop.ErrNotFound()
	}
	return c, nil
}

// CourseLists are the courses a user sees on /tap-huan.
type CourseLists struct {
	Open    []*ocop.Course `json:"open"`    // open for registration, for me
	Mine    []*ocop.Course `json:"mine"`    // I am enrolled or waiting
	Managed []*ocop.Course `json:"managed"` // in my scope, for managers
}

// Courses lists the courses a user may join, is in and manages.
func (s *Service) Courses(ctx context.Context, u *ocop.User) (*CourseLists, error) {
	if !u.Can(ocop.PermTrainingJoin) && !u.Can(ocop.PermTrainingManage) {
		return nil, require(u, ocop.PermTrainingJoin)
	}
	out := &CourseLists{Open: []*ocop.Course{}, Mine: []*ocop.Course{}, Managed: []*ocop.Course{}}
	var err error
	if u.Can(ocop.PermTrainingJoin) {
		if out.Open, err = s.DB.Courses(ctx, store.CourseFilter{Provinces: joinProvinces(u),
			Statuses: []string{ocop.CourseOpen}}); err != nil {
			return nil, err
		}
		if out.Mine, err = s.DB.Courses(ctx, store.CourseFilter{UserID: u.ID}); err != nil {
			return nil, err
		}
	}
	if u.Can(ocop.PermTrainingManage) {
		out.Managed, err = s.DB.Courses(ctx, store.CourseFilter{Provinces: manageProvinces(u)})
	}
	// Lists are never null in the API.
	for _, l := range []*[]*ocop.Course{&out.Open, &out.Mine, &out.Managed} {
		if *l == nil {
			*l = []*ocop.Course{}
		}
	}
	return out, err
}

// CourseView is a course's page.
type CourseView struct {
	Course     *ocop.Course          `json:"course"`
	Sessions   []*ocop.CourseSession `json:"sessions"`
	Lecturers  []*ocop.Lecturer      `json:"lecturers"` // of the sessions, in order of appearance
	Enrolments []*ocop.Enrolment     `json:"enrolments,omitempty"`
	Mine       *ocop.Enrolment       `json:"my_enrolment,omitempty"`
	Manages    bool                  `json:"manages"`
	CanJoin    bool                  `json:"can_join"`
}

// Course returns a course with its sessions; managers also get its
// enrolments, trainees their own.
func (s *Service) Course(ctx context.Context, u *ocop.User, id int64) (*CourseView, error) {
	c, err := s.course(ctx, u, id)
	if err != nil {
		return nil, err
	}
	v := &CourseView{Course: c, Manages: managesCourse(u, c.ProvinceCode), Lecturers: []*ocop.Lecturer{}}
	if v.Sessions, err = s.DB.CourseSessions(ctx, id); err != nil {
		return nil, err
	}
	if v.Sessions == nil {
		v.Sessions = []*ocop.CourseSession{}
	}
	seen := map[int64]bool{}
	for _, se := range v.Sessions {
		if se.LecturerID != 0 && !seen[se.LecturerID] {
			seen[se.LecturerID] = true
			l, err := s.DB.Lecturer(ctx, se.LecturerID)
			if err != nil {
				return nil, err
			}
			v.Lecturers = append(v.Lecturers, l)
		}
	}
	if v.Manages {
		if v.Enrolments, err = s.DB.Enrolments(ctx, id); err != nil {
			return nil, err
		}
	}
	if joinable(u, c) {
		mine, err := s.DB.UserEnrolment(ctx, id, u.ID)
		switch {
		case err == nil:
			v.Mine = mine
		case ocop.ErrorCode(err) != ocop.ENOTFOUND:
			return nil, err
		}
		v.CanJoin = v.Mine == nil && c.Status == ocop.CourseOpen
	}
	return v, nil
}

// CourseInput is the course form; the JSON names are the API's.
type CourseInput struct {
	Province         string   `json:"province_code"` // national managers only; "" = national
	Title            string   `json:"title"`
	Organiser        string   `json:"organiser"`
	CoOrganisers     string   `json:"co_organisers"`
	Type             string   `json:"course_type"`
	StartDate        string   `json:"start_date"` // dd/mm/yyyy or yyyy-mm-dd
	EndDate          string   `json:"end_date"`
	Venue            string   `json:"venue"`
	Capacity         int      `json:"capacity"`
	Audiences        []string `json:"audiences"`
	Description      string   `json:"description"`
	Status           string   `json:"status"`
	MinAttendancePct int      `json:"min_attendance_pct"`
	MinPostTestPct   int      `json:"min_posttest_pct"`
	Version          int64    `json:"version"` // on update: the version the form was read at
}

// courseFrom validates the form into c.
func courseFrom(c *ocop.Course, in CourseInput) error {
	v := ocop.Validation{}
	c.Title, c.Organiser, c.CoOrganisers = clean(in.Title), clean(in.Organiser), clean(in.CoOrganisers)
	c.Type, c.Venue, c.Description, c.Status = in.Type, clean(in.Venue), clean(in.Description), in.Status
	c.Capacity, c.MinAttendancePct, c.MinPostTestPct = in.Capacity, in.MinAttendancePct, in.MinPostTestPct
	checkRequired(v, "title", c.Title, 300)
	checkRequired(v, "organiser", c.Organiser, 300)
	if len([]rune(c.CoOrganisers)) > 500 {
		v.Add("co_organisers", "err.too_long")
	}
	if !slices.Contains(ocop.CourseTypes, c.Type) {
		v.Add("course_type", "err.choose")
	}
	if c.Status == "" {
		c.Status = ocop.CourseDraft
	}
	if !slices.Contains(ocop.CourseStatuses, c.Status) {
		v.Add("status", "err.choose")
	}
	c.StartDate = requiredDay(v, "start_date", in.StartDate)
	c.EndDate = requiredDay(v, "end_date", in.EndDate)
	if c.StartDate != "" && c.EndDate != "" && c.EndDate < c.StartDate {
		v.Add("end_date", "err.training_end_before_start")
	}
	if c.Capacity < 1 || c.Capacity > 10000 {
		v.Add("capacity", "err.training_capacity")
	}
	c.Audiences = nil
	for _, a := range in.Audiences {
		if !ocop.Audience(a).Valid() {
			v.Add("audiences", "err.choose")
		} else if !slices.Contains(c.Audiences, ocop.Audience(a)) {
			c.Audiences = append(c.Audiences, ocop.Audience(a))
		}
	}
	if len(c.Audiences) == 0 {
		v.Add("audiences", "err.choose")
	}
	if c.MinAttendancePct < 0 || c.MinAttendancePct > 100 {
		v.Add("min_attendance_pct", "err.training_percent")
	}
	if c.MinPostTestPct < 0 || c.MinPostTestPct > 100 {
		v.Add("min_posttest_pct", "err.training_percent")
	}
	return v.Err()
}

// NewCourseInput is an empty form with the rule defaults filled in.
func NewCourseInput() CourseInput {
	return CourseInput{Type: ocop.CourseClassroom, Status: ocop.CourseDraft, Capacity: 60,
		MinAttendancePct: ocop.DefaultMinAttendancePct, MinPostTestPct: ocop.DefaultMinPostTestPct}
}

// CreateCourse creates a course in the manager's province; a national
// manager chooses the province or leaves it national.
func (s *Service) CreateCourse(ctx context.Context, u *ocop.User, in CourseInput) (*ocop.Course, error) {
	if err := require(u, ocop.PermTrainingManage); err != nil {
		return nil, err
	}
	c := &ocop.Course{ProvinceCode: u.Scope.Province, CreatedBy: u.ID}
	if u.Scope.Level == ocop.LevelCountry {
		c.ProvinceCode = clean(in.Province)
	}
	err := courseFrom(c, in)
	if c.ProvinceCode != "" {
		if _, uerr := s.DB.UnitByCode(ctx, c.ProvinceCode); uerr != nil {
			v := ocop.Validation{}
			if e, ok := err.(*ocop.Error); ok {
				v = e.Fields
			}
			v.Add("province_code", "err.unknown_unit")
			err = v.Err()
		}
	}
	if err != nil {
		return nil, err
	}
	return c, s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.CreateCourse(ctx, c) })
}

// UpdateCourse changes a course the manager manages, if nobody changed it
// since in.Version (a conflict otherwise). A larger capacity promotes
// people from the waitlist in the same transaction.
func (s *Service) UpdateCourse(ctx context.Context, u *ocop.User, id int64, in CourseInput) (*ocop.Course, error) {
	before, err := s.managedCourse(ctx, u, id)
	if err != nil {
		return nil, err
	}
	c := *before
	err = courseFrom(&c, in)
	if c.Capacity < before.Enrolled && c.Capacity >= 1 {
		// Nobody loses a seat they hold: cancel enrolments first.
		v := ocop.Validation{"capacity": "err.training_capacity_taken"}
		if e, ok := err.(*ocop.Error); ok {
			v = e.Fields
			v.Add("capacity", "err.training_capacity_taken")
		}
		err = v.Err()
	}
	if err != nil {
		return nil, err
	}
	if in.Version != before.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		if err := tx.UpdateCourse(ctx, before, &c); err != nil {
			return err
		}
		promoted, err := tx.FillSeats(ctx, &c)
		if err != nil {
			return err
		}
		return s.notifyEnrolments(ctx, tx, &c, promoted, "training.notify_promoted")
	})
	if err != nil {
		return nil, err
	}
	return s.DB.Course(ctx, id)
}

// courseLink is a course's page.
func courseLink(id int64) string { return "/tap-huan/" + strconv.FormatInt(id, 10) }

// notifyEnrolments tells the trainees with accounts about their
// enrolment (key takes the course title and the start date).
func (s *Service) notifyEnrolments(ctx context.Context, tx *store.Tx, c *ocop.Course, es []*ocop.Enrolment, key string) error {
	for _, e := range es {
		if e.UserID == 0 {
			continue
		}
		k := key
		if e.Status == ocop.EnrolWaitlisted {
			k = "training.notify_waitlisted"
		}
		msg := i18n.T(k, c.Title, dayLabel(c.StartDate), e.WaitlistPos)
		if err := tx.Notify(ctx, []int64{e.UserID}, s.notice(courseLink(c.ID), msg)); err != nil {
			return err
		}
	}
	return nil
}

// dayLabel shows a YYYY-MM-DD day as dd/mm/yyyy.
func dayLabel(day string) string {
	if len(day) != 10 {
		return day
	}
	return day[8:10] + "/" + day[5:7] + "/" + day[0:4]
}
