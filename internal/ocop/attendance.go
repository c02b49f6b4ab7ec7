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
