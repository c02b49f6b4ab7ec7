package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ocopvn/ocop/internal/demo"
)

// screenshotDir is where phone screenshots go: $OCOP_E2E_SCREENSHOTS if
// set (to look at them), else the test's temporary directory.
func screenshotDir(t *testing.T) string {
	if d := os.Getenv("OCOP_E2E_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// TestPhoneLayout checks that pages fit a 390 px wide phone screen without
// sideways scrolling, and keeps a screenshot of each.
func TestPhoneLayout(t *testing.T) {
	t.Parallel()
	b := newTab(t, newApp(t))
	dir := screenshotDir(t)
	b.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch))

	check := func(name, path string) {
		t.Helper()
		if st := b.open(path); st != 200 {
			t.Fatalf("GET %s: status %d%s", path, st, b.where())
		}
		var m struct{ ScrollWidth, InnerWidth int }
		b.eval(`({ScrollWidth: document.documentElement.scrollWidth, InnerWidth: window.innerWidth})`, &m)
		if m.InnerWidth != 390 {
			t.Errorf("%s: window.innerWidth = %d, want 390 (viewport meta?)", path, m.InnerWidth)
		}
		if m.ScrollWidth > m.InnerWidth {
			var wide []string
			b.eval(`Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
				.slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' ' + Math.round(e.getBoundingClientRect().right) + 'px')`, &wide)
			t.Errorf("%s scrolls sideways on a phone: scrollWidth %d > innerWidth %d; widest: %s", path, m.ScrollWidth, m.InnerWidth, strings.Join(wide, ", "))
		}
		var png []byte
		b.run(chromedp.FullScreenshot(&png, 100))
		file := filepath.Join(dir, "phone-"+name+".png")
		if err := os.WriteFile(file, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", file)
	}

	check("landing", "/")
	check("register", "/dang-ky")
	b.mustLogin("quantri.sonla", demo.Password, "Quàng Văn Dũng") // the longest menu
	check("dashboard", "/tong-quan")
	// On a phone the menu starts folded behind "Trình đơn" and opens on tap.
	var open bool
	b.eval(`document.querySelector('details.menu').open`, &open)
	if open {
		t.Error("the menu is unfolded on a phone; it should start folded")
	}
	b.run(chromedp.Click(`details.menu summary`, chromedp.ByQuery))
	var logoutVisible bool
	b.eval(`document.querySelector('details.menu').open && document.querySelector('.menu nav form[action="/dang-xuat"] button').getBoundingClientRect().height > 0`, &logoutVisible)
	if !logoutVisible {
		t.Error("tapping the menu toggle does not show the menu")
	}
	check("producers", "/chu-the")
	check("audit", "/quan-tri/nhat-ky")
}

// TestAccessibilityBasics checks, on the main pages of an anonymous
// visitor and of staff: html lang="vi", exactly one h1, and a label for
// every form control a user can see.
func TestAccessibilityBasics(t *testing.T) {
	t.Parallel()
	b := newTab(t, newApp(t))
	check := func(path string) {
		t.Helper()
		if st := b.open(path); st != 200 {
			t.Errorf("GET %s: status %d%s", path, st, b.where())
			return
		}
		var r struct {
			Lang      string
			H1        int
			Unlabeled []string
		}
		// Controls hidden from everyone (type=hidden, the hidden
		// attribute, display:none) are not in the accessibility tree and
		// need no label.
		b.eval(`({
			Lang: document.documentElement.lang,
			H1: document.querySelectorAll('h1').length,
			Unlabeled: Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
				.filter(e => !e.hidden && e.checkVisibility())
				.filter(e => !(e.labels && e.labels.length > 0) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
				.map(e => e.outerHTML.slice(0, 120)),
		})`, &r)
		if r.Lang != "vi" {
			t.Errorf("%s: html lang = %q, want \"vi\"", path, r.Lang)
		}
		if r.H1 != 1 {
			t.Errorf("%s: %d h1 elements, want exactly 1", path, r.H1)
		}
		for _, u := range r.Unlabeled {
			t.Errorf("%s: form control without a label: %s", path, u)
		}
	}

	for _, p := range []string{"/", "/dang-nhap", "/dang-ky", "/don-vi", "/don-vi/" + demo.SonLa, "/don-vi/" + demo.ChiengMai} {
		check(p)
	}
	b.mustLogin("canbo.chiengmai", demo.Password, "Cầm Thị Hương")
	for _, p := range []string{"/tong-quan", "/chu-the", "/chu-the?trang-thai=pending", "/san-pham", "/tai-khoan/mat-khau", "/tai-khoan/api"} {
		check(p)
	}
	// A pending producer's page shows the confirm and reject forms.
	var pending string
	b.open("/chu-the?trang-thai=pending")
	b.eval(`(document.querySelector('main table a[href^="/chu-the/"]')||{}).pathname||''`, &pending)
	if pending == "" {
		t.Errorf("no pending producer for the commune officer")
	} else {
		check(pending)
	}
	b.logout()
	b.mustLogin("quantri.sonla", demo.Password, "Quàng Văn Dũng")
	for _, p := range []string{"/quan-tri/tai-khoan", "/quan-tri/tai-khoan/moi", "/quan-tri/nhat-ky"} {
		check(p)
	}
}
