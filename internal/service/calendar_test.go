package service_test

import (
	"context"
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/calendar"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
	"github.com/ocopvn/ocop/internal/testutil"
)

// A database from before the calendar table (or a fresh one) gets the
// embedded 2025–2027 calendar at start-up, once, as a system action.
func TestCalendarSeededAtBootstrap(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.RawForTest().ExecContext(ctx, `DELETE FROM calendar_days`); err != nil {
			t.Fatal(err)
		}
		seeded := seedings(t, db) // the test database's own
		svc := newService(db)
		admin := staff(t, db, "quantri.bo", ocop.RoleAdmin, ocop.Country)
		if y := testutil.Must(svc.CalendarYear(ctx, admin, 2026)); y.Covered || len(y.Days) != 0 {
			t.Fatalf("emptied calendar still lists 2026: %+v", y)
		}
		for range 2 { // the second start finds the table filled and adds nothing
			if _, err := svc.Bootstrap(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if got := testutil.Must(svc.CalendarYears(ctx)); len(got) != 3 || got[0] != 2025 || got[2] != 2027 {
			t.Errorf("years after seeding: %v, want 2025–2027", got)
		}
		y := testutil.Must(svc.CalendarYear(ctx, admin, 2026))
		if !y.Covered || y.Days[0].Date != "2026-01-01" || y.Days[0].Version != 1 || y.Days[0].UpdatedBy != ocop.System.Name {
			t.Errorf("2026 after seeding: %+v", y.Days[0])
		}
		// 261 weekdays, minus 1/1, 2/1, Tết 16–20/2, 27/4, 30/4, 1/5, 31/8, 1/9, 2/9, plus Sat 10/1 and Sat 22/8.
		if y.WorkingDays != 261-13+2 {
			t.Errorf("working days in 2026: %d, want %d", y.WorkingDays, 261-13+2)
		}
		y27 := testutil.Must(svc.CalendarYear(ctx, admin, 2027))
		if !y27.Days[0].Provisional {
			t.Errorf("2027 is provisional in the seed: %+v", y27.Days[0])
		}
		if got := seedings(t, db); got != seeded+1 {
			t.Errorf("%d audited seedings, want %d", got, seeded+1)
		}
	})
}

func seedings(t *testing.T, db *store.DB) int {
	n := 0
	for _, e := range testutil.Must(db.AuditEntries(context.Background(), store.AuditFilter{Entity: "calendar", EntityID: "all"})) {
		if e.Action == "calendar.seed" && e.ActorName == ocop.System.Name {
			n++
		}
	}
	return n
}

