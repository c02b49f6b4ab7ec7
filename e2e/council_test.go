package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ocopvn/ocop/internal/demo"
)

// The demo council's chair opens scoring of the demo round, fills the
// sheet beside the producer's evidence, keeps a draft, submits, closes
// scoring and reads the council's result; the office sees it too.
func TestCouncilScoresInBrowser(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	b := newTab(t, a)
	b.mustLogin("hoidong.sonla", demo.Password, "Nguyễn Thị Mai")
	if st := b.click(`.menu nav a[href="/hoi-dong"]`); st != 200 {
		t.Fatalf("menu link: status %d%s", st, b.where())
	}
	if st := b.click(`main ul a[href^="/hoi-dong/"]`); st != 200 {
		t.Fatalf("round link: status %d%s", st, b.where())
	}
	round := b.path()
	if st := b.click(`form[action$="/mo-cham"] button`); st != 200 || b.text(".flash") != "Đã mở chấm điểm." {
		t.Fatalf("open scoring: status %d, flash %q%s", st, b.text(".flash"), b.where())
	}
	if st := b.click(`main a[href$="/cham-diem"]`); st != 200 || !strings.HasPrefix(b.text("h1"), "Phiếu chấm điểm") {
		t.Fatalf("sheet page: status %d%s", st, b.where())
	}
	var evidence int
	b.eval(`document.querySelectorAll('main td a[href*="/minh-chung/"]').length`, &evidence)
	if evidence == 0 {
		t.Errorf("no evidence beside the criteria%s", b.where())
	}
	var first string
	b.eval(`(() => { const all = document.querySelectorAll('main table select');
		all.forEach(s => { s.value = s.options[s.options.length - 1].value; });
		return all[0].id; })()`, &first)
	sel := `[id="` + first + `"]`
	chosen := b.value(sel)
	b.run(chromedp.SendKeys("main table textarea", "Minh chứng rõ ràng", chromedp.ByQuery)) // empty: nothing to clear
	if st := b.click(`button[name=draft]`); st != 200 || b.text(".flash") != "Đã lưu bản nháp." {
		t.Fatalf("draft: status %d, flash %q%s", st, b.text(".flash"), b.where())
	}
	if got := b.value(sel); got != chosen {
		t.Errorf("after the draft %s = %q, want %q kept", first, got, chosen)
	}
	if got := b.value("main table textarea"); got != "Minh chứng rõ ràng" {
		t.Errorf("comment after the draft = %q", got)
	}
	if st := b.click(`button[name=submit]`); st != 200 || b.text(".flash") != "Đã nộp phiếu chấm." {
		t.Fatalf("submit: status %d, flash %q%s", st, b.text(".flash"), b.where())
	}
	b.open(round)
	if st := b.click(`form[action$="/khoa-cham"] button`); st != 200 {
		t.Fatalf("close: status %d%s", st, b.where())
	}
	if got := b.text("#ket-qua"); got != "Kết quả chấm điểm của Hội đồng" {
		t.Errorf("results heading = %q%s", got, b.where())
	}
	if got := b.text("main table tbody tr"); !strings.Contains(got, "Xoài tròn Yên Châu") {
		t.Errorf("results row = %q", got)
	}

	o := newTab(t, a)
	o.mustLogin("vanphong.sonla", demo.Password, "Hoàng Văn Nam")
	if st := o.click(`.menu nav a[href="/dot-danh-gia"]`); st != 200 {
		t.Fatalf("office menu: status %d%s", st, o.where())
	}
	if st := o.click(`main table a[href^="/dot-danh-gia/"]`); st != 200 {
		t.Fatalf("office round: status %d%s", st, o.where())
	}
	if got := o.text("#ket-qua"); got != "Kết quả chấm điểm của Hội đồng" {
		t.Errorf("office results heading = %q%s", got, o.where())
	}
}
