package ocop

import "time"

// Training tests, feedback and completion (issue 6 items 7, 8).

// Test kinds: before and after the course.
const (
	TestPre  = "pre"
	TestPost = "post"
)

// TestKinds lists the kinds in order.
var TestKinds = []string{TestPre, TestPost}

// Test states: trainees answer only while a test is open.
const (
	TestOpen   = "open"
	TestClosed = "closed"
)

// TestQuestion is a bank question as copied into a test: later edits of
// the bank change neither the test nor its scores.
type TestQuestion struct {
	QuestionID int64    `json:"question_id"`
	TopicCode  string   `json:"topic_code"`
	Body       string   `json:"body"`
	Options    []string `json:"options"`
	Correct    int      `json:"correct"`
}

// CourseTest is a course's pre-test or post-test; the question order is
// fixed when the organiser builds it.
type CourseTest struct {
	ID        int64          `json:"id"`
	CourseID  int64          `json:"course_id"`
	Kind      string         `json:"kind"`
	Status    string         `json:"status"`
	Questions []TestQuestion `json:"questions"`
	CreatedAt time.Time      `json:"created_at"`
	UpdatedAt time.Time      `json:"updated_at"`
	Version   int64          `json:"version"`
}

// TestResult is one trainee's result of a test: answered online (Answers
// hold the chosen option per question, -1 for none) or entered by hand
// from a paper test (Paper, score as Correct of 100).
type TestResult struct {
	ID          int64     `json:"id"`
	TestID      int64     `json:"test_id"`
	Kind        string    `json:"kind"`
	EnrolmentID int64     `json:"enrolment_id"`
	Answers     []int     `json:"answers"`
	Correct     int       `json:"correct"`
	Total       int       `json:"total"`
	Paper       bool      `json:"paper"`
	EnteredBy   int64     `json:"entered_by,omitempty"`
	SubmittedAt time.Time `json:"submitted_at"`
}

// TestDraft is a trainee's unfinished answers to a test, kept on the
// server so they follow the trainee from one device to another; like
// Answers of a result, the chosen option per question, -1 for none.
type TestDraft struct {
	TestID      int64     `json:"test_id"`
	EnrolmentID int64     `json:"enrolment_id"`
	Answers     []int     `json:"answers"`
	SavedAt     time.Time `json:"saved_at"`
}

// Pct is the score in percent.
func (r *TestResult) Pct() float64 {
	if r == nil || r.Total == 0 {
		return 0
	}
	return 100 * float64(r.Correct) / float64(r.Total)
}

// FeedbackAspects are the survey's fixed questions, each rated 1–5.
var FeedbackAspects = []string{"content", "lecturers", "organisation", "usefulness"}

// CourseFeedback is a trainee's answer to the survey after a course.
type CourseFeedback struct {
	ID          int64          `json:"id"`
	CourseID    int64          `json:"course_id"`
	EnrolmentID int64          `json:"enrolment_id"`
	Ratings     map[string]int `json:"ratings"` // by FeedbackAspects
	Comment     string         `json:"comment"`
	CreatedAt   time.Time      `json:"created_at"`
}

// Completion-certificate states.
const (
	TrainingCertValid   = "valid"
	TrainingCertRevoked = "revoked"
)

// TrainingCertificate is a completion certificate (giấy chứng nhận hoàn
// thành khóa tập huấn), kept as it was printed.
type TrainingCertificate struct {
	ID               int64     `json:"id"`
	CourseID         int64     `json:"course_id"`
	EnrolmentID      int64     `json:"enrolment_id"`
	Number           string    `json:"number"`
	Code             string    `json:"code"`
	FullName         string    `json:"full_name"`
	UnitName         string    `json:"unit_name"`
	CourseTitle      string    `json:"course_title"`
	Organiser        string    `json:"organiser"`
	StartDate        string    `json:"start_date"`
	EndDate          string    `json:"end_date"`
	SessionsTotal    int       `json:"sessions_total"`
	SessionsAttended int       `json:"sessions_attended"`
	Hours            float64   `json:"hours"`        // the trainee's: sessions attended
	CourseHours      float64   `json:"course_hours"` // the course's
	PostTestPct      float64   `json:"posttest_pct"`
	ProvinceCode     string    `json:"province_code"`
	Status           string    `json:"status"`
	RevokeReason     string    `json:"revoke_reason,omitempty"`
	RevokedAt        time.Time `json:"revoked_at,omitempty"`
	IssuedBy         int64     `json:"issued_by,omitempty"`
	IssuedAt         time.Time `json:"issued_at"`
	Version          int64     `json:"version"`
}

// CompletionFacts are what the completion rules read for one trainee.
type CompletionFacts struct {
	Sessions int         // sessions of the course
	Attended int         // sessions the trainee attended
	HasPost  bool        // the course has a post-test
	Post     *TestResult // the trainee's post-test result, nil if none
}

// Completion shortfalls, as i18n key suffixes.
const (
	ShortAttendance = "attendance"
	ShortNoPostTest = "no_posttest"
	ShortPostTest   = "posttest"
)

// Completes applies a course's completion rules (issue 6 item 8): at
// least MinAttendancePct of the sessions attended and, when the course
// has a post-test, at least MinPostTestPct scored on it; both bounds
// count as met. Integer arithmetic so that exactly 80 % is 80 %. A course
// without sessions has nothing to attend; a course without a post-test
// is judged on attendance alone. It returns the rules not met.
func Completes(c *Course, f CompletionFacts) (bool, []string) {
	var short []string
	if f.Attended*100 < c.MinAttendancePct*f.Sessions {
		short = append(short, ShortAttendance)
	}
	switch {
	case !f.HasPost:
	case f.Post == nil || f.Post.Total == 0:
		short = append(short, ShortNoPostTest)
	case f.Post.Correct*100 < c.MinPostTestPct*f.Post.Total:
		short = append(short, ShortPostTest)
	}
	return len(short) == 0, short
}
