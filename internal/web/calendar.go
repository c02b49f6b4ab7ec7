package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/ocopvn/ocop/internal/calendar"
	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// The working-day calendar: everyone signed in reads it, a national
// administrator keeps it (see service/calendar.go).

const calendarPath = "/quan-tri/lich-lam-viec"

// calendarRow is a listed day with its weekday, for the table.
type calendarRow struct {
	*store.CalendarDay
	Weekday string
}

var calendarKinds = []calendar.Kind{calendar.KindHoliday, calendar.KindCompensating, calendar.KindSwappedOff, calendar.KindSwappedWork}

func calendarKindOptions() []option {
	out := make([]option, len(calendarKinds))
	for i, k := range calendarKinds {
		out[i] = option{string(k), i18n.T("daykind." + string(k))}
	}
	return out
}

// calendarYearParam reads ?nam= (?year= in the API), this year by default.
func (s *Server) calendarYearParam(r *http.Request, name string) int {
	v := r.URL.Query().Get(name)
	if v == "" {
		return s.svc.DB.Now().In(calendar.Zone()).Year()
	}
	y, err := strconv.Atoi(v)
	if err != nil {
		return 0 // the service answers "no such year"
	}
	return y
}

func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	year := s.calendarYearParam(r, "nam")
	p := s.page(r, u, "calendar.title")
	p.Form.Set("nam", strconv.Itoa(year))
	return s.renderCalendar(w, r, u, http.StatusOK, p, year)
}

func (s *Server) renderCalendar(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page, year int) error {
	y, err := s.svc.CalendarYear(r.Context(), u, year)
	if err != nil {
		return err
	}
	covered, err := s.svc.CalendarYears(r.Context())
	if err != nil {
		return err
	}
	rows := make([]calendarRow, len(y.Days))
	for i, d := range y.Days {
		t, _ := time.Parse(time.DateOnly, d.Date)
		rows[i] = calendarRow{d, i18n.T(fmt.Sprintf("weekday.%d", t.Weekday()))}
	}
	p.Data = map[string]any{"Year": y, "Rows": rows, "Years": s.calendarYearOptions(covered, year),
		"Kinds": calendarKindOptions(), "CanManage": u.Can(ocop.PermCalendarManage)}
	s.render(w, r, st, "calendar", p)
	return nil
}

// calendarYearOptions offers the covered years, last year, this year and
// the year after the last covered one (to start listing it).
func (s *Server) calendarYearOptions(covered []int, selected int) []option {
	now := s.svc.DB.Now().In(calendar.Zone()).Year()
	lo, hi := now-1, now+1
	if len(covered) > 0 {
		lo, hi = min(lo, covered[0]), max(hi, covered[len(covered)-1]+1)
	}
	lo, hi = max(min(lo, selected), service.MinCalendarYear), min(max(hi, selected), service.MaxCalendarYear)
	var out []option
	for y := lo; y <= hi; y++ {
		out = append(out, option{strconv.Itoa(y), strconv.Itoa(y)})
	}
	return out
}

func calendarInput(f url.Values) service.CalendarInput {
	version, _ := strconv.ParseInt(f.Get("version"), 10, 64)
	return service.CalendarInput{Date: f.Get("date"), Kind: f.Get("kind"), Name: f.Get("name"), Source: f.Get("source"), Version: version}
}

// calendarYearURL is the list of the year of a YYYY-MM-DD date.
func calendarYearURL(date string) string { return calendarPath + "?nam=" + date[:4] }

func (s *Server) calendarAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	d, err := s.svc.AddCalendarDay(r.Context(), u, calendarInput(r.PostForm))
	if ocop.ErrorCode(err) == ocop.EINVALID {
		year, _ := strconv.Atoi(r.PostForm.Get("nam"))
		return s.renderCalendar(w, r, u, http.StatusUnprocessableEntity, s.page(r, u, "calendar.title").withInput(r, err), year)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, calendarYearURL(d.Date), i18n.T("calendar.added", isoDate(d.Date)))
}

func (s *Server) calendarEditForm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	d, err := s.svc.CalendarDay(r.Context(), u, r.PathValue("date"))
	if err != nil {
		return err
	}
	p := s.page(r, u, "calendar.edit")
	p.Form = calendarForm(d)
	return s.renderCalendarEdit(w, r, http.StatusOK, p, d)
}

func calendarForm(d *store.CalendarDay) url.Values {
	return url.Values{"kind": {string(d.Kind)}, "name": {d.Name}, "source": {d.Source},
		"version": {strconv.FormatInt(d.Version, 10)}}
}

func (s *Server) renderCalendarEdit(w http.ResponseWriter, r *http.Request, st int, p *page, d *store.CalendarDay) error {
	p.Data = map[string]any{"Day": d, "Kinds": calendarKindOptions()}
	s.render(w, r, st, "calendar_edit", p)
	return nil
}

// calendarSave edits a day; confirm is the "xác nhận" form, which only
// records the official source of a provisional day.
func (s *Server) calendarSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.calendarChange(w, r, u, false)
}

func (s *Server) calendarConfirm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.calendarChange(w, r, u, true)
}

func (s *Server) calendarChange(w http.ResponseWriter, r *http.Request, u *ocop.User, confirm bool) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	ctx, date, in := r.Context(), r.PathValue("date"), calendarInput(r.PostForm)
	var d *store.CalendarDay
	var err error
	if confirm {
		d, err = s.svc.ConfirmCalendarDay(ctx, u, date, in.Version, r.PostForm.Get("official_source"))
	} else {
		d, err = s.svc.UpdateCalendarDay(ctx, u, date, in)
	}
	switch ocop.ErrorCode(err) {
	case "":
		return s.redirect(w, r, calendarYearURL(d.Date), i18n.T("calendar.saved", isoDate(d.Date)))
	case ocop.EINVALID, ocop.ECONFLICT:
		cur, gerr := s.svc.CalendarDay(ctx, u, date)
		if gerr != nil {
			return gerr
		}
		p := s.page(r, u, "calendar.edit").withInput(r, err)
		if ocop.ErrorCode(err) == ocop.ECONFLICT {
			p.Form.Set("version", strconv.FormatInt(cur.Version, 10)) // saving again applies this typing on top
		}
		return s.renderCalendarEdit(w, r, status[ocop.ErrorCode(err)], p, cur)
	}
	return err
}

func (s *Server) calendarDelete(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	date := r.PathValue("date")
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	if err := s.svc.DeleteCalendarDay(r.Context(), u, date, version); err != nil {
		return err
	}
	return s.redirect(w, r, calendarYearURL(date), i18n.T("calendar.deleted", isoDate(date)))
}

func (s *Server) apiCalendar(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	y, err := s.svc.CalendarYear(r.Context(), u, s.calendarYearParam(r, "year"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, y)
	return nil
}

func (s *Server) apiCalendarAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var in service.CalendarInput
	if err := decode(r, &in); err != nil {
		return err
	}
	d, err := s.svc.AddCalendarDay(r.Context(), u, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, d)
	return nil
}

func (s *Server) apiCalendarSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var in service.CalendarInput
	if err := decode(r, &in); err != nil {
		return err
	}
	d, err := s.svc.UpdateCalendarDay(r.Context(), u, r.PathValue("date"), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) apiCalendarDelete(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var body struct {
		Version int64 `json:"version"`
	}
	if err := decode(r, &body); err != nil {
		return err
	}
	ctx, date := r.Context(), r.PathValue("date")
	d, err := s.svc.CalendarDay(ctx, u, date)
	if err != nil {
		return err
	}
	if err := s.svc.DeleteCalendarDay(ctx, u, date, body.Version); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}
