package web

import (
	"net/http"
	"strconv"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// Study tours (issue 6 item 6): the itinerary on the course page, its
// stop form and photos.

// tourView is the itinerary part of a study tour's page; nil for other
// courses.
type tourView struct {
	Stops     []*ocop.TourStop
	Kinds     []option
	Producers []option // those the manager may see, for the stop form
	Products  []option
}

// maxTourChoices bounds the producer and product lists of the stop form.
const maxTourChoices = 500

func (s *Server) tourView(r *http.Request, u *ocop.User, cv *service.CourseView) (*tourView, error) {
	if cv.Course.Type != ocop.CourseStudyTour {
		return nil, nil
	}
	stops, err := s.svc.TourStops(r.Context(), u, cv.Course.ID)
	if err != nil {
		return nil, err
	}
	v := &tourView{Stops: stops}
	if !cv.Manages {
		return v, nil
	}
	for _, k := range ocop.StopKinds {
		v.Kinds = append(v.Kinds, option{k, i18n.T("tour.kind." + k)})
	}
	if !u.Can(ocop.PermProducerView) {
		return v, nil // a trainer names places in free text
	}
	producers, _, err := s.svc.Producers(r.Context(), u, store.ProducerFilter{Limit: maxTourChoices})
	if err != nil {
		return nil, err
	}
	for _, p := range producers {
		v.Producers = append(v.Producers, option{strconv.FormatInt(p.ID, 10), p.Name})
	}
	products, _, err := s.svc.Products(r.Context(), u, store.ProductFilter{Limit: maxTourChoices})
	if err != nil {
		return nil, err
	}
	for _, p := range products {
		v.Products = append(v.Products, option{strconv.FormatInt(p.ID, 10), p.Name + " — " + p.ProducerName})
	}
	return v, nil
}

func tourStopInput(r *http.Request) service.TourStopInput {
	f := r.PostForm
	id := func(k string) int64 { n, _ := strconv.ParseInt(f.Get(k), 10, 64); return n }
	order, _ := strconv.Atoi(f.Get("sort_order"))
	return service.TourStopInput{Date: f.Get("stop_date"), Time: f.Get("stop_time"), Order: order, Kind: f.Get("kind"),
		ProducerID: id("producer_id"), ProductID: id("product_id"), PlaceName: f.Get("place_name"),
		Address: f.Get("address"), Notes: f.Get("notes")}
}

func (s *Server) tourStopAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.courseAction(w, r, u, "tour.stop_added", func(id int64) (string, error) {
		_, err := s.svc.AddTourStop(r.Context(), u, id, tourStopInput(r))
		return "", err
	})
}

func (s *Server) tourStopDelete(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.courseAction(w, r, u, "tour.stop_deleted", func(id int64) (string, error) {
		stop, err := pathID(r, "stop")
		if err != nil {
			return "", err
		}
		return "", s.svc.DeleteTourStop(r.Context(), u, id, stop)
	})
}

// tourPhotoUpload stores a photo of a stop; scope is checked before the
// body is read.
func (s *Server) tourPhotoUpload(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	stop, err := pathID(r, "stop")
	if err != nil {
		return err
	}
	if cv, err := s.svc.Course(r.Context(), u, id); err != nil {
		return err
	} else if !cv.Manages {
		return ocop.ErrNotFound()
	}
	err = s.addTourPhoto(r, u, id, stop)
	if onField(err) {
		return s.renderCourse(w, r, u, http.StatusUnprocessableEntity,
			s.page(r, u, "training.course").withInput(r, err), nil)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, courseURL(id)+"#lich-trinh", i18n.T("tour.photo_saved"))
}

func (s *Server) addTourPhoto(r *http.Request, u *ocop.User, course, stop int64) error {
	up, err := readUpload(r, "err.image_too_large")
	if err != nil {
		return fileError(ocop.ErrorMessage(err))
	}
	defer up.Close()
	if up.Err != nil {
		return up.Err
	}
	_, err = s.svc.AddTourPhoto(r.Context(), u, course, stop, r.PostForm.Get("caption"), up.Name, up.reader())
	return err
}

// tourPhotoGet sends a stop's photo to those who see the course.
func (s *Server) tourPhotoGet(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var ids [3]int64
	for i, name := range []string{"course", "stop", "tourphoto"} {
		var err error
		if ids[i], err = pathID(r, name); err != nil {
			return err
		}
	}
	ph, f, err := s.svc.TourPhotoFile(r.Context(), u, ids[0], ids[1], ids[2])
	if err != nil {
		return err
	}
	sendFile(w, r, "inline", ph.ContentType, ph.FileName, ph.CreatedAt, f)
	return nil
}

func (s *Server) apiItinerary(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	stops, err := s.svc.TourStops(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(stops, len(stops)))
	return nil
}

func (s *Server) apiTourStopAdd(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "course")
	if err != nil {
		return err
	}
	if _, err := s.svc.Course(r.Context(), u, id); err != nil {
		return err // someone else's course is not found, whatever the body
	}
	var in service.TourStopInput
	if err := decode(r, &in); err != nil {
		return err
	}
	st, err := s.svc.AddTourStop(r.Context(), u, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, st)
	return nil
}
