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
	DossierDecided    = "decided"    // the round's recognition decision was made (certified or not)
	DossierMinistry   = "ministry"   // 90 points or more: proposed to the Ministry for 5★
	DossierCentral    = "central"    // the Ministry's result is below 5★: the province may recognise 3★/4★ from it
	// DossierAdditions: the Ministry asked for additions by letter; the
	// province holds the dossier, before passing it to the producer and
	// again once the producer refiled it, until its new letter.
	DossierAdditions = "additions"
)

// DossierStatuses lists the statuses in the order a dossier moves.
var DossierStatuses = []string{DossierDraft, DossierSubmitted, DossierReturned, DossierForwarded, DossierCompletion,
	DossierAccepted, DossierMinistry, DossierAdditions, DossierCentral, DossierDecided}

// AwaitsAdditions reports whether a dossier in a round waits for
// additions (asked by the province or the Ministry): it cannot be scored,
// and leaves the round undecided when the round is decided.
func (d *Dossier) AwaitsAdditions() bool {
	switch d.Status {
	case DossierDraft, DossierSubmitted, DossierReturned, DossierForwarded, DossierCompletion, DossierAdditions:
		return true
	}
	return false
}

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

// RoundWindow is when a dossier must have been forwarded to reach a round:
// [from, to) in zone, the inverse of Round.
func RoundWindow(year, round int, zone *time.Location) (from, to time.Time) {
	if round == 1 {
		return time.Date(year-1, 10, 31, 0, 0, 0, 0, zone), time.Date(year, 5, 1, 0, 0, 0, 0, zone)
	}
	return time.Date(year, 5, 1, 0, 0, 0, 0, zone), time.Date(year, 10, 31, 0, 0, 0, 0, zone)
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
	SelfReport   string    `json:"-"` // SelfReport as JSON
	// Late marks a re-rating filed after the window closed (fewer than 120
	// days before the certificate expires).
	Late bool `json:"late"`
}

// Editable reports whether the producer may still change the dossier: a
// draft, or one sent back by the commune or the province.
func (d *Dossier) Editable() bool {
	return d.Status == DossierDraft || d.Status == DossierReturned || d.Status == DossierCompletion
}

// Filed reports whether the dossier was ever submitted. Until then it is
// the producer's working copy: the commune receives a dossier when it is
// filed (QĐ 26/2026 Điều 7.1), so officers see nothing of it before.
func (d *Dossier) Filed() bool { return !d.SubmittedAt.IsZero() }

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

// SelfReport holds what Mẫu 02 (Báo cáo tự đánh giá về sản phẩm, Phụ lục
// III of QĐ 26/2026) asks beyond the producer's profile and the part III
// self-assessment: the history of part I, the results of the production
// and business plan (part II) and the plan ahead (part IV).
type SelfReport struct {
	History     string       `json:"history"`      // I. lịch sử hình thành và phát triển
	RawMaterial string       `json:"raw_material"` // II.1 vùng nguyên liệu
	Technology  string       `json:"technology"`   // II.1 công nghệ, thiết bị
	Changes     string       `json:"changes"`      // II.2 thay đổi chất lượng, bao bì, nhãn
	Market      string       `json:"market"`       // II.3 thị trường tiêu thụ
	Results     []YearResult `json:"results"`      // II.4 sản lượng, doanh thu, lợi nhuận
	PlanGoals   string       `json:"plan_goals"`   // IV. mục tiêu
	PlanMarket  string       `json:"plan_market"`  // IV. phát triển thị trường
	PlanInvest  string       `json:"plan_invest"`  // IV. đầu tư, nguồn lực
}

// YearResult is one year of part II's output, revenue and profit (VND).
type YearResult struct {
	Year    int    `json:"year"`
	Output  string `json:"output"` // e.g. "12 tấn"
	Revenue int64  `json:"revenue"`
	Profit  int64  `json:"profit"`
}

// DossierVersion is a dossier as it was on one submission: the sheet,
// the Mẫu 02 report and the list of evidence files (by content hash).
type DossierVersion struct {
	DossierID   int64         `json:"dossier_id"`
	N           int           `json:"n"`
	SubmittedAt time.Time     `json:"submitted_at"`
	SubmittedBy int64         `json:"submitted_by"`
	Sheet       string        `json:"sheet"`
	SelfReport  string        `json:"self_report"`
	Evidence    []EvidenceRef `json:"evidence"`
}

// EvidenceRef names an evidence file in a kept version.
type EvidenceRef struct {
	ID        int64  `json:"id"`
	Criterion string `json:"criterion"`
	FileName  string `json:"file_name"`
	SHA256    string `json:"sha256"`
	Size      int64  `json:"size"`
}
