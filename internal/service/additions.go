package service

import (
	"context"
	"fmt"
	"time"

	"github.com/ocopvn/ocop/internal/calendar"
	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// The Ministry's request for additions (issue #5 item 3, QĐ 26/2026
// Điều 7 bước 4): at central level it is a letter to the province's
// People's Committee. The dossier leaves the Ministry round's scoring set;
// the province passes the request to the producer through the completion
// flow (the dossier is editable again); the producer refiles with the
// province, not the commune; the province's new letter sends the dossier
// back to the Ministry round, or to the next one by the letter's date.

// MaxAdditionsDays bounds the deadline a request gives, in working days.
const MaxAdditionsDays = 60

// AdditionsInput is the Ministry's letter; the JSON names are the API's.
type AdditionsInput struct {
	LetterNo    string `json:"letter_no"`   // optional
	LetterDate  string `json:"letter_date"` // dd/mm/yyyy
	Content     string `json:"content"`     // what is missing, per criterion where possible
	WorkingDays int    `json:"working_days"`
	Version     int64  `json:"version"` // the dossier's version read
}

// RequestMinistryAdditions records the Ministry's letter asking a
// province for additions to a dossier of its round, before scoring opened;
// one request per dossier is open at a time. The province's office is
// told.
func (s *Service) RequestMinistryAdditions(ctx context.Context, u *ocop.User, roundID, dossierID int64, in AdditionsInput) (*ocop.MinistryAdditions, error) {
	r, err := s.Round(ctx, u, roundID)
	if err != nil {
		return nil, err
	}
	switch {
	case r.Level != ocop.RoundMinistry:
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.additions_provincial") // a province asks through RoundCompletion
	case r.Status != ocop.RoundOpen:
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.additions_scoring")
	}
	d, err := s.roundDossier(ctx, r, dossierID)
	if err != nil {
		return nil, err
	}
	switch {
	case d.Status == ocop.DossierAdditions || d.Status == ocop.DossierCompletion:
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.additions_open")
	case d.Status != ocop.DossierMinistry:
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.additions_status")
	case d.Version != in.Version:
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	a, err := s.additionsFrom(ctx, u, r, d, in)
	if err != nil {
		return nil, err
	}
	next := *d
	next.Status, next.ReturnReason = ocop.DossierAdditions, a.Content
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		if err := tx.CreateMinistryAdditions(ctx, a); err != nil {
			return err
		}
		if err := tx.UpdateDossier(ctx, d, &next, "dossier.ministry_additions"); err != nil {
			return err
		}
		return s.notifyMove(ctx, tx, &next)
	})
	if ocop.ErrorCode(err) == ocop.ECONFLICT {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.additions_open")
	}
	return a, err
}

// additionsFrom validates the letter; its deadline counts working days
// from the letter's date on the platform's calendar.
func (s *Service) additionsFrom(ctx context.Context, u *ocop.User, r *ocop.EvalRound, d *ocop.Dossier, in AdditionsInput) (*ocop.MinistryAdditions, error) {
	a := &ocop.MinistryAdditions{DossierID: d.ID, RoundID: r.ID, ProvinceCode: d.ProvinceCode, LetterNo: clean(in.LetterNo),
		Content: clean(in.Content), WorkingDays: in.WorkingDays, Status: ocop.AdditionsOpen, RequestedBy: u.ID}
	v := ocop.Validation{}
	if len([]rune(a.LetterNo)) > 100 {
		v.Add("letter_no", "err.too_long")
	}
	a.LetterDate = requiredDate(v, "letter_date", in.LetterDate)
	checkRequired(v, "content", a.Content, 8000)
	if a.WorkingDays < 1 || a.WorkingDays > MaxAdditionsDays {
		v.Add("working_days", "err.additions_days")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	from, _ := time.ParseInLocation(time.DateOnly, a.LetterDate, calendar.Zone())
	a.DueOn = cal.AddWorkingDays(from, a.WorkingDays).Format(time.DateOnly)
	return a, nil
}

// currentAdditions is a dossier's request not yet closed, nil when none.
func (s *Service) currentAdditions(ctx context.Context, dossierID int64) (*ocop.MinistryAdditions, error) {
	list, err := s.DB.MinistryAdditionsOf(ctx, dossierID)
	if err != nil || len(list) == 0 || list[0].Status == ocop.AdditionsClosed {
		return nil, err
	}
	return list[0], nil
}

// MinistryAdditions lists a dossier's requests for additions, newest
// first, to whoever may see the dossier.
func (s *Service) MinistryAdditions(ctx context.Context, u *ocop.User, dossierID int64) ([]*ocop.MinistryAdditions, error) {
	if _, err := s.Dossier(ctx, u, dossierID); err != nil {
		return nil, err
	}
	list, err := s.DB.MinistryAdditionsOf(ctx, dossierID)
	return nonNilOf(list), err
}

// PassAdditions is the province's office passing the Ministry's request
// to the producer: the dossier goes into completion (editable again) with
// the request's content and deadline as the reason.
func (s *Service) PassAdditions(ctx context.Context, u *ocop.User, dossierID, version int64) (*ocop.Dossier, error) {
	d, err := s.dossierAt(ctx, u, dossierID, version, ocop.PermDossierProvince, ocop.DossierAdditions, "err.additions_not_open")
	if err != nil {
		return nil, err
	}
	a, err := s.currentAdditions(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	if a == nil || a.Status != ocop.AdditionsOpen {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.additions_not_open")
	}
	next := *d
	next.Status, next.ReturnReason = ocop.DossierCompletion, i18n.T("additions.reason", a.Content, dayOf(a.DueOn))
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		if err := tx.SetAdditionsStatus(ctx, a, ocop.AdditionsPassed); err != nil {
			return err
		}
		if err := tx.UpdateDossier(ctx, d, &next, "dossier.additions_pass"); err != nil {
			return err
		}
		return s.notifyMove(ctx, tx, &next)
	})
	return &next, err
}

