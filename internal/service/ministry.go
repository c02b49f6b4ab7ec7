package service

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// ProposalInput is the province's letter proposing a dossier for 5★; the
// JSON names are the API's.
type ProposalInput struct {
	LetterNo   string `json:"letter_no"`
	LetterDate string `json:"letter_date"` // dd/mm/yyyy
	Signer     string `json:"signer"`
}

// ProposeToMinistry records the province's letter sending a dossier of 90
// points or more to the Ministry for 5★ (QĐ 26/2026 Điều 6.3, 7 bước 3e).
// The letter's date places the dossier in a Ministry round's window
// (Điều 5.2). A dossier is proposed once per provincial result: again
// after the Ministry's additions, or after a new provincial round decided
// it 90+ again; a duplicate letter is a conflict. The Ministry's office is
// told.
func (s *Service) ProposeToMinistry(ctx context.Context, u *ocop.User, dossierID int64, in ProposalInput) (*ocop.MinistryProposal, error) {
	if err := require(u, ocop.PermFiveStar); err != nil {
		return nil, err
	}
	d, err := s.Dossier(ctx, u, dossierID)
	if err != nil {
		return nil, err
	}
	if u.Scope.Level != ocop.LevelProvince { // the Ministry reads the letter, the province writes it
		return nil, ocop.ErrNotFound()
	}
	p := &ocop.MinistryProposal{DossierID: d.ID, N: 1, ProvinceCode: d.ProvinceCode, LetterNo: clean(in.LetterNo),
		Signer: clean(in.Signer), SentBy: u.ID}
	var a *ocop.MinistryAdditions // the Ministry's request the letter answers
	switch d.Status {
	case ocop.DossierMinistry:
		if p.N, err = s.nextLetter(ctx, d); err != nil {
			return nil, err
		}
	case ocop.DossierAdditions:
		if a, p.N, err = s.reproposal(ctx, d); err != nil {
			return nil, err
		}
	default:
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.proposal_status")
	}
	v := ocop.Validation{}
	checkRequired(v, "letter_no", p.LetterNo, 100)
	checkRequired(v, "signer", p.Signer, 200)
	p.LetterDate = requiredDate(v, "letter_date", in.LetterDate)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var leaves *ocop.EvalRound
	if a != nil {
		if leaves, err = s.leaving(ctx, a, d, p.LetterDate); err != nil {
			return nil, err
		}
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		if err := tx.CreateMinistryProposal(ctx, p); err != nil {
			return err
		}
		if a != nil {
			if err := backToMinistry(ctx, tx, a, d, leaves); err != nil {
				return err
			}
		}
		return s.notifyMinistry(ctx, tx, d)
	})
	if ocop.ErrorCode(err) == ocop.ECONFLICT {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.proposal_exists")
	}
	return p, err
}

// nextLetter numbers a letter proposing a dossier at the Ministry's
// hands: the first, or the next when a provincial round decided the
// dossier after its newest letter (a central dossier evaluated again,
// QĐ 26/2026 Điều 7 bước 4); otherwise the letter exists already.
func (s *Service) nextLetter(ctx context.Context, d *ocop.Dossier) (int, error) {
	p, err := s.DB.MinistryProposal(ctx, d.ID)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		return 1, nil
	} else if err != nil {
		return 0, err
	}
	exists := ocop.Errorf(ocop.ECONFLICT, "err.proposal_exists")
	roundID, err := s.DB.ProvincialRoundOf(ctx, d.ID)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		return 0, exists // no provincial result on the platform to propose it again from
	} else if err != nil {
		return 0, err
	}
	dec, err := s.DB.Decision(ctx, roundID, ocop.DecisionRound, d.ProvinceCode)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		return 0, exists
	} else if err != nil {
		return 0, err
	}
	if !dec.CreatedAt.After(p.SentAt) {
		return 0, exists
	}
	return p.N + 1, nil
}

// CanPropose reports whether the province may write a letter proposing
// the dossier to the Ministry now.
func (s *Service) CanPropose(ctx context.Context, d *ocop.Dossier) (bool, error) {
	if d.Status != ocop.DossierMinistry {
		return false, nil
	}
	_, err := s.nextLetter(ctx, d)
	if ocop.ErrorCode(err) == ocop.ECONFLICT {
		return false, nil
	}
	return err == nil, err
}

// MinistryProposals lists a dossier's letters to the Ministry, newest
// first, to whoever may see the dossier.
func (s *Service) MinistryProposals(ctx context.Context, u *ocop.User, dossierID int64) ([]*ocop.MinistryProposal, error) {
	if _, err := s.Dossier(ctx, u, dossierID); err != nil {
		return nil, err
	}
	list, err := s.DB.MinistryProposals(ctx, dossierID)
	return nonNilOf(list), err
}

// MinistryProposal returns the newest letter that proposed a dossier for
// 5★, to whoever may see the dossier; nil when there is none.
func (s *Service) MinistryProposal(ctx context.Context, u *ocop.User, dossierID int64) (*ocop.MinistryProposal, error) {
	if _, err := s.Dossier(ctx, u, dossierID); err != nil {
		return nil, err
	}
	p, err := s.DB.MinistryProposal(ctx, dossierID)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		return nil, nil
	}
	return p, err
}

