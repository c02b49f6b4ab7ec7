package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
)

func TestDossierPage(t *testing.T) {
	c := newUIWithFiles(t)
	c.login("chuthe.caphe", demo.Password)
	_, list := c.send("GET", "/san-pham", nil, nil)
	path := regexp.MustCompile(`href="(/san-pham/\d+)">Cà phê Arabica rang xay`).FindStringSubmatch(list)[1]
	resp, _ := c.send("POST", path+"/ho-so", url.Values{"kind": {"upgrade"}}, nil)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/ho-so/") {
		t.Fatalf("open: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	dossier := resp.Header.Get("Location")
	_, page := c.send("GET", dossier, nil, nil)
	for _, want := range []string{"Nâng hạng", "Đang soạn", "Còn 34 tiêu chí chưa tự chấm: 1.1, 1.2", `<select id="c-6.1.1" name="c-6.1.1">`} {
		if !strings.Contains(page, want) {
			t.Errorf("dossier page lacks %q", want)
		}
	}
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	// 7 points is not an option of 1.1: refused with the engine's message, choices kept.
	resp, body := c.send("POST", dossier, url.Values{"version": {version}, "c-1.1": {"7"}, "c-2.2": {"2"}}, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "tiêu chí 1.1 không có phương án 7 điểm") ||
		!strings.Contains(body, `<option value="2" selected>`) {
		t.Fatalf("bad answer: %d", resp.StatusCode)
	}
	resp, _ = c.send("POST", dossier, url.Values{"version": {version}, "c-1.1": {"2"}, "c-2.2": {"2"}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	_, page = c.send("GET", dossier, nil, nil)
	if !strings.Contains(page, "Kết quả tự chấm: 4 điểm") || !strings.Contains(page, "Tiêu chí 1.1") {
		t.Error("saved answers are not scored or their missing evidence is not listed")
	}
	// The same form again, with the version it was loaded with: a conflict.
	if resp, _ := c.send("POST", dossier, url.Values{"version": {version}, "c-1.1": {"3"}}, nil); resp.StatusCode != http.StatusConflict {
		t.Errorf("stale save: %d", resp.StatusCode)
	}
	resp, body = c.upload(dossier+"/minh-chung", map[string]string{"criterion": "1.1"}, "mc.pdf", []byte("MZ\x90\x00 not a pdf"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Chỉ nhận tệp PDF") {
		t.Errorf("bad evidence: %d", resp.StatusCode)
	}
	resp, _ = c.upload(dossier+"/minh-chung", map[string]string{"criterion": "1.1"}, "hop-dong.pdf", []byte("%PDF-1.7\n%%EOF\n"))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("evidence: %d", resp.StatusCode)
	}
	_, page = c.send("GET", dossier, nil, nil)
	if !strings.Contains(page, "hop-dong.pdf") || strings.Contains(page, "Tiêu chí 1.1 (") {
		t.Error("the evidence is not listed against criterion 1.1")
	}
	// The draft is the producer's own: the commune officer sees nothing of
	// it until it is filed.
	o := newUIFrom(t, c)
	o.login("canbo.chiengmai", demo.Password)
	if resp, _ := o.send("GET", dossier, nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("officer reading a draft: %d", resp.StatusCode)
	}
	if _, list := o.send("GET", "/ho-so", nil, nil); strings.Contains(list, `href="`+dossier+`"`) {
		t.Error("the officer's list shows a draft")
	}
}
