// Package calendar is the Vietnamese working-day calendar used to count
// administrative deadlines, e.g. the commune's "15 ngày làm việc kể từ ngày
// tiếp nhận hồ sơ" under QĐ 26/2026/QĐ-TTg.
//
// A day is a working day (ngày làm việc) of the civil service when it is
// Monday–Friday and not a day off (nghỉ lễ/Tết, nghỉ bù, nghỉ do hoán đổi),
// or when it is a weekend day the Government turned into a working day
// (làm bù). All dates are civil dates in Asia/Ho_Chi_Minh.
//
// The embedded seed (Default) holds 2025–2027; see data/README.md for the
// sources and for which entries are provisional. The running system loads
// it into the database once (table calendar_days) and from then on counts
// deadlines on the days administrators keep there (service.Calendar);
// Default serves this package's tests and the seeding. For a date in a year the
// calendar does not cover only weekends are known: callers should check
// Covers (for the start and for the computed deadline) and warn.
package calendar

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // the zone must load on machines without tzdata
)

// Kind says why a listed day differs from an ordinary week.
type Kind string

const (
	// KindHoliday is a public holiday or Tết day (nghỉ lễ, Tết), Điều 112
	// Bộ luật Lao động 2019. It may fall on a weekend (then a
	// KindCompensating day normally follows).
	KindHoliday Kind = "holiday"
	// KindCompensating is a weekday off because a holiday fell on a weekend
	// (nghỉ bù, khoản 3 Điều 111 Bộ luật Lao động 2019).
	KindCompensating Kind = "compensating"
	// KindSwappedOff is a weekday off by a Government swap (nghỉ do hoán
	// đổi ngày làm việc).
	KindSwappedOff Kind = "swapped_off"
	// KindSwappedWork is a Saturday or Sunday worked in exchange (làm bù):
	// it IS a working day.
	KindSwappedWork Kind = "swapped_work"
)

// ProvisionalMarker appears in Day.Source for days that are not from a
// published Government schedule but computed from the Labour Code; an
// administrator must confirm them when the official schedule is out.
const ProvisionalMarker = "lịch dự kiến"

// Day is one listed date.
type Day struct {
	Date   string `json:"date"`   // "2026-02-16"
	Kind   Kind   `json:"kind"`   // see the Kind constants
	Name   string `json:"name"`   // Vietnamese, e.g. "Tết Nguyên đán"
	Source string `json:"source"` // where the date comes from (a URL or a legal provision)
}

// Provisional reports whether the day is a statutory estimate rather than
// a published Government schedule (its Source contains ProvisionalMarker).
func (d Day) Provisional() bool { return strings.Contains(d.Source, ProvisionalMarker) }

// Calendar is an immutable set of listed days; it is safe for concurrent use.
type Calendar struct {
	days  []Day            // sorted by date
	kinds map[int64]Kind   // day number -> kind
	off   []int64          // sorted day numbers of weekdays that are off
	work  []int64          // sorted day numbers of weekend days that are worked
	years map[int]struct{} // years with at least one listed day
}

const dateLayout = "2006-01-02"

var zone = mustZone()

func mustZone() *time.Location {
	z, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		panic(err)
	}
	return z
}

// Zone returns the Asia/Ho_Chi_Minh location every date is taken in.
func Zone() *time.Location { return zone }

