package web

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// Sub-panels of a round's council on the round's page (tiểu ban): each
// panel's forms name their fields panel_{id}_..., so that a refused step
// comes back with what was typed in the form it was typed in.

// panelsView is the "Tiểu ban" section of the round page.
type panelsView struct {
	Panels    []panelSection
	Free      []option // the round's dossiers on no panel
	Positions []option
}

// panelSection is one panel with what its forms offer.
type panelSection struct {
	*service.PanelView
	Prefix   string             // of its forms' fields
	Rows     []store.DossierRow // its dossiers
	Eligible []option           // council members not on it
}

func panelPrefix(id int64) string { return "panel_" + strconv.FormatInt(id, 10) + "_" }

func (s *Server) panelsView(r *http.Request, u *ocop.User, roundID int64, in []store.DossierRow, cv *service.CouncilView) (*panelsView, error) {
	rp, err := s.svc.Panels(r.Context(), u, roundID)
	if err != nil {
		return nil, err
	}
	v := &panelsView{Positions: labelled("position.", ocop.PanelPositions)}
	for _, d := range in {
		if rp.ByDossier[d.ID] == nil {
			v.Free = append(v.Free, option{strconv.FormatInt(d.ID, 10), d.ProductName + " — " + d.ProducerName})
		}
	}
	for _, p := range rp.Panels {
		sec := panelSection{PanelView: p, Prefix: panelPrefix(p.ID)}
		for _, d := range in {
			if slices.Contains(p.Dossiers, d.ID) {
				sec.Rows = append(sec.Rows, d)
			}
		}
		for _, m := range cv.Members {
			if p.Member(m.UserID) == nil {
				sec.Eligible = append(sec.Eligible, option{strconv.FormatInt(m.UserID, 10), m.FullName})
			}
		}
		v.Panels = append(v.Panels, sec)
	}
	return v, nil
}

// panelsForm fills each panel's name form from the record unless the page
// comes back with what was typed there.
func panelsForm(p *page, v *panelsView) {
	for _, sec := range v.Panels {
		if _, typed := p.Form[sec.Prefix+"name"]; !typed {
			p.Form.Set(sec.Prefix+"name", sec.Name)
		}
	}
}

// panelAction runs an office step on a panel of the round and returns to
// the round's panels; errors land on the panel's prefixed fields.
func (s *Server) panelAction(w http.ResponseWriter, r *http.Request, u *ocop.User, act func(round, panel int64, prefix string) error, done string) error {
	return s.roundAction(w, r, u, func(round int64) error {
		panel, err := pathID(r, "panel")
		if err != nil {
			return err
		}
		prefix := panelPrefix(panel)
		return prefixed(act(round, panel, prefix), prefix)
	}, "#tieu-ban", done)
}

func (s *Server) panelCreate(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.roundAction(w, r, u, func(round int64) error {
		_, err := s.svc.CreatePanel(r.Context(), u, round, service.PanelInput{Name: r.PostForm.Get("panel_name")})
		return prefixed(err, "panel_")
	}, "#tieu-ban", "panel.created")
}

func (s *Server) panelRename(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.panelAction(w, r, u, func(round, panel int64, prefix string) error {
		_, err := s.svc.RenamePanel(r.Context(), u, round, panel, service.PanelInput{Name: r.PostForm.Get(prefix + "name"), Version: formID(r, prefix+"version")})
		return err
	}, "panel.renamed")
}

func (s *Server) panelDelete(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.panelAction(w, r, u, func(round, panel int64, _ string) error {
		return s.svc.DeletePanel(r.Context(), u, round, panel)
	}, "panel.deleted")
}

func (s *Server) panelMemberAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.panelAction(w, r, u, func(round, panel int64, prefix string) error {
		return s.svc.AddPanelMember(r.Context(), u, round, panel, service.PanelMemberInput{UserID: formID(r, prefix+"user_id"), Position: r.PostForm.Get(prefix + "position")})
	}, "panel.member_added")
}

