package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/pdf"
	"github.com/ocopvn/ocop/internal/service"
)

// communeAction runs one step of the commune on a dossier from a form and
// shows the dossier again, with the error in place when the step fails.
func (s *Server) communeAction(w http.ResponseWriter, r *http.Request, u *ocop.User,
	step func(id, version int64) (*ocop.Dossier, error), done string) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	if _, err := s.svc.Dossier(r.Context(), u, id); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	if _, err := step(id, version); err != nil {
		code := ocop.ErrorCode(err)
		if code != ocop.EINVALID && code != ocop.ECONFLICT {
			return err
		}
		p := s.page(r, u, "dossier.title").withInput(r, err)
		p.Form.Del("version")
		return s.renderDossier(w, r, u, status[code], p)
	}
	return s.redirect(w, r, dossierURL(id), i18n.T(done))
}

func (s *Server) dossierAccept(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.communeAction(w, r, u, func(id, v int64) (*ocop.Dossier, error) {
		return s.svc.AcceptDossier(r.Context(), u, id, v)
	}, "province.accepted")
}

func (s *Server) dossierCompletion(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.communeAction(w, r, u, func(id, v int64) (*ocop.Dossier, error) {
		return s.svc.RequestCompletion(r.Context(), u, id, v, r.PostForm.Get("reason"))
	}, "province.completion_sent")
}

func (s *Server) dossierReceive(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.communeAction(w, r, u, func(id, v int64) (*ocop.Dossier, error) {
		return s.svc.ReceiveDossier(r.Context(), u, id, v)
	}, "commune.received")
}

func (s *Server) dossierReport(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.communeAction(w, r, u, func(id, v int64) (*ocop.Dossier, error) {
		f := r.PostForm
		return s.svc.SaveCommuneReport(r.Context(), u, id, v, ocop.CommuneReport{RawMaterial: f.Get("raw_material"),
			Labour: f.Get("labour"), IdeaOrigin: f.Get("idea_origin"), Identity: f.Get("identity"),
			MeetingOn: f.Get("meeting_on"), Attendees: f.Get("attendees"), Conclusion: f.Get("conclusion")})
	}, "commune.report_saved")
}

func (s *Server) dossierReturn(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.communeAction(w, r, u, func(id, v int64) (*ocop.Dossier, error) {
		return s.svc.ReturnDossier(r.Context(), u, id, v, r.PostForm.Get("reason"))
	}, "commune.returned")
}

func (s *Server) dossierForward(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.communeAction(w, r, u, func(id, v int64) (*ocop.Dossier, error) {
		return s.svc.ForwardDossier(r.Context(), u, id, v)
	}, "commune.forwarded")
}

// mau03 renders the commune's report (Mẫu số 03) on a dossier.
func (s *Server) mau03(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	d, err := s.pathDossier(r, u)
	if err != nil {
		return err
	}
	prod, p, err := s.productAndProducer(r, u, d.ProductID)
	if err != nil {
		return err
	}
	rep := service.ReportOf(d)
	doc, err := newForm("mau03", prod.Name)
	if err != nil {
		return err
	}
	doc.Paragraph(i18n.T("mau03.subject", prod.Name, p.Name))
	if d.ReceiptNo != "" {
		doc.Field(i18n.T("mau03.receipt"), d.ReceiptNo+" — "+i18n.Date(d.ReceivedAt))
	}
	doc.Paragraph(i18n.T("mau03.section1"))
	doc.Field(i18n.T("mau01.unit"), p.Name)
	doc.Field(i18n.T("mau01.legal_type"), i18n.T("ptype."+p.LegalType))
	doc.Field(i18n.T("mau01.address"), p.Address+", "+p.CommuneName+", "+p.ProvinceName)
	rep32 := p.Representative
	if p.RepGender != "" {
		rep32 += ", " + i18n.T("gender."+p.RepGender)
	}
	if p.RepEthnicity != "" {
		rep32 += ", " + p.RepEthnicity
	}
	doc.Field(i18n.T("mau01.representative"), rep32)
	doc.Field(i18n.T("mau01.section2"), prod.Name)
	doc.Paragraph(i18n.T("mau03.section2"))
	for _, f := range []struct{ key, text string }{{"commune.raw_material", rep.RawMaterial}, {"commune.labour", rep.Labour},
		{"commune.idea_origin", rep.IdeaOrigin}, {"commune.identity", rep.Identity}} {
		doc.Field(i18n.T(f.key), orDots(f.text))
	}
	if rep.MeetingOn != "" {
		t, _ := time.Parse("2006-01-02", rep.MeetingOn)
		doc.Field(i18n.T("commune.meeting_on"), i18n.Date(t))
		doc.Field(i18n.T("commune.attendees"), orDots(rep.Attendees))
		doc.Field(i18n.T("commune.conclusion"), orDots(rep.Conclusion))
	}
	doc.Paragraph(i18n.T("mau03.proposal", prod.Name))
	doc.Signature(shortName(p.CommuneName), pdf.FormatDate(time.Now().In(i18n.Zone)), i18n.T("mau03.signer"), "")
	doc.Paragraph(i18n.T("mau03.footnote"))
	return sendPDF(w, doc, "mau-03-ho-so-"+strconv.FormatInt(d.ID, 10)+".pdf")
}

func orDots(s string) string {
	if s == "" {
		return "……………………"
	}
	return s
}
