package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Poppler reports whether a poppler-utils tool (pdftotext, pdftoppm) is on
// PATH. CI installs poppler, so there its absence fails the test; elsewhere
// the test says what it leaves unchecked.
func Poppler(t testing.TB, tool string) bool {
	t.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s (poppler-utils) is missing", tool)
		}
		t.Logf("%s (poppler-utils) not installed: the PDF is not read back", tool)
		return false
	}
	return true
}

// PDFText is the text pdftotext reads from a PDF; args come before the
// file (e.g. "-layout"). ok is false where poppler is missing outside CI.
func PDFText(t testing.TB, pdf []byte, args ...string) (text string, ok bool) {
	t.Helper()
	if !Poppler(t, "pdftotext") {
		return "", false
	}
	file := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(file, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", append(args, file, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out), true
}
