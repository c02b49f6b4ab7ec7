package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

func certificateInput(f url.Values) service.CertificateInput {
	stars, _ := strconv.Atoi(f.Get("stars"))
	return service.CertificateInput{Number: f.Get("number"), Stars: stars, Level: f.Get("level"),
		DecisionNo: f.Get("decision_no"), DecisionDate: f.Get("decision_date"), Signer: f.Get("signer"),
		IssuedOn: f.Get("issued_on"), ExpiresOn: f.Get("expires_on")}
}

func certOptions() (stars, levels []option) {
	for n := 3; n <= 5; n++ {
		stars = append(stars, option{strconv.Itoa(n), starsText(n)})
	}
	for _, l := range []string{ocop.LevelProvinceCert, ocop.LevelMinistryCert} {
		levels = append(levels, option{l, i18n.T("certlevel." + l)})
	}
	return stars, levels
}

// certView is a product's current certificate as the product page says it.
type certView struct {
	service.CertStatus
	Text         string // "Còn hiệu lực đến …"
	Opens, Close string // the re-rating window, while the certificate is in its term
}

func newCertView(cs service.CertStatus) certView {
	v := certView{CertStatus: cs}
	if cs.Cert == nil {
		return v
	}
	v.Text = i18n.T("certstate."+cs.State, i18n.Date(cs.Until))
	if exp, ok := cs.Cert.ExpiryDay(i18n.Zone); ok && cs.State == ocop.CertStateValid {
		opens, closes := ocop.ReratingWindow(exp)
		v.Opens, v.Close = i18n.Date(opens), i18n.Date(closes)
	}
	return v
}

func (s *Server) certificateRecord(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "product")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	c, err := s.svc.RecordCertificate(r.Context(), u, id, certificateInput(r.PostForm))
	if ocop.ErrorCode(err) == ocop.EINVALID {
		return s.renderProduct(w, r, u, http.StatusUnprocessableEntity, s.page(r, u, "products.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, productURL(id)+"#gcn", i18n.T("cert.saved", c.Number))
}

func (s *Server) apiCertificates(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "product")
	if err != nil {
		return err
	}
	list, err := s.svc.Certificates(r.Context(), u, id)
	if err != nil {
		return err
	}
	type item struct {
		*ocop.Certificate
		State string `json:"state"`
		Until string `json:"valid_until,omitempty"`
	}
	cs, err := s.svc.CertificateStatus(r.Context(), id, time.Now())
	if err != nil {
		return err
	}
	items := make([]item, 0, len(list))
	for _, c := range list {
		st, until := ocop.CertificateState(c, false, time.Now().In(i18n.Zone))
		if cs.Cert != nil && c.ID == cs.Cert.ID {
			st, until = cs.State, cs.Until // the current one counts a pending re-rating
		}
		it := item{Certificate: c, State: st}
		if !until.IsZero() {
			it.Until = until.Format("2006-01-02")
		}
		items = append(items, it)
	}
	writeJSON(w, http.StatusOK, newList(items, len(items)))
	return nil
}

func (s *Server) apiCertificateRecord(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "product")
	if err != nil {
		return err
	}
	var in service.CertificateInput
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.svc.RecordCertificate(r.Context(), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

// revokeInput reads the revocation form of the product page, whose fields
// carry a revoke_ prefix so they do not clash with the recording form.
func revokeInput(f url.Values) service.RevokeInput {
	v, _ := strconv.ParseInt(f.Get("revoke_version"), 10, 64)
	return service.RevokeInput{Ground: f.Get("revoke_ground"), DecisionNo: f.Get("revoke_decision_no"),
		DecisionDate: f.Get("revoke_decision_date"), FindingDate: f.Get("revoke_finding_date"),
		Note: f.Get("revoke_note"), Version: v}
}

// certificateID reads {certificate} of a product's certificate route.
func certificateIDs(r *http.Request) (product, cert int64, err error) {
	if product, err = pathID(r, "product"); err != nil {
		return 0, 0, err
	}
	cert, err = pathID(r, "certificate")
	return product, cert, err
}

func (s *Server) certificateRevoke(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	pid, id, err := certificateIDs(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.CertificateOf(r.Context(), u, pid, id); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	c, err := s.svc.RevokeCertificate(r.Context(), u, id, revokeInput(r.PostForm))
	if ocop.ErrorCode(err) == ocop.EINVALID {
		p := s.page(r, u, "products.title").withInput(r, err)
		for f, k := range p.Errors {
			delete(p.Errors, f)
			p.Errors["revoke_"+f] = k
		}
		return s.renderProduct(w, r, u, http.StatusUnprocessableEntity, p)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, productURL(pid)+"#gcn", i18n.T("revoke.saved", c.Number))
}

func (s *Server) apiCertificateRevoke(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	pid, id, err := certificateIDs(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.CertificateOf(r.Context(), u, pid, id); err != nil {
		return err
	}
	var in service.RevokeInput
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.svc.RevokeCertificate(r.Context(), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// revokeGroundOptions are the grounds of Điều 8 for the form.
func revokeGroundOptions() []option {
	out := make([]option, len(ocop.RevokeGrounds))
	for i, g := range ocop.RevokeGrounds {
		out[i] = option{g, i18n.T("revokeground." + g)}
	}
	return out
}

// canRevoke: the province revokes 3★ and 4★, the Ministry 5★ (the service
// decides; this only chooses whether to show the form).
func canRevoke(u *ocop.User, c *ocop.Certificate) bool {
	return u.Can(ocop.PermCertRevoke) && (c.Stars == 5) == (u.Role == ocop.RoleMinistry)
}
