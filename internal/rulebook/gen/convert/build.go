package convert

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ocopvn/ocop/internal/rulebook"
)

// builder turns one rawCard into a rulebook.Card.
type builder struct {
	rc          *rawCard
	card        *rulebook.Card
	fx          *cardFixes
	usedOpt     map[int]bool // indexes into fx.options that were applied
	usedRelabel map[int]bool
	// lines of the headings, for error messages: "A", "§3", "1.1".
	lines    map[string]int
	ruleSeen map[string]int
	warn     []string
}

func (b *builder) fail(line int, format string, a ...any) error {
	return &srcError{b.rc.file, line, fmt.Sprintf(format, a...)}
}

func (b *builder) warnf(line int, format string, a ...any) {
	b.warn = append(b.warn, (&srcError{b.rc.file, line, fmt.Sprintf(format, a...)}).Error())
}

var (
	reClass     = regexp.MustCompile(`^\(Sản phẩm: (.+?)(?:[.,] Nhóm: (.+))?\)$`)
	reStars     = regexp.MustCompile(`^(.*?)\s*((?:\*\s*)*\*)(\.?)$`)
	reCaseLabel = regexp.MustCompile(`^([a-z])\. (Trường hợp \d+: .+)$`)
	reTitleStar = regexp.MustCompile(`^(.*?)(\*{3,5})$`)
)

const (
	ipNote       = "Ghi chú: Nếu sản phẩm vi phạm sở hữu trí tuệ, sẽ bị loại bỏ"
	chooseOne    = "Lựa chọn một trong hai trường hợp sau:"
	noOptionsMsg = "No option rows are printed under this criterion in the source"
	critStarMsg  = "Criterion itself marked for 4★ in the CSV."
	groupMsg     = "Group heading: its points are the sum of the sub-criteria"
)

// build converts a rawCard.
func build(rc *rawCard) (*rulebook.Card, []string, error) {
	fx := fixes[rc.key]
	if fx == nil {
		fx = &cardFixes{}
	}
	b := &builder{rc: rc, fx: fx, usedOpt: map[int]bool{}, usedRelabel: map[int]bool{}, lines: map[string]int{}, ruleSeen: map[string]int{}}
	c := &rulebook.Card{Decision: rc.decision, Number: rc.number, Name: rc.name,
		KnockOuts: []rulebook.Rule{}, Stops: []rulebook.Rule{}}
	b.card = c
	c.Notes = append(c.Notes, fx.notes...)

	if err := b.classify(); err != nil {
		return nil, nil, err
	}
	if rc.decision == "26/2026/QĐ-TTg" && !strings.HasPrefix(rc.legend, "Ghi chú: Dấu sao là yêu cầu tối thiểu") && !fx.allow["legend"] {
		return nil, nil, b.fail(0, "no star-marker legend (\"Ghi chú: Dấu sao …\"): %q", rc.legend)
	}
	if rc.knockout != "" {
		if rc.decision != "26/2026/QĐ-TTg" {
			return nil, nil, b.fail(rc.koLine, "knock-out line on a QĐ 148 card")
		}
		b.addRule(true, "ko.dossier", rc.knockout, "", rc.koLine)
	}
	for _, rp := range rc.parts {
		p, err := b.part(rp)
		if err != nil {
			return nil, nil, err
		}
		c.Parts = append(c.Parts, p)
	}
	if err := b.check(); err != nil {
		return nil, nil, err
	}
	return c, b.warn, nil
}

