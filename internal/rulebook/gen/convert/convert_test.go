package convert

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var shared = DefaultSource()

// copySources copies the shared transcriptions into a temporary directory,
// applying edit to the file whose name starts with key.
func copySources(t *testing.T, key string, edit func(string) string) string {
	t.Helper()
	if _, err := os.Stat(shared); err != nil {
		t.Skipf("shared scorecards not available: %v", err)
	}
	dir := t.TempDir()
	paths, err := filepath.Glob(filepath.Join(shared, "qd*.md"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no sources: %v", err)
	}
	edited := false
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if strings.HasPrefix(filepath.Base(p), key+"-") {
			if s2 := edit(s); s2 != s {
				s, edited = s2, true
			}
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(p)), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if key != "" && !edited {
		t.Fatalf("edit of %s changed nothing", key)
	}
	return dir
}

func TestGenerateClean(t *testing.T) {
	res, err := Generate(copySources(t, "", func(s string) string { return s }))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Files) != 53 || len(res.Cards) != 52 {
		t.Fatalf("%d files, %d cards", len(res.Files), len(res.Cards))
	}
}

// TestGenerateFailsLoudly checks that source problems stop the generator
// with the file and line.
func TestGenerateFailsLoudly(t *testing.T) {
	for _, tc := range []struct {
		name, key, old, new, want string
	}{
		{"unknown line", "qd26-01", "| 1 | □ Sản phẩm được trồng trên địa bàn cấp xã, nhưng có tỷ lệ dưới 50% | 1 |  |",
			"Some stray text", "qd26-01-rau-cu-qua-hat-tuoi.md:35: unrecognised line"},
		{"bad points", "qd26-01", "| 3 | □ Sản phẩm được trồng trên địa bàn cấp xã từ 75% đến 100% | 3 |  |",
			"| 3 | □ Sản phẩm được trồng trên địa bàn cấp xã từ 75% đến 100% | x |  |", "qd26-01-rau-cu-qua-hat-tuoi.md:37: points of 1.1 option 3"},
		{"marker mismatch", "qd26-01", "□ Đóng gói sáng tạo, bao bì đẹp*** | 2 | 3★ |",
			"□ Đóng gói sáng tạo, bao bì đẹp**** | 2 | 3★ |", "Min-for column says \"3★\" but the text carries 4 asterisks"},
		{"sum", "qd26-01", "#### 1.1. Nguồn gốc sản phẩm — max 3", "#### 1.1. Nguồn gốc sản phẩm — max 4",
			"qd26-01-rau-cu-qua-hat-tuoi.md:29: criterion 1.1: maximum 4 but the best option is worth 3"},
		{"unhandled flag", "qd26-01", "## Integrity check (computed by the converter)\n",
			"## Integrity check (computed by the converter)\n- ⚠ something new\n", "flag not handled in fixes.go"},
		{"typo no longer present", "qd26-04", "| 3 | □ Có trên 2 chỉ tiêu | 13 |  |",
			"| 3 | □ Có trên 2 chỉ tiêu | 3 |  |", "expects the points cell \"13\", found \"3\""},
		{"unknown rule-like table note", "qd26-01", "_Ghi chú: Bản tiêu chuẩn sản phẩm phải có",
			"_Ghi chú: Bị loại nếu gian lận; Bản tiêu chuẩn sản phẩm phải có", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copySources(t, tc.key, func(s string) string { return strings.Replace(s, tc.old, tc.new, 1) })
			res, err := Generate(dir)
			if tc.want == "" {
				// Not an error: kept as a note, with a warning.
				if err != nil {
					t.Fatal(err)
				}
				found := false
				for _, w := range res.Warnings {
					found = found || strings.Contains(w, "Bị loại nếu gian lận")
				}
				if !found {
					t.Errorf("no warning for an unclassified rule-like note: %v", res.Warnings)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestRuleKind(t *testing.T) {
	for text, want := range map[string]string{
		"Ghi chú: Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu hoặc không rõ nguồn gốc":                                "ko.raw_material",
		"Ghi chú: Bị loại nếu phát hiện giống hệt sản phẩm của nhà sản xuất khác, chỉ thay đổi tên sản phẩm, nhà sản xuất":  "ko.copy",
		"Chú ý: Nếu có các tạp chất không chấp nhận được (có nguy cơ gây mất ATTP) sẽ không đánh giá các bước tiếp theo":    "stop.impurity",
		"Ghi chú: Không xem xét các chỉ tiêu khác nếu sản phẩm có các tạp chất có nguy cơ ảnh hưởng đến vệ sinh":            "stop.impurity",
		"Ghi chú: Nếu được 0 điểm tại một trong các chỉ tiêu trên, sẽ không đánh giá các bước tiếp theo.":                   "stop.zero",
		"Ghi chú: Không đánh giá các bước tiếp theo nếu không có Phiếu công bố sản phẩm theo quy định":                      "stop.declaration",
		"Ghi chú: Không đánh giá các bước tiếp theo nếu Giấy chứng nhận đủ điều kiện ATTP (hoặc tương đương) không phù hợp": "stop.food_safety",
		"Ghi chú: Bản Tiêu chuẩn sản phẩm phải có phiếu kiểm nghiệm các chỉ tiêu an toàn thực phẩm":                         "",
	} {
		if got, _, _ := ruleKind(text); got != want {
			t.Errorf("ruleKind(%q) = %q, want %q", text, got, want)
		}
	}
}
