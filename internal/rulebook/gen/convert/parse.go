// Package convert turns the scorecard transcriptions of the shared
// reference (one markdown file per scorecard, see
// /work/shared/reference/scorecards) into rulebook.Card values and the
// JSON files embedded by package rulebook.
//
// The markdown is mechanical: "## Phần X … — max N", "### N. SECTION —
// max N", "#### N.N. criterion — max N" (QĐ 148: "#### a) …"), "> " lines,
// option tables and a derived summary. Anything the parser does not
// recognise is an error naming the file and line; source typos are only
// corrected through the explicit table in fixes.go.
package convert

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// srcError is an error at a line of a source file.
type srcError struct {
	file string
	line int
	msg  string
}

func (e *srcError) Error() string {
	if e.line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.file, e.line, e.msg)
	}
	return fmt.Sprintf("%s: %s", e.file, e.msg)
}

// element kinds of a criterion or section body, in printed order.
const (
	elQuote  = iota // "> text"
	elRow           // option row
	elNote          // table note row "|  | _text_ |  |  |"
	elItalic        // "_text_" paragraph
	elFlag          // "- ⚠ …" line inside the parts
)

type element struct {
	kind   int
	line   int
	text   string
	points string // raw points cell (rows)
	minFor string // raw Min-for cell (rows)
}

// rawItem is a "####" (or "#####", or QĐ 148 "#### - …") heading.
type rawItem struct {
	line  int
	kind  int    // itemDotted, itemLetter, itemDash, itemCase
	label string // "1.1", "6.1.2", "a", "đ", "-"
	title string
	max   string // raw, may be empty
	body  []element
	subs  []*rawItem
}

const (
	itemDotted = iota // 26/2026 "#### 1.1." and "##### 6.1.1."
	itemLetter        // 148 "#### a)"
	itemDash          // 148 "#### - Tạp chất" under a letter group
	itemCase          // 148 "#### a. Trường hợp 1: …"
)

type rawSection struct {
	line  int
	code  string
	title string
	max   string
	body  []element
	items []*rawItem
}

type rawPart struct {
	line     int
	code     string
	title    string
	printed  string // "(40 Điểm)" value, may be empty
	max      string
	sections []*rawSection
}

// rawCard is everything read from one file.
type rawCard struct {
	file      string // base name without extension, "qd26-01-…"
	key       string // "qd26-01"
	decision  string // "26/2026/QĐ-TTg" or "148/QĐ-TTg"
	number    int
	name      string
	class     string // "(Sản phẩm: …)" line, without the dash
	classLine int
	knockout  string
	koLine    int
	legend    string
	flags     []element // every "- ⚠" line, wherever printed
	parts     []*rawPart
	summary   []element // "- **N★** …" lines of the derived summary
}

var (
	reTitle    = regexp.MustCompile(`^# Scorecard QĐ (26/2026/QĐ-TTg|148/QĐ-TTg \(2023\)) — Bộ sản phẩm (\d+): (.+)$`)
	rePart     = regexp.MustCompile(`^## (?:Phần|PHẦN) ([ABC])[:.]? (.+?)(?: \((\d+) [Đđ]iểm\))?$`)
	reSection  = regexp.MustCompile(`^### (\d+)\.? (.+)$`)
	reDotted   = regexp.MustCompile(`^#### (\d+\.\d+)\.? (.+)$`)
	reSub      = regexp.MustCompile(`^##### (\d+\.\d+\.\d+)\.? (.+)$`)
	reLetter   = regexp.MustCompile(`^#### ([a-zđ]) ?\)(?: (.*))?$`)
	reCase     = regexp.MustCompile(`^#### ([a-z])\. (Trường hợp \d+: .+)$`)
	reDash     = regexp.MustCompile(`^#### - (.+)$`)
	reRow      = regexp.MustCompile(`^\| (\d+) \| (.*) \| (.*) \| (.*) \|$`)
	reNoteRow  = regexp.MustCompile(`^\|  \| _(.*)_ \|  \|  \|$`)
	reItalic   = regexp.MustCompile(`^_(.*)_$`)
	reFileName = regexp.MustCompile(`^(qd(?:26|148))-(\d\d)-[a-z0-9-]+$`)
)

// splitMax cuts "heading — max N" into heading and "N" (may be empty).
func splitMax(s string) (string, string, bool) {
	i := strings.LastIndex(s, " — max")
	if i < 0 {
		return s, "", false
	}
	return strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(" — max"):]), true
}

