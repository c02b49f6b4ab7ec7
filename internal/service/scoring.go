package service

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/store"
)

// Blind scoring (issue #5 item 4): members score the dossiers assigned to
// them, each alone; nobody reads another's sheet before the chair closes
// scoring, and every submitted version stays.

// MemberRound is a round as one council member sees it.
type MemberRound struct {
	Round   *ocop.EvalRound
	Council *CouncilView
	Me      *ocop.CouncilMember
	// PanelOf names the panel of each assigned dossier on one.
	PanelOf map[int64]string
}

// seatedRound loads a round of the user's province where the council of
// the kind (board or advisory team) seats the user; any other round is not
// found, so nothing of it leaks.
func (s *Service) seatedRound(ctx context.Context, u *ocop.User, id int64, perm ocop.Perm, kind string) (*ocop.EvalRound, *CouncilView, *ocop.CouncilMember, error) {
	if err := require(u, perm); err != nil {
		return nil, nil, nil, err
	}
	r, err := s.DB.RoundByID(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	if !u.Scope.Covers(r.Scope()) {
		return nil, nil, nil, ocop.ErrNotFound()
	}
	cv, err := s.council(ctx, r, kind)
	if err != nil {
		return nil, nil, nil, err
	}
	me := cv.Member(u.ID)
	if me == nil {
		return nil, nil, nil, ocop.ErrNotFound()
	}
	return r, cv, me, nil
}

// memberRound loads a round whose council seats the user; any other round
// is not found.
func (s *Service) memberRound(ctx context.Context, u *ocop.User, id int64) (*MemberRound, error) {
	r, cv, me, err := s.seatedRound(ctx, u, id, ocop.PermCouncilScore, ocop.CouncilBoard)
	if err != nil {
		return nil, err
	}
	return &MemberRound{Round: r, Council: cv, Me: me}, nil
}

// MemberRounds lists the rounds whose council seats the user.
func (s *Service) MemberRounds(ctx context.Context, u *ocop.User) ([]*ocop.EvalRound, error) {
	if err := require(u, ocop.PermCouncilScore); err != nil {
		return nil, err
	}
	out, err := s.DB.MemberRounds(ctx, u.ID)
	if out == nil {
		out = []*ocop.EvalRound{}
	}
	return out, err
}

// MemberRoundView is a member's round with the dossiers assigned to them.
func (s *Service) MemberRoundView(ctx context.Context, u *ocop.User, id int64) (*MemberRound, []store.DossierRow, error) {
	mr, err := s.memberRound(ctx, u, id)
	if err != nil {
		return nil, nil, err
	}
	assigned, err := s.DB.AssignedDossiers(ctx, id, u.ID)
	if err != nil {
		return nil, nil, err
	}
	rp, err := s.roundPanels(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	all, _, err := s.DB.Dossiers(ctx, store.DossierFilter{Scope: mr.Round.Scope(), Round: id, Limit: 500})
	mine := []store.DossierRow{}
	mr.PanelOf = map[int64]string{}
	for _, d := range all {
		if _, ok := assigned[d.ID]; ok {
			mine = append(mine, d)
			if p := rp.ByDossier[d.ID]; p != nil {
				mr.PanelOf[d.ID] = p.Name
			}
		}
	}
	return mr, mine, err
}

// roundStatusErr says why a chair's step does not fit the round's status.
var roundStatusErr = map[string]string{ocop.RoundOpen: "err.round_status_open",
	ocop.RoundScoring: "err.round_status_scoring", ocop.RoundClosed: "err.round_status_closed"}

// chairRound loads a round for its council's chair.
func (s *Service) chairRound(ctx context.Context, u *ocop.User, id int64, status string) (*MemberRound, error) {
	mr, err := s.memberRound(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if mr.Me.Position != "chair" {
		return nil, ocop.Errorf(ocop.EFORBIDDEN, "err.council_chair_only")
	}
	if mr.Round.Status != status {
		return nil, ocop.Errorf(ocop.ECONFLICT, roundStatusErr[status])
	}
	return mr, nil
}

// OpenScoring lets members score every dossier of the round, once the
// members marked present make the quorum of the council's rules.
func (s *Service) OpenScoring(ctx context.Context, u *ocop.User, id int64) (*ocop.EvalRound, error) {
	mr, err := s.chairRound(ctx, u, id, ocop.RoundOpen)
	if err != nil {
		return nil, err
	}
	if ok, needed, present := mr.Council.Quorum(); !ok {
		// Re-rating decided by written opinions needs no meeting.
		if written, err := s.writtenRound(ctx, mr); err != nil || !written {
			return nil, cmp.Or(err, error(ocop.Errorf(ocop.ECONFLICT, "err.quorum").With(present, needed)))
		}
	}
	if mr.Council.DecisionNo == "" {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.council_missing")
	}
	if err := s.panelsReady(ctx, mr.Round, mr.Council); err != nil {
		return nil, err
	}
	_, n, err := s.DB.Dossiers(ctx, store.DossierFilter{Scope: mr.Round.Scope(), Round: id, Limit: 1})
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.round_empty")
	}
	return s.moveRound(ctx, u, mr.Round, ocop.RoundScoring, "round.scoring_open", true)
}

// moveRound changes a round's status and opens or closes scoring of the
// given dossiers (all when none).
func (s *Service) moveRound(ctx context.Context, u *ocop.User, r *ocop.EvalRound, status, action string, scoring bool, ids ...int64) (*ocop.EvalRound, error) {
	err := s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		if err := tx.SetRoundScoring(ctx, r, scoring, ids...); err != nil {
			return err
		}
		return tx.SetRoundStatus(ctx, r, status, action)
	})
	return r, err
}

