package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/testutil"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestBadInvocationsExit2(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{nil, nil, "Cách dùng"},
		{[]string{"bay"}, nil, "lệnh không hợp lệ"},
		{[]string{"serve", "--port", "80"}, nil, "tham số không hợp lệ: -port"},
		{[]string{"serve", "--addr", "khong-co-cong"}, nil, "địa chỉ --addr"},
		{[]string{"serve", "thua"}, nil, "tham số thừa"},
		{[]string{"serve"}, map[string]string{"OCOP_SECURE_COOKIES": "co"}, "OCOP_SECURE_COOKIES"},
		{[]string{"serve"}, map[string]string{"OCOP_DATABASE_URL": "mysql://x"}, "postgres://"},
		{[]string{"serve"}, map[string]string{"OCOP_SMTP_URL": "smtp://mail.example.gov.vn"}, "from="},
		{[]string{"serve"}, map[string]string{"OCOP_BASE_URL": "ocop.sonla.gov.vn"}, "OCOP_BASE_URL"},
		{[]string{"audit"}, nil, "verify"},
		{[]string{"admin", "reset-password"}, nil, "TÊN_ĐĂNG_NHẬP"},
	}
	for _, tc := range cases {
		var out, errb bytes.Buffer
		code := run(context.Background(), tc.args, env(tc.env), nil, &out, &errb)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", tc.args, code)
		}
		msg := errb.String()
		if !strings.Contains(msg, tc.want) || strings.Count(strings.TrimSpace(msg), "\n") > 5 {
			t.Errorf("%v: message %q, want a short line containing %q", tc.args, msg, tc.want)
		}
	}
}

func TestUnreachableDatabaseHidesPassword(t *testing.T) {
	// Nothing listens on port 1; the password must not appear in the error.
	url := "postgres://ocop:bimat123@127.0.0.1:1/ocop?sslmode=disable&connect_timeout=2"
	var out, errb bytes.Buffer
	code := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0"}, env(map[string]string{"OCOP_DATABASE_URL": url}), nil, &out, &errb)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	msg := errb.String()
	if strings.Contains(msg, "bimat123") || !strings.Contains(msg, "127.0.0.1:1") || !strings.Contains(msg, "không kết nối được") {
		t.Errorf("message %q should name the server without the password", msg)
	}
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestServeDemoAndShutdown starts the real command on SQLite (and on
// PostgreSQL when configured), checks the banner, the health check and a
// demo login page, then stops it as SIGTERM would.
func TestServeDemoAndShutdown(t *testing.T) {
	envs := map[string]map[string]string{"sqlite": {}}
	if u := testutil.PostgresURL(); u != "" {
		envs["postgres"] = map[string]string{"OCOP_DATABASE_URL": testutil.NewPostgresURL(t)}
	}
	for name, e := range envs {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			addr := freeAddr(t)
			ctx, cancel := context.WithCancel(context.Background())
			var out, errb testutil.SyncBuffer
			done := make(chan int)
			go func() {
				done <- run(ctx, []string{"serve", "--demo", "--addr", addr, "--data", dir}, env(e), nil, &out, &errb)
			}()
			waitHealthy(t, "http://"+addr+"/healthz", done, &errb)
			banner := out.String()
			for _, want := range []string{"quantri / ", "ocop-demo-2026", "canbo.chiengmai", "Khởi động sau", "Thư điện tử:    tắt"} {
				if !strings.Contains(banner, want) {
					t.Errorf("banner lacks %q:\n%s", want, banner)
				}
			}
			resp, err := http.Get("http://" + addr + "/dang-nhap")
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("login page: %v %v", resp, err)
			}
			resp.Body.Close()
			cancel()
			select {
			case code := <-done:
				if code != 0 {
					t.Errorf("exit %d after shutdown; stderr: %s", code, errb.String())
				}
			case <-time.After(20 * time.Second):
				t.Fatal("server did not stop")
			}
			if name == "sqlite" {
				if _, err := os.Stat(filepath.Join(dir, "ocop.db")); err != nil {
					t.Errorf("no database file: %v", err)
				}
				// A second start finds the data: no new administrator, demo not loaded twice.
				var out2, err2 bytes.Buffer
				ctx2, cancel2 := context.WithCancel(context.Background())
				done2 := make(chan int)
				addr2 := freeAddr(t)
				go func() {
					done2 <- run(ctx2, []string{"serve", "--addr", addr2, "--data", dir}, env(nil), nil, &out2, &err2)
				}()
				waitHealthy(t, "http://"+addr2+"/healthz", done2, nil)
				cancel2()
				<-done2
				if strings.Contains(out2.String(), "quantri / ") {
					t.Error("a second start created another administrator")
				}
				// The operator can let the administrator back in.
				var rout, rerr bytes.Buffer
				if code := run(context.Background(), []string{"admin", "reset-password", "quantri", "--data", dir}, env(nil), nil, &rout, &rerr); code != 0 ||
					!strings.Contains(rout.String(), "Mật khẩu dùng một lần của quantri") {
					t.Errorf("admin reset-password: exit %d, %s %s", code, rout.String(), rerr.String())
				}
				if code := run(context.Background(), []string{"admin", "reset-password", "khong-co", "--data", dir}, env(nil), nil, &rout, &rerr); code != 1 {
					t.Errorf("reset of an unknown account: exit %d, want 1", code)
				}
				var vout, verr bytes.Buffer
				if code := run(context.Background(), []string{"audit", "verify", "--data", dir}, env(nil), nil, &vout, &verr); code != 0 ||
					!strings.Contains(vout.String(), "OK: chuỗi nhật ký nguyên vẹn") {
					t.Errorf("audit verify: exit %d, %s %s", code, vout.String(), verr.String())
				}
			}
		})
	}
}

