package store

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/ocopvn/ocop/internal/ocop"
)

const councilColumns = `id, round_id, kind, decision_no, decision_date, signer, quorum_percent, require_chair, tolerance,
	written_opinion, created_at, updated_at, version`

func scanCouncil(sc interface{ Scan(...any) error }) (*ocop.Council, error) {
	var c ocop.Council
	err := sc.Scan(&c.ID, &c.RoundID, &c.Kind, &c.DecisionNo, &c.DecisionDate, &c.Signer, &c.QuorumPercent,
		&c.RequireChair, &c.Tolerance, &c.WrittenOpinion, &c.CreatedAt, &c.UpdatedAt, &c.Version)
	if err != nil {
		return nil, mapErr(err)
	}
	return &c, nil
}

// SaveCouncil creates a round's council (ID 0) or updates it if unchanged
// since c.Version.
func (tx *Tx) SaveCouncil(ctx context.Context, r *ocop.EvalRound, before, c *ocop.Council) error {
	c.UpdatedAt = tx.now
	if c.ID == 0 {
		c.CreatedAt, c.Version = tx.now, 1
		id, err := tx.insertID(ctx, `INSERT INTO councils (round_id, kind, decision_no, decision_date, signer,
			quorum_percent, require_chair, tolerance, written_opinion, created_at, updated_at, version)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,1)`, c.RoundID, c.Kind, c.DecisionNo, c.DecisionDate, c.Signer,
			c.QuorumPercent, c.RequireChair, c.Tolerance, c.WrittenOpinion, tx.now, tx.now)
		if err != nil {
			return err
		}
		c.ID = id
		return tx.Audit(ctx, "council.create", "council", id, r.ProvinceCode, nil, c)
	}
	if err := expectOne(tx.exec(ctx, `UPDATE councils SET decision_no = $1, decision_date = $2, signer = $3,
		quorum_percent = $4, require_chair = $5, tolerance = $6, written_opinion = $7, updated_at = $8,
		version = version + 1 WHERE id = $9 AND version = $10`, c.DecisionNo, c.DecisionDate, c.Signer, c.QuorumPercent,
		c.RequireChair, c.Tolerance, c.WrittenOpinion, tx.now, c.ID, c.Version)); err != nil {
		return err
	}
	c.Version++
	return tx.Audit(ctx, "council.update", "council", c.ID, r.ProvinceCode, before, c)
}

// CouncilOf returns a round's council or advisory team.
func (db *DB) CouncilOf(ctx context.Context, roundID int64, kind string) (*ocop.Council, error) {
	return scanCouncil(db.sql.QueryRowContext(ctx, `SELECT `+councilColumns+` FROM councils
		WHERE round_id = $1 AND kind = $2`, roundID, kind))
}

