package web

import (
	"net/http"

	"github.com/ocopvn/ocop/internal/ocop"
)

// outboxList shows the e-mail outbox so an operator sees mail problems:
// what waits, what went out, what failed and why.
func (s *Server) outboxList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	state := r.URL.Query().Get("trang-thai")
	list, err := s.svc.Outbox(r.Context(), u, state)
	if err != nil {
		return err
	}
	p := s.page(r, u, "outbox.title")
	p.Data = map[string]any{"List": list, "State": state, "States": []string{"pending", "sent", "failed"}}
	s.render(w, r, http.StatusOK, "outbox", p)
	return nil
}
