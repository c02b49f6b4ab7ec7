package service

import (
	"context"
	"slices"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/store"
)

// CouncilInput is the establishing decision and the council's own rules.
// QuorumPercent and Tolerance left at 0 take rulebook.DefaultCouncilRules.
type CouncilInput struct {
	DecisionNo     string  `json:"decision_no"`
	DecisionDate   string  `json:"decision_date"`
	Signer         string  `json:"signer"`
	QuorumPercent  float64 `json:"quorum_percent"`
	RequireChair   bool    `json:"require_chair"`
	Tolerance      float64 `json:"tolerance"`
	WrittenOpinion bool    `json:"written_opinion"`
	Version        int64   `json:"version"`
}

// CouncilView is a council with its members.
type CouncilView struct {
	*ocop.Council
	Members []*ocop.CouncilMember `json:"members"`
}

// Rules are the council's settings as the rulebook engine reads them.
func (c *CouncilView) Rules() rulebook.CouncilRules {
	return rulebook.CouncilRules{Tolerance: c.Tolerance, QuorumPercent: c.QuorumPercent, RequireChair: c.RequireChair}
}

// Member returns a user's seat, nil when they have none.
func (c *CouncilView) Member(userID int64) *ocop.CouncilMember {
	for _, m := range c.Members {
		if m.UserID == userID {
			return m
		}
	}
	return nil
}

// Quorum checks the members marked present against the council's rules.
func (c *CouncilView) Quorum() (ok bool, needed, present int) {
	chair := false
	for _, m := range c.Members {
		if m.Present {
			present++
			chair = chair || m.Position == "chair"
		}
	}
	ok, needed = c.Rules().Quorum(len(c.Members), present, chair)
	return ok && len(c.Members) > 0, needed, present
}

func validKind(kind string) error {
	if kind != ocop.CouncilBoard && kind != ocop.CouncilAdvisory {
		return ocop.ErrNotFound()
	}
	return nil
}

// council loads a round's council or team with its members; a round
// without one yet gives an empty council with the default rules.
func (s *Service) council(ctx context.Context, r *ocop.EvalRound, kind string) (*CouncilView, error) {
	c, err := s.DB.CouncilOf(ctx, r.ID, kind)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		return newCouncil(r, kind), nil
	} else if err != nil {
		return nil, err
	}
	members, err := s.DB.CouncilMembers(ctx, c.ID)
	return &CouncilView{c, nonNilMembers(members)}, err
}

// newCouncil is a round's council or team before its decision is saved:
// no members, the default rules.
func newCouncil(r *ocop.EvalRound, kind string) *CouncilView {
	d := rulebook.DefaultCouncilRules
	return &CouncilView{Council: &ocop.Council{RoundID: r.ID, Kind: kind, QuorumPercent: d.QuorumPercent,
		RequireChair: d.RequireChair, Tolerance: d.Tolerance}, Members: []*ocop.CouncilMember{}}
}

func nonNilMembers(m []*ocop.CouncilMember) []*ocop.CouncilMember {
	if m == nil {
		return []*ocop.CouncilMember{}
	}
	return m
}

// Council returns a round's council (kind "council") or advisory team
// ("advisory") for the province's office.
func (s *Service) Council(ctx context.Context, u *ocop.User, roundID int64, kind string) (*CouncilView, error) {
	if err := validKind(kind); err != nil {
		return nil, err
	}
	r, err := s.Round(ctx, u, roundID)
	if err != nil {
		return nil, err
	}
	return s.council(ctx, r, kind)
}

// SaveCouncil records the establishing decision and the rules.
func (s *Service) SaveCouncil(ctx context.Context, u *ocop.User, roundID int64, kind string, in CouncilInput) (*CouncilView, error) {
	cv, err := s.Council(ctx, u, roundID, kind)
	if err != nil {
		return nil, err
	}
	r, err := s.DB.RoundByID(ctx, roundID)
	if err != nil {
		return nil, err
	}
	// The rules a council scores under cannot move once scoring opened:
	// quorum and tolerance decide the result.
	if r.Status != ocop.RoundOpen {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.council_rules_locked")
	}
	if cv.ID != 0 && in.Version != cv.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	before := *cv.Council
	c := *cv.Council
	if err := councilFrom(&c, in); err != nil {
		return nil, err
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.SaveCouncil(ctx, r, &before, &c) })
	if err != nil {
		return nil, err
	}
	return &CouncilView{&c, cv.Members}, nil
}

