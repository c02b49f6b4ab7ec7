package service

import (
	"context"
	"time"

	"github.com/ocopvn/ocop/internal/calendar"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// RoundInput is the form opening a round; the JSON names are the API's.
// A regular round takes its window and deadline from the calendar of
// QĐ 26/2026 Điều 5; an extra round (when the province's rules allow one)
// states them.
type RoundInput struct {
	Year          int    `json:"year"`
	Number        int    `json:"number"`
	Kind          string `json:"kind"`
	Title         string `json:"title"`
	ForwardedFrom string `json:"forwarded_from"`
	ForwardedTo   string `json:"forwarded_to"`
	DecideBy      string `json:"decide_by"`
}

// CreateRound opens a round of the officer's office: a provincial round
// in their province, or a Ministry round for the Ministry's office.
func (s *Service) CreateRound(ctx context.Context, u *ocop.User, in RoundInput) (*ocop.EvalRound, error) {
	r, err := newRound(u, in)
	if err != nil {
		return nil, err
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.CreateRound(ctx, r) })
	if ocop.ErrorCode(err) == ocop.ECONFLICT {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.round_exists")
	}
	return r, err
}

// newRound is the round u's office would open from the form, checked.
func newRound(u *ocop.User, in RoundInput) (*ocop.EvalRound, error) {
	if err := require(u, ocop.PermRoundManage); err != nil {
		return nil, err
	}
	if u.Scope.Level == ocop.LevelCommune {
		return nil, ocop.Errorf(ocop.EFORBIDDEN, "err.forbidden")
	}
	r := &ocop.EvalRound{Level: ocop.LevelOf(u.Scope), ProvinceCode: u.Scope.Province, Status: ocop.RoundOpen}
	return r, roundFrom(r, in)
}

// roundFrom validates the form into r.
func roundFrom(r *ocop.EvalRound, in RoundInput) error {
	v := ocop.Validation{}
	r.Year, r.Number, r.Kind, r.Title = in.Year, in.Number, clean(in.Kind), clean(in.Title)
	if r.Year < 2025 || r.Year > 2100 {
		v.Add("year", "err.round_year")
	}
	if len([]rune(r.Title)) > 200 {
		v.Add("title", "err.too_long")
	}
	switch r.Kind {
	case ocop.RoundRegular:
		from, to, by, ok := ocop.RoundDeadlines(r.Level, r.Year, r.Number, calendar.Zone())
		if !ok {
			v.Add("number", "err.round_number")
		}
		r.ForwardedFrom, r.ForwardedTo, r.DecideBy = isoDay(from), isoDay(to), isoDay(by)
	case ocop.RoundExtra:
		if r.Number < 1 || r.Number > 99 {
			v.Add("number", "err.round_number")
		}
		r.ForwardedFrom = requiredDay(v, "forwarded_from", in.ForwardedFrom)
		r.ForwardedTo = requiredDay(v, "forwarded_to", in.ForwardedTo)
		r.DecideBy = requiredDay(v, "decide_by", in.DecideBy)
		if r.ForwardedFrom != "" && r.ForwardedTo != "" && r.ForwardedTo <= r.ForwardedFrom {
			v.Add("forwarded_to", "err.round_window")
		}
		if r.ForwardedTo != "" && r.DecideBy != "" && r.DecideBy < r.ForwardedTo {
			v.Add("decide_by", "err.round_decide_by")
		}
	default:
		v.Add("kind", "err.choose")
	}
	return v.Err()
}

// requiredDay reads a date that must be given (future dates allowed).
func requiredDay(v ocop.Validation, field, s string) string {
	if clean(s) == "" {
		v.Add(field, "err.required")
	}
	return checkDate(v, field, s, false)
}

func isoDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// Rounds lists the rounds the officer's office runs.
func (s *Service) Rounds(ctx context.Context, u *ocop.User) ([]store.RoundRow, error) {
	if err := require(u, ocop.PermRoundManage); err != nil {
		return nil, err
	}
	return s.DB.Rounds(ctx, u.Scope, ocop.LevelOf(u.Scope))
}

// Round returns a round the user's office runs (ocop.EvalRound.Scope):
// any other round is not found, so nothing of another province leaks and
// a province does not run the Ministry's rounds.
func (s *Service) Round(ctx context.Context, u *ocop.User, id int64) (*ocop.EvalRound, error) {
	if err := require(u, ocop.PermRoundManage); err != nil {
		return nil, err
	}
	r, err := s.DB.RoundByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if u.Scope != r.Scope() {
		return nil, ocop.ErrNotFound()
	}
	return r, nil
}

// RoundDossiers are a round's dossiers and the accepted dossiers of its
// province forwarded in its window that are in no round yet.
type RoundDossiers struct {
	In, Candidates []store.DossierRow
	// Submitted counts the members who submitted a sheet, per dossier.
	Submitted map[int64]int
}

