package calendar

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// d returns 00:00 of a date in Asia/Ho_Chi_Minh.
func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, Zone()) }

func ymd(t time.Time) string { return t.In(Zone()).Format(dateLayout) }

// naiveAdd is the definition of AddWorkingDays, stepping one day at a time.
func naiveAdd(c *Calendar, from time.Time, n int) time.Time {
	t := d(from.In(Zone()).Date())
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if c.IsWorkingDay(t) {
			n--
		}
	}
	return t
}

// naiveBetween is the definition of WorkingDaysBetween for a <= b.
func naiveBetween(c *Calendar, a, b time.Time) int {
	n := 0
	for t := d(a.In(Zone()).Date()).AddDate(0, 0, 1); !t.After(b); t = t.AddDate(0, 0, 1) {
		if c.IsWorkingDay(t) {
			n++
		}
	}
	return n
}

func checkDeadline(t *testing.T, from time.Time, n int, want string) {
	t.Helper()
	c := Default()
	got := c.AddWorkingDays(from, n)
	if ymd(got) != want {
		t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", ymd(from), n, ymd(got), want)
	}
	if got.Location() != Zone() || got.Hour() != 0 || got.Minute() != 0 {
		t.Errorf("AddWorkingDays(%s, %d) = %v, want 00:00 in Asia/Ho_Chi_Minh", ymd(from), n, got)
	}
	if !c.IsWorkingDay(got) {
		t.Errorf("deadline %s is not a working day", ymd(got))
	}
	if b := c.WorkingDaysBetween(from, got); b != n {
		t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", ymd(from), ymd(got), b, n)
	}
}

// Tết Ất Tỵ 2025: off Mon 27/1 – Fri 31/1 (with the weekends, Sat 25/1 – Sun
// 2/2); no make-up Saturday. A dossier received on Fri 24/1, the last working
// day before the break: day 1 is Mon 3/2; 3–7/2 are days 1–5, 10–14/2 days
// 6–10, 17–21/2 days 11–15. Deadline Fri 21/2/2025: 28 calendar days later
// (without Tết it would be Fri 14/2, 21 days).
func TestTet2025Deadline(t *testing.T) {
	checkDeadline(t, d(2025, 1, 24), 15, "2025-02-21")
	if got := d(2025, 2, 21).Sub(d(2025, 1, 24)).Hours() / 24; got != 28 {
		t.Errorf("calendar days = %v, want 28", got)
	}
	// Received on Thu 23/1: 24/1 is day 1, then 3–7/2 days 2–6, 10–14/2 days
	// 7–11, 17–20/2 days 12–15 → Thu 20/2/2025.
	checkDeadline(t, d(2025, 1, 23), 15, "2025-02-20")
	// Received during the break (mùng 1 Tết, Wed 29/1): same as 24/1.
	checkDeadline(t, d(2025, 1, 29), 15, "2025-02-21")
}

// Tết Bính Ngọ 2026: off Mon 16/2 – Fri 20/2 (Sat 14/2 – Sun 22/2 with the
// weekends). Received Fri 13/2: 23–27/2 days 1–5, 2–6/3 days 6–10, 9–13/3
// days 11–15 → Fri 13/3/2026, 28 calendar days later.
func TestTet2026Deadline(t *testing.T) {
	checkDeadline(t, d(2026, 2, 13), 15, "2026-03-13")
	// Received Wed 11/2: 12, 13/2 days 1–2, 23–27/2 days 3–7, 2–6/3 days
	// 8–12, 9–11/3 days 13–15 → Wed 11/3/2026.
	checkDeadline(t, d(2026, 2, 11), 15, "2026-03-11")
	for day := 14; day <= 22; day++ {
		if Default().IsWorkingDay(d(2026, 2, day)) {
			t.Errorf("2026-02-%02d should be off (Tết)", day)
		}
	}
}

// An ordinary Friday: Fri 6/3/2026 → 9–13/3 days 1–5, 16–20/3 days 6–10,
// 23–27/3 days 11–15 → Fri 27/3/2026 (three whole weeks).
func TestReceivedOnFriday(t *testing.T) {
	checkDeadline(t, d(2026, 3, 6), 15, "2026-03-27")
	checkDeadline(t, d(2026, 3, 6), 1, "2026-03-09")
	// Received late on a Friday evening: still Friday's date.
	checkDeadline(t, time.Date(2026, 3, 6, 23, 59, 0, 0, Zone()), 1, "2026-03-09")
}

