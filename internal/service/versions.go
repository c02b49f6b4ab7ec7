package service

import (
	"context"
	"slices"
	"strconv"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/store"
)

// keepVersion records the dossier as it is being submitted, inside the
// submitting transaction, so the kept version is exactly what was filed.
func keepVersion(ctx context.Context, tx *store.Tx, u *ocop.User, d *ocop.Dossier) error {
	evidence, err := tx.EvidenceOf(ctx, d.ID)
	if err != nil {
		return err
	}
	return tx.AddDossierVersion(ctx, &ocop.DossierVersion{DossierID: d.ID, SubmittedBy: u.ID, Sheet: d.Sheet,
		SelfReport: d.SelfReport, Evidence: refsOf(evidence)})
}

func refsOf(list []*ocop.Evidence) []ocop.EvidenceRef {
	out := make([]ocop.EvidenceRef, 0, len(list))
	for _, e := range list {
		out = append(out, ocop.EvidenceRef{ID: e.ID, Criterion: e.Criterion, FileName: e.FileName, SHA256: e.SHA256, Size: e.Size})
	}
	return out
}

// Versions lists the submitted versions of a dossier the user may see.
func (s *Service) Versions(ctx context.Context, u *ocop.User, id int64) ([]*ocop.DossierVersion, error) {
	if _, err := s.Dossier(ctx, u, id); err != nil {
		return nil, err
	}
	return s.DB.DossierVersions(ctx, id)
}

// Current is the dossier as it stands now, as an unnumbered version (N 0),
// so a producer fixing a returned dossier can compare it with what was
// filed.
func (s *Service) Current(ctx context.Context, d *ocop.Dossier) (*ocop.DossierVersion, error) {
	evidence, err := s.DB.EvidenceOf(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	return &ocop.DossierVersion{DossierID: d.ID, SubmittedAt: d.UpdatedAt, Sheet: d.Sheet, SelfReport: d.SelfReport,
		Evidence: refsOf(evidence)}, nil
}

// CriterionDiff is one criterion of two versions side by side.
type CriterionDiff struct {
	Code, Title    string
	Before, After  string // points, "" when unanswered
	Removed, Added []ocop.EvidenceRef
	Kept           int // evidence files in both (same content)
}

// FieldDiff is one Mẫu 02 field that differs.
type FieldDiff struct {
	Label, Before, After string
}

// VersionDiff compares two versions of a dossier.
type VersionDiff struct {
	A, B      *ocop.DossierVersion
	Criteria  []CriterionDiff // those that differ in points or evidence
	Unchanged int             // criteria identical in both
	Report    []FieldDiff
}

// Compare lists what differs between two versions of a dossier.
func Compare(d *ocop.Dossier, a, b *ocop.DossierVersion) (*VersionDiff, error) {
	card, err := DossierCard(d)
	if err != nil {
		return nil, err
	}
	out := &VersionDiff{A: a, B: b}
	sa, sb := sheetJSON(a.Sheet), sheetJSON(b.Sheet)
	for _, cr := range card.Criteria() {
		c := CriterionDiff{Code: cr.Code, Title: cr.Title, Before: points(sa, cr.Code), After: points(sb, cr.Code)}
		ea, eb := evidenceFor(a, cr.Code), evidenceFor(b, cr.Code)
		for _, e := range ea {
			if !containsHash(eb, e.SHA256) {
				c.Removed = append(c.Removed, e)
			} else {
				c.Kept++
			}
		}
		for _, e := range eb {
			if !containsHash(ea, e.SHA256) {
				c.Added = append(c.Added, e)
			}
		}
		if c.Before == c.After && len(c.Removed) == 0 && len(c.Added) == 0 {
			out.Unchanged++
			continue
		}
		out.Criteria = append(out.Criteria, c)
	}
	out.Report = reportDiff(selfReportJSON(a.SelfReport), selfReportJSON(b.SelfReport))
	return out, nil
}

func sheetJSON(s string) rulebook.Sheet {
	return SheetOf(&ocop.Dossier{Sheet: s})
}

func selfReportJSON(s string) ocop.SelfReport {
	return SelfReportOf(&ocop.Dossier{SelfReport: s})
}

func points(sh rulebook.Sheet, code string) string {
	if p, ok := sh.Answers[code]; ok {
		return strconv.FormatFloat(p, 'f', -1, 64)
	}
	return ""
}

func evidenceFor(v *ocop.DossierVersion, code string) []ocop.EvidenceRef {
	var out []ocop.EvidenceRef
	for _, e := range v.Evidence {
		if e.Criterion == code {
			out = append(out, e)
		}
	}
	return out
}

func containsHash(list []ocop.EvidenceRef, sha string) bool {
	return slices.ContainsFunc(list, func(e ocop.EvidenceRef) bool { return e.SHA256 == sha })
}

func reportDiff(a, b ocop.SelfReport) []FieldDiff {
	var out []FieldDiff
	fa, fb := selfReportTexts(&a), selfReportTexts(&b)
	for i := range fa {
		if *fa[i].value != *fb[i].value {
			out = append(out, FieldDiff{i18n.T("mau02." + fa[i].field), *fa[i].value, *fb[i].value})
		}
	}
	if ra, rb := resultsText(a.Results), resultsText(b.Results); ra != rb {
		out = append(out, FieldDiff{i18n.T("mau02.results"), ra, rb})
	}
	return out
}

// resultsText writes part II's yearly figures as one line per year.
func resultsText(list []ocop.YearResult) string {
	s := ""
	for _, y := range list {
		s += i18n.T("mau02.result_line", y.Year, y.Output, i18n.Money(y.Revenue), i18n.Money(y.Profit)) + "\n"
	}
	return s
}

// versionJSON is for the API: a version with its sheet and report decoded.
type versionJSON struct {
	*ocop.DossierVersion
	Sheet      map[string]float64 `json:"sheet"`
	SelfReport ocop.SelfReport    `json:"self_report"`
}

// VersionsJSON decodes versions for the API.
func VersionsJSON(list []*ocop.DossierVersion) []versionJSON {
	out := make([]versionJSON, 0, len(list))
	for _, v := range list {
		out = append(out, versionJSON{v, sheetJSON(v.Sheet).Answers, selfReportJSON(v.SelfReport)})
	}
	return out
}
