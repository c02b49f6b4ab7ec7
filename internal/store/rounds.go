package store

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
)

const roundColumns = `id, level, province_code, year, number, kind, title, forwarded_from, forwarded_to, decide_by,
	status, created_at, updated_at, version`

func scanRound(sc interface{ Scan(...any) error }) (*ocop.EvalRound, error) {
	var r ocop.EvalRound
	err := sc.Scan(&r.ID, &r.Level, &r.ProvinceCode, &r.Year, &r.Number, &r.Kind, &r.Title, &r.ForwardedFrom,
		&r.ForwardedTo, &r.DecideBy, &r.Status, &r.CreatedAt, &r.UpdatedAt, &r.Version)
	if err != nil {
		return nil, mapErr(err)
	}
	return &r, nil
}

func roundAudit(r *ocop.EvalRound) map[string]any {
	return map[string]any{"level": r.Level, "year": r.Year, "number": r.Number, "kind": r.Kind, "title": r.Title,
		"forwarded_from": r.ForwardedFrom, "forwarded_to": r.ForwardedTo, "decide_by": r.DecideBy, "status": r.Status}
}

// CreateRound opens an evaluation round; a second round with the same
// level, province, year, kind and number is a conflict.
func (tx *Tx) CreateRound(ctx context.Context, r *ocop.EvalRound) error {
	r.CreatedAt, r.UpdatedAt, r.Version = tx.now, tx.now, 1
	id, err := tx.insertID(ctx, `INSERT INTO rounds (level, province_code, year, number, kind, title, forwarded_from,
		forwarded_to, decide_by, status, created_at, updated_at, version) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,1)`,
		r.Level, r.ProvinceCode, r.Year, r.Number, r.Kind, r.Title, r.ForwardedFrom, r.ForwardedTo, r.DecideBy, r.Status,
		tx.now, tx.now)
	if err != nil {
		return err
	}
	r.ID = id
	return tx.Audit(ctx, "round.create", "round", id, r.ProvinceCode, nil, roundAudit(r))
}

// SetRoundStatus moves a round on if unchanged since r.Version.
func (tx *Tx) SetRoundStatus(ctx context.Context, r *ocop.EvalRound, status, action string) error {
	before := roundAudit(r)
	if err := expectOne(tx.exec(ctx, `UPDATE rounds SET status = $1, updated_at = $2, version = version + 1
		WHERE id = $3 AND version = $4`, status, tx.now, r.ID, r.Version)); err != nil {
		return err
	}
	r.Status, r.UpdatedAt, r.Version = status, tx.now, r.Version+1
	return tx.Audit(ctx, action, "round", r.ID, r.ProvinceCode, before, roundAudit(r))
}

// RoundByID returns one round.
func (db *DB) RoundByID(ctx context.Context, id int64) (*ocop.EvalRound, error) {
	return scanRound(db.sql.QueryRowContext(ctx, `SELECT `+roundColumns+` FROM rounds WHERE id = $1`, id))
}

// RoundRow is a listed round with its number of dossiers.
type RoundRow struct {
	*ocop.EvalRound
	Dossiers int
}

