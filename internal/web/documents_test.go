package web_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/demo"
	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
	"github.com/ocopvn/ocop/internal/web"
)

// newUIWithFiles is newUI with a document store.
func newUIWithFiles(t *testing.T) *uiClient {
	t.Helper()
	c, _ := newUIService(t)
	return c
}

// newUIService serves the demo with a document store and returns the
// service too, for tests that set up more data through it.
func newUIService(t *testing.T) (*uiClient, *service.Service) {
	t.Helper()
	return newUIServiceOn(t, testutil.NewSQLite(t))
}

// newUIServiceOn is newUIService on a given database.
func newUIServiceOn(t *testing.T, db *store.DB) (*uiClient, *service.Service) {
	t.Helper()
	if err := demo.Load(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	svc := service.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var err error
	if svc.Files, err = files.Open(t.TempDir()); err != nil {
		t.Fatal(err)
	}
	s, err := web.New(svc, web.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	jar, _ := cookiejar.New(nil)
	return &uiClient{t, srv.URL, &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}, svc
}

// multipartBody is an upload form: fields and, unless fileName is "", a
// "file" part.
func multipartBody(fields map[string]string, fileName string, data []byte) (*bytes.Buffer, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if fileName != "" {
		fw, _ := mw.CreateFormFile("file", fileName)
		fw.Write(data)
	}
	mw.Close()
	return &b, mw.FormDataContentType()
}

func (c *uiClient) upload(path string, fields map[string]string, fileName string, data []byte) (*http.Response, string) {
	c.t.Helper()
	b, ct := multipartBody(fields, fileName, data)
	req, _ := http.NewRequest("POST", c.base+path, b)
	req.Header.Set("Content-Type", ct)
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestDocumentsUploadDownload(t *testing.T) {
	c := newUIWithFiles(t)
	c.login("chuthe.caphe", demo.Password)
	path := producerLink(t, c)
	soon := time.Now().In(i18n.Zone).AddDate(0, 0, 30).Format("02/01/2006")
	fields := map[string]string{"kind": "attp", "title": "Giấy chứng nhận ATTP", "number": "123/2024/ATTP",
		"issuer": "Sở Nông nghiệp và Môi trường Sơn La", "issued_on": "15/03/2024", "expires_on": soon}
	pdf := []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

	// A script renamed .pdf is refused; what was typed stays.
	resp, body := c.upload(path+"/giay-to", fields, "attp.pdf", []byte("#!/bin/sh\necho hi\n"))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Chỉ nhận tệp PDF, JPEG, PNG, XLSX hoặc DOCX.") ||
		!strings.Contains(body, `value="123/2024/ATTP"`) {
		t.Fatalf("script upload: %d", resp.StatusCode)
	}
	resp, body = c.upload(path+"/giay-to", fields, "", nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Vui lòng chọn tệp để tải lên.") {
		t.Errorf("no file: %d", resp.StatusCode)
	}
	resp, body = c.upload(path+"/giay-to", fields, "to.pdf", append(pdf, make([]byte, files.MaxSize+2<<20)...))
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Tệp quá lớn") {
		t.Errorf("oversized upload: %d", resp.StatusCode)
	}
	resp, _ = c.upload(path+"/giay-to", fields, "attp.pdf", pdf)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("valid upload: %d", resp.StatusCode)
	}
	_, page := c.send("GET", path, nil, nil)
	if !strings.Contains(page, "Giấy chứng nhận ATTP") || !regexp.MustCompile(`Còn (29|30|31) ngày`).MatchString(page) {
		t.Fatal("the document or its expiry warning is not listed")
	}
	if _, dash := c.send("GET", "/tong-quan", nil, nil); !strings.Contains(dash, "Giấy tờ sắp hết hạn") || !strings.Contains(dash, "Giấy chứng nhận ATTP") {
		t.Error("the dashboard does not warn of the expiring certificate")
	}
	link := regexp.MustCompile(`href="(` + path + `/giay-to/\d+)"`).FindStringSubmatch(page)[1]

	// The commune officer downloads it: an attachment with the sniffed type.
	o := newUIFrom(t, c)
	o.login("canbo.chiengmai", demo.Password)
	resp, body = o.send("GET", link, nil, nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") || body != string(pdf) {
		t.Errorf("download: %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
	}
	if resp, _ := o.send("POST", link+"/xoa", nil, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("commune officer deleting: %d", resp.StatusCode)
	}
	// Another producer of another commune cannot reach it.
	p := newUIFrom(t, c)
	p.login("chuthe.matong", demo.Password) // pending: may not view producers at all
	if resp, _ := p.send("GET", link, nil, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("pending producer downloading: %d", resp.StatusCode)
	}
	// The owner deletes it.
	if resp, _ := c.send("POST", link+"/xoa", nil, nil); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", resp.StatusCode)
	}
	if resp, _ := c.send("GET", link, nil, nil); resp.StatusCode != http.StatusNotFound {
		t.Errorf("download after delete: %d", resp.StatusCode)
	}
}
