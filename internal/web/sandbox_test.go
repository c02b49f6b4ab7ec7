package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// sandboxSite is the Sơn La demo behind a server, plus Hà Nội's office.
type sandboxSite struct {
	t    *testing.T
	svc  *service.Service
	base string
}

func newSandboxSite(t *testing.T, db *store.DB) *sandboxSite {
	t.Helper()
	ctx := context.Background()
	c, svc := newUIServiceOn(t, db)
	if err := svc.EnsureCertificateCodes(ctx); err != nil {
		t.Fatal(err)
	}
	hn := &ocop.User{Username: "vanphong.hanoi", FullName: "Văn phòng Hà Nội", Role: ocop.RoleProvince,
		Scope: ocop.ProvinceScope("01"), Status: ocop.UserActive}
	if err := db.Update(ctx, ocop.System, func(tx *store.Tx) error {
		return tx.CreateUser(ctx, hn, secret.HashPassword(demo.Password))
	}); err != nil {
		t.Fatal(err)
	}
	return &sandboxSite{t, svc, c.base}
}

// client returns a browser for a user ("" for an anonymous visitor).
func (s *sandboxSite) client(user, pw string) *uiClient {
	c := &uiClient{s.t, s.base, &http.Client{Jar: must(cookiejar.New(nil)),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if user != "" {
		c.login(user, pw)
	}
	return c
}

var (
	secretRe  = regexp.MustCompile(`<span class="secret">([^<]+)</span>`)
	versionRe = regexp.MustCompile(`name="version" value="(\d+)"`)
)

func TestSandboxPages(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		site := newSandboxSite(t, db)
		office := site.client("vanphong.sonla", demo.Password)
		resp, body := office.send("POST", "/thuc-hanh", url.Values{"name": {"Lớp tháng 11"}, "seats": {"99"}}, nil)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Số chỗ thực hành từ 1 đến 40.") ||
			!strings.Contains(body, `value="Lớp tháng 11"`) {
			t.Fatalf("too many seats: %d", resp.StatusCode)
		}
		// The course it serves is one of the province's: Hà Nội's is refused.
		courses := map[string]*ocop.Course{"14": nil, "01": nil}
		for prov := range courses {
			seed := service.CourseSeed{Course: &ocop.Course{ProvinceCode: prov, Title: "Quản lý hồ sơ OCOP trên nền tảng " + prov,
				Organiser: "VP NTM", Type: ocop.CourseClassroom, StartDate: "2026-11-25", EndDate: "2026-11-25", Capacity: 30,
				Audiences: []ocop.Audience{ocop.AudienceProducer}}}
			if err := site.svc.BuildCourse(context.Background(), ocop.System, seed); err != nil {
				t.Fatal(err)
			}
			courses[prov] = seed.Course
		}
		_, body = office.send("GET", "/thuc-hanh", nil, nil)
		if !strings.Contains(body, "Quản lý hồ sơ OCOP trên nền tảng 14") || strings.Contains(body, "nền tảng 01") {
			t.Errorf("the course choice lacks the province's course or shows Hà Nội's")
		}
		resp, body = office.send("POST", "/thuc-hanh", url.Values{"name": {"Lớp tháng 11"}, "seats": {"2"},
			"course_id": {fmt.Sprint(courses["01"].ID)}}, nil)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Vui lòng chọn một mục.") {
			t.Errorf("Hà Nội's course: %d", resp.StatusCode)
		}
		resp, _ = office.send("POST", "/thuc-hanh", url.Values{"name": {"Lớp tháng 11"}, "seats": {"2"},
			"course_id": {fmt.Sprint(courses["14"].ID)}}, nil)
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/thuc-hanh/") {
			t.Fatalf("create: %d to %q", resp.StatusCode, loc)
		}
		id := must(strconv.ParseInt(strings.TrimPrefix(loc, "/thuc-hanh/"), 10, 64))
		if _, cp := office.send("GET", fmt.Sprintf("/tap-huan/%d", courses["14"].ID), nil, nil); !strings.Contains(cp, `href="`+loc+`"`) {
			t.Errorf("the course page does not link its sandbox")
		}
		_, page := office.send("GET", loc, nil, nil)
		th := fmt.Sprintf("th%d.", id)
		for _, want := range []string{th + "chuthe01", th + "canboxa02", th + "tinh01", th + "hoidong02", "Tỉnh Thực hành " + strconv.FormatInt(id, 10),
			"Xã Thực hành An Lạc", "In phiếu tài khoản", "/dang-ky?tinh=T" + strconv.FormatInt(id, 10)} {
			if !strings.Contains(page, want) {
				t.Errorf("sandbox page lacks %q", want)
			}
		}
		m := secretRe.FindStringSubmatch(page)
		if m == nil {
			t.Fatal("no password on the sandbox page")
		}
		pw := m[1]
		resp, sheet := office.send("GET", loc+"/phieu.pdf", nil, nil)
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("accounts sheet: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if text, ok := testutil.PDFText(t, []byte(sheet)); ok {
			for _, want := range []string{th + "chuthe01", th + "hoidong02", pw, "Xã Thực hành Bình", "dữ liệu không có giá trị thật"} {
				if !strings.Contains(text, want) {
					t.Errorf("accounts sheet lacks %q:\n%s", want, text)
				}
			}
		}
		if _, list := office.send("GET", "/thuc-hanh", nil, nil); !strings.Contains(list, "Lớp tháng 11") || strings.Contains(list, "sandbox-banner") {
			t.Error("the list lacks the sandbox, or the organiser sees the practice banner")
		}

		// A trainee works inside, under the banner, and can practise
		// registering in a practice commune.
		trainee := site.client(th+"chuthe01", pw)
		if _, body := trainee.send("GET", "/ho-so", nil, nil); !strings.Contains(body, "Môi trường thực hành — dữ liệu không có giá trị thật") ||
			!strings.Contains(body, "Mứt gừng Thực hành 01") {
			t.Error("trainee's dossier list: banner or practice draft missing")
		}
		officer := site.client(th+"tinh01", pw)
		if _, body := officer.send("GET", "/chu-the", nil, nil); !strings.Contains(body, "Thực hành 02") {
			t.Error("the sandbox's province officer does not see its producers")
		}
		anon := site.client("", "")
		_, reg := anon.send("GET", "/dang-ky?tinh=T"+strconv.FormatInt(id, 10), nil, nil)
		if !strings.Contains(reg, fmt.Sprintf(`<option value="T%d" selected>Tỉnh Thực hành %d</option>`, id, id)) ||
			!strings.Contains(reg, "Xã Thực hành Bình Minh") {
			t.Error("registration in the practice province not offered")
		}

		assertNoSandbox(t, site, id)

		// Another province's organiser finds nothing.
		hanoi := site.client("vanphong.hanoi", demo.Password)
		for _, req := range [][2]string{{"GET", loc}, {"POST", loc + "/dat-lai"}, {"POST", loc + "/xoa"},
			{"GET", "/api/v1/sandboxes/" + strconv.FormatInt(id, 10)}} {
			if resp, _ := hanoi.send(req[0], req[1], url.Values{"version": {"1"}}, nil); resp.StatusCode != http.StatusNotFound {
				t.Errorf("Hà Nội %s %s: %d, want 404", req[0], req[1], resp.StatusCode)
			}
		}

		// Reset with a stale version conflicts; with the right one it wipes
		// the trainees' work.
		version := versionRe.FindStringSubmatch(page)[1]
		if resp, _ := office.send("POST", loc+"/dat-lai", url.Values{"version": {"99"}}, nil); resp.StatusCode != http.StatusConflict {
			t.Errorf("stale reset: %d", resp.StatusCode)
		}
		if resp, _ := office.send("POST", loc+"/dat-lai", url.Values{"version": {version}}, nil); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("reset: %d", resp.StatusCode)
		}
		if resp, _ := trainee.send("GET", "/ho-so", nil, nil); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("the trainee's session survived the reset: %d", resp.StatusCode)
		}
		_, page = office.send("GET", loc, nil, nil)
		resp, _ = office.send("POST", loc+"/xoa", url.Values{"version": {versionRe.FindStringSubmatch(page)[1]}}, nil)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/thuc-hanh" {
			t.Fatalf("delete: %d", resp.StatusCode)
		}
		if resp, _ := office.send("GET", loc, nil, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("deleted sandbox: %d", resp.StatusCode)
		}
		if resp, _ := site.client("", "").send("POST", "/dang-nhap", url.Values{"username": {th + "chuthe01"}, "password": {pw}}, nil); resp.StatusCode == http.StatusSeeOther {
			t.Error("a deleted sandbox's account still logs in")
		}
	})
}

