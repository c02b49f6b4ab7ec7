package service

import (
	"context"
	"time"

	"github.com/ocopvn/ocop/internal/calendar"
	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// CommuneDays is the commune's time limit: it checks the dossier and
// reports to the province "trong thời hạn 15 ngày làm việc kể từ ngày
// tiếp nhận hồ sơ" (QĐ 26/2026 Điều 7.2). A dossier filed on the system
// has the legal value of the paper one (Điều 7.1), so filing is receipt.
const CommuneDays = 15

// QueueItem is a dossier in a list, with the commune's deadline while the
// dossier waits for the commune.
type QueueItem struct {
	store.DossierRow
	Deadline time.Time // zero unless submitted
	DaysLeft int       // working days left, today included; negative (days past) when overdue
	State    string    // "on_time", "due_soon" (≤ 3 working days), "overdue", or "" for drafts
	// Provisional marks a deadline counted on holidays not yet confirmed
	// by the Government (see internal/calendar).
	Provisional bool
	Round       string // for a forwarded dossier: the provincial round it can reach
}

// Dossiers lists the dossiers a user may see: a producer its own, staff
// those of their unit, oldest filing first.
func (s *Service) Dossiers(ctx context.Context, u *ocop.User, f store.DossierFilter) ([]QueueItem, int, error) {
	if err := require(u, ocop.PermProducerView); err != nil {
		return nil, 0, err
	}
	f.Scope = u.Scope
	if u.Role == ocop.RoleProducer {
		f.ProducerID = u.ProducerID
	} else {
		f.FiledOnly = true // a draft is the producer's until filed
	}
	rows, total, err := s.DB.Dossiers(ctx, f)
	if err != nil {
		return nil, 0, err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, 0, err
	}
	today := s.DB.Now()
	out := make([]QueueItem, len(rows))
	for i, r := range rows {
		out[i] = QueueItem{DossierRow: r}
		if !r.ForwardedAt.IsZero() {
			year, round := ocop.Round(r.ForwardedAt, calendar.Zone())
			out[i].Round = i18n.T("dossiers.round_value", round, year)
		}
		out[i].setDeadline(cal, today)
	}
	return out, total, nil
}

// setDeadline counts the commune's time limit for a dossier waiting for it.
func (item *QueueItem) setDeadline(cal *calendar.Calendar, today time.Time) {
	if item.Status != ocop.DossierSubmitted || item.SubmittedAt.IsZero() {
		return
	}
	item.Deadline, item.DaysLeft, item.State = communeDeadline(cal, item.SubmittedAt, today)
	item.Provisional = !cal.Covers(item.Deadline) || provisionalBetween(cal, item.SubmittedAt, item.Deadline)
}

// communeDeadline is the commune's deadline for a dossier filed at filed
// and where it stands today: the working days left, today included, or
// the working days past it (negative); the state is "on_time", "due_soon"
// (≤ 3 working days left) or "overdue". The queue and the reminders both
// use it, so they never disagree.
func communeDeadline(cal *calendar.Calendar, filed, today time.Time) (deadline time.Time, daysLeft int, state string) {
	deadline = cal.AddWorkingDays(filed, CommuneDays)
	daysLeft, state = deadlineState(cal, deadline, today)
	return deadline, daysLeft, state
}

// deadlineState is where a deadline in working days stands today, as
// communeDeadline says it.
func deadlineState(cal *calendar.Calendar, deadline, today time.Time) (daysLeft int, state string) {
	if today.After(endOfDay(deadline)) {
		return -cal.WorkingDaysBetween(deadline, today), "overdue"
	}
	daysLeft = cal.WorkingDaysBetween(today.AddDate(0, 0, -1), deadline)
	if daysLeft <= 3 {
		return daysLeft, "due_soon"
	}
	return daysLeft, "on_time"
}

func endOfDay(t time.Time) time.Time {
	y, m, d := t.In(calendar.Zone()).Date()
	return time.Date(y, m, d, 23, 59, 59, 0, calendar.Zone())
}

// provisionalBetween reports whether a provisional day off lies in [a, b].
func provisionalBetween(cal *calendar.Calendar, a, b time.Time) bool {
	for y := a.In(calendar.Zone()).Year(); y <= b.In(calendar.Zone()).Year(); y++ {
		for _, d := range cal.Days(y) {
			day, err := time.ParseInLocation("2006-01-02", d.Date, calendar.Zone())
			if err == nil && d.Provisional() && !day.Before(a.Truncate(24*time.Hour)) && !day.After(b) {
				return true
			}
		}
	}
	return false
}

// DossierCounts counts the dossiers a staff member oversees by commune.
func (s *Service) DossierCounts(ctx context.Context, u *ocop.User) ([]*store.CommuneCount, error) {
	if err := require(u, ocop.PermProducerView); err != nil {
		return nil, err
	}
	if u.Role == ocop.RoleProducer {
		return nil, ocop.Errorf(ocop.EFORBIDDEN, "err.forbidden")
	}
	return s.DB.DossierCounts(ctx, u.Scope)
}
