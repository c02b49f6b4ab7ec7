package web_test

import (
	"context"
	"encoding/json"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
	"github.com/ocopvn/ocop/internal/web"
)

// testCodeKey signs verification codes in tests.
var testCodeKey = []byte("khóa thử nghiệm mã xác minh GCN!")

// newCertUI serves the demo province (its two paper certificates) on db,
// with the site's base URL set to the test server's, so QR codes point
// at it.
func newCertUI(t *testing.T, db *store.DB) (*uiClient, *service.Service) {
	t.Helper()
	ctx := context.Background()
	if err := demo.Load(ctx, db); err != nil {
		t.Fatal(err)
	}
	svc := service.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	svc.CodeKey = testCodeKey
	svc.Files = must(files.Open(t.TempDir()))
	if err := svc.EnsureCertificateCodes(ctx); err != nil {
		t.Fatal(err)
	}
	s := must(web.New(svc, web.Options{}))
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	svc.BaseURL = srv.URL
	jar, _ := cookiejar.New(nil)
	return &uiClient{t, srv.URL, &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}, svc
}

// anonymous is a visitor without an account on the same server.
func (c *uiClient) anonymous() *uiClient {
	return &uiClient{c.t, c.base, &http.Client{CheckRedirect: c.c.CheckRedirect}}
}

// decodeQR renders the first page of a PDF to PNG with pdftoppm and reads
// the QR code on it; ok is false when poppler is missing outside CI.
func decodeQR(t *testing.T, pdf string) (text string, ok bool) {
	t.Helper()
	if !testutil.Poppler(t, "pdftoppm") {
		return "", false
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "gcn.pdf"), []byte(pdf), 0o644)
	if out, err := exec.Command("pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", "-singlefile",
		filepath.Join(dir, "gcn.pdf"), filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	f := must(os.Open(filepath.Join(dir, "page.png")))
	defer f.Close()
	img := must(png.Decode(f))
	text, err := testutil.ReadQR(img)
	if err != nil {
		t.Fatalf("no QR code found on the rendered certificate: %v", err)
	}
	return text, true
}

var pdfLinkRe = regexp.MustCompile(`href="(/san-pham/\d+/giay-chung-nhan/\d+/gcn\.pdf)"`)

func TestCertificatePDFQRCodeOpensVerifyPage(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		c, _ := newCertUI(t, db)
		c.login("vanphong.sonla", demo.Password)
		_, page := c.send("GET", c.productPath("Cà phê Arabica rang xay Chiềng Ban"), nil, nil)
		m := pdfLinkRe.FindStringSubmatch(page)
		if m == nil {
			t.Fatal("the product page has no link to the certificate PDF")
		}
		resp, body := c.send("GET", m[1], nil, nil)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("certificate PDF: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if text, ok := pdfText(t, body); ok {
			for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "GIẤY CHỨNG NHẬN SẢN PHẨM OCOP", "Số: 0412/GCN-OCOP",
				"Cà phê Arabica rang xay Chiềng Ban", "Hợp tác xã", "Chiềng Mai", "Tỉnh Sơn La", "Đạt hạng: 4 sao",
				"2145/QĐ-UBND", "Có giá trị đến hết ngày", "Phó Chủ tịch UBND tỉnh Sơn La", "Quét mã QR"} {
				if !strings.Contains(text, want) {
					t.Errorf("certificate PDF lacks %q:\n%s", want, text)
				}
			}
		}
		link, ok := decodeQR(t, body)
		if !ok {
			return
		}
		if !strings.HasPrefix(link, c.base+"/verify/") {
			t.Fatalf("QR code holds %q, want %s/verify/…", link, c.base)
		}
		visitor := c.anonymous()
		resp, body = visitor.send("GET", strings.TrimPrefix(link, c.base), nil, nil)
		if resp.StatusCode != 200 || !strings.Contains(body, "còn hiệu lực") || !strings.Contains(body, "Cà phê Arabica rang xay Chiềng Ban") ||
			!strings.Contains(body, "Xã Chiềng Mai") || !strings.Contains(body, "2145/QĐ-UBND") {
			t.Errorf("the QR code's page: %d\n%s", resp.StatusCode, body)
		}
	})
}

