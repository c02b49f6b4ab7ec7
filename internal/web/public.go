package web

import (
	"context"
	"net/http"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
)

func (s *Server) landing(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	counts, err := s.svc.DB.PublicCounts(r.Context())
	if err != nil {
		return err
	}
	p := s.page(r, u, "landing.title")
	p.Data = counts
	s.render(w, r, http.StatusOK, "landing", p)
	return nil
}

// healthz answers 200 only when the database answers a query.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := s.svc.DB.Ping(ctx); err != nil {
		s.log.Error("health check", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte(i18n.T("health.down") + "\n"))
		return nil
	}
	w.Write([]byte(i18n.T("health.ok") + "\n"))
	return nil
}

func (s *Server) unitList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	provinces, err := s.svc.Provinces(r.Context())
	if err != nil {
		return err
	}
	p := s.page(r, u, "units.title")
	p.Data = provinces
	s.render(w, r, http.StatusOK, "units", p)
	return nil
}

func (s *Server) unitShow(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	unit, communes, old, err := s.svc.Unit(r.Context(), r.PathValue("unit"))
	if err != nil {
		return err
	}
	p := s.page(r, u, "units.title")
	p.Data = map[string]any{"Unit": unit, "Communes": communes, "Old": old}
	s.render(w, r, http.StatusOK, "unit", p)
	return nil
}

// communeOptions returns the <option> list of a province's communes for
// the registration form's commune picker.
func (s *Server) communeOptions(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	communes, err := s.svc.CommunesOf(r.Context(), r.PathValue("unit"))
	if err != nil {
		return err
	}
	if len(communes) == 0 {
		return ocop.ErrNotFound()
	}
	p := &page{Data: unitOptions(communes)}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return s.pages.byName["unit"].ExecuteTemplate(w, "options", p)
}

// unitOptions turns units into select options.
func unitOptions(units []ocop.Unit) []option {
	out := make([]option, len(units))
	for i, u := range units {
		out[i] = option{u.Code, u.Name}
	}
	return out
}

// unitPickers returns the options of the province and commune pickers; the
// communes are those of the province already chosen in the form, so the
// form works without script too. A sandbox's province is offered only
// when asked for (?tinh=T7, the link on the sandbox page), so trainees
// can practise registering while real visitors never see it.
func (s *Server) unitPickers(r *http.Request, p *page) (provinces, communes []option, err error) {
	list, err := s.svc.Provinces(r.Context())
	if err != nil {
		return nil, nil, err
	}
	if t := r.URL.Query().Get("tinh"); ocop.IsSandboxCode(t) && p.Form.Get("province") == "" {
		p.Form.Set("province", t)
	}
	if prov := p.Form.Get("province"); ocop.IsSandboxCode(prov) {
		if unit, err := s.svc.DB.UnitByCode(r.Context(), prov); err == nil && unit.ProvinceCode == "" {
			list = append(list, unit)
		}
	}
	var cs []ocop.Unit
	if prov := p.Form.Get("province"); prov != "" {
		if cs, err = s.svc.CommunesOf(r.Context(), prov); err != nil {
			return nil, nil, err
		}
	}
	return unitOptions(list), unitOptions(cs), nil
}
