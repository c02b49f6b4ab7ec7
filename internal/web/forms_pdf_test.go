package web_test

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/web"
)

func TestMau01PDF(t *testing.T) {
	c := newUI(t, web.Options{})
	c.login("chuthe.caphe", demo.Password)
	_, list := c.send("GET", "/san-pham", nil, nil)
	path := regexp.MustCompile(`href="(/san-pham/\d+)">Cà phê Arabica rang xay`).FindStringSubmatch(list)[1]
	// Classify the demo product first (card 13: coffee), as a producer would.
	_, edit := c.send("GET", path+"/sua", nil, nil)
	form := url.Values{}
	for _, m := range regexp.MustCompile(`name="([a-z_]+)"[^>]*? value="([^"]*)"`).FindAllStringSubmatch(edit, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	form.Set("card", "13")
	if resp, body := c.send("POST", path+"/sua", form, nil); resp.StatusCode != 303 {
		t.Fatalf("classify: %d %s", resp.StatusCode, body[:min(len(body), 300)])
	}
	resp, body := c.send("GET", path+"/mau-01.pdf?lan=nang-hang", nil, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(body, "%PDF-") {
		t.Fatalf("mau-01: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	text, ok := pdfText(t, body)
	if !ok {
		return
	}
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "PHIẾU ĐĂNG KÝ",
		"Tham gia đánh giá, phân hạng sản phẩm OCOP của tỉnh Sơn La", "Hợp tác xã Cà phê Arabica Chiềng Ban",
		"Lò Văn Thắng", "Cà phê Arabica rang xay Chiềng Ban", "Sản phẩm cà phê, ca cao", "[X] Nâng hạng",
		"/PĐK-14-04132-", "ĐẠI DIỆN ĐƠN VỊ ĐĂNG KÝ", "Sản phẩm mẫu: 05 sản phẩm."} {
		if !strings.Contains(text, want) {
			t.Errorf("Mẫu 01 text lacks %q\n%s", want, text)
		}
	}
	// The commune officer prints it too (it is filed with the commune).
	o := newUIFrom(t, c)
	o.login("canbo.chiengmai", demo.Password)
	if resp, _ := o.send("GET", path+"/mau-01.pdf", nil, nil); resp.StatusCode != 200 {
		t.Errorf("commune officer printing the form: %d", resp.StatusCode)
	}
}