func TestVerifyForgedUnknownJSONAndExpired(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		c, svc := newCertUI(t, db)
		visitor := c.anonymous()
		certs, total, err := svc.PublicCertificates(context.Background(), store.PublicCertificateFilter{})
		if err != nil || total != 2 {
			t.Fatalf("public certificates: %d %v", total, err)
		}
		code := certs[0].Code
		if !secret.NewCodes(testCodeKey).Valid(code) {
			t.Fatalf("code %q is not signed with the server key", code)
		}
		resp, body := visitor.send("GET", "/verify/"+code, nil, map[string]string{"Accept": "application/json"})
		var a map[string]any
		if err := json.Unmarshal([]byte(body), &a); err != nil || resp.StatusCode != 200 {
			t.Fatalf("JSON answer: %d %v %s", resp.StatusCode, err, body)
		}
		cert, _ := a["certificate"].(map[string]any)
		if a["result"] != "found" || a["state"] != "valid" || cert["number"] != certs[0].Number || cert["product_name"] != certs[0].ProductName ||
			cert["province_name"] != "Tỉnh Sơn La" {
			t.Errorf("JSON answer: %s", body)
		}
		// Typed in lower case with dashes: the same certificate.
		if resp, _ := visitor.send("GET", "/xac-minh?ma="+url.QueryEscape(strings.ToLower(code[:6])+"-"+code[6:]), nil, nil); resp.StatusCode != http.StatusSeeOther ||
			resp.Header.Get("Location") != "/verify/"+code {
			t.Errorf("form redirect: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		forged := []byte(code)
		forged[5] = map[bool]byte{true: 'B', false: 'A'}[forged[5] == 'A']
		resp, body = visitor.send("GET", "/verify/"+string(forged), nil, nil)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Mã không hợp lệ / giả mạo") || strings.Contains(body, "Không tìm thấy") {
			t.Errorf("forged code: %d\n%s", resp.StatusCode, body)
		}
		unknown := secret.NewCodes(testCodeKey).New()
		resp, body = visitor.send("GET", "/verify/"+unknown, nil, nil)
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "Không tìm thấy") || strings.Contains(body, "giả mạo") {
			t.Errorf("unknown code: %d\n%s", resp.StatusCode, body)
		}
		resp, body = visitor.send("GET", "/verify/"+unknown, nil, map[string]string{"Accept": "application/json"})
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, `"result":"not_found"`) {
			t.Errorf("unknown code as JSON: %d %s", resp.StatusCode, body)
		}
		// 200 days on, the dried plums' certificate (150 days left today) has expired.
		db.Now = func() time.Time { return time.Now().AddDate(0, 0, 200) }
		plums := certs[0]
		if !strings.Contains(plums.ProductName, "Mận") {
			plums = certs[1]
		}
		_, body = visitor.send("GET", "/verify/"+plums.Code, nil, nil)
		if !strings.Contains(body, "đã hết hiệu lực") || strings.Contains(body, "còn hiệu lực") {
			t.Errorf("expired certificate page:\n%s", body)
		}
		_, body = visitor.send("GET", "/api/v1/public/certificates?state=expired", nil, nil)
		if !strings.Contains(body, `"total":1`) || !strings.Contains(body, plums.Number) {
			t.Errorf("public list of expired certificates: %s", body)
		}
	})
}

