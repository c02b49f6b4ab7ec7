package service

import (
	"context"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// The advisory team's review before the council session (issue #5 item 3,
// QĐ 26/2026 Điều 7.3.c): members of the round's team review each dossier,
// note, survey the site, ask for extra lab tests "nếu cần" and give a
// pre-screening verdict; the team lead reports to the council chair.
// After the report the review is read-only.

// MaxVisitPhotos is how many photos a site visit keeps.
const MaxVisitPhotos = 20

// TeamRound is a round as one advisory team member sees it.
type TeamRound struct {
	Round  *ocop.EvalRound
	Team   *CouncilView
	Me     *ocop.CouncilMember
	Report *ocop.AdvisoryReport // nil until the lead submitted it
}

// teamRound loads a round whose advisory team seats the user; any other
// round is not found.
func (s *Service) teamRound(ctx context.Context, u *ocop.User, id int64) (*TeamRound, error) {
	r, team, me, err := s.seatedRound(ctx, u, id, ocop.PermAdvisoryReview, ocop.CouncilAdvisory)
	if err != nil {
		return nil, err
	}
	rep, err := s.reportOf(ctx, r.ID)
	return &TeamRound{r, team, me, rep}, err
}

func (s *Service) reportOf(ctx context.Context, roundID int64) (*ocop.AdvisoryReport, error) {
	rep, err := s.DB.AdvisoryReportOf(ctx, roundID)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		return nil, nil
	}
	return rep, err
}

// teamDossier loads a dossier of a team member's round; the review may
// change only before the report and while the round has not closed.
func (s *Service) teamDossier(ctx context.Context, u *ocop.User, roundID, dossierID int64, change bool) (*TeamRound, *ocop.Dossier, error) {
	tr, err := s.teamRound(ctx, u, roundID)
	if err != nil {
		return nil, nil, err
	}
	d, err := s.roundDossier(ctx, tr.Round, dossierID)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case !change:
	case tr.Report != nil:
		return nil, nil, ocop.Errorf(ocop.ECONFLICT, "err.advisory_reported")
	case tr.Round.Status == ocop.RoundClosed || tr.Round.Status == ocop.RoundDecided:
		return nil, nil, ocop.Errorf(ocop.ECONFLICT, "err.advisory_round_closed")
	}
	return tr, d, nil
}

// roundDossier loads a dossier of the round; any other is not found.
func (s *Service) roundDossier(ctx context.Context, r *ocop.EvalRound, dossierID int64) (*ocop.Dossier, error) {
	in, err := s.DB.InRound(ctx, r.ID, dossierID)
	if err != nil {
		return nil, err
	}
	if !in {
		return nil, ocop.ErrNotFound()
	}
	return s.DB.DossierByID(ctx, dossierID)
}

// AdvisoryRounds lists the rounds whose advisory team seats the user.
func (s *Service) AdvisoryRounds(ctx context.Context, u *ocop.User) ([]*ocop.EvalRound, error) {
	if err := require(u, ocop.PermAdvisoryReview); err != nil {
		return nil, err
	}
	out, err := s.DB.MemberRounds(ctx, u.ID)
	if out == nil {
		out = []*ocop.EvalRound{}
	}
	return out, err
}

// TeamRoundView is a team member's round: its dossiers and their verdicts.
type TeamRoundView struct {
	*TeamRound
	Dossiers []store.DossierRow
	Verdicts map[int64]*ocop.AdvisoryVerdict
}

// AdvisoryRound returns a team member's round with its dossiers.
func (s *Service) AdvisoryRound(ctx context.Context, u *ocop.User, id int64) (*TeamRoundView, error) {
	tr, err := s.teamRound(ctx, u, id)
	if err != nil {
		return nil, err
	}
	rows, _, err := s.DB.Dossiers(ctx, store.DossierFilter{Scope: tr.Round.Scope(), Round: id, Limit: 500})
	if err != nil {
		return nil, err
	}
	verdicts, err := s.DB.Verdicts(ctx, id)
	return &TeamRoundView{tr, rows, verdicts}, err
}

