package service

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

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

// Tracked is a dossier on someone's dashboard: who holds it, by when,
// and how many things keep it from being filed.
type Tracked struct {
	QueueItem
	Holder  string
	Due     time.Time
	Missing int
}

// Tracking lists the dossiers a user follows on the dashboard: a
// producer's own, or those waiting for a commune or province officer.
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
	out := make([]Tracked, len(items))
	for i, it := range items {
		out[i] = Tracked{QueueItem: it}
		out[i].Holder, out[i].Due = holderOf(it.Dossier, it.Deadline)
		if out[i].Holder == "holder.producer" && it.Status != ocop.DossierAccepted {
			missing, err := s.Missing(ctx, it.Dossier)
			if err != nil {
				return nil, err
			}
			out[i].Missing = len(missing)
		}
	}
	return out, nil
}
