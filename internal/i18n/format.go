package i18n

import (
	"math"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the zone must load on machines without tzdata
)

// Zone is Vietnam's time zone; every date shown to a person is in it.
var Zone = mustZone()

func mustZone() *time.Location {
	z, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		panic(err)
	}
	return z
}

// Date formats a time as dd/mm/yyyy in Vietnam; the zero time is "".
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Zone).Format("02/01/2006")
}

// DateTime formats a time as "15:04 dd/mm/yyyy" in Vietnam.
func DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(Zone).Format("15:04 02/01/2006")
}

// ParseDate reads dd/mm/yyyy (or yyyy-mm-dd from <input type=date>) as a
// date in Vietnam.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.ParseInLocation("2006-01-02", s, Zone); err == nil {
		return t, nil
	}
	return time.ParseInLocation("2/1/2006", s, Zone)
}

// Number groups digits with dots, the Vietnamese way: 1.234.567.
func Number(n int64) string {
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Money formats an amount in đồng: 1.234.567 ₫ (with a no-break space so
// the symbol never wraps onto its own line).
func Money(dong int64) string { return Number(dong) + "\u00a0₫" }

// ParseMoney reads an amount in đồng as people type it: "1.234.567",
// "1234567", "1.234.567 ₫" or "-50.000". Commas are refused rather than
// guessed at: in Vietnamese they mark decimals, which đồng do not have.
func ParseMoney(s string) (int64, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "₫"))
	s = strings.NewReplacer(".", "", " ", "", "\u00a0", "", "đ", "").Replace(s)
	return strconv.ParseInt(s, 10, 64)
}

// Decimal writes x with the given decimals the Vietnamese way, a comma
// before the decimals and dots between thousands: 1.234,50.
func Decimal(x float64, places int) string {
	s := strconv.FormatFloat(math.Abs(x), 'f', places, 64)
	whole, frac, _ := strings.Cut(s, ".")
	n, _ := strconv.ParseInt(whole, 10, 64)
	out := Number(n)
	if x < 0 && strings.Trim(s, "0.") != "" {
		out = "-" + out
	}
	if frac != "" {
		out += "," + frac
	}
	return out
}
