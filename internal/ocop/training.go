package ocop

import "time"

// Training (tập huấn): a national topic catalogue, yearly plans per
// province, courses with sessions and lecturers, and enrolments with a
// waitlist. A course's ProvinceCode is its scope; "" is a national course.

// Audience is the group a trainee belongs to, counted in plans and reports.
type Audience string

const (
	AudienceCommuneOfficial  Audience = "commune_official"
	AudienceProducer         Audience = "producer"
	AudienceProvinceOfficial Audience = "province_official"
	AudienceConsultant       Audience = "consultant"
	AudienceOther            Audience = "other"
)

// Audiences lists the audiences in display order.
var Audiences = []Audience{AudienceCommuneOfficial, AudienceProducer, AudienceProvinceOfficial, AudienceConsultant,
	AudienceOther}

// Valid reports whether a is a known audience.
func (a Audience) Valid() bool {
	for _, x := range Audiences {
		if x == a {
			return true
		}
	}
	return false
}

// AudienceOf is the audience a user registering themselves belongs to.
func AudienceOf(r Role) Audience {
	switch r {
	case RoleProducer:
		return AudienceProducer
	case RoleCommune:
		return AudienceCommuneOfficial
	case RoleProvince, RoleMinistry:
		return AudienceProvinceOfficial
	case RoleCouncil, RoleAdvisory, RoleTrainer:
		return AudienceConsultant
	}
	return AudienceOther
}

// Course types.
const (
	CourseClassroom = "classroom"
	CourseOnline    = "online"
	CourseStudyTour = "study_tour"
)

// CourseTypes lists the course types in display order.
var CourseTypes = []string{CourseClassroom, CourseOnline, CourseStudyTour}

// Course statuses: a draft is visible to managers only; trainees register
// while a course is open.
const (
	CourseDraft     = "draft"
	CourseOpen      = "open"
	CourseClosed    = "closed"
	CourseFinished  = "finished"
	CourseCancelled = "cancelled"
)

// CourseStatuses lists the statuses in life-cycle order.
var CourseStatuses = []string{CourseDraft, CourseOpen, CourseClosed, CourseFinished, CourseCancelled}

// Enrolment statuses.
const (
	EnrolEnrolled   = "enrolled"
	EnrolWaitlisted = "waitlisted"
	EnrolCancelled  = "cancelled"
)

// Enrolment sources.
const (
	EnrolSelf      = "self"
	EnrolOrganiser = "organiser"
	EnrolImport    = "import"
)

// Completion-rule defaults (issue 6 item 8).
const (
	DefaultMinAttendancePct = 80
	DefaultMinPostTestPct   = 50
)

// TrainingTopic is a topic (chuyên đề) of the national catalogue.
type TrainingTopic struct {
	Code        string `json:"code"`
	Title       string `json:"title"`
	Description string `json:"description"`
	SortOrder   int    `json:"sort_order"`
}

// Material kinds.
const (
	MaterialFile = "file"
	MaterialLink = "link"
)

// TopicMaterial is a file or a link for a topic.
type TopicMaterial struct {
	ID           int64     `json:"id"`
	TopicCode    string    `json:"topic_code"`
	Kind         string    `json:"kind"`
	Title        string    `json:"title"`
	URL          string    `json:"url,omitempty"`
	FileName     string    `json:"file_name,omitempty"`
	FileKey      string    `json:"-"`
	ContentType  string    `json:"content_type,omitempty"`
	Size         int64     `json:"size,omitempty"`
	SHA256       string    `json:"sha256,omitempty"`
	ProvinceCode string    `json:"province_code"`
	CreatedBy    int64     `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
}

// TopicQuestion is a multiple-choice question of a topic's bank: 2–6
// options, exactly one correct (Correct is its 0-based index).
type TopicQuestion struct {
	ID           int64     `json:"id"`
	TopicCode    string    `json:"topic_code"`
	Body         string    `json:"body"`
	Options      []string  `json:"options"`
	Correct      int       `json:"correct"`
	ProvinceCode string    `json:"province_code"`
	CreatedBy    int64     `json:"created_by"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Version      int64     `json:"version"`
}

