package web

import (
	"fmt"
	"net/http"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// The Ministry's level (issue #5 item 5): the province proposes a dossier
// of 90 points or more by letter from its page; the Ministry's office runs
// its rounds on the round pages; the province recognises 3★/4★ from the
// central result of dossiers the Ministry left below 5★.

func proposalInput(r *http.Request) service.ProposalInput {
	return service.ProposalInput{LetterNo: r.PostFormValue("letter_no"), LetterDate: r.PostFormValue("letter_date"),
		Signer: r.PostFormValue("signer")}
}

func (s *Server) proposalCreate(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	_, err = s.svc.ProposeToMinistry(r.Context(), u, id, proposalInput(r))
	if st := formStatus(err); st != 0 {
		return s.renderDossier(w, r, u, st, s.page(r, u, "dossier.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, fmt.Sprintf("/ho-so/%d#bo", id), i18n.T("proposal.done"))
}

func (s *Server) apiProposal(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	p, err := s.svc.MinistryProposal(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"proposal": p})
	return nil
}

func (s *Server) apiProposalCreate(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	var in service.ProposalInput
	if err := decode(r, &in); err != nil {
		return err
	}
	p, err := s.svc.ProposeToMinistry(r.Context(), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, p)
	return nil
}

// centralView is a decided Ministry round's result for one province.
type centralView struct {
	*service.CentralResult
	Outcomes  []outcomeRow
	Producers map[int64]string // by dossier
}

// DecisionAction is where the province's decision form posts.
func (v centralView) DecisionAction() string {
	return fmt.Sprintf("/ket-qua-trung-uong/%d/quyet-dinh", v.Round.ID)
}

func (s *Server) centralShow(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderCentral(w, r, u, http.StatusOK, s.page(r, u, "central.title"))
}

func (s *Server) renderCentral(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	cr, err := s.svc.CentralResult(r.Context(), u, id)
	if err != nil {
		return err
	}
	producers := map[int64]string{}
	for _, c := range cr.Dossiers {
		producers[c.ID] = c.ProducerName
	}
	p.Data = centralView{cr, centralRows(cr), producers}
	s.render(w, r, st, "central", p)
	return nil
}

// centralRows lists what the province's decision made, or would make, of
// each dossier: 3★/4★ certified, below that nothing.
func centralRows(cr *service.CentralResult) []outcomeRow {
	made := map[int64]*ocop.Outcome{}
	if cr.Decision != nil {
		for _, o := range cr.Decision.Outcomes {
			made[o.DossierID] = o
		}
	}
	var out []outcomeRow
	for _, c := range cr.Dossiers {
		row := outcomeRow{DossierID: c.ID, ProductID: c.ProductID, Product: c.ProductName, Total: c.Total, Stars: c.Stars,
			Outcome: ocop.OutcomeNone}
		if c.Stars >= 3 {
			row.Outcome = ocop.OutcomeCertified
		}
		if o := made[c.ID]; o != nil {
			row.Certificate = o.Certificate
		}
		out = append(out, row)
	}
	return out
}

func (s *Server) centralDecisionRecord(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	_, err = s.svc.RecordCentralDecision(r.Context(), u, id, decisionInput(r))
	if st := formStatus(err); st != 0 {
		return s.renderCentral(w, r, u, st, s.page(r, u, "central.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, fmt.Sprintf("/ket-qua-trung-uong/%d", id), i18n.T("decision.done"))
}

// centralJSON is a central result as the API shows it.
type centralJSON struct {
	Round    *ocop.EvalRound      `json:"round"`
	Dossiers []centralDossierJSON `json:"dossiers"`
	Decision *ocop.Decision       `json:"decision"`
}

type centralDossierJSON struct {
	roundDossierJSON
	Total float64 `json:"central_total"`
	Stars int     `json:"central_stars"`
}

func centralOf(cr *service.CentralResult) centralJSON {
	out := centralJSON{Round: cr.Round, Decision: cr.Decision, Dossiers: []centralDossierJSON{}}
	for _, c := range cr.Dossiers {
		out.Dossiers = append(out.Dossiers, centralDossierJSON{roundDossiersJSON([]store.DossierRow{c.DossierRow})[0],
			c.Total, c.Stars})
	}
	return out
}

func (s *Server) apiCentralResults(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	list, err := s.svc.CentralResults(r.Context(), u)
	if err != nil {
		return err
	}
	out := []centralJSON{}
	for _, cr := range list {
		out = append(out, centralOf(cr))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiCentralResult(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	cr, err := s.svc.CentralResult(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, centralOf(cr))
	return nil
}

func (s *Server) apiCentralDecision(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	if _, err := s.svc.CentralResult(r.Context(), u, id); err != nil {
		return err // another round, or not yet decided, is not found whatever the body
	}
	var in service.DecisionInput
	if err := decode(r, &in); err != nil {
		return err
	}
	dec, err := s.svc.RecordCentralDecision(r.Context(), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, dec)
	return nil
}
