package service

import (
	"context"
	"encoding/json"
	"strconv"
	"unicode/utf8"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// SelfReportOf reads a dossier's Mẫu 02 parts I, II and IV.
func SelfReportOf(d *ocop.Dossier) ocop.SelfReport {
	var r ocop.SelfReport
	json.Unmarshal([]byte(d.SelfReport), &r)
	return r
}

// selfReportTexts names the report's free-text fields for validation and
// for the completeness check; required ones are what Mẫu 02 cannot do
// without.
func selfReportTexts(r *ocop.SelfReport) []struct {
	field    string
	value    *string
	required bool
} {
	return []struct {
		field    string
		value    *string
		required bool
	}{
		{"history", &r.History, true}, {"raw_material", &r.RawMaterial, true}, {"technology", &r.Technology, false},
		{"changes", &r.Changes, false}, {"market", &r.Market, true}, {"plan_goals", &r.PlanGoals, true},
		{"plan_market", &r.PlanMarket, false}, {"plan_invest", &r.PlanInvest, false},
	}
}

// SaveSelfReport stores Mẫu 02 parts I, II and IV of a draft. Missing
// parts are allowed while drafting; the completeness check asks for them.
func (s *Service) SaveSelfReport(ctx context.Context, u *ocop.User, id, version int64, r ocop.SelfReport) (*ocop.Dossier, error) {
	d, err := s.draftOf(ctx, u, id)
	if err != nil {
		return nil, err
	}
	v := ocop.Validation{}
	for _, f := range selfReportTexts(&r) {
		*f.value = clean(*f.value)
		if utf8.RuneCountInString(*f.value) > 8000 {
			v.Add(f.field, "err.too_long")
		}
	}
	thisYear := s.DB.Now().In(i18n.Zone).Year()
	seen := map[int]bool{}
	var results []ocop.YearResult
	for i, y := range r.Results {
		if y.Year == 0 && y.Output == "" && y.Revenue == 0 && y.Profit == 0 {
			continue // an empty row of the form
		}
		field := "year" + strconv.Itoa(i)
		y.Output = clean(y.Output)
		switch {
		case y.Year < 2000 || y.Year > thisYear:
			v.Add(field, "err.year")
		case seen[y.Year]:
			v.Add(field, "err.year_twice")
		case y.Revenue < 0:
			v.Add("revenue"+strconv.Itoa(i), "err.negative")
		case utf8.RuneCountInString(y.Output) > 200:
			v.Add("output"+strconv.Itoa(i), "err.too_long")
		}
		seen[y.Year] = true
		results = append(results, y)
	}
	r.Results = results
	if err := v.Err(); err != nil {
		return nil, err
	}
	if version != d.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	b, _ := json.Marshal(r)
	next := *d
	next.SelfReport = string(b)
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.UpdateDossier(ctx, d, &next, "dossier.self_report") })
	return &next, err
}

// missingInReport lists what Mẫu 02 still lacks before submission.
func missingInReport(d *ocop.Dossier) []string {
	r := SelfReportOf(d)
	var out []string
	for _, f := range selfReportTexts(&r) {
		if f.required && *f.value == "" {
			out = append(out, i18n.T("dossier.missing_report", i18n.T("mau02."+f.field)))
		}
	}
	if len(r.Results) == 0 {
		out = append(out, i18n.T("dossier.missing_report", i18n.T("mau02.results")))
	}
	return out
}