// dayOf writes a YYYY-MM-DD day as dd/mm/yyyy.
func dayOf(day string) string {
	t, err := time.ParseInLocation(time.DateOnly, day, calendar.Zone())
	if err != nil {
		return day
	}
	return i18n.Date(t)
}

// refiling is the request a producer's submission answers: one passed to
// them; nil when the dossier goes the commune's way.
func (s *Service) refiling(ctx context.Context, d *ocop.Dossier) (*ocop.MinistryAdditions, error) {
	a, err := s.currentAdditions(ctx, d.ID)
	if err != nil || a == nil || a.Status != ocop.AdditionsPassed {
		return nil, err
	}
	return a, nil
}

// reproposal checks the province's new letter after the producer
// refiled: the request to close and the letter's number.
func (s *Service) reproposal(ctx context.Context, d *ocop.Dossier) (*ocop.MinistryAdditions, int, error) {
	a, err := s.currentAdditions(ctx, d.ID)
	if err != nil {
		return nil, 0, err
	}
	if a == nil || a.Status != ocop.AdditionsRefiled {
		return nil, 0, ocop.Errorf(ocop.ECONFLICT, "err.proposal_not_refiled")
	}
	p, err := s.DB.MinistryProposal(ctx, d.ID)
	if err != nil {
		return nil, 0, err
	}
	return a, p.N + 1, nil
}

// leaving is the round the dossier leaves when the province's new letter
// comes: it stays in the round that asked while that round still gathers
// dossiers and the letter's date is in its window; otherwise it leaves
// it, for the round the letter's date reaches. Nil when it stays.
func (s *Service) leaving(ctx context.Context, a *ocop.MinistryAdditions, d *ocop.Dossier, letterDate string) (*ocop.EvalRound, error) {
	r, err := s.DB.RoundByID(ctx, a.RoundID)
	if err != nil {
		return nil, err
	}
	if r.Status == ocop.RoundOpen && letterDate >= r.ForwardedFrom && letterDate < r.ForwardedTo {
		return nil, nil
	}
	if in, err := s.DB.InRound(ctx, r.ID, d.ID); err != nil || !in {
		return nil, err
	}
	return r, nil
}

// backToMinistry closes the request and puts the dossier back in the
// Ministry's hands, out of the round it leaves if any.
func backToMinistry(ctx context.Context, tx *store.Tx, a *ocop.MinistryAdditions, d *ocop.Dossier, leaves *ocop.EvalRound) error {
	if err := tx.SetAdditionsStatus(ctx, a, ocop.AdditionsClosed); err != nil {
		return err
	}
	next := *d
	next.Status, next.ReturnReason = ocop.DossierMinistry, ""
	if err := tx.UpdateDossier(ctx, d, &next, "dossier.ministry_back"); err != nil {
		return err
	}
	if leaves == nil {
		return nil
	}
	return tx.RemoveRoundDossier(ctx, leaves, d)
}

// notifyMinistry tells the Ministry's office a letter proposed a dossier.
func (s *Service) notifyMinistry(ctx context.Context, tx *store.Tx, d *ocop.Dossier) error {
	name, err := tx.ProductName(ctx, d.ProductID)
	if err != nil {
		return err
	}
	ids, err := audience{role: ocop.RoleMinistry}.users(ctx, tx)
	if err != nil {
		return err
	}
	return tx.Notify(ctx, ids, s.notice(fmt.Sprintf("/ho-so/%d", d.ID), i18n.T("notify.proposal", name)))
}
