package e2e

import (
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
)

// TestSandboxInBrowser: the provincial office makes a practice sandbox
// (the form says it is working and cannot be sent twice), reads the
// password off the accounts sheet, a trainee signs in under the practice
// banner, and the office resets the sandbox after confirming.
func TestSandboxInBrowser(t *testing.T) {
	a := newApp(t)
	b := newTab(t, a)
	b.mustLogin("vanphong.sonla", demo.Password, "Hoàng Văn Nam")
	if st := b.open("/thuc-hanh"); st != 200 {
		t.Fatalf("GET /thuc-hanh: %d", st)
	}
	b.typeInto("#f-name", "Lớp tập huấn Mộc Châu")
	b.typeInto("#f-seats", "2")

	// Held back once, the submit shows the progress line and locks the button.
	var busy struct {
		Text     string `json:"text"`
		Disabled bool   `json:"disabled"`
	}
	b.eval(`(() => {
		const f = document.querySelector('form[data-busy]');
		f.addEventListener('submit', e => e.preventDefault(), {once: true});
		f.requestSubmit();
		return {text: f.querySelector('.busy').textContent, disabled: f.querySelector('button').disabled};
	})()`, &busy)
	if !strings.HasPrefix(busy.Text, "Đang tạo tỉnh thực hành") || !busy.Disabled {
		t.Errorf("while creating: status %q, button disabled %v", busy.Text, busy.Disabled)
	}
	b.eval(`document.querySelector('form[data-busy] button').disabled = false`, nil)
	if st := b.click(`form[data-busy] button[type=submit]`); st != 200 {
		t.Fatalf("create: %d%s", st, b.where())
	}
	if got := b.text("h1"); got != "Lớp tập huấn Mộc Châu" {
		t.Fatalf("sandbox page h1 %q%s", got, b.where())
	}
	password := b.text(".secret")
	var first string
	b.eval(`document.querySelector('table.accounts code').textContent`, &first)
	if !strings.HasSuffix(first, ".canboxa01") || password == "" {
		t.Fatalf("accounts sheet: first %q, password %q", first, password)
	}
	producer := strings.TrimSuffix(first, "canboxa01") + "chuthe01"
	sandboxPath := b.path()
	b.logout()

	b.mustLogin(producer, password, "Học viên 01 (Chủ thể OCOP)")
	if got := b.text(".sandbox-banner"); got != "Môi trường thực hành — dữ liệu không có giá trị thật" {
		t.Errorf("trainee's banner %q", got)
	}
	b.logout()

	b.mustLogin("vanphong.sonla", demo.Password, "Hoàng Văn Nam")
	if got := b.text(".sandbox-banner"); got != "<no .sandbox-banner>" {
		t.Errorf("the real office sees the practice banner on its dashboard: %q", got)
	}
	b.open(sandboxPath)
	b.eval(`window.confirm = () => true`, nil)
	if st := b.click(`form[action$="/dat-lai"] button`); st != 200 {
		t.Fatalf("reset: %d%s", st, b.where())
	}
	if got := b.text(".flash"); got != "Đã đặt lại môi trường thực hành như mới." {
		t.Errorf("reset flash %q", got)
	}
}
