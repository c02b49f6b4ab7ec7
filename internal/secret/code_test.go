package secret

import (
	"strings"
	"testing"
)

func TestCodes(t *testing.T) {
	c := NewCodes([]byte("0123456789abcdef0123456789abcdef"))
	code := c.New()
	if len(code) != 32 || !c.Valid(code) {
		t.Fatalf("new code %q (len %d) not valid", code, len(code))
	}
	if code == c.New() {
		t.Error("two codes are the same")
	}
	if typed := strings.ToLower(code[:8]) + " - " + code[8:]; !c.Valid(Normalize(typed)) {
		t.Errorf("typed %q not accepted", typed)
	}
	// Change one character: the signature no longer matches.
	b := []byte(code)
	b[3] = map[bool]byte{true: 'B', false: 'A'}[b[3] == 'A']
	if c.Valid(string(b)) {
		t.Errorf("altered code %q accepted", b)
	}
	if NewCodes([]byte("another key, another signature!!")).Valid(code) {
		t.Error("code accepted under another key")
	}
	for _, bad := range []string{"", "ABC", "!!!!", code + "AA"} {
		if c.Valid(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}
