package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/pdf"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/service"
)

// registrationKinds are the "Lần đăng ký" boxes of Mẫu 01, keyed by the
// ?lan= query value.
var registrationKinds = []struct{ key, label string }{
	{"dau", "mau01.first"}, {"nang-hang", "mau01.upgrade"}, {"danh-gia-lai", "mau01.rerating"},
}

// mau01 renders the registration form (Mẫu số 01, Phụ lục III of QĐ
// 26/2026) of a product, filled from the producer's profile, for printing,
// signing and filing with the commune.
func (s *Server) mau01(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "product")
	if err != nil {
		return err
	}
	prod, p, err := s.productAndProducer(r, u, id)
	if err != nil {
		return err
	}
	kind := r.URL.Query().Get("lan")
	if kind == "" {
		kind = "dau"
	}
	now := time.Now().In(i18n.Zone)
	doc, err := newForm("mau01", prod.Name)
	if err != nil {
		return err
	}
	doc.Paragraph(i18n.T("mau01.subject", shortName(p.ProvinceName), now.Year()))
	doc.Paragraph(i18n.T("mau01.section1"))
	doc.Field(i18n.T("mau01.unit"), p.Name)
	doc.Field(i18n.T("mau01.legal_type"), i18n.T("ptype."+p.LegalType))
	doc.Field(i18n.T("mau01.representative"), p.Representative)
	doc.Field(i18n.T("mau01.position"), "……………………")
	doc.Field(i18n.T("mau01.address"), p.Address+", "+p.CommuneName+", "+p.ProvinceName)
	doc.Field(i18n.T("mau01.phone"), p.Phone)
	doc.Field(i18n.T("mau01.email"), p.Email)
	doc.Field(i18n.T("mau01.section2"), prod.Name)
	doc.Paragraph(i18n.T("mau01.section3"))
	if card, err := rulebook.CardOf(service.CurrentDecision, prod.Card); err == nil {
		doc.Field(i18n.T("mau01.type"), card.Type)
		doc.Field(i18n.T("mau01.group"), card.Group)
		if card.Subgroup != "" {
			doc.Field(i18n.T("mau01.subgroup"), card.Subgroup)
		}
		doc.Field(i18n.T("mau01.card"), fmt.Sprintf("%d. %s", card.Number, card.Name))
	} else {
		doc.Paragraph(i18n.T("mau01.no_card"))
	}
	boxes := ""
	for _, k := range registrationKinds {
		mark := "[  ]"
		if k.key == kind {
			mark = "[X]"
		}
		boxes += mark + " " + i18n.T(k.label) + "     "
	}
	doc.Field(i18n.T("mau01.section4"), boxes)
	doc.Paragraph(i18n.T("mau01.section5"))
	doc.Paragraph("- " + i18n.T("mau01.attach_report"))
	if prod.Card != 26 { // no samples for tourism services
		doc.Paragraph("- " + i18n.T("mau01.attach_samples"))
	}
	doc.Paragraph(i18n.T("mau01.commit"))
	doc.Table([]string{i18n.T("mau01.receipt_commune"), i18n.T("mau01.receipt_province")}, nil, [][]string{{
		i18n.T("mau01.receipt_no", p.ProvinceCode, p.CommuneCode, now.Year()) + "\n" + i18n.T("mau01.receipt_fields"),
		i18n.T("mau01.receipt_no", p.ProvinceCode, p.CommuneCode, now.Year()) + "\n" + i18n.T("mau01.receipt_fields"),
	}})
	doc.Signature(shortName(p.CommuneName), pdf.FormatDate(now), i18n.T("mau01.signer"), p.Representative)
	doc.Paragraph(i18n.T("mau01.footnote"))
	return sendPDF(w, doc, "mau-01-san-pham-"+strconv.FormatInt(prod.ID, 10)+".pdf")
}

// newForm starts a printed document — one of the forms of Phụ lục III
// (mau01, mau02, mau03) about a product, or a round's output (out.sheet,
// out.summary, out.minutes): the national header and the heading.
func newForm(form, product string) (*pdf.Doc, error) {
	doc, err := pdf.New(i18n.T(form+".title") + " — " + product)
	if err != nil {
		return nil, err
	}
	doc.NationalHeader()
	doc.Heading(i18n.T(form + ".heading"))
	return doc, nil
}

// productAndProducer loads a product and its producer for a user who may
// see them.
func (s *Server) productAndProducer(r *http.Request, u *ocop.User, productID int64) (*ocop.Product, *ocop.Producer, error) {
	prod, err := s.svc.Product(r.Context(), u, productID)
	if err != nil {
		return nil, nil, err
	}
	p, err := s.svc.Producer(r.Context(), u, prod.ProducerID)
	return prod, p, err
}

// sendPDF finishes a document and sends it for viewing and printing.
func sendPDF(w http.ResponseWriter, doc *pdf.Doc, filename string) error {
	b, err := doc.Bytes()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `inline; filename="`+filename+`"`)
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(b)
	return err
}

// shortName drops the unit prefix: "Tỉnh Sơn La" → "Sơn La".
func shortName(full string) string {
	for _, prefix := range []string{"Tỉnh ", "Thành phố ", "Xã ", "Phường ", "Đặc khu "} {
		if len(full) > len(prefix) && full[:len(prefix)] == prefix {
			return full[len(prefix):]
		}
	}
	return full
}
