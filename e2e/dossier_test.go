package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/pdf"
)

// TestWalkthrough is issue #4's walkthrough in Chromium: a tea cooperative
// registers and the commune confirms it; it uploads its papers, creates and
// classifies a product, fills the self-assessment and uploads evidence
// through the real file input, and submits. The commune receives the
// dossier and returns it; the producer changes an answer, adds evidence and
// refiles; the commune writes its Mẫu 03 assessment and forwards it; the
// province asks for completion; the producer refiles, the commune forwards
// again and the province takes it into evaluation.
func TestWalkthrough(t *testing.T) {
	t.Parallel()
	// Fifteen uploads and nine sign-ins: far more than one page's worth.
	b := newTabFor(t, newApp(t), 5*tabTimeout)
	producer, password, fullName := registerAndConfirm(t, b)
	file := evidencePDF(t)

	// Papers, on the producer's own page.
	b.click(`main table tbody a[href^="/chu-the/"]`)
	for kind, title := range map[string]string{"dang_ky_kinh_doanh": "Giấy chứng nhận đăng ký hợp tác xã", "attp": "Giấy chứng nhận cơ sở đủ điều kiện ATTP"} {
		b.choose("#f-kind", kind)
		b.typeInto("#f-title", title)
		b.run(chromedp.SetUploadFiles("#f-file", []string{file}, chromedp.ByQuery))
		if st := b.click(`form[action$="/giay-to"] button[type=submit]`); st != 200 {
			t.Fatalf("upload %s: status %d%s", kind, st, b.where())
		}
		if got := b.text(".flash"); !strings.Contains(got, title) {
			t.Errorf("after uploading %s: flash %q", kind, got)
		}
	}

	// A product classified on card 11 (tea), and its first-rating dossier.
	b.open("/san-pham/moi")
	b.typeInto("#f-name", "Chè Shan tuyết cổ thụ Chiềng Mai")
	b.choose("#f-card", "11")
	if st := b.click(`main form[action="/san-pham"] button[type=submit]`); st != 200 {
		t.Fatalf("create product: status %d%s", st, b.where())
	}
	b.click(`form[action$="/ho-so"] button[type=submit]`)
	dossier := b.path()
	if !strings.HasPrefix(dossier, "/ho-so/") || !strings.Contains(b.dd("Trạng thái"), "Đang soạn") {
		t.Fatalf("no draft dossier opened%s", b.where())
	}

	// The self-assessment: the lowest option everywhere, the best on 1.1
	// and 2.1, then evidence for every criterion that scores.
	var scoring []string
	b.eval(`(() => {
		const best = new Set(["1.1", "2.1"]), out = [];
		for (const s of document.querySelectorAll('select[id^="c-"]')) {
			const vals = Array.from(s.options).map(o => o.value).filter(v => v !== "").map(Number);
			const code = s.id.slice(2), v = best.has(code) ? Math.max(...vals) : Math.min(...vals);
			s.value = String(v);
			if (v > 0) out.push(code);
		}
		return out;
	})()`, &scoring)
	b.act(`form[action="`+dossier+`"] > button[type=submit]`, "Đang soạn")
	if len(scoring) < 2 {
		t.Fatalf("criteria that score: %q", scoring)
	}
	addEvidence := func(code string) {
		t.Helper()
		b.choose("#f-criterion", code)
		b.run(chromedp.SetUploadFiles("#f-file", []string{file}, chromedp.ByQuery))
		if st := b.click(`form#minh-chung button[type=submit]`); st != 200 {
			t.Fatalf("evidence for %s: status %d%s", code, st, b.where())
		}
		if got := b.text(".flash"); !strings.Contains(got, code) {
			t.Errorf("evidence for %s: flash %q", code, got)
		}
	}
	for _, code := range scoring {
		addEvidence(code)
	}
	// Mẫu 02 parts I, II and IV; a revenue typed the wrong way is refused
	// next to its field and nothing typed is lost.
	if got := b.text(`section[aria-labelledby="thieu"]`); !strings.Contains(got, "Mẫu số 02 chưa có mục") {
		t.Errorf("Mẫu 02 is not asked for: %q", got)
	}
	for sel, text := range map[string]string{"#f-m2_history": "Hộ sao chè từ năm 2012.", "#f-m2_raw_material": "3 ha chè Shan tuyết cổ thụ.",
		"#f-m2_market": "Hà Nội và khách du lịch.", "#f-m2_plan_goals": "Đạt 3 sao năm 2026.", "#f-m2_year0": "2025",
		"#f-m2_output0": "1,2 tấn chè khô", "#f-m2_revenue0": "960 triệu"} {
		b.run(chromedp.SendKeys(sel, text, chromedp.ByQuery, chromedp.NodeVisible)) // empty so far
	}
	if st := b.click(`form[action$="/mau-02"] button[type=submit]`); st != 422 {
		t.Fatalf("a revenue in words: status %d%s", st, b.where())
	}
	if got := b.text("#e-m2_revenue0"); !strings.Contains(got, "Số tiền không hợp lệ") {
		t.Errorf("no message next to the revenue: %q", got)
	}
	b.typeInto("#f-m2_revenue0", "960.000.000")
	b.act(`form[action$="/mau-02"] button[type=submit]`, "Đang soạn")
	if got := b.text(`section[aria-labelledby="thieu"]`); !strings.Contains(got, "Hồ sơ đã đủ thành phần") {
		t.Fatalf("still missing: %q", got)
	}
	b.act(`form[action$="/nop"] button`, "Đã nộp UBND cấp xã")

	// as signs in as someone else and opens the dossier.
	as := func(username, password, fullName string) {
		t.Helper()
		b.logout()
		b.mustLogin(username, password, fullName)
		b.open(dossier)
	}
	commune := func() { t.Helper(); as("canbo.chiengmai", demo.Password, "Cầm Thị Hương") }
	province := func() { t.Helper(); as("vanphong.sonla", demo.Password, "Hoàng Văn Nam") }
	// sendBack gives a reason, sends the dossier back, and has the
	// producer read the reason on the dossier.
	sendBack := func(action, reason, status string) {
		t.Helper()
		b.typeInto(`form[action$="/`+action+`"] #f-reason`, reason)
		b.act(`form[action$="/`+action+`"] button`, status)
		as(producer, password, fullName)
		if got := b.text("main .alert"); !strings.Contains(got, reason) {
			t.Errorf("the producer does not see the reason %q: %q", reason, got)
		}
	}

	// The commune finds it in its queue with the deadline, receives it and
	// returns it.
	commune()
	b.open("/ho-so?trang-thai=submitted")
	if got := b.text("main table tbody"); !strings.Contains(got, "Chè Shan tuyết cổ thụ Chiềng Mai") || !strings.Contains(got, "còn") {
		t.Errorf("the commune queue lacks the dossier or its deadline: %q", got)
	}
	b.open(dossier)
	b.act(`form[action$="/tiep-nhan"] button`, "Đã nộp UBND cấp xã")
	if got := b.text("main"); !strings.Contains(got, "/PĐK-14-04132-") {
		t.Fatalf("no receipt number on the page%s", b.where())
	}
	sendBack("tra-lai", "Bổ sung hợp đồng thu mua chè với các hộ", "trả lại")

	// The producer raises 1.2, proves it and refiles.
	var best string
	b.eval(`Math.max(...Array.from(document.querySelector('#c-1\\.2').options).map(o => o.value).filter(v => v !== "").map(Number)).toString()`, &best)
	b.choose("#c-1\\.2", best)
	b.act(`form[action="`+dossier+`"] > button[type=submit]`, "trả lại")
	addEvidence("1.2")
	b.act(`form[action$="/nop"] button`, "Đã nộp UBND cấp xã")
	// Both filings are kept; the second shows what the producer changed.
	b.open(dossier + "/phien-ban")
	if got := b.text("main"); !strings.Contains(got, "Lần nộp 2") || !strings.Contains(got, "1.2.") {
		t.Errorf("the comparison of the two filings: %q", got)
	}

	// The commune writes Mẫu 03 and forwards it. The textareas start
	// empty: type without clearing.
	commune()
	fill := func(sel, text string) { b.run(chromedp.SendKeys(sel, text, chromedp.ByQuery, chromedp.NodeVisible)) }
	fill("#f-raw_material", "100% búp chè Shan tuyết cổ thụ của xã Chiềng Mai")
	fill("#f-labour", "25 thành viên và 60 hộ liên kết là người địa phương")
	fill("#f-idea_origin", "Nghề sao chè truyền thống của bản")
	fill("#f-identity", "Gắn với văn hóa người Mông và vùng chè cổ thụ Sơn La")
	b.act(`form[action$="/danh-gia-xa"] button`, "Đã nộp UBND cấp xã")
	b.act(`form[action$="/chuyen-tinh"] button`, "đã báo cáo UBND cấp tỉnh")

	// The province asks for completion; the producer completes and
	// refiles; the commune forwards again.
	province()
	if got := b.text("main"); !strings.Contains(got, "Đợt đánh giá có thể vào") {
		t.Errorf("the province does not see the round%s", b.where())
	}
	sendBack("yeu-cau-hoan-thien", "Bổ sung phiếu kiểm nghiệm chỉ tiêu vi sinh", "Cấp tỉnh yêu cầu hoàn thiện")
	addEvidence("1.1")
	b.act(`form[action$="/nop"] button`, "Đã nộp UBND cấp xã")
	commune()
	b.act(`form[action$="/chuyen-tinh"] button`, "đã báo cáo UBND cấp tỉnh")

	// The province takes it into evaluation.
	province()
	b.act(`form[action$="/tiep-nhan-tinh"] button`, "Cấp tỉnh đã tiếp nhận")
	var forms int
	b.eval(`document.querySelectorAll('main form button').length`, &forms)
	if forms != 0 {
		t.Errorf("an accepted dossier still offers %d buttons%s", forms, b.where())
	}
}

// act presses a button of the dossier page and checks the status after.
func (b *tab) act(button, wantStatus string) {
	b.t.Helper()
	if st := b.click(button); st != 200 {
		b.t.Fatalf("%s: status %d%s", button, st, b.where())
	}
	if got := b.dd("Trạng thái"); !strings.Contains(got, wantStatus) {
		b.t.Fatalf("after %s: status %q, want %q%s", button, got, wantStatus, b.where())
	}
}

// evidencePDF writes a small real PDF for the file inputs.
func evidencePDF(t *testing.T) string {
	t.Helper()
	doc, err := pdf.New("Minh chứng")
	if err != nil {
		t.Fatal(err)
	}
	doc.Heading("Hợp đồng thu mua chè Shan tuyết (minh họa)")
	data, err := doc.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "hop-dong-thu-mua.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