// TrainingPlan is a province's targets for a year.
type TrainingPlan struct {
	ID            int64            `json:"id"`
	ProvinceCode  string           `json:"province_code"`
	Year          int              `json:"year"`
	TargetCourses int              `json:"target_courses"`
	Targets       map[Audience]int `json:"targets"` // trainees by audience
	Notes         string           `json:"notes"`
	CreatedAt     time.Time        `json:"created_at"`
	UpdatedAt     time.Time        `json:"updated_at"`
	Version       int64            `json:"version"`
}

// PlanProgress is what the courses of a province and year achieved.
type PlanProgress struct {
	CoursesPlanned int              `json:"courses_planned"` // not cancelled
	CoursesHeld    int              `json:"courses_held"`    // finished
	Trainees       map[Audience]int `json:"trainees"`        // enrolled, by audience
	TraineesTotal  int              `json:"trainees_total"`
}

// Course is a training course.
type Course struct {
	ID               int64      `json:"id"`
	ProvinceCode     string     `json:"province_code"` // "" = national
	Title            string     `json:"title"`
	Organiser        string     `json:"organiser"`
	CoOrganisers     string     `json:"co_organisers"`
	Type             string     `json:"course_type"`
	StartDate        string     `json:"start_date"` // YYYY-MM-DD
	EndDate          string     `json:"end_date"`
	Venue            string     `json:"venue"`
	Capacity         int        `json:"capacity"`
	Audiences        []Audience `json:"audiences"`
	Description      string     `json:"description"`
	Status           string     `json:"status"`
	MinAttendancePct int        `json:"min_attendance_pct"`
	MinPostTestPct   int        `json:"min_posttest_pct"`
	CreatedBy        int64      `json:"created_by"`
	CreatedAt        time.Time  `json:"created_at"`
	UpdatedAt        time.Time  `json:"updated_at"`
	Version          int64      `json:"version"`
	// Counts, filled by the store when a course is read.
	Enrolled   int `json:"enrolled"`
	Waitlisted int `json:"waitlisted"`
}

// Full reports whether every seat is taken.
func (c *Course) Full() bool { return c.Enrolled >= c.Capacity }

// Lecturer teaches sessions; UserID links an account when there is one.
type Lecturer struct {
	ID           int64     `json:"id"`
	FullName     string    `json:"full_name"`
	Title        string    `json:"title"`
	Organisation string    `json:"organisation"`
	UserID       int64     `json:"user_id,omitempty"`
	ProvinceCode string    `json:"province_code"`
	CreatedAt    time.Time `json:"created_at"`
	Version      int64     `json:"version"`
}

// CourseSession is one teaching slot of a course.
type CourseSession struct {
	ID         int64     `json:"id"`
	CourseID   int64     `json:"course_id"`
	Date       string    `json:"session_date"` // YYYY-MM-DD
	StartTime  string    `json:"start_time"`   // HH:MM
	EndTime    string    `json:"end_time"`
	TopicCode  string    `json:"topic_code,omitempty"`
	TopicTitle string    `json:"topic_title,omitempty"`
	LecturerID int64     `json:"lecturer_id,omitempty"`
	Lecturer   string    `json:"lecturer,omitempty"` // "TS. Nguyễn Văn A (Trường …)"
	Title      string    `json:"title"`
	Place      string    `json:"place"`
	CreatedAt  time.Time `json:"created_at"`
	Version    int64     `json:"version"`
}

// Enrolment is a trainee on a course, with or without an account.
type Enrolment struct {
	ID          int64     `json:"id"`
	CourseID    int64     `json:"course_id"`
	UserID      int64     `json:"user_id,omitempty"`
	FullName    string    `json:"full_name"`
	UnitName    string    `json:"unit_name"`
	CommuneCode string    `json:"commune_code,omitempty"`
	Audience    Audience  `json:"audience"`
	Phone       string    `json:"phone,omitempty"`
	Email       string    `json:"email,omitempty"`
	Status      string    `json:"status"`
	WaitlistPos int       `json:"waitlist_pos,omitempty"`
	Source      string    `json:"source"`
	CreatedBy   int64     `json:"created_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	Version     int64     `json:"version"`
}
