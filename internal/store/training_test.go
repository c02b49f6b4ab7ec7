package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

func update(t *testing.T, db *store.DB, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := db.Update(context.Background(), ocop.System, fn); err != nil {
		t.Fatal(err)
	}
}

func newCourse(t *testing.T, db *store.DB, province string, capacity int) *ocop.Course {
	t.Helper()
	c := &ocop.Course{ProvinceCode: province, Title: "Tập huấn OCOP", Organiser: "Văn phòng Điều phối NTM tỉnh Sơn La",
		Type: ocop.CourseClassroom, StartDate: "2022-09-27", EndDate: "2022-09-29", Capacity: capacity,
		Audiences: []ocop.Audience{ocop.AudienceProducer, ocop.AudienceCommuneOfficial}, Status: ocop.CourseOpen,
		MinAttendancePct: 80, MinPostTestPct: 50}
	update(t, db, func(tx *store.Tx) error { return tx.CreateCourse(context.Background(), c) })
	return c
}

func trainee(name string) *ocop.Enrolment {
	return &ocop.Enrolment{FullName: name, UnitName: "UBND xã Chiềng Cơi", Audience: ocop.AudienceProducer,
		Source: ocop.EnrolOrganiser}
}

func TestTrainingCatalogueAndCourse(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		topics, err := db.TrainingTopics(ctx)
		if err != nil || len(topics) != 12 || topics[0].Code != "ocop_programme" || topics[9].Code != "digital" {
			t.Fatalf("topics: %d %v", len(topics), err)
		}
		q := &ocop.TopicQuestion{TopicCode: "evaluation", Body: "Sản phẩm OCOP 5 sao do cấp nào đánh giá?",
			Options: []string{"Cấp xã", "Cấp tỉnh", "Cấp Trung ương"}, Correct: 2, ProvinceCode: "14"}
		m := &ocop.TopicMaterial{TopicCode: "evaluation", Kind: ocop.MaterialLink, Title: "Bộ tiêu chí",
			URL: "https://example.vn/bo-tieu-chi"}
		update(t, db, func(tx *store.Tx) error {
			if err := tx.AddTopicMaterial(ctx, m); err != nil {
				return err
			}
			return tx.AddTopicQuestion(ctx, q)
		})
		qs, err := db.TopicQuestions(ctx, "evaluation")
		if err != nil || len(qs) != 1 || qs[0].Options[2] != "Cấp Trung ương" || qs[0].Correct != 2 {
			t.Fatalf("questions: %+v %v", qs, err)
		}
		ms, err := db.TopicMaterials(ctx, "evaluation")
		if err != nil || len(ms) != 1 || ms[0].URL != m.URL {
			t.Fatalf("materials: %+v %v", ms, err)
		}

		c := newCourse(t, db, "14", 60)
		l := &ocop.Lecturer{FullName: "Nguyễn Văn A", Title: "TS.", Organisation: "Trường Đại học Nông Lâm Thái Nguyên",
			ProvinceCode: "14"}
		s := &ocop.CourseSession{Date: "2022-09-27", StartTime: "08:00", EndTime: "11:30", TopicCode: "ocop_programme",
			Place: "Hội trường"}
		update(t, db, func(tx *store.Tx) error {
			if err := tx.AddLecturer(ctx, l); err != nil {
				return err
			}
			s.LecturerID = l.ID
			return tx.AddCourseSession(ctx, c, s)
		})
		ss, err := db.CourseSessions(ctx, c.ID)
		if err != nil || len(ss) != 1 || ss[0].Lecturer != "TS. Nguyễn Văn A (Trường Đại học Nông Lâm Thái Nguyên)" ||
			ss[0].TopicTitle == "" {
			t.Fatalf("sessions: %+v %v", ss, err)
		}

		// A stale version is a conflict and changes nothing.
		edit := *c
		edit.Title = "Đổi tên"
		update(t, db, func(tx *store.Tx) error { return tx.UpdateCourse(ctx, c, &edit) })
		stale := edit
		stale.Title = "Ghi đè"
		err = db.Update(ctx, ocop.System, func(tx *store.Tx) error { return tx.UpdateCourse(ctx, c, &stale) })
		if ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Fatalf("stale update: %v", err)
		}
		got, _ := db.Course(ctx, c.ID)
		if got.Title != "Đổi tên" || got.Version != 2 {
			t.Fatalf("course after stale update: %+v", got)
		}
		other := newCourse(t, db, "11", 10)
		list, err := db.Courses(ctx, store.CourseFilter{Provinces: []string{"14", ""}, Year: 2022})
		if err != nil || len(list) != 1 || list[0].ID != c.ID {
			t.Fatalf("province 14 sees %v (other %d), %v", list, other.ID, err)
		}
	})
}

