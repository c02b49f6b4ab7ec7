package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/ocopvn/ocop/internal/demo"
)

// registerAndConfirm is the walkthrough's first part: a producer fills
// the public registration form (a mistake first, kept input and all), the
// commune officer confirms it, and it ends signed in as the active
// producer, on its list of producers.
func registerAndConfirm(t *testing.T, b *tab) (username, password, fullName string) {
	t.Helper()
	const (
		producerName = "Hợp tác xã Chè Shan tuyết Chiềng Mai"
		user         = "htx.chetuyet"
		name         = "Lò Văn Pấng"
		pw           = "Chè-Shan-tuyết-2026"
	)
	username, password, fullName = user, pw, name
	typed := map[string]string{ // field → what the user types
		"producer_name":   producerName,
		"registration_no": "5500777888",
		"tax_code":        "5500777888",
		"representative":  fullName,
		"address":         "Bản Nà Ngần, xã Chiềng Mai",
		"full_name":       fullName,
		"phone":           "0912000111",
		"email":           "htx.chetuyet@example.vn",
		"username":        username,
	}
	chosen := map[string]string{"legal_type": "hop_tac_xa", "province": demo.SonLa, "commune": demo.ChiengMai}

	if st := b.open("/dang-ky"); st != 200 {
		t.Fatalf("GET /dang-ky: status %d", st)
	}
	for name, v := range typed {
		b.typeInto("#f-"+name, v)
	}
	b.choose("#f-legal_type", chosen["legal_type"])
	var picker string
	b.eval(`document.querySelector('#f-commune').tagName.toLowerCase()`, &picker)
	if picker != "select" {
		t.Fatalf("commune picker is <%s>, want <select>", picker)
	}
	var communeOptions int
	b.eval(`document.querySelector('#f-commune').querySelectorAll('option:not([value=""])').length`, &communeOptions)
	if communeOptions != 0 {
		t.Errorf("commune picker has %d communes before a province is chosen, want 0", communeOptions)
	}
	// Choosing the province makes app.js fetch /don-vi/14/xa into the
	// commune picker.
	b.choose("#f-province", chosen["province"])
	b.run(chromedp.WaitReady(`select#f-commune option[value="`+demo.ChiengMai+`"]`, chromedp.ByQuery),
		chromedp.WaitEnabled(`#f-commune`, chromedp.ByQuery))
	var communeText string
	b.eval(`document.querySelector('#f-commune option[value="`+demo.ChiengMai+`"]').textContent`, &communeText)
	if communeText != "Xã Chiềng Mai" {
		t.Errorf("commune option %s reads %q, want %q", demo.ChiengMai, communeText, "Xã Chiềng Mai")
	}
	b.choose("#f-commune", chosen["commune"])
	b.typeInto("#f-password", "ngan")
	b.typeInto("#f-password2", "ngan")

	// A too-short password: the form comes back with the error at the
	// password field and everything else kept.
	submit := `main form[action="/dang-ky"] button[type=submit]`
	if st := b.click(submit); st != 422 {
		t.Fatalf("short password: status %d, want 422%s", st, b.where())
	}
	if got, want := b.text("main .alert"), "Vui lòng sửa các mục được đánh dấu bên dưới."; got != want {
		t.Errorf("form message = %q, want %q", got, want)
	}
	if got, want := b.text("#e-password"), "Mật khẩu phải có ít nhất 10 ký tự."; got != want {
		t.Errorf("password error = %q, want %q", got, want)
	}
	var wired struct {
		SameField   bool   `json:"sameField"`
		Invalid     string `json:"invalid"`
		DescribedBy string `json:"describedBy"`
		Invalids    []string
	}
	b.eval(`(() => {
		const f = document.querySelector('#f-password'), e = document.querySelector('#e-password');
		return {
			sameField: !!(f && e && f.closest('.field') === e.closest('.field')),
			invalid: f.getAttribute('aria-invalid') || '',
			describedBy: f.getAttribute('aria-describedby') || '',
			Invalids: Array.from(document.querySelectorAll('.field.invalid [name]')).map(x => x.name),
		};
	})()`, &wired)
	if !wired.SameField {
		t.Errorf("the password error is not next to the password field")
	}
	if wired.Invalid != "true" || !strings.Contains(wired.DescribedBy, "e-password") {
		t.Errorf("password field aria-invalid=%q aria-describedby=%q, want \"true\" and to name e-password", wired.Invalid, wired.DescribedBy)
	}
	if len(wired.Invalids) != 1 || wired.Invalids[0] != "password" {
		t.Errorf("fields marked invalid = %q, want only password", wired.Invalids)
	}
	for name, v := range typed {
		if got := b.value("#f-" + name); got != v {
			t.Errorf("after the error, field %s = %q, want the typed %q", name, got, v)
		}
	}
	for name, v := range chosen {
		if got := b.value("#f-" + name); got != v {
			t.Errorf("after the error, select %s = %q, want the chosen %q", name, got, v)
		}
	}
	for _, name := range []string{"password", "password2"} {
		if got := b.value("#f-" + name); got != "" {
			t.Errorf("after the error, %s = %q, want it empty (passwords are never sent back)", name, got)
		}
	}

	// Fixed: the registration goes to the commune.
	b.typeInto("#f-password", password)
	b.typeInto("#f-password2", password)
	if st := b.click(submit); st != 200 {
		t.Fatalf("registration: status %d, want 200 after the redirect%s", st, b.where())
	}
	if got := b.path(); got != "/dang-nhap" {
		t.Errorf("after registration: at %s, want /dang-nhap", got)
	}
	flash := b.text(".flash")
	if !strings.HasPrefix(flash, "Đã gửi đăng ký") || !strings.Contains(flash, "Xã Chiềng Mai") {
		t.Errorf("flash = %q, want \"Đã gửi đăng ký…\" naming Xã Chiềng Mai", flash)
	}

	// The new account may sign in but waits for the commune.
	b.mustLogin(username, password, fullName)
	if got := b.dd("Trạng thái"); got != "Chờ xác nhận" {
		t.Errorf("new producer status = %q, want %q", got, "Chờ xác nhận")
	}
	if got := b.text("main p.alert"); !strings.Contains(got, "đang chờ cán bộ UBND Xã Chiềng Mai xác nhận") {
		t.Errorf("pending notice = %q", got)
	}
	if st := b.open("/chu-the"); st != 403 || b.text("main .alert") != "Tài khoản của bạn chưa được xác nhận hoặc đã bị khóa." {
		t.Errorf("pending producer on /chu-the: status %d, message %q; want 403 and the not-yet-confirmed message", st, b.text("main .alert"))
	}
	b.logout()

	// The commune officer finds it under "Chờ xác nhận" and confirms it.
	officer := demo.Accounts[1]
	if officer.Username != "canbo.chiengmai" {
		t.Fatalf("demo.Accounts[1] is %s, want the commune officer canbo.chiengmai", officer.Username)
	}
	b.mustLogin(officer.Username, demo.Password, officer.FullName)
	if got := b.text(`main p.flash a[href="/chu-the?trang-thai=pending"]`); got != "Có 2 chủ thể đang chờ xác nhận." {
		t.Errorf("dashboard pending notice = %q, want 2 waiting (demo + new)", got)
	}
	b.click(`.menu nav a[href="/chu-the?trang-thai=pending"]`)
	if got := b.text("h1"); got != "Chủ thể chờ xác nhận" {
		t.Errorf("pending list h1 = %q", got)
	}
	var link string
	b.eval(`(Array.from(document.querySelectorAll('main table a')).find(a => a.textContent.trim() === `+jsString(producerName)+`)||{}).pathname||''`, &link)
	if link == "" {
		t.Fatalf("%q is not in the officer's pending list%s", producerName, b.where())
	}
	b.click(`main table a[href="` + link + `"]`)
	if got := b.text("h1"); got != producerName {
		t.Errorf("producer page h1 = %q, want %q", got, producerName)
	}
	if got := b.dd("Trạng thái"); got != "Chờ xác nhận" {
		t.Errorf("producer status before = %q", got)
	}
	if st := b.click(`form[action="` + link + `/xac-nhan"] button[type=submit]`); st != 200 {
		t.Fatalf("confirm: status %d%s", st, b.where())
	}
	if got, want := b.text(".flash"), "Đã xác nhận chủ thể "+producerName+"."; got != want {
		t.Errorf("confirm flash = %q, want %q", got, want)
	}
	if got := b.dd("Trạng thái"); got != "Đang hoạt động" {
		t.Errorf("producer status after confirmation = %q, want %q", got, "Đang hoạt động")
	}
	var forms int
	b.eval(`document.querySelectorAll('form[action$="/xac-nhan"]').length`, &forms)
	if forms != 0 {
		t.Errorf("confirm form still shown after confirmation")
	}
	b.logout()

	// The producer is active now and sees its own producer.
	b.mustLogin(username, password, fullName)
	if got := b.dd("Trạng thái"); got != "Đang hoạt động" {
		t.Errorf("producer account status = %q, want %q", got, "Đang hoạt động")
	}
	var alerts int
	b.eval(`document.querySelectorAll('main p.alert').length`, &alerts)
	if alerts != 0 {
		t.Errorf("active producer still sees %d notices: %q", alerts, b.text("main p.alert"))
	}
	if st := b.open("/chu-the"); st != 200 {
		t.Fatalf("active producer on /chu-the: status %d%s", st, b.where())
	}
	var names []string
	b.eval(`Array.from(document.querySelectorAll('main table tbody a')).map(a => a.textContent.trim())`, &names)
	if len(names) != 1 || names[0] != producerName {
		t.Errorf("producer list of the new producer = %q, want only its own %q", names, producerName)
	}
	return username, password, fullName
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
