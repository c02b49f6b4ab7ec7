package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

// The Ministry's request for additions through the province (issue #5
// item 3): the Ministry's office writes the letter from its round's view
// of the dossier, the province's office passes it to the producer from
// the dossier's page, and its new letter (the proposal form) sends the
// refiled dossier back.

func additionsInput(r *http.Request) service.AdditionsInput {
	days, _ := strconv.Atoi(r.PostFormValue("working_days"))
	return service.AdditionsInput{LetterNo: r.PostFormValue("letter_no"), LetterDate: r.PostFormValue("letter_date"),
		Content: r.PostFormValue("content"), WorkingDays: days, Version: formID(r, "version")}
}

func (s *Server) ministryAdditions(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	round, dossier, err := roundDossierIDs(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	_, err = s.svc.RequestMinistryAdditions(r.Context(), u, round, dossier, additionsInput(r))
	if st := formStatus(err); st != 0 {
		return s.renderOfficeReview(w, r, u, st, s.page(r, u, "advisory.review").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, roundURL(round), i18n.T("additions.sent"))
}

func (s *Server) additionsPass(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	_, err = s.svc.PassAdditions(r.Context(), u, id, formID(r, "version"))
	if st := formStatus(err); st != 0 {
		return s.renderDossier(w, r, u, st, s.page(r, u, "dossier.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, fmt.Sprintf("/ho-so/%d#bo", id), i18n.T("additions.passed"))
}

func (s *Server) apiMinistryAdditions(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	round, dossier, err := roundDossierIDs(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.Round(r.Context(), u, round); err != nil {
		return err // another's round is not found whatever the body
	}
	var in service.AdditionsInput
	if err := decode(r, &in); err != nil {
		return err
	}
	a, err := s.svc.RequestMinistryAdditions(r.Context(), u, round, dossier, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) apiAdditionsList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	list, err := s.svc.MinistryAdditions(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, len(list)))
	return nil
}

func (s *Server) apiAdditionsPass(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var b versionBody
	return s.apiCommune(w, r, u, &b, func(id, v int64) (*ocop.Dossier, error) {
		return s.svc.PassAdditions(r.Context(), u, id, v)
	}, func() int64 { return b.Version })
}

func (s *Server) apiProposals(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	list, err := s.svc.MinistryProposals(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, len(list)))
	return nil
}

// papersLinks are the provincial papers of a proposed dossier the
// Ministry reads, as links to the round's existing outputs.
type papersLinks struct {
	*service.ProvincialPapers
	Summary, SummaryXLSX, Minutes, Review string
	Sheets                                []paperLink
}

type paperLink struct {
	Name string `json:"name"`
	URL  string `json:"url"`
}

// papersOf builds the links for a reader: the office reads under
// /dot-danh-gia, council members under /hoi-dong, advisory members under
// /tu-van; nil when nothing.
func papersOf(pp *service.ProvincialPapers, u *ocop.User, dossierID int64) *papersLinks {
	if pp == nil {
		return nil
	}
	base := fmt.Sprintf("/tu-van/%d", pp.Round.ID)
	if u.Can(ocop.PermRoundManage) {
		base = fmt.Sprintf("/dot-danh-gia/%d", pp.Round.ID)
	} else if u.Can(ocop.PermCouncilScore) {
		base = fmt.Sprintf("/hoi-dong/%d", pp.Round.ID)
	}
	l := &papersLinks{ProvincialPapers: pp, Summary: base + "/tong-hop.pdf", SummaryXLSX: base + "/tong-hop.xlsx",
		Minutes: base + "/bien-ban.pdf", Sheets: []paperLink{}}
	if u.Can(ocop.PermRoundManage) {
		l.Review = fmt.Sprintf("%s/ho-so/%d/tu-van", base, dossierID)
	}
	for _, m := range pp.Council.Members {
		l.Sheets = append(l.Sheets, paperLink{m.FullName, fmt.Sprintf("%s/ho-so/%d/phieu/%d", base, dossierID, m.UserID)})
	}
	return l
}

// ministryPapers links a dossier's provincial papers on a page of a
// Ministry round (read-only); nil for a provincial round's dossier.
func (s *Server) ministryPapers(r *http.Request, u *ocop.User, rd *ocop.EvalRound, dossierID int64) (*papersLinks, error) {
	if rd.Level != ocop.RoundMinistry {
		return nil, nil
	}
	pp, err := s.svc.ProvincialPapersOf(r.Context(), u, dossierID)
	return papersOf(pp, u, dossierID), err
}

func (s *Server) apiProvincialPapers(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	pp, err := s.svc.ProvincialPapersOf(r.Context(), u, id)
	if err != nil {
		return err
	}
	l := papersOf(pp, u, id)
	if l == nil {
		writeJSON(w, http.StatusOK, map[string]any{"papers": nil})
		return nil
	}
	writeJSON(w, http.StatusOK, map[string]any{"papers": map[string]any{"round": pp.Round, "advisory_report": pp.Report,
		"summary_pdf": l.Summary, "summary_xlsx": l.SummaryXLSX, "minutes_pdf": l.Minutes, "review": l.Review,
		"sheets": l.Sheets}})
	return nil
}
