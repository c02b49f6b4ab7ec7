package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/web"
)

func TestProductCreateAndEdit(t *testing.T) {
	c := newUI(t, web.Options{})
	c.login("chuthe.caphe", demo.Password)
	if _, body := c.send("GET", "/san-pham", nil, nil); !strings.Contains(body, `href="/san-pham/moi"`) {
		t.Fatal("no 'add product' button for the producer")
	}
	form := url.Values{"version": {"0"}, "name": {"Cà phê Arabica đặc sản Chiềng Ban"}, "card": {"13"},
		"gtin": {"8934563138166"}, "growing_area_codes": {"VN-SLMS-0021"}, "story": {"Trồng dưới tán rừng\nở độ cao 900 m."}}
	resp, body := c.send("POST", "/san-pham", form, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "số kiểm tra đúng") ||
		!strings.Contains(body, "Trồng dưới tán rừng\nở độ cao 900 m.</textarea>") || !strings.Contains(body, `<option value="13" selected>`) {
		t.Fatalf("bad barcode: %d", resp.StatusCode)
	}
	form.Set("gtin", "8934563138165")
	resp, _ = c.send("POST", "/san-pham", form, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	path := resp.Header.Get("Location")
	_, page := c.send("GET", path, nil, nil)
	for _, want := range []string{"Cà phê Arabica đặc sản Chiềng Ban", "VN-SLMS-0021", "8934563138165", "/tu-danh-gia/qd26-2026/13", path + "/sua"} {
		if !strings.Contains(page, want) {
			t.Errorf("product page lacks %q", want)
		}
	}
	_, edit := c.send("GET", path+"/sua", nil, nil)
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(edit)[1]
	form.Set("version", version)
	form.Set("packaging", "Túi zip 250 g có van một chiều")
	if resp, _ := c.send("POST", path+"/sua", form, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", resp.StatusCode)
	}
	if resp, body := c.send("POST", path+"/sua", form, nil); resp.StatusCode != http.StatusConflict || !strings.Contains(body, "Túi zip 250 g") {
		t.Errorf("stale edit: %d", resp.StatusCode)
	}
	o := newUIFrom(t, c)
	o.login("canbo.chiengmai", demo.Password)
	if _, page := o.send("GET", path, nil, nil); strings.Contains(page, path+"/sua") || !strings.Contains(page, "Túi zip 250 g") {
		t.Error("the commune officer should read the product without an edit link")
	}
}
