package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/ocopvn/ocop/internal/calendar"
	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// Evaluation rounds of a province (issue #5): the provincial office opens
// a round and gathers the accepted dossiers forwarded in its window.

const roundsPath = "/dot-danh-gia"

func roundURL(id int64) string { return roundsPath + "/" + strconv.FormatInt(id, 10) }

func roundKindOptions() []option {
	return []option{{ocop.RoundRegular, i18n.T("round.kind.regular")}, {ocop.RoundExtra, i18n.T("round.kind.extra")}}
}

func roundInput(f url.Values) service.RoundInput {
	year, _ := strconv.Atoi(f.Get("year"))
	number, _ := strconv.Atoi(f.Get("number"))
	return service.RoundInput{Year: year, Number: number, Kind: f.Get("kind"), Title: f.Get("title"),
		ForwardedFrom: f.Get("forwarded_from"), ForwardedTo: f.Get("forwarded_to"), DecideBy: f.Get("decide_by")}
}

func (s *Server) roundList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	p := s.page(r, u, "round.title")
	now := s.svc.DB.Now().In(calendar.Zone())
	p.Form = url.Values{"year": {strconv.Itoa(now.Year())}, "number": {"1"}, "kind": {ocop.RoundRegular}}
	return s.renderRounds(w, r, u, http.StatusOK, p)
}

func (s *Server) renderRounds(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	rows, err := s.svc.Rounds(r.Context(), u)
	if err != nil {
		return err
	}
	var central []*service.CentralResult
	if u.Can(ocop.PermFiveStar) {
		if central, err = s.svc.CentralResults(r.Context(), u); err != nil {
			return err
		}
	}
	p.Data = map[string]any{"Rounds": rows, "Kinds": roundKindOptions(), "Level": ocop.LevelOf(u.Scope), "Central": central}
	s.render(w, r, st, "rounds", p)
	return nil
}

