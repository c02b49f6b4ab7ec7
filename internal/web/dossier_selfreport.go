package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/pdf"
	"github.com/ocopvn/ocop/internal/service"
)

// Mẫu 02 form fields carry the prefix m2_ on the dossier page, which also
// holds the commune's Mẫu 03 form with fields of the same names.
const m2 = "m2_"

// resultRows are the rows of part II's yearly table on the form.
var resultRows = []int{0, 1, 2}

var selfReportFields = []string{"history", "raw_material", "technology", "changes", "market", "plan_goals",
	"plan_market", "plan_invest"}

// fillSelfReport puts the saved Mẫu 02 into the form unless the user just
// typed something else.
func fillSelfReport(form url.Values, d *ocop.Dossier) {
	if form.Has(m2 + "history") {
		return
	}
	r := service.SelfReportOf(d)
	vals := []string{r.History, r.RawMaterial, r.Technology, r.Changes, r.Market, r.PlanGoals, r.PlanMarket, r.PlanInvest}
	for i, f := range selfReportFields {
		form.Set(m2+f, vals[i])
	}
	for i, y := range r.Results {
		n := strconv.Itoa(i)
		form.Set(m2+"year"+n, strconv.Itoa(y.Year))
		form.Set(m2+"output"+n, y.Output)
		form.Set(m2+"revenue"+n, i18n.Number(y.Revenue))
		form.Set(m2+"profit"+n, i18n.Number(y.Profit))
	}
}

// dossierForm is a saved dossier as the form shows it: the sheet as c-*
// fields and the Mẫu 02 report as m2_* fields.
func dossierForm(d *ocop.Dossier) url.Values {
	form := url.Values{}
	for code, pts := range service.SheetOf(d).Answers {
		form.Set("c-"+code, strconv.FormatFloat(pts, 'f', -1, 64))
	}
	fillSelfReport(form, d)
	return form
}

// conflictPage shows a form again after someone else saved the dossier
// first: what was typed stays, the fields (with the prefix) they saved
// differently are marked, and the saved version reloads.
func (s *Server) conflictPage(r *http.Request, u *ocop.User, err error, prefix string) (*page, error) {
	p := s.page(r, u, "dossier.title").withInput(r, err)
	p.Form.Del("version")
	current, cerr := s.pathDossier(r, u)
	if cerr != nil {
		return nil, cerr
	}
	p.markChanged(dossierForm(current), prefix)
	return p, nil
}

// parseSelfReport reads the Mẫu 02 form; numbers that do not parse are
// field errors.
func parseSelfReport(form url.Values) (ocop.SelfReport, map[string]string) {
	var r ocop.SelfReport
	ptrs := []*string{&r.History, &r.RawMaterial, &r.Technology, &r.Changes, &r.Market, &r.PlanGoals, &r.PlanMarket, &r.PlanInvest}
	for i, f := range selfReportFields {
		*ptrs[i] = form.Get(m2 + f)
	}
	bad := map[string]string{}
	for _, i := range resultRows {
		n := strconv.Itoa(i)
		y := ocop.YearResult{Output: form.Get(m2 + "output" + n)}
		if v := form.Get(m2 + "year" + n); v != "" {
			var err error
			if y.Year, err = strconv.Atoi(v); err != nil {
				bad["year"+n] = "err.year"
			}
		}
		for _, m := range []struct {
			field string
			to    *int64
		}{{"revenue", &y.Revenue}, {"profit", &y.Profit}} {
			if v := form.Get(m2 + m.field + n); v != "" {
				var err error
				if *m.to, err = i18n.ParseMoney(v); err != nil {
					bad[m.field+n] = "err.money"
				}
			}
		}
		r.Results = append(r.Results, y)
	}
	return r, bad
}

