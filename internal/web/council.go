package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

// The council and advisory team of a round, kept by the province's office
// on the round's page.

// councilSection is one council (or team) on the round page.
type councilSection struct {
	Kind     string
	Council  *service.CouncilView
	Eligible []option
	Quorum   bool
	Needed   int
	Present  int
}

func (s *Server) councilSections(r *http.Request, u *ocop.User, roundID int64) ([]councilSection, error) {
	var out []councilSection
	for _, kind := range []string{ocop.CouncilBoard, ocop.CouncilAdvisory} {
		cv, err := s.svc.Council(r.Context(), u, roundID, kind)
		if err != nil {
			return nil, err
		}
		users, err := s.svc.Eligible(r.Context(), u, roundID, kind)
		if err != nil {
			return nil, err
		}
		sec := councilSection{Kind: kind, Council: cv}
		for _, x := range users {
			if cv.Member(x.ID) == nil {
				sec.Eligible = append(sec.Eligible, option{strconv.FormatInt(x.ID, 10), x.FullName + " (" + x.Username + ")"})
			}
		}
		sec.Quorum, sec.Needed, sec.Present = cv.Quorum()
		out = append(out, sec)
	}
	return out, nil
}

func positionOptions() []option   { return labelled("position.", ocop.CouncilPositions) }
func departmentOptions() []option { return labelled("department.", ocop.CouncilDepartments) }

func labelled(prefix string, values []string) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{v, i18n.T(prefix + v)}
	}
	return out
}

func councilInput(f url.Values) service.CouncilInput {
	quorum, _ := strconv.ParseFloat(f.Get("quorum_percent"), 64)
	tol, _ := strconv.ParseFloat(f.Get("tolerance"), 64)
	version, _ := strconv.ParseInt(f.Get("version"), 10, 64)
	return service.CouncilInput{DecisionNo: f.Get("decision_no"), DecisionDate: f.Get("decision_date"), Signer: f.Get("signer"),
		QuorumPercent: quorum, RequireChair: f.Get("require_chair") != "", Tolerance: tol,
		WrittenOpinion: f.Get("written_opinion") != "", Version: version}
}

// councilAction runs an office step on a council and returns to the round,
// showing the round page with the message when the step is refused.
func (s *Server) councilAction(w http.ResponseWriter, r *http.Request, u *ocop.User, act func(round int64, kind string) error, done string) error {
	return s.roundAction(w, r, u, func(id int64) error { return act(id, r.PathValue("kind")) }, "#hoi-dong", done)
}

// roundAction runs an office step on a round and returns to the round's
// page at anchor, showing the page with the message when it is refused.
func (s *Server) roundAction(w http.ResponseWriter, r *http.Request, u *ocop.User, act func(round int64) error, anchor, done string) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	err = act(id)
	if st := formStatus(err); st != 0 {
		return s.renderRound(w, r, u, st, s.page(r, u, "round.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, roundURL(id)+anchor, i18n.T(done))
}

func (s *Server) councilSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.councilAction(w, r, u, func(round int64, kind string) error {
		_, err := s.svc.SaveCouncil(r.Context(), u, round, kind, councilInput(r.PostForm))
		return err
	}, "council.saved")
}

func (s *Server) councilMemberAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.councilAction(w, r, u, func(round int64, kind string) error {
		uid, _ := strconv.ParseInt(r.PostForm.Get("user_id"), 10, 64)
		_, err := s.svc.AddCouncilMember(r.Context(), u, round, kind, service.MemberInput{UserID: uid,
			Position: r.PostForm.Get("position"), Department: r.PostForm.Get("department")})
		return err
	}, "council.member_added")
}

func (s *Server) councilMemberPresence(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.councilAction(w, r, u, func(round int64, kind string) error {
		uid, err := pathID(r, "user")
		if err != nil {
			return err
		}
		return s.svc.SetMemberPresent(r.Context(), u, round, kind, uid, r.PostForm.Get("present") == "1")
	}, "council.presence_saved")
}

func (s *Server) councilMemberRemove(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.councilAction(w, r, u, func(round int64, kind string) error {
		uid, err := pathID(r, "user")
		if err != nil {
			return err
		}
		return s.svc.RemoveCouncilMember(r.Context(), u, round, kind, uid)
	}, "council.member_removed")
}

// The JSON API for the office.

func (s *Server) apiCouncil(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	cv, err := s.svc.Council(r.Context(), u, id, r.PathValue("kind"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cv)
	return nil
}

// apiCouncilStep decodes a body into b after checking the round is the
// caller's, runs the step and answers the council.
func (s *Server) apiCouncilStep(w http.ResponseWriter, r *http.Request, u *ocop.User, b any, step func(round int64, kind string) error) error {
	id, err := pathID(r, "round")
	if err != nil {
		return err
	}
	kind := r.PathValue("kind")
	if _, err := s.svc.Council(r.Context(), u, id, kind); err != nil {
		return err // another province's round is not found, whatever the body
	}
	if b != nil {
		if err := decode(r, b); err != nil {
			return err
		}
	}
	if err := step(id, kind); err != nil {
		return err
	}
	cv, err := s.svc.Council(r.Context(), u, id, kind)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cv)
	return nil
}

func (s *Server) apiCouncilSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var b service.CouncilInput
	return s.apiCouncilStep(w, r, u, &b, func(round int64, kind string) error {
		_, err := s.svc.SaveCouncil(r.Context(), u, round, kind, b)
		return err
	})
}

func (s *Server) apiCouncilMemberAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var b service.MemberInput
	return s.apiCouncilStep(w, r, u, &b, func(round int64, kind string) error {
		_, err := s.svc.AddCouncilMember(r.Context(), u, round, kind, b)
		return err
	})
}

func (s *Server) apiCouncilMemberPresence(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var b struct {
		Present bool `json:"present"`
	}
	return s.apiCouncilStep(w, r, u, &b, func(round int64, kind string) error {
		uid, err := pathID(r, "user")
		if err != nil {
			return err
		}
		return s.svc.SetMemberPresent(r.Context(), u, round, kind, uid, b.Present)
	})
}

func (s *Server) apiCouncilMemberRemove(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.apiCouncilStep(w, r, u, nil, func(round int64, kind string) error {
		uid, err := pathID(r, "user")
		if err != nil {
			return err
		}
		return s.svc.RemoveCouncilMember(r.Context(), u, round, kind, uid)
	})
}
