package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/pdf"
	"github.com/skip2/go-qrcode"
)

// qrSize is the printed side of the QR code in mm: large enough for a
// phone camera at arm's length.
const qrSize = 38.0

// certificatePDF renders a certificate (giấy chứng nhận) with the QR code
// of its public verification page, for those who may see the product.
func (s *Server) certificatePDF(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	pid, err := pathID(r, "product")
	if err != nil {
		return err
	}
	id, err := pathID(r, "certificate")
	if err != nil {
		return err
	}
	c, err := s.svc.CertificateOf(r.Context(), u, pid, id)
	if err != nil {
		return err
	}
	prod, p, err := s.productAndProducer(r, u, pid)
	if err != nil {
		return err
	}
	qr, err := qrcode.Encode(s.svc.VerifyURL(c), qrcode.Medium, 512)
	if err != nil {
		return err
	}
	doc, err := pdf.New(i18n.T("certpdf.title", c.Number) + " — " + prod.Name)
	if err != nil {
		return err
	}
	authority := i18n.T("certauthority."+c.Level, shortName(p.ProvinceName))
	doc.NationalHeader()
	doc.Heading(i18n.T("certpdf.heading"))
	doc.Heading(i18n.T("certpdf.number", c.Number))
	doc.Paragraph(i18n.T("certpdf.basis", c.DecisionNo, pdf.FormatDate(calDay(c.DecisionDate)), authority))
	doc.Field(i18n.T("certpdf.product"), prod.Name)
	doc.Field(i18n.T("certpdf.producer"), p.Name)
	doc.Field(i18n.T("certpdf.address"), strings.Trim(p.Address+", "+p.CommuneName+", "+p.ProvinceName, ", "))
	doc.Field(i18n.T("certpdf.stars"), starsWords(c.Stars))
	doc.Field(i18n.T("certpdf.decision"), i18n.T("certpdf.decision_value", c.DecisionNo, isoDate(c.DecisionDate)))
	doc.Field(i18n.T("certpdf.issued"), isoDate(c.IssuedOn))
	doc.Field(i18n.T("certpdf.expires"), isoDate(c.ExpiresOn))
	if c.Status == ocop.CertRevoked {
		doc.Paragraph(i18n.T("certpdf.revoked", c.RevokeDecisionNo, isoDate(c.RevokeDecisionDate)))
	}
	caption := i18n.T("certpdf.qr_caption", c.Code, s.svc.BaseURL+"/xac-minh")
	doc.ImageBeside(qr, qrSize, caption, func() {
		doc.Signature(shortName(p.ProvinceName), pdf.FormatDate(calDay(c.IssuedOn)),
			i18n.T("certsignrole."+c.Level), c.Signer)
	})
	return sendPDF(w, doc, "giay-chung-nhan-ocop-"+strconv.FormatInt(c.ID, 10)+".pdf")
}

// calDay reads a stored YYYY-MM-DD day.
func calDay(s string) time.Time {
	t, _ := time.ParseInLocation("2006-01-02", s, i18n.Zone)
	return t
}