func (s *Server) roundCreate(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	rd, err := s.svc.CreateRound(r.Context(), u, roundInput(r.PostForm))
	if st := formStatus(err); st != 0 {
		return s.renderRounds(w, r, u, st, s.page(r, u, "round.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, roundURL(rd.ID), i18n.T("round.created"))
}

// DecisionAction is where the round's decision form posts.
func (v roundView) DecisionAction() string { return roundURL(v.Round.ID) + "/quyet-dinh" }

// roundView is a round's page: its dossiers, candidates and deadline.
type roundView struct {
	Round       *ocop.EvalRound
	Dossiers    service.RoundDossiers
	DaysLeft    int // to the decision deadline; negative when past it
	Councils    []councilSection
	Positions   []option
	Departments []option
	Results     []*service.DossierResult // once scoring is closed
	Outputs     *outputLinks
	Outcomes    []outcomeRow // the decision's, or its preview while closed
	Decision    *ocop.Decision
	Panels      *panelsView
}

func (s *Server) roundShow(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderRound(w, r, u, http.StatusOK, s.page(r, u, "round.title"))
}

func (s *Server) renderRound(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	rd, list, err := s.svc.RoundDossierList(r.Context(), u, id)
	if err != nil {
		return err
	}
	councils, err := s.councilSections(r, u, id)
	if err != nil {
		return err
	}
	view := roundView{rd, list, daysTo(s.svc.DB.Now(), rd.DecideBy), councils, positionOptions(), departmentOptions(), nil, nil, nil, nil, nil}
	if view.Panels, err = s.panelsView(r, u, id, list.In, councils[0].Council); err != nil {
		return err
	}
	if rd.Status == ocop.RoundClosed || rd.Status == ocop.RoundDecided {
		rep, err := s.svc.RoundReport(r.Context(), u, id)
		if err != nil {
			return err
		}
		view.Results, view.Outputs = rep.Results, outputsFor(fmt.Sprintf("/dot-danh-gia/%d", id), rep, true, nil, nil)
		if view.Decision, err = s.svc.RoundDecision(r.Context(), u, id); err != nil {
			return err
		}
		view.Outcomes = outcomeRows(rd, view.Results, view.Decision)
	}
	m, err := s.svc.Meeting(r.Context(), u, id)
	if err != nil {
		return err
	}
	meetingForm(p, m)
	panelsForm(p, view.Panels)
	p.Data = view
	s.render(w, r, st, "round", p)
	return nil
}

// daysTo counts calendar days from now to a YYYY-MM-DD day in Việt Nam.
func daysTo(now time.Time, day string) int {
	d, err := time.ParseInLocation(time.DateOnly, day, calendar.Zone())
	if err != nil {
		return 0
	}
	y, m, dd := now.In(calendar.Zone()).Date()
	today := time.Date(y, m, dd, 0, 0, 0, 0, calendar.Zone())
	return int(d.Sub(today).Hours()+12) / 24
}

// roundDossierAction runs an add or remove and comes back to the round.
func (s *Server) roundDossierAction(w http.ResponseWriter, r *http.Request, u *ocop.User, dossier string,
	act func(round, dossier int64) error, done string) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	did, _ := strconv.ParseInt(dossier, 10, 64)
	if err := act(id, did); ocop.ErrorCode(err) == ocop.ECONFLICT {
		return s.renderRound(w, r, u, http.StatusConflict, s.page(r, u, "round.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, roundURL(id), i18n.T(done))
}

func (s *Server) roundDossierAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.roundDossierAction(w, r, u, r.FormValue("dossier"), func(round, dossier int64) error {
		if dossier <= 0 {
			return ocop.Errorf(ocop.ECONFLICT, "err.round_dossier_not_accepted")
		}
		return s.svc.AddRoundDossier(r.Context(), u, round, dossier)
	}, "round.added")
}

func (s *Server) roundDossierRemove(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.roundDossierAction(w, r, u, r.PathValue("dossier"), func(round, dossier int64) error {
		return s.svc.RemoveRoundDossier(r.Context(), u, round, dossier)
	}, "round.removed")
}

// The JSON API over the same services.

type roundJSON struct {
	*ocop.EvalRound
	Dossiers   []roundDossierJSON `json:"dossiers"`
	Candidates []roundDossierJSON `json:"candidates"`
}

// roundDossierJSON is a listed dossier with the names the list shows.
type roundDossierJSON struct {
	*ocop.Dossier
	ProductName  string `json:"product_name"`
	ProducerName string `json:"producer_name"`
	CommuneName  string `json:"commune_name"`
}

func roundDossiersJSON(rows []store.DossierRow) []roundDossierJSON {
	out := make([]roundDossierJSON, len(rows))
	for i, r := range rows {
		out[i] = roundDossierJSON{r.Dossier, r.ProductName, r.ProducerName, r.CommuneName}
	}
	return out
}

func (s *Server) apiRounds(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	rows, err := s.svc.Rounds(r.Context(), u)
	if err != nil {
		return err
	}
	out := make([]*ocop.EvalRound, len(rows))
	for i, rr := range rows {
		out[i] = rr.EvalRound
	}
	writeJSON(w, http.StatusOK, newList(out, len(out)))
	return nil
}

func (s *Server) apiRoundCreate(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var in service.RoundInput
	if err := decode(r, &in); err != nil {
		return err
	}
	rd, err := s.svc.CreateRound(r.Context(), u, in)
	if err != nil {
		return err
	}
	return s.writeRound(w, r, u, http.StatusCreated, rd.ID)
}

func (s *Server) writeRound(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, id int64) error {
	rd, list, err := s.svc.RoundDossierList(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, st, roundJSON{rd, roundDossiersJSON(list.In), roundDossiersJSON(list.Candidates)})
	return nil
}

func (s *Server) apiRound(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	return s.writeRound(w, r, u, http.StatusOK, id)
}

func (s *Server) apiRoundDossierAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	if _, err := s.svc.Round(r.Context(), u, id); err != nil {
		return err // another province's round is not found, whatever the body
	}
	var b struct {
		DossierID int64 `json:"dossier_id"`
	}
	if err := decode(r, &b); err != nil {
		return err
	}
	if b.DossierID <= 0 {
		return ocop.Validation{"dossier_id": "err.required"}.Err()
	}
	if err := s.svc.AddRoundDossier(r.Context(), u, id, b.DossierID); err != nil {
		return err
	}
	return s.writeRound(w, r, u, http.StatusOK, id)
}

func (s *Server) apiRoundDossierRemove(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	did, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	if err := s.svc.RemoveRoundDossier(r.Context(), u, id, did); err != nil {
		return err
	}
	return s.writeRound(w, r, u, http.StatusOK, id)
}
