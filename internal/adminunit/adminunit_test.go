package adminunit

import (
	"strings"
	"testing"
	"unicode"
)

func TestCounts(t *testing.T) {
	provinces := Provinces()
	if len(provinces) != 34 {
		t.Errorf("provinces: got %d, want 34", len(provinces))
	}
	kinds := map[Kind]int{}
	for _, u := range provinces {
		kinds[u.Kind]++
	}
	for _, u := range Communes() {
		kinds[u.Kind]++
	}
	// Official totals of Resolution 202/2025/QH15 and the 2025 commune
	// resolutions: 28 tỉnh + 6 thành phố; 2,621 xã + 687 phường + 13 đặc khu = 3,321.
	want := map[Kind]int{KindProvince: 28, KindCity: 6, KindCommune: 2621, KindWard: 687, KindSpecialZone: 13}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("kind %s: got %d, want %d", k, kinds[k], n)
		}
	}
	if n := len(Communes()); n != 3321 {
		t.Errorf("communes: got %d, want 3321", n)
	}

	// The dataset has 10,977 mapping rows; the generator drops 5 placeholder
	// rows (island districts without communes) and 140 exact duplicates.
	old := OldCommunes()
	codes := map[string]int{}
	var noCode int
	for _, o := range old {
		if o.Code == "" {
			noCode++
		} else {
			codes[o.Code]++
		}
	}
	if len(old) != 10832 || len(codes) != 10034 || noCode != 791 {
		t.Errorf("old communes: got %d rows, %d codes, %d without code; want 10832, 10034, 791", len(old), len(codes), noCode)
	}
	var split int
	for _, n := range codes {
		if n > 1 {
			split++
		}
	}
	if split != 7 {
		t.Errorf("coded old communes split over several new units: got %d, want 7", split)
	}
}

func TestCodes(t *testing.T) {
	provinces := map[string]bool{}
	prev := ""
	for _, u := range Provinces() {
		if !digits(u.Code, 2) || u.Code <= prev || u.ProvinceCode != "" {
			t.Errorf("province %+v: bad, duplicate or unsorted code", u)
		}
		prev = u.Code
		provinces[u.Code] = true
	}
	communes := map[string]Unit{}
	prev = ""
	for _, u := range Communes() {
		if !digits(u.Code, 5) || u.Code <= prev {
			t.Errorf("commune %+v: bad, duplicate or unsorted code", u)
		}
		prev = u.Code
		if !provinces[u.ProvinceCode] {
			t.Errorf("commune %+v: unknown province", u)
		}
		communes[u.Code] = u
	}

	oldToNew := map[string]string{} // old province code -> new province code
	prev = ""
	noCode := false // rows without a code come last
	for _, o := range OldCommunes() {
		if o.Code == "" {
			noCode = true
		} else if !digits(o.Code, 5) || o.Code < prev || noCode {
			t.Errorf("old commune %+v: bad or unsorted code", o)
		} else {
			prev = o.Code
		}
		n, ok := communes[o.NewCode]
		if !ok {
			t.Errorf("old commune %+v: unknown new code", o)
			continue
		}
		if !digits(o.ProvinceCode, 2) || o.ProvinceName == "" || o.DistrictCode != "" {
			t.Errorf("old commune %+v: bad province or district", o)
		}
		// Every old province was merged whole into one new province.
		if p, seen := oldToNew[o.ProvinceCode]; seen && p != n.ProvinceCode {
			t.Errorf("old province %s maps to new provinces %s and %s", o.ProvinceCode, p, n.ProvinceCode)
		}
		oldToNew[o.ProvinceCode] = n.ProvinceCode
	}
	if len(oldToNew) != 63 {
		t.Errorf("old provinces: got %d, want 63", len(oldToNew))
	}
	// A current province keeps the code of one of the provinces merged into it.
	for code := range provinces {
		if oldToNew[code] != code {
			t.Errorf("old province %s maps to new province %s", code, oldToNew[code])
		}
	}
}

