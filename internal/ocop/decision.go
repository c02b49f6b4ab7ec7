package ocop

import "time"

// Outcomes of a dossier in a recognition decision (QĐ 26/2026 Điều 4, 7).
const (
	OutcomeCertified = "certified" // 3★/4★ by the province, 5★ by the Ministry: a certificate
	OutcomeNone      = "none"      // 1★/2★: no recognition, no certificate
	OutcomeMinistry  = "ministry"  // 90 points or more: proposed to the Ministry for 5★
	// OutcomeProvince is the Ministry's result below 5★: the province may
	// recognise 3★/4★ from it (Điều 7 bước 4).
	OutcomeProvince = "province"
)

// Decision kinds: a round's own decision, or a province's decision taken
// from a Ministry round's result for its dossiers below 5★.
const (
	DecisionRound   = "round"
	DecisionCentral = "central"
)

// FiveStarTotal is the mean total from which a provincial council's
// dossier goes to the Ministry (Điều 7 bước 3e).
const FiveStarTotal = 90

// Decision is the recognition decision closing a round.
type Decision struct {
	ID      int64  `json:"id"`
	RoundID int64  `json:"round_id"`
	Kind    string `json:"kind"`
	// ProvinceCode is the deciding province, "" for the Minister.
	ProvinceCode string     `json:"province_code"`
	Number       string     `json:"number"`
	Date         string     `json:"decision_date"` // YYYY-MM-DD
	Signer       string     `json:"signer"`
	CreatedAt    time.Time  `json:"created_at"`
	Outcomes     []*Outcome `json:"outcomes"`
}

// Outcome is what a decision says of one dossier.
type Outcome struct {
	DossierID     int64   `json:"dossier_id"`
	Total         float64 `json:"total"`
	Stars         int     `json:"stars"`
	Outcome       string  `json:"outcome"`
	CertificateID int64   `json:"certificate_id,omitempty"`
	// Certificate is the certificate issued, when read with the decision.
	Certificate *Certificate `json:"certificate,omitempty"`
}

// MinistryProposal is the province's letter proposing a dossier of 90
// points or more to the Ministry for 5★ (Điều 6.3, 7 bước 3e).
type MinistryProposal struct {
	DossierID    int64     `json:"dossier_id"`
	N            int       `json:"n"` // the dossier's letters are numbered from 1; the newest counts
	ProvinceCode string    `json:"province_code"`
	LetterNo     string    `json:"letter_no"`
	LetterDate   string    `json:"letter_date"` // YYYY-MM-DD
	Signer       string    `json:"signer"`
	SentBy       int64     `json:"sent_by"`
	SentAt       time.Time `json:"sent_at"`
}

// Statuses of the Ministry's request for additions: open (with the
// province), passed to the producer, refiled by the producer with the
// province, closed by the province's new letter.
const (
	AdditionsOpen    = "open"
	AdditionsPassed  = "passed"
	AdditionsRefiled = "refiled"
	AdditionsClosed  = "closed"
)

// MinistryAdditions is the Ministry's letter to a province's People's
// Committee asking for additions to a dossier proposed for 5★ (QĐ
// 26/2026 Điều 7 bước 4): what is missing and the deadline in working
// days.
type MinistryAdditions struct {
	ID           int64     `json:"id"`
	DossierID    int64     `json:"dossier_id"`
	RoundID      int64     `json:"round_id"`
	ProvinceCode string    `json:"province_code"`
	LetterNo     string    `json:"letter_no"`   // optional
	LetterDate   string    `json:"letter_date"` // YYYY-MM-DD
	Content      string    `json:"content"`
	WorkingDays  int       `json:"working_days"`
	DueOn        string    `json:"due_on"` // YYYY-MM-DD
	Status       string    `json:"status"`
	RequestedBy  int64     `json:"requested_by"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Version      int64     `json:"version"`
}