// councilFrom validates the decision and rules of the form into c.
func councilFrom(c *ocop.Council, in CouncilInput) error {
	v := ocop.Validation{}
	c.DecisionNo, c.Signer = clean(in.DecisionNo), clean(in.Signer)
	checkRequired(v, "decision_no", c.DecisionNo, 100)
	checkRequired(v, "signer", c.Signer, 200)
	c.DecisionDate = requiredDate(v, "decision_date", in.DecisionDate)
	c.QuorumPercent, c.Tolerance, c.RequireChair, c.WrittenOpinion = in.QuorumPercent, in.Tolerance, in.RequireChair, in.WrittenOpinion
	if c.QuorumPercent == 0 {
		c.QuorumPercent = rulebook.DefaultCouncilRules.QuorumPercent
	}
	if c.Tolerance == 0 {
		c.Tolerance = rulebook.DefaultCouncilRules.Tolerance
	}
	if c.QuorumPercent < 50 || c.QuorumPercent > 100 {
		v.Add("quorum_percent", "err.council_quorum")
	}
	if c.Tolerance < 0 || c.Tolerance > 100 {
		v.Add("tolerance", "err.council_tolerance")
	}
	return v.Err()
}

// MemberInput seats a platform user in a council.
type MemberInput struct {
	UserID     int64  `json:"user_id"`
	Position   string `json:"position"`
	Department string `json:"department"`
}

// AddCouncilMember seats an active council member (advisory member for
// the team) of the round's province. The council must have its decision.
func (s *Service) AddCouncilMember(ctx context.Context, u *ocop.User, roundID int64, kind string, in MemberInput) (*CouncilView, error) {
	cv, err := s.Council(ctx, u, roundID, kind)
	if err != nil {
		return nil, err
	}
	if cv.ID == 0 {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.council_missing")
	}
	r, _ := s.DB.RoundByID(ctx, roundID)
	member, err := s.DB.UserByID(ctx, in.UserID)
	if err != nil {
		member = nil // refused below as any unfit account
	}
	m, err := seatFor(cv, r, member, in)
	if err != nil {
		return nil, err
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddCouncilMember(ctx, r, m) })
	if err != nil {
		return nil, err
	}
	return s.council(ctx, r, kind)
}

// seatFor checks the form seating member in the council cv of round r
// and returns the seat: an active account of the council's role in the
// round's office, a known position and department, one chair.
func seatFor(cv *CouncilView, r *ocop.EvalRound, member *ocop.User, in MemberInput) (*ocop.CouncilMember, error) {
	v := ocop.Validation{}
	if !slices.Contains(ocop.CouncilPositions, in.Position) {
		v.Add("position", "err.choose")
	}
	if !slices.Contains(ocop.CouncilDepartments, in.Department) {
		v.Add("department", "err.choose")
	}
	role := ocop.RoleCouncil
	if cv.Kind == ocop.CouncilAdvisory {
		role = ocop.RoleAdvisory
	}
	if member == nil || member.Role != role || member.Status != ocop.UserActive || member.Scope != r.Scope() {
		v.Add("user_id", "err.council_user")
	}
	if in.Position == "chair" && slices.ContainsFunc(cv.Members, func(m *ocop.CouncilMember) bool { return m.Position == "chair" }) {
		v.Add("position", "err.council_one_chair")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return &ocop.CouncilMember{CouncilID: cv.ID, UserID: member.ID, FullName: member.FullName, Position: in.Position,
		Department: in.Department}, nil
}

// seat loads a member of a round's council for the office.
func (s *Service) seat(ctx context.Context, u *ocop.User, roundID int64, kind string, userID int64) (*ocop.EvalRound, *ocop.CouncilMember, error) {
	cv, err := s.Council(ctx, u, roundID, kind)
	if err != nil {
		return nil, nil, err
	}
	m := cv.Member(userID)
	if m == nil {
		return nil, nil, ocop.Errorf(ocop.ECONFLICT, "err.council_not_member")
	}
	r, err := s.DB.RoundByID(ctx, roundID)
	return r, m, err
}

// RemoveCouncilMember unseats a member before scoring starts.
func (s *Service) RemoveCouncilMember(ctx context.Context, u *ocop.User, roundID int64, kind string, userID int64) error {
	r, m, err := s.seat(ctx, u, roundID, kind, userID)
	if err != nil {
		return err
	}
	if r.Status != ocop.RoundOpen {
		return ocop.Errorf(ocop.ECONFLICT, "err.round_not_open")
	}
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.RemoveCouncilMember(ctx, r, m) })
}

