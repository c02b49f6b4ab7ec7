package store

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
)

// Sub-panels of a round's council and the dossiers they score.

// Panels lists a round's panels by name.
func (db *DB) Panels(ctx context.Context, roundID int64) ([]*ocop.Panel, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT id, round_id, name, created_at, updated_at, version FROM panels
		WHERE round_id = $1 ORDER BY name, id`, roundID)
	return collect(rows, err, func(sc interface{ Scan(...any) error }) (*ocop.Panel, error) {
		var p ocop.Panel
		return &p, sc.Scan(&p.ID, &p.RoundID, &p.Name, &p.CreatedAt, &p.UpdatedAt, &p.Version)
	})
}

// PanelMembers lists the members of a round's panels, heads first.
func (db *DB) PanelMembers(ctx context.Context, roundID int64) ([]*ocop.PanelMember, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT m.panel_id, m.user_id, u.full_name, m.position FROM panel_members m
		JOIN panels p ON p.id = m.panel_id JOIN users u ON u.id = m.user_id WHERE p.round_id = $1
		ORDER BY m.panel_id, CASE m.position WHEN 'head' THEN 0 ELSE 1 END, u.full_name, m.user_id`, roundID)
	return collect(rows, err, func(sc interface{ Scan(...any) error }) (*ocop.PanelMember, error) {
		var m ocop.PanelMember
		return &m, sc.Scan(&m.PanelID, &m.UserID, &m.FullName, &m.Position)
	})
}

// PanelDossiers maps each dossier of a round on a panel to its panel.
func (db *DB) PanelDossiers(ctx context.Context, roundID int64) (map[int64]int64, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT dossier_id, panel_id FROM panel_dossiers WHERE round_id = $1`, roundID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var d, p int64
		if err := rows.Scan(&d, &p); err != nil {
			return nil, err
		}
		out[d] = p
	}
	return out, rows.Err()
}

// CreatePanel adds a panel to a round; a name the round has is a conflict.
func (tx *Tx) CreatePanel(ctx context.Context, r *ocop.EvalRound, p *ocop.Panel) error {
	p.CreatedAt, p.UpdatedAt, p.Version = tx.now, tx.now, 1
	id, err := tx.insertID(ctx, `INSERT INTO panels (round_id, name, created_at, updated_at, version)
		VALUES ($1, $2, $3, $4, 1)`, p.RoundID, p.Name, tx.now, tx.now)
	if err != nil {
		return err
	}
	p.ID = id
	return tx.Audit(ctx, "panel.create", "round", r.ID, r.ProvinceCode, nil, p)
}

// RenamePanel renames a panel if unchanged since p.Version.
func (tx *Tx) RenamePanel(ctx context.Context, r *ocop.EvalRound, before, p *ocop.Panel) error {
	if err := expectOne(tx.exec(ctx, `UPDATE panels SET name = $1, updated_at = $2, version = version + 1
		WHERE id = $3 AND version = $4`, p.Name, tx.now, p.ID, p.Version)); err != nil {
		return err
	}
	p.UpdatedAt = tx.now
	p.Version++
	return tx.Audit(ctx, "panel.rename", "round", r.ID, r.ProvinceCode, before, p)
}

// DeletePanel removes a panel with its seats and its dossiers' assignment.
func (tx *Tx) DeletePanel(ctx context.Context, r *ocop.EvalRound, p *ocop.Panel) error {
	for _, q := range []string{`DELETE FROM panel_members WHERE panel_id = $1`, `DELETE FROM panel_dossiers WHERE panel_id = $1`} {
		if _, err := tx.exec(ctx, q, p.ID); err != nil {
			return err
		}
	}
	if err := expectOne(tx.exec(ctx, `DELETE FROM panels WHERE id = $1`, p.ID)); err != nil {
		return err
	}
	return tx.Audit(ctx, "panel.delete", "round", r.ID, r.ProvinceCode, p, nil)
}

// AddPanelMember seats a council member on a panel; twice is a conflict.
func (tx *Tx) AddPanelMember(ctx context.Context, r *ocop.EvalRound, m *ocop.PanelMember) error {
	if _, err := tx.exec(ctx, `INSERT INTO panel_members (panel_id, user_id, position) VALUES ($1, $2, $3)`,
		m.PanelID, m.UserID, m.Position); err != nil {
		return err
	}
	return tx.Audit(ctx, "panel.member_add", "round", r.ID, r.ProvinceCode, nil, m)
}

// RemovePanelMember unseats a member from a panel.
func (tx *Tx) RemovePanelMember(ctx context.Context, r *ocop.EvalRound, m *ocop.PanelMember) error {
	if err := expectOne(tx.exec(ctx, `DELETE FROM panel_members WHERE panel_id = $1 AND user_id = $2`,
		m.PanelID, m.UserID)); err != nil {
		return err
	}
	return tx.Audit(ctx, "panel.member_remove", "round", r.ID, r.ProvinceCode, m, nil)
}

// AssignPanelDossier puts a dossier of the round on a panel; a dossier
// already on a panel is a conflict.
func (tx *Tx) AssignPanelDossier(ctx context.Context, r *ocop.EvalRound, panelID, dossierID int64) error {
	if _, err := tx.exec(ctx, `INSERT INTO panel_dossiers (round_id, dossier_id, panel_id) VALUES ($1, $2, $3)`,
		r.ID, dossierID, panelID); err != nil {
		return err
	}
	return tx.Audit(ctx, "panel.dossier_assign", "round", r.ID, r.ProvinceCode, nil,
		map[string]int64{"panel_id": panelID, "dossier_id": dossierID})
}

// UnassignPanelDossier takes a dossier off its panel.
func (tx *Tx) UnassignPanelDossier(ctx context.Context, r *ocop.EvalRound, panelID, dossierID int64) error {
	if err := expectOne(tx.exec(ctx, `DELETE FROM panel_dossiers WHERE round_id = $1 AND dossier_id = $2 AND panel_id = $3`,
		r.ID, dossierID, panelID)); err != nil {
		return err
	}
	return tx.Audit(ctx, "panel.dossier_unassign", "round", r.ID, r.ProvinceCode,
		map[string]int64{"panel_id": panelID, "dossier_id": dossierID}, nil)
}
