package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/xlsx"
)

// Training reports (issue 6 item 9): the course's and the year's pages,
// JSON and XLSX. The numbers come from the service's one report function;
// this file only lays them out.

// chart is a horizontal SVG bar chart; the page's table under it holds the
// same numbers for screen readers and print.
type chart struct {
	ID, Title, Desc string
	Height          int
	Bars            []chartBar
}

type chartBar struct {
	Label, Text string
	Y, W        int
}

type barValue struct {
	Label string
	N     float64
	Text  string
}

const chartBarWidth = 320

// barChart scales the values to the widest bar (or to max when > 0).
func barChart(id, title string, max float64, values []barValue) chart {
	c := chart{ID: id, Title: title, Desc: i18n.T("report.chart_desc"), Height: 26*len(values) + 8}
	for _, v := range values {
		max = math.Max(max, v.N)
	}
	for i, v := range values {
		w := 0
		if max > 0 {
			w = int(math.Round(chartBarWidth * v.N / max))
		}
		c.Bars = append(c.Bars, chartBar{Label: clip(v.Label, 48), Text: v.Text, Y: 4 + 26*i, W: w})
	}
	return c
}

func countBars(rows []service.CountRow, label func(string) string) []barValue {
	out := make([]barValue, len(rows))
	for i, r := range rows {
		out[i] = barValue{label(r.Label), float64(r.Count), strconv.Itoa(r.Count)}
	}
	return out
}

func audienceLabel(a string) string { return i18n.T("training.audience." + a) }
func same(s string) string          { return s }

