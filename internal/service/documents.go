package service

import (
	"context"
	"errors"
	"io"
	"os"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

var errNoFiles = errors.New("service: no file store configured")

// DocumentInput describes an upload.
type DocumentInput struct {
	Kind, Title, Number, Issuer string
	IssuedOn, ExpiresOn         string // dd/mm/yyyy or yyyy-mm-dd
	FileName                    string
}

// Documents lists a producer's documents for anyone who may see it.
func (s *Service) Documents(ctx context.Context, u *ocop.User, producerID int64) ([]*ocop.Document, error) {
	if _, err := s.Producer(ctx, u, producerID); err != nil {
		return nil, err
	}
	return s.DB.Documents(ctx, producerID)
}

// Document returns one document and opens its file, for those who may see
// the producer. The caller closes the file.
func (s *Service) Document(ctx context.Context, u *ocop.User, producerID, id int64) (*ocop.Document, *os.File, error) {
	if _, err := s.Producer(ctx, u, producerID); err != nil {
		return nil, nil, err
	}
	d, err := s.DB.DocumentByID(ctx, id)
	if err != nil || d.ProducerID != producerID {
		return nil, nil, ocop.ErrNotFound()
	}
	if s.Files == nil {
		return nil, nil, errNoFiles
	}
	f, err := s.Files.Get(d.FileKey)
	return d, f, err
}

// ownProducer loads the producer a producer account may change.
func (s *Service) ownProducer(ctx context.Context, u *ocop.User, producerID int64) (*ocop.Producer, error) {
	if err := require(u, ocop.PermProducerEdit); err != nil {
		return nil, err
	}
	if u.Role == ocop.RoleProducer && u.ProducerID != producerID {
		return nil, ocop.ErrNotFound()
	}
	return s.Producer(ctx, u, producerID)
}

// UploadDocument checks and stores a document of the user's own producer.
// The file is written first and removed again if the row cannot be.
func (s *Service) UploadDocument(ctx context.Context, u *ocop.User, producerID int64, in DocumentInput, file io.Reader) (*ocop.Document, error) {
	p, err := s.ownProducer(ctx, u, producerID)
	if err != nil {
		return nil, err
	}
	v := ocop.Validation{}
	d := &ocop.Document{ProducerID: p.ID, CommuneCode: p.CommuneCode, ProvinceCode: p.ProvinceCode, Kind: in.Kind,
		Title: clean(in.Title), Number: clean(in.Number), Issuer: clean(in.Issuer), FileName: clean(in.FileName)}
	if !ocop.ValidDocumentKind(d.Kind) {
		v.Add("kind", "err.choose")
	}
	checkRequired(v, "title", d.Title, 200)
	d.IssuedOn = checkDate(v, "issued_on", in.IssuedOn, true)
	d.ExpiresOn = checkDate(v, "expires_on", in.ExpiresOn, false)
	if d.IssuedOn != "" && d.ExpiresOn != "" && d.ExpiresOn <= d.IssuedOn {
		v.Add("expires_on", "err.expiry_before_issue")
	}
	if file == nil || d.FileName == "" {
		v.Add("file", "err.file_empty")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if s.Files == nil {
		return nil, errNoFiles
	}
	saved, err := s.Files.Save(file, d.FileName)
	if err != nil {
		return nil, fieldError("file", err)
	}
	d.FileKey, d.ContentType, d.Size, d.SHA256 = saved.Key, saved.ContentType, saved.Size, saved.SHA256
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.CreateDocument(ctx, d) })
	if err != nil {
		s.Files.Remove(saved.Key)
		return nil, err
	}
	return d, nil
}

// DeleteDocument removes one of the producer's own documents.
func (s *Service) DeleteDocument(ctx context.Context, u *ocop.User, producerID, id int64) error {
	if _, err := s.ownProducer(ctx, u, producerID); err != nil {
		return err
	}
	d, err := s.DB.DocumentByID(ctx, id)
	if err != nil || d.ProducerID != producerID {
		return ocop.ErrNotFound()
	}
	if err := s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.DeleteDocument(ctx, d) }); err != nil {
		return err
	}
	if err := s.Files.Remove(d.FileKey); err != nil {
		s.Log.Warn("document file left behind", "key", d.FileKey, "err", err)
	}
	return nil
}

// checkDate reads an optional date; past is true when it may not be in the
// future (an issue date).
func checkDate(v ocop.Validation, field, s string, past bool) string {
	if s = clean(s); s == "" {
		return ""
	}
	d, err := i18n.ParseDate(s)
	switch {
	case err != nil:
		v.Add(field, "err.date_format")
	case past && d.After(time.Now()):
		v.Add(field, "err.date_future")
	default:
		return d.Format("2006-01-02")
	}
	return ""
}