// assertNoSandbox: the ministry's lists and every public page show
// nothing of the sandbox, while the sandbox has a certificate of its own.
func assertNoSandbox(t *testing.T, site *sandboxSite, id int64) {
	t.Helper()
	ctx := context.Background()
	office, _, err := site.svc.DB.UserCredentials(ctx, fmt.Sprintf("th%d.tinh01", id))
	if err != nil {
		t.Fatal(err)
	}
	prods, _, _ := site.svc.Products(ctx, office, store.ProductFilter{})
	if _, err := site.svc.RecordCertificate(ctx, office, prods[0].ID, service.CertificateInput{Number: "99/GCN-TH", Stars: 4,
		Level: ocop.LevelProvinceCert, DecisionNo: "01/QĐ-TH", DecisionDate: "01/10/2026", Signer: "Giảng viên",
		IssuedOn: "01/10/2026", ExpiresOn: "01/10/2029"}); err != nil {
		t.Fatal(err)
	}
	if err := site.svc.EnsureCertificateCodes(ctx); err != nil {
		t.Fatal(err)
	}
	certs, _ := site.svc.DB.CertificatesOf(ctx, prods[0].ID)
	code := certs[0].Code
	unit := "T" + strconv.FormatInt(id, 10)
	ministry := site.client("vanphong.bo", demo.Password)
	for _, path := range []string{"/chu-the", "/san-pham", "/ho-so", "/tong-quan", "/api/v1/producers", "/api/v1/products"} {
		resp, body := ministry.send("GET", path, nil, nil)
		if resp.StatusCode != http.StatusOK || strings.Contains(body, "Thực hành") || strings.Contains(body, "sandbox-banner") {
			t.Errorf("ministry %s (%d) shows the sandbox", path, resp.StatusCode)
		}
	}
	if _, body := ministry.send("GET", "/chu-the", nil, nil); !strings.Contains(body, "Cà phê Arabica Chiềng Ban") {
		t.Error("ministry's producer list lost the real producers")
	}
	anon := site.client("", "")
	for _, path := range []string{"/", "/san-pham-ocop", "/api/v1/public/certificates?limit=500", "/don-vi", "/api/v1/units"} {
		resp, body := anon.send("GET", path, nil, nil)
		if resp.StatusCode != http.StatusOK || strings.Contains(body, "Thực hành") || strings.Contains(body, "99/GCN-TH") ||
			strings.Contains(body, `"`+unit+`"`) {
			t.Errorf("public %s (%d) shows the sandbox", path, resp.StatusCode)
		}
	}
	if _, body := anon.send("GET", "/san-pham-ocop", nil, nil); !strings.Contains(body, "Cà phê Arabica rang xay Chiềng Ban") {
		t.Error("the public list lost the real certificates")
	}
	for _, path := range []string{"/don-vi/" + unit, "/api/v1/units/" + unit} {
		if resp, _ := anon.send("GET", path, nil, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("public %s: %d, want 404", path, resp.StatusCode)
		}
	}
	resp, body := anon.send("GET", "/verify/"+code, nil, map[string]string{"Accept": "application/json"})
	var v map[string]any
	json.Unmarshal([]byte(body), &v)
	if strings.Contains(body, "99/GCN-TH") || v["result"] == "found" {
		t.Errorf("verify of a sandbox certificate: %d %s", resp.StatusCode, body)
	}
}

