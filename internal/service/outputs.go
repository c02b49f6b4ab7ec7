package service

import (
	"context"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/store"
)

// The printed outputs of a round (issue #5 item 5): each member's score
// sheet, the summary table, the minutes and the proposal list. They read
// only what the results already show, so they are as blind as scoring is.

// RoundReport is a closed round with its council, the results per
// dossier and the recusals per dossier.
type RoundReport struct {
	Round    *ocop.EvalRound
	Council  *CouncilView
	Results  []*DossierResult
	Recusals map[int64][]*ocop.Recusal // by dossier
	Meeting  *ocop.Meeting
}

// RoundReport gathers a round's outputs for its office or a council
// member, once the chair closed scoring.
func (s *Service) RoundReport(ctx context.Context, u *ocop.User, id int64) (*RoundReport, error) {
	res, err := s.Results(ctx, u, id) // checks scope, seat and closing
	if err != nil {
		return nil, err
	}
	r, err := s.DB.RoundByID(ctx, id)
	if err != nil {
		return nil, err
	}
	cv, err := s.council(ctx, r, ocop.CouncilBoard)
	if err != nil {
		return nil, err
	}
	recs, err := s.DB.Recusals(ctx, id)
	if err != nil {
		return nil, err
	}
	by := map[int64][]*ocop.Recusal{}
	for _, rc := range recs {
		by[rc.DossierID] = append(by[rc.DossierID], rc)
	}
	m, err := s.DB.MeetingOf(ctx, id)
	return &RoundReport{r, cv, res, by, m}, err
}

// PrintedSheet is one member's sheet on a dossier for printing.
type PrintedSheet struct {
	*SheetView
	Round   *ocop.EvalRound
	Council *CouncilView
	Member  *ocop.CouncilMember
	Row     store.DossierRow
}

// PrintSheet returns a member's sheet for printing. A member reads their
// own at any time (their newest version); the chair, the secretary and
// the province's office read anyone's newest submitted sheet, but only
// after the chair closed scoring: before, scoring is blind.
func (s *Service) PrintSheet(ctx context.Context, u *ocop.User, id, dossierID, userID int64) (*PrintedSheet, error) {
	r, cv, err := s.sheetReader(ctx, u, id, dossierID, userID)
	if err != nil {
		return nil, err
	}
	m := cv.Member(userID)
	if m == nil {
		return nil, ocop.ErrNotFound()
	}
	rows, _, err := s.DB.Dossiers(ctx, store.DossierFilter{Scope: r.Scope(), Round: id, Limit: 500})
	if err != nil {
		return nil, err
	}
	var row *store.DossierRow
	for i := range rows {
		if rows[i].ID == dossierID {
			row = &rows[i]
		}
	}
	if row == nil {
		return nil, ocop.ErrNotFound()
	}
	sv, err := s.sheetView(ctx, r, dossierID, userID, false)
	if err != nil {
		return nil, err
	}
	if userID != u.ID || sv.Sheet.N == 0 {
		if err := s.lastSubmitted(ctx, r, sv); err != nil {
			return nil, err
		}
	}
	return &PrintedSheet{sv, r, cv, m, *row}, nil
}

// sheetReader checks that u may print userID's sheets on the dossier in
// the round.
func (s *Service) sheetReader(ctx context.Context, u *ocop.User, id, dossierID, userID int64) (*ocop.EvalRound, *CouncilView, error) {
	r, ministry, err := s.ministryReads(ctx, u, id, dossierID)
	own := false
	switch {
	case err != nil:
		return nil, nil, err
	case ministry:
	case u != nil && u.Can(ocop.PermRoundManage):
		rr, err := s.Round(ctx, u, id)
		if err != nil {
			return nil, nil, err
		}
		r = rr
	default:
		mr, err := s.memberReader(ctx, u, id)
		if err != nil {
			return nil, nil, err
		}
		own = userID == u.ID
		if !own && mr.Me.Position != "chair" && mr.Me.Position != "secretary" {
			return nil, nil, ocop.ErrNotFound()
		}
		r = mr.Round
	}
	if !own && r.Status != ocop.RoundClosed && r.Status != ocop.RoundDecided {
		return nil, nil, ocop.Errorf(ocop.ECONFLICT, "err.scores_blind")
	}
	cv, err := s.council(ctx, r, ocop.CouncilBoard)
	return r, cv, err
}

// lastSubmitted puts the member's newest submitted version in sv (the
// one the council's result counts); none is not found.
func (s *Service) lastSubmitted(ctx context.Context, r *ocop.EvalRound, sv *SheetView) error {
	versions, err := s.DB.SheetVersions(ctx, r.ID, sv.Dossier.ID)
	if err != nil {
		return err
	}
	last := LatestSubmitted(versions)[sv.Sheet.UserID]
	if last == nil {
		return ocop.ErrNotFound()
	}
	sv.Sheet, sv.Answers = last, sheetOf(last.Sheet)
	sv.Result, err = sv.Card.Score(sv.Answers)
	return err
}

// LatestSubmitted picks each member's newest submitted sheet from the
// versions (oldest first), the ones the council's result counts.
func LatestSubmitted(versions []*ocop.ScoreSheet) map[int64]*ocop.ScoreSheet {
	out := map[int64]*ocop.ScoreSheet{}
	for _, v := range versions {
		if v.Status == ocop.SheetSubmitted {
			out[v.UserID] = v
		}
	}
	return out
}

// Answers decodes a stored sheet's answers.
func Answers(sh *ocop.ScoreSheet) rulebook.Sheet { return sheetOf(sh.Sheet) }

// MeetingInput is the record of the council's session.
type MeetingInput struct {
	Date    string `json:"date"`
	Place   string `json:"place"`
	Notes   string `json:"notes"`
	Version int64  `json:"version"`
}

// Meeting returns the record of a round's council session for its office.
func (s *Service) Meeting(ctx context.Context, u *ocop.User, roundID int64) (*ocop.Meeting, error) {
	if _, err := s.Round(ctx, u, roundID); err != nil {
		return nil, err
	}
	return s.DB.MeetingOf(ctx, roundID)
}

// SaveMeeting records when and where the council met, for the minutes.
func (s *Service) SaveMeeting(ctx context.Context, u *ocop.User, roundID int64, in MeetingInput) (*ocop.Meeting, error) {
	r, err := s.Round(ctx, u, roundID)
	if err != nil {
		return nil, err
	}
	cur, err := s.DB.MeetingOf(ctx, roundID)
	if err != nil {
		return nil, err
	}
	if in.Version != cur.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	m := *cur
	v := ocop.Validation{}
	m.Date = requiredDate(v, "meeting_date", in.Date)
	m.Place, m.Notes = clean(in.Place), clean(in.Notes)
	checkRequired(v, "meeting_place", m.Place, 300)
	if len([]rune(m.Notes)) > 4000 {
		v.Add("meeting_notes", "err.too_long")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.SaveMeeting(ctx, r, cur, &m) })
	return &m, err
}
