package demo

import (
	"fmt"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// Sơn La's OCOP course of 27–29/9/2022 (seed article "Sơn La: Tập huấn
// Chương trình OCOP năm 2022"): 60 officials and producers "đến từ 12
// huyện, thành phố", 8 topics taught by lecturers of Trường Đại học Nông
// Lâm Thái Nguyên, organised by Văn phòng Điều phối nông thôn mới tỉnh.
//
// Mapping: districts no longer exist since 1/7/2025, so a trainee's unit is
// the former district or city they came from, marked "(cũ)" — the 12
// district-level units Sơn La had in 2022. Each sends 5 trainees: a
// district officer (audience other), a commune officer and 3 producers.
// The article names no lecturer and no trainee: those names are made up.

// Course2022 is the demo course's title.
const Course2022 = "Tập huấn kiến thức Chương trình OCOP trên địa bàn tỉnh Sơn La năm 2022"

var units2022 = []string{"Thành phố Sơn La (cũ)", "Huyện Mộc Châu (cũ)", "Huyện Vân Hồ (cũ)", "Huyện Yên Châu (cũ)",
	"Huyện Mai Sơn (cũ)", "Huyện Sông Mã (cũ)", "Huyện Sốp Cộp (cũ)", "Huyện Thuận Châu (cũ)", "Huyện Quỳnh Nhai (cũ)",
	"Huyện Mường La (cũ)", "Huyện Bắc Yên (cũ)", "Huyện Phù Yên (cũ)"}

// accountTrainees are the demo accounts on the course: trainee index → login.
var accountTrainees = map[int]string{6: "canbo.mocchau", 7: "chuthe.manhau", 16: "canbo.yenchau", 17: "chuthe.xoai",
	21: "canbo.chiengmai", 22: "chuthe.caphe"}

var (
	surnames = []string{"Lò", "Cầm", "Quàng", "Lường", "Tòng", "Hà", "Sầm", "Vì", "Giàng", "Sùng", "Nguyễn", "Đinh", "Hoàng", "Mùa", "Bạc"}
	middles  = []string{"Văn", "Thị"}
	givens   = []string{"Thanh", "Hùng", "Lan", "Pó", "Xuân", "Minh", "Duyên", "Sơn", "Hòa", "Tiến", "Chung", "Khánh", "Vân", "Phong", "Tú", "Nga"}
)

// sessions2022: 8 topics over 3 days; lecturer indexes into lecturers2022.
var sessions2022 = []struct {
	day, from, to, topic string
	lecturer             int
}{
	{"2022-09-27", "07:30", "09:30", "ocop_programme", 0}, {"2022-09-27", "09:45", "11:30", "ocop_cycle", 0},
	{"2022-09-27", "13:30", "16:30", "brand", 1}, {"2022-09-28", "07:30", "09:30", "product_development", 1},
	{"2022-09-28", "09:45", "11:30", "traceability", 2}, {"2022-09-28", "13:30", "16:30", "marketing", 3},
	{"2022-09-29", "07:30", "11:30", "quality", 2}, {"2022-09-29", "13:30", "16:00", "support_policy", 3},
}

// absences2022: trainee index → sessions missed (by index). Trainees 23
// and 47 miss too much to complete; 29 and 47 miss the post-test (the
// last session), so 57 complete.
var absences2022 = map[int][]int{2: {3}, 5: {6}, 11: {0}, 17: {5}, 23: {1, 2, 4}, 29: {7}, 35: {2}, 41: {4}, 47: {6, 7}, 53: {0}, 58: {5}}

// training plays Sơn La's 2022 plan and course through the use cases
// where there is one, and the store's transactions for the bulk (marks,
// paper results, feedback), in a handful of transactions.
func (l *loader) training() error {
	office := l.users["vanphong.sonla"]
	seed := l.seed2022()
	if err := l.planAndBuild(office, time.Date(2022, 1, 14, 9, 0, 0, 0, i18n.Zone), service.PlanInput{Year: 2022, TargetCourses: 2,
		Targets: map[ocop.Audience]int{ocop.AudienceCommuneOfficial: 30, ocop.AudienceProducer: 60, ocop.AudienceOther: 20},
		Notes:   "Kế hoạch tập huấn kiến thức Chương trình OCOP năm 2022 của Văn phòng Điều phối nông thôn mới tỉnh."},
		time.Date(2022, 9, 12, 9, 0, 0, 0, i18n.Zone), seed); err != nil {
		return err
	}
	c := seed.Course
	if err := l.questions2022(office, c); err != nil {
		return err
	}
	l.now = time.Date(2022, 9, 27, 7, 0, 0, 0, i18n.Zone)
	tests := map[string]*ocop.CourseTest{}
	for _, kind := range ocop.TestKinds {
		t, err := l.svc.SaveCourseTest(l.ctx, office, c.ID, service.TestInput{Kind: kind, Status: ocop.TestClosed, Random: 8})
		if err != nil {
			return fmt.Errorf("%s test: %w", kind, err)
		}
		tests[kind] = t
	}
	sessions, err := l.svc.DB.CourseSessions(l.ctx, c.ID)
	if err != nil {
		return err
	}
	return l.closeCourse(office, c, seed.Trainees, time.Date(2022, 9, 29, 17, 0, 0, 0, i18n.Zone),
		time.Date(2022, 9, 30, 8, 0, 0, 0, i18n.Zone), func(tx *store.Tx, i int, e *ocop.Enrolment) error {
			return record2022(l, tx, office, c, sessions, tests, i, e)
		})
}

// planAndBuild saves the office's plan for the year (at planned) and
// builds the course seed (at built), as the office would.
func (l *loader) planAndBuild(office *ocop.User, planned time.Time, plan service.PlanInput, built time.Time, seed service.CourseSeed) error {
	l.now = planned
	if _, err := l.svc.SaveTrainingPlan(l.ctx, office, plan); err != nil {
		return err
	}
	l.now = built
	return l.svc.BuildCourse(l.ctx, ocop.ActorOf(office), seed)
}

// closeCourse records what happened to each trainee (record, at the end
// of the last day, in one transaction), then, the next morning, marks the
// course finished and issues the certificates its rule gives.
func (l *loader) closeCourse(office *ocop.User, c *ocop.Course, trainees []*ocop.Enrolment, lastDay, nextMorning time.Time,
	record func(tx *store.Tx, i int, e *ocop.Enrolment) error) error {
	l.now = lastDay
	err := l.svc.DB.Update(l.ctx, ocop.ActorOf(office), func(tx *store.Tx) error {
		for i, e := range trainees {
			if err := record(tx, i, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	l.now = nextMorning
	c.Status = ocop.CourseFinished
	if _, err := l.svc.UpdateCourse(l.ctx, office, c.ID, courseInput(c)); err != nil {
		return err
	}
	_, err = l.svc.IssueTrainingCertificates(l.ctx, office, c.ID)
	return err
}

func courseInput(c *ocop.Course) service.CourseInput {
	aud := make([]string, len(c.Audiences))
	for i, a := range c.Audiences {
		aud[i] = string(a)
	}
	return service.CourseInput{Title: c.Title, Organiser: c.Organiser, CoOrganisers: c.CoOrganisers, Type: c.Type,
		StartDate: c.StartDate, EndDate: c.EndDate, Venue: c.Venue, Capacity: c.Capacity, Audiences: aud,
		Description: c.Description, Status: c.Status, MinAttendancePct: c.MinAttendancePct,
		MinPostTestPct: c.MinPostTestPct, Version: c.Version}
}

func (l *loader) seed2022() service.CourseSeed {
	seed := service.CourseSeed{Course: &ocop.Course{ProvinceCode: SonLa, Title: Course2022,
		Organiser: "Văn phòng Điều phối nông thôn mới tỉnh Sơn La", CoOrganisers: "Trường Đại học Nông Lâm Thái Nguyên",
		Type: ocop.CourseClassroom, StartDate: "2022-09-27", EndDate: "2022-09-29", Capacity: 60, Status: ocop.CourseOpen,
		Venue:     "Hội trường Khách sạn Hoàng Gia, thành phố Sơn La",
		Audiences: []ocop.Audience{ocop.AudienceCommuneOfficial, ocop.AudienceProducer, ocop.AudienceOther},
		Description: "Lớp tập huấn 3 ngày cho 60 cán bộ và chủ thể tham gia Chương trình OCOP đến từ 12 huyện, thành phố: " +
			"8 chuyên đề do giảng viên Trường Đại học Nông Lâm Thái Nguyên truyền đạt."}}
	for _, name := range []string{"Nguyễn Văn Minh", "Trần Thị Thu Hà", "Lê Quang Huy", "Phạm Thị Ngọc"} {
		seed.Lecturers = append(seed.Lecturers, &ocop.Lecturer{FullName: name, Title: "ThS.",
			Organisation: "Trường Đại học Nông Lâm Thái Nguyên", ProvinceCode: SonLa})
	}
	seed.Lecturers[0].UserID = l.users[LecturerAccount].ID
	for _, s := range sessions2022 {
		seed.Sessions = append(seed.Sessions, service.SeedSession{Lecturer: s.lecturer, Session: &ocop.CourseSession{
			Date: s.day, StartTime: s.from, EndTime: s.to, TopicCode: s.topic, Place: "Hội trường Khách sạn Hoàng Gia"}})
	}
	for i := 0; i < 60; i++ {
		e := &ocop.Enrolment{UnitName: units2022[i/5], Audience: ocop.AudienceProducer,
			FullName: surnames[i%len(surnames)] + " " + middles[i%2] + " " + givens[(i*7)%len(givens)]}
		switch i % 5 {
		case 0:
			e.Audience = ocop.AudienceOther
		case 1:
			e.Audience = ocop.AudienceCommuneOfficial
		}
		if name, ok := accountTrainees[i]; ok {
			u := l.users[name]
			e.UserID, e.FullName, e.Audience = u.ID, u.FullName, ocop.AudienceOf(u.Role)
		}
		seed.Trainees = append(seed.Trainees, e)
	}
	return seed
}

// questions2022 adds a question per topic to Sơn La's bank for the tests.
func (l *loader) questions2022(office *ocop.User, c *ocop.Course) error {
	return l.svc.DB.Update(l.ctx, ocop.ActorOf(office), func(tx *store.Tx) error {
		for _, s := range sessions2022 {
			t, err := l.svc.DB.TrainingTopic(l.ctx, s.topic)
			if err != nil {
				return err
			}
			q := &ocop.TopicQuestion{TopicCode: s.topic, ProvinceCode: SonLa, CreatedBy: office.ID,
				Body:    "Nội dung nào thuộc chuyên đề “" + t.Title + "”?",
				Options: []string{t.Description, "Quy định về cấp giấy phép lái xe", "Thủ tục đăng ký kết hôn"}}
			if err := tx.AddTopicQuestion(l.ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
}

// record2022 marks a trainee's attendance, tests and feedback: accounts
// answered online, the others on paper, entered by the office.
func record2022(l *loader, tx *store.Tx, office *ocop.User, c *ocop.Course, sessions []*ocop.CourseSession,
	tests map[string]*ocop.CourseTest, i int, e *ocop.Enrolment) error {
	missed, err := l.attend(tx, office, c, sessions, e, absences2022[i])
	if err != nil {
		return err
	}
	pre := 40 + (i*37)%35
	scores := map[string]int{ocop.TestPre: pre, ocop.TestPost: min(100, pre+15+(i*13)%20)}
	for _, kind := range ocop.TestKinds {
		if kind == ocop.TestPost && missed[7] {
			continue
		}
		r := &ocop.TestResult{TestID: tests[kind].ID, Kind: kind, EnrolmentID: e.ID, Correct: scores[kind], Total: 100,
			Paper: true, EnteredBy: office.ID}
		if e.UserID != 0 {
			r = online(tests[kind], e, scores[kind])
		}
		if err := tx.AddTestResult(l.ctx, c, r); err != nil {
			return err
		}
	}
	if i%5 == 4 {
		return nil // not every trainee answered the survey
	}
	f := &ocop.CourseFeedback{EnrolmentID: e.ID, Ratings: map[string]int{"content": 5 - i%3/2, "lecturers": 5,
		"organisation": 4 + i%2, "usefulness": 5 - i%4/3}}
	return tx.AddFeedback(l.ctx, c, f)
}

// attend marks a trainee present at every session but the missed ones
// (indexes into sessions), as the office copies the signed sheet.
func (l *loader) attend(tx *store.Tx, office *ocop.User, c *ocop.Course, sessions []*ocop.CourseSession,
	e *ocop.Enrolment, absent []int) (map[int]bool, error) {
	missed := map[int]bool{}
	for _, j := range absent {
		missed[j] = true
	}
	for j, se := range sessions {
		a := &ocop.Attendance{SessionID: se.ID, EnrolmentID: e.ID, Present: !missed[j], Method: ocop.AttendManual,
			Reason: "Theo danh sách ký nhận của lớp", MarkedBy: office.ID}
		if missed[j] {
			a.Reason = "Vắng mặt"
		}
		if _, err := tx.MarkAttendance(l.ctx, c, a); err != nil {
			return nil, err
		}
	}
	return missed, nil
}

// online answers a test as a trainee would, getting about score % right.
func online(t *ocop.CourseTest, e *ocop.Enrolment, score int) *ocop.TestResult {
	r := &ocop.TestResult{TestID: t.ID, Kind: t.Kind, EnrolmentID: e.ID, Total: len(t.Questions)}
	right := (score*len(t.Questions) + 50) / 100
	for k, q := range t.Questions {
		ans := (q.Correct + 1) % len(q.Options)
		if k < right {
			ans, r.Correct = q.Correct, r.Correct+1
		}
		r.Answers = append(r.Answers, ans)
	}
	return r
}
