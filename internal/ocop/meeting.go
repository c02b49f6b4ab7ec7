package ocop

import "time"

// Meeting is the record of a council's session for a round: when and
// where it met and what the minutes should add. Version 0 means none was
// recorded yet.
type Meeting struct {
	RoundID   int64     `json:"round_id"`
	Date      string    `json:"date"` // YYYY-MM-DD
	Place     string    `json:"place"`
	Notes     string    `json:"notes"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
	Version   int64     `json:"version"`
}