// Review is the advisory team's review of one dossier.
type Review struct {
	RoundID   int64                 `json:"round_id"`
	DossierID int64                 `json:"dossier_id"`
	Notes     []*ocop.AdvisoryNote  `json:"notes"`
	Visits    []*ocop.SiteVisit     `json:"site_visits"`
	Labs      []*ocop.LabRequest    `json:"lab_requests"`
	Verdict   *ocop.AdvisoryVerdict `json:"verdict"` // nil before the first
	Report    *ocop.AdvisoryReport  `json:"report"`  // nil before the lead submitted it
}

func (s *Service) review(ctx context.Context, roundID, dossierID int64) (*Review, error) {
	rv := &Review{RoundID: roundID, DossierID: dossierID}
	var err error
	if rv.Notes, err = s.DB.AdvisoryNotes(ctx, roundID, dossierID); err != nil {
		return nil, err
	}
	if rv.Visits, err = s.DB.SiteVisits(ctx, roundID, dossierID); err != nil {
		return nil, err
	}
	if rv.Labs, err = s.DB.LabRequests(ctx, roundID, dossierID); err != nil {
		return nil, err
	}
	verdicts, err := s.DB.Verdicts(ctx, roundID)
	if err != nil {
		return nil, err
	}
	rv.Verdict = verdicts[dossierID]
	rv.Notes, rv.Visits, rv.Labs = nonNilOf(rv.Notes), nonNilOf(rv.Visits), nonNilOf(rv.Labs)
	rv.Report, err = s.reportOf(ctx, roundID)
	return rv, err
}

func nonNilOf[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

// AdvisoryReview returns the review of a dossier to a team member.
func (s *Service) AdvisoryReview(ctx context.Context, u *ocop.User, roundID, dossierID int64) (*TeamRound, *ocop.Dossier, *Review, error) {
	tr, d, err := s.teamDossier(ctx, u, roundID, dossierID, false)
	if err != nil {
		return nil, nil, nil, err
	}
	rv, err := s.review(ctx, roundID, dossierID)
	return tr, d, rv, err
}

// ReviewFor returns the team's review of a dossier to the round's office
// (round.manage) or to a council member it is assigned to; council members
// read it only once the team reported, nil before.
func (s *Service) ReviewFor(ctx context.Context, u *ocop.User, roundID, dossierID int64) (*Review, error) {
	if err := s.seesReview(ctx, u, roundID, dossierID); err != nil {
		return nil, err
	}
	rv, err := s.review(ctx, roundID, dossierID)
	if err != nil || rv.Report == nil && !u.Can(ocop.PermRoundManage) && !u.Can(ocop.PermAdvisoryReview) {
		return nil, err
	}
	return rv, nil
}

// seesReview checks that the user may read a dossier's review: the
// round's office, a member of its team, or a council member assigned to it.
func (s *Service) seesReview(ctx context.Context, u *ocop.User, roundID, dossierID int64) error {
	if _, ok, err := s.ministryReads(ctx, u, roundID, dossierID); ok || err != nil {
		return err
	}
	switch {
	case u.Can(ocop.PermRoundManage):
		r, err := s.Round(ctx, u, roundID)
		if err != nil {
			return err
		}
		_, err = s.roundDossier(ctx, r, dossierID)
		return err
	case u.Can(ocop.PermAdvisoryReview):
		_, _, err := s.teamDossier(ctx, u, roundID, dossierID, false)
		return err
	default:
		if _, err := s.memberRound(ctx, u, roundID); err != nil {
			return err
		}
		_, err := s.assigned(ctx, roundID, dossierID, u.ID)
		return err
	}
}

// AddAdvisoryNote records a team member's note on a dossier.
func (s *Service) AddAdvisoryNote(ctx context.Context, u *ocop.User, roundID, dossierID int64, body string) (*ocop.AdvisoryNote, error) {
	tr, d, err := s.teamDossier(ctx, u, roundID, dossierID, true)
	if err != nil {
		return nil, err
	}
	n := &ocop.AdvisoryNote{RoundID: roundID, DossierID: d.ID, UserID: u.ID, Author: u.FullName, Body: clean(body)}
	v := ocop.Validation{}
	checkRequired(v, "body", n.Body, 4000)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return n, s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddAdvisoryNote(ctx, tr.Round, n) })
}

