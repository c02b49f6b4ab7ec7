package ocop

// Level is the size of an administrative scope.
type Level string

const (
	LevelCountry  Level = "country"
	LevelProvince Level = "province"
	LevelCommune  Level = "commune"
)

// Scope is the administrative unit a user works in. Since 1/7/2025 there are
// only provinces and communes, so a commune scope carries its province too.
type Scope struct {
	Level    Level  `json:"level"`
	Province string `json:"province,omitempty"` // province code; empty for the whole country
	Commune  string `json:"commune,omitempty"`  // commune code; set only at commune level
}

// Country is the national scope.
var Country = Scope{Level: LevelCountry}

// ProvinceScope returns the scope of one province.
func ProvinceScope(code string) Scope { return Scope{Level: LevelProvince, Province: code} }

// CommuneScope returns the scope of one commune in its province.
func CommuneScope(province, commune string) Scope {
	return Scope{Level: LevelCommune, Province: province, Commune: commune}
}

// Contains reports whether a record located in the given commune and
// province lies inside the scope. The national scope holds every real
// unit but no sandbox: practice data is not the country's.
func (s Scope) Contains(province, commune string) bool {
	switch s.Level {
	case LevelCountry:
		return !IsSandboxCode(province)
	case LevelProvince:
		return province == s.Province
	case LevelCommune:
		return commune == s.Commune
	}
	return false
}

// Covers reports whether the whole of scope o lies inside s.
func (s Scope) Covers(o Scope) bool {
	switch o.Level {
	case LevelCountry:
		return s.Level == LevelCountry
	case LevelProvince:
		return s.Contains(o.Province, "") && s.Level != LevelCommune
	default:
		return s.Contains(o.Province, o.Commune)
	}
}

// Code returns the unit code of the scope, "" for the country.
func (s Scope) Code() string {
	if s.Level == LevelCommune {
		return s.Commune
	}
	return s.Province
}
