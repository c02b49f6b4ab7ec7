package service_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

func courseInput() service.CourseInput {
	in := service.NewCourseInput()
	in.Title, in.Organiser = "Tập huấn OCOP năm 2026", "Văn phòng Điều phối NTM tỉnh Sơn La"
	in.CoOrganisers = "Trường Đại học Nông Lâm Thái Nguyên"
	in.StartDate, in.EndDate, in.Capacity, in.Status = "27/09/2026", "29/09/2026", 2, ocop.CourseOpen
	in.Audiences = []string{"producer", "commune_official"}
	return in
}

func TestCourseScopeAndConflict(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc, ctx := newService(db), context.Background()
		sonla := staff(t, db, "taphuan.sonla", ocop.RoleProvince, ocop.ProvinceScope("14"))
		hanoi := staff(t, db, "taphuan.hanoi", ocop.RoleTrainer, ocop.ProvinceScope("01"))
		c, err := svc.CreateCourse(ctx, sonla, courseInput())
		if err != nil {
			t.Fatal(err)
		}
		if c.ProvinceCode != "14" || c.StartDate != "2026-09-27" || c.MinAttendancePct != 80 {
			t.Fatalf("course %+v", c)
		}
		// Another province's manager can neither read nor change it.
		edit := courseInput()
		edit.Title, edit.Version = "Đổi bởi Hà Nội", c.Version
		if _, err := svc.UpdateCourse(ctx, hanoi, c.ID, edit); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội updates Sơn La's course: %v", err)
		}
		if _, err := svc.Course(ctx, hanoi, c.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội reads Sơn La's course: %v", err)
		}
		if _, err := svc.EnrolList(ctx, hanoi, c.ID, []service.TraineeInput{{FullName: "A", UnitName: "B",
			Audience: "producer"}}, ocop.EnrolOrganiser); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội enrols in Sơn La's course: %v", err)
		}
		if err := svc.CancelEnrolment(ctx, hanoi, c.ID, 1); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội cancels in Sơn La's course: %v", err)
		}
		// A producer elsewhere does not see it; a draft is hidden from trainees.
		far := staff(t, db, "chuthe.hanoi", ocop.RoleCommune, ocop.CommuneScope("01", "00577"))
		if _, err := svc.RegisterForCourse(ctx, far, c.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội officer registers in Sơn La: %v", err)
		}
		// A stale version is a conflict and changes nothing.
		edit.Title = "Tên mới"
		if _, err := svc.UpdateCourse(ctx, sonla, c.ID, edit); err != nil {
			t.Fatal(err)
		}
		edit.Title = "Ghi đè"
		if _, err := svc.UpdateCourse(ctx, sonla, c.ID, edit); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}
		got, _ := db.Course(ctx, c.ID)
		if got.Title != "Tên mới" || got.Version != 2 || got.Enrolled != 0 {
			t.Errorf("course after the refused changes: %+v", got)
		}
		if _, err := svc.EnrolList(ctx, sonla, c.ID, []service.TraineeInput{{FullName: "A", UnitName: "B", Audience: "producer"},
			{FullName: "C", UnitName: "D", Audience: "producer"}}, ocop.EnrolOrganiser); err != nil {
			t.Fatal(err)
		}
		smaller := courseInput()
		smaller.Capacity, smaller.Version = 1, 2
		if _, err := svc.UpdateCourse(ctx, sonla, c.ID, smaller); fieldErrors(err)["capacity"] != "err.training_capacity_taken" {
			t.Errorf("capacity below the seats taken: %v", err)
		}
		got, _ = db.Course(ctx, c.ID)
		if got.Capacity != 2 || got.Version != 2 {
			t.Errorf("course after the refused changes: %+v", got)
		}
		// Bad input names the fields.
		bad := courseInput()
		bad.EndDate, bad.Capacity, bad.Audiences = "01/09/2026", 0, []string{"vip"}
		_, err = svc.CreateCourse(ctx, sonla, bad)
		f := fieldErrors(err)
		if f["end_date"] != "err.training_end_before_start" || f["capacity"] != "err.training_capacity" || f["audiences"] != "err.choose" {
			t.Errorf("validation: %v", f)
		}
	})
}

