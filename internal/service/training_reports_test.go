package service_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

func near(p *float64, want float64) bool { return p != nil && math.Abs(*p-want) < 0.01 }

// The reports' numbers against testutil.ReportCourse, worked out by hand
// there; scope: Hà Nội's manager does not find Sơn La's, a trainee may not.
func TestTrainingReports(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		rc := testutil.NewReportCourse(t, db)
		office := staff(t, db, "taphuan.sonla", ocop.RoleProvince, ocop.ProvinceScope("14"))
		// A practice account on the course (it would wait) is never
		// counted, nor the feedback form it left.
		practice := staff(t, db, "thuchanh", ocop.RoleCommune, ocop.CommuneScope("T9", "T9X1"))
		if err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
			e := &ocop.Enrolment{UserID: practice.ID, FullName: "Thực hành", Audience: ocop.AudienceOther, Source: ocop.EnrolSelf}
			if err := tx.Enrol(ctx, rc.Course, e); err != nil {
				return err
			}
			return tx.AddFeedback(ctx, rc.Course, &ocop.CourseFeedback{EnrolmentID: e.ID, Ratings: map[string]int{
				"content": 1, "lecturers": 1, "organisation": 1, "usefulness": 1}})
		}); err != nil {
			t.Fatal(err)
		}
		r, err := svc.CourseReport(ctx, office, rc.Course.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r.Enrolled != 3 || r.Waitlisted != 1 || r.Cancelled != 1 || len(r.Units) != 2 || r.Units[0].Label != "UBND xã A" ||
			r.Units[0].Count != 2 || r.Topics != 2 {
			t.Errorf("trainees: %+v", r)
		}
		if len(r.Audiences) != 2 || r.Audiences[0].Label != "commune_official" || r.Audiences[1].Count != 2 {
			t.Errorf("audiences: %+v", r.Audiences)
		}
		if r.PresentMarks != 4 || !near(r.AttendanceRate, 200.0/3) || r.Sessions[0].Present != 2 || !near(r.Sessions[1].Rate, 200.0/3) {
			t.Errorf("attendance: %d %v", r.PresentMarks, r.AttendanceRate)
		}
		if r.PreTaken != 2 || r.PostTaken != 3 || !near(r.PreAvg, 50) || !near(r.PostAvg, 80) || !near(r.AvgImprovement, 25) {
			t.Errorf("tests: %d %d %v %v %v", r.PreTaken, r.PostTaken, r.PreAvg, r.PostAvg, r.AvgImprovement)
		}
		if r.Feedback.Count != 2 || math.Abs(r.Feedback.Averages["content"]-4.5) > 0.001 || r.Certificates != 1 {
			t.Errorf("feedback %+v, certificates %d", r.Feedback, r.Certificates)
		}

		y, err := svc.TrainingYearReport(ctx, office, "", 2022)
		if err != nil {
			t.Fatal(err)
		}
		if len(y.Courses) != 1 || y.Trainees != 3 || !near(y.AttendanceRate, 200.0/3) || !near(y.AvgImprovement, 25) ||
			y.Certificates != 1 || y.Audiences[1].Label != "producer" || y.Audiences[1].Count != 2 {
			t.Errorf("year: %+v", y)
		}
		if y.Plan == nil || y.Plan.Plan.TargetCourses != 2 || y.Plan.Progress.TraineesTotal != y.Trainees {
			t.Errorf("plan: %+v", y.Plan)
		}
		ministry := staff(t, db, "bo", ocop.RoleMinistry, ocop.Country)
		all, err := svc.TrainingYearReport(ctx, ministry, "", 2022)
		if err != nil || len(all.Courses) != 2 || all.Trainees != 4 || all.Plan != nil {
			t.Errorf("all provinces (no sandbox): %+v %v", all, err)
		}
		if one, err := svc.TrainingYearReport(ctx, ministry, "14", 2022); err != nil || one.Trainees != 3 || one.Plan == nil {
			t.Errorf("ministry picks Sơn La: %+v %v", one, err)
		}
		if _, err := svc.TrainingYearReport(ctx, ministry, "T01", 2022); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("sandbox province: %v", err)
		}

		hanoi := staff(t, db, "taphuan.hanoi", ocop.RoleProvince, ocop.ProvinceScope("01"))
		if _, err := svc.CourseReport(ctx, hanoi, rc.Course.ID); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội reads Sơn La's course: %v", err)
		}
		if _, err := svc.TrainingYearReport(ctx, hanoi, "14", 2022); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("Hà Nội reads Sơn La's year: %v", err)
		}
		trainee := staff(t, db, "hocvien", ocop.RoleCommune, ocop.CommuneScope("14", "04132"))
		if _, err := svc.CourseReport(ctx, trainee, rc.Course.ID); ocop.ErrorCode(err) != ocop.EFORBIDDEN {
			t.Errorf("trainee reads the report: %v", err)
		}
		if _, err := svc.TrainingYearReport(ctx, trainee, "", 2022); ocop.ErrorCode(err) != ocop.EFORBIDDEN {
			t.Errorf("trainee reads the year: %v", err)
		}
	})
}

// Units in the course report come in Vietnamese order when their counts
// tie: "Đ" after "D", "Ư" after "U".
func TestTrainingReportVietnameseOrder(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		c := testutil.NewCollationCourse(t, db)
		office := staff(t, db, "taphuan.sonla", ocop.RoleProvince, ocop.ProvinceScope("14"))
		r, err := svc.CourseReport(context.Background(), office, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, u := range r.Units {
			got = append(got, u.Label)
		}
		if !slices.Equal(got, testutil.CollationUnits) {
			t.Errorf("units:\n got %q\nwant %q", got, testutil.CollationUnits)
		}
	})
}
