package e2e

import (
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
)

// The demo's Sơn La 2022 course, reached from the year's report, reads
// like the press release and draws its charts (a bar per unit).
func TestDemoCourseReport(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	b := newTab(t, a)
	if st := b.login("vanphong.sonla", demo.Password); st != 200 {
		t.Fatalf("login: %d%s", st, b.where())
	}
	if st := b.open("/tap-huan/bao-cao?nam=2022"); st != 200 {
		t.Fatalf("year report: %d%s", st, b.where())
	}
	if got := b.text(".lead"); got != "1 lớp tập huấn, 60 học viên." {
		t.Errorf("year lead %q", got)
	}
	if st := b.click(`a[href$="/bao-cao"]`); st != 200 {
		t.Fatalf("course report: %d%s", st, b.where())
	}
	if got := b.text(".lead"); !strings.HasPrefix(got, "60 học viên từ 12 đơn vị, 8 chuyên đề") {
		t.Errorf("course lead %q%s", got, b.where())
	}
	var bars int
	b.eval(`document.querySelectorAll('svg[aria-labelledby="chart-units-t chart-units-d"] rect').length`, &bars)
	var title string
	b.eval(`document.getElementById('chart-units-t').textContent`, &title)
	if bars != 12 || title != "Học viên theo đơn vị" {
		t.Errorf("units chart: %d bars, title %q", bars, title)
	}
}
