package web_test

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/web"
)

// permSessions gives the permission fixture's courses inside and outside
// Sơn La a session, a study-tour stop with a photo each, and for each
// role a spare stop and a spare session inside for the deletion routes,
// and a spare session inside and outside for the API's deletion (a
// national manager deletes outside too).
type permSessions struct {
	in, out           int64 // sessions
	stopIn, stopOut   int64
	photoIn, photoOut int64
	spareStop         map[ocop.Role]int64
	spareSession      map[ocop.Role]int64
	apiSpare          map[bool]map[ocop.Role]int64 // inside → role → session
}

func permSessionsSetup(t *testing.T, svc *service.Service, pt permTraining) permSessions {
	t.Helper()
	ctx := context.Background()
	ps := permSessions{spareStop: map[ocop.Role]int64{}, spareSession: map[ocop.Role]int64{},
		apiSpare: map[bool]map[ocop.Role]int64{true: {}, false: {}}}
	saved, err := svc.Files.SaveImage(bytes.NewReader(permJPEG), "anh.jpg")
	if err != nil {
		t.Fatal(err)
	}
	add := func(courseID int64, session, stop, photo *int64) {
		c, err := svc.DB.Course(ctx, courseID)
		if err != nil {
			t.Fatal(err)
		}
		err = svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error {
			se := &ocop.CourseSession{Date: "2026-09-27", StartTime: "08:00", EndTime: "11:30", TopicCode: permTopic}
			st := &ocop.TourStop{Date: "2026-09-28", Kind: ocop.StopPlace, PlaceName: "Điểm bán OCOP"}
			if err := tx.AddCourseSession(ctx, c, se); err != nil {
				return err
			}
			if err := tx.AddTourStop(ctx, c, st); err != nil {
				return err
			}
			ph := &ocop.TourPhoto{StopID: st.ID, Caption: "Ảnh", FileName: "anh.jpg", FileKey: saved.Key,
				ContentType: saved.ContentType, Size: saved.Size, SHA256: saved.SHA256}
			if err := tx.AddTourPhoto(ctx, c, ph); err != nil {
				return err
			}
			if session != nil {
				*session, *stop, *photo = se.ID, st.ID, ph.ID
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	add(pt.courseIn, &ps.in, &ps.stopIn, &ps.photoIn)
	add(pt.courseOut, &ps.out, &ps.stopOut, &ps.photoOut)
	for _, role := range ocop.Roles {
		var se, ph, st int64
		add(pt.courseIn, &se, &st, &ph)
		ps.spareStop[role], ps.spareSession[role] = st, se
		for in, course := range map[bool]int64{true: pt.courseIn, false: pt.courseOut} {
			add(course, &se, &st, &ph)
			ps.apiSpare[in][role] = se
		}
	}
	return ps
}

// param fills {session}, {stop} and {tourphoto}, all scoped by their course.
func (ps permSessions) param(p string, rt web.RouteInfo, role ocop.Role, in bool) string {
	switch p {
	case "{session}":
		if strings.HasSuffix(rt.Path, "/delete") {
			return strconv.FormatInt(ps.apiSpare[in][role], 10)
		}
		if in && strings.HasSuffix(rt.Path, "/xoa") {
			return strconv.FormatInt(ps.spareSession[role], 10)
		}
		return pick(in, ps.in, ps.out)
	case "{stop}":
		if in && strings.HasSuffix(rt.Path, "/xoa") {
			return strconv.FormatInt(ps.spareStop[role], 10)
		}
		return pick(in, ps.stopIn, ps.stopOut)
	default: // {tourphoto}
		return pick(in, ps.photoIn, ps.photoOut)
	}
}

// permRunsSession: the attendance screen's routes are declared with
// training.join so that a lecturer of any role can reach them; the service
// lets in only the course's managers and the session's linked lecturer.
// The matrix's sessions have no lecturer, so every other role is told 404
// (lecturer_access_test.go covers the lecturer).
func permRunsSession(u *ocop.User, rt web.RouteInfo) bool {
	return rt.Perm == ocop.PermTrainingJoin && strings.Contains(rt.Path, "{session}") && !u.Can(ocop.PermTrainingManage)
}

// permDeletes: the routes the matrix walks last, so the records they
// remove are still there for the routes that read them.
func permDeletes(path string) bool {
	return strings.HasSuffix(path, "/xoa") || strings.HasSuffix(path, "/sessions/{session}/delete")
}
