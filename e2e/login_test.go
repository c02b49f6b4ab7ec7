package e2e

import (
	"slices"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/ocop"
)

// roleView is what one role should see after logging in. It is written out
// by hand, not derived from ocop.Role.Can, so that a change to the
// permission table shows up here as a reviewable test change.
type roleView struct {
	role   string   // Vietnamese role name on the dashboard
	scope  string   // "Phạm vi" on the dashboard
	nav    []string // role-dependent menu entries, in order
	page   string   // a page the role may use…
	pageH1 string   // …and its heading
	denied string   // a page it may not use ("" for admin: see deniedAction)
}

var (
	communeNav  = []string{"Tổng quan", "Chủ thể OCOP", "Chờ xác nhận", "Sản phẩm", "Hồ sơ", "Tập huấn", "Bộ tiêu chí", "Tự đánh giá", "Đơn vị hành chính", "Thông báo (1)"} // the demo's submitted dossier waits for the commune
	viewerNav   = []string{"Tổng quan", "Chủ thể OCOP", "Sản phẩm", "Hồ sơ", "Tập huấn", "Bộ tiêu chí", "Tự đánh giá", "Đơn vị hành chính"}
	officeNav   = []string{"Tổng quan", "Chủ thể OCOP", "Sản phẩm", "Hồ sơ", "Đợt đánh giá", "Tập huấn", "Môi trường thực hành", "Bộ tiêu chí", "Tự đánh giá", "Đơn vị hành chính", "Thông báo (1)"} // the demo's dried mango, forwarded, waits for the province
	councilNav  = []string{"Tổng quan", "Chủ thể OCOP", "Sản phẩm", "Hồ sơ", "Hội đồng đánh giá", "Tập huấn", "Bộ tiêu chí", "Tự đánh giá", "Đơn vị hành chính"}
	advisoryNav = []string{"Tổng quan", "Chủ thể OCOP", "Sản phẩm", "Hồ sơ", "Tổ tư vấn", "Tập huấn", "Bộ tiêu chí", "Tự đánh giá", "Đơn vị hành chính"}
	trainerNav  = []string{"Tổng quan", "Tập huấn", "Môi trường thực hành", "Bộ tiêu chí", "Tự đánh giá", "Đơn vị hành chính"}
	ministryNav = []string{"Tổng quan", "Chủ thể OCOP", "Sản phẩm", "Hồ sơ", "Đợt đánh giá", "Tập huấn", "Bộ tiêu chí", "Tự đánh giá", "Đơn vị hành chính"}
	adminNav    = []string{"Tổng quan", "Chủ thể OCOP", "Sản phẩm", "Hồ sơ", "Bộ tiêu chí", "Tự đánh giá", "Đơn vị hành chính", "Tài khoản", "Nhật ký hệ thống", "Thư điện tử", "Lịch làm việc"}
	accountMenu = []string{"Đổi mật khẩu", "Mã truy cập API"} // then "Đăng xuất (username)"
)

var roleViews = map[ocop.Role]roleView{
	ocop.RoleProducer: {"Chủ thể OCOP", "Xã Chiềng Mai", viewerNav, "/san-pham", "Sản phẩm", "/quan-tri/tai-khoan"},
	ocop.RoleCommune:  {"Cán bộ UBND cấp xã", "Xã Chiềng Mai", communeNav, "/chu-the?trang-thai=pending", "Chủ thể chờ xác nhận", "/quan-tri/nhat-ky"},
	ocop.RoleProvince: {"Cơ quan tham mưu OCOP cấp tỉnh", "Tỉnh Sơn La", officeNav, "/chu-the", "Chủ thể OCOP", "/quan-tri/tai-khoan"},
	ocop.RoleCouncil:  {"Thành viên Hội đồng đánh giá", "Tỉnh Sơn La", councilNav, "/san-pham", "Sản phẩm", "/quan-tri/nhat-ky"},
	ocop.RoleAdvisory: {"Thành viên Tổ tư vấn", "Tỉnh Sơn La", advisoryNav, "/chu-the", "Chủ thể OCOP", "/quan-tri/tai-khoan/moi"},
	ocop.RoleMinistry: {"Cơ quan tham mưu OCOP của Bộ Nông nghiệp và Môi trường", "Toàn quốc", ministryNav, "/san-pham", "Sản phẩm", "/quan-tri/tai-khoan"},
	ocop.RoleTrainer:  {"Giảng viên tập huấn", "Tỉnh Sơn La", trainerNav, "/thuc-hanh", "Môi trường thực hành", "/chu-the"},
	ocop.RoleAdmin:    {"Quản trị hệ thống", "Tỉnh Sơn La", adminNav, "/quan-tri/nhat-ky", "Nhật ký hệ thống", ""},
}

