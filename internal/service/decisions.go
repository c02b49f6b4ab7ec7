package service

import (
	"context"
	"fmt"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/store"
)

// DecisionInput is the recognition decision's form; the JSON names are the API's.
type DecisionInput struct {
	Number string `json:"number"`
	Date   string `json:"decision_date"` // dd/mm/yyyy
	Signer string `json:"signer"`
}

// RoundDecision returns a decided round's decision; nil before it.
func (s *Service) RoundDecision(ctx context.Context, u *ocop.User, roundID int64) (*ocop.Decision, error) {
	r, err := s.Round(ctx, u, roundID)
	if err != nil || r.Status != ocop.RoundDecided {
		return nil, err
	}
	dec, err := s.DB.DecisionOfRound(ctx, r.ID)
	if err != nil {
		return nil, err
	}
	for _, o := range dec.Outcomes {
		if o.CertificateID == 0 {
			continue
		}
		if o.Certificate, err = s.DB.Certificate(ctx, o.CertificateID); err != nil {
			return nil, err
		}
	}
	return dec, nil
}

// decided is one dossier's outcome with what it changes.
type decided struct {
	row     store.DossierRow
	outcome *ocop.Outcome
	cert    *ocop.Certificate   // nil unless certified
	ends    []*ocop.Certificate // the product's certificates the new one replaces
	product *ocop.Product
}

// RecordDecision records the Chairman's recognition decision of a closed
// provincial round (QĐ 26/2026 Điều 7 bước 3e), in one transaction: the
// round is decided; each dossier of 3★/4★ gets a certificate from the
// decision's date for 36 months (replacing the product's earlier one), its
// product the stars; 1★/2★ get neither (Điều 4); 90 points or more go to
// the Ministry for 5★. Producers and communes are told.
func (s *Service) RecordDecision(ctx context.Context, u *ocop.User, roundID int64, in DecisionInput) (*ocop.Decision, error) {
	r, err := s.Round(ctx, u, roundID)
	if err != nil {
		return nil, err
	}
	if r.Status != ocop.RoundClosed {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.decision_round_not_closed")
	}
	dec := &ocop.Decision{RoundID: r.ID, Number: clean(in.Number), Signer: clean(in.Signer)}
	v := ocop.Validation{}
	checkRequired(v, "number", dec.Number, 100)
	checkRequired(v, "signer", dec.Signer, 200)
	dec.Date = requiredDate(v, "decision_date", in.Date)
	if err := v.Err(); err != nil {
		return nil, err
	}
	list, err := s.outcomes(ctx, u, r, dec)
	if err != nil {
		return nil, err
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		if err := tx.SetRoundStatus(ctx, r, ocop.RoundDecided, "round.decide"); err != nil {
			return err
		}
		for _, d := range list {
			if err := s.apply(ctx, tx, d); err != nil {
				return err
			}
		}
		return tx.CreateDecision(ctx, dec, r.ProvinceCode)
	})
	if err != nil {
		return nil, err
	}
	return dec, nil
}

// outcomes reads the council's result of every dossier of the round and
// prepares what the decision does with each.
func (s *Service) outcomes(ctx context.Context, u *ocop.User, r *ocop.EvalRound, dec *ocop.Decision) ([]*decided, error) {
	results, err := s.Results(ctx, u, r.ID)
	if err != nil {
		return nil, err
	}
	codes, err := s.codes(ctx)
	if err != nil {
		return nil, err
	}
	issued, _ := time.Parse(time.DateOnly, dec.Date)
	var out []*decided
	for i, res := range results {
		switch {
		case res.Result == nil:
			return nil, ocop.Errorf(ocop.ECONFLICT, "err.decision_unscored").With(res.ProductName)
		case res.Result.NeedsRescoring:
			return nil, ocop.Errorf(ocop.ECONFLICT, "err.decision_spread").With(res.ProductName)
		}
		o := &ocop.Outcome{DossierID: res.ID, Total: res.Result.Total, Stars: res.Result.Stars, Outcome: OutcomeOf(r, res.Result)}
		d := &decided{row: res.DossierRow, outcome: o}
		if o.Outcome == ocop.OutcomeCertified {
			if d.product, err = s.Product(ctx, u, res.ProductID); err != nil {
				return nil, err
			}
			d.cert = &ocop.Certificate{Number: fmt.Sprintf("%s-%02d", dec.Number, i+1), ProductID: res.ProductID,
				ProducerID: res.ProducerID, ProvinceCode: res.ProvinceCode, CommuneCode: res.CommuneCode, Stars: o.Stars,
				Level: r.Level, DecisionNo: dec.Number, DecisionDate: dec.Date, Signer: dec.Signer, IssuedOn: dec.Date,
				ExpiresOn: ocop.DefaultExpiry(issued).Format(time.DateOnly), Status: ocop.CertValid, Source: ocop.CertRound,
				Code: codes.New()}
			if d.ends, err = s.replaced(ctx, res.ProductID, dec.Date); err != nil {
				return nil, err
			}
		}
		dec.Outcomes = append(dec.Outcomes, o)
		out = append(out, d)
	}
	return out, nil
}

// OutcomeOf is what a decision on the round makes of a council's result:
// a provincial round sends 90 points or more to the Ministry and
// certifies 3★/4★; 1★/2★ get nothing (QĐ 26/2026 Điều 4, 7).
func OutcomeOf(r *ocop.EvalRound, res *rulebook.CouncilResult) string {
	switch {
	case res == nil:
		return ""
	case r.Level == ocop.RoundProvince && res.Total >= ocop.FiveStarTotal:
		return ocop.OutcomeMinistry
	case res.Stars >= 3:
		return ocop.OutcomeCertified
	}
	return ocop.OutcomeNone
}

// replaced lists a product's valid certificates still running on the day
// a new one is issued: a re-rating or an upgrade ends them.
func (s *Service) replaced(ctx context.Context, productID int64, issuedOn string) ([]*ocop.Certificate, error) {
	certs, err := s.DB.CertificatesOf(ctx, productID)
	var out []*ocop.Certificate
	for _, c := range certs {
		if c.Status == ocop.CertValid && c.ExpiresOn >= issuedOn {
			out = append(out, c)
		}
	}
	return out, err
}

// apply writes one dossier's outcome inside the decision's transaction.
func (s *Service) apply(ctx context.Context, tx *store.Tx, d *decided) error {
	if d.cert != nil {
		issued, _ := time.Parse(time.DateOnly, d.cert.IssuedOn)
		for _, old := range d.ends {
			last := max(issued.AddDate(0, 0, -1).Format(time.DateOnly), old.IssuedOn)
			if err := tx.EndCertificate(ctx, old, last); err != nil {
				return err
			}
		}
		if err := tx.CreateCertificate(ctx, d.cert); err != nil {
			return err
		}
		d.outcome.CertificateID, d.outcome.Certificate = d.cert.ID, d.cert
		if err := tx.SetProductStars(ctx, d.product, d.cert.Stars); err != nil {
			return err
		}
	}
	next := *d.row.Dossier
	next.Status = ocop.DossierDecided
	if d.outcome.Outcome == ocop.OutcomeMinistry {
		next.Status = ocop.DossierMinistry
	}
	if err := tx.UpdateDossier(ctx, d.row.Dossier, &next, "dossier.decide"); err != nil {
		return err
	}
	return s.notifyMove(ctx, tx, &next)
}
