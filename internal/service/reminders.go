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

// DocumentReminderDays is how long before a kept document expires its
// producer is reminded.
const DocumentReminderDays = 30

// reminder is one notice a rule wants sent once.
type reminder struct {
	key    string // rule, record and occasion: the same key is never sent twice
	to     recipients
	notice store.Notice
	entity string // for the audit row
	id     int64
	unit   string
}

// reminderRule finds the reminders due at a moment. A new kind of
// reminder (certificate expiry, say) is one more rule in reminderRules;
// the runner does not change.
type reminderRule func(ctx context.Context, s *Service, now time.Time) ([]reminder, error)

var reminderRules = []reminderRule{communeDeadlineReminders, documentExpiryReminders, certificateReminders,
	courseStartReminders}

// recipients are who a reminder goes to.
type recipients interface {
	users(ctx context.Context, tx *store.Tx) ([]int64, error)
}

// RunReminders sends, in-app and by e-mail, every reminder the rules find
// due at now that has not gone out before, and returns how many went out.
func (s *Service) RunReminders(ctx context.Context, now time.Time) (int, error) {
	sent := 0
	for _, rule := range reminderRules {
		due, err := rule(ctx, s, now)
		if err != nil {
			return sent, err
		}
		for _, r := range due {
			ok, err := s.remind(ctx, r)
			if err != nil {
				return sent, err
			}
			if ok {
				sent++
			}
		}
	}
	return sent, nil
}

// remind sends one reminder unless it went out before. With nobody to
// tell yet it is not marked, so it goes out once someone is there.
func (s *Service) remind(ctx context.Context, r reminder) (bool, error) {
	first := false
	err := s.DB.Update(ctx, ocop.System, func(tx *store.Tx) error {
		ids, err := r.to.users(ctx, tx)
		if err != nil || len(ids) == 0 {
			return err
		}
		if first, err = tx.MarkReminder(ctx, r.key); err != nil || !first {
			return err
		}
		if err := tx.Notify(ctx, ids, r.notice); err != nil {
			return err
		}
		return tx.Audit(ctx, "reminder.send", r.entity, r.id, r.unit, nil, map[string]any{"key": r.key, "users": ids})
	})
	return first, err
}

// communeDeadlineReminders tells the commune's officers about the dossiers
// filed with them whose 15-working-day limit is at most 3 working days
// away, and again once it has passed. The key carries the filing time, so
// a dossier filed again after a return is reminded again.
func communeDeadlineReminders(ctx context.Context, s *Service, now time.Time) ([]reminder, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	var out []reminder
	for offset := 0; ; offset += 500 {
		rows, total, err := s.DB.Dossiers(ctx, store.DossierFilter{Scope: ocop.Country, Status: ocop.DossierSubmitted,
			Limit: 500, Offset: offset})
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			if r.SubmittedAt.IsZero() {
				continue
			}
			deadline, left, state := communeDeadline(cal, r.SubmittedAt, now)
			if state == "on_time" {
				continue
			}
			out = append(out, reminder{
				key:    fmt.Sprintf("dossier.%s:%d:%d", state, r.ID, r.SubmittedAt.Unix()),
				to:     audience{ocop.RoleCommune, r.ProvinceCode, r.CommuneCode, 0},
				notice: s.notice(fmt.Sprintf("/ho-so/%d", r.ID), i18n.T("remind."+state, r.ProductName, i18n.Date(deadline), abs(left))),
				entity: "dossier", id: r.ID, unit: r.CommuneCode,
			})
		}
		if offset+500 >= total {
			return out, nil
		}
	}
}