// prefixed moves a validation error's fields onto the prefixed form.
func prefixed(err error, prefix string) error {
	e, ok := err.(*ocop.Error)
	if !ok || len(e.Fields) == 0 {
		return err
	}
	c := *e
	c.Fields = map[string]string{}
	for f, k := range e.Fields {
		c.Fields[prefix+f] = k
	}
	return &c
}

func (s *Server) selfReportSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	rep, bad := parseSelfReport(r.PostForm)
	if len(bad) == 0 {
		version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
		if _, err = s.svc.SaveSelfReport(r.Context(), u, id, version, rep); err == nil {
			return s.redirect(w, r, dossierURL(id)+"#mau-02", i18n.T("dossier.report_saved"))
		}
	} else {
		err = &ocop.Error{Code: ocop.EINVALID, Message: "err.invalid_form", Fields: bad}
	}
	code := ocop.ErrorCode(err)
	if code != ocop.EINVALID && code != ocop.ECONFLICT {
		return err
	}
	if code == ocop.ECONFLICT {
		p, err := s.conflictPage(r, u, err, m2)
		if err != nil {
			return err
		}
		return s.renderDossier(w, r, u, status[code], p)
	}
	return s.renderDossier(w, r, u, status[code], s.page(r, u, "dossier.title").withInput(r, prefixed(err, m2)))
}

// removeEvidence takes the {evidence} of the path off the {dossier}.
func (s *Server) removeEvidence(r *http.Request, u *ocop.User) (int64, error) {
	did, err := pathID(r, "dossier")
	if err != nil {
		return 0, err
	}
	id, err := pathID(r, "evidence")
	if err != nil {
		return 0, err
	}
	return did, s.svc.RemoveEvidence(r.Context(), u, did, id)
}

func (s *Server) dossierEvidenceRemove(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	did, err := s.removeEvidence(r, u)
	if err != nil {
		return err
	}
	return s.redirect(w, r, dossierURL(did)+"#minh-chung", i18n.T("dossier.evidence_removed"))
}

func (s *Server) apiEvidenceRemove(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if _, err := s.removeEvidence(r, u); err != nil {
		return err
	}
	d, err := s.pathDossier(r, u)
	if err != nil {
		return err
	}
	return s.writeDossier(w, r, u, http.StatusOK, d)
}

// dossierVersions lists the submitted versions and compares two of them
// side by side (?a=1&b=2; b=0 is the dossier as it stands now).
func (s *Server) dossierVersions(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	ctx := r.Context()
	d, err := s.pathDossier(r, u)
	if err != nil {
		return err
	}
	prod, err := s.svc.Product(ctx, u, d.ProductID)
	if err != nil {
		return err
	}
	list, err := s.svc.Versions(ctx, u, d.ID)
	if err != nil {
		return err
	}
	current, err := s.svc.Current(ctx, d)
	if err != nil {
		return err
	}
	pick := func(key string, def int) *ocop.DossierVersion {
		n, err := strconv.Atoi(r.URL.Query().Get(key))
		if err != nil {
			n = def
		}
		if n == 0 {
			return current
		}
		for _, v := range list {
			if v.N == n {
				return v
			}
		}
		return nil
	}
	p := s.page(r, u, "versions.title")
	data := map[string]any{"D": d, "Product": prod, "Versions": list}
	if n := len(list); n > 0 {
		// By default the last two filings, or the only one against the draft.
		defA, defB := n-1, n
		if n == 1 {
			defA, defB = 1, 0
		}
		a, b := pick("a", defA), pick("b", defB)
		if a == nil || b == nil {
			return ocop.ErrNotFound()
		}
		if data["Diff"], err = service.Compare(d, a, b); err != nil {
			return err
		}
	}
	p.Data = data
	s.render(w, r, http.StatusOK, "versions", p)
	return nil
}

func (s *Server) apiSelfReport(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	var b struct {
		Version int64 `json:"version"`
		ocop.SelfReport
	}
	if err := decode(r, &b); err != nil {
		return err
	}
	d, err := s.svc.SaveSelfReport(r.Context(), u, id, b.Version, b.SelfReport)
	if err != nil {
		return err
	}
	return s.writeDossier(w, r, u, http.StatusOK, d)
}

