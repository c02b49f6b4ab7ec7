package service

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/ocopvn/ocop/internal/calendar"
	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// The years an administrator may list days in: wide enough for any
// dossier, narrow enough to catch a mistyped year.
const (
	MinCalendarYear = 2000
	MaxCalendarYear = 2100
)

// calendarCache holds the calendar built from the database, so that lists
// of dossiers do not read every listed day each time. Every change through
// the service bumps gen and drops the calendar; a load that raced with a
// change is not kept. (Changes made by another server process on the same
// database are seen after that process's next change or a restart.)
type calendarCache struct {
	mu  sync.Mutex
	gen uint64
	cal *calendar.Calendar
}

// Calendar returns the working-day calendar the administrators keep, for
// counting deadlines.
func (s *Service) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	c := &s.calendar
	c.mu.Lock()
	cal, gen := c.cal, c.gen
	c.mu.Unlock()
	if cal != nil {
		return cal, nil
	}
	rows, err := s.DB.CalendarDays(ctx, 0)
	if err != nil {
		return nil, err
	}
	days := make([]calendar.Day, len(rows))
	for i, r := range rows {
		days[i] = r.Day
	}
	if cal, err = calendar.New(days); err != nil {
		return nil, err // the checks below keep bad days out, so this is a damaged database
	}
	c.mu.Lock()
	if c.gen == gen {
		c.cal = cal
	}
	c.mu.Unlock()
	return cal, nil
}

// seedCalendar loads the embedded 2025–2027 calendar into an empty table,
// as a system action.
func (s *Service) seedCalendar(ctx context.Context) error {
	empty, err := s.DB.CalendarEmpty(ctx)
	if err != nil || !empty {
		return err
	}
	return s.changeCalendar(ctx, ocop.System, func(tx *store.Tx) error { return tx.SeedCalendar(ctx) })
}

// changeCalendar runs an audited change and drops the cached calendar.
func (s *Service) changeCalendar(ctx context.Context, actor ocop.Actor, fn func(*store.Tx) error) error {
	err := s.DB.Update(ctx, actor, fn)
	s.calendar.mu.Lock()
	s.calendar.gen++
	s.calendar.cal = nil
	s.calendar.mu.Unlock()
	return err
}

// CalendarYear is one year of the calendar as people read it.
type CalendarYear struct {
	Year        int                  `json:"year"`
	Days        []*store.CalendarDay `json:"days"`
	WorkingDays int                  `json:"working_days"` // Monday–Friday minus days off plus làm bù days
	// Covered is false when no day of the year is listed: only weekends
	// are known, and deadlines in it are flagged as uncertain.
	Covered bool `json:"covered"`
}

// CalendarYear lists a year's days for anyone signed in.
func (s *Service) CalendarYear(ctx context.Context, u *ocop.User, year int) (*CalendarYear, error) {
	if err := require(u, ocop.PermSignedIn); err != nil {
		return nil, err
	}
	if year < MinCalendarYear || year > MaxCalendarYear {
		return nil, &ocop.Error{Code: ocop.EINVALID, Message: "err.bad_request", Fields: map[string]string{"year": "err.calendar_year"}}
	}
	days, err := s.DB.CalendarDays(ctx, year)
	if err != nil {
		return nil, err
	}
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	z := calendar.Zone()
	first := time.Date(year, 1, 1, 12, 0, 0, 0, z)
	n := cal.WorkingDaysBetween(first.AddDate(0, 0, -1), time.Date(year, 12, 31, 12, 0, 0, 0, z))
	return &CalendarYear{Year: year, Days: nonNilDays(days), WorkingDays: n, Covered: cal.Covers(first)}, nil
}

func nonNilDays(d []*store.CalendarDay) []*store.CalendarDay {
	if d == nil {
		return []*store.CalendarDay{}
	}
	return d
}

// CalendarYears returns the years covered by the calendar.
func (s *Service) CalendarYears(ctx context.Context) ([]int, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	return cal.Years(), nil
}

// CalendarInput is a day as an administrator types it.
type CalendarInput struct {
	Date    string `json:"date"` // dd/mm/yyyy or yyyy-mm-dd; only when adding
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	Source  string `json:"source"`
	Version int64  `json:"version"` // the version read, when editing
}

// CalendarDay returns one listed day (YYYY-MM-DD) for anyone signed in.
func (s *Service) CalendarDay(ctx context.Context, u *ocop.User, date string) (*store.CalendarDay, error) {
	if err := require(u, ocop.PermSignedIn); err != nil {
		return nil, err
	}
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		return nil, ocop.ErrNotFound()
	}
	return s.DB.CalendarDay(ctx, date)
}

