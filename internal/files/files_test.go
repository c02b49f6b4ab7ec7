package files

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ocopvn/ocop/internal/ocop"
)

func office(t *testing.T, part string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create("[Content_Types].xml")
	w.Write([]byte("<Types/>"))
	w, _ = z.Create(part)
	w.Write([]byte("<x/>"))
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSaveChecksContent(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	pdf := []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
	ok := []struct {
		name string
		data []byte
		ct   string
	}{
		{"giay-chung-nhan.pdf", pdf, "application/pdf"},
		{"anh.PNG", png, "image/png"},
		{"bang.xlsx", office(t, "xl/workbook.xml"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"van-ban.docx", office(t, "word/document.xml"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	}
	for _, c := range ok {
		saved, err := s.Save(bytes.NewReader(c.data), c.name)
		if err != nil || saved.ContentType != c.ct || saved.Size != int64(len(c.data)) || len(saved.SHA256) != 64 {
			t.Fatalf("%s: %+v %v", c.name, saved, err)
		}
		if strings.Contains(saved.Key, "giay") || strings.ContainsAny(saved.Key, "/\\") {
			t.Errorf("stored name %q reuses the user's name or has a path", saved.Key)
		}
		f, err := s.Get(saved.Key)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(f)
		f.Close()
		if !bytes.Equal(got, c.data) {
			t.Errorf("%s: read back differs", c.name)
		}
	}
	bad := []struct {
		name string
		data []byte
		key  string
	}{
		{"rong.pdf", nil, "err.file_empty"},
		{"script.pdf", []byte("#!/bin/sh\nrm -rf /\n"), "err.file_type"},
		{"trang.html", []byte("<html><script>alert(1)</script></html>"), "err.file_type"},
		{"anh.pdf", png, "err.file_mismatch"},
		{"to-lon.pdf", append(pdf, make([]byte, MaxSize)...), "err.file_too_large"},
		{"nen.zip", office(t, "other/x.xml"), "err.file_type"},
	}
	for _, c := range bad {
		if _, err := s.Save(bytes.NewReader(c.data), c.name); ocop.ErrorMessage(err) != c.key {
			t.Errorf("%s: got %v, want %s", c.name, err, c.key)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(ok) {
		t.Errorf("%d files stored, want %d: refused uploads must leave nothing", len(entries), len(ok))
	}
	if _, err := s.Get("../" + filepath.Base(dir)); err == nil {
		t.Error("a path outside the store was opened")
	}
	if _, err := s.Get("khong-co.pdf"); ocop.ErrorCode(err) != ocop.ENOTFOUND {
		t.Errorf("missing file: %v", err)
	}
}

func TestSaveImage(t *testing.T) {
	s, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
	webp := []byte("RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00")
	pdf := []byte("%PDF-1.7\n%%EOF\n")
	for name, data := range map[string][]byte{"anh.jpg": jpeg, "anh.JPEG": jpeg, "anh.webp": webp} {
		if _, err := s.SaveImage(bytes.NewReader(data), name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, c := range []struct {
		name string
		data []byte
		want string
	}{
		{"giay.pdf", pdf, "err.image_type"}, // a document is not a photo
		{"script.jpg", []byte("#!/bin/sh\nrm -rf /\n"), "err.image_type"},
		{"anh.png", jpeg, "err.file_mismatch"},
		{"to.jpg", append(bytes.Clone(jpeg), make([]byte, MaxImageSize)...), "err.image_too_large"},
	} {
		if _, err := s.SaveImage(bytes.NewReader(c.data), c.name); ocop.ErrorMessage(err) != c.want {
			t.Errorf("%s: %v, want %s", c.name, err, c.want)
		}
	}
	// WebP is for photos only, not for dossier documents.
	if _, err := s.Save(bytes.NewReader(webp), "anh.webp"); ocop.ErrorMessage(err) != "err.file_type" {
		t.Errorf("webp as a document: %v", err)
	}
}
