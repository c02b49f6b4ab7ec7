package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/mail"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/web"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	started := time.Now()
	c, err := parseConfig("serve", args, getenv, true)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(stdout, serveUsage)
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "ocop serve:", err)
		return exitUsage
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	db, err := openDB(ctx, c)
	if err != nil {
		fmt.Fprintln(stderr, "ocop serve:", err)
		return 1
	}
	defer db.Close()
	svc := service.New(db, log)
	svc.BaseURL = c.BaseURL
	if c.SMTP != nil {
		svc.Mailer = &mail.Client{Config: *c.SMTP}
	}
	if svc.Files, err = files.Open(c.FilesDir); err != nil {
		fmt.Fprintln(stderr, "ocop serve:", err)
		return 1
	}
	adminPW, err := svc.Bootstrap(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "ocop serve: khởi tạo dữ liệu:", err)
		return 1
	}
	var verify []string // the demo's certificates from its decided round
	if c.Demo {
		if err := demo.Load(ctx, db); err != nil {
			fmt.Fprintln(stderr, "ocop serve: nạp dữ liệu minh họa:", err)
			return 1
		}
		if err := demo.LoadDossiers(ctx, svc); err != nil {
			fmt.Fprintln(stderr, "ocop serve: nạp hồ sơ minh họa:", err)
			return 1
		}
		if verify, err = demo.VerifyCodes(ctx, db); err != nil {
			fmt.Fprintln(stderr, "ocop serve: nạp hồ sơ minh họa:", err)
			return 1
		}
	}
	h, err := web.New(svc, web.Options{SecureCookies: c.SecureCookies})
	if err != nil {
		fmt.Fprintln(stderr, "ocop serve:", err)
		return 1
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		fmt.Fprintf(stderr, "ocop serve: không mở được cổng %s: %v\n", c.Addr, err)
		return 1
	}
	printBanner(stdout, c, ln.Addr().String(), adminPW, verify, time.Since(started))
	// The outbox and the reminders run beside the server and stop with it.
	bctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); svc.Background(bctx, 30*time.Second, 15*time.Minute) }()
	code := runServer(ctx, ln, h, log)
	stop()
	<-done
	return code
}

const serveUsage = `Cách dùng: ocop serve [--addr :8080] [--data ./data] [--demo] [--secure-cookies]
  --addr            địa chỉ lắng nghe (OCOP_ADDR, mặc định :8080)
  --data            thư mục dữ liệu SQLite và giấy tờ tải lên (OCOP_DATA, mặc định ./data)
  --demo            nạp dữ liệu minh họa tỉnh Sơn La
  --secure-cookies  cookie chỉ gửi qua HTTPS (OCOP_SECURE_COOKIES=true)
Biến môi trường khác:
  OCOP_DATABASE_URL  postgres://… để dùng PostgreSQL thay cho SQLite
  OCOP_FILES         thư mục giấy tờ tải lên (mặc định DATA/files)
  OCOP_BASE_URL      địa chỉ trang web trong liên kết của thư điện tử (mặc định http://localhost:8080)
  OCOP_SMTP_URL      máy chủ gửi thư: smtp://tên:mật-khẩu@máy-chủ:587?from=ocop@example.gov.vn
                     (STARTTLS khi máy chủ hỗ trợ; smtps://…:465 cho TLS ngay từ đầu; bỏ tên:mật-khẩu nếu không cần AUTH).
                     Không đặt: thư được giữ trong hàng đợi và không gửi.
`

// runServer serves until the context ends (SIGINT/SIGTERM), then lets
// requests in flight finish for up to 15 seconds.
func runServer(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) int {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		log.Error("server stopped", "err", err)
		return 1
	case <-ctx.Done():
	}
	log.Info("đang dừng máy chủ")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Error("shutdown", "err", err)
		return 1
	}
	log.Info("đã dừng máy chủ")
	return 0
}

func printBanner(w io.Writer, c config, addr, adminPW string, verify []string, took time.Duration) {
	host := addr
	if strings.HasPrefix(addr, "[::]:") || strings.HasPrefix(addr, "0.0.0.0:") {
		host = "localhost:" + addr[strings.LastIndex(addr, ":")+1:]
	}
	fmt.Fprintf(w, "%s\n  Địa chỉ:        http://%s\n  Cơ sở dữ liệu:  %s\n  Khởi động sau:  %d ms\n",
		i18n.T("app.name"), host, c.dbName(), took.Milliseconds())
	if c.SMTP != nil {
		fmt.Fprintf(w, "  Thư điện tử:    %s, gửi từ %s\n", c.SMTP.Host, c.SMTP.From)
	} else {
		fmt.Fprintln(w, "  Thư điện tử:    tắt (chưa đặt OCOP_SMTP_URL), thư được giữ trong hàng đợi")
	}
	if adminPW != "" {
		fmt.Fprintf(w, "\nĐã tạo quản trị viên đầu tiên. Mật khẩu dùng một lần (đổi ngay khi đăng nhập):\n  %s / %s\n",
			service.FirstAdmin, adminPW)
	}
	if c.Demo {
		fmt.Fprintf(w, "\nDữ liệu minh họa tỉnh Sơn La. Mọi tài khoản dưới đây có mật khẩu: %s\n", demo.Password)
		for _, a := range append(slices.Clone(demo.Accounts), demo.DossierAccounts...) {
			fmt.Fprintf(w, "  %-18s %s\n", a.Username, i18n.T("role."+string(a.Role)))
		}
		fmt.Fprintf(w, "  %-18s %s (%s)\n", "chuthe.matong", i18n.T("role."+string(ocop.RoleProducer)), i18n.T("status.pending"))
		fmt.Fprintf(w, "Giấy chứng nhận minh họa, xác minh công khai: http://%s/san-pham-ocop\n", host)
		if len(verify) > 0 {
			fmt.Fprintln(w, "Giấy chứng nhận do đợt đánh giá đã quyết định cấp, xác minh:")
		}
		for _, code := range verify {
			fmt.Fprintf(w, "  http://%s/verify/%s\n", host, code)
		}
	}
	fmt.Fprintln(w, "\nNhấn Ctrl+C để dừng.")
	if f, ok := w.(*os.File); ok {
		f.Sync()
	}
}
