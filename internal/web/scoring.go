package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/rulebook"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// A council member's pages: the rounds they sit in, declared conflicts,
// the dossiers assigned to them and the blind score sheet.

const councilPath = "/hoi-dong"

func memberRoundURL(id int64) string { return councilPath + "/" + strconv.FormatInt(id, 10) }

func sheetURL(round, dossier int64) string {
	return roundURL(round) + "/ho-so/" + strconv.FormatInt(dossier, 10) + "/cham-diem"
}

func (s *Server) councilHome(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderCouncilHome(w, r, u, http.StatusOK, s.page(r, u, "council.home"))
}

func (s *Server) renderCouncilHome(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	rounds, err := s.svc.MemberRounds(r.Context(), u)
	if err != nil {
		return err
	}
	conflicts, err := s.svc.Conflicts(r.Context(), u)
	if err != nil {
		return err
	}
	producers, _, err := s.svc.Producers(r.Context(), u, store.ProducerFilter{Limit: 500})
	if err != nil {
		return err
	}
	var opts []option
	for _, pr := range producers {
		opts = append(opts, option{strconv.FormatInt(pr.ID, 10), pr.Name})
	}
	p.Data = map[string]any{"Rounds": rounds, "Conflicts": conflicts, "Producers": opts}
	s.render(w, r, st, "council_home", p)
	return nil
}

