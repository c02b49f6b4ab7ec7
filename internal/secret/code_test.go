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

// The last base32 character of a code carries unused bits: a spelling
// that differs only there decodes to the same bytes, and must be refused.
func TestCodesRefuseNonCanonicalSpelling(t *testing.T) {
	c := NewCodes(NewCodeKey())
	for _, code := range []string{c.New(), c.Stamp("attendance", 7, 40_000_001)} {
		last := strings.IndexByte("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", code[len(code)-1])
		twin := code[:len(code)-1] + string("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[last^1])
		if b1, _ := codeEnc.DecodeString(code); len(b1) == 0 {
			t.Fatal("code does not decode")
		}
		if c.Valid(twin) {
			t.Errorf("%s passes for %s", twin, code)
		}
		if _, _, ok := c.ReadStamp("attendance", twin); ok {
			t.Errorf("stamp %s passes for %s", twin, code)
		}
	}
}