func TestNames(t *testing.T) {
	prefix := map[Kind]string{KindProvince: "Tỉnh ", KindCity: "Thành phố ", KindCommune: "Xã ", KindWard: "Phường ", KindSpecialZone: "Đặc khu "}
	names := map[string]bool{}
	for _, u := range append(Provinces(), Communes()...) {
		if u.Name != prefix[u.Kind]+u.ShortName {
			t.Errorf("%s: name %q does not match kind %s and short name %q", u.Code, u.Name, u.Kind, u.ShortName)
		}
		checkName(t, u.Name, u.ShortName)
		key := u.ProvinceCode + "/" + u.Name
		if names[key] {
			t.Errorf("%s: duplicate name %q in its province", u.Code, u.Name)
		}
		names[key] = true
	}
	for _, o := range OldCommunes() {
		for _, f := range []struct{ name, prefixes string }{
			{o.Name, "Xã |Phường |Thị trấn "},
			{o.DistrictName, "Huyện |Quận |Thị xã |Thành phố "},
			{o.ProvinceName, "Tỉnh |Thành phố "},
		} {
			short := ""
			for p := range strings.SplitSeq(f.prefixes, "|") {
				if s, ok := strings.CutPrefix(f.name, p); ok {
					short = s
				}
			}
			if short == "" {
				t.Errorf("old commune %+v: name %q has none of the prefixes %q", o, f.name, f.prefixes)
				continue
			}
			checkName(t, f.name, short)
		}
	}
}

// checkName checks the normalisation done by the generator.
func checkName(t *testing.T, name, short string) {
	t.Helper()
	if strings.TrimSpace(name) != name || strings.Contains(name, "  ") || short == "" {
		t.Errorf("%q: bad spacing", name)
	}
	if strings.ContainsFunc(name, func(r rune) bool { return unicode.Is(unicode.Mn, r) || r == '’' }) {
		t.Errorf("%q: combining mark or typographic apostrophe", name)
	}
	if hasOldTone(name) {
		t.Errorf("%q: old-style tone placement", name)
	}
	words := strings.Fields(short)
	for i, w := range words {
		if unicode.IsLower([]rune(w)[0]) && !(w == "trường" && i > 0 && words[i-1] == "Nông") {
			t.Errorf("%q: word %q is not capitalised", name, w)
		}
	}
}

// hasOldTone reports a syllable-final "oà", "oè" or "uỳ" (tone on the second
// vowel), which the generator rewrites as "òa", "òe", "ùy". "Quý" is fine.
func hasOldTone(s string) bool {
	r := []rune(strings.ToLower(s))
	for i := 1; i < len(r); i++ {
		if i+1 < len(r) && unicode.IsLetter(r[i+1]) {
			continue
		}
		if r[i-1] == 'o' && strings.ContainsRune("àáảãạèéẻẽẹ", r[i]) ||
			r[i-1] == 'u' && strings.ContainsRune("ỳýỷỹỵ", r[i]) && (i < 2 || r[i-2] != 'q') {
			return true
		}
	}
	return false
}

// Units used by demo data and other packages' tests.
func TestKnownUnits(t *testing.T) {
	for code, want := range map[string]Unit{
		"14": {Code: "14", Name: "Tỉnh Sơn La", ShortName: "Sơn La", Kind: KindProvince},
		"01": {Code: "01", Name: "Thành phố Hà Nội", ShortName: "Hà Nội", Kind: KindCity},
	} {
		if got, ok := ProvinceByCode(code); !ok || got != want {
			t.Errorf("ProvinceByCode(%q) = %+v, %v; want %+v", code, got, ok, want)
		}
	}
	for code, name := range map[string]string{
		"03646": "Phường Tô Hiệu",
		"03664": "Phường Chiềng An",
		"03670": "Phường Chiềng Cơi",
		"03980": "Phường Mộc Châu",
		"03721": "Xã Thuận Châu",
		"04048": "Xã Vân Hồ",
		"04075": "Xã Yên Châu",
		"04105": "Xã Mai Sơn",
		"04108": "Xã Chiềng Sung",
		"04123": "Xã Chiềng Mung",
		"04132": "Xã Chiềng Mai",
	} {
		if got, ok := CommuneByCode(code); !ok || got.Name != name || got.ProvinceCode != "14" {
			t.Errorf("CommuneByCode(%q) = %+v, %v; want %q in Sơn La", code, got, ok, name)
		}
	}
	for code, name := range map[string]string{"00004": "Phường Ba Đình", "00070": "Phường Hoàn Kiếm", "00577": "Xã Bát Tràng", "10354": "Xã Vân Đình"} {
		if got, ok := CommuneByCode(code); !ok || got.Name != name || got.ProvinceCode != "01" {
			t.Errorf("CommuneByCode(%q) = %+v, %v; want %q in Hà Nội", code, got, ok, name)
		}
	}
	if _, ok := CommuneByCode("14"); ok {
		t.Error("CommuneByCode accepted a province code")
	}
	if _, ok := ProvinceByCode("03646"); ok {
		t.Error("ProvinceByCode accepted a commune code")
	}

	var sonLa, sonLaWards int
	for _, u := range Communes() {
		if u.ProvinceCode == "14" {
			sonLa++
			if u.Kind == KindWard {
				sonLaWards++
			}
		}
	}
	if sonLa != 75 || sonLaWards != 8 {
		t.Errorf("Sơn La: got %d units, %d wards; want 75, 8", sonLa, sonLaWards)
	}
}

