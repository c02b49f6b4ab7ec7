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
	DossierDraft      = "draft"
	DossierSubmitted  = "submitted"  // filed with the commune
	DossierReturned   = "returned"   // sent back to the producer with reasons; editable again
	DossierForwarded  = "forwarded"  // the commune reported to the province (Mẫu 03)
	DossierCompletion = "completion" // the province asked for completion; editable again, refiled via the commune
	DossierAccepted   = "accepted"   // taken into evaluation by the province (the evaluation issue goes on)
)

// Round is the provincial evaluation round a dossier forwarded on a day
// can still reach (QĐ 26/2026 Điều 5): round 1, decided by 30/6, takes
// dossiers the commune forwarded by 30/4; round 2, decided by 30/12, those
// forwarded by 30/10; later ones wait for round 1 of the next year.
func Round(forwarded time.Time, zone *time.Location) (year, round int) {
	t := forwarded.In(zone)
	y, m, d := t.Date()
	switch {
	case m <= 4:
		return y, 1
	case m < 10 || (m == 10 && d <= 30):
		return y, 2
	}
	return y + 1, 1
}

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

// Editable reports whether the producer may still change the dossier: a
// draft, or one sent back by the commune or the province.
func (d *Dossier) Editable() bool {
	return d.Status == DossierDraft || d.Status == DossierReturned || d.Status == DossierCompletion
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
