package service

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// The Ministry reads the provincial papers of a dossier proposed to it
// (issue #5 item 5, QĐ 26/2026 Điều 6.3): the 5★ dossier the province
// sends holds its advisory team's report, its council's report and the
// result. So the provincial round's summary, minutes and advisory review,
// and the proposed dossier's score sheets, are readable by the Ministry's
// office and its council and advisory members, read-only; a dossier never
// proposed stays as unseen as before.

// nationalReader reports whether u reads rounds for the Ministry.
func nationalReader(u *ocop.User) bool {
	return u != nil && u.Scope.Level == ocop.LevelCountry &&
		(u.Can(ocop.PermRoundManage) || u.Can(ocop.PermCouncilScore) || u.Can(ocop.PermAdvisoryReview))
}

// ministryReads loads a decided provincial round for a national reader
// when a dossier proposed to the Ministry is in it (dossierID, or any
// when 0). ok is false when the rule does not apply (another reader, a
// round of the Ministry): the caller's own checks decide then.
func (s *Service) ministryReads(ctx context.Context, u *ocop.User, roundID, dossierID int64) (r *ocop.EvalRound, ok bool, err error) {
	if !nationalReader(u) {
		return nil, false, nil
	}
	if r, err = s.DB.RoundByID(ctx, roundID); err != nil || r.Level != ocop.RoundProvince {
		return nil, false, err
	}
	f := store.DossierFilter{Scope: r.Scope(), Round: r.ID, Proposed: true, Limit: 1}
	_, n, err := s.DB.Dossiers(ctx, f)
	if err != nil {
		return nil, true, err
	}
	if n == 0 || r.Status != ocop.RoundDecided {
		return nil, true, ocop.ErrNotFound()
	}
	if dossierID != 0 {
		if _, err := s.proposedIn(ctx, r, dossierID); err != nil {
			return nil, true, err
		}
	}
	return r, true, nil
}

// proposedIn loads a dossier of the round proposed to the Ministry; any
// other is not found.
func (s *Service) proposedIn(ctx context.Context, r *ocop.EvalRound, dossierID int64) (*ocop.Dossier, error) {
	d, err := s.roundDossier(ctx, r, dossierID)
	if err != nil {
		return nil, err
	}
	if _, err := s.DB.MinistryProposal(ctx, d.ID); err != nil {
		return nil, err
	}
	return d, nil
}

// ProvincialPapers is what the Ministry reads of a proposed dossier's
// provincial round: the round, its council (whose members' sheets it may
// print) and whether the advisory team reported.
type ProvincialPapers struct {
	Round    *ocop.EvalRound      `json:"round"`
	Council  *CouncilView         `json:"council"`
	Report   *ocop.AdvisoryReport `json:"advisory_report"`
	Proposal *ocop.MinistryProposal
}

// ProvincialPapersOf finds the decided provincial round a dossier came
// to the Ministry from, for a national reader; nil when there is nothing
// for the user to read there (not national, not proposed).
func (s *Service) ProvincialPapersOf(ctx context.Context, u *ocop.User, dossierID int64) (*ProvincialPapers, error) {
	if _, err := s.Dossier(ctx, u, dossierID); err != nil || !nationalReader(u) {
		return nil, err
	}
	roundID, err := s.DB.ProvincialRoundOf(ctx, dossierID)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	r, _, err := s.ministryReads(ctx, u, roundID, dossierID)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	pp := &ProvincialPapers{Round: r}
	if pp.Council, err = s.council(ctx, r, ocop.CouncilBoard); err != nil {
		return nil, err
	}
	if pp.Proposal, err = s.DB.MinistryProposal(ctx, dossierID); err != nil {
		return nil, err
	}
	pp.Report, err = s.reportOf(ctx, r.ID)
	return pp, err
}