// Received on a holiday: Thu 30/4/2026 (Ngày Chiến thắng). Fri 1/5 is a
// holiday, then the weekend: day 1 is Mon 4/5; 4–8/5 days 1–5, 11–15/5 days
// 6–10, 18–22/5 days 11–15 → Fri 22/5/2026.
func TestReceivedOnHoliday(t *testing.T) {
	checkDeadline(t, d(2026, 4, 30), 15, "2026-05-22")
	// Received on the nghỉ bù of Giỗ Tổ (Mon 27/4/2026): 28, 29/4 are days
	// 1–2, 30/4 and 1/5 off, 4–8/5 days 3–7, 11–15/5 days 8–12, 18–20/5
	// days 13–15 → Wed 20/5/2026.
	checkDeadline(t, d(2026, 4, 27), 15, "2026-05-20")
	// Received on a Sunday equals received on the Friday before it.
	c := Default()
	if a, b := c.AddWorkingDays(d(2026, 3, 8), 15), c.AddWorkingDays(d(2026, 3, 6), 15); !a.Equal(b) {
		t.Errorf("Sunday receipt %s != Friday receipt %s", ymd(a), ymd(b))
	}
}

// Make-up Saturdays are working days and count towards deadlines.
func TestSwappedSaturdays(t *testing.T) {
	c := Default()
	for _, s := range []time.Time{d(2025, 4, 26), d(2026, 1, 10), d(2026, 8, 22)} {
		if s.Weekday() != time.Saturday {
			t.Fatalf("%s is a %s", ymd(s), s.Weekday())
		}
		if !c.IsWorkingDay(s) {
			t.Errorf("make-up Saturday %s is not a working day", ymd(s))
		}
	}
	for _, s := range []time.Time{d(2025, 5, 2), d(2026, 1, 2), d(2026, 8, 31)} {
		if c.IsWorkingDay(s) {
			t.Errorf("swapped day %s is a working day", ymd(s))
		}
	}
	// Fri 9/1/2026 + 1 working day = Sat 10/1/2026 (làm bù).
	checkDeadline(t, d(2026, 1, 9), 1, "2026-01-10")
	// Received Wed 31/12/2025: 1/1 holiday, 2/1 swapped off, weekend; 5–9/1
	// days 1–5, Sat 10/1 day 6, 12–16/1 days 7–11, 19–22/1 days 12–15 →
	// Thu 22/1/2026 (it would be Fri 23/1 without the make-up Saturday).
	checkDeadline(t, d(2025, 12, 31), 15, "2026-01-22")
	// Fri 21/8/2026 + 1 = Sat 22/8/2026; + 6: 22/8, 24–28/8 → Fri 28/8;
	// + 7: 31/8 swapped, 1–2/9 Quốc khánh → Thu 3/9/2026.
	checkDeadline(t, d(2026, 8, 21), 1, "2026-08-22")
	checkDeadline(t, d(2026, 8, 21), 6, "2026-08-28")
	checkDeadline(t, d(2026, 8, 21), 7, "2026-09-03")
	// Received on the make-up Saturday itself: counting starts Monday.
	checkDeadline(t, d(2026, 1, 10), 1, "2026-01-12")
}

// Dates are taken in Asia/Ho_Chi_Minh whatever the time's location.
func TestTimeZone(t *testing.T) {
	c := Default()
	// 2026-02-13 20:00 UTC is Sat 14/2 03:00 in Vietnam: not a working day,
	// although it is Friday in UTC.
	utc := time.Date(2026, 2, 13, 20, 0, 0, 0, time.UTC)
	if c.IsWorkingDay(utc) {
		t.Error("2026-02-13T20:00Z (Saturday in Vietnam) is a working day")
	}
	// 2026-02-13 16:59 UTC is Fri 13/2 23:59 in Vietnam.
	if !c.IsWorkingDay(time.Date(2026, 2, 13, 16, 59, 0, 0, time.UTC)) {
		t.Error("Friday 23:59 in Vietnam is not a working day")
	}
	// A receipt at 01:00 on Sat 14/2 in Vietnam (Fri in UTC) counts as Sat.
	got := c.AddWorkingDays(time.Date(2026, 2, 13, 18, 0, 0, 0, time.UTC), 1)
	if ymd(got) != "2026-02-23" {
		t.Errorf("got %s, want 2026-02-23", ymd(got))
	}
	if !c.Covers(time.Date(2024, 12, 31, 18, 0, 0, 0, time.UTC)) { // 1/1/2025 01:00 in Vietnam
		t.Error("Covers uses the UTC year, not Vietnam's")
	}
}

