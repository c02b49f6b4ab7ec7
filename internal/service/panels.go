package service

import (
	"context"
	"slices"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// Sub-panels (issue #5 item 2, QĐ 26/2026 §3.5): the office that runs a
// round may split its dossiers among panels of the council's members
// (tiểu ban, hội đồng chuyên ngành); each dossier is then scored by its
// panel only. Dossiers on no panel are scored by the whole council.

// PanelView is a panel with its members and the ids of its dossiers.
type PanelView struct {
	*ocop.Panel
	Members  []*ocop.PanelMember `json:"members"`
	Dossiers []int64             `json:"dossier_ids"`
}

// Member returns a user's seat on the panel, nil when they have none.
func (p *PanelView) Member(userID int64) *ocop.PanelMember {
	for _, m := range p.Members {
		if m.UserID == userID {
			return m
		}
	}
	return nil
}

// RoundPanels are a round's panels and the panel of each dossier on one.
type RoundPanels struct {
	Panels    []*PanelView         `json:"panels"`
	ByDossier map[int64]*PanelView `json:"-"`
}

// Panel returns a panel of the round, nil when it has none of that id.
func (rp *RoundPanels) Panel(id int64) *PanelView {
	for _, p := range rp.Panels {
		if p.ID == id {
			return p
		}
	}
	return nil
}

// roundPanels loads a round's panels.
func (s *Service) roundPanels(ctx context.Context, roundID int64) (*RoundPanels, error) {
	panels, err := s.DB.Panels(ctx, roundID)
	if err != nil {
		return nil, err
	}
	members, err := s.DB.PanelMembers(ctx, roundID)
	if err != nil {
		return nil, err
	}
	dossiers, err := s.DB.PanelDossiers(ctx, roundID)
	if err != nil {
		return nil, err
	}
	rp := &RoundPanels{Panels: []*PanelView{}, ByDossier: map[int64]*PanelView{}}
	for _, p := range panels {
		pv := &PanelView{Panel: p, Members: []*ocop.PanelMember{}, Dossiers: []int64{}}
		for _, m := range members {
			if m.PanelID == p.ID {
				pv.Members = append(pv.Members, m)
			}
		}
		rp.Panels = append(rp.Panels, pv)
	}
	for d, pid := range dossiers {
		if pv := rp.Panel(pid); pv != nil {
			pv.Dossiers = append(pv.Dossiers, d)
			rp.ByDossier[d] = pv
		}
	}
	for _, pv := range rp.Panels {
		slices.Sort(pv.Dossiers)
	}
	return rp, nil
}

// Panels returns a round's panels for the office that runs it.
func (s *Service) Panels(ctx context.Context, u *ocop.User, roundID int64) (*RoundPanels, error) {
	if _, err := s.Round(ctx, u, roundID); err != nil {
		return nil, err
	}
	return s.roundPanels(ctx, roundID)
}

// openPanels loads a round of the office while its panels may change:
// open, before scoring.
func (s *Service) openPanels(ctx context.Context, u *ocop.User, roundID int64) (*ocop.EvalRound, *RoundPanels, error) {
	r, err := s.Round(ctx, u, roundID)
	if err != nil {
		return nil, nil, err
	}
	rp, err := s.roundPanels(ctx, roundID)
	if err != nil {
		return nil, nil, err
	}
	if r.Status != ocop.RoundOpen {
		return nil, nil, ocop.Errorf(ocop.ECONFLICT, "err.panels_locked")
	}
	return r, rp, nil
}

// openPanel is openPanels for one panel of the round; another round's
// panel is not found.
func (s *Service) openPanel(ctx context.Context, u *ocop.User, roundID, panelID int64) (*ocop.EvalRound, *PanelView, error) {
	r, rp, err := s.openPanels(ctx, u, roundID)
	if err != nil {
		return nil, nil, err
	}
	pv := rp.Panel(panelID)
	if pv == nil {
		return nil, nil, ocop.ErrNotFound()
	}
	return r, pv, nil
}

// PanelInput names a panel; Version is the one read, for a rename.
type PanelInput struct {
	Name    string `json:"name"`
	Version int64  `json:"version"`
}

// panelName checks a panel's name, unique within the round.
func panelName(rp *RoundPanels, id int64, name string) (string, error) {
	name = clean(name)
	v := ocop.Validation{}
	checkRequired(v, "name", name, 200)
	if slices.ContainsFunc(rp.Panels, func(p *PanelView) bool { return p.ID != id && p.Name == name }) {
		v.Add("name", "err.panel_name_taken")
	}
	return name, v.Err()
}

// CreatePanel adds a panel to a round.
func (s *Service) CreatePanel(ctx context.Context, u *ocop.User, roundID int64, in PanelInput) (*ocop.Panel, error) {
	r, rp, err := s.openPanels(ctx, u, roundID)
	if err != nil {
		return nil, err
	}
	name, err := panelName(rp, 0, in.Name)
	if err != nil {
		return nil, err
	}
	p := &ocop.Panel{RoundID: r.ID, Name: name}
	return p, s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.CreatePanel(ctx, r, p) })
}

// RenamePanel renames a panel read at in.Version.
func (s *Service) RenamePanel(ctx context.Context, u *ocop.User, roundID, panelID int64, in PanelInput) (*ocop.Panel, error) {
	r, rp, err := s.openPanels(ctx, u, roundID)
	if err != nil {
		return nil, err
	}
	pv := rp.Panel(panelID)
	if pv == nil {
		return nil, ocop.ErrNotFound()
	}
	name, err := panelName(rp, panelID, in.Name)
	if err != nil {
		return nil, err
	}
	if in.Version != pv.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	before, p := *pv.Panel, *pv.Panel
	p.Name = name
	return &p, s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.RenamePanel(ctx, r, &before, &p) })
}

