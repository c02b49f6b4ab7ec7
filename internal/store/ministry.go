package store

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
)

// CreateMinistryProposal records the province's letter proposing a
// dossier to the Ministry for 5★; a second letter is a conflict.
func (tx *Tx) CreateMinistryProposal(ctx context.Context, p *ocop.MinistryProposal) error {
	p.SentAt = tx.now
	if _, err := tx.exec(ctx, `INSERT INTO ministry_proposals (dossier_id, province_code, letter_no, letter_date, signer,
		sent_by, sent_at) VALUES ($1,$2,$3,$4,$5,$6,$7)`, p.DossierID, p.ProvinceCode, p.LetterNo, p.LetterDate, p.Signer,
		p.SentBy, p.SentAt); err != nil {
		return err
	}
	return tx.Audit(ctx, "dossier.ministry_propose", "dossier", p.DossierID, p.ProvinceCode, nil, p)
}

// MinistryProposal returns the letter proposing a dossier for 5★.
func (db *DB) MinistryProposal(ctx context.Context, dossierID int64) (*ocop.MinistryProposal, error) {
	var p ocop.MinistryProposal
	err := db.sql.QueryRowContext(ctx, `SELECT dossier_id, province_code, letter_no, letter_date, signer, sent_by, sent_at
		FROM ministry_proposals WHERE dossier_id = $1`, dossierID).Scan(&p.DossierID, &p.ProvinceCode, &p.LetterNo,
		&p.LetterDate, &p.Signer, &p.SentBy, &p.SentAt)
	if err != nil {
		return nil, mapErr(err)
	}
	return &p, nil
}

// CentralOutcome is what the Ministry's decision said of one dossier.
type CentralOutcome struct {
	DossierRow
	Total float64
	Stars int
}

// CentralOutcomes lists a province's dossiers the Ministry's decision on
// a round left below 5★ (outcome province): the province may recognise
// them 3★/4★ from that result.
func (db *DB) CentralOutcomes(ctx context.Context, roundID int64, province string) ([]CentralOutcome, error) {
	rows, _, err := db.Dossiers(ctx, DossierFilter{Scope: ocop.ProvinceScope(province), Round: roundID, Limit: 500})
	if err != nil {
		return nil, err
	}
	dec, err := db.Decision(ctx, roundID, ocop.DecisionRound, "")
	if err != nil {
		return nil, err
	}
	var out []CentralOutcome
	for _, row := range rows {
		for _, o := range dec.Outcomes {
			if o.DossierID == row.ID && o.Outcome == ocop.OutcomeProvince {
				out = append(out, CentralOutcome{DossierRow: row, Total: o.Total, Stars: o.Stars})
			}
		}
	}
	return out, nil
}
