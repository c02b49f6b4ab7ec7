package service

import (
	"context"
	"io"
	"os"
	"slices"

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
	v := ocop.Validation{}
	caption, name = clean(caption), clean(name)
	checkRequired(v, "caption", caption, 300)
	if file == nil || name == "" {
		v.Add("file", "err.file_empty")
	}
	existing, err := s.DB.PhotosOf(ctx, productID)
	if err != nil {
		return nil, err
	}
	if len(existing) >= MaxPhotos {
		v.Add("file", "err.photo_count")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if s.Files == nil {
		return nil, errNoFiles
	}
	saved, err := s.Files.SaveImage(file, name)
	if err != nil {
		return nil, fieldError("file", err)
	}
	ph := &ocop.Photo{ProductID: prod.ID, FileName: name, FileKey: saved.Key, ContentType: saved.ContentType,
		Size: saved.Size, SHA256: saved.SHA256, Caption: caption, Main: len(existing) == 0}
	if err := s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddPhoto(ctx, prod, ph) }); err != nil {
		s.Files.Remove(saved.Key)
		return nil, err
	}
	return ph, nil
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
