package web_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// nationalAdmin serves the demo plus a national administrator (the demo
// has only Sơn La's) and returns a client signed in as them.
func nationalAdmin(t *testing.T) (*uiClient, *service.Service) {
	t.Helper()
	c, svc := newUIService(t)
	ctx := context.Background()
	err := svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error {
		return tx.CreateUser(ctx, &ocop.User{Username: "quantri.bo", FullName: "Quản trị toàn quốc", Role: ocop.RoleAdmin,
			Scope: ocop.Country, Status: ocop.UserActive}, secret.HashPassword(demo.Password))
	})
	if err != nil {
		t.Fatal(err)
	}
	c.login("quantri.bo", demo.Password)
	return c, svc
}

func (c *uiClient) other(user string) *uiClient {
	o := &uiClient{c.t, c.base, &http.Client{Jar: must(cookiejar.New(nil)), CheckRedirect: c.c.CheckRedirect}}
	o.login(user, demo.Password)
	return o
}

func wantIn(t *testing.T, label, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			i := max(strings.Index(body, "<main"), 0)
			t.Errorf("%s lacks %q\n%s", label, w, body[i:min(len(body), i+2500)])
			return
		}
	}
}

func TestCalendarPages(t *testing.T) {
	a, svc := nationalAdmin(t)
	ctx := context.Background()
	_, body := a.send("GET", "/quan-tri/lich-lam-viec?nam=2027", nil, nil)
	wantIn(t, "2027", body, `href="/quan-tri/lich-lam-viec"`, "Năm 2027", "Thứ Bảy, 06/02/2027", "Nghỉ bù", `<span class="badge pending">dự kiến</span>`,
		`<option value="2028">2028</option>`, "Thêm ngày")

	add := url.Values{"nam": {"2026"}, "date": {"31/02/2026"}, "kind": {"holiday"}, "name": {"Nghỉ <thử>"}, "source": {"Công văn thử"}}
	resp, body := a.send("POST", "/quan-tri/lich-lam-viec", add, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad date: %d", resp.StatusCode)
	}
	wantIn(t, "bad date", body, `id="e-date">Ngày không hợp lệ`, `value="Nghỉ &lt;thử&gt;"`, `value="31/02/2026"`, "Năm 2026")
	for date, msg := range map[string]string{"16/02/2026": "Ngày này đã có trong lịch"} {
		add.Set("date", date)
		_, body = a.send("POST", "/quan-tri/lich-lam-viec", add, nil)
		wantIn(t, "duplicate", body, msg)
	}
	add.Set("date", "11/03/2026")
	add.Set("kind", "swapped_work")
	_, body = a.send("POST", "/quan-tri/lich-lam-viec", add, nil)
	wantIn(t, "làm bù on a Wednesday", body, `id="e-kind">Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.`)
	add.Set("date", "14/03/2026")
	add.Set("kind", "compensating")
	add.Set("name", " ")
	_, body = a.send("POST", "/quan-tri/lich-lam-viec", add, nil)
	wantIn(t, "nghỉ bù on a Saturday", body, "phải là ngày từ thứ Hai đến thứ Sáu", `id="e-name">Vui lòng nhập thông tin này.`)

	add.Set("date", "11/03/2026")
	add.Set("kind", "swapped_off")
	add.Set("name", "Nghỉ thử")
	resp, _ = a.send("POST", "/quan-tri/lich-lam-viec", add, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/quan-tri/lich-lam-viec?nam=2026" {
		t.Fatalf("add: %d to %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, body = a.send("GET", "/quan-tri/lich-lam-viec?nam=2026", nil, nil)
	wantIn(t, "after adding", body, "Đã thêm ngày 11/03/2026", "Thứ Tư, 11/03/2026", "Nghỉ do hoán đổi", "quantri.bo")

	// Two administrators edit the same day: the second save is a conflict
	// that keeps what was typed.
	_, body = a.send("GET", "/quan-tri/lich-lam-viec/2026-03-11/sua", nil, nil)
	wantIn(t, "edit form", body, `name="version" value="1"`, `value="Nghỉ thử"`, `<option value="swapped_off" selected>`)
	edit := url.Values{"version": {"1"}, "kind": {"holiday"}, "name": {"Nghỉ lễ thử"}, "source": {"Công văn thử"}}
	if resp, _ := a.send("POST", "/quan-tri/lich-lam-viec/2026-03-11/sua", edit, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", resp.StatusCode)
	}
	edit.Set("name", "Bản cũ của người khác")
	resp, body = a.send("POST", "/quan-tri/lich-lam-viec/2026-03-11/sua", edit, nil)
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("stale edit: %d", resp.StatusCode)
	}
	wantIn(t, "conflict", body, "Dữ liệu đã được người khác thay đổi", `value="Bản cũ của người khác"`, `name="version" value="2"`)

	// Confirming a provisional 2027 day.
	_, body = a.send("GET", "/quan-tri/lich-lam-viec/2027-01-01/sua", nil, nil)
	wantIn(t, "provisional day", body, "Xác nhận theo lịch chính thức", `action="/quan-tri/lich-lam-viec/2027-01-01/xac-nhan"`)
	confirm := url.Values{"version": {"1"}, "official_source": {"lịch dự kiến"}}
	resp, body = a.send("POST", "/quan-tri/lich-lam-viec/2027-01-01/xac-nhan", confirm, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("confirm with a provisional source: %d", resp.StatusCode)
	}
	wantIn(t, "confirm error", body, `id="e-official_source">Nhập văn bản công bố chính thức`)
	confirm.Set("official_source", "Thông báo số 1/TB-BNV")
	if resp, _ := a.send("POST", "/quan-tri/lich-lam-viec/2027-01-01/xac-nhan", confirm, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", resp.StatusCode)
	}
	if d := must(svc.DB.CalendarDay(ctx, "2027-01-01")); d.Provisional || d.Source != "Thông báo số 1/TB-BNV" {
		t.Errorf("confirmed day: %+v", d)
	}

	// Sơn La's administrator and a producer read; neither may change.
	for _, who := range []string{"quantri.sonla", "chuthe.caphe"} {
		o := a.other(who)
		resp, body := o.send("GET", "/quan-tri/lich-lam-viec?nam=2026", nil, nil)
		if resp.StatusCode != 200 || strings.Contains(body, `method="post" action="/quan-tri/lich-lam-viec"`) {
			t.Errorf("%s reading: %d, add form shown: %v", who, resp.StatusCode, strings.Contains(body, "Thêm vào lịch"))
		}
		wantIn(t, who, body, "Nghỉ lễ thử", "Chỉ quản trị viên phạm vi toàn quốc")
		if resp, _ := o.send("POST", "/quan-tri/lich-lam-viec/2026-03-11/xoa", url.Values{"version": {"2"}}, nil); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s deleting: %d", who, resp.StatusCode)
		}
	}
	if resp, _ := a.send("POST", "/quan-tri/lich-lam-viec/2026-03-11/xoa", url.Values{"version": {"1"}}, nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("stale delete: %d", resp.StatusCode)
	}
	if resp, _ := a.send("POST", "/quan-tri/lich-lam-viec/2026-03-11/xoa", url.Values{"version": {"2"}}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	_, body = a.send("GET", "/quan-tri/lich-lam-viec?nam=2026", nil, nil)
	if strings.Contains(body, "11/03/2026</td>") {
		t.Error("the deleted day is still listed")
	}
	wantIn(t, "after deleting", body, "Đã xóa ngày 11/03/2026")
}

func TestCalendarAPI(t *testing.T) {
	a, _ := nationalAdmin(t)
	resp, y := a.getJSON("/api/v1/calendar?year=2026")
	if resp.StatusCode != 200 || jsonNumber(y["working_days"]) != "250" || y["covered"] != true {
		t.Fatalf("GET 2026: %d %v", resp.StatusCode, y)
	}
	if resp, y := a.getJSON("/api/v1/calendar?year=2031"); resp.StatusCode != 200 || y["covered"] != false || len(y["days"].([]any)) != 0 {
		t.Errorf("GET an uncovered year: %d %v", resp.StatusCode, y)
	}
	if resp, _ := a.getJSON("/api/v1/calendar?year=hai"); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("GET a bad year: %d", resp.StatusCode)
	}
	resp, d := a.postJSON("/api/v1/calendar", `{"date":"2026-02-10","kind":"swapped_off","name":"Nghỉ thêm","source":"Thông báo thử"}`)
	if resp.StatusCode != http.StatusCreated || d["version"] != 1.0 || d["provisional"] != false {
		t.Fatalf("add: %d %v", resp.StatusCode, d)
	}
	if _, y := a.getJSON("/api/v1/calendar?year=2026"); jsonNumber(y["working_days"]) != "249" {
		t.Errorf("working days after adding a weekday off: %v", y["working_days"])
	}
	if resp, e := a.postJSON("/api/v1/calendar", `{"date":"2026-02-10","kind":"holiday","name":"X","source":"Y"}`); resp.StatusCode != 422 ||
		!strings.Contains(jsonString(e["error"].(map[string]any)["fields"].(map[string]any)["date"]), "đã có trong lịch") {
		t.Errorf("duplicate: %d %v", resp.StatusCode, e)
	}
	if resp, _ := a.postJSON("/api/v1/calendar/2026-02-10", `{"kind":"holiday","name":"Nghỉ lễ thêm","source":"Y","version":1}`); resp.StatusCode != 200 {
		t.Errorf("edit: %d", resp.StatusCode)
	}
	if resp, _ := a.postJSON("/api/v1/calendar/2026-02-10", `{"kind":"holiday","name":"Cũ","source":"Y","version":1}`); resp.StatusCode != http.StatusConflict {
		t.Errorf("stale edit: %d", resp.StatusCode)
	}
	if resp, _ := a.postJSON("/api/v1/calendar/2026-13-40", `{"kind":"holiday","name":"X","source":"Y","version":1}`); resp.StatusCode != http.StatusNotFound {
		t.Errorf("edit of a date that does not exist: %d", resp.StatusCode)
	}
	p := a.other("quantri.sonla")
	if resp, _ := p.postJSON("/api/v1/calendar/2026-02-10/delete", `{"version":2}`); resp.StatusCode != http.StatusForbidden {
		t.Errorf("provincial admin deleting: %d", resp.StatusCode)
	}
	if resp, _ := p.getJSON("/api/v1/calendar"); resp.StatusCode != 200 {
		t.Errorf("provincial admin reading: %d", resp.StatusCode)
	}
	if resp, d := a.postJSON("/api/v1/calendar/2026-02-10/delete", `{"version":2}`); resp.StatusCode != 200 || d["name"] != "Nghỉ lễ thêm" {
		t.Errorf("delete: %d %v", resp.StatusCode, d)
	}
	if _, y := a.getJSON("/api/v1/calendar?year=2026"); jsonNumber(y["working_days"]) != "250" {
		t.Errorf("working days after deleting: %v", y["working_days"])
	}
}