func TestSandboxAPI(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		site := newSandboxSite(t, db)
		trainer := site.client("giangvien.sonla", demo.Password)
		call := func(method, path, body string) (int, map[string]any) {
			t.Helper()
			req, _ := http.NewRequest(method, site.base+path, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			resp, err := trainer.c.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var out map[string]any
			json.NewDecoder(resp.Body).Decode(&out)
			return resp.StatusCode, out
		}
		if st, _ := call("POST", "/api/v1/sandboxes", `{"name":"","seats":0}`); st != http.StatusUnprocessableEntity {
			t.Errorf("invalid create: %d", st)
		}
		st, out := call("POST", "/api/v1/sandboxes", `{"name":"Lớp API","seats":1}`)
		if st != http.StatusCreated {
			t.Fatalf("create: %d %v", st, out)
		}
		sb := out["sandbox"].(map[string]any)
		id := int64(sb["id"].(float64))
		if accounts := out["accounts"].([]any); len(accounts) != len(service.SandboxRoles) {
			t.Errorf("accounts: %v", accounts)
		}
		path := "/api/v1/sandboxes/" + strconv.FormatInt(id, 10)
		if st, out := call("GET", "/api/v1/sandboxes", ""); st != 200 || out["total"].(float64) != 1 {
			t.Errorf("list: %d %v", st, out)
		}
		if st, _ := call("POST", path+"/reset", `{"version":7}`); st != http.StatusConflict {
			t.Errorf("stale reset: %d", st)
		}
		st, out = call("POST", path+"/reset", `{"version":1}`)
		if st != 200 || out["sandbox"].(map[string]any)["version"].(float64) != 2 {
			t.Fatalf("reset: %d %v", st, out)
		}
		if st, _ := call("POST", path+"/delete", `{"version":2}`); st != 200 {
			t.Fatalf("delete: %d", st)
		}
		if st, _ := call("GET", path, ""); st != http.StatusNotFound {
			t.Errorf("after delete: %d", st)
		}
	})
}
