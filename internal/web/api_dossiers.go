package web

import (
	"net/http"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/service"
)

// dossierJSON is a dossier with its self-assessment, the engine's result
// on it, its evidence and what is missing before submission.
type dossierJSON struct {
	*ocop.Dossier
	Sheet      rulebook.Sheet   `json:"sheet"`
	SelfReport ocop.SelfReport  `json:"self_report"`
	Result     *rulebook.Result `json:"result"`
	Evidence   []*ocop.Evidence `json:"evidence"`
	Missing    []string         `json:"missing"`
}

// writeDossier answers with a dossier a change just returned, read for
// the user under the check Dossier makes.
func (s *Server) writeDossier(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, d *ocop.Dossier) error {
	f, err := s.svc.FilingOf(r.Context(), u, d)
	if err != nil {
		return err
	}
	return writeFiling(w, st, f)
}

func writeFiling(w http.ResponseWriter, st int, f service.DossierFiling) error {
	_, sheet, res, err := service.Scored(f.Dossier)
	if err != nil {
		return err
	}
	writeJSON(w, st, &dossierJSON{f.Dossier, sheet, service.SelfReportOf(f.Dossier), res, nonNil(f.Evidence), nonNil(f.Missing)})
	return nil
}

func (s *Server) apiDossierOpen(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "product")
	if err != nil {
		return err
	}
	var b struct {
		Kind string `json:"kind"`
	}
	if err := decode(r, &b); err != nil {
		return err
	}
	d, err := s.svc.OpenDossier(r.Context(), u, id, b.Kind)
	if err != nil {
		return err
	}
	return s.writeDossier(w, r, u, http.StatusCreated, d)
}

func (s *Server) apiDossier(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	f, err := s.svc.Filing(r.Context(), u, id) // the dossier loaded and checked once
	if err != nil {
		return err
	}
	return writeFiling(w, http.StatusOK, f)
}

func (s *Server) apiDossierSheet(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	var b struct {
		Version int64 `json:"version"`
		rulebook.Sheet
	}
	if err := decode(r, &b); err != nil {
		return err
	}
	d, err := s.svc.SaveSheet(r.Context(), u, id, b.Version, b.Sheet)
	if ie, ok := err.(*rulebook.InputError); ok {
		return &ocop.Error{Code: ocop.EINVALID, Message: "err.invalid_form", Fields: map[string]string{"answers": ie.Error()}}
	} else if err != nil {
		return err
	}
	return s.writeDossier(w, r, u, http.StatusOK, d)
}

func (s *Server) apiDossierSubmit(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	var b struct {
		Version int64 `json:"version"`
	}
	if err := decode(r, &b); err != nil {
		return err
	}
	d, err := s.svc.Submit(r.Context(), u, id, b.Version)
	if err != nil {
		return err
	}
	return s.writeDossier(w, r, u, http.StatusOK, d)
}

// apiCommune runs one commune step from a JSON body holding the version
// and, for some steps, more fields.
func (s *Server) apiCommune(w http.ResponseWriter, r *http.Request, u *ocop.User, body any,
	step func(id, version int64) (*ocop.Dossier, error), version func() int64) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	if err := decode(r, body); err != nil {
		return err
	}
	d, err := step(id, version())
	if err != nil {
		return err
	}
	return s.writeDossier(w, r, u, http.StatusOK, d)
}

type versionBody struct {
	Version int64 `json:"version"`
}

func (s *Server) apiDossierReceive(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var b versionBody
	return s.apiCommune(w, r, u, &b, func(id, v int64) (*ocop.Dossier, error) {
		return s.svc.ReceiveDossier(r.Context(), u, id, v)
	}, func() int64 { return b.Version })
}

func (s *Server) apiDossierReport(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var b struct {
		Version int64 `json:"version"`
		ocop.CommuneReport
	}
	return s.apiCommune(w, r, u, &b, func(id, v int64) (*ocop.Dossier, error) {
		return s.svc.SaveCommuneReport(r.Context(), u, id, v, b.CommuneReport)
	}, func() int64 { return b.Version })
}

func (s *Server) apiDossierReturn(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var b struct {
		Version int64  `json:"version"`
		Reason  string `json:"reason"`
	}
	return s.apiCommune(w, r, u, &b, func(id, v int64) (*ocop.Dossier, error) {
		return s.svc.ReturnDossier(r.Context(), u, id, v, b.Reason)
	}, func() int64 { return b.Version })
}

func (s *Server) apiDossierAccept(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var b versionBody
	return s.apiCommune(w, r, u, &b, func(id, v int64) (*ocop.Dossier, error) {
		return s.svc.AcceptDossier(r.Context(), u, id, v)
	}, func() int64 { return b.Version })
}

func (s *Server) apiDossierCompletion(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var b struct {
		Version int64  `json:"version"`
		Reason  string `json:"reason"`
	}
	return s.apiCommune(w, r, u, &b, func(id, v int64) (*ocop.Dossier, error) {
		return s.svc.RequestCompletion(r.Context(), u, id, v, b.Reason)
	}, func() int64 { return b.Version })
}

func (s *Server) apiDossierForward(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var b versionBody
	return s.apiCommune(w, r, u, &b, func(id, v int64) (*ocop.Dossier, error) {
		return s.svc.ForwardDossier(r.Context(), u, id, v)
	}, func() int64 { return b.Version })
}

func (s *Server) apiEvidenceList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	ev, err := s.svc.Evidence(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(ev, len(ev)))
	return nil
}

func (s *Server) apiEvidenceAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	e, err := s.addEvidence(r, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, e)
	return nil
}
