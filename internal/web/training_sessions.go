package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

// Editing a course's sessions and lecturers. A conflict (someone saved
// first) shows the form again with what was typed, the other person's
// values marked next to the fields and the new version to save over.

func sessionEditURL(courseID, sessionID int64) string {
	return courseURL(courseID) + "/buoi/" + strconv.FormatInt(sessionID, 10) + "/sua"
}

func lecturerEditURL(id int64) string { return "/giang-vien/" + strconv.FormatInt(id, 10) + "/sua" }

// sessionInput reads the session form, for adding and editing alike.
func sessionInput(f url.Values) service.SessionInput {
	lid, _ := strconv.ParseInt(f.Get("lecturer_id"), 10, 64)
	ver, _ := strconv.ParseInt(f.Get("version"), 10, 64)
	return service.SessionInput{Date: f.Get("session_date"), StartTime: f.Get("start_time"), EndTime: f.Get("end_time"),
		TopicCode: f.Get("topic_code"), LecturerID: lid, Title: f.Get("session_title"), Place: f.Get("place"),
		Version: ver}
}

// sessionForm is a stored session as the form shows it.
func sessionForm(se *ocop.CourseSession) url.Values {
	return url.Values{"session_date": {isoDate(se.Date)}, "start_time": {se.StartTime}, "end_time": {se.EndTime},
		"topic_code": {se.TopicCode}, "lecturer_id": {strconv.FormatInt(se.LecturerID, 10)},
		"session_title": {se.Title}, "place": {se.Place}, "version": {strconv.FormatInt(se.Version, 10)}}
}

// sessionFormView is what the session form needs.
type sessionFormView struct {
	Course          *ocop.Course
	Session         *ocop.CourseSession
	Action          string
	TopicOptions    []option
	LecturerOptions []option
}

func (s *Server) sessionEditForm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderSessionForm(w, r, u, http.StatusOK, nil)
}

func (s *Server) sessionSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	cid, sid, err := courseSessionIDs(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	_, err = s.svc.UpdateCourseSession(r.Context(), u, cid, sid, sessionInput(r.PostForm))
	switch code := ocop.ErrorCode(err); code {
	case "":
		return s.redirect(w, r, courseURL(cid), i18n.T("training.session_saved"))
	case ocop.EINVALID, ocop.ECONFLICT:
		return s.renderSessionForm(w, r, u, status[code], err)
	default:
		return err
	}
}

// renderSessionForm shows the stored session, or after a failed save
// (saveErr) what was typed with the errors.
func (s *Server) renderSessionForm(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, saveErr error) error {
	cid, sid, err := courseSessionIDs(r)
	if err != nil {
		return err
	}
	c, se, err := s.svc.CourseSession(r.Context(), u, cid, sid)
	if err != nil {
		return err
	}
	p := s.page(r, u, "training.session_edit")
	p.Form = sessionForm(se)
	if saveErr != nil {
		p.withInput(r, saveErr)
		if ocop.ErrorCode(saveErr) == ocop.ECONFLICT {
			p.markChanged(sessionForm(se), "")
			p.Form.Set("version", strconv.FormatInt(se.Version, 10))
		}
	}
	v := sessionFormView{Course: c, Session: se, Action: sessionEditURL(cid, sid)}
	if v.TopicOptions, v.LecturerOptions, err = s.sessionOptions(r, u); err != nil {
		return err
	}
	p.Data = v
	s.render(w, r, st, "training_session_form", p)
	return nil
}

func courseSessionIDs(r *http.Request) (int64, int64, error) {
	cid, err := pathID(r, "course")
	if err != nil {
		return 0, 0, err
	}
	sid, err := pathID(r, "session")
	return cid, sid, err
}

// sessionOptions are the topics and lecturers a manager may put on a session.
func (s *Server) sessionOptions(r *http.Request, u *ocop.User) (topics, lecturers []option, err error) {
	ts, err := s.svc.TrainingTopics(r.Context(), u)
	if err != nil {
		return nil, nil, err
	}
	for _, t := range ts {
		topics = append(topics, option{t.Code, t.Title})
	}
	ls, err := s.svc.Lecturers(r.Context(), u)
	if err != nil {
		return nil, nil, err
	}
	for _, l := range ls {
		lecturers = append(lecturers, option{strconv.FormatInt(l.ID, 10), l.Title + " " + l.FullName + " — " + l.Organisation})
	}
	return topics, lecturers, nil
}

func (s *Server) sessionDelete(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.courseAction(w, r, u, "training.session_deleted", func(id int64) (string, error) {
		sid, err := pathID(r, "session")
		if err != nil {
			return "", err
		}
		return "", s.svc.DeleteCourseSession(r.Context(), u, id, sid)
	})
}

// lecturerInput reads the lecturer form; the course page's add form
// prefixes its names (lecturer_name, lecturer_title) to keep them apart
// from the session form's.
func lecturerInput(f url.Values, prefix string) service.LecturerInput {
	ver, _ := strconv.ParseInt(f.Get("version"), 10, 64)
	return service.LecturerInput{FullName: f.Get(prefix + "name"), Title: f.Get(prefix + "title"),
		Organisation: f.Get("organisation"), Username: f.Get("username"), Version: ver}
}

func (s *Server) lecturerForm(r *http.Request, l *ocop.Lecturer) url.Values {
	f := url.Values{"name": {l.FullName}, "title": {l.Title}, "organisation": {l.Organisation},
		"version": {strconv.FormatInt(l.Version, 10)}, "username": {""}}
	if l.UserID != 0 {
		if a, err := s.svc.DB.UserByID(r.Context(), l.UserID); err == nil {
			f.Set("username", a.Username)
		}
	}
	return f
}

func (s *Server) lecturerEditForm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderLecturerForm(w, r, u, http.StatusOK, nil)
}

func (s *Server) lecturerSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "lecturer")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	_, err = s.svc.UpdateLecturer(r.Context(), u, id, lecturerInput(r.PostForm, ""))
	switch code := ocop.ErrorCode(err); code {
	case "":
		back := r.PostForm.Get("back")
		if !localPath(back) {
			back = trainingPath
		}
		return s.redirect(w, r, back, i18n.T("training.lecturer_saved"))
	case ocop.EINVALID, ocop.ECONFLICT:
		if e, ok := err.(*ocop.Error); ok && e.Fields["full_name"] != "" {
			e.Fields["name"] = e.Fields["full_name"]
		}
		return s.renderLecturerForm(w, r, u, status[code], err)
	default:
		return err
	}
}

func (s *Server) renderLecturerForm(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, saveErr error) error {
	id, err := pathID(r, "lecturer")
	if err != nil {
		return err
	}
	l, err := s.svc.Lecturer(r.Context(), u, id)
	if err != nil {
		return err
	}
	p := s.page(r, u, "training.lecturer_edit")
	p.Form = s.lecturerForm(r, l)
	p.Form.Set("back", r.URL.Query().Get("quay-lai"))
	if saveErr != nil {
		p.withInput(r, saveErr)
		if ocop.ErrorCode(saveErr) == ocop.ECONFLICT {
			p.markChanged(s.lecturerForm(r, l), "")
			p.Form.Set("version", strconv.FormatInt(l.Version, 10))
		}
	}
	p.Data = struct {
		Lecturer *ocop.Lecturer
		Action   string
	}{l, lecturerEditURL(id)}
	s.render(w, r, st, "training_lecturer_form", p)
	return nil
}
