// Package search folds Vietnamese text so that "Chiềng Cọ", "chieng co" and
// "CHIENG CO" match: NFD, drop combining marks, đ → d, lower case.
package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the search form of s.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		case unicode.IsSpace(r):
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Fields joins the folded form of several values, for a search_text column.
func Fields(values ...string) string {
	parts := make([]string, 0, len(values))
	for _, v := range values {
		if f := Fold(v); f != "" {
			parts = append(parts, f)
		}
	}
	return strings.Join(parts, " ")
}
