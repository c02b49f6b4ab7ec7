package demo

import (
	"context"
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
}

var finishedSteps = []step{{183, 9, "fill", ""}, {182, 10, "submit", ""}, {181, 8, "receive", ""}, {178, 14, "report", ""},
	{177, 9, "forward", ""}, {174, 10, "accept", ""}}

// finishedStars is the council's verdict on each finished dossier.
var finishedStars = map[string]int{"Nước ép xoài Yên Châu": 4, "Mứt mận hậu Mộc Châu": 3, "Xoài xanh ngâm Yên Châu": 1}

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
	if _, err := l.svc.OpenScoring(l.ctx, chair, r.ID); err != nil {
		return err
	}
	for _, d := range accepted {
		card, err := service.DossierCard(d.Dossier)
		if err != nil {
			return err
		}
		sheet := SheetFor(card, finishedStars[d.ProductName])
		_, err = l.svc.SaveScoreSheet(l.ctx, chair, r.ID, d.ID, service.SheetInput{Sheet: sheet, Submit: true})
		if err != nil {
			return err
		}
	}
	if _, err := l.svc.CloseScoring(l.ctx, chair, r.ID); err != nil {
		return err
	}
	l.now = l.dayAt(160, 15)
	_, err = l.svc.RecordDecision(l.ctx, office, r.ID, service.DecisionInput{Number: "845/QĐ-UBND",
		Date: l.now.Format("02/01/2006"), Signer: "Chủ tịch UBND tỉnh Sơn La"})
	if err != nil {
		return err
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

// seat records a round's council with the demo chair present.
func (l *loader) seat(r *ocop.EvalRound, decisionNo string, on time.Time) error {
	office, chair := l.users["vanphong.sonla"], l.users["hoidong.sonla"]
	_, err := l.svc.SaveCouncil(l.ctx, office, r.ID, ocop.CouncilBoard, service.CouncilInput{DecisionNo: decisionNo,
		DecisionDate: on.Format("02/01/2006"), Signer: "Phó Chủ tịch UBND tỉnh Sơn La", RequireChair: true})
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