func (s *Server) conflictDeclare(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	pid, _ := strconv.ParseInt(r.PostForm.Get("producer_id"), 10, 64)
	err := declareConflict(s.svc, r, u, pid, r.PostForm.Get("note"))
	if code := ocop.ErrorCode(err); code == ocop.EINVALID || code == ocop.ECONFLICT {
		return s.renderCouncilHome(w, r, u, http.StatusUnprocessableEntity, s.page(r, u, "council.home").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, councilPath, i18n.T("council.conflict_declared"))
}

// declareConflict refuses a missing producer as a form error, not as an
// unknown record.
func declareConflict(svc *service.Service, r *http.Request, u *ocop.User, producer int64, note string) error {
	if producer <= 0 {
		return ocop.Validation{"producer_id": "err.required"}.Err()
	}
	err := svc.DeclareConflict(r.Context(), u, producer, note)
	if ocop.ErrorCode(err) == ocop.ECONFLICT {
		return ocop.Validation{"producer_id": "err.conflict_declared"}.Err()
	}
	return err
}

func (s *Server) conflictWithdraw(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	pid, err := pathID(r, "producer")
	if err != nil {
		return err
	}
	if err := s.svc.WithdrawConflict(r.Context(), u, pid); err != nil {
		return err
	}
	return s.redirect(w, r, councilPath, i18n.T("council.conflict_withdrawn"))
}

// memberRoundView is a member's round page.
type memberRoundView struct {
	*service.MemberRound
	Dossiers []store.DossierRow
	Results  []*service.DossierResult
	Chair    bool
	Outputs  *outputLinks
}

func (s *Server) memberRoundShow(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderMemberRound(w, r, u, http.StatusOK, s.page(r, u, "council.round"))
}

func (s *Server) memberRound(r *http.Request, u *ocop.User) (*memberRoundView, error) {
	id, err := pathID(r, "round")
	if err != nil {
		return nil, err
	}
	mr, mine, err := s.svc.MemberRoundView(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	v := &memberRoundView{MemberRound: mr, Dossiers: mine, Chair: mr.Me.Position == "chair"}
	var rep *service.RoundReport
	if mr.Round.Status == ocop.RoundClosed || mr.Round.Status == ocop.RoundDecided {
		if rep, err = s.svc.RoundReport(r.Context(), u, id); err != nil {
			return nil, err
		}
		v.Results = rep.Results
	}
	all := mr.Me.Position == "chair" || mr.Me.Position == "secretary"
	v.Outputs = outputsFor(fmt.Sprintf("/hoi-dong/%d", id), rep, all, mr.Me, mine)
	return v, nil
}

func (s *Server) renderMemberRound(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	v, err := s.memberRound(r, u)
	if err != nil {
		return err
	}
	p.Data = v
	s.render(w, r, st, "council_round", p)
	return nil
}

// chairStep runs the chair's open, close or re-score and returns to the
// member's round page.
func (s *Server) chairStep(w http.ResponseWriter, r *http.Request, u *ocop.User, step func(id int64) error, done string) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	if err := step(id); ocop.ErrorCode(err) == ocop.ECONFLICT || ocop.ErrorCode(err) == ocop.EINVALID {
		return s.renderMemberRound(w, r, u, http.StatusConflict, s.page(r, u, "council.round").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, memberRoundURL(id), i18n.T(done))
}

func (s *Server) scoringOpen(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.chairStep(w, r, u, func(id int64) error {
		_, err := s.svc.OpenScoring(r.Context(), u, id)
		return err
	}, "council.scoring_opened")
}

func (s *Server) scoringClose(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.chairStep(w, r, u, func(id int64) error {
		_, err := s.svc.CloseScoring(r.Context(), u, id)
		return err
	}, "council.scoring_closed")
}

func (s *Server) scoringRescore(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.chairStep(w, r, u, func(id int64) error {
		var ids []int64
		for _, v := range r.PostForm["dossier"] {
			if n, err := strconv.ParseInt(v, 10, 64); err == nil {
				ids = append(ids, n)
			}
		}
		_, err := s.svc.Rescore(r.Context(), u, id, ids)
		return err
	}, "council.rescore_opened")
}

// The score sheet page: the criteria with the dossier's evidence beside
// each, the member's choice and comment.

func (s *Server) sheetShow(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderSheet(w, r, u, http.StatusOK, s.page(r, u, "score.title"))
}

func (s *Server) renderSheet(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	round, err := pathID(r, "round")
	if err != nil {
		return err
	}
	dossier, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	sv, err := s.svc.MySheet(r.Context(), u, round, dossier)
	if err != nil {
		return err
	}
	evidence, err := s.svc.Evidence(r.Context(), u, dossier)
	if err != nil {
		return err
	}
	if !p.Form.Has("version") {
		p.Form.Set("version", strconv.FormatInt(sv.Sheet.Version, 10))
		p.Form.Set("n", strconv.Itoa(sv.Sheet.N))
		for code, c := range sv.Sheet.Comments {
			p.Form.Set("note-"+code, c)
		}
	}
	mr, _, err := s.svc.MemberRoundView(r.Context(), u, round)
	if err != nil {
		return err
	}
	rv, err := s.svc.ReviewFor(r.Context(), u, round, dossier)
	if err != nil {
		return err
	}
	papers, err := s.ministryPapers(r, u, mr.Round, dossier)
	if err != nil {
		return err
	}
	p.Data = map[string]any{"Round": mr.Round, "Sheet": sv, "Rows": criterionRows(sv.Card, sv.Answers, p.Form, evidence),
		"Secretary": mr.Me.Position == "secretary", "Members": mr.Council.Members, "Review": rv, "Papers": papers,
		"FileBase": fmt.Sprintf("/hoi-dong/%d/ho-so/%d/tu-van/tep", round, dossier)}
	s.render(w, r, st, "score_sheet", p)
	return nil
}

// sheetInput reads the sheet form: c-<code> points, note-<code> comments.
func sheetInput(r *http.Request) (service.SheetInput, error) {
	f := r.PostForm
	sheet, err := sheetFromForm(f)
	if err != nil {
		return service.SheetInput{}, err
	}
	in := service.SheetInput{Sheet: sheet, Comments: map[string]string{}, Submit: f.Get("submit") != ""}
	for k, v := range f {
		if code, ok := strings.CutPrefix(k, "note-"); ok && strings.TrimSpace(v[0]) != "" {
			in.Comments[code] = strings.TrimSpace(v[0])
		}
	}
	in.Version, _ = strconv.ParseInt(f.Get("version"), 10, 64)
	in.N, _ = strconv.Atoi(f.Get("n"))
	in.For, _ = strconv.ParseInt(f.Get("for"), 10, 64)
	return in, nil
}

func (s *Server) sheetSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	round, err := pathID(r, "round")
	if err != nil {
		return err
	}
	dossier, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	in, err := sheetInput(r)
	if err != nil {
		return err
	}
	sv, err := s.svc.SaveScoreSheet(r.Context(), u, round, dossier, in)
	if ie, ok := err.(*rulebook.InputError); ok {
		p := s.page(r, u, "score.title").withInput(r, nil)
		p.Error = ie.Error()
		return s.renderSheet(w, r, u, http.StatusUnprocessableEntity, p)
	}
	if st := formStatus(err); st != 0 {
		return s.renderSheet(w, r, u, st, s.page(r, u, "score.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	done := "score.draft_saved"
	if sv.Sheet.Status == ocop.SheetSubmitted {
		done = "score.submitted"
	}
	return s.redirect(w, r, sheetURL(round, dossier), i18n.T(done))
}

func (s *Server) sheetRecuse(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	round, err := pathID(r, "round")
	if err != nil {
		return err
	}
	dossier, err := pathID(r, "dossier")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	err = s.svc.Recuse(r.Context(), u, round, dossier, r.PostForm.Get("reason"))
	if code := ocop.ErrorCode(err); code == ocop.EINVALID || code == ocop.ECONFLICT {
		return s.renderSheet(w, r, u, http.StatusUnprocessableEntity, s.page(r, u, "score.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, memberRoundURL(round), i18n.T("score.recused"))
}

// The JSON API for members.

func (s *Server) apiMemberRounds(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	rounds, err := s.svc.MemberRounds(r.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(rounds, len(rounds)))
	return nil
}

type memberRoundJSON struct {
	Round    *ocop.EvalRound      `json:"round"`
	Council  *service.CouncilView `json:"council"`
	Me       *ocop.CouncilMember  `json:"me"`
	Dossiers []roundDossierJSON   `json:"dossiers"`
}

func (s *Server) apiMemberRound(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	mr, mine, err := s.svc.MemberRoundView(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, memberRoundJSON{mr.Round, mr.Council, mr.Me, roundDossiersJSON(mine)})
	return nil
}

func (s *Server) apiChairStep(w http.ResponseWriter, r *http.Request, u *ocop.User, step func(id int64) (*ocop.EvalRound, error)) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	rd, err := step(id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rd)
	return nil
}

func (s *Server) apiScoringOpen(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.apiChairStep(w, r, u, func(id int64) (*ocop.EvalRound, error) { return s.svc.OpenScoring(r.Context(), u, id) })
}

func (s *Server) apiScoringClose(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.apiChairStep(w, r, u, func(id int64) (*ocop.EvalRound, error) { return s.svc.CloseScoring(r.Context(), u, id) })
}

func (s *Server) apiScoringRescore(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.apiChairStep(w, r, u, func(id int64) (*ocop.EvalRound, error) {
		if _, _, err := s.svc.MemberRoundView(r.Context(), u, id); err != nil {
			return nil, err
		}
		var b struct {
			Dossiers []int64 `json:"dossiers"`
		}
		if err := decode(r, &b); err != nil {
			return nil, err
		}
		return s.svc.Rescore(r.Context(), u, id, b.Dossiers)
	})
}

func (s *Server) apiResults(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	res, err := s.svc.Results(r.Context(), u, id)
	if err != nil {
		return err
	}
	out := make([]map[string]any, len(res))
	for i, x := range res {
		out[i] = map[string]any{"dossier": roundDossiersJSON([]store.DossierRow{x.DossierRow})[0], "result": x.Result,
			"sheets": sheetsJSON(x.Sheets)}
	}
	writeJSON(w, http.StatusOK, newList(out, len(out)))
	return nil
}

// sheetJSON is a stored sheet version with its answers decoded.
type sheetJSON struct {
	*ocop.ScoreSheet
	Answers json.RawMessage `json:"answers"`
}

func sheetsJSON(v []*ocop.ScoreSheet) []sheetJSON {
	out := make([]sheetJSON, len(v))
	for i, sh := range v {
		out[i] = sheetJSON{sh, json.RawMessage(sh.Sheet)}
	}
	return out
}

func (s *Server) apiSheet(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	round, dossier, err := roundDossierIDs(r)
	if err != nil {
		return err
	}
	sv, err := s.svc.MySheet(r.Context(), u, round, dossier)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sv)
	return nil
}

func roundDossierIDs(r *http.Request) (round, dossier int64, err error) {
	if round, err = pathID(r, "round"); err != nil {
		return 0, 0, err
	}
	dossier, err = pathID(r, "dossier")
	return round, dossier, err
}

func (s *Server) apiSheetSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	round, dossier, err := roundDossierIDs(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.MySheet(r.Context(), u, round, dossier); err != nil {
		return err // not assigned: not found, whatever the body
	}
	var in service.SheetInput
	if err := decode(r, &in); err != nil {
		return err
	}
	sv, err := s.svc.SaveScoreSheet(r.Context(), u, round, dossier, in)
	if ie, ok := err.(*rulebook.InputError); ok {
		return &ocop.Error{Code: ocop.EINVALID, Message: "err.invalid_form", Fields: map[string]string{"answers": ie.Error()}}
	} else if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sv)
	return nil
}

func (s *Server) apiRecuse(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	round, dossier, err := roundDossierIDs(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.MySheet(r.Context(), u, round, dossier); err != nil {
		return err
	}
	var b struct {
		Reason string `json:"reason"`
	}
	if err := decode(r, &b); err != nil {
		return err
	}
	if err := s.svc.Recuse(r.Context(), u, round, dossier, b.Reason); err != nil {
		return err
	}
	return s.apiMemberRound(w, r, u)
}

func (s *Server) apiConflicts(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	c, err := s.svc.Conflicts(r.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(c, len(c)))
	return nil
}

func (s *Server) apiConflictDeclare(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var b struct {
		ProducerID int64  `json:"producer_id"`
		Note       string `json:"note"`
	}
	if err := decode(r, &b); err != nil {
		return err
	}
	if err := declareConflict(s.svc, r, u, b.ProducerID, b.Note); err != nil {
		return err
	}
	return s.apiConflicts(w, r, u)
}

func (s *Server) apiConflictWithdraw(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	pid, err := pathID(r, "producer")
	if err != nil {
		return err
	}
	if err := s.svc.WithdrawConflict(r.Context(), u, pid); err != nil {
		return err
	}
	return s.apiConflicts(w, r, u)
}