// CloseScoring ends scoring: no sheet changes after it, and the results
// become readable.
func (s *Service) CloseScoring(ctx context.Context, u *ocop.User, id int64) (*ocop.EvalRound, error) {
	mr, err := s.chairRound(ctx, u, id, ocop.RoundScoring)
	if err != nil {
		return nil, err
	}
	return s.moveRound(ctx, u, mr.Round, ocop.RoundClosed, "round.scoring_close", false)
}

// Rescore reopens scoring of some dossiers after the council discussed
// where members diverge; members submit new versions of their sheets.
func (s *Service) Rescore(ctx context.Context, u *ocop.User, id int64, dossiers []int64) (*ocop.EvalRound, error) {
	mr, err := s.chairRound(ctx, u, id, ocop.RoundClosed)
	if err != nil {
		return nil, err
	}
	if len(dossiers) == 0 {
		return nil, ocop.Validation{"dossiers": "err.required"}.Err()
	}
	r, err := s.moveRound(ctx, u, mr.Round, ocop.RoundScoring, "round.rescore", true, dossiers...)
	if ocop.ErrorCode(err) == ocop.ECONFLICT {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.round_dossier_not_in")
	}
	return r, err
}

// Recuse steps a member aside from a dossier, with the reason; they no
// longer see it.
func (s *Service) Recuse(ctx context.Context, u *ocop.User, id, dossierID int64, reason string) error {
	mr, err := s.memberRound(ctx, u, id)
	if err != nil {
		return err
	}
	if _, err := s.assigned(ctx, id, dossierID, u.ID); err != nil {
		return err
	}
	rc := &ocop.Recusal{RoundID: id, DossierID: dossierID, UserID: u.ID, Reason: clean(reason)}
	v := ocop.Validation{}
	checkRequired(v, "reason", rc.Reason, 1000)
	if err := v.Err(); err != nil {
		return err
	}
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddRecusal(ctx, mr.Round, rc) })
}

// assigned reports whether members may score the dossier now; a dossier
// not assigned to the member (declared producer, recusal, other round) is
// not found.
func (s *Service) assigned(ctx context.Context, roundID, dossierID, userID int64) (scoring bool, err error) {
	set, err := s.DB.AssignedDossiers(ctx, roundID, userID)
	if err != nil {
		return false, err
	}
	scoring, ok := set[dossierID]
	if !ok {
		return false, ocop.ErrNotFound()
	}
	return scoring, nil
}

// SheetView is a member's own sheet on a dossier with its scorecard.
type SheetView struct {
	Dossier *ocop.Dossier    `json:"-"`
	Card    *rulebook.Card   `json:"-"`
	Sheet   *ocop.ScoreSheet `json:"sheet"`
	Answers rulebook.Sheet   `json:"answers"`
	Result  *rulebook.Result `json:"result"` // the engine on this sheet alone
	Open    bool             `json:"open"`   // the member may change it now
}

