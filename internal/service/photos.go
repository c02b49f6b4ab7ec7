package service

import (
	"context"
	"io"
	"os"
	"slices"

	"github.com/ocopvn/ocop/internal/files"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/store"
)

// MaxPhotos is how many photos a product keeps.
const MaxPhotos = 12

// Photos lists a product's photos, the main one first, for those who may
// see the product.
func (s *Service) Photos(ctx context.Context, u *ocop.User, productID int64) ([]*ocop.Photo, error) {
	if _, err := s.Product(ctx, u, productID); err != nil {
		return nil, err
	}
	return s.DB.PhotosOf(ctx, productID)
}

// PhotoFile opens one photo of a product the user may see.
func (s *Service) PhotoFile(ctx context.Context, u *ocop.User, productID, id int64) (*ocop.Photo, *os.File, error) {
	ph, err := s.photo(ctx, u, productID, id)
	if err != nil {
		return nil, nil, err
	}
	if s.Files == nil {
		return nil, nil, errNoFiles
	}
	f, err := s.Files.Get(ph.FileKey)
	return ph, f, err
}

func (s *Service) photo(ctx context.Context, u *ocop.User, productID, id int64) (*ocop.Photo, error) {
	list, err := s.Photos(ctx, u, productID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(list, func(p *ocop.Photo) bool { return p.ID == id })
	if i < 0 {
		return nil, ocop.ErrNotFound()
	}
	return list[i], nil
}

// ownProduct loads a product its producer may change.
func (s *Service) ownProduct(ctx context.Context, u *ocop.User, productID int64) (*ocop.Product, error) {
	prod, err := s.Product(ctx, u, productID)
	if err != nil {
		return nil, err
	}
	if _, err := s.ownProducer(ctx, u, prod.ProducerID); err != nil {
		return nil, err
	}
	return prod, nil
}

// AddPhoto stores a photo of one of the producer's own products; the
// first photo becomes the main one. The file is written first and removed
// again if the row cannot be.
func (s *Service) AddPhoto(ctx context.Context, u *ocop.User, productID int64, caption, name string, file io.Reader) (*ocop.Photo, error) {
	prod, err := s.ownProduct(ctx, u, productID)
	if err != nil {
		return nil, err
	}
	existing, err := s.DB.PhotosOf(ctx, productID)
	if err != nil {
		return nil, err
	}
	ph := &ocop.Photo{ProductID: prod.ID, Caption: clean(caption), Main: len(existing) == 0}
	err = s.storeImage(ctx, u, imageUpload{name: name, file: file, caption: &ph.Caption, have: len(existing), max: MaxPhotos},
		func(tx *store.Tx, saved files.Saved, name string) error {
			ph.FileName, ph.FileKey, ph.ContentType, ph.Size, ph.SHA256 = name, saved.Key, saved.ContentType, saved.Size, saved.SHA256
			return tx.AddPhoto(ctx, prod, ph)
		})
	if err != nil {
		return nil, err
	}
	return ph, nil
}

// imageUpload is an uploaded photo: its file and name, its caption when
// the photo needs one, and how many photos its owner holds of at most max.
type imageUpload struct {
	name      string
	file      io.Reader
	caption   *string // nil: no caption asked
	have, max int
}

// storeImage checks an uploaded photo, saves it (sniffed and limited by
// internal/files) and writes its row with write in one audited
// transaction; the file is removed again if the row cannot be written.
// Product, site-visit and study-tour photos all go through it.
func (s *Service) storeImage(ctx context.Context, u *ocop.User, in imageUpload,
	write func(tx *store.Tx, saved files.Saved, name string) error) error {
	v := ocop.Validation{}
	name := clean(in.name)
	if in.caption != nil {
		checkRequired(v, "caption", *in.caption, 300)
	}
	if in.file == nil || name == "" {
		v.Add("file", "err.file_empty")
	}
	if in.have >= in.max {
		v.Add("file", "err.photo_count")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if s.Files == nil {
		return errNoFiles
	}
	saved, err := s.Files.SaveImage(in.file, name)
	if err != nil {
		return fieldError("file", err)
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return write(tx, saved, name) })
	if err != nil {
		s.Files.Remove(saved.Key)
	}
	return err
}

// SetMainPhoto chooses the main photo of one of the producer's products.
func (s *Service) SetMainPhoto(ctx context.Context, u *ocop.User, productID, id int64) error {
	prod, err := s.ownProduct(ctx, u, productID)
	if err != nil {
		return err
	}
	ph, err := s.photo(ctx, u, productID, id)
	if err != nil {
		return err
	}
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.SetMainPhoto(ctx, prod, ph) })
}

// DeletePhoto removes a photo; if it was the main one, the oldest
// remaining photo takes its place.
func (s *Service) DeletePhoto(ctx context.Context, u *ocop.User, productID, id int64) error {
	prod, err := s.ownProduct(ctx, u, productID)
	if err != nil {
		return err
	}
	list, err := s.DB.PhotosOf(ctx, productID)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(list, func(p *ocop.Photo) bool { return p.ID == id })
	if i < 0 {
		return ocop.ErrNotFound()
	}
	ph := list[i]
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error {
		if err := tx.DeletePhoto(ctx, prod, ph); err != nil {
			return err
		}
		if rest := slices.Delete(slices.Clone(list), i, i+1); ph.Main && len(rest) > 0 {
			return tx.SetMainPhoto(ctx, prod, rest[0])
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.Files.Remove(ph.FileKey); err != nil {
		s.Log.Warn("photo file left behind", "key", ph.FileKey, "err", err)
	}
	return nil
}
