package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// The lecturers' page: Sơn La's manager sees Sơn La's lecturers and Hà
// Nội's lecturer who teaches one of its sessions (counted there only, not
// editable), never Hà Nội's other lecturer; adds one (bad input keeps
// what was typed and adds nothing), searches without diacritics and
// exports the same list; the Ministry sees all with all their teaching.
func TestLecturerListThroughWeb(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := permSetup(t, db)
		office, ministry := w.sessions[ocop.RoleProvince], w.sessions[ocop.RoleMinistry]
		in, out := "Giảng viên "+permProvince, "Giảng viên "+permOtherProvince
		hidden := &ocop.Lecturer{FullName: "Giảng viên Ẩn Danh", ProvinceCode: permOtherProvince}
		err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
			if err := tx.AddLecturer(ctx, hidden); err != nil {
				return err
			}
			// Hà Nội's lecturer teaches a Sơn La session and a Hà Nội one.
			for _, sid := range []int64{w.courseSessions.in, w.courseSessions.out} {
				se, err := db.CourseSession(ctx, sid)
				if err != nil {
					return err
				}
				c, err := db.Course(ctx, se.CourseID)
				if err != nil {
					return err
				}
				next := *se
				next.LecturerID = w.training.lecturerOut
				if err := tx.UpdateCourseSession(ctx, c, se, &next); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}

		st, body := w.send(t, office, "GET", "/giang-vien", "")
		body = html.UnescapeString(body)
		if st != 200 || strings.Contains(body, hidden.FullName) {
			t.Fatalf("lecturers page: %d, shows Hà Nội's other lecturer: %v", st, strings.Contains(body, hidden.FullName))
		}
		wantIn(t, "lecturers page", body, in, out, fmt.Sprintf(`href="/giang-vien/%d/sua?quay-lai=/giang-vien"`, w.training.lecturerIn),
			"Tải danh sách (Excel)", "Thêm giảng viên")
		if strings.Contains(body, fmt.Sprintf(`/giang-vien/%d/sua`, w.training.lecturerOut)) {
			t.Errorf("Sơn La may not edit Hà Nội's lecturer, yet the page links it")
		}
		rows, err := w.svc.LecturerList(ctx, w.users[ocop.RoleProvince], "")
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(rows, func(r *store.LecturerRow) bool { return r.ID == w.training.lecturerOut })
		if i < 0 || rows[i].Sessions != 1 || rows[i].Courses != 1 || rows[i].Editable {
			t.Errorf("Hà Nội's lecturer seen from Sơn La: %+v", rows)
		}
		all, err := w.svc.LecturerList(ctx, w.users[ocop.RoleMinistry], "")
		if err != nil {
			t.Fatal(err)
		}
		i = slices.IndexFunc(all, func(r *store.LecturerRow) bool { return r.ID == w.training.lecturerOut })
		if len(all) != len(rows)+1 || i < 0 || all[i].Sessions != 2 || all[i].Courses != 2 || !all[i].Editable {
			t.Errorf("the Ministry's list: %d rows (Sơn La %d), %+v", len(all), len(rows), all)
		}

		// Bad input: the message next to the field, what was typed kept, nothing added.
		add := url.Values{"name": {""}, "title": {"TS."}, "organisation": {"Trường Cao đẳng Sơn La"},
			"username": {w.users[ocop.RoleCouncil].Username}}
		st, body = w.send(t, office, "POST", "/giang-vien", add.Encode())
		if st != http.StatusUnprocessableEntity {
			t.Fatalf("empty name: %d", st)
		}
		wantIn(t, "empty name", html.UnescapeString(body), "Vui lòng nhập thông tin này.", `value="Trường Cao đẳng Sơn La"`)
		if again, _ := w.svc.LecturerList(ctx, w.users[ocop.RoleProvince], ""); len(again) != len(rows) {
			t.Errorf("the refused add added a lecturer: %d rows, want %d", len(again), len(rows))
		}
		add.Set("name", "Đỗ Thị Lành")
		if st, _ := w.send(t, office, "POST", "/giang-vien", add.Encode()); st != http.StatusSeeOther {
			t.Fatalf("add: %d", st)
		}

		// Search without diacritics, by organisation, and the same list in Excel.
		st, body = w.send(t, office, "GET", "/giang-vien?q=truong+cao+dang", "")
		body = html.UnescapeString(body)
		if st != 200 || strings.Contains(body, in+"<") || !strings.Contains(body, "Đỗ Thị Lành") ||
			!strings.Contains(body, w.users[ocop.RoleCouncil].Username) {
			t.Errorf("search by organisation: %d %s", st, body)
		}
		st, body = w.send(t, office, "GET", "/giang-vien.xlsx?q=do+thi", "")
		sheet := testutil.Sheets(t, []byte(body))["Giảng viên"]
		if st != 200 || len(sheet) == 0 || !slices.ContainsFunc(sheet, func(r []string) bool {
			return len(r) > 3 && r[0] == "Đỗ Thị Lành" && r[2] == "Trường Cao đẳng Sơn La"
		}) || slices.ContainsFunc(sheet, func(r []string) bool { return len(r) > 0 && r[0] == in }) {
			t.Errorf("xlsx: %d %v", st, sheet)
		}
		// The API gives the page's list.
		st, body = w.send(t, office, "GET", "/api/v1/training/lecturers", "")
		var api []store.LecturerRow
		if err := json.Unmarshal([]byte(body), &api); st != 200 || err != nil || len(api) != len(rows)+1 ||
			strings.Contains(body, hidden.FullName) {
			t.Errorf("API list: %d %v %s", st, err, body)
		}
		st, body = w.send(t, office, "GET", "/api/v1/training/lecturers?q=do+thi", "")
		if err := json.Unmarshal([]byte(body), &api); st != 200 || err != nil || len(api) != 1 ||
			api[0].FullName != "Đỗ Thị Lành" || api[0].Username != w.users[ocop.RoleCouncil].Username || !api[0].Editable {
			t.Errorf("API search: %d %v %s", st, err, body)
		}
		if st, body := w.send(t, ministry, "GET", "/giang-vien", ""); st != 200 || !strings.Contains(html.UnescapeString(body), hidden.FullName) {
			t.Errorf("the Ministry's page: %d", st)
		}
	})
}
