package web

import (
	"net/http"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// dossierList is everyone's list of dossiers: a producer's own, a
// commune's queue with the 15-working-day deadline, a province's.
func (s *Server) dossierList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	q := r.URL.Query()
	status := q.Get("trang-thai")
	if status != "" && status != ocop.DossierDraft && status != ocop.DossierSubmitted {
		status = ""
	}
	page, offset := pageOf(r)
	items, total, err := s.svc.Dossiers(r.Context(), u, store.DossierFilter{Status: status, Limit: pageSize, Offset: offset})
	if err != nil {
		return err
	}
	p := s.page(r, u, "dossiers.title")
	p.Form = q
	p.Data = map[string]any{"List": items, "Total": total, "Pager": newPager(r, page, total)}
	s.render(w, r, http.StatusOK, "dossiers", p)
	return nil
}