// TestLoginEveryRole logs in with every demo account and checks the
// greeting, the role, the menu, one allowed and one forbidden page, and
// logging out.
func TestLoginEveryRole(t *testing.T) {
	t.Parallel()
	if len(demo.Accounts) != len(ocop.Roles) {
		t.Fatalf("%d demo accounts for %d roles: keep one account per role", len(demo.Accounts), len(ocop.Roles))
	}
	for _, acc := range demo.Accounts {
		t.Run(string(acc.Role), func(t *testing.T) {
			t.Parallel()
			want, ok := roleViews[acc.Role]
			if !ok {
				t.Fatalf("no expected view for role %s: add it to roleViews", acc.Role)
			}
			b := newTab(t, newApp(t))
			b.mustLogin(acc.Username, demo.Password, acc.FullName)

			if got := b.dd("Vai trò"); got != want.role {
				t.Errorf("role on dashboard = %q, want %q", got, want.role)
			}
			if got := b.dd("Phạm vi"); got != want.scope {
				t.Errorf("scope on dashboard = %q, want %q", got, want.scope)
			}
			if got := b.dd("Trạng thái"); got != "Đang hoạt động" {
				t.Errorf("status on dashboard = %q, want %q", got, "Đang hoạt động")
			}
			wantNav := slices.Concat(want.nav, accountMenu, []string{"Đăng xuất (" + acc.Username + ")"})
			if got := b.navEntries(); !slices.Equal(got, wantNav) {
				t.Errorf("menu of %s:\n got  %q\n want %q", acc.Role, got, wantNav)
			}

			if st := b.open(want.page); st != 200 {
				t.Errorf("GET %s: status %d, want 200%s", want.page, st, b.where())
			} else if got := b.text("h1"); got != want.pageH1 {
				t.Errorf("GET %s: h1 %q, want %q", want.page, got, want.pageH1)
			}

			if want.denied != "" {
				st := b.open(want.denied)
				checkForbidden(t, b, "GET "+want.denied, st)
			} else {
				deniedAction(t, b)
			}
			b.logout()
		})
	}
}

// deniedAction is the admin's forbidden case: the admin sees every page
// but may not confirm a producer registration (only the commune may). The
// confirm form is not shown to the admin, so the test posts it as a
// crafted same-origin form would.
func deniedAction(t *testing.T, b *tab) {
	t.Helper()
	b.open("/chu-the?trang-thai=pending")
	var href string
	b.eval(`(document.querySelector('main table a[href^="/chu-the/"]')||{}).pathname||''`, &href)
	if href == "" {
		t.Fatalf("admin sees no pending producer in /chu-the?trang-thai=pending%s", b.where())
	}
	if st := b.open(href); st != 200 {
		t.Fatalf("GET %s: status %d", href, st)
	}
	var buttons int
	b.eval(`document.querySelectorAll('form[action$="/xac-nhan"], form[action$="/tu-choi"]').length`, &buttons)
	if buttons != 0 {
		t.Errorf("admin is shown %d confirm/reject forms on %s, want none", buttons, href)
	}
	st := b.load(chromedp.Evaluate(`(() => {
		const f = document.createElement('form');
		f.method = 'post'; f.action = location.pathname + '/xac-nhan';
		const v = document.createElement('input'); v.type = 'hidden'; v.name = 'version'; v.value = '1';
		f.append(v); document.body.append(f); f.submit(); return true;
	})()`, nil))
	checkForbidden(t, b, "POST "+href+"/xac-nhan", st)
}

// checkForbidden checks the Vietnamese "no permission" page.
func checkForbidden(t *testing.T, b *tab, what string, status int64) {
	t.Helper()
	if status != 403 {
		t.Errorf("%s: status %d, want 403%s", what, status, b.where())
		return
	}
	if got, want := b.text("h1"), "Không có quyền"; got != want {
		t.Errorf("%s: h1 %q, want %q", what, got, want)
	}
	if got, want := b.text("main .alert"), "Bạn không có quyền thực hiện thao tác này."; got != want {
		t.Errorf("%s: message %q, want %q", what, got, want)
	}
}

// TestLoginWrongPassword checks the failure message and that the typed
// username stays in the form (and the password does not).
func TestLoginWrongPassword(t *testing.T) {
	t.Parallel()
	b := newTab(t, newApp(t))
	// 401 or 422 (the form comes back with an error); never a success.
	if st := b.login("canbo.chiengmai", "mat-khau-sai-2026"); st != 401 && st != 422 {
		t.Errorf("wrong password: status %d, want 401 or 422", st)
	}
	if got := b.path(); got != "/dang-nhap" {
		t.Errorf("after wrong password: at %s, want /dang-nhap", got)
	}
	if got, want := b.text("main .alert"), "Tên đăng nhập hoặc mật khẩu không đúng."; got != want {
		t.Errorf("message = %q, want %q", got, want)
	}
	if got := b.value("#f-username"); got != "canbo.chiengmai" {
		t.Errorf("username field = %q, want the typed %q", got, "canbo.chiengmai")
	}
	if got := b.value("#f-password"); got != "" {
		t.Errorf("password field = %q, want it empty", got)
	}
	// The right password still works from the same form.
	b.typeInto("#f-password", demo.Password)
	if st := b.click(`main form[action="/dang-nhap"] button[type=submit]`); st != 200 || b.path() != "/tong-quan" {
		t.Errorf("second attempt: status %d at %s, want 200 at /tong-quan", st, b.path())
	}
}
