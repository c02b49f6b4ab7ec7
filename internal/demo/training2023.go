package demo

import (
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// Sơn La's course of April 2023 (seed article "Sơn La: Hướng tới phát
// triển sản phẩm OCOP bền vững"): "Ngay trong tháng 4/2023, hơn 70 học
// viên đã được tập huấn các kiến thức về những điểm mới của Chương trình
// OCOP giai đoạn 2021-2025", under the 2023 training plans of the
// province's departments. The article gives only the month and the count:
// the days, the sessions, the lecturers and the 72 trainees are made up,
// and the course has no tests, so completion is judged on attendance.

// Course2023 is the April 2023 demo course's title.
const Course2023 = "Tập huấn những điểm mới của Chương trình OCOP giai đoạn 2021–2025"

// Trainees2023 is the number of trainees ("hơn 70 học viên").
const Trainees2023 = 72

var sessions2023 = []struct{ day, from, to, topic string }{
	{"2023-04-18", "07:30", "11:00", "ocop_programme"}, {"2023-04-18", "13:30", "16:30", "evaluation"},
	{"2023-04-19", "07:30", "11:00", "ocop_cycle"}, {"2023-04-19", "13:30", "16:30", "digital"},
}

// absences2023: trainee index → sessions missed; trainee 40 misses two of
// four (50 % < 75 %) and does not complete.
var absences2023 = map[int][]int{3: {1}, 17: {3}, 40: {2, 3}, 58: {0}}

// training2023 plays the 2023 plan and the April course.
func (l *loader) training2023() error {
	office := l.users["vanphong.sonla"]
	seed := l.seed2023()
	if err := l.planAndBuild(office, time.Date(2023, 1, 16, 9, 0, 0, 0, i18n.Zone), service.PlanInput{Year: 2023, TargetCourses: 2,
		Targets: map[ocop.Audience]int{ocop.AudienceCommuneOfficial: 40, ocop.AudienceProducer: 80, ocop.AudienceOther: 10},
		Notes:   "Kế hoạch tập huấn kiến thức cho các đối tượng liên quan đến Chương trình OCOP năm 2023."},
		time.Date(2023, 4, 3, 9, 0, 0, 0, i18n.Zone), seed); err != nil {
		return err
	}
	c := seed.Course
	sessions, err := l.svc.DB.CourseSessions(l.ctx, c.ID)
	if err != nil {
		return err
	}
	return l.closeCourse(office, c, seed.Trainees, time.Date(2023, 4, 19, 17, 0, 0, 0, i18n.Zone),
		time.Date(2023, 4, 20, 8, 0, 0, 0, i18n.Zone), func(tx *store.Tx, i int, e *ocop.Enrolment) error {
			_, err := l.attend(tx, office, c, sessions, e, absences2023[i])
			return err
		})
}

func (l *loader) seed2023() service.CourseSeed {
	seed := service.CourseSeed{Course: &ocop.Course{ProvinceCode: SonLa, Title: Course2023,
		Organiser: "Văn phòng Điều phối nông thôn mới tỉnh Sơn La", Type: ocop.CourseClassroom,
		StartDate: "2023-04-18", EndDate: "2023-04-19", Capacity: 80, Status: ocop.CourseOpen,
		Venue:     "Hội trường Sở Nông nghiệp và Phát triển nông thôn tỉnh Sơn La",
		Audiences: []ocop.Audience{ocop.AudienceCommuneOfficial, ocop.AudienceProducer, ocop.AudienceOther},
		// Three of the four sessions; the course has no tests, so attendance alone.
		MinAttendancePct: 75, MinPostTestPct: ocop.DefaultMinPostTestPct,
		Description: "Lớp tập huấn 2 ngày về những điểm mới của Chương trình OCOP giai đoạn 2021–2025, " +
			"bộ tiêu chí đánh giá, phân hạng sản phẩm và quản lý hồ sơ OCOP trên môi trường số."}}
	for _, name := range []string{"Lò Văn Thắng", "Nguyễn Thị Hương"} {
		seed.Lecturers = append(seed.Lecturers, &ocop.Lecturer{FullName: name,
			Organisation: "Văn phòng Điều phối nông thôn mới tỉnh Sơn La", ProvinceCode: SonLa})
	}
	for i, s := range sessions2023 {
		seed.Sessions = append(seed.Sessions, service.SeedSession{Lecturer: i % 2, Session: &ocop.CourseSession{
			Date: s.day, StartTime: s.from, EndTime: s.to, TopicCode: s.topic,
			Place: "Hội trường Sở Nông nghiệp và Phát triển nông thôn"}})
	}
	for i := 0; i < Trainees2023; i++ {
		e := &ocop.Enrolment{UnitName: units2022[i%len(units2022)], Audience: ocop.AudienceProducer,
			FullName: surnames[(i+3)%len(surnames)] + " " + middles[(i+1)%2] + " " + givens[(i*5+2)%len(givens)]}
		switch i % 6 {
		case 0, 1:
			e.Audience = ocop.AudienceCommuneOfficial
		case 2:
			if i%12 == 2 {
				e.Audience = ocop.AudienceOther
			}
		}
		seed.Trainees = append(seed.Trainees, e)
	}
	return seed
}
