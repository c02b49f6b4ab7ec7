package main

import (
	"context"
	"fmt"
	"io"
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
