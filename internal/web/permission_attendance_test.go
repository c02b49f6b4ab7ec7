package web_test

import (
	"context"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// permSessions gives the permission fixture's courses inside and outside
// Sơn La a session each, for the attendance routes' {session}.
type permSessions struct{ in, out int64 }

func permSessionsSetup(t *testing.T, svc *service.Service, pt permTraining) permSessions {
	t.Helper()
	ctx := context.Background()
	add := func(courseID int64) int64 {
		c, err := svc.DB.Course(ctx, courseID)
		if err != nil {
			t.Fatal(err)
		}
		se := &ocop.CourseSession{Date: "2026-09-27", StartTime: "08:00", EndTime: "11:30", TopicCode: permTopic}
		if err := svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error { return tx.AddCourseSession(ctx, c, se) }); err != nil {
			t.Fatal(err)
		}
		return se.ID
	}
	return permSessions{in: add(pt.courseIn), out: add(pt.courseOut)}
}
