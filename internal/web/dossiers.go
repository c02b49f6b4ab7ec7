package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/service"
)

// pathDossier loads the {dossier} of the path for a user who may see it.
func (s *Server) pathDossier(r *http.Request, u *ocop.User) (*ocop.Dossier, error) {
	id, err := pathID(r, "dossier")
	if err != nil {
		return nil, err
	}
	return s.svc.Dossier(r.Context(), u, id)
}

func dossierURL(id int64) string { return "/ho-so/" + strconv.FormatInt(id, 10) }

func (s *Server) dossierOpen(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "product")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	d, err := s.svc.OpenDossier(r.Context(), u, id, r.PostForm.Get("kind"))
	if err != nil {
		return err
	}
	return s.redirect(w, r, dossierURL(d.ID), "")
}

// critRow is one criterion of the dossier form: its choices and evidence.
type critRow struct {
	Code, Title, Part string
	Max               float64
	Options           []option
	Chosen            string
	Evidence          []*ocop.Evidence
}

// criterionRows lays a sheet out on its card, one row per criterion with
// its options, the chosen points (what was just typed in form wins) and
// the dossier's evidence for it.
func criterionRows(card *rulebook.Card, sheet rulebook.Sheet, form url.Values, evidence []*ocop.Evidence) []critRow {
	var rows []critRow
	for _, cr := range card.Criteria() {
		row := critRow{Code: cr.Code, Title: cr.Title, Part: card.PartOf(cr.Code), Max: cr.Max}
		for _, o := range choicesOf(cr) {
			row.Options = append(row.Options, option{strconv.FormatFloat(o.Points, 'f', -1, 64),
				o.Text + " (" + i18n.T("rulebook.points", strconv.FormatFloat(o.Points, 'f', -1, 64)) + ")"})
		}
		if pts, ok := sheet.Answers[cr.Code]; ok {
			row.Chosen = strconv.FormatFloat(pts, 'f', -1, 64)
		}
		if f := form.Get("c-" + cr.Code); form.Has("c-" + cr.Code) {
			row.Chosen = f
		}
		for _, e := range evidence {
			if e.Criterion == cr.Code {
				row.Evidence = append(row.Evidence, e)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

func (s *Server) dossierShow(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderDossier(w, r, u, http.StatusOK, s.page(r, u, "dossier.title"))
}

func (s *Server) renderDossier(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	ctx := r.Context()
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	dp, err := s.svc.DossierPage(ctx, u, id) // the dossier loaded and checked once
	if err != nil {
		return err
	}
	d := dp.Dossier
	prod, err := s.svc.Product(ctx, u, d.ProductID)
	if err != nil {
		return err
	}
	card, sheet, result, err := service.Scored(d)
	if err != nil {
		return err
	}
	rows := criterionRows(card, sheet, p.Form, dp.Evidence)
	var codes []option
	for _, cr := range card.Criteria() {
		codes = append(codes, option{cr.Code, cr.Code + ". " + cr.Title})
	}
	if !p.Form.Has("version") {
		p.Form.Set("version", strconv.FormatInt(d.Version, 10))
	}
	report := service.ReportOf(d)
	if !p.Form.Has("raw_material") {
		for k, v := range map[string]string{"raw_material": report.RawMaterial, "labour": report.Labour,
			"idea_origin": report.IdeaOrigin, "identity": report.Identity, "attendees": report.Attendees,
			"conclusion": report.Conclusion, "meeting_on": isoDate(report.MeetingOn)} {
			p.Form.Set(k, v)
		}
	}
	fillSelfReport(p.Form, d)
	open := ""
	if len(dp.Additions) > 0 && dp.Additions[0].Status != ocop.AdditionsClosed {
		open = dp.Additions[0].Status
	}
	provinceOffice := u.Can(ocop.PermRoundManage) && u.Scope.Level == ocop.LevelProvince
	propose := false
	if provinceOffice {
		if propose, err = s.svc.CanPropose(r.Context(), d); err != nil {
			return err
		}
	}
	p.Data = map[string]any{"D": d, "Product": prod, "Card": card, "Rows": rows, "Codes": codes, "Result": result,
		"Standing": dp.Standing, "Versions": len(dp.Versions), "Years": resultRows,
		"Commune":   u.Can(ocop.PermDossierCommune) && d.Status == ocop.DossierSubmitted,
		"Province":  u.Can(ocop.PermDossierProvince) && d.Status == ocop.DossierForwarded,
		"Round":     roundOf(d),
		"Proposals": dp.Proposals, "Additions": dp.Additions,
		"PassAdditions": open == ocop.AdditionsOpen && u.Can(ocop.PermDossierProvince),
		"Propose":       propose || provinceOffice && d.Status == ocop.DossierAdditions && open == ocop.AdditionsRefiled,
		"Changes":       dp.Changes,
		"Missing":       dp.Missing, "Editable": d.Editable() &&
			u.Can(ocop.PermProducerEdit) && requireOwn(u, d.ProducerID) == nil}
	s.render(w, r, st, "dossier", p)
	return nil
}

// choicesOf lists a criterion's options with distinct points (the sheet
// records points), a yes/no criterion as Không/Có.
func choicesOf(cr *rulebook.Criterion) []rulebook.Option {
	if cr.YesNo {
		return []rulebook.Option{{Text: i18n.T("app.no"), Points: 0}, {Text: i18n.T("app.yes"), Points: cr.Max}}
	}
	var out []rulebook.Option
	for _, o := range cr.Choices() {
		if !slicesContainsPoints(out, o.Points) {
			out = append(out, o)
		}
	}
	return out
}

func slicesContainsPoints(opts []rulebook.Option, p float64) bool {
	for _, o := range opts {
		if o.Points == p {
			return true
		}
	}
	return false
}

// sheetFromForm reads the c-<criterion> fields of a sheet form.
func sheetFromForm(f url.Values) (rulebook.Sheet, error) {
	sheet := rulebook.Sheet{Answers: map[string]float64{}}
	for k, v := range f {
		code, ok := strings.CutPrefix(k, "c-")
		if !ok || v[0] == "" {
			continue
		}
		pts, err := strconv.ParseFloat(v[0], 64)
		if err != nil {
			return sheet, ocop.Errorf(ocop.EINVALID, "err.bad_request")
		}
		sheet.Answers[code] = pts
	}
	return sheet, nil
}

func (s *Server) dossierSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	sheet, err := sheetFromForm(r.PostForm)
	if err != nil {
		return err
	}
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	_, err = s.svc.SaveSheet(r.Context(), u, id, version, sheet)
	switch code := ocop.ErrorCode(err); {
	case err == nil:
		return s.redirect(w, r, dossierURL(id), i18n.T("dossier.saved"))
	case code == ocop.ECONFLICT:
		p, err := s.conflictPage(r, u, err, "c-")
		if err != nil {
			return err
		}
		return s.renderDossier(w, r, u, status[code], p)
	case code == ocop.EINVALID:
		p := s.page(r, u, "dossier.title").withInput(r, err)
		if _, isInput := err.(*rulebook.InputError); isInput {
			p.Error = err.Error()
		}
		return s.renderDossier(w, r, u, status[code], p)
	default:
		if ie, ok := err.(*rulebook.InputError); ok {
			p := s.page(r, u, "dossier.title").withInput(r, nil)
			p.Error = ie.Error()
			return s.renderDossier(w, r, u, http.StatusUnprocessableEntity, p)
		}
		return err
	}
}

func (s *Server) dossierEvidenceAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	e, err := s.addEvidence(r, u)
	if onField(err) {
		return s.renderDossier(w, r, u, http.StatusUnprocessableEntity, s.page(r, u, "dossier.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, dossierURL(e.DossierID)+"#minh-chung", i18n.T("dossier.evidence_saved", e.Criterion))
}

// addEvidence reads an evidence upload (UI form or API) and attaches it.
func (s *Server) addEvidence(r *http.Request, u *ocop.User) (*ocop.Evidence, error) {
	id, err := pathID(r, "dossier")
	if err != nil {
		return nil, err
	}
	if _, err := s.svc.Dossier(r.Context(), u, id); err != nil {
		return nil, err // scope before reading the body
	}
	up, err := readUpload(r, "err.file_too_large")
	if err != nil {
		return nil, err
	}
	defer up.Close()
	switch {
	case up.Err != nil:
		return nil, up.Err
	case up.File == nil:
		return nil, fileError("err.file_empty")
	}
	return s.svc.AddEvidence(r.Context(), u, id, r.PostForm.Get("criterion"), up.Name, up.File)
}

func (s *Server) dossierEvidenceGet(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	did, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	id, err := pathID(r, "evidence")
	if err != nil {
		return err
	}
	e, f, err := s.svc.EvidenceFile(r.Context(), u, did, id)
	if err != nil {
		return err
	}
	sendFile(w, r, "attachment", e.ContentType, e.FileName, e.CreatedAt, f)
	return nil
}

func (s *Server) dossierSubmit(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	_, err = s.svc.Submit(r.Context(), u, id, version)
	if code := ocop.ErrorCode(err); code == ocop.EINVALID || code == ocop.ECONFLICT {
		p := s.page(r, u, "dossier.title").withInput(r, err)
		p.Form.Del("version")
		return s.renderDossier(w, r, u, status[code], p)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, dossierURL(id), i18n.T("dossier.submitted"))
}

// roundOf names the provincial round a forwarded dossier can reach.
func roundOf(d *ocop.Dossier) string {
	if d.ForwardedAt.IsZero() {
		return ""
	}
	year, round := ocop.Round(d.ForwardedAt, i18n.Zone)
	return i18n.T("province.round", round, year)
}
