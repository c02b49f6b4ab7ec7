package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/testutil"
)

// pdfText is a PDF's text as pdftotext reads it, whitespace folded; ok
// is false where poppler is missing outside CI.
func pdfText(t *testing.T, body string) (text string, ok bool) {
	t.Helper()
	out, ok := testutil.PDFText(t, []byte(body), "-layout")
	return strings.Join(strings.Fields(out), " "), ok
}

func TestSelfReportFormAndPDF(t *testing.T) {
	c := newUIWithDemoDossiers(t)
	c.login("chuthe.caphe", demo.Password)
	_, list := c.send("GET", "/ho-so?trang-thai=draft", nil, nil)
	path := regexp.MustCompile(`href="(/ho-so/\d+)"`).FindStringSubmatch(list)[1]
	_, page := c.send("GET", path, nil, nil)
	if !strings.Contains(page, "Mẫu số 02 chưa có mục «Lịch sử hình thành và phát triển»") {
		t.Error("the missing list does not ask for Mẫu 02")
	}
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	form := url.Values{"version": {version}, "m2_history": {"Thành lập năm 2018 — giữ nguyên"},
		"m2_raw_material": {"20 ha"}, "m2_market": {"Hà Nội"}, "m2_plan_goals": {"Đạt 4 sao"},
		"m2_year0": {"2025"}, "m2_output0": {"5 tấn"}, "m2_revenue0": {"1.2 tỷ"}, "m2_profit0": {"-50.000"}}
	resp, body := c.send("POST", path+"/mau-02", form, nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Thành lập năm 2018 — giữ nguyên") ||
		!strings.Contains(body, "Số tiền không hợp lệ") || !strings.Contains(body, `value="1.2 tỷ"`) {
		t.Fatalf("bad money: %d", resp.StatusCode)
	}
	form.Set("m2_revenue0", "1.250.000.000")
	if resp, _ := c.send("POST", path+"/mau-02", form, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	if resp, body := c.send("POST", path+"/mau-02", form, nil); resp.StatusCode != http.StatusConflict ||
		!strings.Contains(body, "Thành lập năm 2018") {
		t.Errorf("stale save: %d", resp.StatusCode)
	}
	_, page = c.send("GET", path, nil, nil)
	if strings.Contains(page, "Mẫu số 02 chưa có") || !strings.Contains(page, `value="1.250.000.000"`) {
		t.Error("the saved report is not shown back")
	}
	resp, body = c.send("GET", path+"/mau-02.pdf", nil, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("mau 02: %d %s", resp.StatusCode, body)
	}
	text, ok := pdfText(t, body)
	for _, want := range []string{"BÁO CÁO TỰ ĐÁNH GIÁ VỀ SẢN PHẨM", "I. THÔNG TIN CHUNG", "Thành lập năm 2018 — giữ nguyên",
		"II. KẾT QUẢ THỰC HIỆN PHƯƠNG ÁN SẢN XUẤT, KINH DOANH", "1.250.000.000 ₫", "-50.000 ₫",
		"III. TỰ ĐÁNH GIÁ", "IV. KẾ HOẠCH SẢN XUẤT, KINH DOANH", "Đạt 4 sao"} {
		if ok && !strings.Contains(text, want) {
			t.Errorf("Mẫu 02 PDF lacks %q", want)
		}
	}
}

func TestVersionsPageAndByCommune(t *testing.T) {
	c := newUIWithDemoDossiers(t)
	c.login("chuthe.caphe", demo.Password)
	_, dash := c.send("GET", "/tong-quan", nil, nil)
	if !strings.Contains(dash, "Hồ sơ của tôi") ||
		!strings.Contains(dash, "còn thiếu") || !strings.Contains(dash, "UBND cấp xã (kiểm tra") {
		t.Errorf("the producer's dashboard does not follow the dossiers: %s", dash)
	}
	_, list := c.send("GET", "/ho-so?trang-thai=submitted", nil, nil)
	path := regexp.MustCompile(`href="(/ho-so/\d+)"`).FindStringSubmatch(list)[1]
	_, page := c.send("GET", path, nil, nil)
	for _, want := range []string{"So sánh các lần nộp (1)", "Đang ở", "UBND cấp xã (kiểm tra", "Diễn biến hồ sơ", "Chủ thể nộp hồ sơ"} {
		if !strings.Contains(page, want) {
			t.Errorf("dossier page lacks %q", want)
		}
	}
	resp, page := c.send("GET", path+"/phien-ban", nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(page, "Lần nộp 1") || !strings.Contains(page, "0 tiêu chí thay đổi") {
		t.Errorf("versions page: %d", resp.StatusCode)
	}
	if resp, _ := c.send("GET", path+"/phien-ban?a=7", nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown version: %d", resp.StatusCode)
	}
	c.send("POST", "/dang-xuat", url.Values{}, nil)
	c.login("vanphong.sonla", demo.Password)
	_, page = c.send("GET", "/ho-so", nil, nil)
	if !strings.Contains(page, "Theo xã, phường") || !strings.Contains(page, `<a href="/ho-so?xa=`+demo.ChiengMai+`">Xã Chiềng Mai</a>`) {
		t.Error("the province sees no table by commune")
	}
	_, page = c.send("GET", "/ho-so?xa="+demo.ChiengMai+"&trang-thai=submitted", nil, nil)
	if !strings.Contains(page, "Cà phê Arabica rang xay Chiềng Ban") {
		t.Error("filter by commune lost the dossier")
	}
	// By round: the forwarded dossier is listed under the round its row
	// names, and not under the round before.
	_, page = c.send("GET", "/ho-so?trang-thai=forwarded", nil, nil)
	m := regexp.MustCompile(`Xoài sấy dẻo Yên Châu</a>(?s:.*?)Đợt (\d)/(\d{4})`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the forwarded dossier shows no round")
	}
	n, _ := strconv.Atoi(m[1])
	y, _ := strconv.Atoi(m[2])
	if _, page = c.send("GET", fmt.Sprintf("/ho-so?trang-thai=forwarded&dot=%d-%d", y, n), nil, nil); !strings.Contains(page, "Xoài sấy dẻo Yên Châu") {
		t.Error("filter by round lost the forwarded dossier")
	}
	if n == 1 {
		y, n = y-1, 2
	} else {
		n = 1
	}
	if _, page = c.send("GET", fmt.Sprintf("/ho-so?trang-thai=forwarded&dot=%d-%d", y, n), nil, nil); strings.Contains(page, "Xoài sấy dẻo Yên Châu") {
		t.Error("the round before lists the dossier")
	}
	if _, page = c.send("GET", "/ho-so?xa=00577", nil, nil); strings.Contains(page, "Chiềng Ban") {
		t.Error("a commune of another province lists Sơn La's dossier")
	}
}

// Two people save one dossier: the second gets a conflict naming what the
// first saved, and keeps what they typed.
func TestDossierConflictShowsChanges(t *testing.T) {
	c := newUIWithDemoDossiers(t)
	c.login("chuthe.caphe", demo.Password)
	_, list := c.send("GET", "/ho-so?trang-thai=draft", nil, nil)
	path := regexp.MustCompile(`href="(/ho-so/\d+)"`).FindStringSubmatch(list)[1]
	_, page := c.send("GET", path, nil, nil)
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	first := url.Values{"version": {version}, "c-1.1": {"2"}, "m2_history": {"Bản của người thứ nhất"}}
	if resp, _ := c.send("POST", path, first, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d", resp.StatusCode)
	}
	second := url.Values{"version": {version}, "c-1.1": {"1"}}
	resp, body := c.send("POST", path, second, nil)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "Người khác vừa lưu mục này là: «2»") ||
		!strings.Contains(body, `aria-describedby="e-c-1.1"`) {
		t.Errorf("sheet conflict: %d", resp.StatusCode)
	}
	_, page = c.send("GET", path, nil, nil)
	version = regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(page)[1]
	if resp, _ := c.send("POST", path+"/mau-02", url.Values{"version": {version}, "m2_history": {"Bản A"}}, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("Mẫu 02 save: %d", resp.StatusCode)
	}
	resp, body = c.send("POST", path+"/mau-02", url.Values{"version": {version}, "m2_history": {"Bản B"}}, nil)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "Người khác vừa lưu mục này là: «Bản A»") || !strings.Contains(body, "Bản B") {
		t.Errorf("Mẫu 02 conflict: %d", resp.StatusCode)
	}
}

// The province exports its filtered list as a workbook that reads back.
func TestDossierExport(t *testing.T) {
	c := newUIWithDemoDossiers(t)
	c.login("vanphong.sonla", demo.Password)
	if _, page := c.send("GET", "/ho-so?trang-thai=submitted", nil, nil); !strings.Contains(page, `href="/ho-so/xuat.xlsx?trang-thai=submitted"`) {
		t.Error("no export link carrying the filter")
	}
	resp, body := c.send("GET", "/ho-so/xuat.xlsx?trang-thai=submitted", nil, nil)
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("export: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	f, err := excelize.OpenReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Hồ sơ OCOP")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 5 || rows[2][0] != "Sản phẩm" { // title, blank, header, the two submitted dossiers
		t.Fatalf("rows: %q", rows)
	}
	got := rows[3][0] + " | " + rows[4][0]
	for _, want := range []string{"Cà phê Arabica rang xay Chiềng Ban", "Mận hậu tươi Mộc Châu"} {
		if !strings.Contains(got, want) {
			t.Errorf("export lacks %q: %q", want, rows)
		}
	}
	if !regexp.MustCompile(`^\d\d/\d\d/\d{4}$`).MatchString(rows[3][5]) || !strings.Contains(rows[3][4], "Đã nộp") {
		t.Errorf("a row: %q", rows[3])
	}
	c.login("chuthe.manhau", demo.Password)
	if _, body := c.send("GET", "/ho-so/xuat.xlsx", nil, nil); strings.Contains(body, "Chiềng Ban") {
		t.Error("a producer's export holds another producer's dossier")
	}
}
