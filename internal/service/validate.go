package service

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/ocopvn/ocop/internal/ocop"
)

var (
	usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,39}$`)
	phoneRe    = regexp.MustCompile(`^\+?[0-9]{9,11}$`)
)

// clean trims a form value.
func clean(s string) string { return strings.TrimSpace(s) }

func checkRequired(v ocop.Validation, field, value string, max int) {
	switch {
	case value == "":
		v.Add(field, "err.required")
	case utf8.RuneCountInString(value) > max:
		v.Add(field, "err.too_long")
	}
}

func checkUsername(v ocop.Validation, name string) {
	if !usernameRe.MatchString(name) {
		v.Add("username", "err.username_format")
	}
}

func checkEmail(v ocop.Validation, email string) {
	if email == "" {
		return
	}
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email {
		v.Add("email", "err.email_format")
	}
}

// normalisePhone drops spaces, dots and dashes people type in numbers.
func normalisePhone(p string) string {
	return strings.NewReplacer(" ", "", ".", "", "-", "").Replace(strings.TrimSpace(p))
}

func checkPhone(v ocop.Validation, phone string, required bool) {
	if phone == "" {
		if required {
			v.Add("phone", "err.required")
		}
		return
	}
	if !phoneRe.MatchString(phone) {
		v.Add("phone", "err.phone_format")
	}
}

func checkPassword(v ocop.Validation, field, pw, again string) {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < 10:
		v.Add(field, "err.password_short")
	case n > 200:
		v.Add(field, "err.password_long")
	case pw != again:
		v.Add(field+"2", "err.password_mismatch")
	}
}