func TestCalendarChanges(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		admin := staff(t, db, "quantri.bo", ocop.RoleAdmin, ocop.Country)
		provincial := staff(t, db, "quantri.sonla", ocop.RoleAdmin, ocop.ProvinceScope("14"))
		producer, _, _ := confirmedProducer(t, db, svc)
		before := len(testutil.Must(svc.CalendarYear(ctx, producer, 2026)).Days) // everyone signed in may read

		bad := []struct {
			name  string
			in    service.CalendarInput
			field string
			key   string
		}{
			{"bad date", service.CalendarInput{Date: "31/02/2026", Kind: "holiday", Name: "X", Source: "Y"}, "date", "err.date_format"},
			{"no date", service.CalendarInput{Kind: "holiday", Name: "X", Source: "Y"}, "date", "err.required"},
			{"far year", service.CalendarInput{Date: "01/01/1926", Kind: "holiday", Name: "X", Source: "Y"}, "date", "err.calendar_year"},
			{"duplicate", service.CalendarInput{Date: "16/02/2026", Kind: "holiday", Name: "X", Source: "Y"}, "date", "err.calendar_duplicate"},
			{"làm bù on a weekday", service.CalendarInput{Date: "11/03/2026", Kind: "swapped_work", Name: "X", Source: "Y"}, "kind", "err.calendar_work_weekday"},
			{"nghỉ bù on a Saturday", service.CalendarInput{Date: "14/03/2026", Kind: "compensating", Name: "X", Source: "Y"}, "kind", "err.calendar_off_weekend"},
			{"swapped off on a Sunday", service.CalendarInput{Date: "15/03/2026", Kind: "swapped_off", Name: "X", Source: "Y"}, "kind", "err.calendar_off_weekend"},
			{"unknown kind", service.CalendarInput{Date: "11/03/2026", Kind: "party", Name: "X", Source: "Y"}, "kind", "err.choose"},
			{"empty name", service.CalendarInput{Date: "11/03/2026", Kind: "holiday", Name: "  ", Source: "Y"}, "name", "err.required"},
			{"empty source", service.CalendarInput{Date: "11/03/2026", Kind: "holiday", Name: "X"}, "source", "err.required"},
		}
		for _, b := range bad {
			if _, err := svc.AddCalendarDay(ctx, admin, b.in); fieldErrors(err)[b.field] != b.key {
				t.Errorf("%s: got %v, want %s on %s", b.name, err, b.key, b.field)
			}
		}
		in := service.CalendarInput{Date: "11/03/2026", Kind: "swapped_off", Name: "Nghỉ thử", Source: "Công văn thử"}
		for _, u := range []*ocop.User{provincial, producer} {
			if _, err := svc.AddCalendarDay(ctx, u, in); ocop.ErrorCode(err) != ocop.EFORBIDDEN {
				t.Errorf("%s adding a day: got %v, want forbidden", u.Username, err)
			}
		}
		if n := len(testutil.Must(svc.CalendarYear(ctx, admin, 2026)).Days); n != before {
			t.Fatalf("refused additions changed the calendar: %d days, want %d", n, before)
		}

		d, err := svc.AddCalendarDay(ctx, admin, in)
		if err != nil || d.Date != "2026-03-11" || d.Version != 1 || d.UpdatedBy != admin.Username {
			t.Fatalf("add: %+v %v", d, err)
		}
		edit := service.CalendarInput{Kind: "holiday", Name: "Nghỉ lễ thử", Source: "Công văn thử", Version: 1}
		if _, err := svc.UpdateCalendarDay(ctx, provincial, d.Date, edit); ocop.ErrorCode(err) != ocop.EFORBIDDEN {
			t.Errorf("provincial admin editing: %v", err)
		}
		if d, err = svc.UpdateCalendarDay(ctx, admin, d.Date, edit); err != nil || d.Version != 2 || d.Kind != "holiday" {
			t.Fatalf("edit: %+v %v", d, err)
		}
		// Someone who read version 1 saves afterwards: conflict, nothing changes.
		edit.Name = "Bản cũ"
		if _, err := svc.UpdateCalendarDay(ctx, admin, d.Date, edit); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("stale edit: got %v, want conflict", err)
		}
		if err := svc.DeleteCalendarDay(ctx, admin, d.Date, 1); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("stale delete: got %v, want conflict", err)
		}
		if err := svc.DeleteCalendarDay(ctx, provincial, d.Date, 2); ocop.ErrorCode(err) != ocop.EFORBIDDEN {
			t.Errorf("provincial admin deleting: %v", err)
		}
		if got := testutil.Must(svc.CalendarDay(ctx, producer, d.Date)); got.Name != "Nghỉ lễ thử" || got.Version != 2 {
			t.Errorf("after refused changes: %+v", got)
		}
		if err := svc.DeleteCalendarDay(ctx, admin, d.Date, 2); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CalendarDay(ctx, admin, d.Date); ocop.ErrorCode(err) != ocop.ENOTFOUND {
			t.Errorf("deleted day: %v", err)
		}
		var actions []string
		for _, e := range testutil.Must(db.AuditEntries(ctx, store.AuditFilter{Entity: "calendar", EntityID: "2026-03-11"})) {
			actions = append(actions, e.Action+" by "+e.ActorName)
		}
		want := []string{"calendar.delete by quantri.bo", "calendar.update by quantri.bo", "calendar.create by quantri.bo"}
		if len(actions) != 3 || actions[0] != want[0] || actions[1] != want[1] || actions[2] != want[2] {
			t.Errorf("audit: %v, want %v", actions, want)
		}
	})
}

// deadlines is a service whose clock reads a given time, with a confirmed
// producer, its commune officer and a national administrator.
type deadlines struct {
	t                 *testing.T
	db                *store.DB
	svc               *service.Service
	u, officer, admin *ocop.User
	p                 *ocop.Producer
}

var vn = time.FixedZone("ICT", 7*3600)

func newDeadlines(t *testing.T, db *store.DB, now time.Time) *deadlines {
	db.Now = func() time.Time { return now }
	d := &deadlines{t: t, db: db, svc: newService(db)}
	d.u, d.p, d.officer = confirmedProducer(t, db, d.svc)
	d.admin = staff(t, db, "quantri.bo", ocop.RoleAdmin, ocop.Country)
	return d
}

