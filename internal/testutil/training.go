package testutil

import (
	"bytes"
	"context"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/xuri/excelize/v2"
)

// ReportCourse is Sơn La's (14) course of 2022 that the report tests check
// by hand: capacity 3; enrolled A (UBND xã A, commune official), B (UBND
// xã A, producer), C (HTX B, producer); D waitlisted; E cancelled. Two
// sessions (brand, marketing): A present at both, B at the first, C at
// the second (absent mark at the first) — 4 of 6 marks, 66.7 %. Pre-test
// A 40, B 60; post-test A 80, B 70, C 90 — averages 50 and 80, improvement
// (40 + 10) / 2 = 25. Feedback A all 5, B all 4. Certificates: A valid, C
// revoked. Also: a cancelled course in 14, a course of Hà Nội (01) with one
// trainee, a course of a sandbox province and a 2023 course — none of
// which Sơn La's 2022 report counts. Plan 14/2022: 2 courses, 5 producers.
type ReportCourse struct {
	Course     *ocop.Course
	A, B, C, D *ocop.Enrolment
}

// NewReportCourse stores the fixture.
func NewReportCourse(t testing.TB, db *store.DB) ReportCourse {
	t.Helper()
	ctx := context.Background()
	course := func(province, title, start string, capacity int) *ocop.Course {
		return &ocop.Course{ProvinceCode: province, Title: title, Organiser: "Văn phòng Điều phối NTM",
			Type: ocop.CourseClassroom, StartDate: start, EndDate: start[:8] + "29", Capacity: capacity,
			Status: ocop.CourseFinished, Audiences: []ocop.Audience{ocop.AudienceProducer}, MinAttendancePct: 80,
			MinPostTestPct: 50}
	}
	rc := ReportCourse{Course: course("14", "Tập huấn OCOP 2022", "2022-09-27", 3)}
	enrol := func(name, unit string, a ocop.Audience) *ocop.Enrolment {
		return &ocop.Enrolment{FullName: name, UnitName: unit, Audience: a, Source: ocop.EnrolOrganiser}
	}
	rc.A, rc.B = enrol("Lò Văn A", "UBND xã A", ocop.AudienceCommuneOfficial), enrol("Cầm Thị B", "UBND xã A", ocop.AudienceProducer)
	rc.C, rc.D = enrol("Quàng Văn C", "HTX B", ocop.AudienceProducer), enrol("Hà Thị D", "HTX B", ocop.AudienceProducer)
	e := enrol("Tòng Văn E", "HTX B", ocop.AudienceProducer)
	err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
		c := rc.Course
		if err := tx.CreateCourse(ctx, c); err != nil {
			return err
		}
		for _, en := range []*ocop.Enrolment{rc.A, rc.B, rc.C, rc.D, e} {
			if err := tx.Enrol(ctx, c, en); err != nil {
				return err
			}
		}
		if _, err := tx.CancelEnrolment(ctx, c, e); err != nil {
			return err
		}
		var sessions []*ocop.CourseSession
		for _, topic := range []string{"brand", "marketing"} {
			se := &ocop.CourseSession{Date: "2022-09-27", StartTime: "08:00", EndTime: "11:00", TopicCode: topic}
			if topic == "marketing" {
				se.StartTime, se.EndTime = "13:30", "16:30"
			}
			if err := tx.AddCourseSession(ctx, c, se); err != nil {
				return err
			}
			sessions = append(sessions, se)
		}
		marks := []struct {
			s       int
			e       *ocop.Enrolment
			present bool
		}{{0, rc.A, true}, {0, rc.B, true}, {0, rc.C, false}, {1, rc.A, true}, {1, rc.C, true}}
		for _, m := range marks {
			if _, err := tx.MarkAttendance(ctx, c, &ocop.Attendance{SessionID: sessions[m.s].ID, EnrolmentID: m.e.ID,
				Present: m.present, Method: ocop.AttendManual, Reason: "Danh sách ký"}); err != nil {
				return err
			}
		}
		scores := map[string]map[*ocop.Enrolment]int{ocop.TestPre: {rc.A: 40, rc.B: 60},
			ocop.TestPost: {rc.A: 80, rc.B: 70, rc.C: 90}}
		for _, kind := range ocop.TestKinds {
			test := &ocop.CourseTest{Kind: kind, Status: ocop.TestClosed, Questions: []ocop.TestQuestion{
				{TopicCode: "brand", Body: "?", Options: []string{"a", "b"}, Correct: 1}}}
			if err := tx.SaveCourseTest(ctx, c, nil, test); err != nil {
				return err
			}
			for en, score := range scores[kind] {
				if err := tx.AddTestResult(ctx, c, &ocop.TestResult{TestID: test.ID, Kind: kind, EnrolmentID: en.ID,
					Correct: score, Total: 100, Paper: true}); err != nil {
					return err
				}
			}
		}
		for en, r := range map[*ocop.Enrolment]int{rc.A: 5, rc.B: 4} {
			if err := tx.AddFeedback(ctx, c, &ocop.CourseFeedback{EnrolmentID: en.ID, Ratings: map[string]int{
				"content": r, "lecturers": r, "organisation": r, "usefulness": r}}); err != nil {
				return err
			}
		}
		for i, en := range []*ocop.Enrolment{rc.A, rc.C} {
			ct := &ocop.TrainingCertificate{CourseID: c.ID, EnrolmentID: en.ID, Code: "TEST-" + en.FullName,
				FullName: en.FullName, CourseTitle: c.Title, Organiser: c.Organiser, StartDate: c.StartDate,
				EndDate: c.EndDate, ProvinceCode: c.ProvinceCode}
			if err := tx.IssueTrainingCertificate(ctx, ct); err != nil {
				return err
			}
			if i == 1 {
				if err := tx.RevokeTrainingCertificate(ctx, ct, "Cấp nhầm"); err != nil {
					return err
				}
			}
		}
		cancelled := course("14", "Lớp đã hủy", "2022-10-27", 5)
		cancelled.Status = ocop.CourseCancelled
		for _, other := range []*ocop.Course{cancelled, course("01", "Tập huấn Hà Nội", "2022-05-27", 5),
			course("T01", "Lớp thực hành", "2022-06-27", 5), course("14", "Tập huấn 2023", "2023-04-27", 5)} {
			if err := tx.CreateCourse(ctx, other); err != nil {
				return err
			}
			if err := tx.Enrol(ctx, other, enrol("Học viên khác", "Đơn vị khác", ocop.AudienceOther)); err != nil {
				return err
			}
		}
		return tx.SaveTrainingPlan(ctx, nil, &ocop.TrainingPlan{ProvinceCode: "14", Year: 2022, TargetCourses: 2,
			Targets: map[ocop.Audience]int{ocop.AudienceProducer: 5}})
	})
	if err != nil {
		t.Fatal(err)
	}
	return rc
}

