package ocop

import "time"

// Pre-screening verdicts of the advisory team on a dossier (QĐ 26/2026
// Điều 7.3.c): fit for the council, needs additions, not eligible.
const (
	VerdictEligible   = "eligible"
	VerdictNeedsMore  = "needs_more"
	VerdictIneligible = "ineligible"
)

// Verdicts lists the verdicts in the order the form offers them.
var Verdicts = []string{VerdictEligible, VerdictNeedsMore, VerdictIneligible}

// Lab request statuses.
const (
	LabRequested = "requested"
	LabReceived  = "received"
)

// AdvisoryNote is a team member's note on a dossier.
type AdvisoryNote struct {
	ID        int64     `json:"id"`
	RoundID   int64     `json:"round_id"`
	DossierID int64     `json:"dossier_id"`
	UserID    int64     `json:"user_id"`
	Author    string    `json:"author"`
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// SiteVisit is a survey at the producer's place (khảo sát thực tế).
type SiteVisit struct {
	ID           int64         `json:"id"`
	RoundID      int64         `json:"round_id"`
	DossierID    int64         `json:"dossier_id"`
	Date         string        `json:"visit_date"` // YYYY-MM-DD
	Place        string        `json:"place"`
	Participants string        `json:"participants"`
	Findings     string        `json:"findings"`
	CreatedBy    int64         `json:"created_by"`
	CreatedAt    time.Time     `json:"created_at"`
	Photos       []*VisitPhoto `json:"photos"`
}

// VisitPhoto is a photo taken on a site visit.
type VisitPhoto struct {
	ID          int64     `json:"id"`
	VisitID     int64     `json:"visit_id"`
	FileName    string    `json:"file_name"`
	FileKey     string    `json:"-"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
}

// LabRequest asks a laboratory for an extra test ("nếu cần").
type LabRequest struct {
	ID           int64     `json:"id"`
	RoundID      int64     `json:"round_id"`
	DossierID    int64     `json:"dossier_id"`
	What         string    `json:"what"`
	Lab          string    `json:"lab"`
	Deadline     string    `json:"deadline"` // YYYY-MM-DD
	Status       string    `json:"status"`
	ResultNote   string    `json:"result_note"`
	ResultName   string    `json:"result_file_name"`
	ResultKey    string    `json:"-"`
	ResultType   string    `json:"result_content_type"`
	ResultSize   int64     `json:"result_size"`
	ResultSHA256 string    `json:"result_sha256"`
	RequestedBy  int64     `json:"requested_by"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Version      int64     `json:"version"`
}

// AdvisoryVerdict is the team's pre-screening verdict on a dossier.
type AdvisoryVerdict struct {
	RoundID   int64     `json:"round_id"`
	DossierID int64     `json:"dossier_id"`
	Verdict   string    `json:"verdict"`
	Reasons   string    `json:"reasons"`
	UserID    int64     `json:"user_id"`
	UpdatedAt time.Time `json:"updated_at"`
	Version   int64     `json:"version"`
}

// AdvisoryReport is the team's report to the council chair; after it the
// review is read-only.
type AdvisoryReport struct {
	RoundID     int64     `json:"round_id"`
	Summary     string    `json:"summary"`
	SubmittedBy int64     `json:"submitted_by"`
	SubmittedAt time.Time `json:"submitted_at"`
}
