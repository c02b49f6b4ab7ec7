package pdf

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/ocopvn/ocop/internal/testutil"
)

const testTitle = "Mẫu số 01 — Phiếu đăng ký sản phẩm OCOP"

// buildSample builds a document that uses every element, spans several
// pages, and returns the PDF bytes.
func buildSample(t *testing.T) []byte {
	t.Helper()
	d, err := New(testTitle)
	if err != nil {
		t.Fatal(err)
	}
	d.NationalHeader()
	d.Heading("PHIẾU ĐĂNG KÝ SẢN PHẨM THAM GIA CHƯƠNG TRÌNH OCOP")
	d.Paragraph("Căn cứ Quyết định số 26/2026/QĐ-TTg của Thủ tướng Chính phủ về Chương trình mỗi xã một sản phẩm.")
	d.Field("Tên chủ thể", "Hợp tác xã chè Chiềng Cọ")
	d.Field("Địa chỉ", "Bản Hài, xã Chiềng Cọ, thành phố Sơn La, tỉnh Sơn La")
	d.Field("Sản phẩm đăng ký", "Chè Shan tuyết cổ thụ; mứt gừng Huế; nước mắm Phú Quốc — một danh sách dài để dòng này phải xuống dòng khi vượt quá chiều rộng trang giấy khổ A4")
	long := strings.Repeat("Sản phẩm được sản xuất theo quy trình truyền thống của đồng bào dân tộc Thái, bảo đảm vệ sinh an toàn thực phẩm, có truy xuất nguồn gốc rõ ràng và bao bì, nhãn mác đúng quy định. ", 14)
	d.Paragraph(long)
	// Decomposed input (NFD) must come out as the same text.
	d.Paragraph(norm.NFD.String("Kinh đô Huế và Thừa Thiên Huế."))
	d.Heading("Mẫu số 03 — Báo cáo kết quả đánh giá")
	var rows [][]string
	for i := 1; i <= 60; i++ {
		rows = append(rows, []string{strconv.Itoa(i), fmt.Sprintf("Sản phẩm số %d của xã Chiềng Cọ", i), fmt.Sprintf("%d sao", 3+i%3), "Đạt"})
	}
	rows[5][1] = "Một ô rất dài để kiểm tra việc xuống dòng trong ô của bảng: mật ong hoa cà phê Tây Nguyên, đóng chai thủy tinh 500 ml"
	rows[59] = []string{"60", "Trà atiso Đà Lạt cuối bảng", "5 sao", "Xuất sắc"}
	d.Table([]string{"STT", "Tên sản phẩm", "Hạng", "Kết quả"}, []float64{1, 6, 2, 2}, rows)
	d.Signature("Sơn La", FormatDate(time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)), "CHỦ TỊCH UBND XÃ", "Lò Văn Cường")
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRenderVietnamese(t *testing.T) {
	b := buildSample(t)
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("output does not start with %%PDF-: %q", b[:min(len(b), 16)])
	}
	// gopdf writes the title as UTF-16BE hex: <FEFF...>.
	var hex strings.Builder
	for _, r := range testTitle {
		fmt.Fprintf(&hex, "%04X", r)
	}
	if !bytes.Contains(b, []byte("/Title <FEFF"+hex.String()+">")) {
		t.Errorf("title metadata %q not found in PDF", testTitle)
	}
	path := filepath.Join(t.TempDir(), "sample.pdf")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", path, len(b))
	if dir := os.Getenv("OCOP_PDF_OUT"); dir != "" { // keep a copy to look at
		_ = os.WriteFile(filepath.Join(dir, "sample.pdf"), b, 0o644)
	}

	text, ok := testutil.PDFText(t, b, "-layout")
	if !ok {
		return // the bytes were checked above; the text needs poppler
	}
	if !utf8.ValidString(text) {
		t.Fatal("pdftotext output is not valid UTF-8")
	}
	for _, want := range []string{
		"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
		"Độc lập - Tự do - Hạnh phúc",
		"PHIẾU ĐĂNG KÝ SẢN PHẨM THAM GIA CHƯƠNG TRÌNH OCOP",
		"Quyết định số 26/2026/QĐ-TTg",
		"Chiềng Cọ",
		"Huế",
		"Kinh đô Huế và Thừa Thiên Huế.",
		"Tên chủ thể: Hợp tác xã chè Chiềng Cọ",
		"Mẫu số 03 — Báo cáo kết quả đánh giá",
		"Trà atiso Đà Lạt cuối bảng",
		"Xuất sắc",
		"Sơn La, ngày 22 tháng 11 năm 2026",
		"CHỦ TỊCH UBND XÃ",
		"Lò Văn Cường",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("pdftotext output:\n%s", text)
	}

	pages := strings.Count(text, "\f")
	if _, err := exec.LookPath("pdfinfo"); err == nil {
		info, err := exec.Command("pdfinfo", path).Output()
		if err != nil {
			t.Fatalf("pdfinfo: %v", err)
		}
		m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindSubmatch(info)
		if m == nil {
			t.Fatalf("pdfinfo gave no page count:\n%s", info)
		}
		pages, _ = strconv.Atoi(string(m[1]))
		if !regexp.MustCompile(`(?m)^Title:\s+` + regexp.QuoteMeta(testTitle) + `$`).Match(info) {
			t.Errorf("pdfinfo title is not %q:\n%s", testTitle, info)
		}
	}
	if pages < 2 {
		t.Errorf("got %d pages, want 2 or more", pages)
	}

	// The table header is repeated on each page the table spans.
	if n := strings.Count(text, "Tên sản phẩm"); n < 2 {
		t.Errorf("table header appears %d times, want it repeated on a new page", n)
	}
}

