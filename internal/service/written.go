package service

import (
	"context"
	"fmt"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// Written-opinion mode (issue #5 item 4, QĐ 26/2026 Điều 7.6): a council
// whose rules allow it decides re-rating dossiers by written opinions,
// meeting only when the opinions differ. A round holding re-rating
// dossiers only may then open scoring without the presence quorum; each
// submitted sheet is a member's written opinion. When the opinions'
// spread exceeds the council's tolerance, the chair is told a meeting is
// needed ("cần họp trực tiếp") and the results say so.

// writtenRound reports whether the round's council decides by written
// opinions: the setting is on and every dossier of the round is a
// re-rating dossier.
func (s *Service) writtenRound(ctx context.Context, mr *MemberRound) (bool, error) {
	if !mr.Council.WrittenOpinion || len(mr.Council.Members) == 0 {
		return false, nil
	}
	rows, _, err := s.DB.Dossiers(ctx, store.DossierFilter{Scope: mr.Round.Scope(), Round: mr.Round.ID, Limit: 500})
	if err != nil || len(rows) == 0 {
		return false, err
	}
	for _, d := range rows {
		if d.Kind != ocop.DossierRerating {
			return false, nil
		}
	}
	return true, nil
}

// writtenOpinion reports whether a dossier is decided by written opinions
// in its council.
func writtenOpinion(cv *CouncilView, d *ocop.Dossier) bool {
	return cv.WrittenOpinion && d.Kind == ocop.DossierRerating
}

// opinionsDiffer reports whether the members' submitted sheets on a
// dossier are further apart than the council's tolerance.
func (s *Service) opinionsDiffer(ctx context.Context, r *ocop.EvalRound, cv *CouncilView, d *ocop.Dossier) (bool, error) {
	dr, err := s.dossierResult(ctx, r, cv, store.DossierRow{Dossier: d})
	if err != nil || dr.Result == nil {
		return false, err
	}
	return dr.Result.NeedsRescoring, nil
}

// tellChairIfDiffer notifies the council's chair when a submitted written
// opinion made the opinions on a re-rating dossier differ beyond the
// tolerance (it did not before).
func (s *Service) tellChairIfDiffer(ctx context.Context, u *ocop.User, mr *MemberRound, d *ocop.Dossier, before bool) error {
	after, err := s.opinionsDiffer(ctx, mr.Round, mr.Council, d)
	if err != nil || before || !after {
		return err
	}
	var chair []int64
	for _, m := range mr.Council.Members {
		if m.Position == "chair" {
			chair = append(chair, m.UserID)
		}
	}
	n := s.notice(fmt.Sprintf("/hoi-dong/%d", mr.Round.ID), i18n.T("notify.written_differ", d.ID, mr.Round.Name()))
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		if err := tx.Audit(ctx, "council.meeting_needed", "round", mr.Round.ID, mr.Round.ProvinceCode, nil,
			map[string]any{"dossier_id": d.ID}); err != nil {
			return err
		}
		return tx.Notify(ctx, chair, n)
	})
}
