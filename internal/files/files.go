// Package files keeps uploaded documents outside the web root: each file
// under a random name in one folder opened with os.OpenRoot (so no name can
// escape it), its real type sniffed from its bytes, never served inline.
package files

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/ocopvn/ocop/internal/ocop"
)

// MaxSize is the largest document accepted (a scanned certificate or a
// lab report fits comfortably; a video does not belong here).
const MaxSize = 20 << 20

// Allowed are the types a dossier accepts, by sniffed content.
var Allowed = map[string]string{
	"application/pdf": ".pdf",
	"image/jpeg":      ".jpg",
	"image/png":       ".png",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":       ".xlsx",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}

// MaxImageSize is the largest product photo accepted: a good phone photo
// fits; anything bigger should be resized before it goes on a catalogue.
const MaxImageSize = 8 << 20

// Images are the types a product photo may have, by sniffed content.
var Images = map[string]string{
	"image/jpeg": ".jpg",
	"image/png":  ".png",
	"image/webp": ".webp",
}

// Store is a folder of uploaded files.
type Store struct{ root *os.Root }

// Open opens (creating it if needed) the folder.
func Open(dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("tạo thư mục tệp %s: %w", dir, err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Store{root}, nil
}

// Saved describes a stored file.
type Saved struct {
	Key         string // random file name inside the store
	Size        int64
	SHA256      string
	ContentType string
}

// Save checks and stores an upload. The name the user gave is only used
// to cross-check the type; the stored name is random.
func (s *Store) Save(r io.Reader, name string) (Saved, error) {
	return s.save(r, name, Allowed, MaxSize, "err.file_type", "err.file_too_large")
}

// SaveImage checks and stores a photo (JPEG, PNG or WebP, MaxImageSize).
func (s *Store) SaveImage(r io.Reader, name string) (Saved, error) {
	return s.save(r, name, Images, MaxImageSize, "err.image_type", "err.image_too_large")
}

func (s *Store) save(r io.Reader, name string, allowed map[string]string, max int64, badType, tooBig string) (Saved, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return Saved{}, err
	}
	switch {
	case len(data) == 0:
		return Saved{}, ocop.Errorf(ocop.EINVALID, "err.file_empty")
	case int64(len(data)) > max:
		return Saved{}, ocop.Errorf(ocop.EINVALID, tooBig)
	}
	ct := Sniff(data)
	ext, ok := allowed[ct]
	if !ok {
		return Saved{}, ocop.Errorf(ocop.EINVALID, badType)
	}
	if !strings.EqualFold(extOf(name), ext) && !(ext == ".jpg" && strings.EqualFold(extOf(name), ".jpeg")) {
		// A script renamed .pdf, or a PDF called .png: refuse rather than guess.
		return Saved{}, ocop.Errorf(ocop.EINVALID, "err.file_mismatch")
	}
	sum := sha256.Sum256(data)
	key := strings.ToLower(rand.Text()) + ext
	f, err := s.root.OpenFile(key, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return Saved{}, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		s.root.Remove(key)
		return Saved{}, err
	}
	if err := f.Close(); err != nil {
		return Saved{}, err
	}
	return Saved{key, int64(len(data)), hex.EncodeToString(sum[:]), ct}, nil
}

// Get opens a stored file for reading.
func (s *Store) Get(key string) (*os.File, error) {
	f, err := s.root.Open(key)
	if errors.Is(err, os.ErrNotExist) {
		return nil, ocop.ErrNotFound()
	}
	return f, err
}

// Remove deletes a stored file (after its row is gone).
func (s *Store) Remove(key string) error { return s.root.Remove(key) }

func extOf(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i:]
	}
	return ""
}

// Sniff decides a file's type from its bytes. Office documents are ZIP
// archives; which kind is told by the parts inside.
func Sniff(data []byte) string {
	ct := http.DetectContentType(data)
	switch {
	case strings.HasPrefix(ct, "application/pdf"), ct == "image/jpeg", ct == "image/png", ct == "image/webp":
		return ct
	case ct == "application/zip":
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return ct
		}
		for _, f := range zr.File {
			switch {
			case strings.HasPrefix(f.Name, "xl/"):
				return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			case strings.HasPrefix(f.Name, "word/"):
				return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
			}
		}
	}
	return ct
}