func (s *Server) panelMemberRemove(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.panelAction(w, r, u, func(round, panel int64, _ string) error {
		uid, err := pathID(r, "user")
		if err != nil {
			return err
		}
		return s.svc.RemovePanelMember(r.Context(), u, round, panel, uid)
	}, "panel.member_removed")
}

func (s *Server) panelDossierAssign(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.panelAction(w, r, u, func(round, panel int64, prefix string) error {
		return s.svc.AssignPanelDossier(r.Context(), u, round, panel, formID(r, prefix+"dossier_id"))
	}, "panel.assigned")
}

func (s *Server) panelDossierUnassign(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.panelAction(w, r, u, func(round, panel int64, _ string) error {
		did, err := pathID(r, "dossier")
		if err != nil {
			return err
		}
		return s.svc.UnassignPanelDossier(r.Context(), u, round, panel, did)
	}, "panel.unassigned")
}

// The JSON API for the office.

func (s *Server) apiPanels(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	rp, err := s.svc.Panels(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rp)
	return nil
}

// apiPanelStep checks the round (and the panel, when the path names one)
// is the caller's before decoding a body into b, runs the step and
// answers the round's panels.
func (s *Server) apiPanelStep(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, b any, step func(round, panel int64) error) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	rp, err := s.svc.Panels(r.Context(), u, id)
	if err != nil {
		return err // another unit's round is not found, whatever the body
	}
	var panel int64
	if r.PathValue("panel") != "" {
		if panel, err = pathID(r, "panel"); err != nil || rp.Panel(panel) == nil {
			return ocop.ErrNotFound()
		}
	}
	if b != nil {
		if err := decode(r, b); err != nil {
			return err
		}
	}
	if err := step(id, panel); err != nil {
		return err
	}
	if rp, err = s.svc.Panels(r.Context(), u, id); err != nil {
		return err
	}
	writeJSON(w, st, rp)
	return nil
}

func (s *Server) apiPanelCreate(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var b service.PanelInput
	return s.apiPanelStep(w, r, u, http.StatusCreated, &b, func(round, _ int64) error {
		_, err := s.svc.CreatePanel(r.Context(), u, round, b)
		return err
	})
}

func (s *Server) apiPanelRename(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var b service.PanelInput
	return s.apiPanelStep(w, r, u, http.StatusOK, &b, func(round, panel int64) error {
		_, err := s.svc.RenamePanel(r.Context(), u, round, panel, b)
		return err
	})
}

func (s *Server) apiPanelDelete(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.apiPanelStep(w, r, u, http.StatusOK, nil, func(round, panel int64) error {
		return s.svc.DeletePanel(r.Context(), u, round, panel)
	})
}

func (s *Server) apiPanelMemberAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var b service.PanelMemberInput
	return s.apiPanelStep(w, r, u, http.StatusOK, &b, func(round, panel int64) error {
		return s.svc.AddPanelMember(r.Context(), u, round, panel, b)
	})
}

func (s *Server) apiPanelMemberRemove(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.apiPanelStep(w, r, u, http.StatusOK, nil, func(round, panel int64) error {
		uid, err := pathID(r, "user")
		if err != nil {
			return err
		}
		return s.svc.RemovePanelMember(r.Context(), u, round, panel, uid)
	})
}

func (s *Server) apiPanelDossierAssign(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var b struct {
		DossierID int64 `json:"dossier_id"`
	}
	return s.apiPanelStep(w, r, u, http.StatusOK, &b, func(round, panel int64) error {
		if b.DossierID <= 0 {
			return ocop.Validation{"dossier_id": "err.required"}.Err()
		}
		return s.svc.AssignPanelDossier(r.Context(), u, round, panel, b.DossierID)
	})
}

func (s *Server) apiPanelDossierUnassign(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.apiPanelStep(w, r, u, http.StatusOK, nil, func(round, panel int64) error {
		did, err := pathID(r, "dossier")
		if err != nil {
			return err
		}
		return s.svc.UnassignPanelDossier(r.Context(), u, round, panel, did)
	})
}
