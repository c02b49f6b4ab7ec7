package demo

import (
	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// round opens the provincial round the accepted dossiers can reach, puts
// them in it and seats the demo council member as the council's chair,
// present, so the demo can open scoring and score, and the demo advisory
// member as the lead of its advisory team.
func (l *loader) round() error {
	office := l.users["vanphong.sonla"]
	accepted, _, err := l.svc.Dossiers(l.ctx, office, store.DossierFilter{Status: ocop.DossierAccepted})
	if err != nil || len(accepted) == 0 {
		return err
	}
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
	if err := l.seat(r, "215/QĐ-UBND", l.now); err != nil {
		return err
	}
	// Two more members, present, so a visitor sees recusal, the spread
	// check and re-scoring at work.
	for name, dep := range map[string]string{"uyvien1.sonla": "congthuong", "uyvien2.sonla": "yte"} {
		m := l.users[name]
		if _, err := l.svc.AddCouncilMember(l.ctx, office, r.ID, ocop.CouncilBoard,
			service.MemberInput{UserID: m.ID, Position: "member", Department: dep}); err != nil {
			return err
		}
		if err := l.svc.SetMemberPresent(l.ctx, office, r.ID, ocop.CouncilBoard, m.ID, true); err != nil {
			return err
		}
	}
	return l.advisoryTeam(r, office)
}

// advisoryTeam seats the demo advisory member as lead of the round's
// advisory team, so the demo can review the dossiers before the session.
func (l *loader) advisoryTeam(r *ocop.EvalRound, office *ocop.User) error {
	_, err := l.svc.SaveCouncil(l.ctx, office, r.ID, ocop.CouncilAdvisory, service.CouncilInput{DecisionNo: "216/QĐ-UBND",
		DecisionDate: l.now.Format("02/01/2006"), Signer: "Phó Chủ tịch UBND tỉnh Sơn La"})
	if err != nil {
		return err
	}
	_, err = l.svc.AddCouncilMember(l.ctx, office, r.ID, ocop.CouncilAdvisory,
		service.MemberInput{UserID: l.users["totuvan.sonla"].ID, Position: "chair", Department: "nnmt"})
	return err
}
