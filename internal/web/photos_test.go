package web_test

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/i18n"
)

// productPath finds a demo product's page in the list the user sees.
func (c *uiClient) productPath(name string) string {
	c.t.Helper()
	_, list := c.send("GET", "/san-pham", nil, nil)
	m := regexp.MustCompile(`href="(/san-pham/\d+)">` + regexp.QuoteMeta(name)).FindStringSubmatch(list)
	if m == nil {
		c.t.Fatalf("product %q not in the list", name)
	}
	return m[1]
}

func TestProductPhotosPages(t *testing.T) {
	c := newUIWithFiles(t)
	c.login("chuthe.caphe", demo.Password)
	path := c.productPath("Cà phê Arabica rang xay Chiềng Ban")
	// A script renamed .jpg: refused in Vietnamese next to the file field, the caption kept.
	resp, body := c.upload(path+"/anh", map[string]string{"caption": "Gói cà phê 250 g"}, "anh.jpg", []byte("#!/bin/sh\necho hi\n"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Ảnh phải là tệp JPEG, PNG hoặc WebP.") ||
		!strings.Contains(body, `value="Gói cà phê 250 g"`) {
		t.Fatalf("script as a photo: %d", resp.StatusCode)
	}
	big := append(bytes.Clone(permJPEG), make([]byte, files.MaxImageSize)...)
	if resp, body := c.upload(path+"/anh", map[string]string{"caption": "Ảnh lớn"}, "lon.jpg", big); resp.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Ảnh quá lớn (tối đa 8 MB).") {
		t.Errorf("oversized photo: %d", resp.StatusCode)
	}
	if resp, _ := c.upload(path+"/anh", map[string]string{"caption": "Gói cà phê 250 g"}, "goi.jpg", permJPEG); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("photo: %d", resp.StatusCode)
	}
	_, page := c.send("GET", path, nil, nil)
	m := regexp.MustCompile(`<img src="(` + regexp.QuoteMeta(path) + `/anh/\d+)" alt="Gói cà phê 250 g"`).FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, "Ảnh chính") {
		t.Fatal("the gallery does not show the photo with its caption as alt text")
	}
	resp, img := c.send("GET", m[1], nil, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/jpeg" || img != string(permJPEG) {
		t.Errorf("photo served: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	// Through the API: the list, and the file under the API path.
	_, list := c.getJSON("/api/v1/products/" + strings.TrimPrefix(path, "/san-pham/") + "/photos")
	items, _ := list["items"].([]any)
	if len(items) != 1 || items[0].(map[string]any)["caption"] != "Gói cà phê 250 g" || items[0].(map[string]any)["main"] != true {
		t.Errorf("API photo list: %v", list)
	}
	photoID := m[1][strings.LastIndex(m[1], "/")+1:]
	if resp, img := c.send("GET", "/api/v1/products/"+strings.TrimPrefix(path, "/san-pham/")+"/photos/"+photoID, nil, nil); resp.StatusCode != 200 || img != string(permJPEG) {
		t.Errorf("API photo file: %d", resp.StatusCode)
	}
	// Signed out, nothing is served (scope across units: the permission matrix).
	if resp, _ := newUIFrom(t, c).send("GET", m[1], nil, nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous reading the photo: %d", resp.StatusCode)
	}
	if resp, _ := c.send("POST", m[1]+"/xoa", url.Values{}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("delete: %d", resp.StatusCode)
	}
	if _, page := c.send("GET", path, nil, nil); strings.Contains(page, `alt="Gói cà phê 250 g"`) {
		t.Error("deleted photo still shown")
	}
}

func TestCertificatePages(t *testing.T) {
	c := newUIWithFiles(t)
	c.login("vanphong.sonla", demo.Password)
	path := c.productPath("Xoài tròn Yên Châu")
	form := url.Values{"number": {"0099/GCN-OCOP"}, "stars": {"5"}, "level": {"province"}, "decision_no": {"88/QĐ-UBND"},
		"decision_date": {"10/03/2025"}, "issued_on": {"10/03/2025"}}
	resp, body := c.send("POST", path+"/giay-chung-nhan", form, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "chọn cấp công nhận là Bộ") ||
		!strings.Contains(body, `value="0099/GCN-OCOP"`) {
		t.Fatalf("5★ by the province: %d", resp.StatusCode)
	}
	form.Set("stars", "4")
	if resp, _ := c.send("POST", path+"/giay-chung-nhan", form, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("record: %d", resp.StatusCode)
	}
	_, page := c.send("GET", path, nil, nil)
	for _, want := range []string{"0099/GCN-OCOP", "Còn hiệu lực đến 10/03/2028", "Nhập từ quyết định bản giấy",
		"Thời hạn nộp hồ sơ đánh giá lại: từ 12/09/2027 đến 11/11/2027"} {
		if !strings.Contains(page, want) {
			t.Errorf("product page lacks %q", want)
		}
	}
	_, list := c.getJSON("/api/v1/products/" + strings.TrimPrefix(path, "/san-pham/") + "/certificates")
	if items, _ := list["items"].([]any); len(items) != 1 || items[0].(map[string]any)["state"] != "valid" ||
		items[0].(map[string]any)["valid_until"] != "2028-03-10" {
		t.Errorf("API certificates: %v", list)
	}
	// A newer certificate of the roasted coffee expiring in 60 days: its
	// re-rating is late, and says so on the dossier page and in the list.
	coffee := c.productPath("Cà phê Arabica rang xay Chiềng Ban")
	now := time.Now().In(i18n.Zone)
	form = url.Values{"number": {"0500/GCN-OCOP"}, "stars": {"4"}, "level": {"province"}, "decision_no": {"95/QĐ-UBND"},
		"decision_date": {now.AddDate(0, 0, -100).Format("02/01/2006")}, "issued_on": {now.AddDate(0, 0, -100).Format("02/01/2006")},
		"expires_on": {now.AddDate(0, 0, 60).Format("02/01/2006")}}
	if resp, _ := c.send("POST", coffee+"/giay-chung-nhan", form, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("record the newer certificate: %d", resp.StatusCode)
	}
	// The producer reads the certificates (and may print them) but has no
	// form to record or revoke one.
	p := newUIFrom(t, c)
	p.login("chuthe.caphe", demo.Password)
	_, page = p.send("GET", coffee, nil, nil)
	if !strings.Contains(page, "0412/GCN-OCOP") || !strings.Contains(page, "0500/GCN-OCOP") ||
		strings.Contains(page, `action="`+coffee+`/giay-chung-nhan"`) || strings.Contains(page, "/thu-hoi") || !strings.Contains(page, "/gcn.pdf") {
		t.Error("producer's product page: certificates missing or record form shown")
	}
	resp, _ = p.send("POST", coffee+"/ho-so", url.Values{"kind": {"rerating"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("late re-rating: %d", resp.StatusCode)
	}
	if _, page := p.send("GET", resp.Header.Get("Location"), nil, nil); !strings.Contains(page, "Nộp muộn") {
		t.Error("the late re-rating is not flagged on its page")
	}
	if _, list := p.send("GET", "/ho-so", nil, nil); !strings.Contains(list, "Nộp muộn") {
		t.Error("the late re-rating is not flagged in the list")
	}
}
