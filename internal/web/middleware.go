package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
)

var forbiddenCrossOrigin = ocop.Errorf(ocop.EFORBIDDEN, "err.cross_origin")

// cookieName is the session cookie; the __Host- prefix (only with Secure)
// stops subdomains and plain HTTP from planting or reading it.
func (s *Server) cookieName() string {
	if s.opts.SecureCookies {
		return "__Host-ocop_session"
	}
	return "ocop_session"
}

// wrap turns a route into an http.Handler: it limits the body, finds the
// user, enforces the route's permission and renders errors.
func (s *Server) wrap(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := s.opts.MaxBodyBytes
		if n, ok := bodyLimits[rt.Method+" "+rt.Path]; ok {
			limit = n
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		u, err := s.authenticate(w, r, rt.API())
		switch {
		case err != nil:
		case rt.Perm == ocop.PermPublic:
		case u == nil:
			err = ocop.Errorf(ocop.EUNAUTHORIZED, "err.unauthorized")
		case !u.Can(rt.Perm):
			err = ocop.Errorf(ocop.EFORBIDDEN, forbiddenKey(u))
		case u.MustChangePassword && !rt.API() && rt.Path != "/tai-khoan/mat-khau" && rt.Path != "/dang-xuat":
			http.Redirect(w, r, "/tai-khoan/mat-khau", http.StatusSeeOther)
			return
		}
		if err == nil {
			err = rt.h(w, r, u)
		}
		if err != nil {
			s.fail(w, r, u, err)
		}
	})
}

func forbiddenKey(u *ocop.User) string {
	if !u.Active() {
		return "err.inactive"
	}
	return "err.forbidden"
}

// authenticate finds the user from a bearer token (API clients) or the
// session cookie. A bad bearer token is an error; a stale cookie is
// dropped and the request goes on as anonymous.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, api bool) (*ocop.User, error) {
	ctx := r.Context()
	if h := r.Header.Get("Authorization"); api && h != "" {
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") { // schemes are case-insensitive (RFC 9110)
			return nil, ocop.Errorf(ocop.EUNAUTHORIZED, "err.unauthorized")
		}
		u, err := s.svc.TokenUser(ctx, strings.TrimSpace(token))
		if ocop.ErrorCode(err) == ocop.ENOTFOUND {
			return nil, ocop.Errorf(ocop.EUNAUTHORIZED, "err.unauthorized")
		}
		return u, err
	}
	c, err := r.Cookie(s.cookieName())
	if err != nil || c.Value == "" {
		return nil, nil
	}
	u, err := s.svc.SessionUser(ctx, c.Value)
	if ocop.ErrorCode(err) == ocop.ENOTFOUND {
		s.clearCookie(w, s.cookieName())
		return nil, nil
	}
	return u, err
}

func (s *Server) setSession(w http.ResponseWriter, token string, ttl time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: s.cookieName(), Value: token, Path: "/", MaxAge: int(ttl.Seconds()),
		HttpOnly: true, Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearCookie(w http.ResponseWriter, name string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
}

// status maps error codes to HTTP statuses.
var status = map[string]int{
	ocop.EINVALID:      http.StatusUnprocessableEntity,
	ocop.ENOTFOUND:     http.StatusNotFound,
	ocop.EFORBIDDEN:    http.StatusForbidden,
	ocop.EUNAUTHORIZED: http.StatusUnauthorized,
	ocop.ECONFLICT:     http.StatusConflict,
	ocop.ETOOMANY:      http.StatusTooManyRequests,
	ocop.EINTERNAL:     http.StatusInternalServerError,
}

// fail renders an error: JSON for the API, a Vietnamese page for the UI.
// Anonymous UI users are sent to the login page instead.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, u *ocop.User, err error) {
	code := ocop.ErrorCode(err)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		key := "err.too_large"
		if _, upload := bodyLimits[r.Pattern]; upload {
			key = "err.file_too_large"
		}
		code, err = ocop.EINVALID, ocop.Errorf(ocop.EINVALID, key)
	}
	if code == ocop.EINTERNAL {
		if errors.Is(err, context.Canceled) {
			return // the client went away
		}
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	st := status[code]
	if isAPI(r) {
		writeJSON(w, st, apiError(err))
		return
	}
	if code == ocop.EUNAUTHORIZED {
		http.Redirect(w, r, "/dang-nhap?tiep="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := s.page(r, u, "err.title")
	p.Error = i18n.T(ocop.ErrorMessage(err), ocop.ErrorArgs(err)...)
	p.Status = st
	s.render(w, r, st, "error", p)
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// notFound answers paths that match no route.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return ocop.ErrNotFound()
}
