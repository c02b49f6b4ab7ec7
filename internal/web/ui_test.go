package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/testutil"
	"github.com/ocopvn/ocop/internal/web"
)

// uiClient is a browser-like client: a cookie jar, no automatic redirects.
type uiClient struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newUI(t *testing.T, opts web.Options) *uiClient {
	t.Helper()
	db := testutil.NewSQLite(t)
	if err := demo.Load(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(service.New(db, slog.New(slog.NewTextHandler(io.Discard, nil))), opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	return &uiClient{t, srv.URL, &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *uiClient) send(method, path string, form url.Values, header map[string]string) (*http.Response, string) {
	c.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, c.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (c *uiClient) login(user, pw string) {
	c.t.Helper()
	resp, body := c.send("POST", "/dang-nhap", url.Values{"username": {user}, "password": {pw}}, nil)
	if resp.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login %s: %d %s", user, resp.StatusCode, body)
	}
}

func TestRegistrationFormKeepsInput(t *testing.T) {
	c := newUI(t, web.Options{})
	form := url.Values{"producer_name": {"HTX <Chè> & \"Shan\" Tà Xùa"}, "legal_type": {"hop_tac_xa"}, "representative": {"Mùa A Chư"},
		"province": {"14"}, "commune": {"04132"}, "address": {"Bản Tà Xùa"}, "full_name": {"Mùa A Chư"}, "phone": {"0912345678"},
		"username": {"chuthe.taxua"}, "password": {"ngắn"}, "password2": {"ngắn"}}
	resp, body := c.send("POST", "/dang-ky", form, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", resp.StatusCode)
	}
	for _, want := range []string{
		`value="HTX &lt;Chè&gt; &amp; &#34;Shan&#34; Tà Xùa"`,   // kept, and escaped
		`<option value="04132" selected>Xã Chiềng Mai</option>`, // commune list of the chosen province, choice kept
		`<option value="hop_tac_xa" selected>`,
		`id="e-password">Mật khẩu phải có ít nhất 10 ký tự.</p>`, // error next to its field
		`aria-describedby="h-password e-password"`,
		"Vui lòng sửa các mục được đánh dấu bên dưới.",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("response lacks %s", want)
		}
	}
	if strings.Contains(body, `value="ngắn"`) {
		t.Error("the password was sent back into the form")
	}
	form.Set("password", "mật khẩu đủ dài")
	form.Set("password2", "mật khẩu đủ dài")
	resp, _ = c.send("POST", "/dang-ky", form, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/dang-nhap" {
		t.Fatalf("valid registration: %d to %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, body = c.send("GET", "/dang-nhap", nil, nil)
	if !strings.Contains(body, "Đã gửi đăng ký. Cán bộ UBND Xã Chiềng Mai sẽ xác nhận") {
		t.Error("no confirmation message after registering")
	}
	// The commune officer sees the name escaped, never as markup.
	c.login("canbo.chiengmai", demo.Password)
	_, body = c.send("GET", "/chu-the?trang-thai=pending", nil, nil)
	if !strings.Contains(body, "HTX &lt;Chè&gt; &amp; &#34;Shan&#34; Tà Xùa") || strings.Contains(body, "<Chè>") {
		t.Error("producer name not listed, or not escaped")
	}
}

func TestLoginErrors(t *testing.T) {
	c := newUI(t, web.Options{})
	resp, body := c.send("POST", "/dang-nhap", url.Values{"username": {"vanphong.sonla"}, "password": {"sai rồi"}}, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Tên đăng nhập hoặc mật khẩu không đúng.") ||
		!strings.Contains(body, `value="vanphong.sonla"`) {
		t.Fatalf("wrong password: %d, generic message and kept username expected", resp.StatusCode)
	}
	for range 4 {
		c.send("POST", "/dang-nhap", url.Values{"username": {"vanphong.sonla"}, "password": {"sai rồi"}}, nil)
	}
	resp, body = c.send("POST", "/dang-nhap", url.Values{"username": {"vanphong.sonla"}, "password": {demo.Password}}, nil)
	if resp.StatusCode != http.StatusTooManyRequests || !strings.Contains(body, "Vui lòng thử lại sau 15 phút") {
		t.Errorf("after 5 failures even the right password waits: got %d", resp.StatusCode)
	}
}

func TestCookiesAndHeaders(t *testing.T) {
	for _, secure := range []bool{false, true} {
		c := newUI(t, web.Options{SecureCookies: secure})
		resp, _ := c.send("POST", "/dang-nhap", url.Values{"username": {"vanphong.sonla"}, "password": {demo.Password}}, nil)
		var session *http.Cookie
		for _, ck := range resp.Cookies() {
			if strings.HasSuffix(ck.Name, "ocop_session") {
				session = ck
			}
		}
		if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure != secure ||
			(secure && session.Name != "__Host-ocop_session") {
			t.Errorf("secure=%v: session cookie %+v", secure, session)
		}
		for h, want := range map[string]string{"Content-Security-Policy": "script-src 'self'", "X-Content-Type-Options": "nosniff",
			"X-Frame-Options": "DENY"} {
			if !strings.Contains(resp.Header.Get(h), want) {
				t.Errorf("header %s = %q", h, resp.Header.Get(h))
			}
		}
	}
}

func TestCrossOriginPostRefused(t *testing.T) {
	c := newUI(t, web.Options{})
	c.login("quantri.sonla", demo.Password)
	resp, body := c.send("POST", "/quan-tri/tai-khoan", url.Values{"username": {"ke.gian"}}, map[string]string{"Sec-Fetch-Site": "cross-site"})
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "không xuất phát từ trang của hệ thống") {
		t.Errorf("cross-site POST: %d", resp.StatusCode)
	}
	resp, _ = c.send("POST", "/quan-tri/tai-khoan", url.Values{"username": {"ke.gian"}}, map[string]string{"Origin": "https://evil.example"})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST from another origin: %d", resp.StatusCode)
	}
}

func TestMustChangePassword(t *testing.T) {
	c := newUI(t, web.Options{})
	c.login("quantri.sonla", demo.Password)
	resp, body := c.send("POST", "/quan-tri/tai-khoan", url.Values{"username": {"canbo.moi"}, "full_name": {"Cán bộ Mới"},
		"role": {"commune_officer"}, "level": {"commune"}, "province": {"14"}, "commune": {"04132"}}, nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "Mật khẩu tạm thời (chỉ hiện một lần)") {
		t.Fatalf("create account: %d", resp.StatusCode)
	}
	i := strings.Index(body, "chỉ hiện một lần): ") + len("chỉ hiện một lần): ")
	pw := body[i : i+19]
	c2 := &uiClient{t, c.base, &http.Client{Jar: must(cookiejar.New(nil)), CheckRedirect: c.c.CheckRedirect}}
	resp, _ = c2.send("POST", "/dang-nhap", url.Values{"username": {"canbo.moi"}, "password": {pw}}, nil)
	if resp.Header.Get("Location") != "/tai-khoan/mat-khau" {
		t.Fatalf("first login goes to %q, want the password page", resp.Header.Get("Location"))
	}
	resp, _ = c2.send("GET", "/chu-the", nil, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/tai-khoan/mat-khau" {
		t.Errorf("with a temporary password other pages redirect: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestErrorPages(t *testing.T) {
	c := newUI(t, web.Options{})
	resp, body := c.send("GET", "/khong-co-trang-nay", nil, nil)
	if resp.StatusCode != 404 || !strings.Contains(body, "Không tìm thấy trang hoặc dữ liệu bạn yêu cầu.") || !strings.Contains(body, `lang="vi"`) {
		t.Errorf("404 page: %d", resp.StatusCode)
	}
	big := url.Values{"username": {strings.Repeat("a", 2<<20)}}
	resp, body = c.send("POST", "/dang-nhap", big, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Dữ liệu gửi lên quá lớn.") {
		t.Errorf("oversized body: %d %s", resp.StatusCode, body[:min(200, len(body))])
	}
	resp, body = c.send("GET", "/healthz", nil, nil)
	if resp.StatusCode != 200 || body != "ok\n" {
		t.Errorf("healthz: %d %q", resp.StatusCode, body)
	}
}