// VisitInput is a site visit record.
type VisitInput struct {
	Date         string `json:"visit_date"`
	Place        string `json:"place"`
	Participants string `json:"participants"`
	Findings     string `json:"findings"`
}

// AddSiteVisit records a site visit (date, place, participants, findings).
func (s *Service) AddSiteVisit(ctx context.Context, u *ocop.User, roundID, dossierID int64, in VisitInput) (*ocop.SiteVisit, error) {
	tr, d, err := s.teamDossier(ctx, u, roundID, dossierID, true)
	if err != nil {
		return nil, err
	}
	sv := &ocop.SiteVisit{RoundID: roundID, DossierID: d.ID, Place: clean(in.Place), Participants: clean(in.Participants),
		Findings: clean(in.Findings), CreatedBy: u.ID, Photos: []*ocop.VisitPhoto{}}
	v := ocop.Validation{}
	sv.Date = requiredDate(v, "visit_date", in.Date)
	checkRequired(v, "place", sv.Place, 300)
	checkRequired(v, "participants", sv.Participants, 1000)
	checkRequired(v, "findings", sv.Findings, 4000)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return sv, s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddSiteVisit(ctx, tr.Round, sv) })
}

// AddVisitPhoto stores a JPEG or PNG photo of a site visit; the file is
// sniffed and size-limited by the file store, written first and removed
// again if the row cannot be.
func (s *Service) AddVisitPhoto(ctx context.Context, u *ocop.User, roundID, dossierID, visitID int64, name string, file io.Reader) (*ocop.VisitPhoto, error) {
	tr, _, err := s.teamDossier(ctx, u, roundID, dossierID, true)
	if err != nil {
		return nil, err
	}
	visits, err := s.DB.SiteVisits(ctx, roundID, dossierID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(visits, func(v *ocop.SiteVisit) bool { return v.ID == visitID })
	if i < 0 {
		return nil, ocop.Validation{"visit_id": "err.choose"}.Err()
	}
	ph := &ocop.VisitPhoto{VisitID: visitID}
	err = s.storeImage(ctx, u, imageUpload{name: name, file: file, have: len(visits[i].Photos), max: MaxVisitPhotos},
		func(tx *store.Tx, saved files.Saved, name string) error {
			ph.FileName, ph.FileKey, ph.ContentType, ph.Size, ph.SHA256 = name, saved.Key, saved.ContentType, saved.Size, saved.SHA256
			return tx.AddVisitPhoto(ctx, tr.Round, ph)
		})
	if err != nil {
		return nil, err
	}
	return ph, nil
}

// VisitPhotoFile opens a site-visit photo for those who may read the
// dossier's review (office, team, council once reported).
func (s *Service) VisitPhotoFile(ctx context.Context, u *ocop.User, roundID, dossierID, photoID int64) (*ocop.VisitPhoto, *os.File, error) {
	rv, err := s.ReviewFor(ctx, u, roundID, dossierID)
	if err != nil {
		return nil, nil, err
	}
	if rv == nil {
		return nil, nil, ocop.ErrNotFound()
	}
	for _, v := range rv.Visits {
		for _, p := range v.Photos {
			if p.ID == photoID {
				f, err := s.openFile(p.FileKey)
				return p, f, err
			}
		}
	}
	return nil, nil, ocop.ErrNotFound()
}

func (s *Service) openFile(key string) (*os.File, error) {
	if s.Files == nil {
		return nil, errNoFiles
	}
	return s.Files.Get(key)
}

// LabInput is a request for an extra lab test.
type LabInput struct {
	What     string `json:"what"`
	Lab      string `json:"lab"`
	Deadline string `json:"deadline"`
}

// RequestLabTest records a request for an extra lab test.
func (s *Service) RequestLabTest(ctx context.Context, u *ocop.User, roundID, dossierID int64, in LabInput) (*ocop.LabRequest, error) {
	tr, d, err := s.teamDossier(ctx, u, roundID, dossierID, true)
	if err != nil {
		return nil, err
	}
	l := &ocop.LabRequest{RoundID: roundID, DossierID: d.ID, What: clean(in.What), Lab: clean(in.Lab),
		Status: ocop.LabRequested, RequestedBy: u.ID}
	v := ocop.Validation{}
	checkRequired(v, "what", l.What, 1000)
	checkRequired(v, "lab", l.Lab, 300)
	l.Deadline = requiredDay(v, "deadline", in.Deadline)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return l, s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddLabRequest(ctx, tr.Round, l) })
}

