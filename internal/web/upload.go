package web

import (
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/ocop"
)

// bodyLimits lets upload routes take more than the default body size.
var bodyLimits = map[string]int64{
	"POST /chu-the/{producer}/giay-to":            files.MaxSize + 1<<20,
	"POST /ho-so/{dossier}/minh-chung":            files.MaxSize + 1<<20,
	"POST /api/v1/producers/{producer}/documents": files.MaxSize + 1<<20,
	"POST /api/v1/dossiers/{dossier}/evidence":    files.MaxSize + 1<<20,
	"POST /san-pham/{product}/anh":                files.MaxImageSize + 1<<20,
	"POST /api/v1/products/{product}/photos":      files.MaxImageSize + 1<<20,
	// The advisory team's site-visit photos and lab result files.
	"POST /tu-van/{round}/ho-so/{dossier}/khao-sat/anh":                     files.MaxImageSize + 1<<20,
	"POST /api/v1/advisory/rounds/{round}/dossiers/{dossier}/visits/photos": files.MaxImageSize + 1<<20,
	"POST /tu-van/{round}/ho-so/{dossier}/kiem-nghiem/ket-qua":              files.MaxSize + 1<<20,
	"POST /api/v1/advisory/rounds/{round}/dossiers/{dossier}/labs/result":   files.MaxSize + 1<<20,
	// Training: a topic's material files and enrolment lists.
	"POST /chuyen-de/{topic}/tai-lieu": files.MaxSize + 1<<20,
	"POST /tap-huan/{course}/nhap":     importLimit,
	// Study tours: photos of a stop.
	"POST /tap-huan/{course}/lich-trinh/{stop}/anh": files.MaxImageSize + 1<<20,
}

// upload is a parsed multipart form: its fields and its "file" part, nil
// when none was sent.
type upload struct {
	File multipart.File
	Name string
	Err  error // a problem with the file itself, shown next to the field
}

// Close releases the file part.
func (up *upload) Close() {
	if up.File != nil {
		up.File.Close()
	}
}

// readUpload parses the multipart body of an upload route (the UI form and
// the API share it); tooBig is the message for a body over the route's
// limit. Callers check scope first, so someone else's record is "not
// found" whatever the body. The fields are in r.PostForm afterwards.
func readUpload(r *http.Request, tooBigKey string) (*upload, error) {
	tooBig := ocop.Errorf(ocop.EINVALID, tooBigKey)
	if r.ContentLength > bodyLimits[r.Pattern] {
		return nil, tooBig // refuse before reading 20 MB for nothing
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		// The multipart reader does not always wrap the limit error.
		if errors.As(err, &mbe) || strings.Contains(err.Error(), "too large") {
			return nil, tooBig
		}
		return nil, ocop.Errorf(ocop.EINVALID, "err.file_empty")
	}
	file, header, err := r.FormFile("file")
	if err != nil {
		return &upload{}, nil
	}
	// Go keeps only the last element of a sent path ("../x.pdf" → "x.pdf");
	// a client that sends a path is refused rather than silently trusted.
	if _, params, err := mime.ParseMediaType(header.Header.Get("Content-Disposition")); err == nil &&
		strings.ContainsAny(params["filename"], `/\`) {
		file.Close()
		return &upload{Err: fileError("err.file_name")}, nil
	}
	return &upload{File: file, Name: header.Filename}, nil
}

// reader is the file part, or a nil reader when none was sent.
func (up *upload) reader() io.Reader {
	if up.File == nil {
		return nil
	}
	return up.File
}

// onField reports whether an error belongs next to a form field, so the
// form is shown again rather than an error page.
func onField(err error) bool {
	var e *ocop.Error
	return errors.As(err, &e) && len(e.Fields) > 0
}

// fileError is a message shown next to the file field.
func fileError(key string) error {
	return &ocop.Error{Code: ocop.EINVALID, Message: "err.invalid_form", Fields: map[string]string{"file": key}}
}
