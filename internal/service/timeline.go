package service

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/ocopvn/ocop/internal/calendar"
	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// Step is one event in a dossier's history, read from the audit trail.
type Step struct {
	At     time.Time
	Actor  string
	Action string // catalogue key "step.<action>"
	Note   string // the reason given when sent back
}

// Standing says where a dossier is: who holds it, what they must do by
// when, and what happened so far.
type Standing struct {
	QueueItem        // the commune's deadline while it waits there
	Holder    string // catalogue key "holder.<who>"
	Due       time.Time
	Steps     []Step
}

// timelineActions are the audit actions that move a dossier along.
var timelineActions = map[string]bool{"dossier.create": true, "dossier.submit": true, "dossier.receive": true,
	"dossier.commune_report": true, "dossier.return": true, "dossier.forward": true, "dossier.completion": true,
	"dossier.accept": true, "dossier.decide": true, "dossier.ministry_propose": true, "dossier.ministry_additions": true,
	"dossier.additions_pass": true}

// withReason are the steps whose note is the reason the dossier carries.
var withReason = map[string]bool{"dossier.return": true, "dossier.completion": true, "dossier.ministry_additions": true,
	"dossier.additions_pass": true}

// Standing tells the people following a dossier where it stands.
func (s *Service) Standing(ctx context.Context, u *ocop.User, d *ocop.Dossier) (*Standing, error) {
	if err := s.canSee(ctx, u, d); err != nil {
		return nil, err
	}
	return s.standing(ctx, d)
}

// standing is Standing for a dossier already checked.
func (s *Service) standing(ctx context.Context, d *ocop.Dossier) (*Standing, error) {
	st := &Standing{QueueItem: QueueItem{DossierRow: store.DossierRow{Dossier: d}}}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	st.setDeadline(cal, s.DB.Now())
	st.Holder, st.Due = holderOf(d, st.Deadline)
	if a, err := s.currentAdditions(ctx, d.ID); err != nil {
		return nil, err
	} else if a != nil {
		st.Holder, st.Due = additionsHolder(a)
	}
	entries, err := s.DB.AuditEntries(ctx, store.AuditFilter{Entity: "dossier", EntityID: strconv.FormatInt(d.ID, 10), Limit: 500})
	if err != nil {
		return nil, err
	}
	for i := len(entries) - 1; i >= 0; i-- { // oldest first
		e := entries[i]
		if !timelineActions[e.Action] {
			continue
		}
		at, _ := time.Parse(time.RFC3339Nano, e.At)
		step := Step{At: at, Actor: e.ActorName, Action: "step." + e.Action[len("dossier."):]}
		if withReason[e.Action] {
			var after struct {
				Reason string `json:"return_reason"`
			}
			json.Unmarshal([]byte(e.After), &after)
			step.Note = after.Reason
		}
		st.Steps = append(st.Steps, step)
	}
	return st, nil
}

// holderOf names who must act next on a dossier and by when: the commune
// within its 15 working days, the province by the decision date of the
// round the dossier reaches (30/6 or 30/12, QĐ 26/2026 Điều 5).
func holderOf(d *ocop.Dossier, communeDeadline time.Time) (string, time.Time) {
	switch d.Status {
	case ocop.DossierSubmitted:
		return "holder.commune", communeDeadline
	case ocop.DossierForwarded:
		year, round := ocop.Round(d.ForwardedAt, i18n.Zone)
		month := time.June
		if round == 2 {
			month = time.December
		}
		return "holder.province", time.Date(year, month, 30, 0, 0, 0, 0, i18n.Zone)
	case ocop.DossierAccepted:
		return "holder.council", time.Time{}
	case ocop.DossierMinistry:
		return "holder.ministry", time.Time{}
	case ocop.DossierCentral:
		return "holder.central", time.Time{}
	case ocop.DossierAdditions:
		return "holder.additions", time.Time{}
	case ocop.DossierDecided:
		return "holder.decided", time.Time{}
	}
	return "holder.producer", time.Time{}
}

// additionsHolder names who must act on the Ministry's request for
// additions a, not closed, and by when: the province passes it, the
// producer adds, the province writes its new letter, all by the
// request's due date.
func additionsHolder(a *ocop.MinistryAdditions) (string, time.Time) {
	due, _ := time.ParseInLocation(time.DateOnly, a.DueOn, calendar.Zone())
	return "holder.additions_" + a.Status, due
}

// Tracked is a dossier on someone's dashboard: who holds it, by when,
// and how many things keep it from being filed.
type Tracked struct {
	QueueItem
	Holder    string
	Due       time.Time
	Missing   int
	Additions *ocop.MinistryAdditions // the Ministry's request not closed, if any
}

// Tracking lists the dossiers a user follows on the dashboard: a
// producer's own, or those waiting for a commune or province officer; a
// province's also those under the Ministry's request for additions.
func (s *Service) Tracking(ctx context.Context, u *ocop.User) ([]Tracked, error) {
	f := store.DossierFilter{Limit: 50}
	switch {
	case u.Role == ocop.RoleProducer:
	case u.Can(ocop.PermDossierCommune):
		f.Status = ocop.DossierSubmitted
	case u.Can(ocop.PermDossierProvince):
		f.Status = ocop.DossierForwarded
	default:
		return nil, nil
	}
	items, _, err := s.Dossiers(ctx, u, f)
	if err != nil {
		return nil, err
	}
	if f.Status == ocop.DossierForwarded {
		more, _, err := s.Dossiers(ctx, u, store.DossierFilter{Additions: true, Limit: 50})
		if err != nil {
			return nil, err
		}
		items = append(items, more...)
	}
	return s.tracked(ctx, items)
}

// tracked says who holds each listed dossier, reading the requests for
// additions and what keeps drafts from being filed in a few queries for
// the whole list.
func (s *Service) tracked(ctx context.Context, items []QueueItem) ([]Tracked, error) {
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	open, err := s.DB.OpenAdditions(ctx, ids)
	if err != nil {
		return nil, err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Tracked, len(items))
	var drafts []int
	for i, it := range items {
		out[i] = Tracked{QueueItem: it, Additions: open[it.ID]}
		out[i].Holder, out[i].Due = holderOf(it.Dossier, it.Deadline)
		if a := out[i].Additions; a != nil {
			out[i].Holder, out[i].Due = additionsHolder(a)
			out[i].DaysLeft, out[i].State = deadlineState(cal, out[i].Due, s.DB.Now())
		}
		if it.Editable() {
			drafts = append(drafts, i)
		}
	}
	return out, s.countMissing(ctx, out, drafts)
}

// countMissing counts what keeps the dossiers at the given places from
// being filed: the evidence in one query, each producer's papers once.
func (s *Service) countMissing(ctx context.Context, out []Tracked, at []int) error {
	if len(at) == 0 {
		return nil
	}
	ids := make([]int64, len(at))
	for j, i := range at {
		ids[j] = out[i].ID
	}
	evidence, err := s.DB.EvidenceOfDossiers(ctx, ids)
	if err != nil {
		return err
	}
	docs := map[int64][]*ocop.Document{}
	for _, i := range at {
		d := out[i].Dossier
		if _, ok := docs[d.ProducerID]; !ok {
			if docs[d.ProducerID], err = s.DB.Documents(ctx, d.ProducerID); err != nil {
				return err
			}
		}
		missing, err := missingFrom(d, evidence[d.ID], docs[d.ProducerID])
		if err != nil {
			return err
		}
		out[i].Missing = len(missing)
	}
	return nil
}
