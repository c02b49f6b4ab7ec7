package web

import (
	"net/http"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

// The recognition decision of a round (issue #5 item 5): the provincial
// office records the Chairman's decision on the round's page once the
// council closed scoring; certificates are issued from it.

// outcomeRow is one dossier's line in the decision section: what the
// decision will make of it (before) or made of it (after).
type outcomeRow struct {
	DossierID   int64
	ProductID   int64
	Product     string
	Total       float64
	Stars       int
	Outcome     string
	Certificate *ocop.Certificate
}

// outcomeRows lists the decision's outcomes, or while the round is closed
// those its council's results would give.
func outcomeRows(rd *ocop.EvalRound, results []*service.DossierResult, dec *ocop.Decision) []outcomeRow {
	decided := map[int64]*ocop.Outcome{}
	if dec != nil {
		for _, o := range dec.Outcomes {
			decided[o.DossierID] = o
		}
	}
	var out []outcomeRow
	for _, res := range results {
		row := outcomeRow{DossierID: res.ID, ProductID: res.ProductID, Product: res.ProductName}
		if o := decided[res.ID]; o != nil {
			row.Total, row.Stars, row.Outcome, row.Certificate = o.Total, o.Stars, o.Outcome, o.Certificate
		} else if res.Result != nil {
			row.Total, row.Stars, row.Outcome = res.Result.Total, res.Result.Stars, service.OutcomeOf(rd, res.Result)
		}
		out = append(out, row)
	}
	return out
}

func decisionInput(r *http.Request) service.DecisionInput {
	return service.DecisionInput{Number: r.PostFormValue("number"), Date: r.PostFormValue("decision_date"),
		Signer: r.PostFormValue("signer")}
}

func (s *Server) decisionRecord(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	_, err = s.svc.RecordDecision(r.Context(), u, id, decisionInput(r))
	if st := formStatus(err); st != 0 {
		return s.renderRound(w, r, u, st, s.page(r, u, "round.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, roundURL(id)+"#quyet-dinh", i18n.T("decision.done"))
}

func (s *Server) apiDecision(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	dec, err := s.svc.RoundDecision(r.Context(), u, id)
	if err != nil {
		return err
	}
	if dec == nil {
		return ocop.Errorf(ocop.ECONFLICT, "err.decision_none")
	}
	writeJSON(w, http.StatusOK, dec)
	return nil
}

func (s *Server) apiDecisionRecord(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	if _, err := s.svc.Round(r.Context(), u, id); err != nil {
		return err // another province's round is not found, whatever the body
	}
	var in service.DecisionInput
	if err := decode(r, &in); err != nil {
		return err
	}
	dec, err := s.svc.RecordDecision(r.Context(), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, dec)
	return nil
}