func TestEnrolWaitlistPromotion(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newCourse(t, db, "14", 2)
		var es []*ocop.Enrolment
		for i := range 4 {
			e := trainee(fmt.Sprintf("Học viên %d", i+1))
			update(t, db, func(tx *store.Tx) error { return tx.Enrol(ctx, c, e) })
			es = append(es, e)
		}
		want := []struct {
			status string
			pos    int
		}{{"enrolled", 0}, {"enrolled", 0}, {"waitlisted", 1}, {"waitlisted", 2}}
		for i, w := range want {
			if es[i].Status != w.status || es[i].WaitlistPos != w.pos {
				t.Fatalf("enrolment %d: %s %d, want %+v", i, es[i].Status, es[i].WaitlistPos, w)
			}
		}
		var promoted []*ocop.Enrolment
		update(t, db, func(tx *store.Tx) (err error) {
			promoted, err = tx.CancelEnrolment(ctx, c, es[0])
			return err
		})
		if len(promoted) != 1 || promoted[0].ID != es[2].ID {
			t.Fatalf("promoted %+v", promoted)
		}
		got, _ := db.Enrolment(ctx, es[3].ID)
		if got.Status != ocop.EnrolWaitlisted || got.WaitlistPos != 1 {
			t.Fatalf("last waitlisted now %s %d", got.Status, got.WaitlistPos)
		}
		cur, _ := db.Course(ctx, c.ID)
		if cur.Enrolled != 2 || cur.Waitlisted != 1 {
			t.Fatalf("counts %d/%d", cur.Enrolled, cur.Waitlisted)
		}
		// Cancelling twice is a conflict, nothing moves.
		err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
			_, err := tx.CancelEnrolment(ctx, c, es[0])
			return err
		})
		if ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Fatalf("second cancel: %v", err)
		}
	})
}

// Many people take the last seats at once: exactly capacity get seats,
// the others queue with distinct positions 1..n.
func TestEnrolRaceForLastSeat(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c := newCourse(t, db, "14", 3)
		const n = 8
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				e := trainee(fmt.Sprintf("Người %d", i))
				errs <- db.Update(ctx, ocop.System, func(tx *store.Tx) error { return tx.Enrol(ctx, c, e) })
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		es, err := db.Enrolments(ctx, c.ID)
		if err != nil || len(es) != n {
			t.Fatalf("%d enrolments, %v", len(es), err)
		}
		seated, pos := 0, map[int]bool{}
		for _, e := range es {
			if e.Status == ocop.EnrolEnrolled {
				seated++
			} else {
				pos[e.WaitlistPos] = true
			}
		}
		if seated != 3 || len(pos) != n-3 || !pos[1] || !pos[n-3] {
			t.Fatalf("seated %d, waitlist positions %v", seated, pos)
		}
	})
}

func TestTrainingPlanProgress(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		p := &ocop.TrainingPlan{ProvinceCode: "14", Year: 2022, TargetCourses: 2,
			Targets: map[ocop.Audience]int{ocop.AudienceProducer: 40, ocop.AudienceCommuneOfficial: 20}}
		update(t, db, func(tx *store.Tx) error { return tx.SaveTrainingPlan(ctx, nil, p) })
		got, err := db.TrainingPlan(ctx, "14", 2022)
		if err != nil || got.Targets[ocop.AudienceProducer] != 40 || got.Version != 1 {
			t.Fatalf("plan %+v %v", got, err)
		}
		next := *got
		next.TargetCourses = 3
		update(t, db, func(tx *store.Tx) error { return tx.SaveTrainingPlan(ctx, got, &next) })
		if err := db.Update(ctx, ocop.System, func(tx *store.Tx) error { return tx.SaveTrainingPlan(ctx, got, &next) }); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Fatalf("stale plan save: %v", err)
		}
		c := newCourse(t, db, "14", 5)
		update(t, db, func(tx *store.Tx) error {
			for _, a := range []ocop.Audience{ocop.AudienceProducer, ocop.AudienceProducer, ocop.AudienceCommuneOfficial} {
				e := trainee("x")
				e.Audience = a
				if err := tx.Enrol(ctx, c, e); err != nil {
					return err
				}
			}
			return nil
		})
		pr, err := db.TrainingProgress(ctx, "14", 2022)
		if err != nil || pr.CoursesPlanned != 1 || pr.CoursesHeld != 0 || pr.Trainees[ocop.AudienceProducer] != 2 ||
			pr.TraineesTotal != 3 {
			t.Fatalf("progress %+v %v", pr, err)
		}
	})
}