// classify fills Type/Group/Subgroup.
func (b *builder) classify() error {
	c, rc := b.card, b.rc
	pl, ok := phuLucI[rc.number]
	if !ok {
		return b.fail(1, "no Phụ lục I entry for card %d", rc.number)
	}
	if rc.class == "" {
		if rc.decision == "26/2026/QĐ-TTg" {
			return b.fail(0, "no classification line \"- (Sản phẩm: …)\"")
		}
		c.Type, c.Group, c.Subgroup = pl.typ, pl.group, pl.subgroup
		c.Notes = append(c.Notes, "Phân loại lấy theo Phụ lục I của QĐ 26/2026/QĐ-TTg (bản CSV của QĐ 148 không in dòng phân loại; Phụ lục I của QĐ 148 có cùng các nhóm/phân nhóm) "+
			"(classification taken from Phụ lục I of QĐ 26/2026: the QĐ 148 transcription prints no classification line; QĐ 148 Phụ lục I has the same groups)")
		return nil
	}
	m := reClass.FindStringSubmatch(rc.class)
	if m == nil {
		return b.fail(rc.classLine, "unrecognised classification line %q", rc.class)
	}
	// The Phụ lục I tree is the classification; the forms' own headings
	// word it differently at times ("Nông sản chế biến", "Dược liệu"),
	// which would split one product type in two. Keep what the form prints
	// as a note.
	c.Type, c.Group, c.Subgroup = pl.typ, pl.group, pl.subgroup
	printed := strings.TrimSpace(m[1])
	if g := strings.TrimSpace(m[2]); g != "" {
		printed += ". Nhóm: " + g
	}
	c.Notes = append(c.Notes, fmt.Sprintf("Phân loại theo Phụ lục I; phiếu in «Sản phẩm: %s» "+
		"(classification from Phụ lục I; the form prints this heading)", printed))
	return nil
}

// addRule records a knock-out or stop rule and returns its index.
func (b *builder) addRule(ko bool, id, text, crit string, line int) int {
	b.ruleSeen[id]++
	if n := b.ruleSeen[id]; n > 1 {
		id = fmt.Sprintf("%s.%d", id, n)
	}
	r := rulebook.Rule{ID: id, Text: text, Criterion: crit}
	if ko {
		b.card.KnockOuts = append(b.card.KnockOuts, r)
		return len(b.card.KnockOuts) - 1
	}
	b.card.Stops = append(b.card.Stops, r)
	return len(b.card.Stops) - 1
}

// ruleKind classifies a note printed on the form. It returns the rule ID
// base ("ko.copy", "stop.impurity", …), whether it is a knock-out, and
// whether an unclassified note looks like a rule.
func ruleKind(text string) (id string, ko bool, ruleLike bool) {
	l := strings.ToLower(text)
	switch {
	case strings.Contains(l, "bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu"):
		return "ko.raw_material", true, true
	case strings.Contains(l, "bị loại nếu phát hiện giống hệt sản phẩm"):
		return "ko.copy", true, true
	case strings.Contains(l, "nếu được 0 điểm tại một trong các chỉ tiêu trên"):
		return "stop.zero", false, true
	case strings.Contains(l, "tạp chất") && (strings.Contains(l, "không đánh giá các bước tiếp theo") || strings.Contains(l, "không xem xét các chỉ tiêu khác")):
		return "stop.impurity", false, true
	case strings.Contains(l, "không đánh giá các bước tiếp theo nếu không có phiếu công bố"):
		return "stop.declaration", false, true
	case strings.Contains(l, "không đánh giá các bước tiếp theo nếu") && strings.Contains(l, "đủ điều kiện attp"):
		return "stop.food_safety", false, true
	}
	for _, w := range []string{"bị loại", "loại bỏ", "không đánh giá", "không xem xét", "bước tiếp theo"} {
		if strings.Contains(l, w) {
			return "", false, true
		}
	}
	return "", false, false
}

// letterSeq is the Vietnamese order of lettered criteria.
var letterSeq = []string{"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k"}

// partTitles are the regular Part titles; others need an allowance.
var partTitles = map[string]map[string]bool{
	"A": {"SẢN PHẨM VÀ SỨC MẠNH CỦA CỘNG ĐỒNG": true, "SẢN PHẨM VÀ SỨC MẠNH CỘNG ĐỒNG": true},
	"B": {"KHẢ NĂNG TIẾP THỊ": true},
	"C": {"CHẤT LƯỢNG SẢN PHẨM": true},
}