func TestRevokeCertificate(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		c, svc := newCertUI(t, db)
		ctx := context.Background()
		c.login("vanphong.sonla", demo.Password)
		prodPath := c.productPath("Cà phê Arabica rang xay Chiềng Ban")
		_, page := c.send("GET", prodPath, nil, nil)
		m := regexp.MustCompile(`action="(` + prodPath + `/giay-chung-nhan/(\d+)/thu-hoi)"`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("the product page has no revocation form for the provincial office")
		}
		certID := must(strconv.ParseInt(m[2], 10, 64))
		before := must(db.Certificate(ctx, certID))
		today := time.Now().Format("02/01/2006")
		late := url.Values{"revoke_ground": {"b"}, "revoke_decision_no": {"88/QĐ-UBND"}, "revoke_decision_date": {today},
			"revoke_finding_date": {time.Now().AddDate(0, 0, -20).Format("02/01/2006")}, "revoke_note": {"Kiểm tra đột xuất"}}
		resp, body := c.send("POST", m[1], late, nil)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "trong 15 ngày kể từ ngày có kết luận") ||
			!strings.Contains(body, `value="88/QĐ-UBND"`) {
			t.Fatalf("a decision 20 days after the finding: %d\n%s", resp.StatusCode, body)
		}
		if after := must(db.Certificate(ctx, certID)); after.Status != ocop.CertValid || after.Version != before.Version {
			t.Fatal("a refused revocation changed the certificate")
		}
		// The Ministry revokes only 5★; the producer not at all.
		ministry := c.other("vanphong.bo")
		body5 := `{"ground":"b","decision_no":"1/QĐ-BNNMT","decision_date":"` + today + `","finding_date":"` + today + `"}`
		api := "/api/v1" + strings.Replace(m[1], "/san-pham/", "/products/", 1)
		api = strings.Replace(strings.Replace(api, "/giay-chung-nhan/", "/certificates/", 1), "/thu-hoi", "/revoke", 1)
		if resp, _ := ministry.postJSON(api, body5); resp.StatusCode != http.StatusForbidden {
			t.Errorf("the Ministry revoking a 4★ certificate: %d, want 403", resp.StatusCode)
		}
		if resp, _ := c.other("chuthe.caphe").postJSON(api, body5); resp.StatusCode != http.StatusForbidden {
			t.Errorf("the producer revoking: %d, want 403", resp.StatusCode)
		}
		ok := late
		ok.Set("revoke_finding_date", time.Now().AddDate(0, 0, -15).Format("02/01/2006"))
		if resp, body := c.send("POST", m[1], ok, nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("revocation 15 days after the finding: %d\n%s", resp.StatusCode, body)
		}
		if resp, _ := c.postJSON(api, body5); resp.StatusCode != http.StatusConflict {
			t.Errorf("revoking twice: %d, want 409", resp.StatusCode)
		}
		after := must(db.Certificate(ctx, certID))
		if after.Status != ocop.CertRevoked || after.RevokeGround != "b" || after.RevokeDecisionNo != "88/QĐ-UBND" {
			t.Errorf("revoked certificate: %+v", after)
		}
		prods, _, _ := db.Products(ctx, store.ProductFilter{Scope: ocop.Country, ID: after.ProductID, Limit: 1})
		if prods[0].Stars != 0 {
			t.Errorf("the product keeps %d stars after revocation", prods[0].Stars)
		}
		_, body = c.anonymous().send("GET", "/verify/"+after.Code, nil, nil)
		for _, want := range []string{"đã thu hồi", "88/QĐ-UBND", "b) Sản phẩm OCOP không còn đáp ứng các tiêu chí", "Kiểm tra đột xuất"} {
			if !strings.Contains(body, want) {
				t.Errorf("verify page of a revoked certificate lacks %q", want)
			}
		}
		_, body = c.anonymous().send("GET", "/san-pham-ocop?trang-thai=revoked", nil, nil)
		if !strings.Contains(body, "/verify/"+after.Code) || strings.Contains(body, "Mận hậu") {
			t.Errorf("public list of revoked certificates:\n%s", body)
		}
		_, body = c.other("chuthe.caphe").send("GET", "/thong-bao", nil, nil)
		if !strings.Contains(body, "0412/GCN-OCOP") || !strings.Contains(body, "đã bị thu hồi") {
			t.Errorf("the producer was not told:\n%s", body)
		}
		rows := must(db.AuditEntries(ctx, store.AuditFilter{Entity: "certificate", EntityID: strconv.FormatInt(certID, 10)}))
		if len(rows) == 0 || rows[0].Action != "certificate.revoke" || !strings.Contains(rows[0].After, "88/QĐ-UBND") {
			t.Errorf("audit rows: %+v", rows)
		}
		_ = svc
	})
}
