package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ocopvn/ocop/internal/demo"
)

// TestDossierWalkthrough follows the demo's submitted dossier through the
// commune and the province in Chromium: receipt, the Mẫu 03 assessment, a
// return to the producer, refiling, forwarding, and the province taking it
// into evaluation.
func TestDossierWalkthrough(t *testing.T) {
	t.Parallel()
	b := newTab(t, newApp(t))

	b.mustLogin("canbo.chiengmai", demo.Password, "Cầm Thị Hương")
	b.open("/ho-so?trang-thai=submitted")
	if got := b.text("main table tbody"); !strings.Contains(got, "còn") {
		t.Errorf("the commune queue shows no deadline: %q", got)
	}
	b.click(`main table tbody a[href^="/ho-so/"]`)
	dossier := b.path()
	step := func(button, wantStatus string) {
		t.Helper()
		if st := b.click(button); st != 200 {
			t.Fatalf("%s: status %d%s", button, st, b.where())
		}
		if got := b.dd("Trạng thái"); !strings.Contains(got, wantStatus) {
			t.Fatalf("after %s: status %q, want %q%s", button, got, wantStatus, b.where())
		}
	}
	step(`form[action$="/tiep-nhan"] button`, "Đã nộp UBND cấp xã")
	if got := b.text("main"); !strings.Contains(got, "/PĐK-14-04132-") {
		t.Fatalf("no receipt number on the page%s", b.where())
	}
	// The textareas start empty: type without clearing.
	fill := func(sel, text string) { b.run(chromedp.SendKeys(sel, text, chromedp.ByQuery, chromedp.NodeVisible)) }
	fill("#f-raw_material", "100% cà phê Arabica trồng tại xã Chiềng Mai")
	fill("#f-labour", "45 thành viên và 120 hộ liên kết là người địa phương")
	fill("#f-idea_origin", "Sản phẩm truyền thống của vùng")
	fill("#f-identity", "Gắn với văn hóa Thái và vùng cà phê Sơn La")
	step(`form[action$="/danh-gia-xa"] button`, "Đã nộp UBND cấp xã")
	b.typeInto(`form[action$="/tra-lai"] #f-reason`, "Bổ sung hợp đồng liên kết năm 2026")
	step(`form[action$="/tra-lai"] button`, "trả lại")
	b.logout()

	b.mustLogin("chuthe.caphe", demo.Password, "Lò Văn Thắng")
	b.open(dossier)
	if got := b.text("main .alert"); !strings.Contains(got, "Bổ sung hợp đồng liên kết năm 2026") {
		t.Errorf("the producer does not see the reason: %q", got)
	}
	step(`form[action$="/nop"] button`, "Đã nộp UBND cấp xã")
	b.logout()

	b.mustLogin("canbo.chiengmai", demo.Password, "Cầm Thị Hương")
	b.open(dossier)
	step(`form[action$="/chuyen-tinh"] button`, "đã báo cáo UBND cấp tỉnh")
	b.logout()

	b.mustLogin("vanphong.sonla", demo.Password, "Hoàng Văn Nam")
	b.open(dossier)
	if got := b.text("main"); !strings.Contains(got, "Đợt đánh giá có thể vào") {
		t.Errorf("the province does not see the round%s", b.where())
	}
	step(`form[action$="/tiep-nhan-tinh"] button`, "Cấp tỉnh đã tiếp nhận")
}
