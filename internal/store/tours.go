package store

import (
	"context"
	"database/sql"

	"github.com/ocopvn/ocop/internal/ocop"
)

// Study-tour stops and photos are audited on the course.

const stopColumns = `s.id, s.course_id, s.stop_date, s.stop_time, s.sort_order, s.kind, COALESCE(s.producer_id, 0),
	COALESCE(pr.name, ''), COALESCE(s.product_id, 0), COALESCE(p.name, ''), s.place_name, s.address, s.notes,
	s.created_by, s.created_at`

// A product stop names its producer too.
const stopFrom = ` FROM study_tour_stops s LEFT JOIN products p ON p.id = s.product_id
	LEFT JOIN producers pr ON pr.id = COALESCE(s.producer_id, p.producer_id)`

func scanStop(sc scanner) (*ocop.TourStop, error) {
	var st ocop.TourStop
	var by sql.NullInt64
	err := sc.Scan(&st.ID, &st.CourseID, &st.Date, &st.Time, &st.Order, &st.Kind, &st.ProducerID, &st.ProducerName,
		&st.ProductID, &st.ProductName, &st.PlaceName, &st.Address, &st.Notes, &by, &st.CreatedAt)
	st.CreatedBy, st.Photos = by.Int64, []*ocop.TourPhoto{}
	return &st, err
}

// TourStops lists a course's itinerary in visiting order, with photos.
func (db *DB) TourStops(ctx context.Context, courseID int64) ([]*ocop.TourStop, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT `+stopColumns+stopFrom+` WHERE s.course_id = $1
		ORDER BY s.stop_date, s.sort_order, s.stop_time, s.id`, courseID)
	stops, err := collect(rows, err, scanStop)
	if err != nil || len(stops) == 0 {
		return stops, err
	}
	rows, err = db.sql.QueryContext(ctx, `SELECT `+tourPhotoColumns+` FROM study_tour_photos WHERE stop_id IN
		(SELECT id FROM study_tour_stops WHERE course_id = $1) ORDER BY id`, courseID)
	photos, err := collect(rows, err, scanTourPhoto)
	if err != nil {
		return nil, err
	}
	by := map[int64]*ocop.TourStop{}
	for _, st := range stops {
		by[st.ID] = st
	}
	for _, ph := range photos {
		by[ph.StopID].Photos = append(by[ph.StopID].Photos, ph)
	}
	return stops, nil
}

// AddTourStop adds a stop to a course's itinerary.
func (tx *Tx) AddTourStop(ctx context.Context, c *ocop.Course, st *ocop.TourStop) error {
	st.CourseID, st.CreatedAt = c.ID, tx.now
	id, err := tx.insertID(ctx, `INSERT INTO study_tour_stops (course_id, stop_date, stop_time, sort_order, kind,
		producer_id, product_id, place_name, address, notes, created_by, created_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`, c.ID, st.Date, st.Time, st.Order, st.Kind, nullID(st.ProducerID),
		nullID(st.ProductID), st.PlaceName, st.Address, st.Notes, nullID(st.CreatedBy), tx.now)
	if err != nil {
		return err
	}
	st.ID = id
	return tx.Audit(ctx, "training.tour_stop_add", "course", c.ID, c.ProvinceCode, nil, st)
}

// DeleteTourStop removes a stop and its photos' rows (the files stay in
// the store; the audit row names them).
func (tx *Tx) DeleteTourStop(ctx context.Context, c *ocop.Course, st *ocop.TourStop) error {
	if _, err := tx.exec(ctx, `DELETE FROM study_tour_photos WHERE stop_id = $1`, st.ID); err != nil {
		return err
	}
	if err := expectOne(tx.exec(ctx, `DELETE FROM study_tour_stops WHERE id = $1 AND course_id = $2`, st.ID,
		c.ID)); err != nil {
		return err
	}
	return tx.Audit(ctx, "training.tour_stop_delete", "course", c.ID, c.ProvinceCode, st, nil)
}

const tourPhotoColumns = `id, stop_id, caption, file_name, file_key, content_type, size, sha256, created_by, created_at`

func scanTourPhoto(sc scanner) (*ocop.TourPhoto, error) {
	var ph ocop.TourPhoto
	var by sql.NullInt64
	err := sc.Scan(&ph.ID, &ph.StopID, &ph.Caption, &ph.FileName, &ph.FileKey, &ph.ContentType, &ph.Size, &ph.SHA256,
		&by, &ph.CreatedAt)
	ph.CreatedBy = by.Int64
	return &ph, err
}

// AddTourPhoto records a photo of a stop.
func (tx *Tx) AddTourPhoto(ctx context.Context, c *ocop.Course, ph *ocop.TourPhoto) error {
	ph.CreatedAt = tx.now
	id, err := tx.insertID(ctx, `INSERT INTO study_tour_photos (stop_id, caption, file_name, file_key, content_type,
		size, sha256, created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)`, ph.StopID, ph.Caption, ph.FileName,
		ph.FileKey, ph.ContentType, ph.Size, ph.SHA256, nullID(ph.CreatedBy), tx.now)
	if err != nil {
		return err
	}
	ph.ID = id
	return tx.Audit(ctx, "training.tour_photo_add", "course", c.ID, c.ProvinceCode, nil, ph)
}