// documentExpiryReminders tells producers about their kept documents that
// expire within DocumentReminderDays.
func documentExpiryReminders(ctx context.Context, s *Service, now time.Time) ([]reminder, error) {
	today := now.In(calendar.Zone())
	docs, err := s.DB.DocumentsExpiring(ctx, today.Format("2006-01-02"),
		today.AddDate(0, 0, DocumentReminderDays).Format("2006-01-02"))
	if err != nil {
		return nil, err
	}
	out := make([]reminder, len(docs))
	for i, d := range docs {
		exp, _ := time.ParseInLocation("2006-01-02", d.ExpiresOn, calendar.Zone())
		out[i] = reminder{
			key:    fmt.Sprintf("document.expiring:%d:%s", d.ID, d.ExpiresOn),
			to:     audience{role: ocop.RoleProducer, producer: d.ProducerID},
			notice: s.notice(fmt.Sprintf("/chu-the/%d", d.ProducerID), i18n.T("remind.document", d.Title, i18n.Date(exp))),
			entity: "producer", id: d.ProducerID, unit: d.CommuneCode,
		}
	}
	return out, nil
}

// CertificateReminderDays are the days before a certificate expires on
// which its producer is reminded: when the re-rating window opens (QĐ
// 26/2026 Điều 7.6: from 180 to 120 days before expiry) and a last call.
var CertificateReminderDays = []int{ocop.ReratingOpensDays, 30}

// certificateReminders tells producers that their certificate's re-rating
// window is open, and again 30 days before it expires. Only the nearest
// reminder goes out for a certificate recorded late in its term.
func certificateReminders(ctx context.Context, s *Service, now time.Time) ([]reminder, error) {
	today := now.In(calendar.Zone())
	certs, err := s.DB.CertificatesExpiring(ctx, today.Format("2006-01-02"),
		today.AddDate(0, 0, CertificateReminderDays[0]).Format("2006-01-02"))
	if err != nil {
		return nil, err
	}
	var out []reminder
	for _, c := range certs {
		exp, ok := c.ExpiryDay(calendar.Zone())
		if !ok {
			continue
		}
		days := CertificateReminderDays[0]
		if !exp.After(today.AddDate(0, 0, CertificateReminderDays[1])) {
			days = CertificateReminderDays[1]
		}
		_, closes := ocop.ReratingWindow(exp)
		msg := i18n.T("remind.certificate_window", c.Stars, c.ProductName, i18n.Date(exp), i18n.Date(closes))
		if days == CertificateReminderDays[1] {
			msg = i18n.T("remind.certificate_expiring", c.Stars, c.ProductName, i18n.Date(exp))
		}
		out = append(out, reminder{
			key:    fmt.Sprintf("certificate.%d:%d:%s", days, c.ID, c.ExpiresOn),
			to:     audience{role: ocop.RoleProducer, producer: c.ProducerID},
			notice: s.notice(fmt.Sprintf("/san-pham/%d", c.ProductID), msg),
			entity: "product", id: c.ProductID, unit: c.CommuneCode,
		})
	}
	return out, nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// trainees are the accounts holding a seat in a course.
type trainees int64

func (c trainees) users(ctx context.Context, tx *store.Tx) ([]int64, error) {
	return tx.EnrolledUserIDs(ctx, int64(c))
}

// courseStartReminders tell the enrolled trainees, the day before, that
// their course starts tomorrow.
func courseStartReminders(ctx context.Context, s *Service, now time.Time) ([]reminder, error) {
	tomorrow := now.In(calendar.Zone()).AddDate(0, 0, 1).Format(time.DateOnly)
	courses, err := s.DB.Courses(ctx, store.CourseFilter{StartsOn: tomorrow,
		Statuses: []string{ocop.CourseOpen, ocop.CourseClosed}})
	if err != nil {
		return nil, err
	}
	out := make([]reminder, len(courses))
	for i, c := range courses {
		out[i] = reminder{
			key:    fmt.Sprintf("course.start:%d:%s", c.ID, c.StartDate),
			to:     trainees(c.ID),
			notice: s.notice(courseLink(c.ID), i18n.T("remind.course_start", c.Title, dayLabel(c.StartDate), c.Venue)),
			entity: "course", id: c.ID, unit: c.ProvinceCode,
		}
	}
	return out, nil
}
