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

// Study tours (issue 6 item 6): a course of type study_tour has an
// itinerary of stops — producers and products of the platform the
// manager may see, or other places such as OCOP sales points — with notes
// and photos. Whoever sees the course sees its itinerary.

// MaxTourPhotos is how many photos a stop keeps.
const MaxTourPhotos = 12

// TourStops lists a course's itinerary for those who see the course.
func (s *Service) TourStops(ctx context.Context, u *ocop.User, courseID int64) ([]*ocop.TourStop, error) {
	if _, err := s.course(ctx, u, courseID); err != nil {
		return nil, err
	}
	return s.DB.TourStops(ctx, courseID)
}

// TourStopInput is the stop form; the JSON names are the API's.
type TourStopInput struct {
	Date       string `json:"stop_date"` // dd/mm/yyyy or yyyy-mm-dd
	Time       string `json:"stop_time"` // HH:MM, optional
	Order      int    `json:"sort_order"`
	Kind       string `json:"kind"`
	ProducerID int64  `json:"producer_id"`
	ProductID  int64  `json:"product_id"`
	PlaceName  string `json:"place_name"`
	Address    string `json:"address"`
	Notes      string `json:"notes"`
}

// AddTourStop adds a stop to a study tour the manager manages.
func (s *Service) AddTourStop(ctx context.Context, u *ocop.User, courseID int64, in TourStopInput) (*ocop.TourStop, error) {
	c, err := s.managedCourse(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	if c.Type != ocop.CourseStudyTour {
		return nil, ocop.Errorf(ocop.ECONFLICT, "err.tour_not_study_tour")
	}
	st, err := s.stopFrom(ctx, u, c, in)
	if err != nil {
		return nil, err
	}
	err = s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.AddTourStop(ctx, c, st) })
	return st, err
}

func (s *Service) stopFrom(ctx context.Context, u *ocop.User, c *ocop.Course, in TourStopInput) (*ocop.TourStop, error) {
	v := ocop.Validation{}
	st := &ocop.TourStop{Time: clean(in.Time), Order: in.Order, Kind: in.Kind, PlaceName: clean(in.PlaceName),
		Address: clean(in.Address), Notes: clean(in.Notes), CreatedBy: u.ID}
	st.Date = requiredDay(v, "stop_date", in.Date)
	if st.Date != "" && (st.Date < c.StartDate || st.Date > c.EndDate) {
		v.Add("stop_date", "err.training_session_date")
	}
	if st.Time != "" && !clockRe.MatchString(st.Time) {
		v.Add("stop_time", "err.training_time")
	}
	switch st.Kind {
	case ocop.StopProducer:
		p, err := s.Producer(ctx, u, in.ProducerID)
		if err != nil {
			v.Add("producer_id", "err.tour_not_visible")
		} else {
			st.ProducerID, st.ProducerName = p.ID, p.Name
		}
	case ocop.StopProduct:
		p, err := s.Product(ctx, u, in.ProductID)
		if err != nil {
			v.Add("product_id", "err.tour_not_visible")
		} else {
			st.ProductID, st.ProductName, st.ProducerName = p.ID, p.Name, p.ProducerName
		}
	case ocop.StopPlace:
		checkRequired(v, "place_name", st.PlaceName, 300)
	default:
		v.Add("kind", "err.choose")
	}
	if len([]rune(st.Address)) > 500 {
		v.Add("address", "err.too_long")
	}
	if len([]rune(st.Notes)) > 4000 {
		v.Add("notes", "err.too_long")
	}
	return st, v.Err()
}

// tourStop loads a stop of a course.
func (s *Service) tourStop(ctx context.Context, courseID, stopID int64) (*ocop.TourStop, error) {
	stops, err := s.DB.TourStops(ctx, courseID)
	if err != nil {
		return nil, err
	}
	i := slices.IndexFunc(stops, func(st *ocop.TourStop) bool { return st.ID == stopID })
	if i < 0 {
		return nil, ocop.ErrNotFound()
	}
	return stops[i], nil
}

// DeleteTourStop removes a stop with its photos.
func (s *Service) DeleteTourStop(ctx context.Context, u *ocop.User, courseID, stopID int64) error {
	c, err := s.managedCourse(ctx, u, courseID)
	if err != nil {
		return err
	}
	st, err := s.tourStop(ctx, c.ID, stopID)
	if err != nil {
		return err
	}
	return s.DB.Update(ctx, ocop.ActorOf(u), func(tx *store.Tx) error { return tx.DeleteTourStop(ctx, c, st) })
}

// AddTourPhoto stores a photo of a stop (sniffed and limited by
// internal/files); the file is removed again if the row cannot be written.
func (s *Service) AddTourPhoto(ctx context.Context, u *ocop.User, courseID, stopID int64, caption, name string, file io.Reader) (*ocop.TourPhoto, error) {
	c, err := s.managedCourse(ctx, u, courseID)
	if err != nil {
		return nil, err
	}
	st, err := s.tourStop(ctx, c.ID, stopID)
	if err != nil {
		return nil, err
	}
	ph := &ocop.TourPhoto{StopID: st.ID, Caption: clean(caption), CreatedBy: u.ID}
	err = s.storeImage(ctx, u, imageUpload{name: name, file: file, caption: &ph.Caption, have: len(st.Photos), max: MaxTourPhotos},
		func(tx *store.Tx, saved files.Saved, name string) error {
			ph.FileName, ph.FileKey, ph.ContentType, ph.Size, ph.SHA256 = name, saved.Key, saved.ContentType, saved.Size, saved.SHA256
			return tx.AddTourPhoto(ctx, c, ph)
		})
	if err != nil {
		return nil, err
	}
	return ph, nil
}

// TourPhotoFile opens a stop's photo for those who see the course.
func (s *Service) TourPhotoFile(ctx context.Context, u *ocop.User, courseID, stopID, photoID int64) (*ocop.TourPhoto, *os.File, error) {
	if _, err := s.course(ctx, u, courseID); err != nil {
		return nil, nil, err
	}
	st, err := s.tourStop(ctx, courseID, stopID)
	if err != nil {
		return nil, nil, err
	}
	i := slices.IndexFunc(st.Photos, func(ph *ocop.TourPhoto) bool { return ph.ID == photoID })
	if i < 0 {
		return nil, nil, ocop.ErrNotFound()
	}
	if s.Files == nil {
		return nil, nil, errNoFiles
	}
	f, err := s.Files.Get(st.Photos[i].FileKey)
	return st.Photos[i], f, err
}