// MySheet returns the member's newest sheet version on an assigned
// dossier (an empty draft before the first save).
func (s *Service) MySheet(ctx context.Context, u *ocop.User, id, dossierID int64) (*SheetView, error) {
	mr, err := s.memberRound(ctx, u, id)
	if err != nil {
		return nil, err
	}
	scoring, err := s.assigned(ctx, id, dossierID, u.ID)
	if err != nil {
		return nil, err
	}
	return s.sheetView(ctx, mr.Round, dossierID, u.ID, scoring)
}

func (s *Service) sheetView(ctx context.Context, r *ocop.EvalRound, dossierID, userID int64, scoring bool) (*SheetView, error) {
	d, err := s.DB.DossierByID(ctx, dossierID)
	if err != nil {
		return nil, err
	}
	card, err := DossierCard(d)
	if err != nil {
		return nil, err
	}
	sh, err := s.DB.LatestSheet(ctx, r.ID, dossierID, userID)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		sh, err = &ocop.ScoreSheet{RoundID: r.ID, DossierID: dossierID, UserID: userID, Sheet: "{}",
			Comments: map[string]string{}, Status: ocop.SheetDraft}, nil
	}
	if err != nil {
		return nil, err
	}
	answers := sheetOf(sh.Sheet)
	res, err := card.Score(answers)
	return &SheetView{d, card, sh, answers, res, scoring && r.Scoring()}, err
}

func sheetOf(raw string) rulebook.Sheet {
	var sh rulebook.Sheet
	json.Unmarshal([]byte(raw), &sh)
	if sh.Answers == nil {
		sh.Answers = map[string]float64{}
	}
	return sh
}

// SheetInput is a save of a sheet: the answers, a comment per criterion,
// the version the member last read (0 before the first save), whether to
// submit, and for a secretary entering a paper sheet, whose it is.
type SheetInput struct {
	rulebook.Sheet
	Comments map[string]string `json:"comments"`
	Version  int64             `json:"version"`
	N        int               `json:"n"`
	Submit   bool              `json:"submit"`
	For      int64             `json:"for_user_id,omitempty"`
}

// SaveScoreSheet saves a draft or submits it. A submitted sheet is never
// changed: saving again starts a new version, which needs the version the
// member read, so a second tab's submit gets a conflict.
func (s *Service) SaveScoreSheet(ctx context.Context, u *ocop.User, id, dossierID int64, in SheetInput) (*SheetView, error) {
	mr, err := s.memberRound(ctx, u, id)
	if err != nil {
		return nil, err
	}
	target, paper := u.ID, false
	if in.For != 0 && in.For != u.ID {
		if mr.Me.Position != "secretary" || mr.Council.Member(in.For) == nil {
			return nil, ocop.Errorf(ocop.EFORBIDDEN, "err.council_secretary_only")
		}
		target, paper = in.For, true
	}
	scoring, err := s.assigned(ctx, id, dossierID, target)
	if err != nil {
		return nil, err
	}
	if !scoring || !mr.Round.Scoring() {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.scoring_closed")
	}
	cur, err := s.sheetView(ctx, mr.Round, dossierID, target, scoring)
	if err != nil {
		return nil, err
	}
	if err := cur.Card.Validate(in.Sheet); err != nil {
		return nil, err
	}
	if err := checkComments(cur.Card, in.Comments); err != nil {
		return nil, err
	}
	if in.Version != cur.Sheet.Version || in.N != cur.Sheet.N {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	written := in.Submit && writtenOpinion(mr.Council, cur.Dossier)
	differed := false
	if written {
		if differed, err = s.opinionsDiffer(ctx, mr.Round, mr.Council, cur.Dossier); err != nil {
			return nil, err
		}
	}
	raw, _ := json.Marshal(in.Sheet)
	next := *cur.Sheet
	next.Sheet, next.Comments, next.Paper, next.EnteredBy = string(raw), in.Comments, paper, u.ID
	next.Status = ocop.SheetDraft
	if in.Submit {
		next.Status = ocop.SheetSubmitted
	}
	insert := cur.Sheet.N == 0 || cur.Sheet.Status == ocop.SheetSubmitted
	if insert {
		next.N = cur.Sheet.N + 1
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.SaveSheet(ctx, mr.Round, &next, insert) })
	if err != nil {
		return nil, err
	}
	if written {
		if err := s.tellChairIfDiffer(ctx, u, mr, cur.Dossier, differed); err != nil {
			return nil, err
		}
	}
	return s.sheetView(ctx, mr.Round, dossierID, target, scoring)
}