func TestRegistrationWaitlistPromotion(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc, ctx := newService(db), context.Background()
		mgr := staff(t, db, "vp.sonla", ocop.RoleProvince, ocop.ProvinceScope("14"))
		c, err := svc.CreateCourse(ctx, mgr, courseInput())
		if err != nil {
			t.Fatal(err)
		}
		var people []*ocop.User
		for i := range 3 {
			people = append(people, staffWithEmail(t, db, fmt.Sprintf("canbo%d", i), ocop.RoleCommune,
				ocop.CommuneScope("14", "04132"), fmt.Sprintf("cb%d@example.vn", i)))
		}
		var es []*ocop.Enrolment
		for _, u := range people {
			e, err := svc.RegisterForCourse(ctx, u, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			es = append(es, e)
		}
		if es[0].Status != ocop.EnrolEnrolled || es[2].Status != ocop.EnrolWaitlisted || es[2].WaitlistPos != 1 {
			t.Fatalf("statuses %s %s %s", es[0].Status, es[1].Status, es[2].Status)
		}
		if es[0].Audience != ocop.AudienceCommuneOfficial || es[0].UnitName == "" {
			t.Errorf("derived audience and unit: %+v", es[0])
		}
		if _, err := svc.RegisterForCourse(ctx, people[0], c.ID); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("second registration: %v", err)
		}
		if err := svc.CancelRegistration(ctx, people[1], c.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Enrolment(ctx, es[2].ID)
		if got.Status != ocop.EnrolEnrolled {
			t.Fatalf("waitlisted not promoted: %+v", got)
		}
		notes, _, err := db.Notifications(ctx, people[2].ID, 10)
		if err != nil || len(notes) != 2 || !strings.Contains(notes[0].Message, "danh sách chờ") {
			t.Errorf("notifications of the promoted: %+v %v", notes, err)
		}
		mails, err := db.Outbox(ctx, store.MailFilter{Scope: ocop.Country})
		if err != nil || !mailTo(mails, "cb2@example.vn", "Đã có chỗ") {
			t.Errorf("no promotion e-mail to cb2: %v", err)
		}
		// The reminder goes out the day before, to those with a seat, once.
		eve := time.Date(2026, 9, 26, 8, 0, 0, 0, time.UTC)
		n, err := svc.RunReminders(ctx, eve)
		if err != nil || n != 1 {
			t.Fatalf("reminders: %d %v", n, err)
		}
		if n, _ := svc.RunReminders(ctx, eve); n != 0 {
			t.Errorf("reminder sent again: %d", n)
		}
		notes, _, _ = db.Notifications(ctx, people[0].ID, 10)
		if len(notes) != 2 || !strings.Contains(notes[0].Message, "ngày mai") {
			t.Errorf("reminder to the trainee: %+v", notes)
		}
		if notes, _, _ := db.Notifications(ctx, people[1].ID, 10); len(notes) != 1 {
			t.Errorf("the one who cancelled got %d notifications", len(notes))
		}
	})
}

func mailTo(mails []store.Mail, to, subject string) bool {
	for _, m := range mails {
		if m.Address == to && strings.Contains(m.Subject, subject) {
			return true
		}
	}
	return false
}

// Two people take the last seat at once through the service: exactly one
// gets it, the other waits first in line.
func TestRegistrationRace(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc, ctx := newService(db), context.Background()
		mgr := staff(t, db, "vp.race", ocop.RoleProvince, ocop.ProvinceScope("14"))
		in := courseInput()
		in.Capacity = 1
		c, err := svc.CreateCourse(ctx, mgr, in)
		if err != nil {
			t.Fatal(err)
		}
		a := staff(t, db, "nguoi.a", ocop.RoleCommune, ocop.CommuneScope("14", "04132"))
		b := staff(t, db, "nguoi.b", ocop.RoleCommune, ocop.CommuneScope("14", "04132"))
		var wg sync.WaitGroup
		got := make([]*ocop.Enrolment, 2)
		errs := make([]error, 2)
		for i, u := range []*ocop.User{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i], errs[i] = svc.RegisterForCourse(ctx, u, c.ID)
			}()
		}
		wg.Wait()
		if errs[0] != nil || errs[1] != nil {
			t.Fatal(errs)
		}
		statuses := got[0].Status + "," + got[1].Status
		if statuses != "enrolled,waitlisted" && statuses != "waitlisted,enrolled" {
			t.Fatalf("statuses %s", statuses)
		}
		cur, _ := db.Course(ctx, c.ID)
		if cur.Enrolled != 1 || cur.Waitlisted != 1 {
			t.Fatalf("counts %d/%d", cur.Enrolled, cur.Waitlisted)
		}
	})
}

