package testutil

import (
	"bytes"
	"crypto/rand"
	"encoding/base32"
	"image/png"
	"testing"

	"github.com/skip2/go-qrcode"
)

// Random check-in URLs of the length the platform makes, encoded as the
// attendance screen encodes them, all read back.
func TestReadQRRandomCodes(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 50
	}
	for i := 0; i < n; i++ {
		b := make([]byte, 20)
		rand.Read(b)
		u := "http://127.0.0.1:8080/diem-danh/" + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
		p, err := qrcode.Encode(u, qrcode.Medium, 512)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(p))
		if err != nil {
			t.Fatal(err)
		}
		got, err := ReadQR(img)
		if err != nil || got != u {
			t.Fatalf("%s: read %q, %v", u, got, err)
		}
	}
}