// DeletePanel removes a panel; its dossiers go back to the whole council.
func (s *Service) DeletePanel(ctx context.Context, u *ocop.User, roundID, panelID int64) error {
	r, pv, err := s.openPanel(ctx, u, roundID, panelID)
	if err != nil {
		return err
	}
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.DeletePanel(ctx, r, pv.Panel) })
}

// PanelMemberInput seats a council member on a panel.
type PanelMemberInput struct {
	UserID   int64  `json:"user_id"`
	Position string `json:"position"`
}

// AddPanelMember seats a member of the round's council on a panel, as its
// head (one per panel) or a member. A member may sit on several panels.
func (s *Service) AddPanelMember(ctx context.Context, u *ocop.User, roundID, panelID int64, in PanelMemberInput) error {
	r, pv, err := s.openPanel(ctx, u, roundID, panelID)
	if err != nil {
		return err
	}
	cv, err := s.council(ctx, r, ocop.CouncilBoard)
	if err != nil {
		return err
	}
	v := ocop.Validation{}
	seat := cv.Member(in.UserID)
	switch {
	case seat == nil:
		v.Add("user_id", "err.panel_user")
	case pv.Member(in.UserID) != nil:
		v.Add("user_id", "err.panel_member_twice")
	}
	if !slices.Contains(ocop.PanelPositions, in.Position) {
		v.Add("position", "err.choose")
	} else if in.Position == "head" && slices.ContainsFunc(pv.Members, func(m *ocop.PanelMember) bool { return m.Position == "head" }) {
		v.Add("position", "err.panel_one_head")
	}
	if err := v.Err(); err != nil {
		return err
	}
	m := &ocop.PanelMember{PanelID: pv.ID, UserID: seat.UserID, FullName: seat.FullName, Position: in.Position}
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddPanelMember(ctx, r, m) })
}

// RemovePanelMember unseats a member from a panel.
func (s *Service) RemovePanelMember(ctx context.Context, u *ocop.User, roundID, panelID, userID int64) error {
	r, pv, err := s.openPanel(ctx, u, roundID, panelID)
	if err != nil {
		return err
	}
	m := pv.Member(userID)
	if m == nil {
		return ocop.Errorf(ocop.ECONFLICT, "err.panel_not_member")
	}
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.RemovePanelMember(ctx, r, m) })
}

// AssignPanelDossier puts a dossier of the round on a panel; a dossier on
// another panel must come off it first.
func (s *Service) AssignPanelDossier(ctx context.Context, u *ocop.User, roundID, panelID, dossierID int64) error {
	r, pv, err := s.openPanel(ctx, u, roundID, panelID)
	if err != nil {
		return err
	}
	rows, _, err := s.DB.Dossiers(ctx, store.DossierFilter{Scope: r.Scope(), Round: r.ID, Limit: 500})
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(rows, func(d store.DossierRow) bool { return d.ID == dossierID }) {
		return ocop.Validation{"dossier_id": "err.panel_dossier_not_in"}.Err()
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AssignPanelDossier(ctx, r, pv.ID, dossierID) })
	if ocop.ErrorCode(err) == ocop.ECONFLICT {
		return ocop.Errorf(ocop.ECONFLICT, "err.panel_dossier_taken")
	}
	return err
}

// UnassignPanelDossier takes a dossier off a panel.
func (s *Service) UnassignPanelDossier(ctx context.Context, u *ocop.User, roundID, panelID, dossierID int64) error {
	r, pv, err := s.openPanel(ctx, u, roundID, panelID)
	if err != nil {
		return err
	}
	if !slices.Contains(pv.Dossiers, dossierID) {
		return ocop.Errorf(ocop.ECONFLICT, "err.panel_dossier_not_on")
	}
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.UnassignPanelDossier(ctx, r, pv.ID, dossierID) })
}

// panelsReady checks a round with panels may open scoring: every dossier
// on a panel and someone present on every panel.
func (s *Service) panelsReady(ctx context.Context, r *ocop.EvalRound, cv *CouncilView) error {
	rp, err := s.roundPanels(ctx, r.ID)
	if err != nil || len(rp.Panels) == 0 {
		return err
	}
	rows, _, err := s.DB.Dossiers(ctx, store.DossierFilter{Scope: r.Scope(), Round: r.ID, Limit: 500})
	if err != nil {
		return err
	}
	for _, d := range rows {
		if rp.ByDossier[d.ID] == nil {
			return ocop.Errorf(ocop.ECONFLICT, "err.panel_dossier_unassigned").With(d.ProductName)
		}
	}
	for _, p := range rp.Panels {
		if !slices.ContainsFunc(p.Members, func(m *ocop.PanelMember) bool {
			seat := cv.Member(m.UserID)
			return seat != nil && seat.Present
		}) {
			return ocop.Errorf(ocop.ECONFLICT, "err.panel_nobody_present").With(p.Name)
		}
	}
	return nil
}

// scorers is the part of the council whose sheets make a dossier's
// result: its panel's members, or the whole council when it is on none.
func (s *Service) scorers(ctx context.Context, r *ocop.EvalRound, cv *CouncilView, dossierID int64) (*CouncilView, string, error) {
	rp, err := s.roundPanels(ctx, r.ID)
	if err != nil {
		return nil, "", err
	}
	pv := rp.ByDossier[dossierID]
	if pv == nil {
		return cv, "", nil
	}
	out := &CouncilView{Council: cv.Council, Members: []*ocop.CouncilMember{}}
	for _, m := range cv.Members {
		if pv.Member(m.UserID) != nil {
			out.Members = append(out.Members, m)
		}
	}
	return out, pv.Name, nil
}
