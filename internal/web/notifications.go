package web

import (
	"net/http"

	"github.com/ocopvn/ocop/internal/ocop"
)

// notifications lists the user's messages; opening the page reads them.
func (s *Server) notifications(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	list, _, err := s.svc.DB.Notifications(r.Context(), u.ID, 100)
	if err != nil {
		return err
	}
	if err := s.svc.DB.MarkNotificationsRead(r.Context(), u.ID); err != nil {
		return err
	}
	p := s.page(r, u, "notify.title")
	p.Data = list
	s.render(w, r, http.StatusOK, "notifications", p)
	return nil
}