func TestAddWorkingDaysNonPositive(t *testing.T) {
	c := Default()
	from := time.Date(2026, 2, 14, 15, 30, 0, 0, Zone())
	for _, n := range []int{0, -1, -100} {
		if got := c.AddWorkingDays(from, n); !got.Equal(d(2026, 2, 14)) {
			t.Errorf("AddWorkingDays(from, %d) = %v, want the date of from", n, got)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("n above MaxWorkingDays did not panic")
		}
	}()
	c.AddWorkingDays(from, MaxWorkingDays+1)
}

func TestWorkingDaysBetween(t *testing.T) {
	c := Default()
	cases := []struct {
		a, b time.Time
		want int
	}{
		{d(2026, 3, 6), d(2026, 3, 6), 0},
		{d(2026, 3, 6), d(2026, 3, 8), 0},  // Fri → Sun
		{d(2026, 3, 6), d(2026, 3, 9), 1},  // Fri → Mon
		{d(2026, 3, 9), d(2026, 3, 6), -1}, // reversed
		{d(2025, 1, 24), d(2025, 2, 2), 0}, // the whole Tết 2025 break
		{d(2026, 2, 13), d(2026, 2, 22), 0},
		{d(2024, 12, 31), d(2025, 12, 31), 250}, // 2025: 261 weekdays − 12 off + 1 make-up Saturday (26/4)
	}
	for _, tc := range cases {
		if got := c.WorkingDaysBetween(tc.a, tc.b); got != tc.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", ymd(tc.a), ymd(tc.b), got, tc.want)
		}
	}
}

// WorkingDaysBetween and AddWorkingDays agree with each other and with the
// day-by-day definitions, over every day of 2024–2028 and many n.
func TestConsistencyProperty(t *testing.T) {
	c := Default()
	for from := d(2024, 10, 1); from.Before(d(2028, 3, 1)); from = from.AddDate(0, 0, 1) {
		for _, n := range []int{1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 60, 90} {
			got := c.AddWorkingDays(from, n)
			if want := naiveAdd(c, from, n); !got.Equal(want) {
				t.Fatalf("AddWorkingDays(%s, %d) = %s, naive %s", ymd(from), n, ymd(got), ymd(want))
			}
			if b := c.WorkingDaysBetween(from, got); b != n {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d, want %d", ymd(from), ymd(got), b, n)
			}
			// The day before the deadline has not reached n yet.
			if b := c.WorkingDaysBetween(from, got.AddDate(0, 0, -1)); b != n-1 {
				t.Fatalf("WorkingDaysBetween(%s, day before %s) = %d, want %d", ymd(from), ymd(got), b, n-1)
			}
		}
		for _, k := range []int{0, 1, 6, 40, 200} {
			to := from.AddDate(0, 0, k)
			if got, want := c.WorkingDaysBetween(from, to), naiveBetween(c, from, to); got != want {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d, naive %d", ymd(from), ymd(to), got, want)
			}
			if got, back := c.WorkingDaysBetween(from, to), c.WorkingDaysBetween(to, from); got != -back {
				t.Fatalf("WorkingDaysBetween not antisymmetric at %s, %s", ymd(from), ymd(to))
			}
		}
	}
}