func TestOldCommunes(t *testing.T) {
	got := map[string][]OldCommune{}
	for _, o := range OldCommunes() {
		got[o.Code] = append(got[o.Code], o)
	}
	for _, want := range []OldCommune{
		{Code: "04120", Name: "Xã Chiềng Ban", DistrictName: "Huyện Mai Sơn", ProvinceCode: "14", ProvinceName: "Tỉnh Sơn La", NewCode: "04132"},
		{Code: "03676", Name: "Xã Hua La", DistrictName: "Thành phố Sơn La", ProvinceCode: "14", ProvinceName: "Tỉnh Sơn La", NewCode: "03670"},
		{Code: "03748", Name: "Xã Phổng Ly", DistrictName: "Huyện Thuận Châu", ProvinceCode: "14", ProvinceName: "Tỉnh Sơn La", NewCode: "03721"},
		// Repaired names: capitalisation and tone placement.
		{Code: "03727", Name: "Xã Mường É", DistrictName: "Huyện Thuận Châu", ProvinceCode: "14", ProvinceName: "Tỉnh Sơn La", NewCode: "03727"},
		{Code: "04009", Name: "Xã Liên Hòa", DistrictName: "Huyện Vân Hồ", ProvinceCode: "14", ProvinceName: "Tỉnh Sơn La", NewCode: "04006"},
		{Code: "00583", Name: "Xã Bát Tràng", DistrictName: "Huyện Gia Lâm", ProvinceCode: "01", ProvinceName: "Thành phố Hà Nội", NewCode: "00577"},
	} {
		if rows := got[want.Code]; len(rows) != 1 || rows[0] != want {
			t.Errorf("old %s: got %+v, want %+v", want.Code, rows, want)
		}
	}
	// Split communes have a row per new unit.
	for code, news := range map[string][]string{"03766": {"03721", "03784"}, "00166": {"00160", "00166"}} {
		rows := got[code]
		if len(rows) != len(news) {
			t.Errorf("old %s: got %+v, want new codes %v", code, rows, news)
			continue
		}
		for i, o := range rows {
			if o.NewCode != news[i] {
				t.Errorf("old %s: got %+v, want new codes %v", code, rows, news)
			}
		}
	}
	// Old provinces are named as before 1/7/2025.
	if rows := got["04789"]; len(rows) != 1 || rows[0].ProvinceCode != "17" || rows[0].ProvinceName != "Tỉnh Hòa Bình" {
		t.Errorf("old 04789: got %+v, want province 17 Tỉnh Hòa Bình", rows)
	}
}

func TestCopies(t *testing.T) {
	Provinces()[0].Name = "x"
	Communes()[0].Name = "x"
	OldCommunes()[0].Name = "x"
	if Provinces()[0].Name == "x" || Communes()[0].Name == "x" || OldCommunes()[0].Name == "x" {
		t.Error("callers can modify the shared data")
	}
}

func digits(s string, n int) bool {
	return len(s) == n && strings.Trim(s, "0123456789") == ""
}
