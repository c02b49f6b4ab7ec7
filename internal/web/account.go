package web

import (
	"net/http"
	"strconv"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// dashboard is the home page after login: who you are, where you act, and
// what waits for you.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	ctx := r.Context()
	d := map[string]any{}
	scopeName, err := s.scopeName(r, u.Scope)
	if err != nil {
		return err
	}
	d["ScopeName"] = scopeName
	if u.Can(ocop.PermProducerView) {
		_, nProducers, err := s.svc.Producers(ctx, u, store.ProducerFilter{Limit: 1})
		if err != nil {
			return err
		}
		_, nProducts, err := s.svc.Products(ctx, u, store.ProductFilter{Limit: 1})
		if err != nil {
			return err
		}
		d["Producers"], d["Products"] = nProducers, nProducts
	}
	if u.Role == ocop.RoleProducer && u.Active() {
		// Warn the producer of papers that ran out or soon will.
		docs, err := s.svc.Documents(ctx, u, u.ProducerID)
		if err != nil {
			return err
		}
		var due []docView
		for _, d := range docViews(docs) {
			if d.State == "expired" || d.State == "expiring" {
				due = append(due, d)
			}
		}
		d["DueDocuments"], d["ProducerID"] = due, u.ProducerID
	}
	if u.Can(ocop.PermProducerReview) {
		_, n, err := s.svc.Producers(ctx, u, store.ProducerFilter{Status: ocop.UserPending, Limit: 1})
		if err != nil {
			return err
		}
		d["Pending"] = n
	}
	if u.Can(ocop.PermUserManage) {
		n, err := s.svc.DB.CountUsers(ctx, u.Scope)
		if err != nil {
			return err
		}
		d["Users"] = n
	}
	if u.Active() {
		tracked, err := s.svc.Tracking(ctx, u)
		if err != nil {
			return err
		}
		d["Tracked"] = tracked
	}
	p := s.page(r, u, "dash.title")
	p.Data = d
	s.render(w, r, http.StatusOK, "dashboard", p)
	return nil
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	s.render(w, r, http.StatusOK, "password", s.page(r, u, "password.title"))
	return nil
}

func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := r.PostForm
	err := s.svc.ChangePassword(r.Context(), u, service.PasswordChange{Old: f.Get("old_password"),
		New: f.Get("new_password"), New2: f.Get("new_password2")})
	if ocop.ErrorCode(err) == ocop.EINVALID {
		s.render(w, r, http.StatusUnprocessableEntity, "password", s.page(r, u, "password.title").withInput(r, err))
		return nil
	} else if err != nil {
		return err
	}
	// Changing the password ended every session, this one too: sign in again.
	s.clearCookie(w, s.cookieName())
	return s.redirect(w, r, "/dang-nhap", i18n.T("password.changed"))
}

func (s *Server) tokenList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderTokens(w, r, u, http.StatusOK, s.page(r, u, "tokens.title"))
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	tokens, err := s.svc.APITokens(r.Context(), u)
	if err != nil {
		return err
	}
	p.Data = tokens
	s.render(w, r, st, "tokens", p)
	return nil
}

func (s *Server) tokenCreate(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	token, err := s.svc.CreateAPIToken(r.Context(), u, r.PostForm.Get("token_name"))
	if ocop.ErrorCode(err) == ocop.EINVALID {
		return s.renderTokens(w, r, u, http.StatusUnprocessableEntity, s.page(r, u, "tokens.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	// The token is shown on this response only, never stored in a cookie.
	p := s.page(r, u, "tokens.title")
	p.Flash = i18n.T("tokens.created", token)
	return s.renderTokens(w, r, u, http.StatusOK, p)
}

func (s *Server) tokenRevoke(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "token")
	if err != nil {
		return err
	}
	if err := s.svc.RevokeAPIToken(r.Context(), u, id); err != nil {
		return err
	}
	return s.redirect(w, r, "/tai-khoan/api", i18n.T("tokens.revoked"))
}

// scopeName names a scope for people: the unit's name or "Toàn quốc".
func (s *Server) scopeName(r *http.Request, sc ocop.Scope) (string, error) {
	code := sc.Code()
	if code == "" {
		return i18n.T("level.country"), nil
	}
	unit, err := s.svc.DB.UnitByCode(r.Context(), code)
	return unit.Name, err
}

// pathID reads a numeric path parameter; anything else is "not found".
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, ocop.ErrNotFound()
	}
	return id, nil
}
