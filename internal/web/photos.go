package web

import (
	"net/http"
	"strconv"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
)

func productURL(id int64) string { return "/san-pham/" + strconv.FormatInt(id, 10) }

// addPhoto reads the photo form (caption and file) of an upload request
// and stores the photo; scope is checked before the body is read.
func (s *Server) addPhoto(r *http.Request, u *ocop.User, id int64) (*ocop.Photo, error) {
	prod, err := s.svc.Product(r.Context(), u, id)
	if err != nil {
		return nil, err
	}
	if err := requireOwn(u, prod.ProducerID); err != nil {
		return nil, err
	}
	up, err := readUpload(r, "err.image_too_large")
	if err != nil {
		return nil, fileError(ocop.ErrorMessage(err))
	}
	defer up.Close()
	if up.Err != nil {
		return nil, up.Err
	}
	return s.svc.AddPhoto(r.Context(), u, id, r.PostForm.Get("caption"), up.Name, up.reader())
}

func (s *Server) photoUpload(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "product")
	if err != nil {
		return err
	}
	_, err = s.addPhoto(r, u, id)
	if ocop.ErrorCode(err) == ocop.EINVALID {
		return s.renderProduct(w, r, u, http.StatusUnprocessableEntity, s.page(r, u, "products.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, productURL(id)+"#anh", i18n.T("photo.saved"))
}

// photoIDs reads the product and photo of the path.
func photoIDs(r *http.Request) (product, photo int64, err error) {
	if product, err = pathID(r, "product"); err != nil {
		return 0, 0, err
	}
	photo, err = pathID(r, "photo")
	return product, photo, err
}

// photoGet sends a photo inline, only to those who may see the product.
func (s *Server) photoGet(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	pid, id, err := photoIDs(r)
	if err != nil {
		return err
	}
	ph, f, err := s.svc.PhotoFile(r.Context(), u, pid, id)
	if err != nil {
		return err
	}
	sendFile(w, r, "inline", ph.ContentType, ph.FileName, ph.CreatedAt, f)
	return nil
}

func (s *Server) photoMain(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	pid, id, err := photoIDs(r)
	if err != nil {
		return err
	}
	if err := s.svc.SetMainPhoto(r.Context(), u, pid, id); err != nil {
		return err
	}
	return s.redirect(w, r, productURL(pid)+"#anh", i18n.T("photo.main_set"))
}

func (s *Server) photoDelete(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	pid, id, err := photoIDs(r)
	if err != nil {
		return err
	}
	if err := s.svc.DeletePhoto(r.Context(), u, pid, id); err != nil {
		return err
	}
	return s.redirect(w, r, productURL(pid)+"#anh", i18n.T("photo.deleted"))
}

func (s *Server) apiPhotos(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "product")
	if err != nil {
		return err
	}
	list, err := s.svc.Photos(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(list, len(list)))
	return nil
}

func (s *Server) apiPhotoAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "product")
	if err != nil {
		return err
	}
	ph, err := s.addPhoto(r, u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, ph)
	return nil
}
