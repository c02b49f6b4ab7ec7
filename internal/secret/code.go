package secret

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"strings"
)

// Public verification codes (on certificates and their QR codes) are a
// random 96-bit id followed by a 64-bit HMAC-SHA256 tag of that id under
// the server's key, in base32: 32 characters. Nobody can guess a code of
// an existing certificate, and a code that was not made with the key (a
// forgery, a typo) is told apart from a genuine one without a database
// look-up.
const (
	codeIDLen  = 12
	codeTagLen = 8
	// CodeKeyLen is the length of a code-signing key in bytes.
	CodeKeyLen = 32
)

var codeEnc = base32.StdEncoding.WithPadding(base32.NoPadding)

// Codes makes and checks verification codes with one key.
type Codes struct{ key []byte }

// NewCodes returns a code maker for key (CodeKeyLen random bytes).
func NewCodes(key []byte) *Codes { return &Codes{key: key} }

// NewCodeKey returns a fresh random key.
func NewCodeKey() []byte {
	k := make([]byte, CodeKeyLen)
	rand.Read(k)
	return k
}

func (c *Codes) tag(id []byte) []byte {
	m := hmac.New(sha256.New, c.key)
	m.Write(id)
	return m.Sum(nil)[:codeTagLen]
}

// New returns a fresh code.
func (c *Codes) New() string {
	id := make([]byte, codeIDLen)
	rand.Read(id)
	return codeEnc.EncodeToString(append(id, c.tag(id)...))
}

// Normalize reads a code as people type it: case, spaces and dashes do
// not matter.
func Normalize(code string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			return -1
		case r >= 'a' && r <= 'z':
			return r - 'a' + 'A'
		}
		return r
	}, code)
}

// decode reads a code, refusing any spelling but the one Encode gives:
// the last base32 character carries unused bits, and a code whose unused
// bits differ must not pass for the signed one.
func decode(code string) ([]byte, error) {
	b, err := codeEnc.DecodeString(code)
	if err == nil && codeEnc.EncodeToString(b) != code {
		err = errors.New("secret: code not in canonical form")
	}
	return b, err
}

// Valid reports whether code (normalised) carries this key's signature.
func (c *Codes) Valid(code string) bool {
	b, err := decode(code)
	if err != nil || len(b) != codeIDLen+codeTagLen {
		return false
	}
	return hmac.Equal(b[codeIDLen:], c.tag(b[:codeIDLen]))
}