func TestNewRejects(t *testing.T) {
	ok := Day{Date: "2026-02-16", Kind: KindHoliday, Name: "Tết Nguyên đán", Source: "x"}
	cases := []struct {
		name string
		days []Day
		want string
	}{
		{"duplicate date", []Day{ok, ok}, "listed twice"},
		{"duplicate date, other kind", []Day{ok, {Date: "2026-02-16", Kind: KindSwappedOff, Name: "n", Source: "x"}}, "listed twice"},
		{"swapped_work on a Wednesday", []Day{{Date: "2026-02-18", Kind: KindSwappedWork, Name: "n", Source: "x"}}, "swapped_work"},
		{"unparsable date", []Day{{Date: "16/02/2026", Kind: KindHoliday, Name: "n", Source: "x"}}, "unparsable"},
		{"impossible date", []Day{{Date: "2026-02-30", Kind: KindHoliday, Name: "n", Source: "x"}}, "unparsable"},
		{"unpadded date", []Day{{Date: "2026-2-16", Kind: KindHoliday, Name: "n", Source: "x"}}, "unparsable"},
		{"unknown kind", []Day{{Date: "2026-02-16", Kind: "bridge", Name: "n", Source: "x"}}, "unknown kind"},
		{"empty name", []Day{{Date: "2026-02-16", Kind: KindHoliday, Source: "x"}}, "empty name"},
		{"empty source", []Day{{Date: "2026-02-16", Kind: KindHoliday, Name: "n"}}, "empty source"},
		{"compensating on a Sunday", []Day{{Date: "2026-04-26", Kind: KindCompensating, Name: "n", Source: "x"}}, "compensating"},
		{"swapped_off on a Saturday", []Day{{Date: "2026-01-10", Kind: KindSwappedOff, Name: "n", Source: "x"}}, "swapped_off"},
	}
	for _, tc := range cases {
		c, err := New(tc.days)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: New = %v, %v; want error containing %q", tc.name, c, err, tc.want)
		}
	}
	// A holiday on a weekend is fine (it is listed; a compensating day follows).
	if _, err := New([]Day{{Date: "2026-04-26", Kind: KindHoliday, Name: "Giỗ Tổ Hùng Vương", Source: "x"}}); err != nil {
		t.Errorf("holiday on a Sunday rejected: %v", err)
	}
	if c, err := New(nil); err != nil || !c.IsWorkingDay(d(2026, 2, 16)) || c.Covers(d(2026, 1, 1)) {
		t.Errorf("empty calendar: %v, %v", c, err)
	}
}

// New copies its input: later changes by the caller do not leak in.
func TestNewCopies(t *testing.T) {
	days := []Day{{Date: "2026-03-02", Kind: KindHoliday, Name: "n", Source: "x"}}
	c, err := New(days)
	if err != nil {
		t.Fatal(err)
	}
	days[0].Date = "2026-03-03"
	if got := c.Days(2026); got[0].Date != "2026-03-02" {
		t.Errorf("Days = %v", got)
	}
	c.Days(2026)[0].Name = "changed"
	if c.Days(2026)[0].Name != "n" {
		t.Error("Days returns the internal slice")
	}
}

func TestCovers(t *testing.T) {
	c := Default()
	for y, want := range map[int]bool{2024: false, 2025: true, 2026: true, 2027: true, 2028: false} {
		if got := c.Covers(d(y, 6, 1)); got != want {
			t.Errorf("Covers(%d) = %v, want %v", y, got, want)
		}
	}
	if got := c.Years(); len(got) != 3 || got[0] != 2025 || got[2] != 2027 {
		t.Errorf("Years = %v", got)
	}
}

