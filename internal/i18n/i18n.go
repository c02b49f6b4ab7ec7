// Package i18n holds every user-facing string (catalogue_vi.go) and the
// Vietnamese formats for dates, numbers and money. An English catalogue can
// follow by adding a second map with the same keys.
package i18n

import "fmt"

// T returns the Vietnamese text for a key, formatted with args when given.
// An unknown key comes back as itself, so a missing entry is visible on the
// page and caught by the template tests.
func T(key string, args ...any) string {
	s, ok := vi[key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Has reports whether the catalogue has a key.
func Has(key string) bool { _, ok := vi[key]; return ok }
