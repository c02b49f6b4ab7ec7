package ocop

import "time"

// Certificate levels: the province certifies 3★ and 4★, the Ministry 5★
// (QĐ 26/2026 Điều 4).
const (
	LevelProvinceCert = "province"
	LevelMinistryCert = "ministry"
)

// Certificate sources: entered from a paper decision made before the
// platform, or issued by an evaluation round on it.
const (
	CertRecorded = "recorded"
	CertRound    = "round"
)

// Certificate statuses as stored; expiry is computed, see CertificateState.
const (
	CertValid   = "valid"
	CertRevoked = "revoked"
)

// CertificateMonths is the default term of a certificate (36 months).
const CertificateMonths = 36

// Certificate is an OCOP recognition certificate (giấy chứng nhận).
type Certificate struct {
	ID           int64  `json:"id"`
	Number       string `json:"number"`
	ProductID    int64  `json:"product_id"`
	ProducerID   int64  `json:"producer_id"`
	ProvinceCode string `json:"province_code"`
	CommuneCode  string `json:"commune_code"`
	Stars        int    `json:"stars"`
	Level        string `json:"level"`
	DecisionNo   string `json:"decision_no"`
	DecisionDate string `json:"decision_date"` // YYYY-MM-DD
	Signer       string `json:"signer"`
	IssuedOn     string `json:"issued_on"`  // YYYY-MM-DD
	ExpiresOn    string `json:"expires_on"` // YYYY-MM-DD, the last valid day
	Status       string `json:"status"`
	Source       string `json:"source"`
	// Code is the public verification code of /verify/{code}.
	Code string `json:"code"`
	// The revocation, when Status is revoked (Điều 8).
	RevokeGround       string    `json:"revoke_ground,omitempty"` // a, b, c, d, dd (đ), e
	RevokeDecisionNo   string    `json:"revoke_decision_no,omitempty"`
	RevokeDecisionDate string    `json:"revoke_decision_date,omitempty"`
	RevokeFindingDate  string    `json:"revoke_finding_date,omitempty"`
	RevokeNote         string    `json:"revoke_note,omitempty"`
	RevokedAt          time.Time `json:"revoked_at,omitzero"`
	CreatedAt          time.Time `json:"created_at"`
	UpdatedAt          time.Time `json:"updated_at"`
	Version            int64     `json:"version"`
}

// Where a certificate stands on a day.
const (
	CertStateValid    = "valid"    // within its term
	CertStateExtended = "extended" // past its term, kept valid while a re-rating is pending (Điều 12.3)
	CertStateExpired  = "expired"
	CertStateRevoked  = "revoked"
)

// Days of the re-rating window (Điều 7 bước 6): a re-rating is filed "không
// sớm hơn 180 ngày và không muộn hơn 120 ngày" before expiry; a late one
// keeps the certificate valid until decided, "không quá 180 ngày" after
// expiry (Điều 12.3).
const (
	ReratingOpensDays  = 180
	ReratingClosesDays = 120
	ReratingGraceDays  = 180
)

// day reads a YYYY-MM-DD calendar day at midnight in loc.
func day(s string, loc *time.Location) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02", s, loc)
	return t, err == nil
}

// midnight is the calendar day of t in its own zone.
func midnight(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// ReratingWindow is the first and the last day a re-rating dossier is on
// time for a certificate expiring on expires.
func ReratingWindow(expires time.Time) (opens, closes time.Time) {
	return expires.AddDate(0, 0, -ReratingOpensDays), expires.AddDate(0, 0, -ReratingClosesDays)
}

// CertificateState says where a certificate stands on today and until
// which day that holds (zero for expired and revoked). pendingRerating is
// whether a re-rating dossier of the product was filed and not yet decided.
func CertificateState(c *Certificate, pendingRerating bool, today time.Time) (state string, until time.Time) {
	if c.Status == CertRevoked {
		return CertStateRevoked, time.Time{}
	}
	exp, ok := day(c.ExpiresOn, today.Location())
	if !ok {
		return CertStateExpired, time.Time{}
	}
	today = midnight(today)
	if !today.After(exp) {
		return CertStateValid, exp
	}
	if grace := exp.AddDate(0, 0, ReratingGraceDays); pendingRerating && !today.After(grace) {
		return CertStateExtended, grace
	}
	return CertStateExpired, time.Time{}
}

// DefaultExpiry is the expiry of a certificate issued on issued when the
// decision names no other: 36 months on.
func DefaultExpiry(issued time.Time) time.Time { return issued.AddDate(0, CertificateMonths, 0) }

// CertLive reports whether a state counts as a valid certificate.
func CertLive(state string) bool { return state == CertStateValid || state == CertStateExtended }

// Timing of a re-rating dossier opened on a day.
const (
	ReratingEarly   = "early"   // before the window opens: refused
	ReratingOnTime  = "on_time" // 180 to 120 days before expiry
	ReratingLate    = "late"    // fewer than 120 days before expiry: accepted, flagged
	ReratingExpired = "expired" // after expiry: no valid certificate to re-rate
)

// ReratingTiming places today against the window of a certificate
// expiring on expires (both calendar days in the same zone).
func ReratingTiming(expires, today time.Time) string {
	opens, closes := ReratingWindow(expires)
	today = midnight(today)
	switch {
	case today.Before(opens):
		return ReratingEarly
	case !today.After(closes):
		return ReratingOnTime
	case !today.After(expires):
		return ReratingLate
	}
	return ReratingExpired
}

// ExpiryDay reads a certificate's expiry as a calendar day in loc.
func (c *Certificate) ExpiryDay(loc *time.Location) (time.Time, bool) { return day(c.ExpiresOn, loc) }

// RevokeGrounds are the grounds of revocation of Điều 8 QĐ 26/2026, in the
// decision's order; "dd" stands for đ).
var RevokeGrounds = []string{"a", "b", "c", "d", "dd", "e"}

// RevokeDays is how long after the finding (kết luận, or the commune's
// confirmation that the producer stopped) the revoking decision is made
// (Điều 8).
const RevokeDays = 15

// ValidRevokeGround reports whether g is one of RevokeGrounds.
func ValidRevokeGround(g string) bool {
	for _, x := range RevokeGrounds {
		if x == g {
			return true
		}
	}
	return false
}
