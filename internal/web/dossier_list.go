package web

import (
	"net/http"
	"slices"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// dossierList is everyone's list of dossiers: a producer's own, a
// commune's queue with the 15-working-day deadline, a province's.
func (s *Server) dossierList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	q := r.URL.Query()
	status := q.Get("trang-thai")
	if !slices.Contains(ocop.DossierStatuses, status) {
		status = ""
	}
	page, offset := pageOf(r)
	f := store.DossierFilter{Status: status, Commune: q.Get("xa"), Limit: pageSize, Offset: offset}
	items, total, err := s.svc.Dossiers(r.Context(), u, f)
	if err != nil {
		return err
	}
	p := s.page(r, u, "dossiers.title")
	p.Form = q
	data := map[string]any{"List": items, "Total": total, "Pager": newPager(r, page, total), "Statuses": ocop.DossierStatuses}
	if u.Role != ocop.RoleProducer && u.Scope.Level != ocop.LevelCommune {
		if data["ByCommune"], err = s.svc.DossierCounts(r.Context(), u); err != nil {
			return err
		}
	}
	p.Data = data
	s.render(w, r, http.StatusOK, "dossiers", p)
	return nil
}