// AddCalendarDay lists a new day. Only a national administrator may.
func (s *Service) AddCalendarDay(ctx context.Context, u *ocop.User, in CalendarInput) (*store.CalendarDay, error) {
	if err := require(u, ocop.PermCalendarManage); err != nil {
		return nil, err
	}
	v := ocop.Validation{}
	date := checkCalendarDate(v, in.Date)
	d := &store.CalendarDay{Day: checkCalendarDay(v, date, in)}
	if date != "" {
		if _, err := s.DB.CalendarDay(ctx, date); err == nil {
			v.Add("date", "err.calendar_duplicate")
		} else if ocop.ErrorCode(err) != ocop.ENOTFOUND {
			return nil, err
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return d, s.changeCalendar(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.CreateCalendarDay(ctx, d) })
}

// UpdateCalendarDay changes a day's kind, name and source (its date is its
// identity: to move a day, delete it and add another) if nobody changed it
// since in.Version.
func (s *Service) UpdateCalendarDay(ctx context.Context, u *ocop.User, date string, in CalendarInput) (*store.CalendarDay, error) {
	prev, err := s.managedDay(ctx, u, date)
	if err != nil {
		return nil, err
	}
	v := ocop.Validation{}
	next := &store.CalendarDay{Day: checkCalendarDay(v, prev.Date, in)}
	if err := v.Err(); err != nil {
		return nil, err
	}
	prev.Version = in.Version
	return next, s.changeCalendar(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.UpdateCalendarDay(ctx, prev, next) })
}

// ConfirmCalendarDay turns a provisional day (computed from the Labour
// Code) into a confirmed one by recording the published schedule.
func (s *Service) ConfirmCalendarDay(ctx context.Context, u *ocop.User, date string, version int64, source string) (*store.CalendarDay, error) {
	prev, err := s.managedDay(ctx, u, date)
	if err != nil {
		return nil, err
	}
	if !prev.Provisional {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.calendar_not_provisional")
	}
	// The field is named apart from "source" because the edit page shows
	// this form beside the one that edits the source.
	v, src := ocop.Validation{}, clean(source)
	checkRequired(v, "official_source", src, 500)
	if strings.Contains(src, calendar.ProvisionalMarker) {
		v.Add("official_source", "err.calendar_still_provisional")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s.UpdateCalendarDay(ctx, u, date, CalendarInput{Kind: string(prev.Kind), Name: prev.Name, Source: src, Version: version})
}

// DeleteCalendarDay removes a listed day if nobody changed it since version.
func (s *Service) DeleteCalendarDay(ctx context.Context, u *ocop.User, date string, version int64) error {
	d, err := s.managedDay(ctx, u, date)
	if err != nil {
		return err
	}
	d.Version = version
	return s.changeCalendar(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.DeleteCalendarDay(ctx, d) })
}

// managedDay loads a day a national administrator is about to change.
func (s *Service) managedDay(ctx context.Context, u *ocop.User, date string) (*store.CalendarDay, error) {
	if err := require(u, ocop.PermCalendarManage); err != nil {
		return nil, err
	}
	return s.CalendarDay(ctx, u, date)
}

// checkCalendarDate reads a required date and returns it as YYYY-MM-DD.
func checkCalendarDate(v ocop.Validation, s string) string {
	if s = clean(s); s == "" {
		v.Add("date", "err.required")
		return ""
	}
	t, err := i18n.ParseDate(s)
	switch {
	case err != nil:
		v.Add("date", "err.date_format")
	case t.Year() < MinCalendarYear || t.Year() > MaxCalendarYear:
		v.Add("date", "err.calendar_year")
	default:
		return t.Format(time.DateOnly)
	}
	return ""
}

// checkCalendarDay checks the rules calendar.New enforces, as field
// errors: a làm bù day is a Saturday or Sunday, a nghỉ bù or swapped day
// off is a weekday (on a weekend it would change nothing).
func checkCalendarDay(v ocop.Validation, date string, in CalendarInput) calendar.Day {
	d := calendar.Day{Date: date, Kind: calendar.Kind(in.Kind), Name: clean(in.Name), Source: clean(in.Source)}
	checkRequired(v, "name", d.Name, 200)
	checkRequired(v, "source", d.Source, 500)
	t, err := time.Parse(time.DateOnly, date)
	weekend := err == nil && (t.Weekday() == time.Saturday || t.Weekday() == time.Sunday)
	switch d.Kind {
	case calendar.KindHoliday:
	case calendar.KindCompensating, calendar.KindSwappedOff:
		if weekend {
			v.Add("kind", "err.calendar_off_weekend")
		}
	case calendar.KindSwappedWork:
		if err == nil && !weekend {
			v.Add("kind", "err.calendar_work_weekday")
		}
	default:
		v.Add("kind", "err.choose")
	}
	return d
}
