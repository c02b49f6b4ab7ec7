// Package secret hashes passwords with argon2id and makes random tokens
// that are stored only as hashes.
package secret

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters: OWASP's second recommended set (19 MiB, 2 passes),
// about 25 ms on one core here, so a 2-core server still serves logins
// under load. They are written into each hash, so raising them later keeps
// old hashes verifiable.
const (
	memory  = 19 * 1024
	passes  = 2
	threads = 1
	keyLen  = 32
)

// HashPassword returns a PHC-style argon2id string.
func HashPassword(pw string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(pw), salt, passes, memory, threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, memory, passes, threads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// CheckPassword reports whether pw matches an argon2id hash.
func CheckPassword(hash, pw string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("mã băm mật khẩu không đúng định dạng")
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, fmt.Errorf("tham số argon2id: %w", err)
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, err
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash lets a login for an unknown user cost as much as a real one,
// so response times do not reveal which usernames exist. It is made on
// first use rather than at start-up.
var dummyHash = sync.OnceValue(func() string { return HashPassword("không-dùng") })

// BurnTime spends the time of one password check.
func BurnTime(pw string) { CheckPassword(dummyHash(), pw) }

// NewToken returns a random token (26 base32 characters, 130 bits).
func NewToken() string { return rand.Text() }

// HashToken is how session and API tokens are stored: a fast hash is
// enough because the tokens are long and random.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// TempPassword returns a one-time password that is easy to type: four
// groups of four lower-case letters and digits without look-alikes.
func TempPassword() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	b := make([]byte, 16)
	rand.Read(b)
	var s strings.Builder
	for i, c := range b {
		if i > 0 && i%4 == 0 {
			s.WriteByte('-')
		}
		s.WriteByte(alphabet[int(c)%len(alphabet)])
	}
	return s.String()
}
