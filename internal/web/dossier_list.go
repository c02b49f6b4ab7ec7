package web

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"

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
	if y, n, ok := parseRound(q.Get("dot")); ok {
		f.ForwardedFrom, f.ForwardedTo = ocop.RoundWindow(y, n, i18n.Zone)
	}
	items, total, err := s.svc.Dossiers(r.Context(), u, f)
	if err != nil {
		return err
	}
	p := s.page(r, u, "dossiers.title")
	p.Form = q
	statuses := ocop.DossierStatuses
	if u.Role != ocop.RoleProducer {
		statuses = statuses[1:] // officers never see drafts
	}
	data := map[string]any{"List": items, "Total": total, "Pager": newPager(r, page, total), "Statuses": statuses,
		"Rounds": roundOptions(time.Now().In(i18n.Zone))}
	if u.Role != ocop.RoleProducer && u.Scope.Level != ocop.LevelCommune {
		if data["ByCommune"], err = s.svc.DossierCounts(r.Context(), u); err != nil {
			return err
		}
	}
	p.Data = data
	s.render(w, r, http.StatusOK, "dossiers", p)
	return nil
}

// parseRound reads a round as the list's filter writes it: "2026-1".
func parseRound(s string) (year, round int, ok bool) {
	if _, err := fmt.Sscanf(s, "%d-%d", &year, &round); err != nil || round < 1 || round > 2 || year < 2020 || year > 2100 {
		return 0, 0, false
	}
	return year, round, true
}

// roundOptions are the provincial rounds a list can filter by: those of
// last year, this year and the first of next year.
func roundOptions(now time.Time) []option {
	var out []option
	for y := now.Year() + 1; y >= now.Year()-1; y-- {
		for n := 2; n >= 1; n-- {
			if y > now.Year() && n == 2 {
				continue
			}
			out = append(out, option{fmt.Sprintf("%d-%d", y, n), i18n.T("dossiers.round_value", n, y)})
		}
	}
	return out
}
