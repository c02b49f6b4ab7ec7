package secret

import (
	"strings"
	"testing"
)

func TestPassword(t *testing.T) {
	h := HashPassword("mật khẩu đủ dài")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("unexpected hash format %q", h)
	}
	if ok, err := CheckPassword(h, "mật khẩu đủ dài"); !ok || err != nil {
		t.Errorf("right password refused: %v %v", ok, err)
	}
	if ok, _ := CheckPassword(h, "mật khẩu đủ dàI"); ok {
		t.Error("wrong password accepted")
	}
	if h == HashPassword("mật khẩu đủ dài") {
		t.Error("two hashes of one password are equal: salt missing")
	}
	if _, err := CheckPassword("plain", "x"); err == nil {
		t.Error("malformed hash accepted")
	}
}

func TestTokens(t *testing.T) {
	a, b := NewToken(), NewToken()
	if a == b || len(a) < 26 {
		t.Errorf("tokens %q %q", a, b)
	}
	if HashToken(a) == a || len(HashToken(a)) != 64 {
		t.Errorf("token hash %q", HashToken(a))
	}
	p := TempPassword()
	if len(p) != 19 || strings.Count(p, "-") != 3 {
		t.Errorf("temp password %q", p)
	}
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		HashPassword("mật khẩu đủ dài")
	}
}
