package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/ocopvn/ocop/internal/calendar"
	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

// Training courses (issue 6): the list, a course's page with its
// sessions and enrolments, the course form, registration and the
// enrolment list import.

const trainingPath = "/tap-huan"

func courseURL(id int64) string { return trainingPath + "/" + strconv.FormatInt(id, 10) }

func courseTypeOptions() []option   { return labelled("training.type.", ocop.CourseTypes) }
func courseStatusOptions() []option { return labelled("training.status.", ocop.CourseStatuses) }

func audienceOptions() []option {
	values := make([]string, len(ocop.Audiences))
	for i, a := range ocop.Audiences {
		values[i] = string(a)
	}
	return labelled("training.audience.", values)
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func courseInput(f url.Values) service.CourseInput {
	v, _ := strconv.ParseInt(f.Get("version"), 10, 64)
	return service.CourseInput{Province: f.Get("province_code"), Title: f.Get("title"), Organiser: f.Get("organiser"),
		CoOrganisers: f.Get("co_organisers"), Type: f.Get("course_type"), StartDate: f.Get("start_date"),
		EndDate: f.Get("end_date"), Venue: f.Get("venue"), Capacity: atoi(f.Get("capacity")),
		Audiences: f["audiences"], Description: f.Get("description"), Status: f.Get("status"),
		MinAttendancePct: atoi(f.Get("min_attendance_pct")), MinPostTestPct: atoi(f.Get("min_posttest_pct")), Version: v}
}

// courseForm is a course as the form shows it.
func courseForm(c service.CourseInput) url.Values {
	f := url.Values{"province_code": {c.Province}, "title": {c.Title}, "organiser": {c.Organiser},
		"co_organisers": {c.CoOrganisers}, "course_type": {c.Type}, "start_date": {isoDate(c.StartDate)},
		"end_date": {isoDate(c.EndDate)}, "venue": {c.Venue}, "capacity": {strconv.Itoa(c.Capacity)},
		"audiences": c.Audiences, "description": {c.Description}, "status": {c.Status},
		"min_attendance_pct": {strconv.Itoa(c.MinAttendancePct)}, "min_posttest_pct": {strconv.Itoa(c.MinPostTestPct)},
		"version": {strconv.FormatInt(c.Version, 10)}}
	return f
}

func inputOf(c *ocop.Course) service.CourseInput {
	in := service.CourseInput{Province: c.ProvinceCode, Title: c.Title, Organiser: c.Organiser, CoOrganisers: c.CoOrganisers,
		Type: c.Type, StartDate: c.StartDate, EndDate: c.EndDate, Venue: c.Venue, Capacity: c.Capacity,
		Description: c.Description, Status: c.Status, MinAttendancePct: c.MinAttendancePct,
		MinPostTestPct: c.MinPostTestPct, Version: c.Version}
	for _, a := range c.Audiences {
		in.Audiences = append(in.Audiences, string(a))
	}
	return in
}

func (s *Server) trainingList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	lists, err := s.svc.Courses(r.Context(), u)
	if err != nil {
		return err
	}
	taught, err := s.svc.TaughtSessions(r.Context(), u)
	if err != nil {
		return err
	}
	p := s.page(r, u, "training.title")
	p.Data = map[string]any{"Lists": lists, "Manages": u.Can(ocop.PermTrainingManage), "Taught": taught}
	s.render(w, r, http.StatusOK, "training", p)
	return nil
}

// courseFormView is what the course form needs.
type courseFormView struct {
	Action    string
	Edit      bool
	National  bool // the manager chooses the province
	Provinces []option
	Types     []option
	Statuses  []option
	Audiences []option
}

func (s *Server) renderCourseForm(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page, action string, edit bool) error {
	v := courseFormView{Action: action, Edit: edit, National: u.Scope.Level == ocop.LevelCountry && !edit,
		Types: courseTypeOptions(), Statuses: courseStatusOptions(), Audiences: audienceOptions()}
	if v.National {
		var err error
		if v.Provinces, err = s.provinceOptions(r); err != nil {
			return err
		}
	}
	p.Data = v
	s.render(w, r, st, "training_course_form", p)
	return nil
}

// provinceOptions lists the provinces for a national manager to choose.
func (s *Server) provinceOptions(r *http.Request) ([]option, error) {
	provinces, err := s.svc.Provinces(r.Context())
	return unitOptions(provinces), err
}

func (s *Server) courseNewForm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	p := s.page(r, u, "training.new")
	in := service.NewCourseInput()
	p.Form = courseForm(in)
	p.Form.Del("start_date")
	p.Form.Del("end_date")
	return s.renderCourseForm(w, r, u, http.StatusOK, p, trainingPath, false)
}