// readRaw reads one markdown file into a rawCard.
func readRaw(path string) (*rawCard, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	base := strings.TrimSuffix(filepath.Base(path), ".md")
	m := reFileName.FindStringSubmatch(base)
	if m == nil {
		return nil, &srcError{base + ".md", 0, "file name is not qd26-NN-… or qd148-NN-…"}
	}
	rc := &rawCard{file: base + ".md", key: m[1] + "-" + m[2]}
	fail := func(line int, format string, a ...any) error {
		return &srcError{rc.file, line, fmt.Sprintf(format, a...)}
	}

	const (
		zPreamble = iota
		zKnockout
		zLegend
		zIntegrity
		zParts
		zSummary
	)
	zone := zPreamble
	var part *rawPart
	var sec *rawSection
	var item *rawItem // current "####" item
	var sub *rawItem  // current "#####" or dash item
	inTable := false

	// body returns where body elements currently go.
	body := func(line int) (*[]element, error) {
		switch {
		case sub != nil:
			return &sub.body, nil
		case item != nil:
			return &item.body, nil
		case sec != nil:
			return &sec.body, nil
		}
		return nil, fail(line, "content outside any section")
	}

	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), " \t")
		raw := sc.Text()
		if n == 1 {
			t := reTitle.FindStringSubmatch(line)
			if t == nil {
				return nil, fail(n, "first line is not a scorecard title: %q", line)
			}
			rc.decision = "26/2026/QĐ-TTg"
			if strings.HasPrefix(t[1], "148") {
				rc.decision = "148/QĐ-TTg"
			}
			rc.number, _ = strconv.Atoi(t[2])
			rc.name = strings.TrimSpace(t[3])
			continue
		}
		if line == "" {
			inTable = false
			continue
		}
		// Zone changes.
		if strings.HasPrefix(line, "## ") {
			inTable = false
			switch {
			case line == "## Disqualification (knock-out) rule printed on the form":
				zone = zKnockout
				continue
			case line == "## Star-marker legend (verbatim from the form)":
				zone = zLegend
				continue
			case strings.HasPrefix(line, "## Integrity check"):
				zone = zIntegrity
				continue
			case strings.HasPrefix(line, "## Derived summary"):
				zone = zSummary
				continue
			}
			head, max, ok := splitMax(line)
			pm := rePart.FindStringSubmatch(head)
			if !ok || pm == nil {
				return nil, fail(n, "unrecognised heading %q", line)
			}
			zone = zParts
			part = &rawPart{line: n, code: pm[1], title: strings.TrimSpace(pm[2]), printed: pm[3], max: max}
			rc.parts = append(rc.parts, part)
			sec, item, sub = nil, nil, nil
			continue
		}
		switch zone {
		case zPreamble:
			switch {
			case strings.HasPrefix(line, "**"), strings.HasPrefix(line, "Official page"):
			case strings.HasPrefix(line, "- ("):
				if rc.class != "" {
					return nil, fail(n, "second classification line")
				}
				rc.class, rc.classLine = strings.TrimPrefix(line, "- "), n
			case strings.HasPrefix(line, "- Tên sản phẩm"), strings.HasPrefix(line, "- Mã số sản phẩm"),
				strings.HasPrefix(line, "- T: Mã tỉnh"), strings.HasPrefix(line, "- Tên chủ thể"):
			default:
				return nil, fail(n, "unrecognised preamble line %q", line)
			}
		case zKnockout:
			if !strings.HasPrefix(line, "> ") || rc.knockout != "" {
				return nil, fail(n, "expected exactly one \"> \" knock-out line, got %q", line)
			}
			rc.knockout, rc.koLine = strings.TrimSpace(strings.TrimPrefix(line, "> ")), n
		case zLegend:
			switch {
			case strings.HasPrefix(line, "> "):
				rc.legend = strings.TrimPrefix(line, "> ")
			case strings.HasPrefix(line, "Column **Min-for**"):
			default:
				return nil, fail(n, "unrecognised legend line %q", line)
			}
		case zIntegrity:
			switch {
			case strings.HasPrefix(line, "- ⚠"):
				rc.flags = append(rc.flags, element{kind: elFlag, line: n, text: strings.TrimSpace(strings.TrimPrefix(line, "- ⚠"))})
			case strings.HasPrefix(line, "- Parts:"), strings.HasPrefix(line, "- All part/section/criterion maxima add up"):
			default:
				return nil, fail(n, "unrecognised integrity line %q", line)
			}
		case zSummary:
			if strings.HasPrefix(line, "- **") {
				rc.summary = append(rc.summary, element{line: n, text: line})
			}
		case zParts:
			if strings.HasPrefix(line, "#") {
				inTable = false
				head, max, ok := splitMax(line)
				if !ok {
					return nil, fail(n, "heading without \"— max\": %q", line)
				}
				if strings.HasPrefix(line, "### ") {
					m := reSection.FindStringSubmatch(head)
					if m == nil {
						return nil, fail(n, "unrecognised section heading %q", line)
					}
					sec = &rawSection{line: n, code: m[1], title: strings.TrimSpace(m[2]), max: max}
					part.sections = append(part.sections, sec)
					item, sub = nil, nil
					continue
				}
				if sec == nil {
					return nil, fail(n, "criterion heading outside a section: %q", line)
				}
				if m := reSub.FindStringSubmatch(head); m != nil {
					if item == nil || item.kind != itemDotted {
						return nil, fail(n, "sub-criterion %q without a criterion heading", line)
					}
					sub = &rawItem{line: n, kind: itemDotted, label: m[1], title: strings.TrimSpace(m[2]), max: max}
					item.subs = append(item.subs, sub)
					continue
				}
				if m := reDash.FindStringSubmatch(head); m != nil {
					if item == nil || item.kind != itemLetter {
						return nil, fail(n, "dash item %q without a lettered criterion heading", line)
					}
					sub = &rawItem{line: n, kind: itemDash, label: "-", title: strings.TrimSpace(m[1]), max: max}
					item.subs = append(item.subs, sub)
					continue
				}
				var it *rawItem
				if m := reDotted.FindStringSubmatch(head); m != nil {
					it = &rawItem{line: n, kind: itemDotted, label: m[1], title: strings.TrimSpace(m[2]), max: max}
				} else if m := reCase.FindStringSubmatch(head); m != nil {
					it = &rawItem{line: n, kind: itemCase, label: m[1], title: strings.TrimSpace(m[2]), max: max}
				} else if m := reLetter.FindStringSubmatch(head); m != nil {
					it = &rawItem{line: n, kind: itemLetter, label: m[1], title: strings.TrimSpace(m[2]), max: max}
				} else if strings.HasPrefix(head, "#### ") && strings.TrimSpace(strings.TrimPrefix(head, "####")) == "" {
					return nil, fail(n, "empty criterion heading %q", line)
				} else {
					return nil, fail(n, "unrecognised criterion heading %q", line)
				}
				sec.items = append(sec.items, it)
				item, sub = it, nil
				continue
			}
			b, err := body(n)
			if err != nil {
				return nil, err
			}
			switch {
			case strings.HasPrefix(line, "| # | Option (verbatim) | Points | Min-for |"):
				inTable = true
			case line == "|---|---|---|---|":
				if !inTable {
					return nil, fail(n, "table separator without header")
				}
			case strings.HasPrefix(line, "|"):
				if !inTable {
					return nil, fail(n, "table row without header")
				}
				if m := reNoteRow.FindStringSubmatch(raw); m != nil {
					*b = append(*b, element{kind: elNote, line: n, text: strings.TrimSpace(m[1])})
					continue
				}
				m := reRow.FindStringSubmatch(raw)
				if m == nil || strings.Count(raw, "|") != 5 {
					return nil, fail(n, "unrecognised table row %q", line)
				}
				*b = append(*b, element{kind: elRow, line: n, text: strings.TrimSpace(m[2]),
					points: strings.TrimSpace(m[3]), minFor: strings.TrimSpace(m[4])})
			case strings.HasPrefix(line, "> "):
				*b = append(*b, element{kind: elQuote, line: n, text: strings.TrimSpace(strings.TrimPrefix(line, "> "))})
			case strings.HasPrefix(line, "- ⚠"):
				rc.flags = append(rc.flags, element{kind: elFlag, line: n, text: strings.TrimSpace(strings.TrimPrefix(line, "- ⚠"))})
			case reItalic.MatchString(line):
				*b = append(*b, element{kind: elItalic, line: n, text: reItalic.FindStringSubmatch(line)[1]})
			default:
				return nil, fail(n, "unrecognised line %q", line)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if rc.number == 0 {
		return nil, fail(0, "no title line")
	}
	if want := fmt.Sprintf("%02d", rc.number); !strings.HasSuffix(rc.key, "-"+want) {
		return nil, fail(1, "title says card %d but the file name says %s", rc.number, rc.key)
	}
	if (rc.decision == "148/QĐ-TTg") != strings.HasPrefix(rc.key, "qd148") {
		return nil, fail(1, "decision %s does not match the file name", rc.decision)
	}
	if len(rc.parts) != 3 {
		return nil, fail(0, "%d parts, want 3 (A, B, C)", len(rc.parts))
	}
	return rc, nil
}