// Rounds lists the rounds of a level in a scope, newest first.
func (db *DB) Rounds(ctx context.Context, scope ocop.Scope, level string) ([]RoundRow, error) {
	w := &where{}
	w.scope(scope, "r.province_code", "''")
	w.add("r.level = %s", level)
	rows, err := db.sql.QueryContext(ctx, `SELECT r.id, r.level, r.province_code, r.year, r.number, r.kind, r.title,
		r.forwarded_from, r.forwarded_to, r.decide_by, r.status, r.created_at, r.updated_at, r.version,
		(SELECT COUNT(*) FROM round_dossiers rd WHERE rd.round_id = r.id) FROM rounds r`+w.sql()+
		` ORDER BY r.year DESC, r.number DESC, r.id DESC`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RoundRow
	for rows.Next() {
		var rr RoundRow
		var r ocop.EvalRound
		if err := rows.Scan(&r.ID, &r.Level, &r.ProvinceCode, &r.Year, &r.Number, &r.Kind, &r.Title, &r.ForwardedFrom,
			&r.ForwardedTo, &r.DecideBy, &r.Status, &r.CreatedAt, &r.UpdatedAt, &r.Version, &rr.Dossiers); err != nil {
			return nil, err
		}
		rr.EvalRound = &r
		out = append(out, rr)
	}
	return out, rows.Err()
}

// AddRoundDossier puts a dossier into a round; a dossier already in an
// undecided round of the level is a conflict: its pass, one more than the
// decided rounds of the level it went through, is taken (the unique key
// holds a dossier to one round per level and pass).
func (tx *Tx) AddRoundDossier(ctx context.Context, r *ocop.EvalRound, d *ocop.Dossier) error {
	if _, err := tx.exec(ctx, `INSERT INTO round_dossiers (round_id, dossier_id, level, pass, added_at) VALUES ($1, $2, $3,
		(SELECT COUNT(*) + 1 FROM round_dossiers rd JOIN rounds x ON x.id = rd.round_id
			WHERE rd.dossier_id = $2 AND rd.level = $3 AND x.status = 'decided'), $4)`,
		r.ID, d.ID, r.Level, tx.now); err != nil {
		return err
	}
	return tx.Audit(ctx, "round.dossier_add", "round", r.ID, r.ProvinceCode, nil, map[string]any{"dossier_id": d.ID})
}

// RemoveRoundDossier takes a dossier out of a round.
func (tx *Tx) RemoveRoundDossier(ctx context.Context, r *ocop.EvalRound, d *ocop.Dossier) error {
	if err := expectOne(tx.exec(ctx, `DELETE FROM round_dossiers WHERE round_id = $1 AND dossier_id = $2`,
		r.ID, d.ID)); err != nil {
		return err
	}
	// Off the round, off its panel too.
	if _, err := tx.exec(ctx, `DELETE FROM panel_dossiers WHERE round_id = $1 AND dossier_id = $2`, r.ID, d.ID); err != nil {
		return err
	}
	return tx.Audit(ctx, "round.dossier_remove", "round", r.ID, r.ProvinceCode, map[string]any{"dossier_id": d.ID}, nil)
}

// SetRoundScoring opens (or closes) scoring of some dossiers of a round;
// no ids means all of them.
func (tx *Tx) SetRoundScoring(ctx context.Context, r *ocop.EvalRound, on bool, ids ...int64) error {
	if len(ids) == 0 {
		_, err := tx.exec(ctx, `UPDATE round_dossiers SET scoring = $1 WHERE round_id = $2`, on, r.ID)
		return err
	}
	for _, id := range ids {
		if err := expectOne(tx.exec(ctx, `UPDATE round_dossiers SET scoring = $1 WHERE round_id = $2 AND dossier_id = $3`,
			on, r.ID, id)); err != nil {
			return err
		}
	}
	return nil
}

// InRound reports whether a dossier is in a round (a dossier the Ministry
// evaluates is in the province's round and in the Ministry's).
func (db *DB) InRound(ctx context.Context, roundID, dossierID int64) (bool, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM round_dossiers WHERE round_id = $1 AND dossier_id = $2`,
		roundID, dossierID).Scan(&n)
	return n > 0, err
}

// ProvincialRoundOf is the newest decided provincial round a dossier went
// through; none is not found.
func (db *DB) ProvincialRoundOf(ctx context.Context, dossierID int64) (int64, error) {
	var id int64
	err := db.sql.QueryRowContext(ctx, `SELECT rd.round_id FROM round_dossiers rd JOIN rounds r ON r.id = rd.round_id
		WHERE rd.dossier_id = $1 AND rd.level = 'province' AND r.status = 'decided' ORDER BY rd.pass DESC LIMIT 1`,
		dossierID).Scan(&id)
	return id, mapErr(err)
}

// InUndecidedRound reports whether a dossier is in a round of the level
// not decided yet.
func (db *DB) InUndecidedRound(ctx context.Context, dossierID int64, level string) (bool, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM round_dossiers rd JOIN rounds r ON r.id = rd.round_id
		WHERE rd.dossier_id = $1 AND rd.level = $2 AND r.status <> 'decided'`, dossierID, level).Scan(&n)
	return n > 0, err
}