// CouncilMembers lists a council's members, chair first.
func (db *DB) CouncilMembers(ctx context.Context, councilID int64) ([]*ocop.CouncilMember, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT m.council_id, m.user_id, u.full_name, m.position, m.department,
		m.present FROM council_members m JOIN users u ON u.id = m.user_id WHERE m.council_id = $1
		ORDER BY CASE m.position WHEN 'chair' THEN 0 WHEN 'vice_chair' THEN 1 WHEN 'member' THEN 2
		WHEN 'expert' THEN 3 ELSE 4 END, u.full_name, m.user_id`, councilID)
	return collect(rows, err, func(sc interface{ Scan(...any) error }) (*ocop.CouncilMember, error) {
		var m ocop.CouncilMember
		return &m, sc.Scan(&m.CouncilID, &m.UserID, &m.FullName, &m.Position, &m.Department, &m.Present)
	})
}

// AddCouncilMember seats a user; seating them twice is a conflict.
func (tx *Tx) AddCouncilMember(ctx context.Context, r *ocop.EvalRound, m *ocop.CouncilMember) error {
	if _, err := tx.exec(ctx, `INSERT INTO council_members (council_id, user_id, position, department, present)
		VALUES ($1, $2, $3, $4, FALSE)`, m.CouncilID, m.UserID, m.Position, m.Department); err != nil {
		return err
	}
	return tx.Audit(ctx, "council.member_add", "council", m.CouncilID, r.ProvinceCode, nil, m)
}

// RemoveCouncilMember unseats a user.
func (tx *Tx) RemoveCouncilMember(ctx context.Context, r *ocop.EvalRound, m *ocop.CouncilMember) error {
	if err := expectOne(tx.exec(ctx, `DELETE FROM council_members WHERE council_id = $1 AND user_id = $2`,
		m.CouncilID, m.UserID)); err != nil {
		return err
	}
	// Off the council, off its panels too.
	if _, err := tx.exec(ctx, `DELETE FROM panel_members WHERE user_id = $1 AND panel_id IN (SELECT p.id FROM panels p
		JOIN councils c ON c.round_id = p.round_id WHERE c.id = $2 AND c.kind = 'council')`, m.UserID, m.CouncilID); err != nil {
		return err
	}
	return tx.Audit(ctx, "council.member_remove", "council", m.CouncilID, r.ProvinceCode, m, nil)
}

// SetMemberPresent records whether a member takes part in the session.
func (tx *Tx) SetMemberPresent(ctx context.Context, r *ocop.EvalRound, m *ocop.CouncilMember, present bool) error {
	if err := expectOne(tx.exec(ctx, `UPDATE council_members SET present = $1 WHERE council_id = $2 AND user_id = $3`,
		present, m.CouncilID, m.UserID)); err != nil {
		return err
	}
	before := *m
	m.Present = present
	return tx.Audit(ctx, "council.presence", "council", m.CouncilID, r.ProvinceCode, before, m)
}

// MemberRounds lists the rounds whose council (of a kind) seats a user.
func (db *DB) MemberRounds(ctx context.Context, userID int64) ([]*ocop.EvalRound, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+roundColumns+` FROM rounds WHERE id IN (SELECT c.round_id
		FROM councils c JOIN council_members m ON m.council_id = c.id WHERE m.user_id = $1) ORDER BY year DESC, number DESC, id DESC`,
		userID)
	return collect(rows, err, scanRound)
}

// AddConflict records a member's declared link to a producer.
func (tx *Tx) AddConflict(ctx context.Context, c *ocop.Conflict, unit string) error {
	c.CreatedAt = tx.now
	if _, err := tx.exec(ctx, `INSERT INTO member_conflicts (user_id, producer_id, note, created_at) VALUES ($1,$2,$3,$4)`,
		c.UserID, c.ProducerID, c.Note, tx.now); err != nil {
		return err
	}
	return tx.Audit(ctx, "council.conflict_declare", "user", c.UserID, unit, nil, c)
}

// RemoveConflict withdraws a declaration.
func (tx *Tx) RemoveConflict(ctx context.Context, userID, producerID int64, unit string) error {
	if err := expectOne(tx.exec(ctx, `DELETE FROM member_conflicts WHERE user_id = $1 AND producer_id = $2`,
		userID, producerID)); err != nil {
		return err
	}
	return tx.Audit(ctx, "council.conflict_withdraw", "user", userID, unit, map[string]any{"producer_id": producerID}, nil)
}

// Conflicts lists a member's declarations.
func (db *DB) Conflicts(ctx context.Context, userID int64) ([]*ocop.Conflict, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT c.user_id, c.producer_id, p.name, c.note, c.created_at
		FROM member_conflicts c JOIN producers p ON p.id = c.producer_id WHERE c.user_id = $1 ORDER BY p.name`, userID)
	return collect(rows, err, func(sc interface{ Scan(...any) error }) (*ocop.Conflict, error) {
		var c ocop.Conflict
		return &c, sc.Scan(&c.UserID, &c.ProducerID, &c.ProducerName, &c.Note, &c.CreatedAt)
	})
}

// HasConflict reports whether a member declared a link to a producer.
func (db *DB) HasConflict(ctx context.Context, userID, producerID int64) (bool, error) {
	var n int
	err := db.sql.QueryRowContext(ctx, `SELECT COUNT(*) FROM member_conflicts WHERE user_id = $1 AND producer_id = $2`,
		userID, producerID).Scan(&n)
	return n > 0, err
}

// AddRecusal records a member stepping aside from a dossier.
func (tx *Tx) AddRecusal(ctx context.Context, r *ocop.EvalRound, rc *ocop.Recusal) error {
	rc.CreatedAt = tx.now
	if _, err := tx.exec(ctx, `INSERT INTO recusals (round_id, dossier_id, user_id, reason, created_at) VALUES ($1,$2,$3,$4,$5)`,
		rc.RoundID, rc.DossierID, rc.UserID, rc.Reason, tx.now); err != nil {
		return err
	}
	return tx.Audit(ctx, "council.recuse", "round", r.ID, r.ProvinceCode, nil, rc)
}

