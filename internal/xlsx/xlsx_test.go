package xlsx

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// The workbook reads back with the values, the Vietnamese text and the
// dates as dates.
func TestWriteReadsBack(t *testing.T) {
	var buf bytes.Buffer
	day := time.Date(2026, 2, 13, 0, 0, 0, 0, time.UTC)
	err := Write(&buf, Table{Sheet: "Hồ sơ", Title: "Danh sách hồ sơ OCOP — tỉnh Sơn La", Headers: []string{"Sản phẩm", "Ngày nộp", "Điểm"},
		Rows: [][]any{{"Cà phê Arabica rang xay Chiềng Ban", day, 72.5}, {"Xoài sấy dẻo Yên Châu", time.Time{}, nil}}},
		Table{Sheet: "Theo xã", Headers: []string{"Xã", "Số hồ sơ"}, Rows: [][]any{{"Xã Chiềng Mai", 3}}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Hồ sơ" || got[1] != "Theo xã" {
		t.Fatalf("sheets: %v", got)
	}
	rows, err := f.GetRows("Hồ sơ")
	if err != nil {
		t.Fatal(err)
	}
	if rows[0][0] != "Danh sách hồ sơ OCOP — tỉnh Sơn La" || rows[2][1] != "Ngày nộp" || rows[3][0] != "Cà phê Arabica rang xay Chiềng Ban" ||
		rows[3][1] != "13/02/2026" || rows[3][2] != "72.5" || len(rows[4]) != 1 {
		t.Errorf("rows: %q", rows)
	}
	if v, _ := f.GetCellValue("Theo xã", "B2"); v != "3" {
		t.Errorf("count: %q", v)
	}
}

// Read gives back the first sheet as text, and refuses what is not a
// workbook.
func TestRead(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, Table{Sheet: "Học viên", Headers: []string{"Họ và tên", "Số"}, Rows: [][]any{{"Lò Văn Minh", 7}}},
		Table{Sheet: "Khác", Rows: [][]any{{"không đọc"}}}); err != nil {
		t.Fatal(err)
	}
	rows, err := Read(&buf)
	if err != nil || len(rows) != 2 || rows[1][0] != "Lò Văn Minh" || rows[1][1] != "7" {
		t.Fatalf("rows %q %v", rows, err)
	}
	if _, err := Read(bytes.NewReader([]byte("Họ và tên;Số\n"))); err == nil {
		t.Error("a CSV file read as a workbook")
	}
}