func rateOf(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// cellPct is a percentage rounded to one decimal for a spreadsheet cell.
func cellPct(p *float64) any {
	if p == nil {
		return nil
	}
	return math.Round(*p*10) / 10
}

type courseReportView struct {
	*service.CourseReport
	UnitsChart, SessionsChart chart
	Aspects                   []string
}

func (s *Server) courseReportOf(r *http.Request, u *ocop.User) (*service.CourseReport, error) {
	id, err := pathID(r, "course")
	if err != nil {
		return nil, err
	}
	return s.svc.CourseReport(r.Context(), u, id)
}

func (s *Server) courseReport(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	rep, err := s.courseReportOf(r, u)
	if err != nil {
		return err
	}
	v := courseReportView{CourseReport: rep, Aspects: ocop.FeedbackAspects,
		UnitsChart: barChart("chart-units", i18n.T("report.by_unit"), 0, countBars(rep.Units, same))}
	var sessions []barValue
	for _, sr := range rep.Sessions {
		sessions = append(sessions, barValue{sessionLabel(sr.Session), rateOf(sr.Rate), pctText(sr.Rate)})
	}
	v.SessionsChart = barChart("chart-sessions", i18n.T("report.by_session"), 100, sessions)
	p := s.page(r, u, "report.course_title")
	p.Data = v
	s.render(w, r, http.StatusOK, "training_report", p)
	return nil
}

func (s *Server) apiCourseReport(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	rep, err := s.courseReportOf(r, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

// courseReportXLSX has a sheet per table of the page.
func (s *Server) courseReportXLSX(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	rep, err := s.courseReportOf(r, u)
	if err != nil {
		return err
	}
	c := rep.Course
	sum := xlsx.Table{Sheet: i18n.T("report.sheet_summary"), Title: c.Title, Widths: []float64{44, 16},
		Headers: []string{i18n.T("training.indicator"), i18n.T("report.value")}, Rows: [][]any{
			{i18n.T("report.enrolled"), rep.Enrolled}, {i18n.T("report.waitlisted"), rep.Waitlisted},
			{i18n.T("report.cancelled"), rep.Cancelled}, {i18n.T("report.units"), len(rep.Units)},
			{i18n.T("report.topics"), rep.Topics}, {i18n.T("report.sessions"), len(rep.Sessions)},
			{i18n.T("report.present_marks"), rep.PresentMarks}, {i18n.T("report.attendance_rate"), cellPct(rep.AttendanceRate)},
			{i18n.T("report.pre_avg"), cellPct(rep.PreAvg)}, {i18n.T("report.post_avg"), cellPct(rep.PostAvg)},
			{i18n.T("report.improvement"), cellPct(rep.AvgImprovement)}, {i18n.T("report.feedback_count"), rep.Feedback.Count},
			{i18n.T("report.certificates"), rep.Certificates}}}
	for _, a := range ocop.FeedbackAspects {
		sum.Rows = append(sum.Rows, []any{i18n.T("tests.aspect." + a), math.Round(rep.Feedback.Averages[a]*100) / 100})
	}
	units := countTable(i18n.T("report.sheet_units"), i18n.T("training.unit"), rep.Units, same)
	auds := countTable(i18n.T("report.sheet_audiences"), i18n.T("training.audience"), rep.Audiences, audienceLabel)
	sess := xlsx.Table{Sheet: i18n.T("report.sheet_sessions"), Widths: []float64{24, 50, 36, 12, 12},
		Headers: []string{i18n.T("attendance.session"), i18n.T("report.topic"), i18n.T("report.lecturer"),
			i18n.T("report.present"), i18n.T("report.rate")}}
	for _, sr := range rep.Sessions {
		sess.Rows = append(sess.Rows, []any{sessionLabel(sr.Session), firstNonEmpty(sr.Session.TopicTitle, sr.Session.Title),
			sr.Session.Lecturer, sr.Present, cellPct(sr.Rate)})
	}
	sendXLSX(w, fmt.Sprintf("bao-cao-lop-%d.xlsx", c.ID))
	return xlsx.Write(w, sum, units, auds, sess)
}

func countTable(sheet, header string, rows []service.CountRow, label func(string) string) xlsx.Table {
	t := xlsx.Table{Sheet: sheet, Widths: []float64{44, 14}, Headers: []string{header, i18n.T("report.trainees")}}
	for _, r := range rows {
		t.Rows = append(t.Rows, []any{label(r.Label), r.Count})
	}
	return t
}

// yearReportOf reads ?tinh= (national managers; "" = all provinces) and
// ?nam= for the page, province and year for the API.
func (s *Server) yearReportOf(r *http.Request, u *ocop.User) (*service.YearReport, error) {
	q := r.URL.Query()
	year, _ := strconv.Atoi(q.Get("year"))
	if year == 0 {
		year = planYear(r, s.svc.DB.Now())
	}
	return s.svc.TrainingYearReport(r.Context(), u, firstNonEmpty(q.Get("tinh"), q.Get("province")), year)
}

type yearReportView struct {
	*service.YearReport
	National      bool
	Provinces     []option
	Plan          []planRow
	CourseChart   chart
	AudienceChart chart
}

func (s *Server) trainingYearReport(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	rep, err := s.yearReportOf(r, u)
	if err != nil {
		return err
	}
	v := yearReportView{YearReport: rep, National: u.Scope.Level == ocop.LevelCountry}
	if v.National {
		if v.Provinces, err = s.provinceOptions(r); err != nil {
			return err
		}
	}
	if rep.Plan != nil {
		v.Plan = planRows(rep.Plan)
	}
	var courses []barValue
	for _, c := range rep.Courses {
		courses = append(courses, barValue{isoDate(c.Course.StartDate) + " — " + c.Course.Title, float64(c.Enrolled), strconv.Itoa(c.Enrolled)})
	}
	v.CourseChart = barChart("chart-courses", i18n.T("report.by_course"), 0, courses)
	v.AudienceChart = barChart("chart-audiences", i18n.T("report.by_audience"), 0, countBars(rep.Audiences, audienceLabel))
	p := s.page(r, u, "report.year_title")
	p.Form = url.Values{"year": {strconv.Itoa(rep.Year)}, "province_code": {rep.ProvinceCode}}
	p.Data = v
	s.render(w, r, http.StatusOK, "training_year_report", p)
	return nil
}

func (s *Server) apiTrainingYearReport(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	rep, err := s.yearReportOf(r, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}

func (s *Server) trainingYearReportXLSX(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	rep, err := s.yearReportOf(r, u)
	if err != nil {
		return err
	}
	sum := xlsx.Table{Sheet: i18n.T("report.sheet_summary"), Title: i18n.T("report.year_heading", rep.Year),
		Widths: []float64{44, 16}, Headers: []string{i18n.T("training.indicator"), i18n.T("report.value")}, Rows: [][]any{
			{i18n.T("report.courses"), len(rep.Courses)}, {i18n.T("report.trainees"), rep.Trainees},
			{i18n.T("report.attendance_rate"), cellPct(rep.AttendanceRate)},
			{i18n.T("report.improvement"), cellPct(rep.AvgImprovement)}, {i18n.T("report.certificates"), rep.Certificates}}}
	courses := xlsx.Table{Sheet: i18n.T("report.sheet_courses"), Widths: []float64{12, 50, 12, 12, 12, 14, 14, 14},
		Headers: []string{i18n.T("report.start"), i18n.T("training.course"), i18n.T("report.province"), i18n.T("report.trainees"),
			i18n.T("report.units"), i18n.T("report.attendance_rate"), i18n.T("report.improvement"), i18n.T("report.certificates")}}
	for _, c := range rep.Courses {
		courses.Rows = append(courses.Rows, []any{isoDate(c.Course.StartDate), c.Course.Title, c.Course.ProvinceCode,
			c.Enrolled, c.Units, cellPct(c.AttendanceRate), cellPct(c.AvgImprovement), c.Certificates})
	}
	auds := xlsx.Table{Sheet: i18n.T("report.sheet_audiences"), Widths: []float64{44, 14, 14},
		Headers: []string{i18n.T("training.audience"), i18n.T("training.target"), i18n.T("training.achieved")}}
	for _, a := range rep.Audiences {
		var target any
		if rep.Plan != nil && rep.Plan.Plan != nil {
			target = rep.Plan.Plan.Targets[ocop.Audience(a.Label)]
		}
		auds.Rows = append(auds.Rows, []any{audienceLabel(a.Label), target, a.Count})
	}
	name := "tat-ca"
	if rep.ProvinceCode != "" {
		name = rep.ProvinceCode
	}
	sendXLSX(w, fmt.Sprintf("bao-cao-tap-huan-%d-%s.xlsx", rep.Year, name))
	return xlsx.Write(w, sum, courses, auds)
}

// clip shortens a chart label; the table beside the chart has it whole.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