// The seed, pinned: every weekday off and every weekend day worked, per
// year, must be exactly these; each year has the 11 statutory holiday days
// of Điều 112 khoản 1; swaps balance; only 2027 is provisional.
func TestDefaultSeed(t *testing.T) {
	c := Default()
	want := map[int]struct{ off, work string }{
		2025: {
			off:  "01-01 01-27 01-28 01-29 01-30 01-31 04-07 04-30 05-01 05-02 09-01 09-02",
			work: "04-26",
		},
		2026: {
			off:  "01-01 01-02 02-16 02-17 02-18 02-19 02-20 04-27 04-30 05-01 08-31 09-01 09-02",
			work: "01-10 08-22",
		},
		2027: {
			off:  "01-01 02-05 02-08 02-09 02-10 02-11 04-16 04-30 05-03 09-02 09-03",
			work: "",
		},
	}
	for y, w := range want {
		var off, work []string
		for t0 := d(y, 1, 1); t0.Year() == y; t0 = t0.AddDate(0, 0, 1) {
			weekend := t0.Weekday() == time.Saturday || t0.Weekday() == time.Sunday
			switch wd := c.IsWorkingDay(t0); {
			case !weekend && !wd:
				off = append(off, t0.Format("01-02"))
			case weekend && wd:
				work = append(work, t0.Format("01-02"))
			}
		}
		if got := strings.Join(off, " "); got != w.off {
			t.Errorf("%d weekdays off:\n got %s\nwant %s", y, got, w.off)
		}
		if got := strings.Join(work, " "); got != w.work {
			t.Errorf("%d weekend days worked:\n got %s\nwant %s", y, got, w.work)
		}

		holidays, swOff, swWork := 0, 0, 0
		for _, day := range c.Days(y) {
			switch day.Kind {
			case KindHoliday:
				holidays++
			case KindSwappedOff:
				swOff++
			case KindSwappedWork:
				swWork++
			}
			if day.Provisional() != (y == 2027) {
				t.Errorf("%s: provisional = %v", day.Date, day.Provisional())
			}
			if !day.Provisional() && !strings.Contains(day.Source, "https://") {
				t.Errorf("%s: official day without a URL source: %q", day.Date, day.Source)
			}
		}
		if holidays != 11 {
			t.Errorf("%d: %d holiday days, want the 11 of Điều 112", y, holidays)
		}
		if swOff != swWork {
			t.Errorf("%d: %d swapped-off days but %d make-up days", y, swOff, swWork)
		}
	}
	// Spot checks of the lunar dates and weekdays the seed relies on.
	for _, s := range []struct {
		t  time.Time
		wd time.Weekday
	}{
		{d(2025, 4, 7), time.Monday},     // Giỗ Tổ 2025
		{d(2026, 4, 26), time.Sunday},    // Giỗ Tổ 2026 → nghỉ bù 27/4
		{d(2027, 2, 6), time.Saturday},   // mùng 1 Tết Đinh Mùi
		{d(2027, 4, 16), time.Friday},    // Giỗ Tổ 2027
		{d(2027, 5, 1), time.Saturday},   // → nghỉ bù 3/5
		{d(2027, 9, 2), time.Thursday},   // Quốc khánh 2027
		{d(2026, 2, 17), time.Tuesday},   // mùng 1 Tết Bính Ngọ
		{d(2025, 1, 29), time.Wednesday}, // mùng 1 Tết Ất Tỵ
	} {
		if s.t.Weekday() != s.wd {
			t.Errorf("%s is a %s, not %s", ymd(s.t), s.t.Weekday(), s.wd)
		}
	}
	if days := c.Days(2024); len(days) != 0 {
		t.Errorf("Days(2024) = %v", days)
	}
	days := c.Days(2026)
	for i := 1; i < len(days); i++ {
		if days[i-1].Date >= days[i].Date {
			t.Errorf("Days(2026) not sorted at %s", days[i].Date)
		}
	}
}

func TestConcurrentUse(t *testing.T) {
	c := Default()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			from := d(2026, 1, 1).AddDate(0, 0, i*17)
			for n := 1; n < 50; n++ {
				if c.WorkingDaysBetween(from, c.AddWorkingDays(from, n)) != n {
					t.Error("inconsistent under concurrency")
					return
				}
			}
			_ = c.Days(2026)
		}()
	}
	wg.Wait()
}

func FuzzWorkingDays(f *testing.F) {
	f.Add(int64(0), 15, int64(30))
	f.Add(int64(20120), 15, int64(-5)) // around Tết 2025
	f.Add(int64(20497), 1, int64(400)) // around 1/1/2026
	f.Add(int64(-800000), 1000, int64(100000))
	c := Default()
	f.Fuzz(func(t *testing.T, day int64, n int, span int64) {
		// Keep dates within ±5000 years of 1970 and n/span moderate so the
		// naive cross-check stays cheap.
		day %= 5000 * 366
		n %= 3000
		span %= 3000
		from := time.Unix(day*86400, 0).In(Zone())
		got := c.AddWorkingDays(from, n)
		if n <= 0 {
			if ymd(got) != ymd(from) {
				t.Fatalf("AddWorkingDays(%s, %d) = %s", ymd(from), n, ymd(got))
			}
		} else {
			if b := c.WorkingDaysBetween(from, got); b != n {
				t.Fatalf("WorkingDaysBetween(%s, AddWorkingDays(.., %d) = %s) = %d", ymd(from), n, ymd(got), b)
			}
			if !c.IsWorkingDay(got) {
				t.Fatalf("AddWorkingDays(%s, %d) = %s is not a working day", ymd(from), n, ymd(got))
			}
			if b := c.WorkingDaysBetween(from, got.AddDate(0, 0, -1)); b != n-1 {
				t.Fatalf("the day before the deadline already has %d working days", b)
			}
		}
		to := from.AddDate(0, 0, int(span))
		ab, ba := c.WorkingDaysBetween(from, to), c.WorkingDaysBetween(to, from)
		if ab != -ba {
			t.Fatalf("WorkingDaysBetween(%s, %s) = %d but reversed %d", ymd(from), ymd(to), ab, ba)
		}
		if span >= 0 {
			if want := naiveBetween(c, from, to); ab != want {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d, naive %d", ymd(from), ymd(to), ab, want)
			}
		}
	})
}
