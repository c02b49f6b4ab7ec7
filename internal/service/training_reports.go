package service

import (
	"cmp"
	"context"
	"slices"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// Training reports (issue 6 item 9): a course's report and a province's
// year. Every number is computed here, once, from the database; the page,
// the JSON and the XLSX only show them.

// CountRow is a labelled count (a unit, an audience, a session).
type CountRow struct {
	Label string `json:"label"`
	Count int    `json:"count"`
}

// SessionRow is a session's attendance: present marks of the seated.
type SessionRow struct {
	Session *ocop.CourseSession `json:"session"`
	Present int                 `json:"present"`
	Rate    *float64            `json:"rate"` // percent of the enrolled
}

// CourseReport is a course's numbers. Rates and averages are percentages
// (improvement in points), nil when there is nothing to average.
type CourseReport struct {
	Course         *ocop.Course     `json:"course"`
	Enrolled       int              `json:"enrolled"`
	Waitlisted     int              `json:"waitlisted"`
	Cancelled      int              `json:"cancelled"`
	Units          []CountRow       `json:"units"`     // enrolled trainees by unit, most first
	Audiences      []CountRow       `json:"audiences"` // enrolled trainees by audience (ocop.Audiences order)
	Topics         int              `json:"topics"`    // distinct topics of the sessions
	Sessions       []SessionRow     `json:"sessions"`
	PresentMarks   int              `json:"present_marks"`
	AttendanceRate *float64         `json:"attendance_rate"` // present marks / (sessions × enrolled)
	PreTaken       int              `json:"pre_taken"`
	PostTaken      int              `json:"post_taken"`
	PreAvg         *float64         `json:"pre_avg"`
	PostAvg        *float64         `json:"post_avg"`
	AvgImprovement *float64         `json:"avg_improvement"`
	improved       int              // trainees with both tests, for the year's average
	Feedback       *FeedbackSummary `json:"feedback"`
	Certificates   int              `json:"certificates"` // valid ones
	audience       map[ocop.Audience]int
}

// CourseReport returns a course's report to its managers.
func (s *Service) CourseReport(ctx context.Context, u *ocop.User, courseID int64) (*CourseReport, error) {
	c, err := s.managedCourse(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	return s.courseReport(ctx, c)
}

func pct(n, of int) *float64 {
	if of == 0 {
		return nil
	}
	p := 100 * float64(n) / float64(of)
	return &p
}

func (s *Service) courseReport(ctx context.Context, c *ocop.Course) (*CourseReport, error) {
	rep := &CourseReport{Course: c, audience: map[ocop.Audience]int{}}
	enrolments, err := s.realEnrolments(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	seated, known := map[int64]bool{}, map[int64]bool{}
	units := map[string]int{}
	for _, e := range enrolments {
		known[e.ID] = true
		switch e.Status {
		case ocop.EnrolEnrolled:
			rep.Enrolled++
			seated[e.ID] = true
			rep.audience[e.Audience]++
			if e.UnitName != "" {
				units[e.UnitName]++
			}
		case ocop.EnrolWaitlisted:
			rep.Waitlisted++
		default:
			rep.Cancelled++
		}
	}
	rep.Units = sortedCounts(units)
	rep.Audiences = []CountRow{}
	for _, a := range ocop.Audiences {
		if n := rep.audience[a]; n > 0 {
			rep.Audiences = append(rep.Audiences, CountRow{Label: string(a), Count: n})
		}
	}
	if err := s.reportAttendance(ctx, rep, seated); err != nil {
		return nil, err
	}
	if err := s.reportTests(ctx, rep, enrolments); err != nil {
		return nil, err
	}
	// Forms of practice (sandbox) accounts stay out, like their enrolments.
	if rep.Feedback, err = s.feedbackSummary(ctx, c.ID, known); err != nil {
		return nil, err
	}
	certs, err := s.DB.TrainingCertificates(ctx, c.ID)
	for _, ct := range certs {
		if ct.Status == ocop.TrainingCertValid && known[ct.EnrolmentID] {
			rep.Certificates++
		}
	}
	return rep, err
}

// realEnrolments are a course's enrolments but those of practice
// (sandbox) accounts, which may register for national courses.
func (s *Service) realEnrolments(ctx context.Context, courseID int64) ([]*ocop.Enrolment, error) {
	all, err := s.DB.Enrolments(ctx, courseID)
	if err != nil {
		return nil, err
	}
	practice, err := s.DB.PracticeEnrolments(ctx, courseID)
	out := all[:0]
	for _, e := range all {
		if !practice[e.ID] {
			out = append(out, e)
		}
	}
	return out, err
}

// sortedCounts orders counts by size, then label in Vietnamese order.
func sortedCounts(m map[string]int) []CountRow {
	out := []CountRow{}
	for k, n := range m {
		out = append(out, CountRow{Label: k, Count: n})
	}
	slices.SortFunc(out, func(a, b CountRow) int {
		return cmp.Or(b.Count-a.Count, i18n.Compare(a.Label, b.Label))
	})
	return out
}

// reportAttendance counts the present marks of seated trainees per session.
func (s *Service) reportAttendance(ctx context.Context, rep *CourseReport, seated map[int64]bool) error {
	sessions, err := s.DB.CourseSessions(ctx, rep.Course.ID)
	if err != nil {
		return err
	}
	marks, err := s.DB.CourseAttendance(ctx, rep.Course.ID)
	if err != nil {
		return err
	}
	present := map[int64]int{}
	for _, a := range marks {
		if a.Present && seated[a.EnrolmentID] {
			present[a.SessionID]++
		}
	}
	topics := map[string]bool{}
	rep.Sessions = []SessionRow{}
	for _, se := range sessions {
		if se.TopicCode != "" {
			topics[se.TopicCode] = true
		}
		n := present[se.ID]
		rep.PresentMarks += n
		rep.Sessions = append(rep.Sessions, SessionRow{Session: se, Present: n, Rate: pct(n, rep.Enrolled)})
	}
	rep.Topics = len(topics)
	rep.AttendanceRate = pct(rep.PresentMarks, len(sessions)*rep.Enrolled)
	return nil
}

// reportTests averages the seated trainees' pre- and post-test scores.
func (s *Service) reportTests(ctx context.Context, rep *CourseReport, enrolments []*ocop.Enrolment) error {
	res, err := s.results(ctx, rep.Course, enrolments)
	if err != nil {
		return err
	}
	var pre, post float64
	for _, r := range res.Rows {
		if r.PrePct != nil {
			rep.PreTaken, pre = rep.PreTaken+1, pre+*r.PrePct
		}
		if r.PostPct != nil {
			rep.PostTaken, post = rep.PostTaken+1, post+*r.PostPct
		}
		if r.Improvement != nil {
			rep.improved++
		}
	}
	rep.PreAvg, rep.PostAvg, rep.AvgImprovement = avg(pre, rep.PreTaken), avg(post, rep.PostTaken), res.AvgImprovement
	return nil
}

func avg(sum float64, n int) *float64 {
	if n == 0 {
		return nil
	}
	a := sum / float64(n)
	return &a
}

// YearCourse is a course's line in the year's report.
type YearCourse struct {
	Course         *ocop.Course `json:"course"`
	Enrolled       int          `json:"enrolled"`
	Units          int          `json:"units"`
	Topics         int          `json:"topics"`
	AttendanceRate *float64     `json:"attendance_rate"`
	AvgImprovement *float64     `json:"avg_improvement"`
	Certificates   int          `json:"certificates"`
}

// YearReport is a province's (or, for the ministry, every province's)
// training in a year. Plan is the plan page's own view, for one province.
type YearReport struct {
	ProvinceCode   string       `json:"province_code"` // "" = all provinces
	Year           int          `json:"year"`
	Courses        []YearCourse `json:"courses"` // not cancelled, in date order
	Trainees       int          `json:"trainees"`
	Audiences      []CountRow   `json:"audiences"`
	AttendanceRate *float64     `json:"attendance_rate"` // all present marks / all (sessions × enrolled)
	AvgImprovement *float64     `json:"avg_improvement"` // over every trainee with both tests
	Certificates   int          `json:"certificates"`
	Plan           *PlanView    `json:"plan,omitempty"`
}

// TrainingYearReport reports a province's courses starting in a year. A
// province's manager sees their own province (another is not found); a
// national manager picks one or, with "", sees all. Sandbox provinces are
// never counted.
func (s *Service) TrainingYearReport(ctx context.Context, u *ocop.User, province string, year int) (*YearReport, error) {
	if err := require(u, ocop.PermTrainingManage); err != nil {
		return nil, err
	}
	if u.Scope.Level != ocop.LevelCountry {
		if province != "" && province != u.Scope.Province {
			return nil, ocop.ErrNotFound()
		}
		province = u.Scope.Province
	}
	if ocop.IsSandboxCode(province) {
		return nil, ocop.ErrNotFound()
	}
	f := store.CourseFilter{Year: year}
	if province != "" {
		f.Provinces = []string{province}
	}
	courses, err := s.DB.Courses(ctx, f)
	if err != nil {
		return nil, err
	}
	rep := &YearReport{ProvinceCode: province, Year: year, Courses: []YearCourse{}, Audiences: []CountRow{}}
	aud := map[ocop.Audience]int{}
	var present, expected, improved int
	var improvement float64
	for i := len(courses) - 1; i >= 0; i-- { // oldest first
		c := courses[i]
		if c.Status == ocop.CourseCancelled || ocop.IsSandboxCode(c.ProvinceCode) {
			continue
		}
		cr, err := s.courseReport(ctx, c)
		if err != nil {
			return nil, err
		}
		rep.Courses = append(rep.Courses, YearCourse{Course: c, Enrolled: cr.Enrolled, Units: len(cr.Units),
			Topics: cr.Topics, AttendanceRate: cr.AttendanceRate, AvgImprovement: cr.AvgImprovement,
			Certificates: cr.Certificates})
		rep.Trainees += cr.Enrolled
		rep.Certificates += cr.Certificates
		for a, n := range cr.audience {
			aud[a] += n
		}
		present, expected = present+cr.PresentMarks, expected+len(cr.Sessions)*cr.Enrolled
		if cr.AvgImprovement != nil {
			improved += cr.improved
			improvement += *cr.AvgImprovement * float64(cr.improved)
		}
	}
	for _, a := range ocop.Audiences {
		rep.Audiences = append(rep.Audiences, CountRow{Label: string(a), Count: aud[a]})
	}
	rep.AttendanceRate, rep.AvgImprovement = pct(present, expected), avg(improvement, improved)
	if province != "" {
		rep.Plan, err = s.TrainingPlan(ctx, u, province, year)
	}
	return rep, err
}
