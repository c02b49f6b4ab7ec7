package ocop_test

import (
	"testing"
	"time"

	"github.com/ocopvn/ocop/internal/ocop"
)

var hcm = time.FixedZone("ICT", 7*3600)

func on(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, hcm)
	if err != nil {
		panic(err)
	}
	return t.Add(15 * time.Hour) // mid-afternoon: only the calendar day counts
}

func TestReratingTimingBoundaries(t *testing.T) {
	exp := time.Date(2026, 8, 15, 0, 0, 0, 0, hcm)
	for _, tc := range []struct {
		before int
		want   string
	}{
		{400, ocop.ReratingEarly},
		{181, ocop.ReratingEarly},
		{180, ocop.ReratingOnTime},
		{150, ocop.ReratingOnTime},
		{120, ocop.ReratingOnTime},
		{119, ocop.ReratingLate},
		{1, ocop.ReratingLate},
		{0, ocop.ReratingLate},
		{-1, ocop.ReratingExpired},
	} {
		today := exp.AddDate(0, 0, -tc.before).Add(23 * time.Hour)
		if got := ocop.ReratingTiming(exp, today); got != tc.want {
			t.Errorf("%d days before expiry: got %s, want %s", tc.before, got, tc.want)
		}
	}
	opens, closes := ocop.ReratingWindow(exp)
	if opens.Format("2006-01-02") != "2026-02-16" || closes.Format("2006-01-02") != "2026-04-17" {
		t.Errorf("window of 15/8/2026: %s – %s, want 2026-02-16 – 2026-04-17", opens.Format("2006-01-02"), closes.Format("2006-01-02"))
	}
}

func TestCertificateState(t *testing.T) {
	c := &ocop.Certificate{ExpiresOn: "2026-08-15", Status: ocop.CertValid}
	revoked := &ocop.Certificate{ExpiresOn: "2026-08-15", Status: ocop.CertRevoked}
	for _, tc := range []struct {
		name    string
		c       *ocop.Certificate
		pending bool
		today   string
		want    string
		until   string
	}{
		{"within term", c, false, "2025-01-01", ocop.CertStateValid, "2026-08-15"},
		{"last day", c, false, "2026-08-15", ocop.CertStateValid, "2026-08-15"},
		{"day after, nothing pending", c, false, "2026-08-16", ocop.CertStateExpired, ""},
		{"day after, re-rating pending", c, true, "2026-08-16", ocop.CertStateExtended, "2027-02-11"},
		{"180th day after, pending", c, true, "2027-02-11", ocop.CertStateExtended, "2027-02-11"},
		{"181st day after, pending", c, true, "2027-02-12", ocop.CertStateExpired, ""},
		{"revoked", revoked, true, "2025-01-01", ocop.CertStateRevoked, ""},
		{"unreadable expiry", &ocop.Certificate{ExpiresOn: "x"}, false, "2025-01-01", ocop.CertStateExpired, ""},
	} {
		st, until := ocop.CertificateState(tc.c, tc.pending, on(tc.today))
		got := ""
		if !until.IsZero() {
			got = until.Format("2006-01-02")
		}
		if st != tc.want || got != tc.until {
			t.Errorf("%s: got %s until %q, want %s until %q", tc.name, st, got, tc.want, tc.until)
		}
	}
	if got := ocop.DefaultExpiry(on("2023-08-15")).Format("2006-01-02"); got != "2026-08-15" {
		t.Errorf("default expiry of 15/8/2023: %s", got)
	}
}
