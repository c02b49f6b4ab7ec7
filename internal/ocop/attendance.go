package ocop

import "time"

// Attendance methods: the trainee scanned the session's QR code, or the
// organiser marked it by hand (with a reason).
const (
	AttendQR     = "qr"
	AttendManual = "manual"
)

// Attendance is one trainee's mark for one session.
type Attendance struct {
	ID          int64     `json:"id"`
	SessionID   int64     `json:"session_id"`
	EnrolmentID int64     `json:"enrolment_id"`
	Present     bool      `json:"present"`
	Method      string    `json:"method"`
	Reason      string    `json:"reason,omitempty"`
	MarkedBy    int64     `json:"marked_by,omitempty"`
	MarkedAt    time.Time `json:"marked_at"`
	Version     int64     `json:"version"`
}

// Study-tour stop kinds: a producer or a product of the platform, or
// another place (an OCOP sales point) in free text.
const (
	StopProducer = "producer"
	StopProduct  = "product"
	StopPlace    = "place"
)

// StopKinds lists the stop kinds in display order.
var StopKinds = []string{StopProducer, StopProduct, StopPlace}

// TourStop is one visit of a study tour's itinerary. Names are filled by
// the store from the producer and product the stop points to.
type TourStop struct {
	ID           int64        `json:"id"`
	CourseID     int64        `json:"course_id"`
	Date         string       `json:"stop_date"` // YYYY-MM-DD
	Time         string       `json:"stop_time"` // HH:MM or ""
	Order        int          `json:"sort_order"`
	Kind         string       `json:"kind"`
	ProducerID   int64        `json:"producer_id,omitempty"`
	ProducerName string       `json:"producer_name,omitempty"`
	ProductID    int64        `json:"product_id,omitempty"`
	ProductName  string       `json:"product_name,omitempty"`
	PlaceName    string       `json:"place_name,omitempty"`
	Address      string       `json:"address,omitempty"`
	Notes        string       `json:"notes,omitempty"`
	Photos       []*TourPhoto `json:"photos"`
	CreatedBy    int64        `json:"created_by,omitempty"`
	CreatedAt    time.Time    `json:"created_at"`
}

// TourPhoto is a photo taken at a stop.
type TourPhoto struct {
	ID          int64     `json:"id"`
	StopID      int64     `json:"stop_id"`
	Caption     string    `json:"caption"`
	FileName    string    `json:"file_name"`
	FileKey     string    `json:"-"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedBy   int64     `json:"created_by,omitempty"`
	CreatedAt   time.Time `json:"created_at"`
}
