package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ocopvn/ocop/internal/mail"
	"github.com/ocopvn/ocop/internal/store"
)

// config is what flags and environment decide. Flags win over environment.
type config struct {
	Addr          string
	DataDir       string
	FilesDir      string // uploaded documents; DATA/files unless OCOP_FILES
	DatabaseURL   string
	Demo          bool
	SecureCookies bool
	BaseURL       string       // the site's address in e-mail links (OCOP_BASE_URL)
	SMTP          *mail.Config // nil: e-mail off, messages stay queued (OCOP_SMTP_URL)
}

// parseConfig reads flags and environment. Errors are one line, meant for
// a person, and make the command exit with status 2.
func parseConfig(name string, args []string, getenv func(string) string, withServe bool) (config, error) {
	c := config{Addr: or(getenv("OCOP_ADDR"), ":8080"), DataDir: or(getenv("OCOP_DATA"), "./data"),
		DatabaseURL: getenv("OCOP_DATABASE_URL"), BaseURL: strings.TrimRight(or(getenv("OCOP_BASE_URL"), "http://localhost:8080"), "/")}
	base, err := url.Parse(c.BaseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return c, fmt.Errorf("OCOP_BASE_URL phải là địa chỉ đầy đủ, ví dụ https://ocop.sonla.gov.vn, không phải %q", c.BaseURL)
	}
	if v := getenv("OCOP_SMTP_URL"); v != "" {
		m, err := mail.ParseURL(v)
		if err != nil {
			return c, err
		}
		if base.Hostname() != "localhost" {
			m.Hello = base.Hostname() // the site's name in EHLO
		}
		c.SMTP = &m
	}
	if v := getenv("OCOP_SECURE_COOKIES"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("OCOP_SECURE_COOKIES phải là true hoặc false, không phải %q", v)
		}
		c.SecureCookies = b
	}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&c.DataDir, "data", c.DataDir, "thư mục dữ liệu (SQLite)")
	if withServe {
		fs.StringVar(&c.Addr, "addr", c.Addr, "địa chỉ lắng nghe")
		fs.BoolVar(&c.Demo, "demo", false, "nạp dữ liệu minh họa tỉnh Sơn La")
		fs.BoolVar(&c.SecureCookies, "secure-cookies", c.SecureCookies, "cookie chỉ gửi qua HTTPS")
	}
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return c, err
	} else if err != nil {
		return c, fmt.Errorf("tham số không hợp lệ: %s", strings.TrimPrefix(err.Error(), "flag provided but not defined: "))
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("tham số thừa: %s", strings.Join(fs.Args(), " "))
	}
	if withServe {
		if _, _, err := net.SplitHostPort(c.Addr); err != nil {
			return c, fmt.Errorf("địa chỉ --addr %q không hợp lệ (ví dụ đúng: :8080 hoặc 127.0.0.1:8080)", c.Addr)
		}
	}
	c.FilesDir = or(getenv("OCOP_FILES"), filepath.Join(c.DataDir, "files"))
	if c.DatabaseURL != "" && !store.IsPostgresURL(c.DatabaseURL) {
		return c, fmt.Errorf("OCOP_DATABASE_URL phải bắt đầu bằng postgres:// hoặc postgresql://")
	}
	if c.DatabaseURL == "" && c.DataDir == "" {
		return c, fmt.Errorf("--data không được để trống")
	}
	return c, nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// openDB opens and migrates the configured database.
func openDB(ctx context.Context, c config) (*store.DB, error) {
	db, err := store.Open(ctx, c.DatabaseURL, c.DataDir)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// dbName names the database for messages, never with its password.
func (c config) dbName() string {
	if c.DatabaseURL != "" {
		return "PostgreSQL " + store.Redact(c.DatabaseURL)
	}
	return "SQLite " + c.DataDir + "/ocop.db"
}
