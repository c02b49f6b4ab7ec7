package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ocopvn/ocop/internal/demo"
)

// The demo advisory team's lead reviews the demo round's dossier (a note,
// a verdict) and reports to the council chair, who then reads the
// review beside the dossier on the score sheet.
func TestAdvisoryReviewInBrowser(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	b := newTab(t, a)
	b.mustLogin("totuvan.sonla", demo.Password, "Đinh Công Sơn")
	if st := b.click(`.menu nav a[href="/tu-van"]`); st != 200 {
		t.Fatalf("menu link: status %d%s", st, b.where())
	}
	if st := b.click(`main ul a[href^="/tu-van/"]`); st != 200 {
		t.Fatalf("round link: status %d%s", st, b.where())
	}
	round := b.path()
	if st := b.click(`main table a[href*="/ho-so/"]`); st != 200 || !strings.HasPrefix(b.text("h1"), "Rà soát của Tổ tư vấn") {
		t.Fatalf("review page: status %d%s", st, b.where())
	}
	b.run(chromedp.SendKeys("#f-body", "Cần bổ sung phiếu kiểm nghiệm vi sinh.", chromedp.ByQuery)) // empty: nothing to clear
	if st := b.click(`form[action$="/ghi-chu"] button`); st != 200 || b.text(".flash") != "Đã lưu." {
		t.Fatalf("note: status %d, flash %q%s", st, b.text(".flash"), b.where())
	}
	if got := b.text("#ghi-chu + ul"); !strings.Contains(got, "Cần bổ sung phiếu kiểm nghiệm vi sinh.") {
		t.Errorf("notes = %q", got)
	}
	b.choose("#f-verdict", "eligible")
	if st := b.click(`form[action$="/ket-luan"] button`); st != 200 || b.text(".flash") != "Đã lưu." {
		t.Fatalf("verdict: status %d, flash %q%s", st, b.text(".flash"), b.where())
	}
	b.open(round)
	b.run(chromedp.SendKeys("#f-summary", "Hồ sơ đủ điều kiện đưa ra Hội đồng.", chromedp.ByQuery))
	if st := b.click(`form[action$="/bao-cao"] button`); st != 200 || !strings.Contains(b.text("main"), "Tổ tư vấn đã gửi báo cáo") {
		t.Fatalf("report: status %d%s", st, b.where())
	}

	c := newTab(t, a)
	c.mustLogin("hoidong.sonla", demo.Password, "Nguyễn Thị Mai")
	c.open(strings.Replace(round, "/tu-van/", "/hoi-dong/", 1))
	if st := c.click(`main a[href$="/cham-diem"]`); st != 200 {
		t.Fatalf("sheet page: status %d%s", st, c.where())
	}
	if got := c.text("main"); !strings.Contains(got, "Đủ điều kiện đưa ra Hội đồng") || !strings.Contains(got, "Cần bổ sung phiếu kiểm nghiệm vi sinh.") {
		t.Errorf("the score sheet does not show the advisory review%s", c.where())
	}
}