// file puts a dossier filed at 9:00 on a date in the commune's queue.
func (d *deadlines) file(y int, m time.Month, day int) int64 {
	return fileDossier(d.t, d.db, d.svc, d.u, d.p, time.Date(y, m, day, 9, 0, 0, 0, vn)).ID
}

// want checks the commune's deadline of a dossier in the queue
// (dd/mm/yyyy in Vietnam) and whether it is flagged as provisional.
func (d *deadlines) want(id int64, want string, provisional bool) {
	d.t.Helper()
	items, _, err := d.svc.Dossiers(context.Background(), d.officer, store.DossierFilter{Status: ocop.DossierSubmitted})
	if err != nil {
		d.t.Fatal(err)
	}
	for _, it := range items {
		if it.ID != id {
			continue
		}
		if got := it.Deadline.In(calendar.Zone()).Format("02/01/2006"); got != want || it.Provisional != provisional {
			d.t.Errorf("deadline %s (provisional %v), want %s (%v)", got, it.Provisional, want, provisional)
		}
		return
	}
	d.t.Fatalf("dossier %d not in the queue", id)
}

// Received on Monday 9/2/2026, a week before Tết Bính Ngọ: 10–13/2, then
// 23/2–6/3 and 9/3 make 15 working days. A day off the administrator adds
// inside the window moves the deadline by one working day.
func TestDeadlineFollowsAddedHoliday(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := newDeadlines(t, db, time.Date(2026, 2, 9, 15, 0, 0, 0, vn))
		svc, admin := d.svc, d.admin
		id := d.file(2026, 2, 9)
		d.want(id, "09/03/2026", false)
		if _, err := svc.AddCalendarDay(ctx, admin, service.CalendarInput{Date: "10/02/2026", Kind: "swapped_off",
			Name: "Nghỉ thêm trước Tết", Source: "Thông báo thử"}); err != nil {
			t.Fatal(err)
		}
		d.want(id, "10/03/2026", false)
		if err := svc.DeleteCalendarDay(ctx, admin, "2026-02-10", 1); err != nil {
			t.Fatal(err)
		}
		d.want(id, "09/03/2026", false)
	})
}

// Received on Monday 1/2/2027, before Tết Đinh Mùi, whose days are only
// provisional (5–9/2 Tết, 10–11/2 nghỉ bù): 2–4/2, 12/2, 15/2–26/2 and
// 1/3 make 15 working days, flagged until an administrator confirms the
// days. A year with nothing listed (2028) is flagged until a day is listed.
func TestDeadlineAroundTet2027(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		d := newDeadlines(t, db, time.Date(2027, 2, 1, 15, 0, 0, 0, vn))
		svc, admin, check := d.svc, d.admin, d.want
		tet, later := d.file(2027, 2, 1), d.file(2028, 3, 1)
		check(tet, "01/03/2027", true)
		check(later, "22/03/2028", true)
		y := testutil.Must(svc.CalendarYear(ctx, admin, 2027))
		for _, d := range y.Days {
			if !d.Provisional || d.Date < "2027-02-05" || d.Date > "2027-02-11" {
				continue
			}
			if _, err := svc.ConfirmCalendarDay(ctx, admin, d.Date, d.Version, "Thông báo thử/TB-BNV"); err != nil {
				t.Fatal(err)
			}
		}
		check(tet, "01/03/2027", false)
		if _, err := svc.ConfirmCalendarDay(ctx, admin, "2027-02-05", 2, "Thông báo thử"); ocop.ErrorCode(err) != ocop.ECONFLICT {
			t.Errorf("confirming a confirmed day: %v", err)
		}
		if _, err := svc.ConfirmCalendarDay(ctx, admin, "2027-01-01", 1, "vẫn là lịch dự kiến"); fieldErrors(err)["official_source"] != "err.calendar_still_provisional" {
			t.Errorf("confirming with a provisional source: %v", err)
		}
		// The published schedule adds Friday 12/2 off: one day later.
		if _, err := svc.AddCalendarDay(ctx, admin, service.CalendarInput{Date: "12/02/2027", Kind: "swapped_off",
			Name: "Nghỉ Tết Đinh Mùi (hoán đổi)", Source: "Thông báo thử/TB-BNV"}); err != nil {
			t.Fatal(err)
		}
		check(tet, "02/03/2027", false)
		if _, err := svc.AddCalendarDay(ctx, admin, service.CalendarInput{Date: "01/01/2028", Kind: "holiday",
			Name: "Tết Dương lịch", Source: "Bộ luật Lao động 2019, Điều 112"}); err != nil {
			t.Fatal(err)
		}
		check(later, "22/03/2028", false)
	})
}
