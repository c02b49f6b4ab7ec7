// Package rulebook holds the OCOP law as versioned data — the scorecards
// of QĐ 26/2026/QĐ-TTg and of QĐ 148/QĐ-TTg (2023), embedded as one JSON
// file per scorecard (data/, made by ./gen from the transcriptions in the
// shared reference) — and the scoring engine that applies them. Nothing in
// it does I/O beyond reading its embedded files.
package rulebook

import "time"

// Decision is a legal instrument that defines a set of scorecards.
type Decision struct {
	ID            string    `json:"id"`    // "26/2026/QĐ-TTg", "148/QĐ-TTg"
	Title         string    `json:"title"` // Vietnamese title of the decision
	Signed        time.Time `json:"signed"`
	EffectiveFrom time.Time `json:"effective_from"`
	EffectiveTo   time.Time `json:"effective_to,omitzero"` // zero: still in force
	Cards         []*Card   `json:"-"`
}

// Card is one scorecard ("Bộ sản phẩm" 1–26) of a decision.
type Card struct {
	Decision string `json:"decision"` // Decision.ID
	Number   int    `json:"number"`   // 1–26
	Name     string `json:"name"`     // "Rau, củ, quả, hạt tươi"
	// Classification is the Phụ lục I path printed on the form, e.g.
	// {"Thực phẩm", "Thực phẩm tươi sống", ""}.
	Type     string `json:"type"`
	Group    string `json:"group"`
	Subgroup string `json:"subgroup,omitempty"`

	KnockOuts []Rule   `json:"knockouts"` // "bị loại" rules: any that holds gives no stars
	Stops     []Rule   `json:"stops"`     // "không đánh giá các bước tiếp theo" rules
	Parts     []*Part  `json:"parts"`     // A, B, C in printed order
	Notes     []string `json:"notes,omitempty"`

	criteria []*Criterion      // leaves in printed order, filled by index
	partOf   map[string]string // criterion code → part code
}

// Rule is a knock-out or stop rule printed on the form. A knock-out with a
// Criterion is printed under that criterion; a stop rule with a Criterion
// stops evaluation of every criterion printed after it.
type Rule struct {
	ID        string `json:"id"`   // stable: "ko.dossier", "ko.raw_material", "ko.copy", "ko.ip", "stop.impurity", "stop.zero", "stop.declaration", "stop.food_safety"
	Text      string `json:"text"` // verbatim
	Criterion string `json:"criterion,omitempty"`
	// OnZero lists criteria that trigger the stop by scoring 0 (bottled
	// water: "Nếu được 0 điểm tại một trong các chỉ tiêu trên").
	OnZero []string `json:"on_zero,omitempty"`
}

// Part is "Phần A/B/C".
type Part struct {
	Code     string     `json:"code"` // "A", "B", "C"
	Title    string     `json:"title"`
	Max      float64    `json:"max"`
	Sections []*Section `json:"sections"`
}

// Section is a numbered heading ("1. TỔ CHỨC SẢN XUẤT"). Its points are
// the sum of its criteria. A section printed with options of its own (e.g.
// "7. DINH DƯỠNG") has exactly one criterion with the section's code.
type Section struct {
	Code     string       `json:"code"` // "1"
	Title    string       `json:"title"`
	Max      float64      `json:"max"`
	Criteria []*Criterion `json:"criteria"`
}

// Criterion is what a sheet answers: one option's points.
type Criterion struct {
	Code        string   `json:"code"` // 26/2026: "1.1", "6.1.2", "9"; 148: "1a", "3đ", "7"
	Title       string   `json:"title"`
	Max         float64  `json:"max"`
	Requirement string   `json:"requirement,omitempty"` // "Yêu cầu: …"
	Notes       []string `json:"notes,omitempty"`
	Options     []Option `json:"options,omitempty"` // printed order
	// Alternatives are option sets of which the evaluator uses one
	// (tourism criteria 8, 9, 15: "Trường hợp 1 / 2"). Options is empty
	// when Alternatives is set.
	Alternatives []Alternative `json:"alternatives,omitempty"`
	// YesNo marks a criterion printed without options (e.g. "Ghi nhãn song
	// ngữ", max 1): worth 0 or Max.
	YesNo bool `json:"yes_no,omitempty"`
	// Group is the heading above this criterion when the form prints a
	// level between section and criterion ("6.1 Ngoại hình" over 6.1.1 …
	// 6.1.5). A group is never answered: its points are its leaves' sum.
	Group *Group `json:"group,omitempty"`
}

// Group is a heading whose points are the sum of its sub-criteria.
type Group struct {
	Code  string  `json:"code"`
	Title string  `json:"title"`
	Max   float64 `json:"max"`
}

// Alternative is one "Trường hợp" of a criterion.
type Alternative struct {
	Label   string   `json:"label"` // "Trường hợp 1: Dịch vụ du lịch do cộng đồng cung cấp"
	Options []Option `json:"options"`
}

// Option is one printed choice.
type Option struct {
	Text   string  `json:"text"` // verbatim, without the star marker
	Points float64 `json:"points"`
	// MinFor is the star level (3, 4 or 5) for which this option is the
	// minimum on its criterion ("***", "****", "*****"); 0 when unmarked.
	MinFor int `json:"min_for,omitempty"`
	// Note records a source typo and the value chosen, when there was one.
	Note string `json:"note,omitempty"`
}