// part builds one Phần.
func (b *builder) part(rp *rawPart) (*rulebook.Part, error) {
	max, err := b.num(rp.line, rp.max, "part maximum")
	if err != nil {
		return nil, err
	}
	p := &rulebook.Part{Code: rp.code, Title: rp.title, Max: max}
	b.lines[rp.code] = rp.line
	known := partTitles[rp.code][rp.title]
	switch allowed := b.fx.allow[rp.code+":title"]; {
	case !known && !allowed:
		return nil, b.fail(rp.line, "unexpected title of Phần %s: %q", rp.code, rp.title)
	case known && allowed:
		return nil, b.fail(rp.line, "title of Phần %s is regular: remove the allowance from fixes.go", rp.code)
	}
	if rp.printed != "" {
		pr, _ := strconv.ParseFloat(rp.printed, 64)
		if pr != max && !b.fx.allow[rp.code+":printed"] {
			return nil, b.fail(rp.line, "Phần %s heading prints (%s Điểm) but its maximum is %g", rp.code, rp.printed, max)
		}
	}
	for _, rs := range rp.sections {
		s, err := b.section(rs)
		if err != nil {
			return nil, err
		}
		p.Sections = append(p.Sections, s)
	}
	return p, nil
}

func (b *builder) num(line int, s, what string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 {
		return 0, b.fail(line, "%s %q is not a number", what, s)
	}
	return v, nil
}

