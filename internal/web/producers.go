package web

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

func (s *Server) producerList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	q := r.URL.Query()
	page, offset := pageOf(r)
	f := store.ProducerFilter{Status: ocop.UserStatus(q.Get("trang-thai")), Query: q.Get("q"), Limit: pageSize, Offset: offset}
	list, total, err := s.svc.Producers(r.Context(), u, f)
	if err != nil {
		return err
	}
	p := s.page(r, u, "producers.title")
	p.Form = q
	p.Data = map[string]any{"List": list, "Total": total, "Pager": newPager(r, page, total)}
	s.render(w, r, http.StatusOK, "producers", p)
	return nil
}

func (s *Server) producerShow(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderProducer(w, r, u, http.StatusOK, s.page(r, u, "producers.title"))
}

func (s *Server) renderProducer(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	ctx := r.Context()
	id, err := pathID(r, "producer")
	if err != nil {
		return err
	}
	pr, err := s.svc.Producer(ctx, u, id)
	if err != nil {
		return err
	}
	products, _, err := s.svc.Products(ctx, u, store.ProductFilter{ProducerID: id, Limit: 500})
	if err != nil {
		return err
	}
	accounts, err := s.svc.ProducerAccounts(ctx, u, pr)
	if err != nil {
		return err
	}
	docs, err := s.svc.Documents(ctx, u, id)
	if err != nil {
		return err
	}
	p.Data = map[string]any{"P": pr, "Products": products, "Accounts": accounts, "Documents": docViews(docs),
		"DocumentKinds": documentKinds(),
		"CanReview":     u.Can(ocop.PermProducerReview) && pr.Status == ocop.UserPending,
		"CanEdit":       u.Can(ocop.PermProducerEdit) && requireOwn(u, pr.ID) == nil}
	s.render(w, r, st, "producer", p)
	return nil
}

func (s *Server) producerConfirm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.reviewProducer(w, r, u, true)
}

func (s *Server) producerReject(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.reviewProducer(w, r, u, false)
}

func (s *Server) reviewProducer(w http.ResponseWriter, r *http.Request, u *ocop.User, confirm bool) error {
	id, err := pathID(r, "producer")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	pr, err := s.svc.ReviewProducer(r.Context(), u, id, version, confirm, r.PostForm.Get("reason"))
	switch ocop.ErrorCode(err) {
	case "":
	case ocop.EINVALID, ocop.ECONFLICT:
		// Show the producer again with the message and what was typed.
		st := status[ocop.ErrorCode(err)]
		return s.renderProducer(w, r, u, st, s.page(r, u, "producers.title").withInput(r, err))
	default:
		return err
	}
	msg := i18n.T("producers.confirmed", pr.Name)
	if !confirm {
		msg = i18n.T("producers.rejected", pr.Name)
	}
	return s.redirect(w, r, "/chu-the/"+strconv.FormatInt(id, 10), msg)
}

func (s *Server) productList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	page, offset := pageOf(r)
	list, total, err := s.svc.Products(r.Context(), u, store.ProductFilter{Limit: pageSize, Offset: offset})
	if err != nil {
		return err
	}
	p := s.page(r, u, "products.title")
	p.Data = map[string]any{"List": list, "Total": total, "Pager": newPager(r, page, total)}
	s.render(w, r, http.StatusOK, "products", p)
	return nil
}

func (s *Server) productShow(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderProduct(w, r, u, http.StatusOK, s.page(r, u, "products.title"))
}

// renderProduct shows a product with its code, photos, certificates and
// dossiers, and the forms its viewer may use.
func (s *Server) renderProduct(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	ctx := r.Context()
	id, err := pathID(r, "product")
	if err != nil {
		return err
	}
	pr, err := s.svc.Product(ctx, u, id)
	if err != nil {
		return err
	}
	dossiers, err := s.svc.DB.DossiersOfProduct(ctx, pr.ID)
	if err != nil {
		return err
	}
	photos, err := s.svc.Photos(ctx, u, id)
	if err != nil {
		return err
	}
	certs, err := s.svc.Certificates(ctx, u, id)
	if err != nil {
		return err
	}
	cs, err := s.svc.CertificateStatus(ctx, id, time.Now())
	if err != nil {
		return err
	}
	canEdit := u.Can(ocop.PermProducerEdit) && requireOwn(u, pr.ProducerID) == nil
	open := slices.ContainsFunc(dossiers, func(d *ocop.Dossier) bool { return d.Status != ocop.DossierAccepted })
	stars, levels := certOptions()
	p.Data = map[string]any{"P": pr, "Dossiers": dossiers, "Photos": photos, "Certificates": certs,
		"Cert": newCertView(cs), "CanEdit": canEdit, "CanOpen": canEdit && pr.Card != 0 && !open,
		"CanRecord": u.Can(ocop.PermDossierProvince), "StarOptions": stars, "LevelOptions": levels,
		"CanRevoke": cs.Cert != nil && cs.Cert.Status != ocop.CertRevoked && canRevoke(u, cs.Cert),
		"Grounds":   revokeGroundOptions()}
	s.render(w, r, st, "product", p)
	return nil
}