func (s *Server) apiDossierVersions(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	list, err := s.svc.Versions(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, service.VersionsJSON(list))
	return nil
}

// mau02 renders the self-assessment report (Mẫu số 02, Phụ lục III of QĐ
// 26/2026): parts I–IV from the profile, the product, the kept papers,
// the report and the part III sheet with its evidence.
func (s *Server) mau02(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	ctx := r.Context()
	d, err := s.pathDossier(r, u)
	if err != nil {
		return err
	}
	prod, p, err := s.productAndProducer(r, u, d.ProductID)
	if err != nil {
		return err
	}
	docs, err := s.svc.Documents(ctx, u, p.ID)
	if err != nil {
		return err
	}
	evidence, err := s.svc.Evidence(ctx, u, d.ID)
	if err != nil {
		return err
	}
	card, sheet, res, err := service.Scored(d)
	if err != nil {
		return err
	}
	rep := service.SelfReportOf(d)
	doc, err := newForm("mau02", prod.Name)
	if err != nil {
		return err
	}
	doc.Paragraph(i18n.T("mau02.subject", prod.Name))

	doc.Paragraph(i18n.T("mau02.part1"))
	doc.Field(i18n.T("mau01.unit"), p.Name)
	doc.Field(i18n.T("mau01.legal_type"), i18n.T("ptype."+p.LegalType))
	doc.Field(i18n.T("mau01.address"), p.Address+", "+p.CommuneName+", "+p.ProvinceName)
	doc.Field(i18n.T("mau02.contact"), orDots(p.Phone)+" / "+orDots(p.Email))
	doc.Field(i18n.T("mau01.representative"), orDots(p.Representative))
	if p.RepGender != "" {
		doc.Field(i18n.T("field.rep_gender"), i18n.T("gender."+p.RepGender))
	}
	doc.Field(i18n.T("field.rep_ethnicity"), orDots(p.RepEthnicity))
	doc.Field(i18n.T("field.rep_address"), orDots(p.RepAddress))
	doc.Field(i18n.T("mau02.registration"), orDots(p.RegistrationNo)+" — "+orDots(isoDate(p.FoundedOn)))
	doc.Field(i18n.T("mau01.section2"), prod.Name)
	doc.Field(i18n.T("mau02.spec"), orDots(joinNonEmpty(prod.Packaging, prod.UnitSpec)))
	doc.Field(i18n.T("mau02.standard"), orDots(prod.QualityStandard))
	doc.Paragraph(papersLine(docs, prod))
	doc.Field(i18n.T("mau02.history"), orDots(rep.History))
	doc.Field(i18n.T("profile.organisation_label"), orDots(p.Organisation))

	doc.Paragraph(i18n.T("mau02.part2"))
	doc.Field(i18n.T("mau02.raw_material"), orDots(rep.RawMaterial))
	doc.Field(i18n.T("mau02.technology"), orDots(rep.Technology))
	doc.Field(i18n.T("mau02.changes"), orDots(rep.Changes))
	doc.Field(i18n.T("mau02.market"), orDots(rep.Market))
	var years [][]string
	for _, y := range rep.Results {
		years = append(years, []string{strconv.Itoa(y.Year), y.Output, i18n.Money(y.Revenue), i18n.Money(y.Profit)})
	}
	doc.Table([]string{i18n.T("mau02.year"), i18n.T("mau02.output"), i18n.T("mau02.revenue"), i18n.T("mau02.profit")},
		[]float64{1, 2, 2, 2}, years)

	doc.Paragraph(i18n.T("mau02.part3", card.Number, card.Name))
	var rows [][]string
	for _, cr := range card.Criteria() {
		pts := "—"
		if v, ok := sheet.Answers[cr.Code]; ok {
			pts = strconv.FormatFloat(v, 'f', -1, 64)
		}
		var files string
		for _, e := range evidence {
			if e.Criterion == cr.Code {
				files += e.FileName + "\n"
			}
		}
		rows = append(rows, []string{cr.Code + ". " + cr.Title, pts, strconv.FormatFloat(cr.Max, 'f', -1, 64), files})
	}
	doc.Table([]string{i18n.T("field.criterion"), i18n.T("mau02.self_points"), i18n.T("mau02.max"), i18n.T("dossier.evidence")},
		[]float64{5, 1, 1, 3}, rows)
	doc.Paragraph(i18n.T("dossier.result", fmt.Sprintf("%g", res.Total), starsWords(res.Stars)))
	if err := s.changesTable(r, doc, d); err != nil {
		return err
	}

	doc.Paragraph(i18n.T("mau02.part4"))
	doc.Field(i18n.T("mau02.plan_goals"), orDots(rep.PlanGoals))
	doc.Field(i18n.T("mau02.plan_market"), orDots(rep.PlanMarket))
	doc.Field(i18n.T("mau02.plan_invest"), orDots(rep.PlanInvest))
	doc.Signature(shortName(p.CommuneName), pdf.FormatDate(time.Now().In(i18n.Zone)), i18n.T("mau01.signer"), p.Representative)
	doc.Paragraph(i18n.T("mau02.footnote"))
	return sendPDF(w, doc, "mau-02-ho-so-"+strconv.FormatInt(d.ID, 10)+".pdf")
}

