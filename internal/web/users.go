package web

import (
	"net/http"
	"strconv"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

func (s *Server) userList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	q := r.URL.Query()
	page, offset := pageOf(r)
	list, total, err := s.svc.Users(r.Context(), u, store.UserFilter{Role: ocop.Role(q.Get("vai-tro")),
		Query: q.Get("q"), Limit: pageSize, Offset: offset})
	if err != nil {
		return err
	}
	p := s.page(r, u, "users.title")
	p.Form = q
	p.Data = map[string]any{"List": list, "Total": total, "Pager": newPager(r, page, total), "Roles": roleOptions(false)}
	s.render(w, r, http.StatusOK, "users", p)
	return nil
}

func roleOptions(staffOnly bool) []option {
	var out []option
	for _, role := range ocop.Roles {
		if staffOnly && role == ocop.RoleProducer {
			continue
		}
		out = append(out, option{string(role), i18n.T("role." + string(role))})
	}
	return out
}

func (s *Server) userNewForm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderUserNew(w, r, u, http.StatusOK, s.page(r, u, "users.new"))
}

func (s *Server) renderUserNew(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	levels := []option{}
	for _, l := range []ocop.Level{ocop.LevelCountry, ocop.LevelProvince, ocop.LevelCommune} {
		if u.Scope.Level == ocop.LevelCountry || l != ocop.LevelCountry {
			levels = append(levels, option{string(l), i18n.T("level." + string(l))})
		}
	}
	provinces, communes, err := s.unitPickers(r, p)
	if err != nil {
		return err
	}
	p.Data = map[string]any{"Roles": roleOptions(true), "Levels": levels, "Provinces": provinces, "Communes": communes}
	s.render(w, r, st, "user_new", p)
	return nil
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := r.PostForm
	created, pw, err := s.svc.CreateStaff(r.Context(), u, service.StaffInput{Username: f.Get("username"),
		FullName: f.Get("full_name"), Email: f.Get("email"), Phone: f.Get("phone"), Role: ocop.Role(f.Get("role")),
		Level: ocop.Level(f.Get("level")), Province: f.Get("province"), Commune: f.Get("commune")})
	if ocop.ErrorCode(err) == ocop.EINVALID {
		return s.renderUserNew(w, r, u, http.StatusUnprocessableEntity, s.page(r, u, "users.new").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.renderUser(w, r, u, created, i18n.T("users.created", created.Username, pw))
}

func (s *Server) userShow(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	target, err := s.svc.User(r.Context(), u, id)
	if err != nil {
		return err
	}
	return s.renderUser(w, r, u, target, "")
}

// renderUser shows an account. One-time passwords travel in this response
// only (as the flash), never in a cookie or a URL.
func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, u, target *ocop.User, flash string) error {
	ctx := r.Context()
	scopeName, err := s.scopeName(r, target.Scope)
	if err != nil {
		return err
	}
	history, err := s.svc.DB.AuditEntries(ctx, store.AuditFilter{Entity: "user", EntityID: strconv.FormatInt(target.ID, 10), Limit: 20})
	if err != nil {
		return err
	}
	p := s.page(r, u, "users.title")
	p.Flash = flash
	p.Data = map[string]any{"T": target, "ScopeName": scopeName, "Self": target.ID == u.ID, "History": history}
	s.render(w, r, http.StatusOK, "user", p)
	return nil
}

func (s *Server) userReset(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	target, pw, err := s.svc.ResetPassword(r.Context(), u, id)
	if err != nil {
		return err
	}
	return s.renderUser(w, r, u, target, i18n.T("users.reset_done", target.Username, pw))
}

func (s *Server) userDisable(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.setDisabled(w, r, u, true)
}

func (s *Server) userEnable(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.setDisabled(w, r, u, false)
}

func (s *Server) setDisabled(w http.ResponseWriter, r *http.Request, u *ocop.User, disabled bool) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	target, err := s.svc.SetDisabled(r.Context(), u, id, version, disabled)
	if err != nil {
		return err
	}
	msg := i18n.T("users.enabled", target.Username)
	if disabled {
		msg = i18n.T("users.disabled", target.Username)
	}
	return s.redirect(w, r, "/quan-tri/tai-khoan/"+strconv.FormatInt(id, 10), msg)
}

func (s *Server) auditList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	ctx := r.Context()
	before, _ := strconv.ParseInt(r.URL.Query().Get("truoc"), 10, 64)
	entries, err := s.svc.AuditEntries(ctx, u, store.AuditFilter{BeforeSeq: before, Limit: 100})
	if err != nil {
		return err
	}
	p := s.page(r, u, "audit.title")
	d := map[string]any{"List": entries}
	if len(entries) == 100 {
		d["Older"] = entries[len(entries)-1].Seq
	}
	if r.URL.Query().Has("kiem-tra") {
		res, err := s.svc.VerifyAudit(ctx, u)
		if err != nil {
			return err
		}
		d["Verify"] = res
	}
	p.Data = d
	s.render(w, r, http.StatusOK, "audit", p)
	return nil
}