// waitHealthy waits for /healthz. The limit only catches a server that
// never comes up: loading the demo on PostgreSQL while other packages'
// tests run took more than 30 s on a loaded 2-core machine.
func waitHealthy(t *testing.T, url string, done chan int, errb interface{ String() string }) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case code := <-done:
			msg := ""
			if errb != nil {
				msg = errb.String()
			}
			t.Fatalf("server exited with %d: %s", code, msg)
		default:
		}
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("server never became healthy")
}

func TestAuditVerifyDetectsTampering(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	var out, errb bytes.Buffer
	c, _ := parseConfig("x", []string{"--data", dir}, env(nil), false)
	db, err := openDB(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := service.New(db, slog.New(slog.NewTextHandler(io.Discard, nil))).Bootstrap(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RawForTest().ExecContext(ctx, `UPDATE audit_log SET actor_name = 'kẻ gian' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	code := run(ctx, []string{"audit", "verify", "--data", dir}, env(nil), nil, &out, &errb)
	if code != 1 || !strings.Contains(out.String(), "dòng số 2") {
		t.Errorf("exit %d, output %q %q: want the broken link at row 2", code, out.String(), errb.String())
	}
}

// `ocop serve --help` documents the e-mail settings and exits 0.
func TestServeHelp(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"serve", "--help"}, env(nil), nil, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"OCOP_SMTP_URL", "smtp://", "OCOP_BASE_URL", "--addr"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, out.String())
		}
	}
}

// OCOP_SMTP_URL turns e-mail on; the site's name from OCOP_BASE_URL is
// what the server says in EHLO.
func TestMailConfig(t *testing.T) {
	c, err := parseConfig("serve", nil, env(map[string]string{"OCOP_SMTP_URL": "smtp://ocop:bi-mat@mail.sonla.gov.vn:587?from=ocop@sonla.gov.vn",
		"OCOP_BASE_URL": "https://ocop.sonla.gov.vn/"}), true)
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTP == nil || c.SMTP.Host != "mail.sonla.gov.vn:587" || c.SMTP.Hello != "ocop.sonla.gov.vn" || c.BaseURL != "https://ocop.sonla.gov.vn" {
		t.Errorf("config %+v, smtp %+v", c, c.SMTP)
	}
	if c, err := parseConfig("serve", nil, env(nil), true); err != nil || c.SMTP != nil || c.BaseURL != "http://localhost:8080" {
		t.Errorf("defaults: %+v %v", c, err)
	}
}
