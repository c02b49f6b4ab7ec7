package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

func (c *uiClient) postJSON(path, body string) (*http.Response, map[string]any) {
	c.t.Helper()
	req, _ := http.NewRequest("POST", c.base+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out map[string]any
	json.Unmarshal(b, &out)
	return resp, out
}

func TestAPIDossierFlow(t *testing.T) {
	c := newUIWithFiles(t)
	c.login("chuthe.caphe", demo.Password)
	_, list := c.send("GET", "/san-pham", nil, nil)
	product := regexp.MustCompile(`href="/san-pham/(\d+)">Cà phê Arabica rang xay`).FindStringSubmatch(list)[1]
	// The roasted coffee holds a valid 4★ certificate: a first rating is refused, an upgrade opens.
	resp, d := c.postJSON("/api/v1/products/"+product+"/dossiers", `{"kind": "first"}`)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(jsonString(d), "nâng hạng hoặc đánh giá lại") {
		t.Fatalf("first rating of a certified product: %d %v", resp.StatusCode, d)
	}
	resp, d = c.postJSON("/api/v1/products/"+product+"/dossiers", `{"kind": "upgrade"}`)
	if resp.StatusCode != http.StatusCreated || d["status"] != "draft" || d["card"] != float64(13) {
		t.Fatalf("open: %d %v", resp.StatusCode, d)
	}
	id := jsonNumber(d["id"])
	resp, e := c.postJSON("/api/v1/dossiers/"+id+"/sheet", `{"version": 1, "answers": {"1.1": 7}}`)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(jsonString(e), "không có phương án 7 điểm") {
		t.Errorf("bad sheet: %d %v", resp.StatusCode, e)
	}
	resp, d = c.postJSON("/api/v1/dossiers/"+id+"/sheet", `{"version": 1, "answers": {"1.1": 2, "2.2": 2}}`)
	if resp.StatusCode != 200 || d["result"].(map[string]any)["total"] != float64(4) || d["version"] != float64(2) {
		t.Fatalf("sheet: %d %v", resp.StatusCode, d)
	}
	if len(d["missing"].([]any)) == 0 {
		t.Error("an incomplete dossier reports nothing missing")
	}
	resp, e = c.postJSON("/api/v1/dossiers/"+id+"/self-report", `{"version": 2, "market": "Hà Nội", "results": [{"year": 1990}]}`)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(jsonString(e), `"year0"`) {
		t.Errorf("bad Mẫu 02: %d %v", resp.StatusCode, e)
	}
	resp, d = c.postJSON("/api/v1/dossiers/"+id+"/self-report", `{"version": 2, "market": "Hà Nội", "results": [{"year": 2025, "revenue": 1250000000}]}`)
	if rep, _ := d["self_report"].(map[string]any); resp.StatusCode != 200 || rep["market"] != "Hà Nội" || d["version"] != float64(3) {
		t.Fatalf("Mẫu 02: %d %v", resp.StatusCode, d)
	}
	if resp, body := c.send("GET", "/api/v1/dossiers/"+id+"/versions", nil, nil); resp.StatusCode != 200 || strings.TrimSpace(body) != "[]" {
		t.Errorf("versions of a draft: %d %s", resp.StatusCode, body)
	}
	resp, e = c.postJSON("/api/v1/dossiers/"+id+"/submit", `{"version": 3}`)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(jsonString(e), "chưa đủ thành phần") {
		t.Errorf("incomplete submit: %d %v", resp.StatusCode, e)
	}
	o := newUIFrom(t, c)
	o.login("vanphong.sonla", demo.Password)
	if resp, _ := o.send("GET", "/api/v1/dossiers/"+id, nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("province office reading a draft: %d", resp.StatusCode)
	}
}

func jsonNumber(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// jsonString is a decoded value as JSON text, unescaped for matching.
func jsonString(v any) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
	return b.String()
}

func TestAPICommuneStep(t *testing.T) {
	c := newUIWithDemoDossiers(t)
	c.login("canbo.chiengmai", demo.Password)
	_, list := c.send("GET", "/api/v1/dossiers/0", nil, nil) // warm-up: unknown id is a JSON 404
	if !strings.Contains(list, `"not_found"`) {
		t.Errorf("unknown dossier: %s", list)
	}
	_, page := c.send("GET", "/ho-so?trang-thai=submitted", nil, nil)
	id := regexp.MustCompile(`href="/ho-so/(\d+)"`).FindStringSubmatch(page)[1]
	_, d := c.getJSON("/api/v1/dossiers/" + id)
	v := jsonNumber(d["version"])
	resp, d := c.postJSON("/api/v1/dossiers/"+id+"/receive", `{"version": `+v+`}`)
	if resp.StatusCode != 200 || !strings.HasPrefix(d["receipt_no"].(string), "001/PĐK-14-04132-") {
		t.Fatalf("receive: %d %v", resp.StatusCode, d["receipt_no"])
	}
	v = jsonNumber(d["version"])
	resp, e := c.postJSON("/api/v1/dossiers/"+id+"/commune-report", `{"version": `+v+`, "raw_material": "Cà phê của xã"}`)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(jsonString(e), `"labour"`) {
		t.Errorf("incomplete report: %d %v", resp.StatusCode, e)
	}
	resp, d = c.postJSON("/api/v1/dossiers/"+id+"/commune-report", `{"version": `+v+`, "raw_material": "Cà phê của xã",
		"labour": "45 lao động", "idea_origin": "Truyền thống", "identity": "Văn hóa Thái"}`)
	if resp.StatusCode != 200 {
		t.Fatalf("report: %d %v", resp.StatusCode, d)
	}
	resp, d = c.postJSON("/api/v1/dossiers/"+id+"/forward", `{"version": `+jsonNumber(d["version"])+`}`)
	if resp.StatusCode != 200 || d["status"] != "forwarded" {
		t.Errorf("forward: %d %v", resp.StatusCode, d["status"])
	}
	p := newUIFrom(t, c)
	p.login("chuthe.caphe", demo.Password)
	if resp, _ := p.postJSON("/api/v1/dossiers/"+id+"/return", `{"version": 1, "reason": "x"}`); resp.StatusCode != http.StatusForbidden {
		t.Errorf("producer returning: %d", resp.StatusCode)
	}
}

// The API's dossier is loaded and checked once: the officer of its commune
// reads it with its current evidence and what it lacks; an officer of
// another commune gets 404 as before.
func TestAPIDossierReadOnce(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		c, svc := newUIWithDemoDossiersOn(t, db)
		c.login("canbo.chiengmai", demo.Password)
		_, page := c.send("GET", "/ho-so?trang-thai=submitted", nil, nil)
		id := regexp.MustCompile(`href="/ho-so/(\d+)"`).FindStringSubmatch(page)[1]
		n, _ := strconv.ParseInt(id, 10, 64)
		d := testutil.Must(db.DossierByID(ctx, n))
		ev := testutil.Must(db.EvidenceOf(ctx, n))
		missing := testutil.Must(svc.Missing(ctx, d))
		var got struct {
			ID       int64 `json:"id"`
			Evidence []struct {
				ID int64 `json:"id"`
			} `json:"evidence"`
			Missing []string `json:"missing"`
		}
		resp, body := c.send("GET", "/api/v1/dossiers/"+id, nil, nil)
		if err := json.Unmarshal([]byte(body), &got); err != nil || resp.StatusCode != 200 || got.ID != n ||
			len(ev) == 0 || len(got.Evidence) != len(ev) || got.Evidence[0].ID != ev[0].ID || !slices.Equal(got.Missing, missing) {
			t.Errorf("own commune: %d, dossier %d, evidence %d of %d, missing %q of %q", resp.StatusCode, got.ID,
				len(got.Evidence), len(ev), got.Missing, missing)
		}
		far := newUIFrom(t, c)
		far.login("canbo.mocchau", demo.Password)
		if resp, body := far.send("GET", "/api/v1/dossiers/"+id, nil, nil); resp.StatusCode != http.StatusNotFound ||
			!strings.Contains(body, `"not_found"`) || strings.Contains(body, "evidence") {
			t.Errorf("another commune's officer: %d %.200s", resp.StatusCode, body)
		}
	})
}

func (c *uiClient) getJSON(path string) (*http.Response, map[string]any) {
	c.t.Helper()
	resp, body := c.send("GET", path, nil, nil)
	var out map[string]any
	json.Unmarshal([]byte(body), &out)
	return resp, out
}