// New validates days and builds a calendar. It rejects a date that is not
// "YYYY-MM-DD", a date listed twice (whatever the kinds: a day is either
// off or worked, and a holiday cannot be listed twice), an unknown kind, an
// empty name or source, a swapped_work day that is not a Saturday or Sunday,
// and a compensating or swapped_off day that is a Saturday or Sunday (it
// would change nothing, so it is a typo).
func New(days []Day) (*Calendar, error) {
	c := &Calendar{
		days:  slices.Clone(days),
		kinds: make(map[int64]Kind, len(days)),
		years: map[int]struct{}{},
	}
	for i, d := range days {
		t, err := time.Parse(dateLayout, d.Date)
		if err != nil || t.Format(dateLayout) != d.Date {
			return nil, fmt.Errorf("calendar: day %d: unparsable date %q (want YYYY-MM-DD)", i, d.Date)
		}
		if strings.TrimSpace(d.Name) == "" {
			return nil, fmt.Errorf("calendar: %s: empty name", d.Date)
		}
		if strings.TrimSpace(d.Source) == "" {
			return nil, fmt.Errorf("calendar: %s: empty source", d.Date)
		}
		n := dayNumber(t.Year(), t.Month(), t.Day())
		if prev, dup := c.kinds[n]; dup {
			return nil, fmt.Errorf("calendar: %s listed twice (%s and %s)", d.Date, prev, d.Kind)
		}
		weekend := isWeekend(n)
		switch d.Kind {
		case KindHoliday:
			if !weekend {
				c.off = append(c.off, n)
			}
		case KindCompensating, KindSwappedOff:
			if weekend {
				return nil, fmt.Errorf("calendar: %s: %s day on a %s", d.Date, d.Kind, t.Weekday())
			}
			c.off = append(c.off, n)
		case KindSwappedWork:
			if !weekend {
				return nil, fmt.Errorf("calendar: %s: swapped_work day on a %s (must be Saturday or Sunday)", d.Date, t.Weekday())
			}
			c.work = append(c.work, n)
		default:
			return nil, fmt.Errorf("calendar: %s: unknown kind %q", d.Date, d.Kind)
		}
		c.kinds[n] = d.Kind
		c.years[t.Year()] = struct{}{}
	}
	slices.Sort(c.off)
	slices.Sort(c.work)
	sort.SliceStable(c.days, func(i, j int) bool { return c.days[i].Date < c.days[j].Date })
	return c, nil
}

//go:embed data/holidays.json
var seed embed.FS

type seedFile struct {
	Note string `json:"note"`
	Days []Day  `json:"days"`
}

var defaultCalendar = sync.OnceValue(func() *Calendar {
	b, err := seed.ReadFile("data/holidays.json")
	if err != nil {
		panic(err)
	}
	var f seedFile
	if err := json.Unmarshal(b, &f); err != nil {
		panic(fmt.Errorf("calendar: data/holidays.json: %w", err))
	}
	c, err := New(f.Days)
	if err != nil {
		panic(fmt.Errorf("calendar: data/holidays.json: %w", err))
	}
	return c
})

// Default returns the calendar built from the embedded seed (2025–2027).
// The seed is checked by the package tests, so this does not fail.
func Default() *Calendar { return defaultCalendar() }

// IsWorkingDay reports whether t's date in Asia/Ho_Chi_Minh is a working day.
func (c *Calendar) IsWorkingDay(t time.Time) bool { return c.working(toDay(t)) }

func (c *Calendar) working(n int64) bool {
	switch c.kinds[n] {
	case KindSwappedWork:
		return true
	case KindHoliday, KindCompensating, KindSwappedOff:
		return false
	}
	return !isWeekend(n)
}

// AddWorkingDays returns the date (00:00 in Asia/Ho_Chi_Minh) of the n-th
// working day after from's date: the deadline of a time limit of n working
// days that starts with an event (receipt of a dossier) on from.
//
// The day of the event is not counted, counting starts the next day
// (Bộ luật Dân sự 2015, khoản 3 Điều 147: "ngày xảy ra sự kiện không được
// tính mà tính từ ngày tiếp theo liền kề"), and only working days count.
// So a dossier received on a holiday or a Saturday is counted from the next
// working day, exactly as one received the working day before. The time
// limit ends at the end of the returned day (khoản 1 Điều 148: "thời điểm
// kết thúc ngày cuối cùng của thời hạn"), i.e. the returned time plus one
// calendar day, exclusive.
//
// For n <= 0 the date of from itself is returned; n above MaxWorkingDays
// panics. If the result lies in a year Covers does not report, only
// weekends were known for that stretch.
func (c *Calendar) AddWorkingDays(from time.Time, n int) time.Time {
	start := toDay(from)
	if n <= 0 {
		return fromDay(start)
	}
	if n > MaxWorkingDays {
		panic(fmt.Sprintf("calendar: AddWorkingDays(%d): n above MaxWorkingDays", n))
	}
	// Within (start, hi] there are at least n working days: every 7 days hold
	// 5 weekdays and at most len(c.off) weekdays are off in total.
	need := int64(n) + int64(len(c.off))
	lo, hi := start, start+7*(need/5+1)
	// Smallest d in (lo, hi] with count(start, d) >= n; it is a working day
	// because the count only rises on working days.
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		if c.count(start, mid) >= int64(n) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return fromDay(hi)
}