// SetMemberPresent marks a member present (or not) for the session; the
// quorum is counted on it.
func (s *Service) SetMemberPresent(ctx context.Context, u *ocop.User, roundID int64, kind string, userID int64, present bool) error {
	r, m, err := s.seat(ctx, u, roundID, kind, userID)
	if err != nil {
		return err
	}
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.SetMemberPresent(ctx, r, m, present) })
}

// Conflicts lists the producers the member declared a link to.
func (s *Service) Conflicts(ctx context.Context, u *ocop.User) ([]*ocop.Conflict, error) {
	if err := require(u, ocop.PermCouncilScore); err != nil {
		return nil, err
	}
	c, err := s.DB.Conflicts(ctx, u.ID)
	if c == nil {
		c = []*ocop.Conflict{}
	}
	return c, err
}

// DeclareConflict records that the member is linked to a producer of
// their province: they will never see its dossiers.
func (s *Service) DeclareConflict(ctx context.Context, u *ocop.User, producerID int64, note string) error {
	if err := require(u, ocop.PermCouncilScore); err != nil {
		return err
	}
	p, err := s.DB.ProducerByID(ctx, producerID)
	if err != nil {
		return err
	}
	if !sees(u, p.ProvinceCode, p.CommuneCode, p.ID) {
		return ocop.ErrNotFound()
	}
	c := &ocop.Conflict{UserID: u.ID, ProducerID: p.ID, ProducerName: p.Name, Note: clean(note)}
	if len([]rune(c.Note)) > 500 {
		return ocop.Validation{"note": "err.too_long"}.Err()
	}
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddConflict(ctx, c, p.ProvinceCode) })
}

// WithdrawConflict removes a declaration.
func (s *Service) WithdrawConflict(ctx context.Context, u *ocop.User, producerID int64) error {
	if err := require(u, ocop.PermCouncilScore); err != nil {
		return err
	}
	p, err := s.DB.ProducerByID(ctx, producerID)
	if err != nil {
		return err
	}
	if !sees(u, p.ProvinceCode, p.CommuneCode, p.ID) {
		return ocop.ErrNotFound()
	}
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		return tx.RemoveConflict(ctx, u.ID, p.ID, p.ProvinceCode)
	})
}

// Eligible lists the accounts that may sit in a round's council (council
// members of its province) or team (advisory members).
func (s *Service) Eligible(ctx context.Context, u *ocop.User, roundID int64, kind string) ([]*ocop.User, error) {
	if err := validKind(kind); err != nil {
		return nil, err
	}
	r, err := s.Round(ctx, u, roundID)
	if err != nil {
		return nil, err
	}
	role := ocop.RoleCouncil
	if kind == ocop.CouncilAdvisory {
		role = ocop.RoleAdvisory
	}
	users, _, err := s.DB.Users(ctx, store.UserFilter{Scope: r.Scope(), Role: role,
		Status: ocop.UserActive, Limit: 500})
	// The Ministry's council seats members of central scope, not the
	// provinces' members its nationwide filter also finds.
	return slices.DeleteFunc(users, func(m *ocop.User) bool { return m.Scope != r.Scope() }), err
}
