package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// A commune officer starts a post-test on a phone-sized screen: a choice
// is saved on the server, one made offline is kept in the browser and
// sent once back online; on a computer both are there, the last is
// picked, the answers are sent, the score comes back and the drafts go.
func TestTakeCourseTestInBrowser(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	ctx, db := t.Context(), a.svc.DB
	officer, _, err := db.UserCredentials(ctx, "canbo.chiengmai")
	if err != nil {
		t.Fatal(err)
	}
	manager, _, err := db.UserCredentials(ctx, "vanphong.sonla")
	if err != nil {
		t.Fatal(err)
	}
	var questions []int64 // the demo's bank has questions on brand too
	for i := range 3 {
		q := &ocop.TopicQuestion{TopicCode: "brand", Body: fmt.Sprintf("Câu hỏi thương hiệu %d?", i+1),
			Options: []string{"Sai", "Đúng", "Không rõ"}, Correct: 1}
		if err := db.Update(ctx, ocop.System, func(tx *store.Tx) error { return tx.AddTopicQuestion(ctx, q) }); err != nil {
			t.Fatal(err)
		}
		questions = append(questions, q.ID)
	}
	seed := service.CourseSeed{Course: &ocop.Course{ProvinceCode: demo.SonLa, Title: "Thương hiệu sản phẩm OCOP",
		Organiser: "Sở Nông nghiệp và Môi trường", Type: ocop.CourseClassroom, StartDate: "2026-09-27",
		EndDate: "2026-09-28", Capacity: 10, Audiences: []ocop.Audience{ocop.AudienceCommuneOfficial}},
		Sessions: []service.SeedSession{{Session: &ocop.CourseSession{Date: "2026-09-27", StartTime: "08:00",
			EndTime: "11:00", TopicCode: "brand"}, Lecturer: -1}},
		Trainees: []*ocop.Enrolment{{UserID: officer.ID, FullName: officer.FullName, UnitName: "UBND xã Chiềng Mai"}}}
	if err := a.svc.BuildCourse(ctx, ocop.System, seed); err != nil {
		t.Fatal(err)
	}
	id := seed.Course.ID
	if _, err := a.svc.SaveCourseTest(ctx, manager, id, service.TestInput{Kind: ocop.TestPost, Status: ocop.TestOpen,
		QuestionIDs: questions}); err != nil {
		t.Fatal(err)
	}

	// On the phone: a choice is saved to the server; offline, the next is
	// kept in the browser and reaches the server once back online.
	phone := newTab(t, a)
	phone.run(chromedp.EmulateViewport(390, 844))
	phone.mustLogin("canbo.chiengmai", demo.Password, officer.FullName)
	if st := phone.open(fmt.Sprintf("/tap-huan/%d/kiem-tra", id)); st != 200 {
		t.Fatalf("tests page: %d%s", st, phone.where())
	}
	if st := phone.click(`a[href$="/kiem-tra/post"]`); st != 200 {
		t.Fatalf("take page: %d%s", st, phone.where())
	}
	phone.run(chromedp.Click(`input[name="q0"][value="1"]`, chromedp.ByQuery, chromedp.NodeVisible))
	phone.waitDraftStatus("Đã lưu nháp lúc ")
	phone.run(network.Enable(), network.EmulateNetworkConditions(true, 0, -1, -1),
		chromedp.Click(`input[name="q1"][value="1"]`, chromedp.ByQuery, chromedp.NodeVisible))
	phone.waitDraftStatus("Chưa lưu được lên máy chủ")
	phone.run(network.EmulateNetworkConditions(false, 0, -1, -1))
	if st := phone.open(fmt.Sprintf("/tap-huan/%d/kiem-tra/post", id)); st != 200 {
		t.Fatalf("reopen: %d", st)
	}
	var kept bool
	phone.eval(`document.querySelector('input[name="q0"][value="1"]').checked && document.querySelector('input[name="q1"][value="1"]').checked`, &kept)
	if !kept {
		t.Errorf("the draft choices were lost when the page was opened again%s", phone.where())
	}
	phone.waitDraftStatus("Đã lưu nháp lúc ") // the offline choice, sent now
	var wide int
	phone.eval(`document.documentElement.scrollWidth`, &wide)
	if wide > 390 {
		t.Errorf("the test page is %dpx wide on a 390px phone", wide)
	}

	// On the computer (its own cookies and storage) both choices are there.
	pc := newTab(t, a)
	pc.mustLogin("canbo.chiengmai", demo.Password, officer.FullName)
	if st := pc.open(fmt.Sprintf("/tap-huan/%d/kiem-tra/post", id)); st != 200 {
		t.Fatalf("take page on the computer: %d%s", st, pc.where())
	}
	pc.eval(`document.querySelector('input[name="q0"][value="1"]').checked && document.querySelector('input[name="q1"][value="1"]').checked`, &kept)
	if !kept || !strings.HasPrefix(pc.text("#draft-status"), "Đã lưu nháp lúc ") {
		t.Errorf("the computer lacks the phone's draft (status %q)%s", pc.text("#draft-status"), pc.where())
	}
	pc.run(chromedp.Click(`input[name="q2"][value="0"]`, chromedp.ByQuery, chromedp.NodeVisible))
	if st := pc.click(`#test-form button[type="submit"]`); st != 200 {
		t.Fatalf("submit: %d%s", st, pc.where())
	}
	if got := pc.text("main"); !strings.Contains(got, "Đã nộp bài. Điểm của bạn: 66,7") {
		t.Errorf("after submitting: %q", got)
	}
	var left string
	pc.eval(`Object.keys(localStorage).join(",")`, &left)
	if strings.Contains(left, "ocop-draft") {
		t.Errorf("the draft stayed after submitting: %s", left)
	}
	if _, err := a.svc.MyTestDraft(ctx, officer, id, ocop.TestPost); ocop.ErrorCode(err) != ocop.ENOTFOUND {
		t.Errorf("the server's draft stayed after submitting: %v", err)
	}
}

// waitDraftStatus waits until the test page's draft status starts with want.
func (b *tab) waitDraftStatus(want string) {
	b.t.Helper()
	var ok bool
	err := chromedp.Run(b.ctx, chromedp.Poll(fmt.Sprintf(`(document.querySelector('#draft-status') || {textContent: ''}).textContent.startsWith(%s)`,
		jsString(want)), &ok, chromedp.WithPollingTimeout(15*time.Second)))
	if err != nil || !ok {
		b.t.Fatalf("the draft status did not become %q (it is %q)%s", want, b.text("#draft-status"), b.where())
	}
}