func (s *Server) courseCreate(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	c, err := s.svc.CreateCourse(r.Context(), u, courseInput(r.PostForm))
	if ocop.ErrorCode(err) == ocop.EINVALID {
		return s.renderCourseForm(w, r, u, http.StatusUnprocessableEntity, s.page(r, u, "training.new").withInput(r, err),
			trainingPath, false)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, courseURL(c.ID), i18n.T("training.created"))
}

func (s *Server) courseEditForm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	v, err := s.svc.Course(r.Context(), u, id)
	if err != nil {
		return err
	}
	if !v.Manages {
		return ocop.ErrNotFound()
	}
	p := s.page(r, u, "training.edit")
	p.Form = courseForm(inputOf(v.Course))
	return s.renderCourseForm(w, r, u, http.StatusOK, p, courseURL(id)+"/sua", true)
}

func (s *Server) courseSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	c, err := s.svc.UpdateCourse(r.Context(), u, id, courseInput(r.PostForm))
	switch code := ocop.ErrorCode(err); code {
	case "":
	case ocop.EINVALID, ocop.ECONFLICT:
		p := s.page(r, u, "training.edit").withInput(r, err)
		if code == ocop.ECONFLICT {
			if cur, gerr := s.svc.Course(r.Context(), u, id); gerr == nil {
				// What the other person saved is marked next to each field;
				// saving again applies this typing on top.
				p.markChanged(courseForm(inputOf(cur.Course)), "")
				p.Form.Set("version", strconv.FormatInt(cur.Course.Version, 10))
			}
		}
		return s.renderCourseForm(w, r, u, status[code], p, courseURL(id)+"/sua", true)
	default:
		return err
	}
	return s.redirect(w, r, courseURL(c.ID), i18n.T("training.saved"))
}

// courseView is a course's page.
type courseView struct {
	*service.CourseView
	TopicOptions    []option
	LecturerOptions []option // the embedded view's Lecturers are those of the sessions
	Audiences       []option
	Preview         *importPreview
	Tour            *tourView // the itinerary of a study tour (tours.go)
	Sandboxes       []*ocop.Sandbox
}

// importPreview is the checked list waiting for the organiser's confirmation.
type importPreview struct {
	Results []service.EnrolResult
	Good    int
	Rows    string // the good rows as JSON, posted back on confirmation
}

func (s *Server) courseShow(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderCourse(w, r, u, http.StatusOK, s.page(r, u, "training.course"), nil)
}

func (s *Server) renderCourse(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page, pre *importPreview) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	cv, err := s.svc.Course(r.Context(), u, id)
	if err != nil {
		return err
	}
	v := courseView{CourseView: cv, Audiences: audienceOptions(), Preview: pre}
	if v.Tour, err = s.tourView(r, u, cv); err != nil {
		return err
	}
	if cv.Manages {
		if v.Sandboxes, err = s.svc.CourseSandboxes(r.Context(), u, id); err != nil {
			return err
		}
	}
	if cv.Manages {
		if v.TopicOptions, v.LecturerOptions, err = s.sessionOptions(r, u); err != nil {
			return err
		}
	}
	p.Data = v
	s.render(w, r, st, "training_course", p)
	return nil
}

// courseAction runs a change on a course and comes back to its page; bad
// input or a conflict shows the page again with what was typed.
func (s *Server) courseAction(w http.ResponseWriter, r *http.Request, u *ocop.User, done string,
	act func(id int64) (string, error)) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	flash, err := act(id)
	switch code := ocop.ErrorCode(err); code {
	case "":
	case ocop.EINVALID, ocop.ECONFLICT:
		return s.renderCourse(w, r, u, status[code], s.page(r, u, "training.course").withInput(r, err), nil)
	default:
		return err
	}
	if flash == "" {
		flash = i18n.T(done)
	}
	return s.redirect(w, r, courseURL(id), flash)
}

func (s *Server) courseSessionAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.courseAction(w, r, u, "training.session_added", func(id int64) (string, error) {
		_, err := s.svc.AddCourseSession(r.Context(), u, id, sessionInput(r.PostForm))
		return "", err
	})
}

func (s *Server) courseLecturerAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.courseAction(w, r, u, "training.lecturer_added", func(id int64) (string, error) {
		if _, err := s.svc.Course(r.Context(), u, id); err != nil {
			return "", err
		}
		_, err := s.svc.AddLecturer(r.Context(), u, lecturerInput(r.PostForm, "lecturer_"))
		if e, ok := err.(*ocop.Error); ok && e.Fields["full_name"] != "" {
			e.Fields["lecturer_name"] = e.Fields["full_name"]
		}
		return "", err
	})
}

