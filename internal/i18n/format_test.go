package i18n

import (
	"strings"
	"testing"
	"time"
)

func TestFormat(t *testing.T) {
	// 17:30 UTC on 31/12/2025 is already 1/1/2026 in Vietnam.
	utc := time.Date(2025, 12, 31, 17, 30, 0, 0, time.UTC)
	cases := []struct{ got, want string }{
		{Date(utc), "01/01/2026"},
		{DateTime(utc), "00:30 01/01/2026"},
		{Date(time.Time{}), ""},
		{Number(0), "0"},
		{Number(999), "999"},
		{Number(1000), "1.000"},
		{Number(-1234567), "-1.234.567"},
		{Money(1234567), "1.234.567\u00a0₫"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: got %q, want %q", i, c.got, c.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"22/05/2026", "22/5/2026", "2026-05-22"} {
		d, err := ParseDate(s)
		if err != nil || Date(d) != "22/05/2026" {
			t.Errorf("ParseDate(%q) = %v, %v", s, d, err)
		}
	}
	if _, err := ParseDate("32/13/2026"); err == nil {
		t.Error("ParseDate accepted 32/13/2026")
	}
}

func TestCatalogue(t *testing.T) {
	if got := T("app.name"); got == "app.name" || got == "" {
		t.Fatalf("app.name missing from the catalogue: %q", got)
	}
	if got := T("no.such.key"); got != "no.such.key" {
		t.Errorf("unknown key should come back as itself, got %q", got)
	}
	if got := T("login.rate_limited", 5); got == "" || !strings.Contains(got, "5") {
		t.Errorf("formatted message lost its argument: %q", got)
	}
}

func TestParseMoney(t *testing.T) {
	for in, want := range map[string]int64{"1.234.567": 1234567, "1234567": 1234567, " 1.234.567 ₫": 1234567,
		"-50.000": -50000, "0": 0, "12.000.000.000": 12000000000} {
		if got, err := ParseMoney(in); err != nil || got != want {
			t.Errorf("ParseMoney(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "1,5", "mười", "1.2e6"} {
		if _, err := ParseMoney(bad); err == nil {
			t.Errorf("ParseMoney(%q) accepted", bad)
		}
	}
	if got, _ := ParseMoney(Money(1234567)); got != 1234567 {
		t.Errorf("round trip of Money: %d", got)
	}
}

func TestDecimal(t *testing.T) {
	for _, c := range []struct {
		x      float64
		places int
		want   string
	}{{78.5, 2, "78,50"}, {1234.5, 1, "1.234,5"}, {90, 0, "90"}, {-2.25, 2, "-2,25"}, {-0.001, 2, "0,00"}, {66.666, 1, "66,7"}} {
		if got := Decimal(c.x, c.places); got != c.want {
			t.Errorf("Decimal(%v, %d) = %q, want %q", c.x, c.places, got, c.want)
		}
	}
}
