package web

import (
	"net/http"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

// The advisory review through the JSON API.

func (s *Server) apiAdvisoryRounds(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	rounds, err := s.svc.AdvisoryRounds(r.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(rounds, len(rounds)))
	return nil
}

func (s *Server) apiAdvisoryRound(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	tv, err := s.svc.AdvisoryRound(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"round": tv.Round, "position": tv.Me.Position, "report": tv.Report,
		"dossiers": nonNil(tv.Dossiers), "verdicts": tv.Verdicts})
	return nil
}

func (s *Server) apiAdvisoryReport(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	if _, err := s.svc.AdvisoryRound(r.Context(), u, id); err != nil {
		return err
	}
	var b struct {
		Summary string `json:"summary"`
	}
	if err := decode(r, &b); err != nil {
		return err
	}
	rep, err := s.svc.SubmitAdvisoryReport(r.Context(), u, id, b.Summary)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rep)
	return nil
}

func (s *Server) apiAdvisoryDossier(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	round, dossier, err := roundDossierIDs(r)
	if err != nil {
		return err
	}
	_, _, rv, err := s.svc.AdvisoryReview(r.Context(), u, round, dossier)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rv)
	return nil
}

// apiReviewStep checks access, decodes the JSON body into in and runs the
// step, answering 201 with what it made.
func apiReviewStep[T any](s *Server, w http.ResponseWriter, r *http.Request, u *ocop.User, step func(round, dossier int64, in T) (any, error)) error {
	round, dossier, err := roundDossierIDs(r)
	if err != nil {
		return err
	}
	if _, _, _, err := s.svc.AdvisoryReview(r.Context(), u, round, dossier); err != nil {
		return err
	}
	var in T
	if err := decode(r, &in); err != nil {
		return err
	}
	out, err := step(round, dossier, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

func (s *Server) apiAdvisoryNote(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	type body struct {
		Body string `json:"body"`
	}
	return apiReviewStep(s, w, r, u, func(round, dossier int64, in body) (any, error) {
		return s.svc.AddAdvisoryNote(r.Context(), u, round, dossier, in.Body)
	})
}

func (s *Server) apiAdvisoryVisit(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return apiReviewStep(s, w, r, u, func(round, dossier int64, in service.VisitInput) (any, error) {
		return s.svc.AddSiteVisit(r.Context(), u, round, dossier, in)
	})
}

func (s *Server) apiAdvisoryLab(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return apiReviewStep(s, w, r, u, func(round, dossier int64, in service.LabInput) (any, error) {
		return s.svc.RequestLabTest(r.Context(), u, round, dossier, in)
	})
}

func (s *Server) apiAdvisoryVerdict(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return apiReviewStep(s, w, r, u, func(round, dossier int64, in service.VerdictInput) (any, error) {
		return s.svc.SetVerdict(r.Context(), u, round, dossier, in)
	})
}

func (s *Server) apiAdvisoryVisitPhoto(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	ph, err := s.addVisitPhoto(r, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, ph)
	return nil
}

func (s *Server) apiAdvisoryLabResult(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	l, err := s.receiveLab(r, u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

// apiAdvisoryFor is a dossier's review for the office or a council member
// (null for the council before the team reported).
func (s *Server) apiAdvisoryFor(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	round, dossier, err := roundDossierIDs(r)
	if err != nil {
		return err
	}
	rv, err := s.svc.ReviewFor(r.Context(), u, round, dossier)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"review": rv})
	return nil
}

func (s *Server) apiRoundCompletion(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	round, dossier, err := roundDossierIDs(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.ReviewFor(r.Context(), u, round, dossier); err != nil {
		return err
	}
	var b struct {
		Version int64  `json:"version"`
		Reason  string `json:"reason"`
	}
	if err := decode(r, &b); err != nil {
		return err
	}
	d, err := s.svc.RoundCompletion(r.Context(), u, round, dossier, b.Version, b.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}
