package secret

import "testing"

func TestStamp(t *testing.T) {
	c := NewCodes(NewCodeKey())
	s := c.Stamp("attendance", 42, 1234567)
	if id, w, ok := c.ReadStamp("attendance", s); !ok || id != 42 || w != 1234567 {
		t.Fatalf("read back: %d %d %v", id, w, ok)
	}
	if _, _, ok := c.ReadStamp("other", s); ok {
		t.Error("a stamp is valid for another purpose")
	}
	if _, _, ok := NewCodes(NewCodeKey()).ReadStamp("attendance", s); ok {
		t.Error("a stamp is valid under another key")
	}
	forged := []byte(s)
	forged[3] ^= 1 // another id with the old tag
	if forged[3] == '=' || forged[3] < 'A' {
		forged[3] = 'B'
	}
	if _, _, ok := c.ReadStamp("attendance", string(forged)); ok {
		t.Error("a changed stamp is valid")
	}
	if _, _, ok := c.ReadStamp("attendance", c.New()); ok {
		t.Error("a verification code reads as a stamp")
	}
}
