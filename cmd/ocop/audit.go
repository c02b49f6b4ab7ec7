package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

// auditVerify walks the audit hash chain and reports the first broken
// link. Exit status 1 means tampering was detected.
func auditVerify(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	c, err := parseConfig("audit verify", args, getenv, false)
	if err != nil {
		fmt.Fprintln(stderr, "ocop audit verify:", err)
		return exitUsage
	}
	db, err := openDB(ctx, c)
	if err != nil {
		fmt.Fprintln(stderr, "ocop audit verify:", err)
		return 1
	}
	defer db.Close()
	res, err := db.VerifyAudit(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "ocop audit verify:", err)
		return 1
	}
	if !res.OK() {
		fmt.Fprintf(stdout, "HỎNG: chuỗi nhật ký bị phá vỡ tại dòng số %d: %s (%d dòng trước đó nguyên vẹn)\n",
			res.BrokenSeq, res.Reason, res.Checked)
		return 1
	}
	fmt.Fprintf(stdout, "OK: chuỗi nhật ký nguyên vẹn, %d dòng đã kiểm tra.\n", res.Checked)
	return 0
}

// adminReset prints a new one-time password for an account.
func adminReset(ctx context.Context, username string, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	c, err := parseConfig("admin reset-password", args, getenv, false)
	if err != nil {
		fmt.Fprintln(stderr, "ocop admin reset-password:", err)
		return exitUsage
	}
	db, err := openDB(ctx, c)
	if err != nil {
		fmt.Fprintln(stderr, "ocop admin reset-password:", err)
		return 1
	}
	defer db.Close()
	pw, err := service.New(db, slog.New(slog.NewTextHandler(stderr, nil))).ResetByOperator(ctx, username)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		fmt.Fprintf(stderr, "ocop admin reset-password: không có tài khoản %q\n", username)
		return 1
	} else if err != nil {
		fmt.Fprintln(stderr, "ocop admin reset-password:", err)
		return 1
	}
	fmt.Fprintf(stdout, "Mật khẩu dùng một lần của %s (đổi ngay khi đăng nhập): %s\n", username, pw)
	return 0
}
