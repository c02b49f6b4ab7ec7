package e2e

import (
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
)

// The demo lecturer (no training.manage) finds the two sessions taught in
// 2022 under "Buổi tôi giảng" and cannot open the lecturers' page; the
// provincial office finds that lecturer there, linked to the account.
func TestDemoLecturerInBrowser(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	b := newTab(t, a)
	b.mustLogin(demo.LecturerAccount, demo.Password, "Nguyễn Văn Minh")
	if st := b.open("/tap-huan"); st != 200 {
		t.Fatalf("training page: %d%s", st, b.where())
	}
	taught := b.text("#buoi-toi-giang + .table-wrap")
	if !strings.Contains(taught, demo.Course2022) || strings.Count(taught, "27/09/2022") != 2 {
		t.Errorf("Buổi tôi giảng = %q", taught)
	}
	if st := b.open("/giang-vien"); st != 403 {
		t.Errorf("the lecturer opens the lecturers' page: %d", st)
	}

	office := newTab(t, a)
	office.mustLogin("vanphong.sonla", demo.Password, "Hoàng Văn Nam")
	if st := office.open("/tap-huan"); st != 200 {
		t.Fatalf("training page: %d%s", st, office.where())
	}
	if st := office.click(`main a[href="/giang-vien"]`); st != 200 {
		t.Fatalf("lecturers link: %d%s", st, office.where())
	}
	office.typeInto("#f-q", "nguyen van minh")
	if st := office.click(`form[role="search"] button`); st != 200 {
		t.Fatalf("search: %d%s", st, office.where())
	}
	if rows := office.text("main tbody"); !strings.Contains(rows, "Nguyễn Văn Minh") || !strings.Contains(rows, demo.LecturerAccount) ||
		strings.Contains(rows, "Trần Thị Thu Hà") {
		t.Errorf("search result = %q", rows)
	}
}
