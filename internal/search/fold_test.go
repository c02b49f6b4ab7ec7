package search

import "testing"

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Chiềng Cọ":                 "chieng co",
		"  ĐẶC KHU   Phú Quốc ":     "dac khu phu quoc",
		"Hợp tác xã Cà phê Arabica": "hop tac xa ca phe arabica",
		"Thuận Châu\tSơn La":        "thuan chau son la",
		"":                          "",
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Fields("Mộc Châu", "", "Sơn La"); got != "moc chau son la" {
		t.Errorf("Fields = %q", got)
	}
}

func FuzzFold(f *testing.F) {
	f.Add("Đặc khu Côn Đảo")
	f.Fuzz(func(t *testing.T, s string) {
		once := Fold(s)
		if Fold(once) != once {
			t.Errorf("Fold is not idempotent on %q", s)
		}
	})
}
