package testutil

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Workbook builds an .xlsx file whose first sheet holds rows from A1, as
// a user would fill one in, for tests of imports.
func Workbook(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TraineeRows is an enrolment list as organisers fill it in: a title above
// the header, good rows (sheet rows 3 and 8), bad ones (4: no name, 5:
// unknown audience, 7: bad phone and e-mail) and a blank line (6).
var TraineeRows = [][]any{
	{"DANH SÁCH HỌC VIÊN LỚP TẬP HUẤN OCOP"},
	{"Họ và tên", "Đơn vị", "Đối tượng", "Điện thoại", "Email"},
	{"Lò Văn Minh", "UBND xã Chiềng Cơi", "Cán bộ cấp xã", "0912 345 678", "minh@example.vn"},
	{"", "HTX Chè Tà Xùa", "Chủ thể OCOP", "", ""},
	{"Quàng Thị Lan", "HTX Mận Mộc Châu", "nông dân", "", ""},
	{},
	{"Cầm Văn Hùng", "HTX Cà phê Sơn La", "producer", "12ab", "không-phải-thư"},
	{"Tòng Thị Mai", "Phòng Kinh tế", "Tư vấn viên", "", ""},
}