// RoundDossierList lists a round's dossiers and its candidates.
func (s *Service) RoundDossierList(ctx context.Context, u *ocop.User, id int64) (*ocop.EvalRound, RoundDossiers, error) {
	r, err := s.Round(ctx, u, id)
	if err != nil {
		return nil, RoundDossiers{}, err
	}
	var out RoundDossiers
	out.In, _, err = s.DB.Dossiers(ctx, store.DossierFilter{Scope: r.Scope(), Round: r.ID, Limit: 500})
	if err != nil {
		return nil, out, err
	}
	if out.Submitted, err = s.DB.SubmittedCounts(ctx, r.ID); err != nil {
		return nil, out, err
	}
	if out.Candidates, _, err = s.DB.Dossiers(ctx, candidates(r)); err != nil || r.Level != ocop.RoundProvince {
		return r, out, err
	}
	central, _, err := s.DB.Dossiers(ctx, store.DossierFilter{Scope: r.Scope(), Status: ocop.DossierCentral,
		Unassigned: r.Level, Limit: 500})
	out.Candidates = append(out.Candidates, central...)
	return r, out, err
}

// candidates selects the dossiers a round may still take, none of them
// yet in a round of its level: for a province, the accepted dossiers its
// communes forwarded in the window; for the Ministry, those the provinces
// proposed for 5★ by a letter dated in the window.
func candidates(r *ocop.EvalRound) store.DossierFilter {
	f := store.DossierFilter{Scope: r.Scope(), Unassigned: r.Level, Limit: 500}
	if r.Level == ocop.RoundMinistry {
		f.Status, f.ProposedFrom, f.ProposedTo = ocop.DossierMinistry, r.ForwardedFrom, r.ForwardedTo
		return f
	}
	f.Status = ocop.DossierAccepted
	f.ForwardedFrom, f.ForwardedTo = roundWindow(r)
	return f
}

// roundWindow is the round's forwarding window as instants.
func roundWindow(r *ocop.EvalRound) (from, to time.Time) {
	from, _ = time.ParseInLocation(time.DateOnly, r.ForwardedFrom, calendar.Zone())
	to, _ = time.ParseInLocation(time.DateOnly, r.ForwardedTo, calendar.Zone())
	return from, to
}

// openRound loads a round that still gathers dossiers.
func (s *Service) openRound(ctx context.Context, u *ocop.User, id int64) (*ocop.EvalRound, error) {
	r, err := s.Round(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if r.Status != ocop.RoundOpen {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.round_not_open")
	}
	return r, nil
}

// AddRoundDossier puts a dossier into the round: an accepted dossier of
// the round's province forwarded in its window, or for the Ministry a
// dossier proposed for 5★ by a letter dated in its window. A dossier is in
// one round per level at most.
func (s *Service) AddRoundDossier(ctx context.Context, u *ocop.User, roundID, dossierID int64) error {
	r, err := s.openRound(ctx, u, roundID)
	if err != nil {
		return err
	}
	d, err := s.Dossier(ctx, u, dossierID)
	if err != nil {
		return err
	}
	if !r.Scope().Contains(d.ProvinceCode, "") {
		return ocop.ErrNotFound()
	}
	if err := s.fitsRound(ctx, r, d); err != nil {
		return err
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddRoundDossier(ctx, r, d) })
	if ocop.ErrorCode(err) == ocop.ECONFLICT {
		return ocop.Errorf(ocop.ECONFLICT, "err.round_dossier_taken")
	}
	return err
}

// fitsRound says why a dossier cannot join the round, if it cannot.
func (s *Service) fitsRound(ctx context.Context, r *ocop.EvalRound, d *ocop.Dossier) error {
	if r.Level == ocop.RoundMinistry {
		p, err := s.DB.MinistryProposal(ctx, d.ID)
		switch {
		case ocop.ErrorCode(err) == ocop.ENOTFOUND || d.Status != ocop.DossierMinistry:
			return ocop.Errorf(ocop.ECONFLICT, "err.round_dossier_not_proposed")
		case err != nil:
			return err
		case p.LetterDate < r.ForwardedFrom || p.LetterDate >= r.ForwardedTo:
			return ocop.Errorf(ocop.ECONFLICT, "err.round_dossier_window")
		}
		return nil
	}
	if d.Status == ocop.DossierCentral {
		// Sent back by the Ministry below 5★: the province may evaluate it
		// again in a round of its own instead (QĐ 26/2026 Điều 7 bước 4).
		return nil
	}
	from, to := roundWindow(r)
	switch {
	case d.Status != ocop.DossierAccepted:
		return ocop.Errorf(ocop.ECONFLICT, "err.round_dossier_not_accepted")
	case d.ForwardedAt.Before(from) || !d.ForwardedAt.Before(to):
		return ocop.Errorf(ocop.ECONFLICT, "err.round_dossier_window")
	}
	return nil
}

// RemoveRoundDossier takes a dossier out of a round still gathering them.
func (s *Service) RemoveRoundDossier(ctx context.Context, u *ocop.User, roundID, dossierID int64) error {
	r, err := s.openRound(ctx, u, roundID)
	if err != nil {
		return err
	}
	d, err := s.Dossier(ctx, u, dossierID)
	if err != nil {
		return err
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.RemoveRoundDossier(ctx, r, d) })
	if ocop.ErrorCode(err) == ocop.ECONFLICT {
		return ocop.Errorf(ocop.ECONFLICT, "err.round_dossier_not_in")
	}
	return err
}