// MaxWorkingDays bounds AddWorkingDays's n (about four million years),
// far beyond any time limit, so the day arithmetic cannot overflow.
const MaxWorkingDays = 1 << 30

// WorkingDaysBetween returns the number of working days in (a, b], taking
// dates in Asia/Ho_Chi_Minh: the working days elapsed from an event on a up
// to and including b. It is negative (minus the count in (b, a]) when b is
// before a, and 0 on the same date. For n > 0,
// WorkingDaysBetween(from, AddWorkingDays(from, n)) == n.
func (c *Calendar) WorkingDaysBetween(a, b time.Time) int {
	x, y := toDay(a), toDay(b)
	if y < x {
		return -int(c.count(y, x))
	}
	return int(c.count(x, y))
}

// count returns the number of working days in (a, b], a <= b.
func (c *Calendar) count(a, b int64) int64 {
	return weekdaysUpTo(b) - weekdaysUpTo(a) - inRange(c.off, a, b) + inRange(c.work, a, b)
}

// inRange counts the sorted values in (a, b].
func inRange(s []int64, a, b int64) int64 {
	i, _ := slices.BinarySearch(s, a+1)
	j, _ := slices.BinarySearch(s, b+1)
	return int64(j - i)
}

// Days returns the listed days of year, sorted by date (a copy).
func (c *Calendar) Days(year int) []Day {
	prefix := fmt.Sprintf("%04d-", year)
	var out []Day
	for _, d := range c.days {
		if strings.HasPrefix(d.Date, prefix) {
			out = append(out, d)
		}
	}
	return out
}

// All returns every listed day, sorted by date (a copy).
func (c *Calendar) All() []Day { return slices.Clone(c.days) }

// Covers reports whether the calendar has data for the year of t (in
// Asia/Ho_Chi_Minh). When it does not, only weekends are known for that
// year and callers should warn that a deadline may be too early.
func (c *Calendar) Covers(t time.Time) bool {
	_, ok := c.years[t.In(zone).Year()]
	return ok
}

// Years returns the covered years in ascending order.
func (c *Calendar) Years() []int {
	out := make([]int, 0, len(c.years))
	for y := range c.years {
		out = append(out, y)
	}
	slices.Sort(out)
	return out
}

// Day numbers count days since 1970-01-01 (a Thursday) on the proleptic
// Gregorian calendar; they identify civil dates without a time zone.

func dayNumber(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func toDay(t time.Time) int64 {
	y, m, d := t.In(zone).Date()
	return dayNumber(y, m, d)
}

func fromDay(n int64) time.Time {
	u := time.Unix(n*86400, 0).UTC()
	return time.Date(u.Year(), u.Month(), u.Day(), 0, 0, 0, 0, zone)
}

// mondayOffset is the day number of 1970-01-05, a Monday.
const mondayOffset = 4

// weekday returns 0 for Monday … 6 for Sunday.
func weekday(n int64) int64 { return mod(n-mondayOffset, 7) }

func isWeekend(n int64) bool { return weekday(n) >= 5 }

// weekdaysUpTo returns the number of Monday–Friday days in
// [1970-01-05, n] (negative or zero before it); only differences matter.
func weekdaysUpTo(n int64) int64 {
	k := n - mondayOffset
	return 5*floorDiv(k, 7) + min(mod(k, 7)+1, 5)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func mod(a, b int64) int64 { return a - b*floorDiv(a, b) }