// section builds one numbered section and its criteria.
func (b *builder) section(rs *rawSection) (*rulebook.Section, error) {
	max, err := b.num(rs.line, rs.max, "section maximum")
	if err != nil {
		return nil, err
	}
	s := &rulebook.Section{Code: rs.code, Title: rs.title, Max: max}
	b.lines["§"+rs.code] = rs.line
	firstRule := len(b.card.Stops)

	if len(rs.items) == 0 {
		// A section printed with options of its own.
		cr, err := b.criterion(rs.code, rs.title, rs.max, rs.line, rs.body)
		if err != nil {
			return nil, err
		}
		s.Criteria = append(s.Criteria, cr)
		b.fillOnZero(s, firstRule)
		return s, nil
	}

	// Section-level lines before the first criterion.
	var pending []element
	alternatives := false
	for _, e := range rs.body {
		switch {
		case e.kind == elQuote && e.text == chooseOne:
			alternatives = true
		case e.kind == elQuote:
			pending = append(pending, e)
		default:
			return nil, b.fail(e.line, "section %s has items and also %q", rs.code, e.text)
		}
	}

	if alternatives {
		// QĐ 148 tourism: "#### a. Trường hợp 1: …" headings.
		cr := &rulebook.Criterion{Code: rs.code, Title: rs.title, Max: max, Notes: []string{chooseOne}}
		b.lines[rs.code] = rs.line
		for _, it := range rs.items {
			if it.kind != itemCase || len(it.subs) > 0 {
				return nil, b.fail(it.line, "section %s chooses one case but %q is not a \"Trường hợp\" heading", rs.code, it.title)
			}
			if it.max != rs.max {
				return nil, b.fail(it.line, "case maximum %s differs from the section maximum %s", it.max, rs.max)
			}
			alt := rulebook.Alternative{Label: it.title}
			for _, e := range it.body {
				if e.kind != elRow {
					return nil, b.fail(e.line, "unexpected %q inside a case", e.text)
				}
				o, err := b.option(rs.code, len(cr.Choices())+len(alt.Options)+1, e)
				if err != nil {
					return nil, err
				}
				alt.Options = append(alt.Options, o)
			}
			if len(alt.Options) == 0 {
				return nil, b.fail(it.line, "case without options")
			}
			cr.Alternatives = append(cr.Alternatives, alt)
		}
		if len(pending) > 0 {
			return nil, b.fail(pending[0].line, "note %q on a section with cases", pending[0].text)
		}
		s.Criteria = append(s.Criteria, cr)
		return s, nil
	}

	// QĐ 148 may repeat a letter for sub-criteria ("a) Ngoại hình - Tạp
	// chất lạ", "a) Ngoại hình - Màu sắc", …): number them "6a.1", "6a.2".
	relabelNotes := map[*rawItem]string{}
	for _, it := range rs.items {
		if it.kind != itemLetter {
			continue
		}
		if ri, r := b.fx.relabeling(rs.code, it.label, it.title); r != nil {
			b.usedRelabel[ri] = true
			relabelNotes[it] = fmt.Sprintf("Bản CSV in ký hiệu «%s)» cho tiêu chí này (trùng với tiêu chí đứng trước); theo thứ tự a, b, c, d, đ, e… đây là «%s)» "+
				"(the CSV labels this criterion %s), repeating an earlier letter; in sequence it is %s))", it.label, r.to, it.label, r.to)
			it.label = r.to
		}
	}
	next := 0 // index in letterSeq of the next expected letter
	for i, it := range rs.items {
		if it.kind != itemLetter || (i > 0 && rs.items[i-1].label == it.label) {
			continue
		}
		if next >= len(letterSeq) || it.label != letterSeq[next] {
			return nil, b.fail(it.line, "criterion %s) of section %s is out of sequence", it.label, rs.code)
		}
		next++
	}
	for i, it := range rs.items {
		if it.kind != itemDotted {
			continue
		}
		if want := fmt.Sprintf("%s.%d", rs.code, i+1); it.label != want {
			return nil, b.fail(it.line, "criterion %s where %s was expected", it.label, want)
		}
		for j, sub := range it.subs {
			if want := fmt.Sprintf("%s.%d", it.label, j+1); sub.label != want {
				return nil, b.fail(sub.line, "sub-criterion %s where %s was expected", sub.label, want)
			}
		}
	}
	letterCount := map[string]int{}
	for i, it := range rs.items {
		if it.kind == itemLetter {
			letterCount[it.label]++
			if letterCount[it.label] > 1 && (i == 0 || rs.items[i-1].label != it.label) {
				return nil, b.fail(it.line, "letter %s) of section %s repeats an earlier, non-adjacent criterion", it.label, rs.code)
			}
		}
	}
	letterSeen := map[string]int{}

	for idx, it := range rs.items {
		body := it.body
		if idx == 0 && len(pending) > 0 {
			body = append(append([]element{}, pending...), body...)
		}
		switch {
		case it.kind == itemCase:
			return nil, b.fail(it.line, "\"Trường hợp\" heading without \"%s\"", chooseOne)

		case len(it.subs) > 0:
			// A group heading: only its leaves are criteria.
			code := it.label
			if it.kind == itemLetter {
				code = rs.code + it.label
			} else if !strings.HasPrefix(it.label, rs.code+".") {
				return nil, b.fail(it.line, "criterion %s is not in section %s", it.label, rs.code)
			}
			gmax, err := b.num(it.line, it.max, "group maximum")
			if err != nil {
				return nil, err
			}
			var groupNotes []string
			for _, e := range body {
				switch {
				case e.kind == elItalic && strings.HasPrefix(e.text, groupMsg):
				case e.kind == elQuote:
					groupNotes = append(groupNotes, e.text)
				default:
					return nil, b.fail(e.line, "unexpected %q under group heading %s", e.text, code)
				}
			}
			var leafCodes []string
			var sum float64
			var leaves []*rulebook.Criterion
			for i, sub := range it.subs {
				lcode := sub.label
				if sub.kind == itemDash {
					lcode = fmt.Sprintf("%s.%d", code, i+1)
				} else if !strings.HasPrefix(sub.label, it.label+".") {
					return nil, b.fail(sub.line, "sub-criterion %s is not under %s", sub.label, it.label)
				}
				cr, err := b.criterion(lcode, it.title+" — "+sub.title, sub.max, sub.line, sub.body)
				if err != nil {
					return nil, err
				}
				leafCodes = append(leafCodes, lcode)
				sum += cr.Max
				leaves = append(leaves, cr)
			}
			if sum != gmax {
				return nil, b.fail(it.line, "group %s: maximum %g but its sub-criteria add up to %g", code, gmax, sum)
			}
			note := fmt.Sprintf("Thuộc nhóm chỉ tiêu %s «%s» (tối đa %g điểm = tổng các chỉ tiêu %s; nhóm không được chấm riêng) "+
				"(part of group heading %s, whose points are the sum of its sub-criteria)",
				code, it.title, gmax, strings.Join(leafCodes, ", "), code)
			group := &rulebook.Group{Code: code, Title: it.title, Max: gmax}
			for _, cr := range leaves {
				cr.Group = group
				cr.Notes = append(append([]string{note}, groupNotes...), cr.Notes...)
				s.Criteria = append(s.Criteria, cr)
			}

		case it.kind == itemLetter && letterCount[it.label] > 1:
			letterSeen[it.label]++
			code := fmt.Sprintf("%s%s.%d", rs.code, it.label, letterSeen[it.label])
			cr, err := b.criterion(code, it.title, it.max, it.line, body)
			if err != nil {
				return nil, err
			}
			cr.Notes = append([]string{fmt.Sprintf("Bản CSV in cùng ký hiệu «%s)» cho %d chỉ tiêu con; mã %s được đánh theo thứ tự in "+
				"(the CSV repeats the letter %s) for %d sub-criteria; codes are numbered in printed order)",
				it.label, letterCount[it.label], code, it.label, letterCount[it.label])}, cr.Notes...)
			s.Criteria = append(s.Criteria, cr)

		default:
			code := it.label
			if it.kind == itemLetter {
				code = rs.code + it.label
			} else if !strings.HasPrefix(it.label, rs.code+".") {
				return nil, b.fail(it.line, "criterion %s is not in section %s", it.label, rs.code)
			}
			title, maxStr := it.title, it.max
			var extra []string
			if title == "" {
				if len(rs.items) != 1 {
					return nil, b.fail(it.line, "criterion %s has no title", code)
				}
				title = rs.title
				extra = append(extra, "Bản CSV không in tên tiêu chí; dùng tên mục (the CSV prints no criterion title; the section title is used)")
			}
			if maxStr == "" {
				if len(rs.items) != 1 {
					return nil, b.fail(it.line, "criterion %s has no maximum", code)
				}
				maxStr = rs.max
				extra = append(extra, "Bản CSV không in điểm tối đa của tiêu chí; dùng điểm của mục (the CSV prints no maximum for the criterion; the section maximum is used)")
			}
			cr, err := b.criterion(code, title, maxStr, it.line, body)
			if err != nil {
				return nil, err
			}
			cr.Notes = append(cr.Notes, extra...)
			if n := relabelNotes[it]; n != "" {
				cr.Notes = append(cr.Notes, n)
			}
			s.Criteria = append(s.Criteria, cr)
		}
	}
	b.fillOnZero(s, firstRule)
	return s, nil
}