// LabResultInput records a lab's result: a note and the result file.
type LabResultInput struct {
	LabID    int64
	Version  int64
	Note     string
	FileName string
	File     io.Reader
}

// ReceiveLabResult marks a lab request received with its result file (a
// PDF or image the file store accepts).
func (s *Service) ReceiveLabResult(ctx context.Context, u *ocop.User, roundID, dossierID int64, in LabResultInput) (*ocop.LabRequest, error) {
	tr, _, err := s.teamDossier(ctx, u, roundID, dossierID, true)
	if err != nil {
		return nil, err
	}
	labs, err := s.DB.LabRequests(ctx, roundID, dossierID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(labs, func(l *ocop.LabRequest) bool { return l.ID == in.LabID })
	switch {
	case i < 0:
		return nil, ocop.Validation{"lab_id": "err.choose"}.Err()
	case labs[i].Status == ocop.LabReceived:
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.lab_received")
	case labs[i].Version != in.Version:
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	before, l := labs[i], *labs[i]
	l.ResultNote, l.ResultName, l.Status = clean(in.Note), clean(in.FileName), ocop.LabReceived
	v := ocop.Validation{}
	if len([]rune(l.ResultNote)) > 2000 {
		v.Add("result_note", "err.too_long")
	}
	if in.File == nil || l.ResultName == "" {
		v.Add("file", "err.file_empty")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if s.Files == nil {
		return nil, errNoFiles
	}
	saved, err := s.Files.Save(in.File, l.ResultName)
	if err != nil {
		return nil, fieldError("file", err)
	}
	l.ResultKey, l.ResultType, l.ResultSize, l.ResultSHA256 = saved.Key, saved.ContentType, saved.Size, saved.SHA256
	if err := s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.ReceiveLab(ctx, tr.Round, before, &l) }); err != nil {
		s.Files.Remove(saved.Key)
		return nil, err
	}
	return &l, nil
}

// LabResultFile opens a lab's result file for those who may read the
// review.
func (s *Service) LabResultFile(ctx context.Context, u *ocop.User, roundID, dossierID, labID int64) (*ocop.LabRequest, *os.File, error) {
	rv, err := s.ReviewFor(ctx, u, roundID, dossierID)
	if err != nil {
		return nil, nil, err
	}
	if rv == nil {
		return nil, nil, ocop.ErrNotFound()
	}
	for _, l := range rv.Labs {
		if l.ID == labID && l.ResultKey != "" {
			f, err := s.openFile(l.ResultKey)
			return l, f, err
		}
	}
	return nil, nil, ocop.ErrNotFound()
}

// VerdictInput is the team's pre-screening verdict on a dossier, with the
// version read (0 for the first verdict).
type VerdictInput struct {
	Verdict string `json:"verdict"`
	Reasons string `json:"reasons"`
	Version int64  `json:"version"`
}

// SetVerdict gives or changes the team's verdict on a dossier; reasons
// are required unless the dossier is fit for the council.
func (s *Service) SetVerdict(ctx context.Context, u *ocop.User, roundID, dossierID int64, in VerdictInput) (*ocop.AdvisoryVerdict, error) {
	tr, d, err := s.teamDossier(ctx, u, roundID, dossierID, true)
	if err != nil {
		return nil, err
	}
	verdicts, err := s.DB.Verdicts(ctx, roundID)
	if err != nil {
		return nil, err
	}
	before := verdicts[d.ID]
	want := int64(0)
	if before != nil {
		want = before.Version
	}
	if in.Version != want {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	vd := &ocop.AdvisoryVerdict{RoundID: roundID, DossierID: d.ID, Verdict: clean(in.Verdict), Reasons: clean(in.Reasons), UserID: u.ID}
	v := ocop.Validation{}
	if !slices.Contains(ocop.Verdicts, vd.Verdict) {
		v.Add("verdict", "err.choose")
	}
	if vd.Verdict != ocop.VerdictEligible || vd.Reasons != "" {
		checkRequired(v, "reasons", vd.Reasons, 4000)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return vd, s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.SaveVerdict(ctx, tr.Round, before, vd) })
}

// SubmitAdvisoryReport is the team lead's (position chair) report to the
// council chair, once every dossier of the round has a verdict. The
// council chair is notified; the review is read-only afterwards.
func (s *Service) SubmitAdvisoryReport(ctx context.Context, u *ocop.User, roundID int64, summary string) (*ocop.AdvisoryReport, error) {
	tv, err := s.AdvisoryRound(ctx, u, roundID)
	if err != nil {
		return nil, err
	}
	switch {
	case tv.Me.Position != "chair":
		return nil, ocop.Errorf(ocop.EFORBIDDEN, "err.advisory_lead_only")
	case tv.Report != nil:
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.advisory_reported")
	case len(tv.Dossiers) == 0:
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.round_empty")
	}
	for _, d := range tv.Dossiers {
		if tv.Verdicts[d.ID] == nil {
			return nil, ocop.Errorf(ocop.ECONFLICT, "err.advisory_verdict_missing")
		}
	}
	rep := &ocop.AdvisoryReport{RoundID: roundID, Summary: clean(summary), SubmittedBy: u.ID}
	v := ocop.Validation{}
	checkRequired(v, "summary", rep.Summary, 8000)
	if err := v.Err(); err != nil {
		return nil, err
	}
	board, err := s.council(ctx, tv.Round, ocop.CouncilBoard)
	if err != nil {
		return nil, err
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		if err := tx.SubmitAdvisoryReport(ctx, tv.Round, rep); err != nil {
			return err
		}
		var chair []int64
		for _, m := range board.Members {
			if m.Position == "chair" {
				chair = append(chair, m.UserID)
			}
		}
		n := s.notice(fmt.Sprintf("/hoi-dong/%d", roundID), i18n.T("notify.advisory_report", tv.Round.Name()))
		return tx.Notify(ctx, chair, n)
	})
	if ocop.ErrorCode(err) == ocop.ECONFLICT {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.advisory_reported")
	}
	return rep, err
}

