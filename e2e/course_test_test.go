package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// A commune officer takes a post-test on a phone-sized screen: a choice
// survives closing the page (the draft kept in the browser), the rest are
// picked, the answers are sent and the score comes back.
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

	b := newTab(t, a)
	b.run(chromedp.EmulateViewport(390, 844))
	b.mustLogin("canbo.chiengmai", demo.Password, officer.FullName)
	if st := b.open(fmt.Sprintf("/tap-huan/%d/kiem-tra", id)); st != 200 {
		t.Fatalf("tests page: %d%s", st, b.where())
	}
	if st := b.click(`a[href$="/kiem-tra/post"]`); st != 200 {
		t.Fatalf("take page: %d%s", st, b.where())
	}
	b.run(chromedp.Click(`input[name="q0"][value="1"]`, chromedp.ByQuery, chromedp.NodeVisible))
	if st := b.open(fmt.Sprintf("/tap-huan/%d/kiem-tra/post", id)); st != 200 {
		t.Fatalf("reopen: %d", st)
	}
	var kept bool
	b.eval(`document.querySelector('input[name="q0"][value="1"]').checked`, &kept)
	if !kept {
		t.Errorf("the draft choice was lost when the page was opened again%s", b.where())
	}
	var wide int
	b.eval(`document.documentElement.scrollWidth`, &wide)
	if wide > 390 {
		t.Errorf("the test page is %dpx wide on a 390px phone", wide)
	}
	b.run(chromedp.Click(`input[name="q1"][value="1"]`, chromedp.ByQuery, chromedp.NodeVisible),
		chromedp.Click(`input[name="q2"][value="0"]`, chromedp.ByQuery, chromedp.NodeVisible))
	if st := b.click(`#test-form button[type="submit"]`); st != 200 {
		t.Fatalf("submit: %d%s", st, b.where())
	}
	if got := b.text("main"); !strings.Contains(got, "Đã nộp bài. Điểm của bạn: 66,7") {
		t.Errorf("after submitting: %q", got)
	}
	var left string
	b.eval(`Object.keys(localStorage).join(",")`, &left)
	if strings.Contains(left, "ocop-draft") {
		t.Errorf("the draft stayed after submitting: %s", left)
	}
}
