package web

import (
	"net/http"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

// The attendance JSON API: a session's sheet and current code for its
// organiser, marks by hand, and the trainee's check-in with a code.

func (s *Server) apiAttendance(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	sh, err := s.sessionSheet(r, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sh)
	return nil
}

func (s *Server) apiAttendanceMark(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	if _, err := s.svc.SessionAttendance(r.Context(), u, id); err != nil {
		return err // someone else's session is not found, whatever the body
	}
	var in service.MarkInput
	if err := decode(r, &in); err != nil {
		return err
	}
	a, err := s.svc.MarkAttendance(r.Context(), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) apiAttendanceCode(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.attendanceCode(w, r, u)
}

// apiCheckIn records the caller present with a scanned code.
func (s *Server) apiCheckIn(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var in struct {
		Code string `json:"code"`
	}
	if err := decode(r, &in); err != nil {
		return err
	}
	ci, err := s.svc.CheckInWithCode(r.Context(), u, in.Code)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, ci)
	return nil
}
