package web_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// The report pages, JSON and XLSX show testutil.ReportCourse's numbers;
// another province's manager gets 404 and a trainee 403.
func TestTrainingReportPages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w := permSetup(t, db)
		rc := testutil.NewReportCourse(t, db)
		office := w.sessions[ocop.RoleProvince]
		_, hanoi := w.extraUser(t, "baocao.hanoi", ocop.RoleProvince, ocop.ProvinceScope(permOtherProvince))
		page := fmt.Sprintf("/tap-huan/%d/bao-cao", rc.Course.ID)

		st, body := w.send(t, office, "GET", page, "")
		if st != 200 {
			t.Fatalf("report page: %d", st)
		}
		wantIn(t, "course report", html.UnescapeString(body), "3 học viên từ 2 đơn vị", "2 chuyên đề", "<svg", `<title id="chart-units-t">`,
			"66,7\u00a0%", "+25", "UBND xã A", "4,5 / 5")
		st, body = w.send(t, office, "GET", page+".xlsx", "")
		if st != 200 {
			t.Fatalf("report xlsx: %d", st)
		}
		sheets := testutil.Sheets(t, []byte(body))
		if sum := sheets["Tổng hợp"]; len(sum) < 4 || sum[3][0] != "Học viên chính thức" || sum[3][1] != "3" {
			t.Errorf("summary sheet: %v", sum)
		}
		if units := sheets["Theo đơn vị"]; len(units) != 3 || units[1][0] != "UBND xã A" || units[1][1] != "2" {
			t.Errorf("units sheet: %v", units)
		}
		if sess := sheets["Theo buổi học"]; len(sess) != 3 || sess[1][3] != "2" || sess[1][4] != "66.7" {
			t.Errorf("sessions sheet: %v", sess)
		}
		st, body = w.send(t, office, "GET", "/api/v1/training/courses/"+fmt.Sprint(rc.Course.ID)+"/report", "")
		var rep service.CourseReport
		if err := json.Unmarshal([]byte(body), &rep); st != 200 || err != nil || rep.Enrolled != 3 || rep.Certificates != 1 {
			t.Errorf("report JSON: %d %v %s", st, err, body)
		}

		st, body = w.send(t, office, "GET", "/tap-huan/bao-cao?nam=2022", "")
		wantIn(t, "year report", html.UnescapeString(body), "Báo cáo tập huấn năm 2022", "1 lớp tập huấn, 3 học viên.",
			`<title id="chart-audiences-t">`, "Tập huấn OCOP 2022")
		if st != 200 || strings.Contains(body, "Tập huấn Hà Nội") || strings.Contains(body, "Lớp thực hành") {
			t.Errorf("year page: %d", st)
		}
		st, body = w.send(t, office, "GET", "/tap-huan/bao-cao.xlsx?nam=2022", "")
		courses := testutil.Sheets(t, []byte(body))["Các lớp"]
		if st != 200 || len(courses) != 2 || courses[1][1] != "Tập huấn OCOP 2022" || courses[1][3] != "3" {
			t.Errorf("year xlsx: %d %v", st, courses)
		}
		ministry := w.sessions[ocop.RoleMinistry]
		st, body = w.send(t, ministry, "GET", "/api/v1/training/report?year=2022", "")
		var all service.YearReport
		if err := json.Unmarshal([]byte(body), &all); st != 200 || err != nil || all.Trainees != 4 || len(all.Courses) != 2 {
			t.Errorf("all provinces: %d %v %s", st, err, body)
		}

		for _, path := range []string{page, page + ".xlsx", "/api/v1/training/courses/" + fmt.Sprint(rc.Course.ID) + "/report",
			"/tap-huan/bao-cao?tinh=14&nam=2022", "/api/v1/training/report?province=14&year=2022"} {
			if st, _ := w.send(t, hanoi, "GET", path, ""); st != http.StatusNotFound {
				t.Errorf("Hà Nội GET %s: %d", path, st)
			}
			if st, _ := w.send(t, w.sessions[ocop.RoleCommune], "GET", path, ""); st != http.StatusForbidden {
				t.Errorf("trainee GET %s: %d", path, st)
			}
		}
	})
}

// The course report's page and XLSX list units in Vietnamese order
// ("Đ" after "D", "Ư" after "U"), not byte order.
func TestTrainingReportVietnameseOrder(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w := permSetup(t, db)
		c := testutil.NewCollationCourse(t, db)
		office := w.sessions[ocop.RoleProvince]
		page := fmt.Sprintf("/tap-huan/%d/bao-cao", c.ID)
		st, body := w.send(t, office, "GET", page, "")
		body = html.UnescapeString(body)
		last := -1
		for _, u := range testutil.CollationUnits {
			i := strings.Index(body, u)
			if st != 200 || i < 0 || i < last {
				t.Errorf("report page: %d, %q at %d, after %d", st, u, i, last)
			}
			last = i
		}
		st, body = w.send(t, office, "GET", page+".xlsx", "")
		units := testutil.Sheets(t, []byte(body))["Theo đơn vị"]
		var got []string
		for _, row := range units[1:] {
			got = append(got, row[0])
		}
		if st != 200 || !slices.Equal(got, testutil.CollationUnits) {
			t.Errorf("units sheet: %d\n got %q\nwant %q", st, got, testutil.CollationUnits)
		}
	})
}
