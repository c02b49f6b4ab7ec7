package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// The finished round: three dossiers of Mộc Châu and Yên Châu (the
// tests receive Chiềng Mai's dossiers and expect its first number) filed about eight months before
// today, scored by the council and decided, so a visitor finds a decided
// round and verifies the certificates it issued.

// finishedStart is how many working days before today the loader's clock
// starts: before the finished round's first step.
const finishedStart = 185

// finishedStories are the dossiers of the finished round; stars is what the
// council gives each (1: no recognition, Điều 4).
var finishedStories = []story{
	{"chuthe.manhau", "canbo.mocchau", "Mứt mận hậu Mộc Châu", ocop.DossierFirst, ocop.CommuneReport{
		RawMaterial: "Mận hậu của các hộ trồng ở phường Mộc Châu.", Labour: "6 lao động trong gia đình và thời vụ.",
		IdeaOrigin: "Công thức mứt truyền thống của gia đình.", Identity: "Mận hậu cao nguyên Mộc Châu."},
		finishedSteps},
	{"chuthe.xoai", "canbo.yenchau", "Nước ép xoài Yên Châu", ocop.DossierFirst, ocop.CommuneReport{
		RawMaterial: "Xoài tròn Yên Châu loại 2 của thành viên.", Labour: "5 thành viên hợp tác xã.",
		IdeaOrigin: "Tận dụng xoài không đủ tiêu chuẩn bán tươi.", Identity: "Xoài tròn Yên Châu."},
		finishedSteps},
	{"chuthe.xoai", "canbo.yenchau", "Xoài xanh ngâm Yên Châu", ocop.DossierFirst, ocop.CommuneReport{
		RawMaterial: "Xoài xanh tỉa quả của thành viên.", Labour: "3 thành viên hợp tác xã.",
		IdeaOrigin: "Món ăn quen thuộc của người Thái.", Identity: "Xoài tròn Yên Châu."},
		finishedSteps},
	{"chuthe.manhau", "canbo.mocchau", "Mận hậu sấy lạnh Mộc Châu", ocop.DossierFirst, ocop.CommuneReport{
		RawMaterial: "Mận hậu VietGAP của 40 hộ liên kết ở phường Mộc Châu.", Labour: "12 lao động địa phương.",
		IdeaOrigin: "Hợp tác với viện nghiên cứu về công nghệ sấy lạnh.", Identity: "Mận hậu cao nguyên Mộc Châu."},
		finishedSteps},
	{"chuthe.xoai", "canbo.yenchau", "Xoài sấy lạnh Yên Châu", ocop.DossierFirst, ocop.CommuneReport{
		RawMaterial: "Xoài tròn Yên Châu có mã số vùng trồng.", Labour: "8 thành viên hợp tác xã.",
		IdeaOrigin: "Đơn đặt hàng của nhà nhập khẩu Hàn Quốc.", Identity: "Xoài tròn Yên Châu."},
		finishedSteps},
}

var finishedSteps = []step{{183, 9, "fill", ""}, {182, 10, "submit", ""}, {181, 8, "receive", ""}, {178, 14, "report", ""},
	{177, 9, "forward", ""}, {174, 10, "accept", ""}}

// finishedStars is the council's verdict on each finished dossier.
// The two 5★ ones reach 90 points: the dried plums go on to the Ministry,
// which recognises them 5★; the dried mango waits for the province's
// letter to the Ministry.
var finishedStars = map[string]int{"Nước ép xoài Yên Châu": 4, "Mứt mận hậu Mộc Châu": 3, "Xoài xanh ngâm Yên Châu": 1,
	"Mận hậu sấy lạnh Mộc Châu": 5, "Xoài sấy lạnh Yên Châu": 5}