// Sheets reads every worksheet of a workbook as text, by sheet name.
func Sheets(t testing.TB, data []byte) map[string][][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, name := range f.GetSheetList() {
		if out[name], err = f.GetRows(name); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// CollationUnits are the units of NewCollationCourse, one trainee each,
// in Vietnamese order — byte order puts "Eo Gió", "Uyên Hưng" and "Vân
// Hồ" before "Đồng Tâm" and "Ưng Hòe".
var CollationUnits = []string{"Xã Dương Liễu", "Xã Đồng Tâm", "Xã Eo Gió", "Xã Uyên Hưng", "Xã Ưng Hòe", "Xã Vân Hồ"}

// NewCollationCourse stores a Sơn La (14) course of 2022 whose trainees
// come from CollationUnits, stored in reverse order.
func NewCollationCourse(t testing.TB, db *store.DB) *ocop.Course {
	t.Helper()
	ctx := context.Background()
	c := &ocop.Course{ProvinceCode: "14", Title: "Xếp thứ tự tiếng Việt", Organiser: "Văn phòng Điều phối NTM",
		Type: ocop.CourseClassroom, StartDate: "2022-10-10", EndDate: "2022-10-10", Capacity: 10,
		Status: ocop.CourseFinished, Audiences: []ocop.Audience{ocop.AudienceProducer}}
	if err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
		if err := tx.CreateCourse(ctx, c); err != nil {
			return err
		}
		for i := len(CollationUnits) - 1; i >= 0; i-- {
			if err := tx.Enrol(ctx, c, &ocop.Enrolment{FullName: "Học viên", UnitName: CollationUnits[i],
				Audience: ocop.AudienceProducer, Source: ocop.EnrolOrganiser}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return c
}