func TestImportEnrolmentList(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc, ctx := newService(db), context.Background()
		mgr := staff(t, db, "vp.import", ocop.RoleProvince, ocop.ProvinceScope("14"))
		in := courseInput()
		in.Capacity = 60
		c, err := svc.CreateCourse(ctx, mgr, in)
		if err != nil {
			t.Fatal(err)
		}
		list, res, err := svc.ImportPreview(ctx, mgr, c.ID, bytes.NewReader(testutil.Workbook(t, testutil.TraineeRows)))
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 5 {
			t.Fatalf("%d rows read: %+v", len(list), list)
		}
		bad := map[int]string{}
		for _, r := range res {
			for _, e := range r.Errors {
				bad[r.Row] += e.Field + ":" + e.Message + ";"
			}
		}
		if len(bad) != 3 || !strings.Contains(bad[4], "full_name:Họ và tên") || !strings.Contains(bad[5], "audience") ||
			!strings.Contains(bad[7], "phone") || !strings.Contains(bad[7], "email") {
			t.Fatalf("row errors: %v", bad)
		}
		if cur, _ := db.Course(ctx, c.ID); cur.Enrolled != 0 {
			t.Fatal("the preview enrolled people")
		}
		res, err = svc.EnrolList(ctx, mgr, c.ID, list, ocop.EnrolImport)
		if err != nil {
			t.Fatal(err)
		}
		es, _ := db.Enrolments(ctx, c.ID)
		if len(es) != 2 || es[0].FullName != "Lò Văn Minh" || es[0].Phone != "0912345678" ||
			es[0].Audience != ocop.AudienceCommuneOfficial || es[1].Audience != ocop.AudienceConsultant ||
			es[0].UserID != 0 || es[0].Source != ocop.EnrolImport {
			t.Fatalf("enrolled %+v", es)
		}
		// Not a workbook, or one without the header row.
		if _, _, err := svc.ImportPreview(ctx, mgr, c.ID, strings.NewReader("Họ và tên;Đơn vị")); fieldErrors(err)["file"] != "err.training_import_file" {
			t.Errorf("not a workbook: %v", err)
		}
		var tmpl bytes.Buffer
		if err := service.WriteImportTemplate(&tmpl); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.ImportPreview(ctx, mgr, c.ID, bytes.NewReader(tmpl.Bytes())); err != nil {
			t.Errorf("the template itself does not import: %v", err)
		}
	})
}

func TestTopicsMaterialsQuestions(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc, ctx := newService(db), context.Background()
		sonla := staff(t, db, "gv.sonla", ocop.RoleTrainer, ocop.ProvinceScope("14"))
		hanoi := staff(t, db, "gv.hanoi", ocop.RoleProvince, ocop.ProvinceScope("01"))
		producer := staff(t, db, "nguoi.hoc", ocop.RoleCommune, ocop.CommuneScope("14", "04132"))
		q, err := svc.AddTopicQuestion(ctx, sonla, "evaluation", service.QuestionInput{Body: "Sản phẩm 5 sao do ai công nhận?",
			Options: []string{"UBND xã", "UBND tỉnh", "Bộ Nông nghiệp và Môi trường", ""}, Correct: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(q.Options) != 3 {
			t.Errorf("empty option kept: %v", q.Options)
		}
		_, err = svc.AddTopicQuestion(ctx, sonla, "evaluation", service.QuestionInput{Body: "?", Options: []string{"Một"}, Correct: 0})
		if fieldErrors(err)["options"] != "err.training_options" {
			t.Errorf("one option: %v", err)
		}
		if err := svc.DeleteTopicQuestion(ctx, hanoi, "evaluation", q.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội deletes Sơn La's question: %v", err)
		}
		if _, err := svc.AddTopicMaterial(ctx, sonla, "evaluation", service.MaterialInput{Title: "Bộ tiêu chí",
			URL: "javascript:alert(1)"}, nil); fieldErrors(err)["url"] != "err.training_url" {
			t.Errorf("bad link: %v", err)
		}
		if _, err := svc.AddTopicMaterial(ctx, sonla, "evaluation", service.MaterialInput{Title: "Bộ tiêu chí",
			URL: "https://example.vn/bo-tieu-chi.pdf"}, nil); err != nil {
			t.Fatal(err)
		}
		v, err := svc.TrainingTopic(ctx, producer, "evaluation")
		if err != nil || len(v.Materials) != 1 || v.Questions != nil {
			t.Errorf("trainee's topic view: %+v %v", v, err)
		}
		if _, err := svc.AddTopicQuestion(ctx, producer, "evaluation", service.QuestionInput{}); ocop.ErrorCode(err) != ocop.EFORBIDDEN {
			t.Errorf("trainee adds a question: %v", err)
		}
		v, _ = svc.TrainingTopic(ctx, hanoi, "evaluation")
		if len(v.Questions) != 1 {
			t.Errorf("managers read the whole bank: %+v", v.Questions)
		}
	})
}

