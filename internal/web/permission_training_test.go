package web_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/web"
)

// permTraining holds the training records of the permission fixture: a
// course, a material and a question inside Sơn La and inside Hà Nội, and
// for each role a spare material and question its deletion routes take.
type permTraining struct {
	courseIn, courseOut     int64
	lecturerIn, lecturerOut int64 // of Sơn La and of Hà Nội
	enrolIn, enrolOut       int64
	materialIn, materialOut int64
	questionIn, questionOut int64
	certIn, certOut         int64  // completion certificates of courseIn and courseOut
	tcode                   string // the verification code of certIn
	spareMaterial           map[ocop.Role]int64
	spareQuestion           map[ocop.Role]int64
}

const permTopic = "digital"

func permTrainingSetup(t *testing.T, svc *service.Service) permTraining {
	t.Helper()
	ctx := context.Background()
	pt := permTraining{spareMaterial: map[ocop.Role]int64{}, spareQuestion: map[ocop.Role]int64{}}
	saved, err := svc.Files.Save(bytes.NewReader(permPDF), "tai-lieu.pdf")
	if err != nil {
		t.Fatal(err)
	}
	material := func(province string, file bool) int64 {
		m := &ocop.TopicMaterial{TopicCode: permTopic, Kind: ocop.MaterialLink, Title: "Tài liệu " + province,
			URL: "https://example.vn/tl", ProvinceCode: province}
		if file {
			m.Kind, m.URL, m.FileName, m.FileKey, m.ContentType, m.Size, m.SHA256 = ocop.MaterialFile, "", "tai-lieu.pdf",
				saved.Key, saved.ContentType, saved.Size, saved.SHA256
		}
		if err := svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error { return tx.AddTopicMaterial(ctx, m) }); err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	question := func(province string) int64 {
		q := &ocop.TopicQuestion{TopicCode: permTopic, Body: "Câu hỏi?", Options: []string{"A", "B"}, ProvinceCode: province}
		if err := svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error { return tx.AddTopicQuestion(ctx, q) }); err != nil {
			t.Fatal(err)
		}
		return q.ID
	}
	lecturer := func(province string) int64 {
		l := &ocop.Lecturer{FullName: "Giảng viên " + province, ProvinceCode: province}
		if err := svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error { return tx.AddLecturer(ctx, l) }); err != nil {
			t.Fatal(err)
		}
		return l.ID
	}
	pt.lecturerIn, pt.lecturerOut = lecturer(permProvince), lecturer(permOtherProvince)
	course := func(province string) (int64, int64) {
		e := &ocop.Enrolment{FullName: "Học viên", UnitName: "UBND xã", Audience: ocop.AudienceProducer}
		seed := service.CourseSeed{Course: &ocop.Course{ProvinceCode: province, Title: "Lớp " + province, Organiser: "VP NTM",
			Type: ocop.CourseClassroom, StartDate: "2026-09-27", EndDate: "2026-09-29", Capacity: 100,
			Audiences: []ocop.Audience{ocop.AudienceProducer}}, Trainees: []*ocop.Enrolment{e}}
		if err := svc.BuildCourse(ctx, ocop.System, seed); err != nil {
			t.Fatal(err)
		}
		return seed.Course.ID, e.ID
	}
	pt.courseIn, pt.enrolIn = course(permProvince)
	pt.courseOut, pt.enrolOut = course(permOtherProvince)
	pt.certIn, pt.tcode = permTrainingCert(t, svc, pt.courseIn)
	pt.certOut, _ = permTrainingCert(t, svc, pt.courseOut)
	pt.materialIn, pt.materialOut = material(permProvince, true), material(permOtherProvince, false)
	pt.questionIn, pt.questionOut = question(permProvince), question(permOtherProvince)
	for _, role := range ocop.Roles {
		province := permScopeOf(role).Province
		pt.spareMaterial[role], pt.spareQuestion[role] = material(province, false), question(province)
	}
	return pt
}

// param fills a training path parameter. Topics are national reference
// data and materials are readable by everyone, so only changes to a
// material are scoped.
func (pt permTraining) param(p string, rt web.RouteInfo, role ocop.Role, in bool) (string, bool) {
	del := strings.HasSuffix(rt.Path, "/xoa")
	switch p {
	case "{topic}":
		return permTopic, false
	case "{course}":
		return pick(in, pt.courseIn, pt.courseOut), true
	case "{lecturer}":
		return pick(in, pt.lecturerIn, pt.lecturerOut), true
	case "{testkind}":
		return ocop.TestPost, false
	case "{tcert}":
		return pick(in, pt.certIn, pt.certOut), true
	case "{tcode}": // public
		return pt.tcode, false
	case "{enrolment}":
		return pick(in, pt.enrolIn, pt.enrolOut), true
	case "{material}":
		if rt.Method == "GET" {
			return strconv.FormatInt(pt.materialIn, 10), false
		}
		if in && del {
			return strconv.FormatInt(pt.spareMaterial[role], 10), true
		}
		return pick(in, pt.materialIn, pt.materialOut), true
	default: // {question}
		if in && del {
			return strconv.FormatInt(pt.spareQuestion[role], 10), true
		}
		return pick(in, pt.questionIn, pt.questionOut), true
	}
}

// permTrainingCert issues the completion certificate of a course's one
// trainee (no sessions, no post-test: the rules are met) after its end.
func permTrainingCert(t *testing.T, svc *service.Service, course int64) (int64, string) {
	t.Helper()
	now := svc.DB.Now
	defer func() { svc.DB.Now = now }()
	svc.DB.Now = func() time.Time { return time.Date(2026, 9, 30, 3, 0, 0, 0, time.UTC) }
	organiser := &ocop.User{Username: "btc", Role: ocop.RoleMinistry, Scope: ocop.Country, Status: ocop.UserActive}
	issued, err := svc.IssueTrainingCertificates(context.Background(), organiser, course)
	if err != nil || len(issued) != 1 {
		t.Fatalf("training certificate: %v %v", issued, err)
	}
	return issued[0].ID, issued[0].Code
}
