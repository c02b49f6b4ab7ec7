package web

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/pdf"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/xlsx"
)

// The printed outputs of a round (issue #5 item 5). The same handlers
// serve the office (/dot-danh-gia/…) and council members (/hoi-dong/…);
// the service decides what each may read.

// stars writes a star rating in words: the font has no ★ glyph.
func stars(n int) string {
	if n == 0 {
		return i18n.T("out.no_stars")
	}
	return i18n.T("out.stars", n)
}

// sheetPDF is one member's score sheet on one dossier.
func (s *Server) sheetPDF(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	round, dossier, err := roundDossierIDs(r)
	if err != nil {
		return err
	}
	member, err := pathID(r, "user")
	if err != nil {
		return err
	}
	ps, err := s.svc.PrintSheet(r.Context(), u, round, dossier, member)
	if err != nil {
		return err
	}
	doc, err := newForm("out.sheet", ps.Row.ProductName)
	if err != nil {
		return err
	}
	councilFields(doc, ps.Round, ps.Council)
	dossierFields(doc, ps.Row)
	doc.Field(i18n.T("out.card"), fmt.Sprintf("%d. %s", ps.Card.Number, ps.Card.Name))
	doc.Field(i18n.T("council.member"), ps.Member.FullName+" — "+i18n.T("position."+ps.Member.Position))
	rows := [][]string{}
	for _, c := range ps.Result.Criteria {
		rows = append(rows, []string{c.Code, c.Title, i18n.Decimal(c.Points, 1), i18n.Decimal(c.Max, 1), ps.Sheet.Comments[c.Code]})
	}
	doc.Table([]string{i18n.T("out.code"), i18n.T("score.criterion"), i18n.T("score.points"), i18n.T("out.max"), i18n.T("score.comment")},
		[]float64{10, 60, 12, 12, 50}, rows)
	parts := []string{}
	for _, p := range sortedKeys(ps.Result.Parts) {
		parts = append(parts, i18n.T("out.part", p, i18n.Decimal(ps.Result.Parts[p], 1)))
	}
	doc.Field(i18n.T("out.parts"), strings.Join(parts, "; "))
	doc.Field(i18n.T("out.total"), i18n.Decimal(ps.Result.Total, 1))
	doc.Field(i18n.T("council.stars"), stars(ps.Result.Stars))
	when := ps.Sheet.SubmittedAt
	if when.IsZero() {
		when = ps.Sheet.UpdatedAt
	}
	doc.Field(i18n.T("out.version"), i18n.T("out.version_value", ps.Sheet.N, i18n.T("score.status."+ps.Sheet.Status), i18n.DateTime(when)))
	if ps.Sheet.Paper {
		doc.Paragraph(i18n.T("score.paper"))
	}
	doc.Signature("", pdf.FormatDate(when.In(i18n.Zone)), i18n.T("out.member_signs"), ps.Member.FullName)
	return sendPDF(w, doc, fmt.Sprintf("phieu-cham-%d-%d-%d.pdf", round, dossier, member))
}

func councilFields(doc *pdf.Doc, rd *ocop.EvalRound, c *service.CouncilView) {
	doc.Field(i18n.T("council.round"), rd.Name())
	doc.Field(i18n.T("council.kind.council"), i18n.T("out.decision", c.DecisionNo, dayText(c.DecisionDate), c.Signer))
}

func dossierFields(doc *pdf.Doc, row store.DossierRow) {
	doc.Field(i18n.T("products.title"), row.ProductName)
	doc.Field(i18n.T("field.producer"), row.ProducerName)
	doc.Field(i18n.T("field.commune"), row.CommuneName)
}

// dayText writes a YYYY-MM-DD day as dd/mm/yyyy.
func dayText(day string) string {
	t, err := time.ParseInLocation(time.DateOnly, day, i18n.Zone)
	if err != nil {
		return day
	}
	return i18n.Date(t)
}

