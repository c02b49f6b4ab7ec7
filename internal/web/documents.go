package web

import (
	"fmt"
	"mime"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

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
	d, err := s.uploadDocument(r, u)
	if onField(err) {
		// Back to the producer page with everything typed kept.
		return s.renderProducer(w, r, u, http.StatusUnprocessableEntity, s.page(r, u, "producers.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, fmt.Sprintf("/chu-the/%d#giay-to", d.ProducerID), i18n.T("doc.saved", d.Title))
}

func (s *Server) apiDocumentUpload(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	d, err := s.uploadDocument(r, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, docItemOf(docViews([]*ocop.Document{d})[0]))
	return nil
}

// uploadDocument reads a document upload (UI form or API) and stores it.
func (s *Server) uploadDocument(r *http.Request, u *ocop.User) (*ocop.Document, error) {
	id, err := pathID(r, "producer")
	if err != nil {
		return nil, err
	}
	// Scope first: someone else's producer is "not found" whatever the body.
	if err := requireOwn(u, id); err != nil {
		return nil, err
	}
	if _, err := s.svc.Producer(r.Context(), u, id); err != nil {
		return nil, err
	}
	up, err := readUpload(r, "err.file_too_large")
	if err != nil {
		return nil, err
	}
	defer up.Close()
	if up.Err != nil {
		return nil, up.Err
	}
	f := r.PostForm
	in := service.DocumentInput{Kind: f.Get("kind"), Title: f.Get("title"), Number: f.Get("number"), Issuer: f.Get("issuer"),
		IssuedOn: f.Get("issued_on"), ExpiresOn: f.Get("expires_on"), FileName: up.Name}
	return s.svc.UploadDocument(r.Context(), u, id, in, up.reader())
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
	items := make([]docItem, 0, len(docs))
	for _, v := range docViews(docs) {
		items = append(items, docItemOf(v))
	}
	writeJSON(w, http.StatusOK, newList(items, len(items)))
	return nil
}

// docItem is a document as the API shows it, with its validity today.
type docItem struct {
	*ocop.Document
	Validity string `json:"validity"`
	DaysLeft int    `json:"days_left"`
}

func docItemOf(v docView) docItem { return docItem{v.Document, v.State, v.DaysLeft} }