func TestPlanProgressAndBuildCourse(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc, ctx := newService(db), context.Background()
		mgr := staff(t, db, "vp.plan", ocop.RoleProvince, ocop.ProvinceScope("14"))
		if _, err := svc.SaveTrainingPlan(ctx, mgr, service.PlanInput{Province: "01", Year: 2022}); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Sơn La sets Hà Nội's plan: %v", err)
		}
		p, err := svc.SaveTrainingPlan(ctx, mgr, service.PlanInput{Year: 2022, TargetCourses: 2,
			Targets: map[ocop.Audience]int{ocop.AudienceProducer: 40, ocop.AudienceCommuneOfficial: 20}})
		if err != nil || p.ProvinceCode != "14" {
			t.Fatalf("plan %+v %v", p, err)
		}
		if _, err := svc.SaveTrainingPlan(ctx, mgr, service.PlanInput{Year: 2022}); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("plan saved over without the version: %v", err)
		}
		// The Sơn La course of 27–29/9/2022, built by code as the demo does.
		seed := service.CourseSeed{Course: &ocop.Course{ProvinceCode: "14", Title: "Tập huấn kiến thức OCOP",
			Organiser: "Văn phòng Điều phối NTM tỉnh Sơn La", Type: ocop.CourseClassroom, StartDate: "2022-09-27",
			EndDate: "2022-09-29", Capacity: 60, Audiences: []ocop.Audience{ocop.AudienceProducer}, Status: ocop.CourseFinished},
			Lecturers: []*ocop.Lecturer{{FullName: "Nguyễn Văn A", Title: "TS.", Organisation: "Trường Đại học Nông Lâm Thái Nguyên"}}}
		seed.Sessions = []service.SeedSession{{Session: &ocop.CourseSession{Date: "2022-09-27", StartTime: "08:00",
			EndTime: "11:00", TopicCode: "ocop_programme"}, Lecturer: 0}}
		for i := range 60 {
			a := ocop.AudienceProducer
			if i < 20 {
				a = ocop.AudienceCommuneOfficial
			}
			seed.Trainees = append(seed.Trainees, &ocop.Enrolment{FullName: fmt.Sprintf("Học viên %d", i+1),
				UnitName: fmt.Sprintf("Đơn vị %d", i%12+1), Audience: a})
		}
		if err := svc.BuildCourse(ctx, ocop.System, seed); err != nil {
			t.Fatal(err)
		}
		v, err := svc.TrainingPlan(ctx, mgr, "", 2022)
		if err != nil {
			t.Fatal(err)
		}
		pr := v.Progress
		if v.Plan == nil || pr.CoursesPlanned != 1 || pr.CoursesHeld != 1 || pr.TraineesTotal != 60 ||
			pr.Trainees[ocop.AudienceCommuneOfficial] != 20 {
			t.Errorf("progress %+v", pr)
		}
		ss, _ := db.CourseSessions(ctx, seed.Course.ID)
		if len(ss) != 1 || ss[0].LecturerID != seed.Lecturers[0].ID {
			t.Errorf("sessions %+v", ss)
		}
	})
}
