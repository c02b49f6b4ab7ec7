package e2e

import (
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
)

// The office opens the demo's decided round, reads the Chairman's
// decision with each dossier's outcome, and follows an issued
// certificate's link to its public verification page.
func TestDecidedRoundToVerify(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	b := newTab(t, a)
	b.mustLogin("vanphong.sonla", demo.Password, "Hoàng Văn Nam")
	if st := b.open("/dot-danh-gia"); st != 200 {
		t.Fatalf("rounds: status %d%s", st, b.where())
	}
	var href string
	b.eval(`[...document.querySelectorAll("main tbody tr")].find(tr => tr.textContent.includes("Đã quyết định")).querySelector("a").getAttribute("href")`, &href)
	if st := b.open(href); st != 200 {
		t.Fatalf("decided round %q: status %d%s", href, st, b.where())
	}
	if got := b.text("#quyet-dinh"); got != "Quyết định công nhận" {
		t.Errorf("decision heading = %q%s", got, b.where())
	}
	if got := b.text("main"); !strings.Contains(got, "Quyết định số 845/QĐ-UBND") || !strings.Contains(got, "Không công nhận (dưới 3 sao)") ||
		!strings.Contains(got, "Công nhận 4 sao, cấp giấy chứng nhận") {
		t.Errorf("the decision's outcomes are missing%s", b.where())
	}
	if st := b.click(`main td a[href^="/verify/"]`); st != 200 {
		t.Fatalf("verify link: status %d%s", st, b.where())
	}
	if got := b.text("main .verdict"); !strings.Contains(got, "còn hiệu lực") {
		t.Errorf("verdict %q, want còn hiệu lực%s", got, b.where())
	}
	if got := b.dd("Sản phẩm"); got != "Nước ép xoài Yên Châu" && got != "Mứt mận hậu Mộc Châu" {
		t.Errorf("verified product %q", got)
	}
}
