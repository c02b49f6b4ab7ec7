package web

import (
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if u != nil {
		return s.redirect(w, r, "/tong-quan", "")
	}
	p := s.page(r, u, "login.title")
	p.Form.Set("tiep", r.URL.Query().Get("tiep"))
	s.render(w, r, http.StatusOK, "login", p)
	return nil
}

func (s *Server) login(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	token, user, err := s.svc.Login(r.Context(), r.PostForm.Get("username"), r.PostForm.Get("password"), clientAddr(r))
	if err != nil {
		code := ocop.ErrorCode(err)
		if code != ocop.EUNAUTHORIZED && code != ocop.ETOOMANY {
			return err
		}
		p := s.page(r, nil, "login.title").withInput(r, nil)
		p.Error = i18n.T(ocop.ErrorMessage(err))
		if e, ok := err.(*ocop.Error); ok && code == ocop.ETOOMANY {
			n, _ := strconv.Atoi(e.Fields["minutes"])
			p.Error = i18n.T(e.Message, n)
		}
		st := http.StatusUnprocessableEntity // the form came back with an error
		if code == ocop.ETOOMANY {
			st = http.StatusTooManyRequests
		}
		s.render(w, r, st, "login", p)
		return nil
	}
	s.setSession(w, token, s.svc.SessionTTL)
	next := r.PostForm.Get("tiep")
	if user.MustChangePassword {
		next = "/tai-khoan/mat-khau"
	} else if !localPath(next) {
		next = "/tong-quan"
	}
	return s.redirect(w, r, next, "")
}

// localPath accepts only same-site paths as a post-login destination, so
// the login form cannot be used to redirect users elsewhere.
func localPath(p string) bool {
	return strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.HasPrefix(p, "/\\") && !strings.HasPrefix(p, "/api/")
}

// clientAddr is the peer address for rate limiting. A reverse proxy in
// front should be configured to pass the real address; we do not trust
// X-Forwarded-For because any client can set it.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if c, err := r.Cookie(s.cookieName()); err == nil {
		if err := s.svc.Logout(r.Context(), u, c.Value); err != nil {
			return err
		}
	}
	s.clearCookie(w, s.cookieName())
	return s.redirect(w, r, "/", i18n.T("logout.done"))
}

func (s *Server) registerForm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderRegister(w, r, u, http.StatusOK, s.page(r, u, "register.title"))
}

func (s *Server) renderRegister(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	provinces, communes, err := s.unitPickers(r, p)
	if err != nil {
		return err
	}
	types := make([]option, len(ocop.ProducerTypes))
	for i, t := range ocop.ProducerTypes {
		types[i] = option{t, i18n.T("ptype." + t)}
	}
	p.Data = map[string]any{"Provinces": provinces, "Communes": communes, "LegalTypes": types}
	s.render(w, r, st, "register", p)
	return nil
}

func (s *Server) register(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := r.PostForm
	user, _, err := s.svc.Register(r.Context(), service.Registration{
		ProducerName: f.Get("producer_name"), LegalType: f.Get("legal_type"), RegistrationNo: f.Get("registration_no"),
		TaxCode: f.Get("tax_code"), Address: f.Get("address"), Province: f.Get("province"), Commune: f.Get("commune"),
		Representative: f.Get("representative"), Username: f.Get("username"), FullName: f.Get("full_name"),
		Email: f.Get("email"), Phone: f.Get("phone"), Password: f.Get("password"), Password2: f.Get("password2"),
	})
	if ocop.ErrorCode(err) == ocop.EINVALID {
		return s.renderRegister(w, r, u, http.StatusUnprocessableEntity, s.page(r, u, "register.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	commune, _ := s.svc.DB.UnitByCode(r.Context(), user.Scope.Commune)
	return s.redirect(w, r, "/dang-nhap", i18n.T("register.done", commune.Name))
}
