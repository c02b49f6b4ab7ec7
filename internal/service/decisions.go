package service

import (
	"context"
	"fmt"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/secret"
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
	return s.decisionWithCerts(ctx, r.ID, ocop.DecisionRound, r.ProvinceCode)
}

// decisionWithCerts reads a decision with the certificates it issued.
func (s *Service) decisionWithCerts(ctx context.Context, roundID int64, kind, province string) (*ocop.Decision, error) {
	dec, err := s.DB.Decision(ctx, roundID, kind, province)
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
	leaves  *ocop.EvalRound // set when the dossier leaves this round undecided
}

// RecordDecision records the recognition decision of a closed round, in
// one transaction: the round is decided. For a provincial round (the
// Chairman's, QĐ 26/2026 Điều 7 bước 3e) each dossier of 3★/4★ gets a
// certificate from the decision's date for 36 months (replacing the
// product's earlier one), its product the stars; 1★/2★ get neither (Điều
// 4); 90 points or more go to the Ministry for 5★. For a Ministry round
// (the Minister's, bước 4) 5★ is certified and the rest goes back to the
// province, which may recognise 3★/4★ from the result. Producers and
// communes are told.
func (s *Service) RecordDecision(ctx context.Context, u *ocop.User, roundID int64, in DecisionInput) (*ocop.Decision, error) {
	r, err := s.Round(ctx, u, roundID)
	if err != nil {
		return nil, err
	}
	if r.Status != ocop.RoundClosed {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.decision_round_not_closed")
	}
	dec, err := decisionFrom(r.ID, ocop.DecisionRound, r.ProvinceCode, in)
	if err != nil {
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
		return s.applyAll(ctx, tx, dec, list)
	})
	if err != nil {
		return nil, err
	}
	return dec, nil
}

// decisionFrom validates a decision's form.
func decisionFrom(roundID int64, kind, province string, in DecisionInput) (*ocop.Decision, error) {
	dec := &ocop.Decision{RoundID: roundID, Kind: kind, ProvinceCode: province, Number: clean(in.Number),
		Signer: clean(in.Signer)}
	v := ocop.Validation{}
	checkRequired(v, "number", dec.Number, 100)
	checkRequired(v, "signer", dec.Signer, 200)
	dec.Date = requiredDate(v, "decision_date", in.Date)
	return dec, v.Err()
}

// applyAll writes every outcome of a decision, then the decision.
func (s *Service) applyAll(ctx context.Context, tx *store.Tx, dec *ocop.Decision, list []*decided) error {
	for _, d := range list {
		if err := s.apply(ctx, tx, d); err != nil {
			return err
		}
	}
	return tx.CreateDecision(ctx, dec)
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
	var out []*decided
	n := 0 // certificates numbered in the decision's order
	for _, res := range results {
		if res.AwaitsAdditions() {
			// Awaiting additions: not decided now, it leaves the round and
			// joins a later one once the province accepts it again.
			out = append(out, &decided{row: res.DossierRow, leaves: r})
			continue
		}
		switch {
		case res.Result == nil:
			return nil, ocop.Errorf(ocop.ECONFLICT, "err.decision_unscored").With(res.ProductName)
		case res.Result.NeedsRescoring:
			return nil, ocop.Errorf(ocop.ECONFLICT, "err.decision_spread").With(res.ProductName)
		}
		o := &ocop.Outcome{DossierID: res.ID, Total: res.Result.Total, Stars: res.Result.Stars, Outcome: OutcomeOf(r, res.Result)}
		d, err := s.decide(ctx, u, res.DossierRow, o, dec, r.Level, n, codes)
		if err != nil {
			return nil, err
		}
		if d.cert != nil {
			n++
		}
		dec.Outcomes = append(dec.Outcomes, o)
		out = append(out, d)
	}
	return out, nil
}

// decide prepares what a decision does with one dossier: a certified one
// gets the decision's certificate number i+1, at the level that issues
// it, replacing the product's running certificates.
func (s *Service) decide(ctx context.Context, u *ocop.User, row store.DossierRow, o *ocop.Outcome, dec *ocop.Decision,
	level string, i int, codes *secret.Codes) (*decided, error) {
	d := &decided{row: row, outcome: o}
	if o.Outcome != ocop.OutcomeCertified {
		return d, nil
	}
	var err error
	if d.product, err = s.Product(ctx, u, row.ProductID); err != nil {
		return nil, err
	}
	issued, _ := time.Parse(time.DateOnly, dec.Date)
	d.cert = &ocop.Certificate{Number: fmt.Sprintf("%s-%02d", dec.Number, i+1), ProductID: row.ProductID,
		ProducerID: row.ProducerID, ProvinceCode: row.ProvinceCode, CommuneCode: row.CommuneCode, Stars: o.Stars,
		Level: level, DecisionNo: dec.Number, DecisionDate: dec.Date, Signer: dec.Signer, IssuedOn: dec.Date,
		ExpiresOn: ocop.DefaultExpiry(issued).Format(time.DateOnly), Status: ocop.CertValid, Source: ocop.CertRound,
		Code: codes.New()}
	d.ends, err = s.replaced(ctx, row.ProductID, dec.Date)
	return d, err
}

// OutcomeOf is what a decision on the round makes of a council's result:
// a provincial round sends 90 points or more to the Ministry and
// certifies 3★/4★; 1★/2★ get nothing (QĐ 26/2026 Điều 4, 7). The
// Ministry certifies 5★ and leaves the rest to the province (bước 4).
func OutcomeOf(r *ocop.EvalRound, res *rulebook.CouncilResult) string {
	switch {
	case res == nil:
		return ""
	case r.Level == ocop.RoundMinistry && res.Stars < 5:
		return ocop.OutcomeProvince
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
	if d.leaves != nil {
		return tx.RemoveRoundDossier(ctx, d.leaves, d.row.Dossier)
	}
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
	next.Status = map[string]string{ocop.OutcomeMinistry: ocop.DossierMinistry,
		ocop.OutcomeProvince: ocop.DossierCentral}[d.outcome.Outcome]
	if next.Status == "" {
		next.Status = ocop.DossierDecided
	}
	if err := tx.UpdateDossier(ctx, d.row.Dossier, &next, "dossier.decide"); err != nil {
		return err
	}
	return s.notifyMove(ctx, tx, &next)
}
