package web

import (
	"net/http"
	"strconv"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

// The training JSON API: courses, sessions, enrolment and plans.

func (s *Server) apiCourses(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	lists, err := s.svc.Courses(r.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, lists)
	return nil
}

func (s *Server) apiCourseCreate(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	// A body that leaves out the completion rule gets the default rule,
	// as the form does, not 0 % and 0 % (every trainee completes).
	in := service.CourseInput{MinAttendancePct: ocop.DefaultMinAttendancePct, MinPostTestPct: ocop.DefaultMinPostTestPct}
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.svc.CreateCourse(r.Context(), u, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) apiCourse(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	v, err := s.svc.Course(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) apiCourseSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	if _, err := s.svc.Course(r.Context(), u, id); err != nil {
		return err // someone else's course is not found, whatever the body
	}
	var in service.CourseInput
	if err := decode(r, &in); err != nil {
		return err
	}
	c, err := s.svc.UpdateCourse(r.Context(), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) apiSessionAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	if _, err := s.svc.Course(r.Context(), u, id); err != nil {
		return err
	}
	var in service.SessionInput
	if err := decode(r, &in); err != nil {
		return err
	}
	se, err := s.svc.AddCourseSession(r.Context(), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, se)
	return nil
}

func (s *Server) apiRegister(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	e, err := s.svc.RegisterForCourse(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, e)
	return nil
}

func (s *Server) apiUnregister(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	if err := s.svc.CancelRegistration(r.Context(), u, id); err != nil {
		return err
	}
	return s.apiCourse(w, r, u)
}

// enrolListBody is the body of an organiser's list.
type enrolListBody struct {
	Trainees []service.TraineeInput `json:"trainees"`
}

func (s *Server) apiEnrolList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	if _, err := s.svc.Course(r.Context(), u, id); err != nil {
		return err
	}
	var in enrolListBody
	if err := decode(r, &in); err != nil {
		return err
	}
	if len(in.Trainees) == 0 || len(in.Trainees) > service.MaxImportRows {
		return ocop.Validation{"trainees": "err.training_import_empty"}.Err()
	}
	res, err := s.svc.EnrolList(r.Context(), u, id, in.Trainees, ocop.EnrolOrganiser)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": res})
	return nil
}

func (s *Server) apiEnrolCancel(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	eid, err := pathID(r, "enrolment")
	if err != nil {
		return err
	}
	if err := s.svc.CancelEnrolment(r.Context(), u, id, eid); err != nil {
		return err
	}
	return s.apiCourse(w, r, u)
}

func (s *Server) apiTrainingPlan(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	if year == 0 {
		year = planYear(r, s.svc.DB.Now())
	}
	v, err := s.svc.TrainingPlan(r.Context(), u, r.URL.Query().Get("province"), year)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) apiTrainingPlanSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var in service.PlanInput
	if err := decode(r, &in); err != nil {
		return err
	}
	p, err := s.svc.SaveTrainingPlan(r.Context(), u, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiLecturers(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	list, err := s.svc.LecturerList(r.Context(), u, r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

func (s *Server) apiLecturerAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var in service.LecturerInput
	if err := decode(r, &in); err != nil {
		return err
	}
	l, err := s.svc.AddLecturer(r.Context(), u, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, l)
	return nil
}

func (s *Server) apiTopics(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	list, err := s.svc.TrainingTopics(r.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}

func (s *Server) apiTopic(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	v, err := s.svc.TrainingTopic(r.Context(), u, r.PathValue("topic"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) apiSession(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	cid, sid, err := courseSessionIDs(r)
	if err != nil {
		return err
	}
	_, se, err := s.svc.CourseSession(r.Context(), u, cid, sid)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, se)
	return nil
}

func (s *Server) apiSessionSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	cid, sid, err := courseSessionIDs(r)
	if err != nil {
		return err
	}
	if _, _, err := s.svc.CourseSession(r.Context(), u, cid, sid); err != nil {
		return err // someone else's session is not found, whatever the body
	}
	var in service.SessionInput
	if err := decode(r, &in); err != nil {
		return err
	}
	se, err := s.svc.UpdateCourseSession(r.Context(), u, cid, sid, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, se)
	return nil
}

// apiSessionDelete removes a session without attendance and answers
// with the session as it was, like the other deletions.
func (s *Server) apiSessionDelete(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	cid, sid, err := courseSessionIDs(r)
	if err != nil {
		return err
	}
	_, se, err := s.svc.CourseSession(r.Context(), u, cid, sid)
	if err != nil {
		return err
	}
	if err := s.svc.DeleteCourseSession(r.Context(), u, cid, sid); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, se)
	return nil
}

func (s *Server) apiLecturer(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "lecturer")
	if err != nil {
		return err
	}
	l, err := s.svc.Lecturer(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

func (s *Server) apiLecturerSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "lecturer")
	if err != nil {
		return err
	}
	if _, err := s.svc.Lecturer(r.Context(), u, id); err != nil {
		return err
	}
	var in service.LecturerInput
	if err := decode(r, &in); err != nil {
		return err
	}
	l, err := s.svc.UpdateLecturer(r.Context(), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

// apiTaughtSessions lists the signed-in lecturer's sessions.
func (s *Server) apiTaughtSessions(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	list, err := s.svc.TaughtSessions(r.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, list)
	return nil
}
