package store

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
)

// newestProposals is each dossier's newest letter to the Ministry.
const newestProposals = `(SELECT * FROM ministry_proposals mp WHERE mp.n =
	(SELECT MAX(n) FROM ministry_proposals x WHERE x.dossier_id = mp.dossier_id)) np`

// CreateMinistryProposal records the province's letter proposing a
// dossier to the Ministry for 5★; a letter with the same number n for the
// dossier is a conflict.
func (tx *Tx) CreateMinistryProposal(ctx context.Context, p *ocop.MinistryProposal) error {
	p.SentAt = tx.now
	if _, err := tx.exec(ctx, `INSERT INTO ministry_proposals (dossier_id, n, province_code, letter_no, letter_date, signer,
		sent_by, sent_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`, p.DossierID, p.N, p.ProvinceCode, p.LetterNo, p.LetterDate,
		p.Signer, p.SentBy, p.SentAt); err != nil {
		return err
	}
	return tx.Audit(ctx, "dossier.ministry_propose", "dossier", p.DossierID, p.ProvinceCode, nil, p)
}

// MinistryProposals lists a dossier's letters proposing it for 5★,
// newest first.
func (db *DB) MinistryProposals(ctx context.Context, dossierID int64) ([]*ocop.MinistryProposal, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT dossier_id, n, province_code, letter_no, letter_date, signer, sent_by,
		sent_at FROM ministry_proposals WHERE dossier_id = $1 ORDER BY n DESC`, dossierID)
	return collect(rows, err, func(sc interface{ Scan(...any) error }) (*ocop.MinistryProposal, error) {
		var p ocop.MinistryProposal
		err := sc.Scan(&p.DossierID, &p.N, &p.ProvinceCode, &p.LetterNo, &p.LetterDate, &p.Signer, &p.SentBy, &p.SentAt)
		return &p, err
	})
}

// MinistryProposal returns the newest letter proposing a dossier for 5★.
func (db *DB) MinistryProposal(ctx context.Context, dossierID int64) (*ocop.MinistryProposal, error) {
	list, err := db.MinistryProposals(ctx, dossierID)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, ocop.ErrNotFound()
	}
	return list[0], nil
}

const additionsColumns = `id, dossier_id, round_id, province_code, letter_no, letter_date, content, working_days,
	due_on, status, requested_by, created_at, updated_at, version`

func scanAdditions(sc interface{ Scan(...any) error }) (*ocop.MinistryAdditions, error) {
	var a ocop.MinistryAdditions
	err := sc.Scan(&a.ID, &a.DossierID, &a.RoundID, &a.ProvinceCode, &a.LetterNo, &a.LetterDate, &a.Content,
		&a.WorkingDays, &a.DueOn, &a.Status, &a.RequestedBy, &a.CreatedAt, &a.UpdatedAt, &a.Version)
	if err != nil {
		return nil, mapErr(err)
	}
	return &a, nil
}

// CreateMinistryAdditions records the Ministry's request for additions;
// a second request open on the dossier is a conflict (the partial unique
// index holds one).
func (tx *Tx) CreateMinistryAdditions(ctx context.Context, a *ocop.MinistryAdditions) error {
	a.CreatedAt, a.UpdatedAt, a.Version = tx.now, tx.now, 1
	id, err := tx.insertID(ctx, `INSERT INTO ministry_additions (dossier_id, round_id, province_code, letter_no,
		letter_date, content, working_days, due_on, status, requested_by, created_at, updated_at, version)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,1)`, a.DossierID, a.RoundID, a.ProvinceCode, a.LetterNo,
		a.LetterDate, a.Content, a.WorkingDays, a.DueOn, a.Status, a.RequestedBy, tx.now, tx.now)
	if err != nil {
		return err
	}
	a.ID = id
	return tx.Audit(ctx, "ministry_additions.create", "ministry_additions", id, a.ProvinceCode, nil, a)
}

// SetAdditionsStatus moves a request on if unchanged since a.Version.
func (tx *Tx) SetAdditionsStatus(ctx context.Context, a *ocop.MinistryAdditions, status string) error {
	before := *a
	if err := expectOne(tx.exec(ctx, `UPDATE ministry_additions SET status = $1, updated_at = $2, version = version + 1
		WHERE id = $3 AND version = $4`, status, tx.now, a.ID, a.Version)); err != nil {
		return err
	}
	a.Status, a.UpdatedAt, a.Version = status, tx.now, a.Version+1
	return tx.Audit(ctx, "ministry_additions."+status, "ministry_additions", a.ID, a.ProvinceCode, &before, a)
}

// MinistryAdditionsOf lists a dossier's requests for additions, newest
// first.
func (db *DB) MinistryAdditionsOf(ctx context.Context, dossierID int64) ([]*ocop.MinistryAdditions, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+additionsColumns+` FROM ministry_additions WHERE dossier_id = $1
		ORDER BY id DESC`, dossierID)
	return collect(rows, err, scanAdditions)
}

// OpenAdditions maps each of the dossiers with a request for additions
// not closed to that request (a list's steps without a query per row).
func (db *DB) OpenAdditions(ctx context.Context, ids []int64) (map[int64]*ocop.MinistryAdditions, error) {
	w := &where{}
	inValues(w, "dossier_id", ids)
	rows, err := db.sql.QueryContext(ctx, `SELECT `+additionsColumns+` FROM ministry_additions`+w.sql()+
		` AND status <> 'closed'`, w.args...)
	list, err := collect(rows, err, scanAdditions)
	out := map[int64]*ocop.MinistryAdditions{}
	for _, a := range list {
		out[a.DossierID] = a
	}
	return out, err
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