// papersLine ticks the boxes of Mẫu 02 part I from the papers the producer
// keeps and the product's quality declaration.
func papersLine(docs []*ocop.Document, prod *ocop.Product) string {
	has := map[string]bool{}
	today := time.Now().In(i18n.Zone)
	for _, d := range docs {
		if st, _ := d.Validity(today); st != "expired" {
			has[d.Kind] = true
		}
	}
	has["cong_bo"] = prod.QualityStandard != ""
	line := ""
	for _, k := range []string{"dang_ky_kinh_doanh", "cong_bo", "attp", "giay_phep", "so_huu_tri_tue"} {
		mark := "[  ]"
		if has[k] {
			mark = "[X]"
		}
		line += mark + " " + i18n.T("paper."+k) + "   "
	}
	return line
}

func joinNonEmpty(parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += "; "
		}
		out += p
	}
	return out
}

// starsWords says a star rating in words: the PDF font has no ★ glyph.
func starsWords(n int) string {
	if n == 0 {
		return i18n.T("app.not_rated")
	}
	return i18n.T("app.stars", n)
}

// changesTable lists, for an upgrade or re-rating, what changed since the
// recognised dossier: QĐ 26/2026 Điều 6.1 asks Mẫu 02 to show it.
func (s *Server) changesTable(r *http.Request, doc *pdf.Doc, d *ocop.Dossier) error {
	diff, err := s.svc.SinceRecognised(r.Context(), d)
	if diff == nil || err != nil {
		return err
	}
	doc.Paragraph(i18n.T("mau02.changes_since"))
	var rows [][]string
	for _, c := range diff.Criteria {
		var added string
		for _, e := range c.Added {
			added += e.FileName + "\n"
		}
		rows = append(rows, []string{c.Code + ". " + c.Title, orDash(c.Before), orDash(c.After), added})
	}
	for _, f := range diff.Report {
		rows = append(rows, []string{f.Label, orDash(f.Before), orDash(f.After), ""})
	}
	if len(rows) == 0 {
		doc.Paragraph(i18n.T("dossier.no_changes"))
		return nil
	}
	doc.Table([]string{i18n.T("versions.field"), i18n.T("versions.before"), i18n.T("versions.after"),
		i18n.T("mau02.new_evidence")}, []float64{4, 2, 2, 2}, rows)
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
