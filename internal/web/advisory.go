package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

// The advisory team's review of a round's dossiers (/tu-van), the
// office's view of it with the request for additions, and the files of
// the review served to the office, the team and the council.

func advisoryURL(round, dossier int64) string {
	return fmt.Sprintf("/tu-van/%d/ho-so/%d", round, dossier)
}

func (s *Server) advisoryHome(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	rounds, err := s.svc.AdvisoryRounds(r.Context(), u)
	if err != nil {
		return err
	}
	p := s.page(r, u, "advisory.title")
	p.Data = map[string]any{"Rounds": rounds}
	s.render(w, r, http.StatusOK, "advisory_home", p)
	return nil
}

func (s *Server) advisoryRoundShow(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderAdvisoryRound(w, r, u, http.StatusOK, s.page(r, u, "advisory.title"))
}

func (s *Server) renderAdvisoryRound(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	tv, err := s.svc.AdvisoryRound(r.Context(), u, id)
	if err != nil {
		return err
	}
	p.Data = map[string]any{"View": tv, "Lead": tv.Me.Position == "chair"}
	s.render(w, r, st, "advisory_round", p)
	return nil
}

func (s *Server) advisoryReport(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	_, err = s.svc.SubmitAdvisoryReport(r.Context(), u, id, r.PostForm.Get("summary"))
	if formStatus(err) != 0 {
		return s.renderAdvisoryRound(w, r, u, formStatus(err), s.page(r, u, "advisory.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, fmt.Sprintf("/tu-van/%d", id), i18n.T("advisory.saved"))
}

// formStatus is the status a refused form is shown again with, 0 for
// errors that are not the form's.
func formStatus(err error) int {
	return map[string]int{ocop.EINVALID: http.StatusUnprocessableEntity, ocop.ECONFLICT: http.StatusConflict}[ocop.ErrorCode(err)]
}

func (s *Server) advisoryDossierShow(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderAdvisoryDossier(w, r, u, http.StatusOK, s.page(r, u, "advisory.review"))
}

func (s *Server) renderAdvisoryDossier(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	round, dossier, err := roundDossierIDs(r)
	if err != nil {
		return err
	}
	tr, d, rv, err := s.svc.AdvisoryReview(r.Context(), u, round, dossier)
	if err != nil {
		return err
	}
	if rv.Verdict != nil && !p.Form.Has("verdict") {
		p.Form.Set("verdict", rv.Verdict.Verdict)
		p.Form.Set("reasons", rv.Verdict.Reasons)
	}
	papers, err := s.ministryPapers(r, u, tr.Round, dossier)
	if err != nil {
		return err
	}
	p.Data = map[string]any{"Round": tr.Round, "Dossier": d, "Review": rv, "Editable": rv.Report == nil,
		"Verdicts": labelled("advisory.verdict.", ocop.Verdicts), "FileBase": advisoryURL(round, dossier) + "/tep",
		"Papers": papers}
	s.render(w, r, st, "advisory_dossier", p)
	return nil
}

// reviewAction runs a team member's step on a dossier and returns to its
// review, showing the page again with the message when refused.
func (s *Server) reviewAction(w http.ResponseWriter, r *http.Request, u *ocop.User, anchor string, act func(round, dossier int64) error) error {
	round, dossier, err := roundDossierIDs(r)
	if err != nil {
		return err
	}
	if r.PostForm == nil {
		if err := r.ParseForm(); err != nil {
			return err
		}
	}
	err = act(round, dossier)
	if formStatus(err) != 0 {
		return s.renderAdvisoryDossier(w, r, u, formStatus(err), s.page(r, u, "advisory.review").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, advisoryURL(round, dossier)+"#"+anchor, i18n.T("advisory.saved"))
}

func (s *Server) advisoryNote(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.reviewAction(w, r, u, "ghi-chu", func(round, dossier int64) error {
		_, err := s.svc.AddAdvisoryNote(r.Context(), u, round, dossier, r.PostForm.Get("body"))
		return err
	})
}

func visitInput(r *http.Request) service.VisitInput {
	f := r.PostForm
	return service.VisitInput{Date: f.Get("visit_date"), Place: f.Get("place"), Participants: f.Get("participants"),
		Findings: f.Get("findings")}
}

func (s *Server) advisoryVisit(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.reviewAction(w, r, u, "khao-sat", func(round, dossier int64) error {
		_, err := s.svc.AddSiteVisit(r.Context(), u, round, dossier, visitInput(r))
		return err
	})
}

func labInput(r *http.Request) service.LabInput {
	f := r.PostForm
	return service.LabInput{What: f.Get("what"), Lab: f.Get("lab"), Deadline: f.Get("deadline")}
}

func (s *Server) advisoryLab(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.reviewAction(w, r, u, "kiem-nghiem", func(round, dossier int64) error {
		_, err := s.svc.RequestLabTest(r.Context(), u, round, dossier, labInput(r))
		return err
	})
}

func verdictInput(r *http.Request) service.VerdictInput {
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	return service.VerdictInput{Verdict: r.PostForm.Get("verdict"), Reasons: r.PostForm.Get("reasons"), Version: version}
}

func (s *Server) advisoryVerdict(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.reviewAction(w, r, u, "ket-luan", func(round, dossier int64) error {
		_, err := s.svc.SetVerdict(r.Context(), u, round, dossier, verdictInput(r))
		return err
	})
}

// reviewUpload reads the multipart body of a review upload after the
// user's access to the dossier's review was checked.
func (s *Server) reviewUpload(r *http.Request, u *ocop.User, tooBig string) (*upload, error) {
	round, dossier, err := roundDossierIDs(r)
	if err != nil {
		return nil, err
	}
	if _, _, _, err := s.svc.AdvisoryReview(r.Context(), u, round, dossier); err != nil {
		return nil, err
	}
	up, err := readUpload(r, tooBig)
	if err != nil {
		return nil, fileError(ocop.ErrorMessage(err))
	}
	if up.Err != nil {
		up.Close()
		return nil, up.Err
	}
	return up, nil
}

func formID(r *http.Request, name string) int64 {
	id, _ := strconv.ParseInt(r.PostForm.Get(name), 10, 64)
	return id
}

// addVisitPhoto stores the uploaded photo of a visit (form field visit_id).
func (s *Server) addVisitPhoto(r *http.Request, u *ocop.User) (*ocop.VisitPhoto, error) {
	up, err := s.reviewUpload(r, u, "err.image_too_large")
	if err != nil {
		return nil, err
	}
	defer up.Close()
	round, dossier, _ := roundDossierIDs(r)
	return s.svc.AddVisitPhoto(r.Context(), u, round, dossier, formID(r, "visit_id"), up.Name, up.reader())
}

// receiveLab stores a lab's result (form fields lab_id, version,
// result_note and the file).
func (s *Server) receiveLab(r *http.Request, u *ocop.User) (*ocop.LabRequest, error) {
	up, err := s.reviewUpload(r, u, "err.file_too_large")
	if err != nil {
		return nil, err
	}
	defer up.Close()
	round, dossier, _ := roundDossierIDs(r)
	return s.svc.ReceiveLabResult(r.Context(), u, round, dossier, service.LabResultInput{LabID: formID(r, "lab_id"),
		Version: formID(r, "version"), Note: r.PostForm.Get("result_note"), FileName: up.Name, File: up.reader()})
}

func (s *Server) advisoryVisitPhoto(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.reviewAction(w, r, u, "khao-sat", func(int64, int64) error {
		_, err := s.addVisitPhoto(r, u)
		return err
	})
}

func (s *Server) advisoryLabResult(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.reviewAction(w, r, u, "kiem-nghiem", func(int64, int64) error {
		_, err := s.receiveLab(r, u)
		return err
	})
}

// reviewFile sends a site-visit photo (?anh=ID) or a lab's result file
// (?kiem-nghiem=ID) of a dossier's review to the office, the team, or the
// council once the team reported; access is checked before the query.
func (s *Server) reviewFile(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	round, dossier, err := roundDossierIDs(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.ReviewFor(r.Context(), u, round, dossier); err != nil {
		return err
	}
	q := r.URL.Query()
	if id, err := strconv.ParseInt(q.Get("anh"), 10, 64); err == nil {
		ph, f, err := s.svc.VisitPhotoFile(r.Context(), u, round, dossier, id)
		if err != nil {
			return err
		}
		sendFile(w, r, "inline", ph.ContentType, ph.FileName, ph.CreatedAt, f)
		return nil
	}
	if id, err := strconv.ParseInt(q.Get("kiem-nghiem"), 10, 64); err == nil {
		l, f, err := s.svc.LabResultFile(r.Context(), u, round, dossier, id)
		if err != nil {
			return err
		}
		sendFile(w, r, "attachment", l.ResultType, l.ResultName, l.UpdatedAt, f)
		return nil
	}
	return ocop.Errorf(ocop.EINVALID, "err.file_choice")
}

// officeReviewShow is the office's view of a dossier's review with the
// request for additions.
func (s *Server) officeReviewShow(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderOfficeReview(w, r, u, http.StatusOK, s.page(r, u, "advisory.review"))
}

func (s *Server) renderOfficeReview(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	round, dossier, err := roundDossierIDs(r)
	if err != nil {
		return err
	}
	rv, err := s.svc.ReviewFor(r.Context(), u, round, dossier)
	if err != nil {
		return err
	}
	d, err := s.svc.Dossier(r.Context(), u, dossier)
	if err != nil {
		return err
	}
	// The Ministry reads a proposed dossier's provincial review, read-only.
	pp, err := s.svc.ProvincialPapersOf(r.Context(), u, dossier)
	if err != nil {
		return err
	}
	rd, err := s.svc.Round(r.Context(), u, round)
	readOnly := ocop.ErrorCode(err) == ocop.ENOTFOUND && pp != nil && pp.Round.ID == round
	if readOnly {
		rd, err = pp.Round, nil
	}
	if err != nil {
		return err
	}
	if !p.Form.Has("reason") && rv.Verdict != nil {
		p.Form.Set("reason", rv.Verdict.Reasons)
	}
	var papers *papersLinks
	if rd.Level == ocop.RoundMinistry {
		papers = papersOf(pp, u, dossier)
	}
	p.Data = map[string]any{"Round": rd, "Dossier": d, "Review": rv, "Office": !readOnly, "ReadOnly": readOnly,
		"Papers": papers, "FileBase": fmt.Sprintf("/dot-danh-gia/%d/ho-so/%d/tu-van/tep", round, dossier)}
	s.render(w, r, st, "advisory_dossier", p)
	return nil
}

// roundCompletion sends a dossier of the round back for completion with
// the team's reasons.
func (s *Server) roundCompletion(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	round, dossier, err := roundDossierIDs(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	_, err = s.svc.RoundCompletion(r.Context(), u, round, dossier, formID(r, "version"), r.PostForm.Get("reason"))
	if formStatus(err) != 0 {
		return s.renderOfficeReview(w, r, u, formStatus(err), s.page(r, u, "advisory.review").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, roundURL(round), i18n.T("advisory.completion_sent"))
}
