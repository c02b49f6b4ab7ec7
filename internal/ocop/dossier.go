package ocop

import "time"

// Dossier kinds (QĐ 26/2026 Điều 6.1): first rating, upgrade, re-rating.
const (
	DossierFirst    = "first"
	DossierUpgrade  = "upgrade"
	DossierRerating = "rerating"
)

// Dossier statuses so far: the producer drafts, then submits to the
// commune. The commune and province steps extend this.
const (
	DossierDraft     = "draft"
	DossierSubmitted = "submitted" // filed with the commune
	DossierReturned  = "returned"  // sent back to the producer with reasons; editable again
	DossierForwarded = "forwarded" // the commune reported to the province (Mẫu 03)
)

// CommuneReport is the commune's assessment of Mẫu 03 (QĐ 26/2026 Điều
// 7.2): local raw material, local labour, origin of the idea, local
// identity, and the consultation meeting if one was held.
type CommuneReport struct {
	RawMaterial string `json:"raw_material"`
	Labour      string `json:"labour"`
	IdeaOrigin  string `json:"idea_origin"`
	Identity    string `json:"identity"`
	MeetingOn   string `json:"meeting_on,omitempty"` // YYYY-MM-DD
	Attendees   string `json:"attendees,omitempty"`
	Conclusion  string `json:"conclusion,omitempty"`
}

// Dossier is a product's OCOP dossier.
type Dossier struct {
	ID           int64     `json:"id"`
	ProductID    int64     `json:"product_id"`
	ProducerID   int64     `json:"producer_id"`
	CommuneCode  string    `json:"commune_code"`
	ProvinceCode string    `json:"province_code"`
	Kind         string    `json:"kind"`
	Decision     string    `json:"decision"`
	Card         int       `json:"card"`
	Status       string    `json:"status"`
	Sheet        string    `json:"-"` // the self-assessment, rulebook.Sheet as JSON
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	SubmittedAt  time.Time `json:"submitted_at,omitzero"`
	Version      int64     `json:"version"`
	ReceiptNo    string    `json:"receipt_no"`
	ReceivedAt   time.Time `json:"received_at,omitzero"`
	Report       string    `json:"-"` // CommuneReport as JSON
	ReturnReason string    `json:"return_reason"`
	ForwardedAt  time.Time `json:"forwarded_at,omitzero"`
}

// Evidence is a file proving one criterion of a dossier.
type Evidence struct {
	ID          int64     `json:"id"`
	DossierID   int64     `json:"dossier_id"`
	Criterion   string    `json:"criterion"`
	FileName    string    `json:"file_name"`
	FileKey     string    `json:"-"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	CreatedAt   time.Time `json:"created_at"`
}
