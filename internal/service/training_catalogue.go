package service

import (
	"context"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// The topic catalogue is national reference data: every signed-in user
// reads the topics and their materials; managers add materials and keep
// the question bank, each changing only what their province added.

// TrainingTopics lists the catalogue.
func (s *Service) TrainingTopics(ctx context.Context, u *ocop.User) ([]*ocop.TrainingTopic, error) {
	if err := require(u, ocop.PermSignedIn); err != nil {
		return nil, err
	}
	return s.DB.TrainingTopics(ctx)
}

// TopicView is a topic's page; Questions only for managers, so trainees
// do not see the answers of the tests drawn from the bank.
type TopicView struct {
	Topic     *ocop.TrainingTopic   `json:"topic"`
	Materials []*ocop.TopicMaterial `json:"materials"`
	Questions []*ocop.TopicQuestion `json:"questions,omitempty"`
	Manages   bool                  `json:"manages"`
}

// TrainingTopic returns a topic with its materials (and bank, for managers).
func (s *Service) TrainingTopic(ctx context.Context, u *ocop.User, code string) (*TopicView, error) {
	if err := require(u, ocop.PermSignedIn); err != nil {
		return nil, err
	}
	t, err := s.DB.TrainingTopic(ctx, code)
	if err != nil {
		return nil, err
	}
	v := &TopicView{Topic: t, Manages: u.Can(ocop.PermTrainingManage)}
	if v.Materials, err = s.DB.TopicMaterials(ctx, code); err != nil {
		return nil, err
	}
	if v.Materials == nil {
		v.Materials = []*ocop.TopicMaterial{}
	}
	if v.Manages {
		if v.Questions, err = s.DB.TopicQuestions(ctx, code); v.Questions == nil {
			v.Questions = []*ocop.TopicQuestion{}
		}
	}
	return v, err
}

// ownsTopicItem reports whether a manager may change a material or a
// question added in a province ("" = by a national manager).
func ownsTopicItem(u *ocop.User, province string) bool { return managesCourse(u, province) }

// topicFor loads a topic for a manager to add to.
func (s *Service) topicFor(ctx context.Context, u *ocop.User, code string) (*ocop.TrainingTopic, error) {
	if err := require(u, ocop.PermTrainingManage); err != nil {
		return nil, err
	}
	return s.DB.TrainingTopic(ctx, code)
}

// MaterialInput is a link, or the title of an uploaded file.
type MaterialInput struct {
	Title    string `json:"title"`
	URL      string `json:"url"`
	FileName string `json:"-"`
}

// AddTopicMaterial adds a link (file nil) or an uploaded file to a topic.
func (s *Service) AddTopicMaterial(ctx context.Context, u *ocop.User, code string, in MaterialInput, file io.Reader) (*ocop.TopicMaterial, error) {
	t, err := s.topicFor(ctx, u, code)
	if err != nil {
		return nil, err
	}
	v := ocop.Validation{}
	m := &ocop.TopicMaterial{TopicCode: t.Code, Title: clean(in.Title), ProvinceCode: u.Scope.Province,
		CreatedBy: u.ID, Kind: ocop.MaterialLink, URL: clean(in.URL)}
	checkRequired(v, "title", m.Title, 300)
	if file != nil {
		m.Kind, m.URL, m.FileName = ocop.MaterialFile, "", clean(in.FileName)
		if m.FileName == "" {
			v.Add("file", "err.file_empty")
		}
	} else if p, err := url.Parse(m.URL); err != nil || (p.Scheme != "https" && p.Scheme != "http") || p.Host == "" {
		v.Add("url", "err.training_url")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if file != nil {
		if s.Files == nil {
			return nil, errNoFiles
		}
		saved, err := s.Files.Save(file, m.FileName)
		if err != nil {
			return nil, fieldError("file", err)
		}
		m.FileKey, m.ContentType, m.Size, m.SHA256 = saved.Key, saved.ContentType, saved.Size, saved.SHA256
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddTopicMaterial(ctx, m) })
	if err != nil && m.FileKey != "" {
		s.Files.Remove(m.FileKey)
	}
	return m, err
}

// DeleteTopicMaterial removes a material the manager's province added.
func (s *Service) DeleteTopicMaterial(ctx context.Context, u *ocop.User, code string, id int64) error {
	if _, err := s.topicFor(ctx, u, code); err != nil {
		return err
	}
	m, err := s.DB.TopicMaterial(ctx, id)
	if err != nil || m.TopicCode != code || !ownsTopicItem(u, m.ProvinceCode) {
		return ocop.ErrNotFound()
	}
	if err := s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.DeleteTopicMaterial(ctx, m) }); err != nil {
		return err
	}
	if m.FileKey != "" && s.Files != nil {
		if err := s.Files.Remove(m.FileKey); err != nil {
			s.Log.Warn("material file left behind", "key", m.FileKey, "err", err)
		}
	}
	return nil
}

