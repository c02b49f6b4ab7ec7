package demo

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/pdf"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

const dossierSetting = "demo_dossiers_loaded"

// LoadDossiers walks the coffee cooperative through the dossier flow with
// the real use cases, so a visitor sees one dossier submitted to the
// commune (with its deadline) and one still in draft. Every file is a
// generated PDF marked as an illustration.
func LoadDossiers(ctx context.Context, svc *service.Service) error {
	if v, err := svc.DB.Setting(ctx, dossierSetting); err != nil || v != "" {
		return err
	}
	u, _, err := svc.DB.UserCredentials(ctx, Accounts[0].Username)
	if err != nil {
		return err
	}
	products, _, err := svc.Products(ctx, u, store.ProductFilter{Limit: 10})
	if err != nil || len(products) < 2 {
		return fmt.Errorf("demo products: %v", err)
	}
	expires := time.Now().In(i18n.Zone).AddDate(2, 0, 0).Format("02/01/2006")
	for _, doc := range []service.DocumentInput{
		{Kind: "dang_ky_kinh_doanh", Title: "Giấy chứng nhận đăng ký hợp tác xã", Number: "5500123456", Issuer: "Sở Tài chính tỉnh Sơn La", IssuedOn: "12/06/2017"},
		{Kind: "attp", Title: "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", Number: "45/2024/NNMT-SL", Issuer: "Sở Nông nghiệp và Môi trường tỉnh Sơn La", IssuedOn: "15/03/2024", ExpiresOn: expires},
	} {
		doc.FileName = doc.Kind + ".pdf"
		if _, err := svc.UploadDocument(ctx, u, u.ProducerID, doc, bytes.NewReader(illustration(doc.Title))); err != nil {
			return err
		}
	}
	if err := submittedDossier(ctx, svc, u, products); err != nil {
		return err
	}
	// The second product's dossier is left in draft, half filled.
	for _, p := range products {
		if p.Name == "Cà phê nhân xanh Arabica Sơn La" {
			d, err := svc.OpenDossier(ctx, u, p.ID, ocop.DossierFirst)
			if err != nil {
				return err
			}
			if _, err := svc.SaveSheet(ctx, u, d.ID, d.Version, rulebook.Sheet{Answers: map[string]float64{"1.1": 3, "1.2": 1, "2.2": 2}}); err != nil {
				return err
			}
		}
	}
	return svc.DB.Update(ctx, ocop.System, func(tx *store.Tx) error { return tx.SetSetting(ctx, dossierSetting, "1") })
}

// submittedDossier fills the roasted coffee's upgrade dossier: the best
// option on parts A and C, a middle one on marketing, evidence for every
// criterion that scores, then submits it.
func submittedDossier(ctx context.Context, svc *service.Service, u *ocop.User, products []*ocop.Product) error {
	var prod *ocop.Product
	for _, p := range products {
		if p.Name == "Cà phê Arabica rang xay Chiềng Ban" {
			prod = p
		}
	}
	if prod == nil {
		return fmt.Errorf("demo product missing")
	}
	d, err := svc.OpenDossier(ctx, u, prod.ID, ocop.DossierUpgrade)
	if err != nil {
		return err
	}
	card, err := service.DossierCard(d)
	if err != nil {
		return err
	}
	sheet := rulebook.Sheet{Answers: map[string]float64{}}
	for _, cr := range card.Criteria() {
		opts := cr.Choices()
		switch {
		case cr.YesNo:
			sheet.Answers[cr.Code] = cr.Max
		case card.PartOf(cr.Code) == "B":
			sheet.Answers[cr.Code] = opts[len(opts)/2].Points
		default:
			sheet.Answers[cr.Code] = opts[len(opts)-1].Points
		}
	}
	if d, err = svc.SaveSheet(ctx, u, d.ID, d.Version, sheet); err != nil {
		return err
	}
	if d, err = svc.SaveSelfReport(ctx, u, d.ID, d.Version, coffeeReport); err != nil {
		return err
	}
	for _, cr := range card.Criteria() {
		if sheet.Answers[cr.Code] == 0 {
			continue
		}
		title := "Minh chứng tiêu chí " + cr.Code + ": " + cr.Title
		if _, err := svc.AddEvidence(ctx, u, d.ID, cr.Code, "minh-chung-"+cr.Code+".pdf", bytes.NewReader(illustration(title))); err != nil {
			return err
		}
	}
	_, err = svc.Submit(ctx, u, d.ID, d.Version)
	return err
}

// coffeeReport is the demo cooperative's Mẫu 02 parts I, II and IV.
var coffeeReport = ocop.SelfReport{
	History: "Hợp tác xã thành lập năm 2016 từ tổ hợp tác trồng cà phê Arabica của 32 hộ đồng bào Thái; " +
		"sản phẩm cà phê rang xay ra đời năm 2019, được công nhận OCOP 3 sao năm 2023.",
	RawMaterial: "45 ha cà phê Arabica của thành viên tại xã Chiềng Mai, đã được cấp mã số vùng trồng.",
	Technology:  "Máy rang 15 kg/mẻ điều khiển nhiệt độ, máy xay và máy đóng gói hút chân không.",
	Changes:     "Từ năm 2024: bao bì mới có van một chiều, nhãn ghi mã truy xuất nguồn gốc, công bố lại tiêu chuẩn cơ sở.",
	Market:      "Bán tại các điểm bán sản phẩm OCOP của tỉnh, hai chuỗi cửa hàng ở Hà Nội và trên sàn thương mại điện tử.",
	Results: []ocop.YearResult{
		{Year: 2024, Output: "9 tấn cà phê rang", Revenue: 2_150_000_000, Profit: 310_000_000},
		{Year: 2025, Output: "12 tấn cà phê rang", Revenue: 2_980_000_000, Profit: 455_000_000},
	},
	PlanGoals:  "Nâng hạng sản phẩm lên 4 sao; đạt 15 tấn cà phê rang năm 2027.",
	PlanMarket: "Mở thêm đại lý tại Hà Nội và Hải Phòng; xuất khẩu thử nghiệm sang Hàn Quốc.",
	PlanInvest: "Đầu tư máy rang 30 kg/mẻ và kho bảo quản (1,2 tỷ đồng, vốn hợp tác xã và hỗ trợ của tỉnh).",
}

// illustration is a one-page PDF that says plainly it is demo material.
func illustration(title string) []byte {
	doc, err := pdf.New(title)
	if err != nil {
		return nil
	}
	doc.NationalHeader()
	doc.Heading(title)
	doc.Paragraph("Tài liệu minh họa của dữ liệu thử nghiệm (--demo). Không phải văn bản thật.")
	b, _ := doc.Bytes()
	return b
}