// fillOnZero gives each stop.zero rule made in this section the criteria
// "above" it: those of the section printed up to and including the one the
// note is printed under.
func (b *builder) fillOnZero(s *rulebook.Section, firstRule int) {
	for i := firstRule; i < len(b.card.Stops); i++ {
		r := &b.card.Stops[i]
		if !strings.HasPrefix(r.ID, "stop.zero") {
			continue
		}
		for _, cr := range s.Criteria {
			r.OnZero = append(r.OnZero, cr.Code)
			if cr.Code == r.Criterion {
				break
			}
		}
	}
}

// criterion builds one answerable criterion from its heading and body.
func (b *builder) criterion(code, title, maxStr string, line int, body []element) (*rulebook.Criterion, error) {
	cr := &rulebook.Criterion{Code: code}
	b.lines[code] = line
	// A criterion-level star marker (QĐ 148 "Sở hữu trí tuệ****").
	if m := reTitleStar.FindStringSubmatch(title); m != nil {
		title = strings.TrimSpace(m[1])
		cr.Notes = append(cr.Notes, fmt.Sprintf("Tên tiêu chí được in kèm dấu %s (mức %d sao) ở cấp tiêu chí, không gắn với phương án nào; "+
			"dữ liệu không ghi mức tối thiểu cho tiêu chí này "+
			"(the criterion title itself carries the %d★ marker, not one of its options; no option minimum is recorded)",
			m[2], len(m[2]), len(m[2])))
	}
	// "Trí tuệ/bản sắc địa phương Yêu cầu: …" printed inside the heading.
	if i := strings.Index(title, " Yêu cầu: "); i >= 0 {
		cr.Requirement = strings.TrimSpace(title[i+1:])
		title = strings.TrimSpace(title[:i])
	}
	// "Trí tuệ/bản sắc địa phương Chỉ áp dụng khi có câu chuyện, …" (QĐ 148).
	if i := strings.Index(title, " Chỉ áp dụng khi "); i >= 0 {
		cr.Notes = append(cr.Notes, strings.TrimSpace(title[i+1:]))
		title = strings.TrimSpace(title[:i])
	}
	if title == "" {
		return nil, b.fail(line, "criterion %s has an empty title", code)
	}
	cr.Title = title
	if maxStr == "" {
		return nil, b.fail(line, "criterion %s has no maximum", code)
	}
	max, err := b.num(line, maxStr, "criterion maximum")
	if err != nil {
		return nil, err
	}
	cr.Max = max

	alternatives := false
	var alt *rulebook.Alternative
	yesNo := false
	index := 0 // 1-based option index in Choices() order
	note := func(e element) {
		id, ko, like := ruleKind(e.text)
		switch {
		case id != "":
			b.addRule(ko, id, e.text, code, e.line)
		case like:
			b.warnf(e.line, "rule-like note kept as a note of %s: %q", code, e.text)
			cr.Notes = append(cr.Notes, e.text)
		default:
			cr.Notes = append(cr.Notes, e.text)
		}
	}
	startCase := func(e element, label string) error {
		if !alternatives {
			return b.fail(e.line, "%q without \"%s\"", e.text, chooseOne)
		}
		cr.Alternatives = append(cr.Alternatives, rulebook.Alternative{Label: label})
		alt = &cr.Alternatives[len(cr.Alternatives)-1]
		return nil
	}
	for _, e := range body {
		switch e.kind {
		case elQuote:
			switch {
			case strings.HasPrefix(e.text, "Yêu cầu:"):
				if cr.Requirement != "" {
					return nil, b.fail(e.line, "second requirement on %s", code)
				}
				cr.Requirement = e.text
			case e.text == chooseOne:
				alternatives = true
				cr.Notes = append(cr.Notes, e.text)
			case reCaseLabel.MatchString(e.text):
				if err := startCase(e, reCaseLabel.FindStringSubmatch(e.text)[2]); err != nil {
					return nil, err
				}
			default:
				note(e)
			}
		case elNote:
			if m := reCaseLabel.FindStringSubmatch(e.text); m != nil {
				if alt == nil || len(alt.Options) == 0 {
					return nil, b.fail(e.line, "case %q follows an empty case", e.text)
				}
				if err := startCase(e, m[2]); err != nil {
					return nil, err
				}
				continue
			}
			note(e)
		case elRow:
			if alternatives && alt == nil {
				return nil, b.fail(e.line, "option before the first \"Trường hợp\"")
			}
			index++
			o, err := b.option(code, index, e)
			if err != nil {
				return nil, err
			}
			if alt != nil {
				alt.Options = append(alt.Options, o)
			} else {
				cr.Options = append(cr.Options, o)
			}
		case elItalic:
			switch {
			case strings.HasPrefix(e.text, noOptionsMsg):
				yesNo = true
			case e.text == critStarMsg:
				if !strings.Contains(strings.Join(cr.Notes, " "), "ở cấp tiêu chí") {
					return nil, b.fail(e.line, "%q but the title of %s carries no marker", e.text, code)
				}
			default:
				return nil, b.fail(e.line, "unrecognised paragraph %q", e.text)
			}
		default:
			return nil, b.fail(e.line, "unexpected element %q", e.text)
		}
	}
	if alternatives && len(cr.Alternatives) < 2 {
		return nil, b.fail(line, "criterion %s announces cases but has %d", code, len(cr.Alternatives))
	}
	for _, a := range cr.Alternatives {
		if len(a.Options) == 0 {
			return nil, b.fail(line, "case %q of %s has no options", a.Label, code)
		}
	}
	hasOpts := len(cr.Options) > 0 || len(cr.Alternatives) > 0
	switch {
	case yesNo && hasOpts:
		return nil, b.fail(line, "criterion %s says it has no options but has some", code)
	case !yesNo && !hasOpts:
		return nil, b.fail(line, "criterion %s has no options", code)
	}
	cr.YesNo = yesNo
	return cr, nil
}

