// Command ocop runs the OCOP platform: `ocop serve` starts the web server,
// `ocop audit verify` checks the tamper-evident audit trail,
// `ocop admin reset-password` lets the operator back into an account,
// `ocop score` scores a sheet read on stdin and `ocop rulebook` lists and
// prints the scorecards.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `Cách dùng:
  ocop serve [--addr :8080] [--data ./data] [--demo]   chạy máy chủ
  ocop audit verify [--data ./data]                    kiểm tra chuỗi nhật ký
  ocop admin reset-password TÊN [--data ./data]        cấp mật khẩu dùng một lần cho tài khoản TÊN
  ocop score < phieu.json; ocop rulebook list; ocop rulebook show [--decision 26/2026] --card SỐ   chấm điểm, xem bộ tiêu chí
Biến môi trường: OCOP_DATABASE_URL (postgres://… để dùng PostgreSQL), OCOP_ADDR, OCOP_DATA, OCOP_SECURE_COOKIES (true/false); thư điện tử: xem "ocop serve --help".
`

// exitUsage is the status for invalid flags or configuration.
const exitUsage = 2

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is main without the process: tests call it with their own
// arguments, environment, input and output.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], getenv, stdout, stderr)
	case "audit":
		if len(args) < 2 || args[1] != "verify" {
			fmt.Fprintln(stderr, "ocop audit: lệnh con hợp lệ duy nhất là \"verify\"")
			return exitUsage
		}
		return auditVerify(ctx, args[2:], getenv, stdout, stderr)
	case "admin":
		if len(args) < 3 || args[1] != "reset-password" {
			fmt.Fprintln(stderr, "ocop admin: cách dùng: ocop admin reset-password TÊN_ĐĂNG_NHẬP [--data ./data]")
			return exitUsage
		}
		return adminReset(ctx, args[2], args[3:], getenv, stdout, stderr)
	case "score":
		return score(args[1:], stdin, stdout, stderr)
	case "rulebook":
		return rulebookCmd(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "ocop: lệnh không hợp lệ %q; dùng \"ocop help\" để xem các lệnh\n", args[0])
		return exitUsage
	}
}