// Every Vietnamese letter, in both cases and with every tone mark, must
// have a glyph in both embedded fonts.
func TestFontCoversVietnamese(t *testing.T) {
	const letters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
	d, err := New("glyphs")
	if err != nil {
		t.Fatal(err)
	}
	all := letters + strings.ToUpper(letters) + "–—…“”‘’"
	d.Paragraph(all)
	d.Field(all, all)
	if _, err := d.Bytes(); err != nil {
		t.Fatal(err)
	}
}

func TestMissingGlyphIsAnError(t *testing.T) {
	d, err := New("x")
	if err != nil {
		t.Fatal(err)
	}
	d.Paragraph("日本") // not in Be Vietnam Pro
	if _, err := d.Bytes(); err == nil || !strings.Contains(err.Error(), "U+65E5") {
		t.Fatalf("want an error naming the missing glyph, got %v", err)
	}
}

func TestFormatDate(t *testing.T) {
	for _, c := range []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), "ngày 22 tháng 11 năm 2026"},
		{time.Date(2026, 2, 5, 0, 0, 0, 0, time.UTC), "ngày 05 tháng 02 năm 2026"},
		{time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC), "ngày 09 tháng 3 năm 2026"},
	} {
		if got := FormatDate(c.t); got != c.want {
			t.Errorf("FormatDate(%v) = %q, want %q", c.t, got, c.want)
		}
	}
}

func TestWrapKeepsWordsAndWidth(t *testing.T) {
	d, err := New("wrap")
	if err != nil {
		t.Fatal(err)
	}
	in := "Độc lập - Tự do - Hạnh phúc " + strings.Repeat("x", 200)
	lines := d.wrap([]run{{text: in}}, 50, bodySize)
	var got []string
	for _, l := range lines {
		if l.width > 50+1e-6 {
			t.Errorf("line %q is %.1f mm wide, max 50", l.String(), l.width)
		}
		got = append(got, l.String())
	}
	if joined := strings.Join(got, ""); strings.ReplaceAll(joined, " ", "") != strings.ReplaceAll(in, " ", "") {
		t.Errorf("wrapping lost text: %q", got)
	}
}

// A row taller than a page is split across pages instead of looping or
// running off the page; tables without headers or rows are fine too.
func TestTableEdgeCases(t *testing.T) {
	d, err := New("bảng")
	if err != nil {
		t.Fatal(err)
	}
	huge := strings.Repeat("Nội dung rất dài trong một ô của bảng. ", 400)
	d.Table([]string{"Mục", "Nội dung"}, []float64{1, 5}, [][]string{{"1", huge}, {"2", "ngắn"}})
	d.Table(nil, nil, [][]string{{"a", "b", "c"}, {"d"}})
	d.Table(nil, nil, nil)
	d.Table([]string{"Chỉ có tiêu đề"}, []float64{-1}, nil)
	b, err := d.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	path := filepath.Join(t.TempDir(), "edge.pdf")
	if dir := os.Getenv("OCOP_PDF_OUT"); dir != "" {
		path = filepath.Join(dir, "edge.pdf")
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	text, ok := testutil.PDFText(t, b)
	if !ok {
		return
	}
	if n := strings.Count(text, "\f"); n < 3 {
		t.Errorf("huge row gave %d pages, want 3 or more", n)
	}
	// Lines wrap anywhere, so compare without whitespace.
	if got := strings.Count(strings.Join(strings.Fields(text), ""), "Nộidungrấtdài"); got != 400 {
		t.Errorf("huge cell: %d of 400 sentences extracted", got)
	}
	for _, want := range []string{"ngắn", "Chỉ có tiêu đề"} {
		if !strings.Contains(text, want) {
			t.Errorf("pdftotext output lacks %q", want)
		}
	}
}
