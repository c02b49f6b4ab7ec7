package e2e

import (
	"strings"
	"testing"
)

// A visitor without an account finds a demo product in the public list
// and opens its verification page (the address its QR code holds), which
// says the certificate is valid; the same page opened by URL says so too.
func TestVerifyCertificatePage(t *testing.T) {
	t.Parallel()
	a := newApp(t)
	b := newTab(t, a)
	if st := b.open("/san-pham-ocop"); st != 200 {
		t.Fatalf("public list: status %d%s", st, b.where())
	}
	var href string
	b.eval(`[...document.querySelectorAll("main tbody a")].find(a => a.textContent.includes("Cà phê Arabica rang xay")).getAttribute("href")`, &href)
	if !strings.HasPrefix(href, "/verify/") {
		t.Fatalf("public list links the coffee to %q%s", href, b.where())
	}
	if st := b.open(href); st != 200 {
		t.Fatalf("verify page: status %d%s", st, b.where())
	}
	if got := b.text("main .verdict"); !strings.Contains(got, "còn hiệu lực") {
		t.Errorf("verdict %q, want còn hiệu lực%s", got, b.where())
	}
	if got := b.dd("Sản phẩm"); got != "Cà phê Arabica rang xay Chiềng Ban" {
		t.Errorf("product %q", got)
	}
}
