package web

import (
	"io"
	"net/http"
	"strconv"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

// The topic catalogue (chuyên đề): national, readable by everyone signed
// in; managers add materials (files or links) and keep the question bank.

const topicsPath = "/chuyen-de"

func topicURL(code string) string { return topicsPath + "/" + code }

func (s *Server) topicList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	topics, err := s.svc.TrainingTopics(r.Context(), u)
	if err != nil {
		return err
	}
	p := s.page(r, u, "training.topics")
	p.Data = topics
	s.render(w, r, http.StatusOK, "training_topics", p)
	return nil
}

func (s *Server) topicShow(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderTopic(w, r, u, http.StatusOK, s.page(r, u, "training.topic"))
}

func (s *Server) renderTopic(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	v, err := s.svc.TrainingTopic(r.Context(), u, r.PathValue("topic"))
	if err != nil {
		return err
	}
	p.Data = v
	s.render(w, r, st, "training_topic", p)
	return nil
}

// topicAction runs a manager's change on a topic and comes back to it.
func (s *Server) topicAction(w http.ResponseWriter, r *http.Request, u *ocop.User, done string, act func(code string) error) error {
	code := r.PathValue("topic")
	err := act(code)
	switch c := ocop.ErrorCode(err); c {
	case "":
	case ocop.EINVALID, ocop.ECONFLICT:
		return s.renderTopic(w, r, u, status[c], s.page(r, u, "training.topic").withInput(r, err))
	default:
		return err
	}
	return s.redirect(w, r, topicURL(code), i18n.T(done))
}

func (s *Server) materialAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.topicAction(w, r, u, "training.material_added", func(code string) error {
		// A link comes as an ordinary form, a file as multipart.
		var file io.Reader
		in := service.MaterialInput{}
		if r.Header.Get("Content-Type") == "application/x-www-form-urlencoded" {
			if err := r.ParseForm(); err != nil {
				return err
			}
		} else {
			up, err := readUpload(r, "err.file_too_large")
			if err != nil {
				return err
			}
			defer up.Close()
			if up.Err != nil {
				return up.Err
			}
			file, in.FileName = up.reader(), up.Name
		}
		in.Title, in.URL = r.PostForm.Get("title"), r.PostForm.Get("url")
		_, err := s.svc.AddTopicMaterial(r.Context(), u, code, in, file)
		return err
	})
}

func (s *Server) materialDelete(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.topicAction(w, r, u, "training.material_deleted", func(code string) error {
		id, err := pathID(r, "material")
		if err != nil {
			return err
		}
		return s.svc.DeleteTopicMaterial(r.Context(), u, code, id)
	})
}

func (s *Server) materialGet(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "material")
	if err != nil {
		return err
	}
	m, f, err := s.svc.TopicMaterialFile(r.Context(), u, r.PathValue("topic"), id)
	if err != nil {
		return err
	}
	sendFile(w, r, "attachment", m.ContentType, m.FileName, m.CreatedAt, f)
	return nil
}

func questionInput(r *http.Request) service.QuestionInput {
	f := r.PostForm
	in := service.QuestionInput{Body: f.Get("body"), Options: f["option"], Correct: atoi(f.Get("correct")) - 1}
	in.Version, _ = strconv.ParseInt(f.Get("version"), 10, 64)
	return in
}

func (s *Server) questionAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.topicAction(w, r, u, "training.question_added", func(code string) error {
		if err := r.ParseForm(); err != nil {
			return err
		}
		_, err := s.svc.AddTopicQuestion(r.Context(), u, code, questionInput(r))
		return err
	})
}

func (s *Server) questionSave(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.topicAction(w, r, u, "training.question_saved", func(code string) error {
		id, err := pathID(r, "question")
		if err != nil {
			return err
		}
		if err := r.ParseForm(); err != nil {
			return err
		}
		_, err = s.svc.UpdateTopicQuestion(r.Context(), u, code, id, questionInput(r))
		return err
	})
}

func (s *Server) questionDelete(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.topicAction(w, r, u, "training.question_deleted", func(code string) error {
		id, err := pathID(r, "question")
		if err != nil {
			return err
		}
		return s.svc.DeleteTopicQuestion(r.Context(), u, code, id)
	})
}