func checkComments(card *rulebook.Card, comments map[string]string) error {
	v := ocop.Validation{}
	for code, c := range comments {
		switch {
		case card.Criterion(code) == nil:
			v.Add("comments", "err.score_comment_criterion")
		case len([]rune(c)) > 2000:
			v.Add("comments", "err.too_long")
		}
	}
	return v.Err()
}

// DossierResult is the council's result on one dossier of a round.
type DossierResult struct {
	store.DossierRow
	Result   *rulebook.CouncilResult `json:"result"` // nil before any submitted sheet
	Sheets   []*ocop.ScoreSheet      `json:"sheets"` // every version of every member's sheet
	Rescored bool                    `json:"rescoring_open"`
	// Written: decided by written opinions (re-rating, council setting on);
	// MeetingNeeded: those opinions differ beyond the tolerance.
	Written       bool `json:"written_opinion"`
	MeetingNeeded bool `json:"meeting_needed"`
	// Panel is the sub-panel that scored the dossier, "" for the council.
	Panel string `json:"panel,omitempty"`
}

// Results are the council's results per dossier, from the rulebook
// engine on each member's newest submitted sheet. They exist only once
// the chair closed scoring: before that, nobody reads others' sheets.
func (s *Service) Results(ctx context.Context, u *ocop.User, id int64) ([]*DossierResult, error) {
	r, err := s.resultsRound(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if r.Status != ocop.RoundClosed && r.Status != ocop.RoundDecided {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.scores_blind")
	}
	cv, err := s.council(ctx, r, ocop.CouncilBoard)
	if err != nil {
		return nil, err
	}
	rows, _, err := s.DB.Dossiers(ctx, store.DossierFilter{Scope: r.Scope(), Round: id, Limit: 500})
	if err != nil {
		return nil, err
	}
	out := []*DossierResult{}
	for _, row := range rows {
		dr, err := s.dossierResult(ctx, r, cv, row)
		if err != nil {
			return nil, err
		}
		out = append(out, dr)
	}
	return out, nil
}

// resultsRound loads a round for a reader of its results: the Ministry
// reading a proposed dossier's provincial round, the round's office, or a
// member of its council.
func (s *Service) resultsRound(ctx context.Context, u *ocop.User, id int64) (*ocop.EvalRound, error) {
	if r, ok, err := s.ministryReads(ctx, u, id, 0); ok || err != nil {
		return r, err
	}
	if u != nil && u.Can(ocop.PermRoundManage) {
		return s.Round(ctx, u, id)
	}
	mr, err := s.memberReader(ctx, u, id)
	if err != nil {
		return nil, err
	}
	return mr.Round, nil
}

// memberReader is memberRound for a reader of a round's outputs: an
// advisory member, who reads them only as the Ministry's (ministryReads),
// finds nothing.
func (s *Service) memberReader(ctx context.Context, u *ocop.User, id int64) (*MemberRound, error) {
	if u != nil && !u.Can(ocop.PermCouncilScore) {
		return nil, ocop.ErrNotFound()
	}
	return s.memberRound(ctx, u, id)
}

func (s *Service) dossierResult(ctx context.Context, r *ocop.EvalRound, cv *CouncilView, row store.DossierRow) (*DossierResult, error) {
	versions, err := s.DB.SheetVersions(ctx, r.ID, row.ID)
	if err != nil {
		return nil, err
	}
	// Only the sheets of the dossier's panel count when it is on one.
	cv, panel, err := s.scorers(ctx, r, cv, row.ID)
	if err != nil {
		return nil, err
	}
	latest := LatestSubmitted(versions)
	dr := &DossierResult{DossierRow: row, Sheets: nonNilSheets(versions), Written: writtenOpinion(cv, row.Dossier), Panel: panel}
	var members []rulebook.Member
	for _, m := range cv.Members {
		if sh, ok := latest[m.UserID]; ok {
			members = append(members, rulebook.Member{Name: m.FullName, Chair: m.Position == "chair", Sheet: sheetOf(sh.Sheet)})
		}
	}
	if len(members) == 0 {
		return dr, nil
	}
	card, err := DossierCard(row.Dossier)
	if err != nil {
		return nil, err
	}
	dr.Result, err = card.ScoreCouncil(members, cv.Rules())
	dr.MeetingNeeded = err == nil && dr.Written && dr.Result.NeedsRescoring
	return dr, err
}

func nonNilSheets(v []*ocop.ScoreSheet) []*ocop.ScoreSheet {
	if v == nil {
		return []*ocop.ScoreSheet{}
	}
	return slices.Clip(v)
}