// finishedRound plays the round of the finished dossiers through the
// use cases: the office opens it and seats the council, the chair opens
// scoring, scores and closes, the office records the Chairman's decision.
func (l *loader) finishedRound() error {
	office, chair := l.users["vanphong.sonla"], l.users["hoidong.sonla"]
	accepted, _, err := l.svc.Dossiers(l.ctx, office, store.DossierFilter{Status: ocop.DossierAccepted})
	if err != nil || len(accepted) == 0 {
		return err
	}
	l.now = l.dayAt(170, 9)
	year, number := ocop.Round(accepted[0].ForwardedAt, i18n.Zone)
	r, err := l.svc.CreateRound(l.ctx, office, service.RoundInput{Year: year, Number: number, Kind: ocop.RoundRegular})
	if err != nil {
		return err
	}
	for _, d := range accepted {
		if err := l.svc.AddRoundDossier(l.ctx, office, r.ID, d.ID); err != nil {
			return err
		}
	}
	if err := l.seat(r, "102/QĐ-UBND", l.dayAt(169, 9)); err != nil {
		return err
	}
	l.now = l.dayAt(165, 8)
	var ds []*ocop.Dossier
	for _, d := range accepted {
		ds = append(ds, d.Dossier)
	}
	if err := l.score(chair, r, ds); err != nil {
		return err
	}
	l.now = l.dayAt(160, 15)
	_, err = l.svc.RecordDecision(l.ctx, office, r.ID, service.DecisionInput{Number: "845/QĐ-UBND",
		Date: l.now.Format("02/01/2006"), Signer: "Chủ tịch UBND tỉnh Sơn La"})
	if err != nil {
		return err
	}
	if err := l.ministryRound(); err != nil {
		return fmt.Errorf("ministry round: %w", err)
	}
	// Months have passed: everyone told of the decision has read it.
	for _, st := range finishedStories {
		for _, name := range []string{st.producer, st.officer} {
			if err := l.svc.DB.MarkNotificationsRead(l.ctx, l.users[name].ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// ministryRound takes the dried plums of 90 points on: the province's
// letter, the Ministry's round 1 with its central council, the 5★
// decision of the Minister.
func (l *loader) ministryRound() error {
	office, ministry, chair := l.users["vanphong.sonla"], l.users["vanphong.bo"], l.users["hoidong.bo"]
	l.now = l.dayAt(155, 10)
	d := l.dossierOf("Mận hậu sấy lạnh Mộc Châu")
	if d == nil {
		return fmt.Errorf("no dossier for the dried plums")
	}
	_, err := l.svc.ProposeToMinistry(l.ctx, office, d.ID, service.ProposalInput{LetterNo: "1502/UBND-KT",
		LetterDate: l.now.Format("02/01/2006"), Signer: "Phó Chủ tịch UBND tỉnh Sơn La"})
	if err != nil {
		return err
	}
	l.now = l.dayAt(150, 9)
	year := l.now.Year()
	r, err := l.svc.CreateRound(l.ctx, ministry, service.RoundInput{Year: year, Number: 1, Kind: ocop.RoundRegular})
	if err != nil {
		return err
	}
	if err := l.svc.AddRoundDossier(l.ctx, ministry, r.ID, d.ID); err != nil {
		return err
	}
	if err := l.seatBy(ministry, chair, r, "512/QĐ-BNNMT", l.dayAt(149, 9), "Thứ trưởng Bộ Nông nghiệp và Môi trường"); err != nil {
		return err
	}
	l.now = l.dayAt(140, 8)
	if err := l.score(chair, r, []*ocop.Dossier{d}); err != nil {
		return err
	}
	l.now = l.dayAt(130, 15)
	_, err = l.svc.RecordDecision(l.ctx, ministry, r.ID, service.DecisionInput{Number: "1789/QĐ-BNNMT",
		Date: l.now.Format("02/01/2006"), Signer: "Bộ trưởng Bộ Nông nghiệp và Môi trường"})
	if err != nil {
		return err
	}
	return l.svc.DB.MarkNotificationsRead(l.ctx, ministry.ID)
}

// score has the chair open scoring, submit a sheet on each dossier with
// the stars finishedStars gives its product, and close.
func (l *loader) score(chair *ocop.User, r *ocop.EvalRound, ds []*ocop.Dossier) error {
	if _, err := l.svc.OpenScoring(l.ctx, chair, r.ID); err != nil {
		return err
	}
	for _, d := range ds {
		card, err := service.DossierCard(d)
		if err != nil {
			return err
		}
		stars := 0
		for name, p := range l.products {
			if p.ID == d.ProductID {
				stars = finishedStars[name]
			}
		}
		sheet := SheetFor(card, stars)
		if _, err := l.svc.SaveScoreSheet(l.ctx, chair, r.ID, d.ID, service.SheetInput{Sheet: sheet, Submit: true}); err != nil {
			return err
		}
	}
	_, err := l.svc.CloseScoring(l.ctx, chair, r.ID)
	return err
}

// dossierOf finds the demo dossier of a product by its name.
func (l *loader) dossierOf(product string) *ocop.Dossier {
	p := l.products[product]
	if p == nil {
		return nil
	}
	list, _, err := l.svc.DB.Dossiers(l.ctx, store.DossierFilter{Scope: ocop.Country, ProducerID: p.ProducerID, Limit: 100})
	if err != nil {
		return nil
	}
	for _, row := range list {
		if row.ProductID == p.ID {
			return row.Dossier
		}
	}
	return nil
}

// seat records a round's council with the demo chair present.
func (l *loader) seat(r *ocop.EvalRound, decisionNo string, on time.Time) error {
	return l.seatBy(l.users["vanphong.sonla"], l.users["hoidong.sonla"], r, decisionNo, on, "Phó Chủ tịch UBND tỉnh Sơn La")
}

// seatBy records a round's council, established by signer's decision,
// with its chair present.
func (l *loader) seatBy(office, chair *ocop.User, r *ocop.EvalRound, decisionNo string, on time.Time, signer string) error {
	_, err := l.svc.SaveCouncil(l.ctx, office, r.ID, ocop.CouncilBoard, service.CouncilInput{DecisionNo: decisionNo,
		DecisionDate: on.Format("02/01/2006"), Signer: signer, RequireChair: true})
	if err != nil {
		return err
	}
	_, err = l.svc.AddCouncilMember(l.ctx, office, r.ID, ocop.CouncilBoard,
		service.MemberInput{UserID: chair.ID, Position: "chair", Department: "nnmt"})
	if err != nil {
		return err
	}
	return l.svc.SetMemberPresent(l.ctx, office, r.ID, ocop.CouncilBoard, chair.ID, true)
}

// VerifyCodes are the verification codes of the certificates the demo's
// finished round issued, for the start-up banner.
func VerifyCodes(ctx context.Context, db *store.DB) ([]string, error) {
	list, _, err := db.PublicCertificates(ctx, store.PublicCertificateFilter{Province: SonLa, Limit: 100})
	var codes []string
	for _, c := range list {
		if c.Source == ocop.CertRound {
			codes = append(codes, c.Code)
		}
	}
	return codes, err
}