// option parses one table row.
func (b *builder) option(code string, index int, e element) (rulebook.Option, error) {
	var o rulebook.Option
	fi, f := b.fx.option(code, index)
	if f != nil {
		b.usedOpt[fi] = true
		o.Note = f.note
	}
	text := e.text
	switch {
	case strings.HasPrefix(text, "□ "):
		text = strings.TrimPrefix(text, "□ ")
	case strings.HasPrefix(text, "o ") && f != nil && f.bullet:
		text = strings.TrimPrefix(text, "o ")
	default:
		return o, b.fail(e.line, "option of %s does not start with \"□ \": %q", code, text)
	}
	if i := strings.Index(text, ipNote); i >= 0 {
		if strings.TrimSpace(text[i+len(ipNote):]) != "" {
			return o, b.fail(e.line, "text after the intellectual-property note: %q", text)
		}
		b.addRule(true, "ko.ip", ipNote, code, e.line)
		text = strings.TrimSpace(text[:i])
	}
	stars := 0
	if m := reStars.FindStringSubmatch(text); m != nil {
		if strings.Contains(m[2], " ") && (f == nil || !f.spacedStars) {
			return o, b.fail(e.line, "star marker printed with spaces %q", m[2])
		}
		stars = strings.Count(m[2], "*")
		text = strings.TrimSpace(m[1]) + m[3]
	}
	if strings.Contains(text, "*") {
		return o, b.fail(e.line, "asterisk inside an option text: %q", text)
	}
	if stars != 0 && (stars < 3 || stars > 5) {
		return o, b.fail(e.line, "%d asterisks after an option", stars)
	}
	col := 0
	switch e.minFor {
	case "":
	case "3★", "4★", "5★":
		col = int(e.minFor[0] - '0')
	default:
		return o, b.fail(e.line, "unrecognised Min-for cell %q", e.minFor)
	}
	if col != stars {
		return o, b.fail(e.line, "Min-for column says %q but the text carries %d asterisks", e.minFor, stars)
	}
	o.Text, o.MinFor = text, col

	switch {
	case f != nil && f.points != nil:
		if e.points != f.printed {
			return o, b.fail(e.line, "fix for %s option %d expects the points cell %q, found %q", code, index, f.printed, e.points)
		}
		o.Points = *f.points
	default:
		v, err := b.num(e.line, e.points, fmt.Sprintf("points of %s option %d", code, index))
		if err != nil {
			return o, err
		}
		o.Points = v
	}
	return o, nil
}

