package secret

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
)

// Stamps are short-lived signed codes that bind a record id to a time
// window (the rotating QR codes of training attendance): the id and the
// window in the clear, then a 64-bit HMAC-SHA256 tag under the same key
// as verification codes, keyed also by a purpose so a stamp made for one
// use is worthless for another. base32, 39 characters — never the length
// of a verification code.
const stampLen = 16

// Stamp returns the code for (purpose, id, window).
func (c *Codes) Stamp(purpose string, id, window int64) string {
	b := make([]byte, stampLen, stampLen+codeTagLen)
	binary.BigEndian.PutUint64(b, uint64(id))
	binary.BigEndian.PutUint64(b[8:], uint64(window))
	return codeEnc.EncodeToString(append(b, c.stampTag(purpose, b)...))
}

// ReadStamp checks a stamp's signature for purpose and returns what it
// binds; ok is false for anything this key did not sign.
func (c *Codes) ReadStamp(purpose, code string) (id, window int64, ok bool) {
	b, err := decode(Normalize(code))
	if err != nil || len(b) != stampLen+codeTagLen || !hmac.Equal(b[stampLen:], c.stampTag(purpose, b[:stampLen])) {
		return 0, 0, false
	}
	return int64(binary.BigEndian.Uint64(b)), int64(binary.BigEndian.Uint64(b[8:])), true
}

func (c *Codes) stampTag(purpose string, b []byte) []byte {
	m := hmac.New(sha256.New, c.key)
	m.Write([]byte("stamp:" + purpose + "\x00"))
	m.Write(b)
	return m.Sum(nil)[:codeTagLen]
}