// AssignedDossiers lists the ids of a round's dossiers a member scores:
// all of them (or, when the round has panels, those of their panels and
// those on no panel) but those of producers they declared and those they
// recused from. A dossier sent back for completion from the round stays
// in it but cannot be scored until the province accepts it again (at the
// Ministry: until the province's new letter); ocop.Dossier.AwaitsAdditions.
func (db *DB) AssignedDossiers(ctx context.Context, roundID, userID int64) (map[int64]bool, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT rd.dossier_id, CASE WHEN rd.scoring AND d.status NOT IN
		('draft', 'submitted', 'returned', 'forwarded', 'completion', 'additions') THEN TRUE ELSE FALSE END FROM round_dossiers rd
		JOIN dossiers d ON d.id = rd.dossier_id WHERE rd.round_id = $1
		AND d.producer_id NOT IN (SELECT producer_id FROM member_conflicts WHERE user_id = $2)
		AND rd.dossier_id NOT IN (SELECT dossier_id FROM recusals WHERE round_id = $1 AND user_id = $2)
		AND rd.dossier_id NOT IN (SELECT pd.dossier_id FROM panel_dossiers pd WHERE pd.round_id = $1
			AND pd.panel_id NOT IN (SELECT panel_id FROM panel_members WHERE user_id = $2))`, roundID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		var scoring bool
		if err := rows.Scan(&id, &scoring); err != nil {
			return nil, err
		}
		out[id] = scoring
	}
	return out, rows.Err()
}

const sheetColumns = `round_id, dossier_id, user_id, n, sheet, comments, status, paper, entered_by, updated_at,
	submitted_at, version`

func scanSheet(sc interface{ Scan(...any) error }) (*ocop.ScoreSheet, error) {
	var s ocop.ScoreSheet
	var comments string
	var sub sql.NullTime
	err := sc.Scan(&s.RoundID, &s.DossierID, &s.UserID, &s.N, &s.Sheet, &comments, &s.Status, &s.Paper, &s.EnteredBy,
		&s.UpdatedAt, &sub, &s.Version)
	if err != nil {
		return nil, mapErr(err)
	}
	s.SubmittedAt = sub.Time
	return &s, json.Unmarshal([]byte(comments), &s.Comments)
}

// LatestSheet returns a member's newest sheet version on a dossier.
func (db *DB) LatestSheet(ctx context.Context, roundID, dossierID, userID int64) (*ocop.ScoreSheet, error) {
	return scanSheet(db.sql.QueryRowContext(ctx, `SELECT `+sheetColumns+` FROM score_sheets WHERE round_id = $1
		AND dossier_id = $2 AND user_id = $3 ORDER BY n DESC LIMIT 1`, roundID, dossierID, userID))
}

// SheetVersions lists every version of every member's sheet on a dossier.
func (db *DB) SheetVersions(ctx context.Context, roundID, dossierID int64) ([]*ocop.ScoreSheet, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+sheetColumns+` FROM score_sheets WHERE round_id = $1
		AND dossier_id = $2 ORDER BY user_id, n`, roundID, dossierID)
	return collect(rows, err, scanSheet)
}

// SaveSheet writes a sheet version: s.N beyond the stored ones inserts a
// new version (two inserts of the same number conflict), otherwise the
// draft numbered s.N is updated if unchanged since s.Version.
func (tx *Tx) SaveSheet(ctx context.Context, r *ocop.EvalRound, s *ocop.ScoreSheet, insert bool) error {
	comments, err := json.Marshal(s.Comments)
	if err != nil {
		return err
	}
	s.UpdatedAt = tx.now
	if s.Status == ocop.SheetSubmitted {
		s.SubmittedAt = tx.now
	}
	if insert {
		s.Version = 1
		_, err = tx.exec(ctx, `INSERT INTO score_sheets (`+sheetColumns+`) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,1)`,
			s.RoundID, s.DossierID, s.UserID, s.N, s.Sheet, string(comments), s.Status, s.Paper, s.EnteredBy, tx.now,
			nullTime(s.SubmittedAt))
	} else {
		err = expectOne(tx.exec(ctx, `UPDATE score_sheets SET sheet = $1, comments = $2, status = $3, paper = $4,
			entered_by = $5, updated_at = $6, submitted_at = $7, version = version + 1 WHERE round_id = $8
			AND dossier_id = $9 AND user_id = $10 AND n = $11 AND version = $12 AND status = 'draft'`, s.Sheet,
			string(comments), s.Status, s.Paper, s.EnteredBy, tx.now, nullTime(s.SubmittedAt), s.RoundID, s.DossierID,
			s.UserID, s.N, s.Version))
		s.Version++
	}
	if err != nil {
		return err
	}
	action := "score.submit"
	if s.Status == ocop.SheetDraft {
		action = "score.draft"
	}
	return tx.Audit(ctx, action, "round", r.ID, r.ProvinceCode, nil,
		map[string]any{"dossier_id": s.DossierID, "user_id": s.UserID, "n": s.N, "sheet": s.Sheet, "paper": s.Paper})
}

// SubmittedCounts counts, per dossier of a round, the members who have
// submitted a sheet: the round's progress, which reveals no points.
func (db *DB) SubmittedCounts(ctx context.Context, roundID int64) (map[int64]int, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT dossier_id, COUNT(DISTINCT user_id) FROM score_sheets
		WHERE round_id = $1 AND status = 'submitted' GROUP BY dossier_id`, roundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// Recusals lists a round's recusals, oldest first.
func (db *DB) Recusals(ctx context.Context, roundID int64) ([]*ocop.Recusal, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT round_id, dossier_id, user_id, reason, created_at
		FROM recusals WHERE round_id = $1 ORDER BY created_at, user_id`, roundID)
	return collect(rows, err, func(sc interface{ Scan(...any) error }) (*ocop.Recusal, error) {
		var rc ocop.Recusal
		return &rc, sc.Scan(&rc.RoundID, &rc.DossierID, &rc.UserID, &rc.Reason, &rc.CreatedAt)
	})
}