func (s *Server) courseRegister(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.courseAction(w, r, u, "", func(id int64) (string, error) {
		e, err := s.svc.RegisterForCourse(r.Context(), u, id)
		if err != nil {
			return "", err
		}
		if e.Status == ocop.EnrolWaitlisted {
			return i18n.T("training.registered_waitlist", e.WaitlistPos), nil
		}
		return i18n.T("training.registered"), nil
	})
}

func (s *Server) courseUnregister(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.courseAction(w, r, u, "training.unregistered", func(id int64) (string, error) {
		return "", s.svc.CancelRegistration(r.Context(), u, id)
	})
}

func (s *Server) courseEnrolOne(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.courseAction(w, r, u, "", func(id int64) (string, error) {
		f := r.PostForm
		res, err := s.svc.EnrolList(r.Context(), u, id, []service.TraineeInput{{FullName: f.Get("full_name"),
			UnitName: f.Get("unit_name"), Audience: f.Get("audience"), Phone: f.Get("phone"), Email: f.Get("email")}},
			ocop.EnrolOrganiser)
		if err != nil {
			return "", err
		}
		if len(res[0].Errors) > 0 {
			v := ocop.Validation{}
			for _, fe := range res[0].Errors {
				v.Add(fe.Field, fe.Key)
			}
			return "", v.Err()
		}
		return i18n.T("training.enrolled_one", res[0].Enrolment.FullName), nil
	})
}

func (s *Server) courseEnrolCancel(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.courseAction(w, r, u, "training.enrolment_cancelled", func(id int64) (string, error) {
		eid, err := pathID(r, "enrolment")
		if err != nil {
			return "", err
		}
		return "", s.svc.CancelEnrolment(r.Context(), u, id, eid)
	})
}

// bodyLimit for the enrolment list: a workbook of a few thousand rows.
const importLimit = 5 << 20

func (s *Server) courseImportPreview(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	if _, err := s.svc.Course(r.Context(), u, id); err != nil {
		return err
	}
	up, err := readUpload(r, "err.file_too_large")
	if err == nil && up.File == nil {
		err = ocop.Validation{"file": "err.file_empty"}.Err()
	}
	if err != nil {
		return s.renderCourse(w, r, u, http.StatusUnprocessableEntity, s.page(r, u, "training.course").withInput(r, err), nil)
	}
	defer up.Close()
	list, res, err := s.svc.ImportPreview(r.Context(), u, id, up.File)
	if ocop.ErrorCode(err) == ocop.EINVALID {
		return s.renderCourse(w, r, u, http.StatusUnprocessableEntity, s.page(r, u, "training.course").withInput(r, err), nil)
	} else if err != nil {
		return err
	}
	pre := &importPreview{Results: res}
	var good []service.TraineeInput
	for i, rr := range res {
		if len(rr.Errors) == 0 {
			good = append(good, list[i])
		}
	}
	pre.Good = len(good)
	b, _ := json.Marshal(good)
	pre.Rows = string(b)
	return s.renderCourse(w, r, u, http.StatusOK, s.page(r, u, "training.course"), pre)
}

func (s *Server) courseImportConfirm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.courseAction(w, r, u, "", func(id int64) (string, error) {
		var list []service.TraineeInput
		if err := json.Unmarshal([]byte(r.PostForm.Get("rows")), &list); err != nil || len(list) == 0 {
			return "", ocop.Validation{"file": "err.training_import_empty"}.Err()
		}
		res, err := s.svc.EnrolList(r.Context(), u, id, list, ocop.EnrolImport)
		if err != nil {
			return "", err
		}
		n := 0
		for _, rr := range res {
			if rr.Enrolment != nil {
				n++
			}
		}
		return i18n.T("training.imported", n, len(res)-n), nil
	})
}

