package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

func TestCommuneStepPages(t *testing.T) {
	c := newUIWithDemoDossiers(t)
	c.login("canbo.chiengmai", demo.Password)
	// The demo's filing notified the officer; reading the list clears it.
	if _, dash := c.send("GET", "/tong-quan", nil, nil); !strings.Contains(dash, "Thông báo (1)") {
		t.Error("no unread notification in the menu")
	}
	if _, page := c.send("GET", "/thong-bao", nil, nil); !strings.Contains(page, "Hồ sơ mới cần UBND cấp xã tiếp nhận: Cà phê Arabica rang xay Chiềng Ban.") {
		t.Error("the notification is not listed")
	}
	if _, dash := c.send("GET", "/tong-quan", nil, nil); strings.Contains(dash, "Thông báo (") {
		t.Error("notifications stay unread after the list was opened")
	}
	_, list := c.send("GET", "/ho-so?trang-thai=submitted", nil, nil)
	path := regexp.MustCompile(`href="(/ho-so/\d+)"`).FindStringSubmatch(list)[1]
	version := func() string {
		_, page := c.send("GET", path, nil, nil)
		return regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	}
	if _, page := c.send("GET", path, nil, nil); !strings.Contains(page, "Được cấp khi UBND cấp xã tiếp nhận hồ sơ đầu tiên") {
		t.Error("the dossier page does not say when the product code comes")
	}
	if resp, _ := c.send("POST", path+"/tiep-nhan", url.Values{"version": {version()}}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("receive: %d", resp.StatusCode)
	}
	// The first receipt gives the product its code: tỉnh-xã-STT-năm.
	if _, page := c.send("GET", path, nil, nil); !regexp.MustCompile(`<strong>14-04132-001-20\d\d</strong>`).MatchString(page) {
		t.Error("the dossier page does not show the product code after receipt")
	}
	form := url.Values{"version": {version()}, "raw_material": {"100% cà phê trồng tại xã Chiềng Mai"}, "labour": {""},
		"idea_origin": {"Sản phẩm truyền thống"}, "identity": {"Văn hóa Thái"}}
	resp, body := c.send("POST", path+"/danh-gia-xa", form, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "100% cà phê trồng tại xã Chiềng Mai") {
		t.Fatalf("incomplete report: %d", resp.StatusCode)
	}
	form.Set("labour", "45 lao động địa phương")
	if resp, _ := c.send("POST", path+"/danh-gia-xa", form, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("report: %d", resp.StatusCode)
	}
	resp, body = c.send("GET", path+"/mau-03.pdf", nil, nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(body, "%PDF-") {
		t.Fatalf("mau 03: %d", resp.StatusCode)
	}
	if text, ok := pdfText(t, body); ok {
		for _, want := range []string{"BÁO CÁO", "001/PĐK-14-04132-", "1. Sử dụng nguyên liệu địa phương: 100% cà phê trồng tại xã Chiềng Mai",
			"45 lao động địa phương", "T.M ỦY BAN NHÂN DÂN"} {
			if !strings.Contains(text, want) {
				t.Errorf("Mẫu 03 lacks %q\n%s", want, text)
			}
		}
	}
	if resp, _ := c.send("POST", path+"/chuyen-tinh", url.Values{"version": {version()}}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("forward: %d", resp.StatusCode)
	}
	if _, page := c.send("GET", path, nil, nil); !strings.Contains(page, "UBND cấp xã đã báo cáo UBND cấp tỉnh") {
		t.Error("the dossier does not show it was forwarded")
	}
}

// newUIWithDemoDossiers serves the demo with its documents and dossiers.
func newUIWithDemoDossiers(t *testing.T) *uiClient {
	t.Helper()
	c, _ := newUIWithDemoDossiersOn(t, testutil.NewSQLite(t))
	return c
}

// newUIWithDemoDossiersOn is newUIWithDemoDossiers on a given database,
// with the service too.
func newUIWithDemoDossiersOn(t *testing.T, db *store.DB) (*uiClient, *service.Service) {
	t.Helper()
	c, svc := newUIServiceOn(t, db)
	if err := demo.LoadDossiers(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	return c, svc
}