func sortedKeys(m map[string]float64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (s *Server) roundReport(r *http.Request, u *ocop.User) (*service.RoundReport, error) {
	id, err := pathID(r, "round")
	if err != nil {
		return nil, err
	}
	return s.svc.RoundReport(r.Context(), u, id)
}

// summaryRow is one dossier of the summary table. Members appear by name,
// not as "Thành viên 1…n": the table is the council's signed record once
// scoring is closed, the minutes list the same names, and a total must be
// traceable to the sheet its member signed.
func summaryRow(rep *service.RoundReport, dr *service.DossierResult) []string {
	totals := map[int64]string{}
	var mean, spread, st, unmet string = "—", "—", "—", ""
	if res := dr.Result; res != nil {
		// The engine's members come in council order, those with a sheet.
		latest, j := service.LatestSubmitted(dr.Sheets), 0
		for _, m := range rep.Council.Members {
			if latest[m.UserID] != nil && j < len(res.Members) {
				totals[m.UserID] = i18n.Decimal(res.Members[j].Total, 1)
				j++
			}
		}
		mean, spread, st = i18n.Decimal(res.Total, 2), i18n.Decimal(res.Spread, 1), stars(res.Stars)
		var us []string
		for _, x := range res.UnmetMinimums {
			us = append(us, i18n.T("council.unmet", x.Criterion, strconv.Itoa(x.ForStars)))
		}
		unmet = strings.Join(us, "; ")
	}
	recused := map[int64]string{}
	var recs []string
	for _, rc := range rep.Recusals[dr.ID] {
		recused[rc.UserID] = rc.Reason
		if m := rep.Council.Member(rc.UserID); m != nil {
			recs = append(recs, m.FullName+": "+rc.Reason)
		}
	}
	row := []string{dr.ProductName, dr.ProducerName, dr.CommuneName, strconv.Itoa(dr.Card)}
	if hasPanels(rep) {
		row = append(row, cmp.Or(dr.Panel, i18n.T("panel.whole_council")))
	}
	for _, m := range rep.Council.Members {
		v, ok := totals[m.UserID]
		switch {
		case ok:
		case recused[m.UserID] != "":
			v = i18n.T("out.recused")
		default:
			v = "—"
		}
		row = append(row, v)
	}
	return append(row, mean, spread, st, unmet, yesNo(rescored(dr)), strings.Join(recs, "; "))
}

// rescored reports whether a member submitted a second version.
func rescored(dr *service.DossierResult) bool {
	for _, sh := range dr.Sheets {
		if sh.N > 1 && sh.Status == ocop.SheetSubmitted {
			return true
		}
	}
	return false
}

func yesNo(b bool) string {
	if b {
		return i18n.T("out.yes")
	}
	return i18n.T("out.no")
}

// hasPanels reports whether some dossier of the round was scored by a
// sub-panel: the summary then says which.
func hasPanels(rep *service.RoundReport) bool {
	return slices.ContainsFunc(rep.Results, func(dr *service.DossierResult) bool { return dr.Panel != "" })
}

func summaryHeaders(rep *service.RoundReport) []string {
	h := []string{i18n.T("products.title"), i18n.T("field.producer"), i18n.T("field.commune"), i18n.T("out.card")}
	if hasPanels(rep) {
		h = append(h, i18n.T("panel.of"))
	}
	for _, m := range rep.Council.Members {
		h = append(h, m.FullName)
	}
	return append(h, i18n.T("council.mean"), i18n.T("council.spread"), i18n.T("council.stars"), i18n.T("out.unmet"),
		i18n.T("out.rescored"), i18n.T("out.recusals"))
}

// summaryXLSX is the summary table with a sheet per dossier giving each
// member's points per criterion.
func (s *Server) summaryXLSX(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	rep, err := s.roundReport(r, u)
	if err != nil {
		return err
	}
	main := xlsx.Table{Sheet: i18n.T("out.summary_sheet"), Title: i18n.T("out.summary.heading") + " — " + rep.Round.Name(),
		Headers: summaryHeaders(rep), Widths: []float64{32, 28, 18, 8}}
	tables := []xlsx.Table{}
	for _, dr := range rep.Results {
		main.Rows = append(main.Rows, anyRow(summaryRow(rep, dr)))
		tables = append(tables, criteriaTable(rep, dr))
	}
	sendXLSX(w, fmt.Sprintf("tong-hop-dot-%d.xlsx", rep.Round.ID))
	return xlsx.Write(w, append([]xlsx.Table{main}, tables...)...)
}

func anyRow(v []string) []any {
	out := make([]any, len(v))
	for i, x := range v {
		out[i] = x
	}
	return out
}

// criteriaTable is one dossier's criteria × members, with the council's
// mean per criterion.
func criteriaTable(rep *service.RoundReport, dr *service.DossierResult) xlsx.Table {
	t := xlsx.Table{Sheet: i18n.T("out.dossier_sheet", dr.ID), Title: dr.ProductName + " — " + dr.ProducerName,
		Headers: []string{i18n.T("out.code"), i18n.T("score.criterion")}, Widths: []float64{11, 50}}
	latest := service.LatestSubmitted(dr.Sheets)
	var members []*ocop.CouncilMember
	for _, m := range rep.Council.Members {
		if latest[m.UserID] != nil {
			members = append(members, m)
			t.Headers = append(t.Headers, m.FullName)
		}
	}
	t.Headers = append(t.Headers, i18n.T("council.mean"))
	if dr.Result == nil {
		return t
	}
	for _, c := range dr.Result.Criteria {
		row := []any{c.Code, c.Title}
		for _, m := range members {
			row = append(row, service.Answers(latest[m.UserID]).Answers[c.Code])
		}
		t.Rows = append(t.Rows, append(row, c.Points))
	}
	return t
}

func sendXLSX(w http.ResponseWriter, filename string) {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
}

// roundDoc starts a round's printed document with the round and council.
func (s *Server) roundDoc(r *http.Request, u *ocop.User, key string) (*service.RoundReport, *pdf.Doc, error) {
	rep, err := s.roundReport(r, u)
	if err != nil {
		return nil, nil, err
	}
	doc, err := newForm(key, rep.Round.Name())
	if err != nil {
		return nil, nil, err
	}
	councilFields(doc, rep.Round, rep.Council)
	return rep, doc, nil
}

// summaryPDF is the summary table for printing.
func (s *Server) summaryPDF(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	rep, doc, err := s.roundDoc(r, u, "out.summary")
	if err != nil {
		return err
	}
	for i, dr := range rep.Results {
		row := summaryRow(rep, dr)
		h := summaryHeaders(rep)
		doc.Paragraph(fmt.Sprintf("%d. %s", i+1, dr.ProductName))
		var rows [][]string
		for j := 1; j < len(h); j++ {
			if row[j] != "" {
				rows = append(rows, []string{h[j], row[j]})
			}
		}
		doc.Table([]string{i18n.T("out.item"), i18n.T("out.value")}, []float64{40, 60}, rows)
	}
	return sendPDF(w, doc, fmt.Sprintf("tong-hop-dot-%d.pdf", rep.Round.ID))
}

// proposals are the dossiers the council proposes for recognition, with
// the stars, and for a province's round those with 90 points or more
// proposed to the Ministry for 5 stars (QĐ 26/2026 Điều 3.3).
func proposals(rep *service.RoundReport) [][]string {
	var out [][]string
	for _, dr := range rep.Results {
		res := dr.Result
		if res == nil || res.Stars < 3 {
			continue
		}
		what := i18n.T("out.propose", stars(res.Stars))
		if rep.Round.Level == ocop.RoundProvince && res.Total >= 90 {
			what = i18n.T("out.propose_ministry")
		}
		out = append(out, []string{strconv.Itoa(len(out) + 1), dr.ProductName, dr.ProducerName, dr.CommuneName,
			i18n.Decimal(res.Total, 2), stars(res.Stars), what})
	}
	return out
}

func proposalHeaders() []string {
	return []string{i18n.T("out.index"), i18n.T("products.title"), i18n.T("field.producer"), i18n.T("field.commune"),
		i18n.T("council.mean"), i18n.T("council.stars"), i18n.T("out.proposal")}
}

// proposalXLSX is the proposal list as a workbook.
func (s *Server) proposalXLSX(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	rep, err := s.roundReport(r, u)
	if err != nil {
		return err
	}
	t := xlsx.Table{Sheet: i18n.T("out.proposal_sheet"), Title: i18n.T("out.proposals") + " — " + rep.Round.Name(),
		Headers: proposalHeaders(), Widths: []float64{6, 32, 28, 18, 10, 10, 40}}
	for _, p := range proposals(rep) {
		t.Rows = append(t.Rows, anyRow(p))
	}
	sendXLSX(w, fmt.Sprintf("de-nghi-cong-nhan-dot-%d.xlsx", rep.Round.ID))
	return xlsx.Write(w, t)
}

// minutesPDF is the council meeting's minutes: attendance and quorum,
// the results and the proposal list, signed by the chair and secretary.
// Without a meeting record its time and place are left to fill by hand.
func (s *Server) minutesPDF(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	rep, doc, err := s.roundDoc(r, u, "out.minutes")
	if err != nil {
		return err
	}
	when, where := "……………………………………", "……………………………………"
	if m := rep.Meeting; m.Version > 0 {
		when, where = dayText(m.Date), m.Place
	}
	doc.Field(i18n.T("out.when"), when)
	doc.Field(i18n.T("out.where"), where)
	doc.Paragraph(i18n.T("out.attendance"))
	var att [][]string
	var chair, secretary string
	for i, m := range rep.Council.Members {
		here := i18n.T("out.absent")
		if m.Present {
			here = i18n.T("out.present")
		}
		att = append(att, []string{strconv.Itoa(i + 1), m.FullName, i18n.T("position." + m.Position), i18n.T("department." + m.Department), here})
		switch m.Position {
		case "chair":
			chair = m.FullName
		case "secretary":
			secretary = m.FullName
		}
	}
	doc.Table([]string{i18n.T("out.index"), i18n.T("out.name"), i18n.T("council.position"), i18n.T("council.department"), i18n.T("council.present")},
		[]float64{11, 40, 22, 50, 18}, att)
	doc.Paragraph(quorumText(rep.Council))
	doc.Paragraph(i18n.T("council.results"))
	var res [][]string
	for i, dr := range rep.Results {
		row := []string{strconv.Itoa(i + 1), dr.ProductName, dr.ProducerName, "0", "—", "—"}
		if dr.Result != nil {
			row[3], row[4], row[5] = strconv.Itoa(len(dr.Result.Members)), i18n.Decimal(dr.Result.Total, 2), stars(dr.Result.Stars)
		}
		res = append(res, row)
	}
	doc.Table([]string{i18n.T("out.index"), i18n.T("products.title"), i18n.T("field.producer"), i18n.T("council.sheets"),
		i18n.T("council.mean"), i18n.T("council.stars")}, []float64{11, 45, 40, 14, 18, 18}, res)
	doc.Paragraph(i18n.T("out.proposals"))
	if p := proposals(rep); len(p) > 0 {
		doc.Table(proposalHeaders(), []float64{11, 35, 30, 20, 14, 14, 40}, p)
	} else {
		doc.Paragraph(i18n.T("out.no_proposals"))
	}
	if rep.Meeting.Notes != "" {
		doc.Field(i18n.T("out.notes"), rep.Meeting.Notes)
	}
	doc.Signature("", "", i18n.T("out.secretary_signs"), secretary)
	doc.Signature("", "", i18n.T("out.chair_signs"), chair)
	return sendPDF(w, doc, fmt.Sprintf("bien-ban-dot-%d.pdf", rep.Round.ID))
}

// quorumText states attendance against the council's rule.
func quorumText(c *service.CouncilView) string {
	ok, needed, present := c.Quorum()
	pct := 0.0
	if len(c.Members) > 0 {
		pct = float64(present) * 100 / float64(len(c.Members))
	}
	verdict := i18n.T("out.quorum_no")
	if ok {
		verdict = i18n.T("out.quorum_yes")
	}
	return i18n.T("out.quorum", present, len(c.Members), i18n.Decimal(pct, 1), i18n.Decimal(c.QuorumPercent, 0), needed, verdict)
}

// outputLinks are the downloads a round page offers: the round's
// documents once scoring is closed and the score sheets the reader may
// print.
type outputLinks struct {
	Base   string // "/dot-danh-gia/1" or "/hoi-dong/1"
	Closed bool
	Sheets []sheetLink
}

type sheetLink struct{ Product, Member, URL string }

// outputsFor lists the downloads: with a report (after closing) every
// submitted sheet when all is true, else only the reader's own; before
// closing the reader's own sheets on the given dossiers.
func outputsFor(base string, rep *service.RoundReport, all bool, me *ocop.CouncilMember, mine []store.DossierRow) *outputLinks {
	o := &outputLinks{Base: base, Closed: rep != nil}
	link := func(d store.DossierRow, m *ocop.CouncilMember) sheetLink {
		return sheetLink{d.ProductName, m.FullName, fmt.Sprintf("%s/ho-so/%d/phieu/%d", base, d.ID, m.UserID)}
	}
	if rep == nil {
		for _, d := range mine {
			o.Sheets = append(o.Sheets, link(d, me))
		}
		return o
	}
	for _, dr := range rep.Results {
		latest := service.LatestSubmitted(dr.Sheets)
		for _, m := range rep.Council.Members {
			if latest[m.UserID] != nil && (all || m.UserID == me.UserID) {
				o.Sheets = append(o.Sheets, link(dr.DossierRow, m))
			}
		}
	}
	return o
}

// meetingSave records the council's session for the minutes.
func (s *Server) meetingSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.roundAction(w, r, u, func(id int64) error {
		version, _ := strconv.ParseInt(r.PostForm.Get("meeting_version"), 10, 64)
		_, err := s.svc.SaveMeeting(r.Context(), u, id, service.MeetingInput{Date: r.PostForm.Get("meeting_date"),
			Place: r.PostForm.Get("meeting_place"), Notes: r.PostForm.Get("meeting_notes"), Version: version})
		return err
	}, "#cuoc-hop", "out.meeting_saved")
}

// meetingForm fills the meeting form from the record unless the page
// comes back with what was typed.
func meetingForm(p *page, m *ocop.Meeting) {
	if _, typed := p.Form["meeting_place"]; typed {
		return
	}
	if m.Version > 0 {
		p.Form.Set("meeting_date", dayText(m.Date))
	}
	p.Form.Set("meeting_place", m.Place)
	p.Form.Set("meeting_notes", m.Notes)
	p.Form.Set("meeting_version", strconv.FormatInt(m.Version, 10))
}

func (s *Server) apiMeeting(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	m, err := s.svc.Meeting(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) apiMeetingSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	var b service.MeetingInput
	if err := decode(r, &b); err != nil {
		return err
	}
	m, err := s.svc.SaveMeeting(r.Context(), u, id, b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}
