package web_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/web"
)

// producerLink finds the demo coffee cooperative's page from the list.
func producerLink(t *testing.T, c *uiClient) string {
	t.Helper()
	_, body := c.send("GET", "/chu-the", nil, nil)
	m := regexp.MustCompile(`href="(/chu-the/\d+)">Hợp tác xã Cà phê`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the producer's own page is not listed")
	}
	return m[1]
}

func profileFormOf(t *testing.T, c *uiClient, path string) url.Values {
	t.Helper()
	resp, body := c.send("GET", path+"/sua", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s/sua: %d", path, resp.StatusCode)
	}
	f := url.Values{}
	for _, m := range regexp.MustCompile(`name="([a-z_]+)"[^>]*? value="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		f.Set(m[1], m[2])
	}
	for _, m := range regexp.MustCompile(`<option value="([a-z_]+)" selected>`).FindAllStringSubmatch(body, -1) {
		switch {
		case m[1] == "nam" || m[1] == "nu":
			f.Set("rep_gender", m[1])
		default:
			f.Set("legal_type", m[1])
		}
	}
	return f
}

func TestProfileEditAndConflict(t *testing.T) {
	a := newUI(t, web.Options{})
	a.login("chuthe.caphe", demo.Password)
	path := producerLink(t, a)
	// A second browser of the same producer, as when two people share an account.
	b := &uiClient{t, a.base, &http.Client{Jar: must(cookiejar.New(nil)), CheckRedirect: a.c.CheckRedirect}}
	b.login("chuthe.caphe", demo.Password)

	formA, formB := profileFormOf(t, a, path), profileFormOf(t, b, path)
	if formA.Get("version") == "" || formA.Get("producer_name") == "" {
		t.Fatalf("form not prefilled: %v", formA)
	}
	formA.Set("website", "https://caphechiengban.example.vn")
	formA.Set("rep_ethnicity", "Thái")
	resp, _ := a.send("POST", path+"/sua", formA, nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d", resp.StatusCode)
	}
	_, page := a.send("GET", path, nil, nil)
	if !strings.Contains(page, "https://caphechiengban.example.vn") || !strings.Contains(page, "Người đại diện đáp ứng tiêu chí 3.2") {
		t.Error("the producer page does not show the saved profile")
	}
	// B saves on the version it loaded before A's save: conflict, B's typing kept,
	// A's change pointed out, nothing overwritten.
	formB.Set("phone", "0977000111")
	resp, body := b.send("POST", path+"/sua", formB, nil)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "vừa được người khác lưu") ||
		!strings.Contains(body, `value="0977000111"`) || !strings.Contains(body, "Người khác vừa lưu mục này là: «https://caphechiengban.example.vn»") {
		i := strings.Index(body, "<main")
		t.Fatalf("stale save: %d\n%s", resp.StatusCode, body[i:min(len(body), i+3000)])
	}
	_, page = a.send("GET", path, nil, nil)
	if strings.Contains(page, "0977000111") || !strings.Contains(page, "caphechiengban") {
		t.Error("the stale save changed the profile")
	}
	// The conflict page carries the new version: saving again goes through.
	m := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(body)
	formB.Set("version", m[1])
	formB.Set("website", "https://caphechiengban.example.vn")
	if resp, _ := b.send("POST", path+"/sua", formB, nil); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("save after resolving the conflict: %d", resp.StatusCode)
	}
	// Invalid input comes back with the error in place.
	formB.Set("tax_code", "123")
	resp, body = b.send("POST", path+"/sua", profileFormOf(t, b, path), nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("unchanged save: %d", resp.StatusCode)
	}
	f := profileFormOf(t, b, path)
	f.Set("tax_code", "123")
	resp, body = b.send("POST", path+"/sua", f, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Mã số thuế gồm 10 chữ số") || !strings.Contains(body, `value="123"`) {
		t.Errorf("bad tax code: %d", resp.StatusCode)
	}
	// The commune officer reads the profile but has no edit button or route.
	o := newUIFrom(t, a)
	o.login("canbo.chiengmai", demo.Password)
	if _, page := o.send("GET", path, nil, nil); strings.Contains(page, "/sua") {
		t.Error("the commune officer is offered the edit form")
	}
	if resp, _ := o.send("GET", path+"/sua", nil, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("commune officer on the edit form: %d", resp.StatusCode)
	}
}

// newUIFrom is another browser on the same server.
func newUIFrom(t *testing.T, c *uiClient) *uiClient {
	return &uiClient{t, c.base, &http.Client{Jar: must(cookiejar.New(nil)), CheckRedirect: c.c.CheckRedirect}}
}
