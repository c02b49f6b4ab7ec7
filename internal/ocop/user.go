package ocop

import (
	"strings"
	"time"
)

// User is an account. Staff act inside Scope; a producer account belongs to
// one producer (ProducerID) and is scoped to that producer's commune.
type User struct {
	ID                 int64      `json:"id"`
	Username           string     `json:"username"`
	FullName           string     `json:"full_name"`
	Email              string     `json:"email"`
	Phone              string     `json:"phone"`
	Role               Role       `json:"role"`
	Scope              Scope      `json:"scope"`
	ProducerID         int64      `json:"producer_id,omitempty"`
	Status             UserStatus `json:"status"`
	MustChangePassword bool       `json:"must_change_password"`
	CreatedAt          time.Time  `json:"created_at"`
	UpdatedAt          time.Time  `json:"updated_at"`
	LastLoginAt        time.Time  `json:"last_login_at,omitzero"`
	Version            int64      `json:"version"`
}

// Active reports whether the account may act beyond its own home page.
func (u *User) Active() bool { return u != nil && u.Status == UserActive }

// Can reports whether the user may use a permission at all.
func (u *User) Can(p Perm) bool {
	if p == PermPublic {
		return true
	}
	if u == nil {
		return false
	}
	if p == PermSignedIn {
		return true
	}
	if p.National() && u.Scope.Level != LevelCountry {
		return false
	}
	return u.Active() && u.Role.Can(p)
}

// Actor identifies who makes a change, for the audit trail.
type Actor struct {
	UserID int64 // 0 for the system itself
	Name   string
}

// System is the actor for start-up seeding and command-line tools.
var System = Actor{Name: "hệ thống"}

// ActorOf returns the audit actor for a user.
func ActorOf(u *User) Actor {
	if u == nil {
		return Actor{Name: "khách"}
	}
	return Actor{UserID: u.ID, Name: u.Username}
}

// Producer is an OCOP producer (chủ thể OCOP).
type Producer struct {
	ID             int64  `json:"id"`
	Name           string `json:"name"`
	LegalType      string `json:"legal_type"`
	RegistrationNo string `json:"registration_no"`
	TaxCode        string `json:"tax_code"`
	Address        string `json:"address"`
	CommuneCode    string `json:"commune_code"`
	ProvinceCode   string `json:"province_code"`
	CommuneName    string `json:"commune_name"`
	ProvinceName   string `json:"province_name"`
	Representative string `json:"representative"`
	Phone          string `json:"phone"`
	Email          string `json:"email"`
	FoundedOn      string `json:"founded_on"` // YYYY-MM-DD, "" when unknown
	// The legal representative, for criterion 3.2 of every scorecard.
	RepGender    string     `json:"rep_gender"` // "nam", "nu" or ""
	RepEthnicity string     `json:"rep_ethnicity"`
	RepDisabled  bool       `json:"rep_disabled"`
	RepAddress   string     `json:"rep_address"` // permanent address
	Website      string     `json:"website"`
	Organisation string     `json:"organisation"` // organisation chart, as text
	Status       UserStatus `json:"status"`       // pending, active, rejected
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	Version      int64      `json:"version"`
}

// RepresentativeQualifies reports whether the legal representative earns
// criterion 3.2 ("Đại diện pháp luật của chủ thể là nữ; hoặc đồng bào dân
// tộc thiểu số; hoặc người khuyết tật"). The Kinh majority is the only
// ethnicity that is not a minority.
func (p *Producer) RepresentativeQualifies() bool {
	e := strings.ToLower(strings.TrimSpace(p.RepEthnicity))
	return p.RepGender == "nu" || p.RepDisabled || (e != "" && e != "kinh")
}

// Product is a product of a producer. The dossier issues extend it.
type Product struct {
	ID           int64     `json:"id"`
	ProducerID   int64     `json:"producer_id"`
	ProducerName string    `json:"producer_name"`
	Name         string    `json:"name"`
	Category     string    `json:"category"`
	Description  string    `json:"description"`
	Stars        int       `json:"stars"` // 0 when not (yet) recognised
	CommuneCode  string    `json:"commune_code"`
	ProvinceCode string    `json:"province_code"`
	CreatedAt    time.Time `json:"created_at"`
	// Card is the scorecard ("Bộ sản phẩm" 1–26 of Phụ lục I) the product
	// is assessed on; 0 until classified.
	Card            int    `json:"card"`
	Packaging       string `json:"packaging"`
	UnitSpec        string `json:"unit_spec"`
	QualityStandard string `json:"quality_standard"` // e.g. "TCCS 01:2024/HTXCB"
	// Growing-area codes (mã số vùng trồng) and packing-facility codes (mã
	// số cơ sở đóng gói), comma-separated as issued.
	GrowingAreaCodes     string `json:"growing_area_codes"`
	PackingFacilityCodes string `json:"packing_facility_codes"`
	GTIN                 string `json:"gtin"` // GS1 barcode, 8/12/13/14 digits, "" if none
	Story                string `json:"story"`
	Version              int64  `json:"version"`
	// Code is the product code of QĐ 26/2026 ("(tỉnh)-(xã)-(STT)-(năm)"),
	// given when the commune receives the first dossier; "" before.
	Code string `json:"code"`
}

// Photo is a picture of a product; Caption is its alt text.
type Photo struct {
	ID          int64     `json:"id"`
	ProductID   int64     `json:"product_id"`
	FileName    string    `json:"file_name"`
	FileKey     string    `json:"-"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	Caption     string    `json:"caption"`
	Main        bool      `json:"main"`
	CreatedAt   time.Time `json:"created_at"`
}

// ValidGTIN checks the length and GS1 check digit of a barcode.
func ValidGTIN(s string) bool {
	switch len(s) {
	case 8, 12, 13, 14:
	default:
		return false
	}
	sum := 0
	for i := len(s) - 2; i >= 0; i-- {
		d := int(s[i] - '0')
		if d < 0 || d > 9 {
			return false
		}
		if (len(s)-2-i)%2 == 0 {
			d *= 3
		}
		sum += d
	}
	check := int(s[len(s)-1] - '0')
	return check >= 0 && check <= 9 && (10-sum%10)%10 == check
}

// Unit is an administrative unit as stored.
type Unit struct {
	Code         string `json:"code"`
	Name         string `json:"name"`
	ShortName    string `json:"short_name"`
	Kind         string `json:"kind"`
	ProvinceCode string `json:"province_code,omitempty"`
}
