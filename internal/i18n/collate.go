package i18n

import (
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Vietnamese order for names and units: "Đ" after "D", "Ư" after "U",
// "Ă", "Â" after "A", tone marks after the bare letter — which byte
// order gets wrong ("Đ" is U+0110, after every ASCII letter). A Collator
// is not safe for concurrent use, so each caller borrows one.
var collators = sync.Pool{New: func() any { return collate.New(language.Vietnamese) }}

// Compare orders two strings the Vietnamese way: negative when a comes
// first, 0 when equal, positive otherwise.
func Compare(a, b string) int {
	c := collators.Get().(*collate.Collator)
	defer collators.Put(c)
	return c.CompareString(a, b)
}