// check verifies the sums, the codes, the fixes and the flags of the card.
func (b *builder) check() error {
	c := b.card
	codes := map[string]bool{}
	var total float64
	secNo := 0
	for _, p := range c.Parts {
		var psum float64
		for _, s := range p.Sections {
			secNo++
			if s.Code != strconv.Itoa(secNo) {
				return b.fail(b.lines["§"+s.Code], "section %s where %d was expected", s.Code, secNo)
			}
			var ssum float64
			for _, cr := range s.Criteria {
				if codes[cr.Code] {
					return b.fail(b.lines[cr.Code], "duplicate criterion code %s", cr.Code)
				}
				codes[cr.Code] = true
				ssum += cr.Max
				if err := b.checkCriterion(cr); err != nil {
					return err
				}
			}
			if ssum != s.Max {
				return b.fail(b.lines["§"+s.Code], "section %s: maximum %g but its criteria add up to %g", s.Code, s.Max, ssum)
			}
			psum += s.Max
		}
		if psum != p.Max && !b.fx.allow[p.Code+":sum"] {
			return b.fail(b.lines[p.Code], "Phần %s: maximum %g but its sections add up to %g", p.Code, p.Max, psum)
		}
		if psum == p.Max && b.fx.allow[p.Code+":sum"] {
			return b.fail(b.lines[p.Code], "Phần %s adds up: remove the allowance from fixes.go", p.Code)
		}
		total += p.Max
	}
	if total != 100 {
		return b.fail(0, "parts add up to %g, want 100", total)
	}
	want := map[string]float64{"A": 40, "B": 25, "C": 35}
	for i, p := range c.Parts {
		if p.Code != string(rune('A'+i)) || p.Max != want[p.Code] {
			return b.fail(b.lines[p.Code], "part %d is %s with maximum %g", i+1, p.Code, p.Max)
		}
	}
	for _, r := range append(slices.Clone(c.KnockOuts), c.Stops...) {
		if r.Criterion != "" && !codes[r.Criterion] {
			return b.fail(b.lines[r.Criterion], "rule %s refers to unknown criterion %s", r.ID, r.Criterion)
		}
	}
	for i, r := range b.fx.relabel {
		if !b.usedRelabel[i] {
			return b.fail(0, "relabelling of %s%s) %q was not applied", r.section, r.from, r.title)
		}
	}
	for i, f := range b.fx.options {
		if !b.usedOpt[i] {
			return b.fail(b.lines[f.crit], "fix for %s option %d was not applied (no such option)", f.crit, f.opt)
		}
	}
	// Every "⚠" flag of the transcription must be acknowledged in fixes.go.
	for _, fl := range b.rc.flags {
		ok := false
		for _, s := range b.fx.flags {
			if strings.Contains(fl.text, s) {
				ok = true
			}
		}
		if !ok {
			return b.fail(fl.line, "flag not handled in fixes.go: %q", fl.text)
		}
	}
	return b.checkSummary()
}

