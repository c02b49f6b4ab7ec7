package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/xlsx"
)

// dossierList is everyone's list of dossiers: a producer's own, a
// commune's queue with the 15-working-day deadline, a province's.
func (s *Server) dossierList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	q := r.URL.Query()
	page, offset := pageOf(r)
	f := dossierFilter(q)
	f.Limit, f.Offset = pageSize, offset
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
		"Rounds": roundOptions(time.Now().In(i18n.Zone)), "ExportURL": "/ho-so/xuat.xlsx?" + q.Encode()}
	if u.Role != ocop.RoleProducer && u.Scope.Level != ocop.LevelCommune {
		if data["ByCommune"], err = s.svc.DossierCounts(r.Context(), u); err != nil {
			return err
		}
	}
	p.Data = data
	s.render(w, r, http.StatusOK, "dossiers", p)
	return nil
}

// dossierFilter reads the list's filters: status, commune and round.
func dossierFilter(q url.Values) store.DossierFilter {
	f := store.DossierFilter{Status: q.Get("trang-thai"), Commune: q.Get("xa")}
	if !slices.Contains(ocop.DossierStatuses, f.Status) {
		f.Status = ""
	}
	if y, n, ok := parseRound(q.Get("dot")); ok {
		f.ForwardedFrom, f.ForwardedTo = ocop.RoundWindow(y, n, i18n.Zone)
	}
	return f
}

// exportLimit bounds one spreadsheet export; a province's year of
// dossiers is a few hundred.
const exportLimit = 5000

// dossierExport sends the filtered list as a workbook, for the reports
// offices keep and send on.
func (s *Server) dossierExport(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	f := dossierFilter(r.URL.Query())
	f.Limit = exportLimit
	items, _, err := s.svc.Dossiers(r.Context(), u, f)
	if err != nil {
		return err
	}
	t := xlsx.Table{Sheet: i18n.T("export.sheet"), Title: i18n.T("export.title", i18n.DateTime(time.Now())),
		Headers: []string{i18n.T("products.title"), i18n.T("field.producer"), i18n.T("field.commune"), i18n.T("dossier.kind"),
			i18n.T("field.status"), i18n.T("export.submitted"), i18n.T("mau03.receipt"), i18n.T("export.product_code"),
			i18n.T("dossiers.deadline"), i18n.T("export.days_left"), i18n.T("dossiers.round")},
		Widths: []float64{36, 32, 20, 14, 22, 12, 24, 20, 12, 12, 12}}
	for _, it := range items {
		var left any
		if it.State != "" {
			left = it.DaysLeft
		}
		t.Rows = append(t.Rows, []any{it.ProductName, it.ProducerName, it.CommuneName, i18n.T("dossier.kind." + it.Kind),
			i18n.T("dossier.status." + it.Status), localDay(it.SubmittedAt), it.ReceiptNo, it.ProductCode,
			localDay(it.Deadline), left, it.Round})
	}
	sendXLSX(w, "ho-so-ocop.xlsx")
	return xlsx.Write(w, t)
}

// localDay is the calendar day of t in Vietnam, as a spreadsheet date.
func localDay(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.In(i18n.Zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
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