// TopicMaterialFile opens an uploaded material for any signed-in user.
// The caller closes the file.
func (s *Service) TopicMaterialFile(ctx context.Context, u *ocop.User, code string, id int64) (*ocop.TopicMaterial, *os.File, error) {
	if err := require(u, ocop.PermSignedIn); err != nil {
		return nil, nil, err
	}
	m, err := s.DB.TopicMaterial(ctx, id)
	if err != nil || m.TopicCode != code || m.Kind != ocop.MaterialFile {
		return nil, nil, ocop.ErrNotFound()
	}
	if s.Files == nil {
		return nil, nil, errNoFiles
	}
	f, err := s.Files.Get(m.FileKey)
	return m, f, err
}

// QuestionInput is a question form: 2–6 non-empty options, Correct the
// 0-based index of the right one.
type QuestionInput struct {
	Body    string   `json:"body"`
	Options []string `json:"options"`
	Correct int      `json:"correct"`
	Version int64    `json:"version"`
}

func questionFrom(q *ocop.TopicQuestion, in QuestionInput) error {
	v := ocop.Validation{}
	q.Body, q.Options, q.Correct = clean(in.Body), nil, in.Correct
	checkRequired(v, "body", q.Body, 2000)
	for _, o := range in.Options {
		if o = clean(o); o != "" {
			q.Options = append(q.Options, o)
		}
	}
	if len(q.Options) < 2 || len(q.Options) > 6 {
		v.Add("options", "err.training_options")
	} else if slices.ContainsFunc(q.Options, func(o string) bool { return len([]rune(o)) > 500 }) {
		v.Add("options", "err.too_long")
	}
	if q.Correct < 0 || q.Correct >= len(q.Options) || q.Correct >= len(in.Options) ||
		strings.TrimSpace(in.Options[q.Correct]) == "" {
		v.Add("correct", "err.training_correct")
	}
	return v.Err()
}

// AddTopicQuestion adds a question to a topic's bank.
func (s *Service) AddTopicQuestion(ctx context.Context, u *ocop.User, code string, in QuestionInput) (*ocop.TopicQuestion, error) {
	t, err := s.topicFor(ctx, u, code)
	if err != nil {
		return nil, err
	}
	q := &ocop.TopicQuestion{TopicCode: t.Code, ProvinceCode: u.Scope.Province, CreatedBy: u.ID}
	if err := questionFrom(q, in); err != nil {
		return nil, err
	}
	return q, s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddTopicQuestion(ctx, q) })
}

// ownQuestion loads a question the manager's province added.
func (s *Service) ownQuestion(ctx context.Context, u *ocop.User, code string, id int64) (*ocop.TopicQuestion, error) {
	if _, err := s.topicFor(ctx, u, code); err != nil {
		return nil, err
	}
	q, err := s.DB.TopicQuestion(ctx, id)
	if err != nil || q.TopicCode != code || !ownsTopicItem(u, q.ProvinceCode) {
		return nil, ocop.ErrNotFound()
	}
	return q, nil
}

// UpdateTopicQuestion changes a question unless it changed since in.Version.
func (s *Service) UpdateTopicQuestion(ctx context.Context, u *ocop.User, code string, id int64, in QuestionInput) (*ocop.TopicQuestion, error) {
	before, err := s.ownQuestion(ctx, u, code, id)
	if err != nil {
		return nil, err
	}
	q := *before
	if err := questionFrom(&q, in); err != nil {
		return nil, err
	}
	if in.Version != before.Version {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.conflict")
	}
	return &q, s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.UpdateTopicQuestion(ctx, before, &q) })
}

// DeleteTopicQuestion removes a question from the bank.
func (s *Service) DeleteTopicQuestion(ctx context.Context, u *ocop.User, code string, id int64) error {
	q, err := s.ownQuestion(ctx, u, code, id)
	if err != nil {
		return err
	}
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.DeleteTopicQuestion(ctx, q) })
}