// RoundCompletion sends a dossier of a round back for completion from
// the advisory review (the office, round.manage): the dossier goes to
// the producer and its commune like RequestCompletion, stays in the round
// as "chờ bổ sung", and cannot be scored until the province accepts it
// again after it was refiled and forwarded.
func (s *Service) RoundCompletion(ctx context.Context, u *ocop.User, roundID, dossierID, version int64, reason string) (*ocop.Dossier, error) {
	r, err := s.Round(ctx, u, roundID)
	if err != nil {
		return nil, err
	}
	switch {
	case r.Status == ocop.RoundClosed || r.Status == ocop.RoundDecided:
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.advisory_round_closed")
	case r.Level == ocop.RoundMinistry:
		// The Ministry asks the province in writing (RequestMinistryAdditions);
		// the dossier does not go back down the commune's way.
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.additions_by_letter")
	}
	if _, err := s.roundDossier(ctx, r, dossierID); err != nil {
		return nil, err
	}
	d, err := s.dossierAt(ctx, u, dossierID, version, ocop.PermDossierProvince, ocop.DossierAccepted, "err.dossier_not_accepted")
	if err != nil {
		return nil, err
	}
	return s.sendBack(ctx, u, d, ocop.DossierCompletion, reason, "dossier.round_completion")
}