func (b *builder) checkCriterion(cr *rulebook.Criterion) error {
	if cr.YesNo {
		if cr.Max <= 0 {
			return b.fail(b.lines[cr.Code], "yes/no criterion %s has maximum %g", cr.Code, cr.Max)
		}
		return nil
	}
	sets := [][]rulebook.Option{cr.Options}
	if len(cr.Alternatives) > 0 {
		sets = nil
		for _, a := range cr.Alternatives {
			sets = append(sets, a.Options)
		}
	}
	for _, set := range sets {
		best := 0.0
		for _, o := range set {
			best = max(best, o.Points)
		}
		if best != cr.Max {
			return b.fail(b.lines[cr.Code], "criterion %s: maximum %g but the best option is worth %g", cr.Code, cr.Max, best)
		}
	}
	return nil
}

var reSummaryCode = regexp.MustCompile(`^(\d+(?:\.\d+)*)\.? `)

// checkSummary compares the star minimums with the "Derived summary" of
// the transcription: per star level the number of marked options and, on
// QĐ 26/2026 cards (whose summary names criteria by code), the code and
// points of each.
func (b *builder) checkSummary() error {
	data := map[int][]string{}
	for _, p := range b.card.Parts {
		for _, s := range p.Sections {
			for _, cr := range s.Criteria {
				opts := cr.Options
				for _, a := range cr.Alternatives {
					opts = append(slices.Clone(opts), a.Options...)
				}
				for _, o := range opts {
					if o.MinFor > 0 {
						data[o.MinFor] = append(data[o.MinFor], fmt.Sprintf("%s≥%g", cr.Code, o.Points))
					}
				}
			}
		}
	}
	seen := map[int]bool{}
	for _, e := range b.rc.summary {
		var level int
		var rest string
		for _, l := range []int{3, 4, 5} {
			for _, pre := range []string{fmt.Sprintf("- **%d★** requires at least: ", l), fmt.Sprintf("- **%d★**: ", l)} {
				if strings.HasPrefix(e.text, pre) {
					level, rest = l, strings.TrimPrefix(e.text, pre)
				}
			}
		}
		if level == 0 {
			return b.fail(e.line, "unrecognised summary line %q", e.text)
		}
		seen[level] = true
		var got []string
		if rest != "(no option marked)" && rest != "(none marked)" {
			n := strings.Count(rest, " ≥ ")
			if b.rc.decision == "26/2026/QĐ-TTg" {
				// Items are "6.1.1. Title ≥ 2", joined by "; " (titles may contain "; ").
				var items []string
				for _, piece := range strings.Split(rest, "; ") {
					if reSummaryCode.MatchString(piece) || len(items) == 0 {
						items = append(items, piece)
					} else {
						items[len(items)-1] += "; " + piece
					}
				}
				for _, it := range items {
					m := reSummaryCode.FindStringSubmatch(it)
					i := strings.LastIndex(it, " ≥ ")
					if m == nil || i < 0 {
						return b.fail(e.line, "unrecognised summary item %q", it)
					}
					got = append(got, m[1]+"≥"+it[i+len(" ≥ "):])
				}
			} else {
				for range n {
					got = append(got, "")
				}
			}
		}
		want := data[level]
		if b.rc.decision != "26/2026/QĐ-TTg" {
			want = make([]string, len(want))
		}
		slices.Sort(got)
		w := slices.Sorted(slices.Values(want))
		if !slices.Equal(got, w) {
			return b.fail(e.line, "%d★ minimums %v differ from the derived summary %v", level, w, got)
		}
	}
	for _, l := range []int{3, 4, 5} {
		if !seen[l] {
			return b.fail(0, "derived summary has no %d★ line", l)
		}
	}
	return nil
}
