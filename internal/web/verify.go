package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/secret"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// wantsJSON reports whether a public page was asked for as JSON.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

// verifyStatus is the HTTP status of each outcome: a forged code is a bad
// request, an unknown one is not found.
var verifyStatus = map[string]int{service.VerifyFound: http.StatusOK, service.VerifyUnknown: http.StatusNotFound,
	service.VerifyForged: http.StatusBadRequest}

// verifyAnswer is the JSON answer of /verify/{code}.
type verifyAnswer struct {
	Result      string                   `json:"result"` // found, not_found, forged
	Message     string                   `json:"message"`
	State       string                   `json:"state,omitempty"`
	ValidUntil  string                   `json:"valid_until,omitempty"`
	Certificate *store.PublicCertificate `json:"certificate,omitempty"`
}

// verifyMessage is the one line a visitor reads first.
func verifyMessage(v service.Verification) string {
	if v.Result != service.VerifyFound {
		return i18n.T("verify." + v.Result)
	}
	return i18n.T("verifystate."+v.State, i18n.Date(v.Until))
}

// verify is the public page a certificate's QR code opens.
func (s *Server) verify(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	v, err := s.svc.Verify(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	status := verifyStatus[v.Result]
	if wantsJSON(r) {
		a := verifyAnswer{Result: v.Result, Message: verifyMessage(v), State: v.State, Certificate: v.Cert}
		if !v.Until.IsZero() {
			a.ValidUntil = v.Until.Format("2006-01-02")
		}
		writeJSON(w, status, a)
		return nil
	}
	p := s.page(r, u, "verify.title")
	p.Data = map[string]any{"V": v, "Message": verifyMessage(v), "Live": ocop.CertLive(v.State),
		"Ground": groundText(v.Cert), "Code": secret.Normalize(r.PathValue("code"))}
	s.render(w, r, status, "verify", p)
	return nil
}

// groundText is the revocation ground of a revoked certificate.
func groundText(c *store.PublicCertificate) string {
	if c == nil || c.RevokeGround == "" {
		return ""
	}
	return i18n.T("revokeground." + c.RevokeGround)
}

// verifyPhoto serves the main photo of the product a code certifies.
func (s *Server) verifyPhoto(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	ph, f, err := s.svc.VerifyPhoto(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	sendFile(w, r, "inline", ph.ContentType, ph.FileName, ph.CreatedAt, f)
	return nil
}

// verifyForm lets a visitor type the code printed under the QR code.
func (s *Server) verifyForm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if code := secret.Normalize(r.URL.Query().Get("ma")); code != "" {
		http.Redirect(w, r, "/verify/"+url.PathEscape(code), http.StatusSeeOther)
		return nil
	}
	s.render(w, r, http.StatusOK, "verify_form", s.page(r, u, "verify.form_title"))
	return nil
}

// publicFilter reads the public list's filters: ?tinh=, ?sao=, ?trang-thai=.
func publicFilter(q url.Values) store.PublicCertificateFilter {
	stars, _ := strconv.Atoi(q.Get("sao"))
	f := store.PublicCertificateFilter{Province: q.Get("tinh"), Stars: stars, Status: q.Get("trang-thai")}
	if f.Stars < 3 || f.Stars > 5 {
		f.Stars = 0
	}
	switch f.Status {
	case ocop.CertStateValid, ocop.CertStateExpired, ocop.CertStateRevoked:
	default:
		f.Status = ""
	}
	return f
}

// publicList is the public list of OCOP products and their certificates.
func (s *Server) publicList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	f := publicFilter(r.URL.Query())
	n, offset := pageOf(r)
	f.Limit, f.Offset = pageSize, offset
	rows, total, err := s.svc.PublicCertificates(r.Context(), f)
	if err != nil {
		return err
	}
	provinces, err := s.svc.Provinces(r.Context())
	if err != nil {
		return err
	}
	stars, _ := certOptions()
	var states []option
	for _, st := range []string{ocop.CertStateValid, ocop.CertStateExpired, ocop.CertStateRevoked} {
		states = append(states, option{st, i18n.T("verifyfilter." + st)})
	}
	p := s.page(r, u, "public.title")
	p.Form = r.URL.Query()
	p.Data = map[string]any{"Rows": rows, "Total": total, "Pager": newPager(r, n, total),
		"Provinces": unitOptions(provinces), "Stars": stars, "States": states}
	s.render(w, r, http.StatusOK, "public_certificates", p)
	return nil
}

// publicItem is a line of GET /api/v1/public/certificates.
type publicItem struct {
	*store.PublicCertificate
	State      string `json:"state"`
	ValidUntil string `json:"valid_until,omitempty"`
	VerifyURL  string `json:"verify_url"`
}

func (s *Server) apiPublicCertificates(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	q := r.URL.Query()
	f := store.PublicCertificateFilter{Province: q.Get("province"), Status: q.Get("state")}
	f.Stars, _ = strconv.Atoi(q.Get("stars"))
	f.Limit, f.Offset = apiPage(r)
	rows, total, err := s.svc.PublicCertificates(r.Context(), f)
	if err != nil {
		return err
	}
	items := make([]publicItem, len(rows))
	for i, row := range rows {
		items[i] = publicItem{PublicCertificate: row.PublicCertificate, State: row.State,
			VerifyURL: s.svc.VerifyURL(row.Certificate)}
		if !row.Until.IsZero() {
			items[i].ValidUntil = row.Until.Format("2006-01-02")
		}
	}
	writeJSON(w, http.StatusOK, newList(items, total))
	return nil
}
