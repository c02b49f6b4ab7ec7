package web

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

// bodyLimits lets upload routes take more than the default body size.
var bodyLimits = map[string]int64{
	"POST /chu-the/{producer}/giay-to":       files.MaxSize + 1<<20,
	"POST /ho-so/{dossier}/minh-chung":       files.MaxSize + 1<<20,
	"POST /san-pham/{product}/anh":           files.MaxImageSize + 1<<20,
	"POST /api/v1/products/{product}/photos": files.MaxImageSize + 1<<20,
}

// docView is a document with its validity on today's date.
type docView struct {
	*ocop.Document
	State    string
	DaysLeft int
}

func docViews(docs []*ocop.Document) []docView {
	today := time.Now().In(i18n.Zone)
	out := make([]docView, len(docs))
	for i, d := range docs {
		st, left := d.Validity(today)
		out[i] = docView{d, st, left}
	}
	return out
}

func documentKinds() []option {
	out := make([]option, len(ocop.DocumentKinds))
	for i, k := range ocop.DocumentKinds {
		out[i] = option{k, i18n.T("doc." + k)}
	}
	return out
}

func (s *Server) documentUpload(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "producer")
	if err != nil {
		return err
	}
	// Scope first: someone else's producer is "not found" whatever the body.
	if err := requireOwn(u, id); err != nil {
		return err
	}
	if _, err := s.svc.Producer(r.Context(), u, id); err != nil {
		return err
	}
	if err := parseUpload(r, "err.file_too_large"); err != nil {
		return err
	}
	in := service.DocumentInput{Kind: r.PostForm.Get("kind"), Title: r.PostForm.Get("title"), Number: r.PostForm.Get("number"),
		Issuer: r.PostForm.Get("issuer"), IssuedOn: r.PostForm.Get("issued_on"), ExpiresOn: r.PostForm.Get("expires_on")}
	file, header, ferr := r.FormFile("file")
	var d *ocop.Document
	if ferr == nil {
		defer file.Close()
		in.FileName = header.Filename
		d, err = s.svc.UploadDocument(r.Context(), u, id, in, file)
	} else {
		d, err = s.svc.UploadDocument(r.Context(), u, id, in, nil)
	}
	if ocop.ErrorCode(err) == ocop.EINVALID {
		// Back to the producer page with everything typed kept.
		return s.renderProducer(w, r, u, http.StatusUnprocessableEntity, s.page(r, u, "producers.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, fmt.Sprintf("/chu-the/%d#giay-to", id), i18n.T("doc.saved", d.Title))
}

// parseUpload reads a multipart form within the route's body limit;
// tooBig is the message for a body over it.
func parseUpload(r *http.Request, tooBig string) error {
	if r.ContentLength > bodyLimits[r.Pattern] {
		return ocop.Errorf(ocop.EINVALID, tooBig) // refuse before reading megabytes for nothing
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		// The multipart reader does not always wrap the limit error.
		if errors.As(err, &mbe) || strings.Contains(err.Error(), "too large") {
			return ocop.Errorf(ocop.EINVALID, tooBig)
		}
		return ocop.Errorf(ocop.EINVALID, "err.file_empty")
	}
	return nil
}

// documentDownload sends a document as an attachment: never rendered
// inline, so an uploaded file can never run as part of the site.
func (s *Server) documentDownload(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	pid, err := pathID(r, "producer")
	if err != nil {
		return err
	}
	id, err := pathID(r, "document")
	if err != nil {
		return err
	}
	d, f, err := s.svc.Document(r.Context(), u, pid, id)
	if err != nil {
		return err
	}
	sendFile(w, r, "attachment", d.ContentType, d.FileName, d.CreatedAt, f)
	return nil
}

// sendFile sends a stored upload and closes it: as an attachment, or
// inline for photos (only sniffed images are stored as photos). The
// sandbox keeps any file from running as part of the site.
func sendFile(w http.ResponseWriter, r *http.Request, disposition, contentType, name string, mod time.Time, f *os.File) {
	defer f.Close()
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType(disposition, map[string]string{"filename": name}))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	h.Set("Cache-Control", "private, no-store")
	http.ServeContent(w, r, "", mod, f)
}

func (s *Server) documentDelete(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	pid, err := pathID(r, "producer")
	if err != nil {
		return err
	}
	id, err := pathID(r, "document")
	if err != nil {
		return err
	}
	if err := s.svc.DeleteDocument(r.Context(), u, pid, id); err != nil {
		return err
	}
	return s.redirect(w, r, "/chu-the/"+strconv.FormatInt(pid, 10)+"#giay-to", i18n.T("doc.deleted"))
}

func (s *Server) apiDocuments(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "producer")
	if err != nil {
		return err
	}
	docs, err := s.svc.Documents(r.Context(), u, id)
	if err != nil {
		return err
	}
	type item struct {
		*ocop.Document
		Validity string `json:"validity"`
		DaysLeft int    `json:"days_left"`
	}
	items := make([]item, 0, len(docs))
	for _, v := range docViews(docs) {
		items = append(items, item{v.Document, v.State, v.DaysLeft})
	}
	writeJSON(w, http.StatusOK, newList(items, len(items)))
	return nil
}