// CentralResult is what a decided Ministry round left to one province:
// its dossiers below 5★ with the central council's result, and the
// province's decision on them once taken.
type CentralResult struct {
	Round    *ocop.EvalRound
	Dossiers []store.CentralOutcome
	Decision *ocop.Decision // nil until the province decides
}

// centralRound loads a decided Ministry round for a province's office.
func (s *Service) centralRound(ctx context.Context, u *ocop.User, roundID int64) (*ocop.EvalRound, error) {
	if err := require(u, ocop.PermFiveStar); err != nil {
		return nil, err
	}
	r, err := s.DB.RoundByID(ctx, roundID)
	if err != nil {
		return nil, err
	}
	if u.Scope.Level != ocop.LevelProvince || r.Level != ocop.RoundMinistry || r.Status != ocop.RoundDecided {
		return nil, ocop.ErrNotFound()
	}
	return r, nil
}

// CentralResults lists the decided Ministry rounds that left dossiers of
// the officer's province below 5★, newest first.
func (s *Service) CentralResults(ctx context.Context, u *ocop.User) ([]*CentralResult, error) {
	if err := require(u, ocop.PermFiveStar); err != nil {
		return nil, err
	}
	out := []*CentralResult{}
	if u.Scope.Level != ocop.LevelProvince {
		return out, nil
	}
	rounds, err := s.DB.Rounds(ctx, ocop.Country, ocop.RoundMinistry)
	if err != nil {
		return nil, err
	}
	for _, rr := range rounds {
		if rr.Status != ocop.RoundDecided {
			continue
		}
		cr, err := s.CentralResult(ctx, u, rr.ID)
		if err != nil {
			return nil, err
		}
		if len(cr.Dossiers) > 0 {
			out = append(out, cr)
		}
	}
	return out, nil
}

// CentralResult is one decided Ministry round's result for the officer's
// province.
func (s *Service) CentralResult(ctx context.Context, u *ocop.User, roundID int64) (*CentralResult, error) {
	r, err := s.centralRound(ctx, u, roundID)
	if err != nil {
		return nil, err
	}
	cr := &CentralResult{Round: r}
	if cr.Dossiers, err = s.DB.CentralOutcomes(ctx, r.ID, u.Scope.Province); err != nil {
		return nil, err
	}
	cr.Decision, err = s.decisionWithCerts(ctx, r.ID, ocop.DecisionCentral, u.Scope.Province)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	return cr, s.keepUndecided(ctx, cr)
}

// keepUndecided leaves out of a central result the dossiers the province
// put into a new provincial round instead of deciding from it (or that
// round decided since): the decision lists only what it decided.
func (s *Service) keepUndecided(ctx context.Context, cr *CentralResult) error {
	decided := map[int64]bool{}
	if cr.Decision != nil {
		for _, o := range cr.Decision.Outcomes {
			decided[o.DossierID] = true
		}
	}
	var kept []store.CentralOutcome
	for _, c := range cr.Dossiers {
		again, err := s.DB.InUndecidedRound(ctx, c.ID, ocop.RoundProvince)
		if err != nil {
			return err
		}
		if decided[c.ID] || c.Status == ocop.DossierCentral && !again {
			kept = append(kept, c)
		}
	}
	cr.Dossiers = kept
	return nil
}

// RecordCentralDecision records the Chairman's decision recognising the
// province's dossiers the Ministry left below 5★ from the central
// council's result (QĐ 26/2026 Điều 7 bước 4): 3★/4★ are certified by the
// province for 36 months, 1★/2★ get nothing. Once per round and province,
// in one transaction.
func (s *Service) RecordCentralDecision(ctx context.Context, u *ocop.User, roundID int64, in DecisionInput) (*ocop.Decision, error) {
	cr, err := s.CentralResult(ctx, u, roundID)
	if err != nil {
		return nil, err
	}
	if cr.Decision != nil {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.central_decided")
	}
	if len(cr.Dossiers) == 0 {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.central_empty")
	}
	dec, err := decisionFrom(roundID, ocop.DecisionCentral, u.Scope.Province, in)
	if err != nil {
		return nil, err
	}
	codes, err := s.codes(ctx)
	if err != nil {
		return nil, err
	}
	var list []*decided
	n := 0
	for _, c := range cr.Dossiers {
		o := &ocop.Outcome{DossierID: c.ID, Total: c.Total, Stars: c.Stars, Outcome: ocop.OutcomeNone}
		if c.Stars >= 3 {
			o.Outcome = ocop.OutcomeCertified
		}
		d, err := s.decide(ctx, u, c.DossierRow, o, dec, ocop.RoundProvince, n, codes)
		if err != nil {
			return nil, err
		}
		if d.cert != nil {
			n++
		}
		dec.Outcomes = append(dec.Outcomes, o)
		list = append(list, d)
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return s.applyAll(ctx, tx, dec, list) })
	if ocop.ErrorCode(err) == ocop.ECONFLICT {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.central_decided")
	}
	return dec, err
}
