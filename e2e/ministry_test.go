package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ocopvn/ocop/internal/demo"
)

// The 5★ level in the browser: the provincial office writes its letter
// proposing the demo's dried mango (90 points) to the Ministry — a wrong
// date is refused next to its field with what was typed kept —, then the
// Ministry's office opens its next round, takes the dossier in, reads the
// provincial papers from its view and asks the province for additions,
// and follows the 5★ certificate of its decided round to the public page.
func TestFiveStarsInBrowser(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	b := newTab(t, a)
	b.mustLogin("vanphong.sonla", demo.Password, "Hoàng Văn Nam")
	if st := b.open("/ho-so?trang-thai=ministry"); st != 200 {
		t.Fatalf("dossiers for the Ministry: status %d%s", st, b.where())
	}
	var href string
	b.eval(`[...document.querySelectorAll("main a[href^='/ho-so/']")].find(a => a.textContent.includes("Xoài sấy lạnh Yên Châu")).getAttribute("href")`, &href)
	if st := b.open(href); st != 200 || b.text("#bo") != "Đề nghị Bộ công nhận 5 sao" {
		t.Fatalf("dossier %q: status %d, section %q%s", href, st, b.text("#bo"), b.where())
	}
	b.typeInto("#f-letter_no", "2001/UBND-KT")
	b.typeInto("#f-letter_date", "31/02/2026")
	b.typeInto("#f-signer", "Phó Chủ tịch UBND tỉnh Sơn La")
	if st := b.click(`form[action$="/de-nghi-bo"] button`); st != 422 {
		t.Fatalf("letter of 31/02: status %d%s", st, b.where())
	}
	if got := b.value("#f-signer"); got != "Phó Chủ tịch UBND tỉnh Sơn La" || b.value("#f-letter_no") != "2001/UBND-KT" {
		t.Errorf("signer after the refusal = %q", got)
	}
	if b.text("#e-letter_date") == "<no #e-letter_date>" {
		t.Errorf("no message next to the date%s", b.where())
	}
	b.typeInto("#f-letter_date", time.Now().Format("02/01/2006"))
	if st := b.click(`form[action$="/de-nghi-bo"] button`); st != 200 || !strings.Contains(b.text("#bo + p"), "2001/UBND-KT") {
		t.Fatalf("letter: status %d, %q%s", st, b.text("#bo + p"), b.where())
	}
	b.logout()

	b.mustLogin("vanphong.bo", demo.Password, "Trần Quốc Việt")
	if st := b.open("/dot-danh-gia"); st != 200 || !strings.Contains(b.text("main"), "cấp trung ương") {
		t.Fatalf("Ministry rounds: status %d%s", st, b.where())
	}
	// A letter of today reaches round 2 of next year (letters by 30/01).
	year, number := time.Now().Year(), 1
	if time.Now().Month() >= time.August || time.Now().Month() == time.July && time.Now().Day() >= 31 {
		year, number = year+1, 2
	}
	b.typeInto("#f-year", fmt.Sprint(year))
	b.typeInto("#f-number", fmt.Sprint(number))
	if st := b.click(`form[action="/dot-danh-gia"] button`); st != 200 || !strings.Contains(b.text("h1"), "cấp trung ương") {
		t.Fatalf("new Ministry round: status %d%s", st, b.where())
	}
	if got := b.text("main"); !strings.Contains(got, "Hồ sơ các tỉnh đề nghị công nhận 5 sao") || !strings.Contains(got, "Xoài sấy lạnh Yên Châu") {
		t.Fatalf("the proposed dossier is not a candidate%s", b.where())
	}
	if st := b.click(`form[action$="/ho-so"] button`); st != 200 || b.text(".flash") != "Đã đưa hồ sơ vào đợt." {
		t.Fatalf("take the dossier: status %d, flash %q%s", st, b.text(".flash"), b.where())
	}
	askAdditions(t, b)
	b.open("/dot-danh-gia")
	b.eval(`[...document.querySelectorAll("main tbody tr")].find(tr => tr.textContent.includes("Đã quyết định")).querySelector("a").getAttribute("href")`, &href)
	if st := b.open(href); st != 200 || !strings.Contains(b.text("main"), "Quyết định số 1789/QĐ-BNNMT") ||
		!strings.Contains(b.text("main"), "Công nhận 5 sao, cấp giấy chứng nhận") {
		t.Fatalf("decided Ministry round %q: status %d%s", href, st, b.where())
	}
	if st := b.click(`main td a[href^="/verify/"]`); st != 200 {
		t.Fatalf("verify link: status %d%s", st, b.where())
	}
	if got := b.text("main .verdict"); !strings.Contains(got, "còn hiệu lực") {
		t.Errorf("verdict %q, want còn hiệu lực%s", got, b.where())
	}
	if got := b.dd("Sản phẩm"); got != "Mận hậu sấy lạnh Mộc Châu" {
		t.Errorf("verified product %q", got)
	}
	if got := b.text("main"); !strings.Contains(got, "Bộ Nông nghiệp và Môi trường") {
		t.Errorf("the 5★ certificate does not name the Ministry%s", b.where())
	}
}

// askAdditions is the Ministry's office, on its round's page, opening the
// dossier's view: the provincial papers are linked, a letter with a
// deadline of 0 days is refused with what was typed kept, then the letter goes to
// the province and the round marks the dossier as awaiting additions.
func askAdditions(t *testing.T, b *tab) {
	t.Helper()
	if st := b.click(`main td a[href$="/tu-van"]`); st != 200 || !strings.Contains(b.text("#cap-tinh"), "Hồ sơ cấp tỉnh gửi kèm") {
		t.Fatalf("the dossier's view in the Ministry round: status %d%s", st, b.where())
	}
	var pdf string
	b.eval(`document.querySelector("#cap-tinh ~ ul a[href$='/bien-ban.pdf']") !== null ? "ok" : ""`, &pdf)
	if pdf != "ok" {
		t.Errorf("no link to the provincial minutes%s", b.where())
	}
	b.typeInto("#f-letter_date", time.Now().Format("02/01/2006"))
	b.run(chromedp.SendKeys("#f-content", "Tiêu chí 9: bổ sung phiếu kiểm nghiệm định kỳ.", chromedp.ByQuery)) // empty: nothing to clear
	b.typeInto("#f-working_days", "0")
	if st := b.click(`form[action$="/yeu-cau-bo-sung"] button`); st != 422 || !strings.Contains(b.text("#e-working_days"), "từ 1 đến 60") {
		t.Fatalf("a letter with a deadline of 0 days: status %d%s", st, b.where())
	}
	if got := b.value("#f-content"); got != "Tiêu chí 9: bổ sung phiếu kiểm nghiệm định kỳ." {
		t.Errorf("content after the refusal = %q", got)
	}
	b.typeInto("#f-working_days", "10")
	if st := b.click(`form[action$="/yeu-cau-bo-sung"] button`); st != 200 || b.text(".flash") != "Đã gửi UBND cấp tỉnh yêu cầu bổ sung hồ sơ." {
		t.Fatalf("the letter: status %d, flash %q%s", st, b.text(".flash"), b.where())
	}
	if !strings.Contains(b.text("main"), "Chờ tỉnh bổ sung theo yêu cầu của Bộ") {
		t.Errorf("the round does not mark the dossier%s", b.where())
	}
}
