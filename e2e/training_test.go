package e2e

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/ocopvn/ocop/internal/demo"
)

// Issue 6 in the browser: the province office creates a course (a bad
// date is refused next to its field, keeping what was typed), adds a
// session and opens registration; a producer registers from the course
// page; the office opens the session's attendance screen with its QR code;
// the producer opens the check-in address the screen's code stands for and
// is checked in; the office sees one present.
func TestTrainingCourseInBrowser(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	office := newTab(t, a)
	office.mustLogin("vanphong.sonla", demo.Password, "Hoàng Văn Nam")
	course := createCourse(t, office)

	// A session, then registration opens.
	if st := office.open(course); st != 200 {
		t.Fatalf("course page: %d%s", st, office.where())
	}
	office.typeInto("#f-session_date", "15/12/2026")
	office.eval(`document.getElementById('f-start_time').value = '08:00';
		document.getElementById('f-end_time').value = '11:30'; true`, new(bool))
	office.choose("#f-topic_code", "brand")
	if st := office.click(`form[action$="/buoi"] button[type=submit]`); st != 200 {
		t.Fatalf("add session: %d%s", st, office.where())
	}
	var screen string
	office.eval(`(document.querySelector('a[href^="/diem-danh/buoi/"]') || {}).getAttribute?.('href') || ''`, &screen)
	if screen == "" || !strings.Contains(office.text("main"), "15/12/2026") {
		t.Fatalf("no session on the course page: %q%s", office.text("main"), office.where())
	}
	if st := office.open(course + "/sua"); st != 200 {
		t.Fatalf("edit form: %d%s", st, office.where())
	}
	office.choose("#f-status", "open")
	if st := office.click(`main form button[type=submit]`); st != 200 {
		t.Fatalf("open registration: %d%s", st, office.where())
	}
	if got := office.text("dl.facts .badge"); got != "Đang nhận đăng ký" {
		t.Errorf("the course's status: %q%s", got, office.where())
	}

	// The producer registers from the course page.
	producer := newTab(t, a)
	producer.mustLogin("chuthe.caphe", demo.Password, "Lò Văn Thắng")
	if st := producer.open(course); st != 200 {
		t.Fatalf("course page as the producer: %d%s", st, producer.where())
	}
	if st := producer.click(`form[action$="/dang-ky"] button[type=submit]`); st != 200 {
		t.Fatalf("register: %d%s", st, producer.where())
	}
	if got := producer.text(".notice"); got != "Bạn đã có chỗ trong lớp này." {
		t.Errorf("registration notice %q%s", got, producer.where())
	}

	// The office's attendance screen shows the QR code; its JSON gives the
	// address the code opens.
	if st := office.open(screen); st != 200 {
		t.Fatalf("attendance screen: %d%s", st, office.where())
	}
	var qr string
	office.eval(`document.getElementById('attendance-qr').src`, &qr)
	if !strings.HasPrefix(qr, "data:image/png;base64,") || len(qr) < 500 {
		t.Errorf("no QR code image: %.60q", qr)
	}
	if got := office.text("#attendance-progress"); got != "0/1 học viên đã điểm danh" {
		t.Errorf("progress before: %q", got)
	}
	var link string
	office.run(chromedp.Evaluate(fmt.Sprintf(`fetch(%s).then(r => r.json()).then(j => j.url)`, jsString(screen+"/ma")), &link,
		func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	u, err := url.Parse(link)
	if err != nil || !strings.HasPrefix(u.Path, "/diem-danh/") {
		t.Fatalf("check-in address %q: %v", link, err)
	}

	// The producer scans it and confirms.
	if st := producer.open(u.Path); st != 200 {
		t.Fatalf("check-in page: %d%s", st, producer.where())
	}
	if st := producer.click(`main form[action^="/diem-danh/"] button[type=submit]`); st != 200 {
		t.Fatalf("check in: %d%s", st, producer.where())
	}
	if got := producer.text("main"); !strings.Contains(got, "Đã điểm danh lúc") {
		t.Errorf("after check-in: %q", got)
	}

	if st := office.open(screen); st != 200 {
		t.Fatalf("attendance screen again: %d", st)
	}
	if got := office.text("#attendance-progress"); got != "1/1 học viên đã điểm danh" {
		t.Errorf("progress after: %q", got)
	}
	if got := office.text("main"); !strings.Contains(got, "Lò Văn Thắng") {
		t.Errorf("the trainee is not on the sheet: %q", got)
	}
}

// createCourse fills the new course form as the office does: a start
// date that does not exist is refused next to its field with the rest of
// the typing kept, then corrected. It returns the course page's path.
func createCourse(t *testing.T, b *tab) string {
	t.Helper()
	if st := b.open("/tap-huan/moi"); st != 200 {
		t.Fatalf("new course form: %d%s", st, b.where())
	}
	const title = "Kỹ năng bán hàng trực tuyến cho chủ thể OCOP"
	b.typeInto("#f-title", title)
	b.typeInto("#f-organiser", "Văn phòng Điều phối NTM tỉnh Sơn La")
	b.choose("#f-course_type", "classroom")
	b.typeInto("#f-start_date", "31/02/2026")
	b.typeInto("#f-end_date", "15/12/2026")
	b.typeInto("#f-venue", "Hội trường UBND tỉnh Sơn La")
	b.typeInto("#f-capacity", "30")
	b.run(chromedp.Click(`input[name="audiences"][value="producer"]`, chromedp.ByQuery, chromedp.NodeVisible))
	b.choose("#f-status", "draft")
	if st := b.click(`main form button[type=submit]`); st != 422 {
		t.Fatalf("a bad date: status %d, want 422%s", st, b.where())
	}
	if got := b.text("#e-start_date"); !strings.HasPrefix(got, "Ngày không hợp lệ") {
		t.Errorf("no message next to the start date: %q", got)
	}
	if got := b.value("#f-start_date"); got != "31/02/2026" {
		t.Errorf("the typed date is not kept: %q", got)
	}
	if got := b.value("#f-title"); got != title {
		t.Errorf("the title is not kept: %q", got)
	}
	var kept bool
	b.eval(`document.querySelector('input[name="audiences"][value="producer"]').checked`, &kept)
	if !kept {
		t.Error("the audience is not kept")
	}
	b.typeInto("#f-start_date", "15/12/2026")
	if st := b.click(`main form button[type=submit]`); st != 200 {
		t.Fatalf("create: %d%s", st, b.where())
	}
	if got := b.text("h1"); got != title {
		t.Fatalf("after create: h1 %q%s", got, b.where())
	}
	return b.path()
}

// Editing a session of the demo's 2022 course in two tabs: the first save
// moves the place; the second, from the same version, is refused with a
// conflict next to the form, keeping what was typed.
func TestEditSessionInBrowser(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	office, trainer := newTab(t, a), newTab(t, a)
	office.mustLogin("vanphong.sonla", demo.Password, "Hoàng Văn Nam")
	trainer.mustLogin("giangvien.sonla", demo.Password, "Phạm Thu Trang")
	if st := office.open("/tap-huan"); st != 200 {
		t.Fatalf("training page: %d%s", st, office.where())
	}
	var course string
	office.eval(`([...document.querySelectorAll('main a[href^="/tap-huan/"]')].find(a => a.textContent.trim() === `+
		jsString(demo.Course2022)+`) || {}).getAttribute?.('href') || ''`, &course)
	if course == "" {
		t.Fatalf("the 2022 course is not listed%s", office.where())
	}
	if st := office.open(course); st != 200 {
		t.Fatalf("course page: %d%s", st, office.where())
	}
	var form string
	office.eval(`(document.querySelector('main a[href$="/sua"][href*="/buoi/"]') || {}).getAttribute?.('href') || ''`, &form)
	if form == "" {
		t.Fatalf("no edit link for a session%s", office.where())
	}
	for _, b := range []*tab{office, trainer} {
		if st := b.open(form); st != 200 {
			t.Fatalf("session form: %d%s", st, b.where())
		}
	}
	office.typeInto("#f-place", "Hội trường tầng 2")
	if st := office.click(`main form button[type=submit]`); st != 200 {
		t.Fatalf("save: %d%s", st, office.where())
	}
	if got := office.text("main"); !strings.Contains(got, "Hội trường tầng 2") || !strings.Contains(got, "Đã lưu buổi học.") {
		t.Errorf("course page after the save: %q", got)
	}
	trainer.typeInto("#f-place", "Phòng họp số 3")
	if st := trainer.click(`main form button[type=submit]`); st != 409 {
		t.Fatalf("stale save: status %d, want 409%s", st, trainer.where())
	}
	if got := trainer.text("main"); !strings.Contains(got, "Dữ liệu đã được người khác thay đổi") {
		t.Errorf("no conflict message: %q", got)
	}
	if got := trainer.value("#f-place"); got != "Phòng họp số 3" {
		t.Errorf("the typed place is not kept: %q", got)
	}
}
