package ocop

import "time"

// DocumentKinds are the papers a producer keeps once (QĐ 26/2026 dossier
// list and the criteria that ask for evidence).
var DocumentKinds = []string{
	"dang_ky_kinh_doanh", // business registration
	"attp",               // food-safety facility certificate
	"giay_phep",          // production licence
	"so_huu_tri_tue",     // trademark, geographical indication, collective mark
	"chung_nhan",         // VietGAP, organic, ISO, HACCP…
	"kiem_nghiem",        // lab test report
	"khac",
}

// ValidDocumentKind reports whether k is one of DocumentKinds.
func ValidDocumentKind(k string) bool {
	for _, x := range DocumentKinds {
		if x == k {
			return true
		}
	}
	return false
}

// ExpiryWarningDays is how long before expiry a document is flagged.
const ExpiryWarningDays = 60

// Document is a producer's document with its validity.
type Document struct {
	ID           int64     `json:"id"`
	ProducerID   int64     `json:"producer_id"`
	CommuneCode  string    `json:"commune_code"`
	ProvinceCode string    `json:"province_code"`
	Kind         string    `json:"kind"`
	Title        string    `json:"title"`
	Number       string    `json:"number"`
	Issuer       string    `json:"issuer"`
	IssuedOn     string    `json:"issued_on"`  // YYYY-MM-DD or ""
	ExpiresOn    string    `json:"expires_on"` // YYYY-MM-DD or "" (no expiry)
	FileName     string    `json:"file_name"`
	FileKey      string    `json:"-"`
	ContentType  string    `json:"content_type"`
	Size         int64     `json:"size"`
	SHA256       string    `json:"sha256"`
	CreatedAt    time.Time `json:"created_at"`
}

// Validity says where a document stands on a day: "valid", "expiring"
// (within ExpiryWarningDays), "expired" or "" when it has no expiry date.
func (d *Document) Validity(today time.Time) (state string, daysLeft int) {
	if d.ExpiresOn == "" {
		return "", 0
	}
	exp, err := time.ParseInLocation("2006-01-02", d.ExpiresOn, today.Location())
	if err != nil {
		return "", 0
	}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, today.Location())
	daysLeft = int(exp.Sub(day).Hours() / 24)
	switch {
	case daysLeft < 0:
		return "expired", daysLeft
	case daysLeft <= ExpiryWarningDays:
		return "expiring", daysLeft
	}
	return "valid", daysLeft
}