func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="danh-sach-hoc-vien.xlsx"`)
	return service.WriteImportTemplate(w)
}

// planYear is the ?nam= year, this year by default.
func planYear(r *http.Request, now time.Time) int {
	if y, err := strconv.Atoi(r.URL.Query().Get("nam")); err == nil && y > 2000 && y < 2200 {
		return y
	}
	return now.In(calendar.Zone()).Year()
}

// planView is the plan page.
type planView struct {
	*service.PlanView
	Audiences []option
	National  bool
	Provinces []option
	Rows      []planRow // targets against trainees, by audience
	Chart     chart     // the same as bars: achieved as a share of the target
}

type planRow struct {
	Label    string
	Target   string // "—" without a plan
	Achieved int
}

// planRows are a plan's targets against its trainees, by audience; the
// plan page and the year's report show them.
func planRows(pv *service.PlanView) []planRow {
	var rows []planRow
	for _, a := range ocop.Audiences {
		row := planRow{Label: i18n.T("training.audience." + string(a)), Target: "—", Achieved: pv.Progress.Trainees[a]}
		if pv.Plan != nil {
			row.Target = strconv.Itoa(pv.Plan.Targets[a])
		}
		rows = append(rows, row)
	}
	return rows
}

// planChart draws, per indicator (courses, then trainees by audience),
// what was achieved as a share of the target, so that indicators of very
// different sizes fit one scale; each bar's text gives both numbers. An
// indicator without a target has no bar.
func planChart(pv *service.PlanView) chart {
	bar := func(label string, achieved, target int) barValue {
		if target <= 0 {
			return barValue{label, 0, i18n.T("training.chart_no_target", achieved)}
		}
		share := 100 * float64(achieved) / float64(target)
		return barValue{label, share, i18n.T("training.chart_of_target", achieved, target, pct(share))}
	}
	var targets map[ocop.Audience]int // nil without a plan: no targets
	courses := 0
	if pv.Plan != nil {
		targets, courses = pv.Plan.Targets, pv.Plan.TargetCourses
	}
	values := []barValue{bar(i18n.T("training.courses_planned"), pv.Progress.CoursesPlanned, courses)}
	for _, a := range ocop.Audiences {
		values = append(values, bar(i18n.T("training.audience."+string(a)), pv.Progress.Trainees[a], targets[a]))
	}
	return barChart("chart-plan", i18n.T("training.chart_title"), 100, values)
}

func (s *Server) trainingPlan(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	p := s.page(r, u, "training.plan")
	year := planYear(r, s.svc.DB.Now())
	province := r.URL.Query().Get("tinh")
	if u.Scope.Level != ocop.LevelCountry {
		province = u.Scope.Province
	}
	p.Form = url.Values{"year": {strconv.Itoa(year)}, "province_code": {province}}
	return s.renderPlan(w, r, u, http.StatusOK, p, province, year)
}

func (s *Server) renderPlan(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page, province string, year int) error {
	v := planView{Audiences: audienceOptions(), National: u.Scope.Level == ocop.LevelCountry}
	if v.National {
		var err error
		if v.Provinces, err = s.provinceOptions(r); err != nil {
			return err
		}
	}
	if province != "" {
		pv, err := s.svc.TrainingPlan(r.Context(), u, province, year)
		if err != nil {
			return err
		}
		v.PlanView = pv
		v.Rows = planRows(pv)
		v.Chart = planChart(pv)
		if pv.Plan != nil && p.Form.Get("version") == "" && st == http.StatusOK {
			p.Form.Set("target_courses", strconv.Itoa(pv.Plan.TargetCourses))
			for a, n := range pv.Plan.Targets {
				p.Form.Set("target_"+string(a), strconv.Itoa(n))
			}
			p.Form.Set("notes", pv.Plan.Notes)
			p.Form.Set("version", strconv.FormatInt(pv.Plan.Version, 10))
		}
	}
	p.Data = v
	s.render(w, r, st, "training_plan", p)
	return nil
}

func (s *Server) trainingPlanSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := r.PostForm
	in := service.PlanInput{Province: f.Get("province_code"), Year: atoi(f.Get("year")),
		TargetCourses: atoi(f.Get("target_courses")), Targets: map[ocop.Audience]int{}, Notes: f.Get("notes")}
	in.Version, _ = strconv.ParseInt(f.Get("version"), 10, 64)
	for _, a := range ocop.Audiences {
		in.Targets[a] = atoi(f.Get("target_" + string(a)))
	}
	if u.Scope.Level != ocop.LevelCountry {
		in.Province = u.Scope.Province
	}
	_, err := s.svc.SaveTrainingPlan(r.Context(), u, in)
	switch code := ocop.ErrorCode(err); code {
	case "":
	case ocop.EINVALID, ocop.ECONFLICT:
		p := s.page(r, u, "training.plan").withInput(r, err)
		province := in.Province
		if code == ocop.EINVALID && (province == "" || in.Year < 2018 || in.Year > 2100) {
			province = "" // nothing to read the progress of
		}
		return s.renderPlan(w, r, u, status[code], p, province, in.Year)
	default:
		return err
	}
	q := url.Values{"nam": {strconv.Itoa(in.Year)}}
	if u.Scope.Level == ocop.LevelCountry {
		q.Set("tinh", in.Province)
	}
	return s.redirect(w, r, trainingPath+"/ke-hoach?"+q.Encode(), i18n.T("training.plan_saved"))
}
