package e2e

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

// The organiser's attendance screen counts down and, when the window
// ends, swaps in the next QR code by itself together with the check-in
// progress — under the page's Content-Security-Policy (script errors fail
// the tab). The server's clock is the test's.
func TestAttendanceScreenRefreshes(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx := t.Context()
	const window = 40_000_000 // a code window; its codes live 45 s
	var clock atomic.Int64
	clock.Store(window*45 + 43) // two seconds before the next code
	a.svc.DB.Now = func() time.Time { return time.Unix(clock.Load(), 0) }

	office, _, err := a.svc.DB.UserCredentials(ctx, "vanphong.sonla")
	if err != nil {
		t.Fatal(err)
	}
	trainee, _, err := a.svc.DB.UserCredentials(ctx, "canbo.chiengmai")
	if err != nil {
		t.Fatal(err)
	}
	seed := service.CourseSeed{Course: &ocop.Course{ProvinceCode: "14", Title: "Chuyển đổi số trong OCOP", Organiser: "VP NTM",
		Type: ocop.CourseClassroom, StartDate: "2026-09-27", EndDate: "2026-09-27", Capacity: 10,
		Audiences: []ocop.Audience{ocop.AudienceCommuneOfficial}},
		Sessions: []service.SeedSession{{Session: &ocop.CourseSession{Date: "2026-09-27", StartTime: "08:00", EndTime: "11:00",
			TopicCode: "digital"}, Lecturer: -1}},
		Trainees: []*ocop.Enrolment{{UserID: trainee.ID, FullName: trainee.FullName, UnitName: "UBND xã Chiềng Mai",
			Audience: ocop.AudienceCommuneOfficial, Source: ocop.EnrolOrganiser}}}
	if err := a.svc.BuildCourse(ctx, ocop.System, seed); err != nil {
		t.Fatal(err)
	}
	session := seed.Sessions[0].Session.ID

	b := newTab(t, a)
	if st := b.login("vanphong.sonla", demo.Password); st != 200 {
		t.Fatalf("login: %d%s", st, b.where())
	}
	if st := b.open(fmt.Sprintf("/diem-danh/buoi/%d", session)); st != 200 {
		t.Fatalf("screen: %d%s", st, b.where())
	}
	var first string
	b.eval(`document.getElementById('attendance-qr').src`, &first)
	if got := b.text("#attendance-progress"); got != "0/1 học viên đã điểm danh" {
		t.Errorf("progress %q", got)
	}

	// The next window: the trainee checks in with its code.
	clock.Store((window+1)*45 + 1)
	code, err := a.svc.CurrentAttendanceCode(ctx, office, session)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.svc.CheckInWithCode(ctx, trainee, code.Code); err != nil {
		t.Fatal(err)
	}
	var ok bool
	err = chromedp.Run(b.ctx, chromedp.Poll(fmt.Sprintf(`document.getElementById('attendance-qr').src !== %s &&
		document.getElementById('attendance-progress').textContent === '1/1 học viên đã điểm danh' &&
		parseInt(document.getElementById('attendance-countdown').textContent, 10) > 30`, jsString(first)),
		&ok, chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil || !ok {
		t.Fatalf("the screen did not refresh: progress %q, countdown %q%s", b.text("#attendance-progress"),
			b.text("#attendance-countdown"), b.where())
	}
}
