// Package pdf renders simple, official-looking Vietnamese documents
// (registration forms, reports, later certificates) to PDF.
//
// Text is set in Be Vietnam Pro (SIL OFL 1.1, embedded from fonts/), which
// has precomposed glyphs for every Vietnamese letter, so the output keeps all
// diacritics and text extractors such as pdftotext read it back exactly.
// All input text is normalised to Unicode NFC first, so decomposed input
// ("e" + U+0302 + U+0301) renders the same as precomposed "ế".
//
// A Doc is an A4 portrait page flow with 20 mm margins. Elements are added
// top to bottom; pages are added automatically. Drawing methods do not
// return errors: the first error is kept and returned by Bytes.
package pdf

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/signintech/gopdf"
	"golang.org/x/text/unicode/norm"
)

//go:embed fonts/BeVietnamPro_400Regular.ttf
var fontRegular []byte

//go:embed fonts/BeVietnamPro_700Bold.ttf
var fontBold []byte

const (
	family = "BeVietnamPro"

	pageW  = 210.0 // A4, mm
	pageH  = 297.0
	margin = 20.0
	left   = margin
	right  = pageW - margin
	top    = margin
	bottom = pageH - margin
	width  = right - left

	bodySize    = 12.0 // pt
	headerSize  = 13.0
	headingSize = 15.0
	tableSize   = 10.5
	leading     = 1.45 // line height as a multiple of the font size
	cellPad     = 1.5  // mm, inside table cells

	ptToMM = 25.4 / 72
)

// Doc is a document being built. Create one with New.
type Doc struct {
	pdf     *gopdf.GoPdf
	y       float64 // top of the next element, mm from the page top
	bold    bool
	size    float64
	err     error
	missing map[rune]bool // runes the font has no glyph for
}

// New starts an A4 portrait document whose PDF title metadata is title.
func New(title string) (*Doc, error) {
	d := &Doc{pdf: &gopdf.GoPdf{}, missing: map[rune]bool{}}
	d.pdf.Start(gopdf.Config{Unit: gopdf.UnitMM, PageSize: *gopdf.PageSizeA4})
	d.pdf.SetMargins(left, top, margin, margin)
	d.pdf.SetInfo(gopdf.PdfInfo{
		Title:        infoText(title),
		Producer:     "OCOP",
		CreationDate: time.Now(),
	})
	for _, f := range []struct {
		style int
		data  []byte
	}{{gopdf.Regular, fontRegular}, {gopdf.Bold, fontBold}} {
		err := d.pdf.AddTTFFontDataWithOption(family, f.data, gopdf.TtfOption{
			Style:           f.style,
			OnGlyphNotFound: func(r rune) { d.missing[r] = true },
		})
		if err != nil {
			return nil, fmt.Errorf("pdf: load font: %w", err)
		}
	}
	d.newPage()
	d.setFont(false, bodySize)
	return d, nil
}

// FormatDate writes t the way Vietnamese administrative documents do:
// "ngày 05 tháng 02 năm 2026" — a leading zero for days below 10 and for
// January and February, none for the other months.
func FormatDate(t time.Time) string {
	month := fmt.Sprint(int(t.Month()))
	if t.Month() <= 2 {
		month = "0" + month
	}
	return fmt.Sprintf("ngày %02d tháng %s năm %d", t.Day(), month, t.Year())
}

// NationalHeader writes the national title and motto, centred and bold,
// with a short rule under the motto.
func (d *Doc) NationalHeader() {
	d.centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true, headerSize)
	w := d.measure("Độc lập - Tự do - Hạnh phúc", true, headerSize)
	d.centred("Độc lập - Tự do - Hạnh phúc", true, headerSize)
	d.rule(pageW/2-w/2, pageW/2+w/2, d.y+1)
	d.y += 7
}

// Heading writes text centred, bold and larger, wrapped if needed.
func (d *Doc) Heading(text string) {
	d.space(3)
	d.centred(text, true, headingSize)
	d.space(3)
}

// Paragraph writes text wrapped to the page width, starting a new page when
// needed. Newlines in text start new lines.
func (d *Doc) Paragraph(text string) {
	d.flow([]run{{text: text}}, bodySize)
	d.space(2)
}

// Field writes "label: value" as one wrapped block with the label in bold.
func (d *Doc) Field(label, value string) {
	d.flow([]run{{text: label + ":", bold: true}, {text: " " + value}}, bodySize)
	d.space(1)
}

// Table draws a bordered table. widths are relative column widths, scaled
// to the page width (nil or a wrong length means equal columns). Cells wrap;
// a row that does not fit goes to a new page, where the header row is drawn
// again, and a row taller than a whole page is split across pages.
func (d *Doc) Table(headers []string, widths []float64, rows [][]string) {
	ncol := len(headers)
	for _, r := range rows {
		ncol = max(ncol, len(r))
	}
	if ncol == 0 {
		return
	}
	cols := columnWidths(widths, ncol)
	lh := tableSize * leading * ptToMM
	wrapRow := func(cells []string, bold bool) [][]string {
		out := make([][]string, ncol)
		for i := range out {
			cell := ""
			if i < len(cells) {
				cell = cells[i]
			}
			for _, l := range d.wrap([]run{{text: cell, bold: bold}}, cols[i]-2*cellPad, tableSize) {
				out[i] = append(out[i], l.String())
			}
		}
		return out
	}
	var head [][]string
	if len(headers) > 0 {
		head = wrapRow(headers, true)
	}
	drawHeader := func() {
		if head != nil {
			d.tableRow(cols, head, 0, maxLines(head), true, lh)
		}
	}
	d.space(1)
	// Keep the header with at least one line of the first row.
	if need := rowHeight(maxLines(head), lh) + rowHeight(1, lh); d.y+need > bottom {
		d.newPage()
	}
	drawHeader()
	for _, r := range rows {
		cells := wrapRow(r, false)
		total := maxLines(cells)
		for from := 0; from < total; {
			fit := int((bottom - d.y - 2*cellPad) / lh)
			rest := total - from
			freshPage := d.y <= top+rowHeight(maxLines(head), lh)+0.01
			if fit < rest && !freshPage || fit < 1 {
				d.newPage()
				drawHeader()
				continue
			}
			n := min(fit, rest)
			d.tableRow(cols, cells, from, from+n, false, lh)
			from += n
		}
	}
	d.space(3)
}

// Signature writes the signing block in the right half of the page:
// "place, date" (e.g. "Sơn La" and "ngày 22 tháng 11 năm 2026", see
// FormatDate), the signer's role in bold, room to sign, then the name in
// bold. Either place or date may be empty.
func (d *Doc) Signature(place, date, role, name string) {
	line := strings.TrimSpace(strings.Trim(strings.TrimSpace(place)+", "+strings.TrimSpace(date), ", "))
	colX, colW := left+width/2, width/2
	lh := bodySize * leading * ptToMM
	const signRoom = 25.0
	need := 4 + float64(len(d.wrap([]run{{text: line}}, colW, bodySize))+len(d.wrap([]run{{text: role, bold: true}}, colW, bodySize))+1)*lh + signRoom
	if d.y+need > bottom {
		d.newPage()
	}
	d.space(4)
	d.block(line, false, bodySize, colX, colW)
	d.block(role, true, bodySize, colX, colW)
	d.y += signRoom
	d.block(name, true, bodySize, colX, colW)
}

// ImageBeside draws a PNG image of size×size mm at the left margin with
// a small caption under it (a QR code and its code, say), runs beside to
// fill the right half next to it (a Signature), and continues below both.
func (d *Doc) ImageBeside(png []byte, size float64, caption string, beside func()) {
	const captionSize = 8.0
	d.ensure(max(size+12, 60)) // room for a signature block too
	d.space(4)
	y0 := d.y
	img, err := gopdf.ImageHolderByBytes(png)
	if err != nil {
		d.fail(fmt.Errorf("pdf: image: %w", err))
		return
	}
	d.fail(d.pdf.ImageByHolder(img, left, y0, &gopdf.Rect{W: size, H: size}))
	d.y = y0 + size + 1
	d.block(caption, false, captionSize, left, min(size+40, width/2-5))
	below := d.y
	d.y = y0
	beside()
	d.y = max(d.y, below)
}

// Bytes returns the finished PDF, or the first error met while building it.
func (d *Doc) Bytes() ([]byte, error) {
	if d.err != nil {
		return nil, d.err
	}
	if len(d.missing) > 0 {
		var rs []string
		for _, r := range slices.Sorted(maps.Keys(d.missing)) {
			rs = append(rs, fmt.Sprintf("%U", r))
		}
		return nil, fmt.Errorf("pdf: font has no glyph for %s", strings.Join(rs, ", "))
	}
	return d.pdf.GetBytesPdfReturnErr()
}

// ---- layout helpers ----

// run is a piece of text in one style.
type run struct {
	text string
	bold bool
}

// line is one laid-out line: runs with their measured widths.
type line struct {
	runs  []run
	width float64
}

func (l line) String() string {
	var b strings.Builder
	for _, r := range l.runs {
		b.WriteString(r.text)
	}
	return b.String()
}

func (d *Doc) fail(err error) {
	if d.err == nil && err != nil {
		d.err = fmt.Errorf("pdf: %w", err)
	}
}

func (d *Doc) newPage() {
	d.pdf.AddPage()
	d.y = top
}

func (d *Doc) space(mm float64) {
	if d.y > top {
		d.y = min(d.y+mm, bottom)
	}
}

func (d *Doc) setFont(bold bool, size float64) {
	if d.size == size && d.bold == bold {
		return
	}
	style := gopdf.Regular
	if bold {
		style = gopdf.Bold
	}
	d.fail(d.pdf.SetFontWithStyle(family, style, size))
	d.bold, d.size = bold, size
}

func (d *Doc) measure(s string, bold bool, size float64) float64 {
	d.setFont(bold, size)
	w, err := d.pdf.MeasureTextWidth(s)
	d.fail(err)
	return w
}

// clean normalises text to NFC and turns tabs and odd whitespace into spaces.
func clean(s string) string {
	s = norm.NFC.String(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case unicode.IsSpace(r):
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

// infoText prepares text for the PDF info dictionary, which gopdf writes as
// UTF-16 without surrogate pairs: characters outside the BMP are dropped.
func infoText(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 0xFFFF || unicode.IsControl(r) {
			return -1
		}
		return r
	}, norm.NFC.String(s))
}

// wrap lays runs out in lines of at most maxW mm. Words are kept whole
// unless a single word is wider than a line.
func (d *Doc) wrap(runs []run, maxW, size float64) []line {
	var lines []line
	cur := line{}
	pendingSpace := false
	flush := func() {
		lines = append(lines, cur)
		cur = line{}
		pendingSpace = false
	}
	add := func(word string, bold bool, spaced bool) {
		if spaced && len(cur.runs) > 0 {
			word = " " + word
		}
		last := len(cur.runs) - 1
		if last >= 0 && cur.runs[last].bold == bold {
			cur.runs[last].text += word
		} else {
			cur.runs = append(cur.runs, run{text: word, bold: bold})
		}
		cur.width += d.measure(word, bold, size)
	}
	for _, r := range runs {
		text := clean(r.text)
		for li, para := range strings.Split(text, "\n") {
			if li > 0 {
				flush()
			}
			if strings.HasPrefix(para, " ") {
				pendingSpace = true
			}
			for wi, word := range strings.Fields(para) {
				spaced := wi > 0 || pendingSpace
				pendingSpace = false
				ww := d.measure(word, r.bold, size)
				sw := 0.0
				if spaced && len(cur.runs) > 0 {
					sw = d.measure(" ", r.bold, size)
				}
				if cur.width+sw+ww <= maxW {
					add(word, r.bold, spaced)
					continue
				}
				if len(cur.runs) > 0 {
					flush()
				}
				// Break words wider than a whole line by characters.
				for ww > maxW {
					rs := []rune(word)
					n := 1
					for n < len(rs) && d.measure(string(rs[:n+1]), r.bold, size) <= maxW {
						n++
					}
					add(string(rs[:n]), r.bold, false)
					flush()
					word = string(rs[n:])
					ww = d.measure(word, r.bold, size)
				}
				if word != "" {
					add(word, r.bold, false)
				}
			}
			if strings.HasSuffix(para, " ") && para != " " {
				pendingSpace = true
			}
		}
	}
	if len(cur.runs) > 0 || len(lines) == 0 {
		lines = append(lines, cur)
	}
	return lines
}

// text draws s with its top-left at (x, y); h is the line height.
func (d *Doc) text(x, y, h float64, s string, bold bool, size float64) {
	if s == "" {
		return
	}
	d.setFont(bold, size)
	d.pdf.SetXY(x, y)
	d.fail(d.pdf.CellWithOption(&gopdf.Rect{W: d.measure(s, bold, size) + 1, H: h}, s,
		gopdf.CellOption{Align: gopdf.Left | gopdf.Middle}))
}

// flow writes runs as left-aligned wrapped lines across the page width.
func (d *Doc) flow(runs []run, size float64) {
	lh := size * leading * ptToMM
	for _, l := range d.wrap(runs, width, size) {
		d.ensure(lh)
		x := left
		for _, r := range l.runs {
			d.text(x, d.y, lh, r.text, r.bold, size)
			x += d.measure(r.text, r.bold, size)
		}
		d.y += lh
	}
}

// block writes text centred in the column [x, x+w], wrapped.
func (d *Doc) block(s string, bold bool, size, x, w float64) {
	if strings.TrimSpace(s) == "" {
		return
	}
	lh := size * leading * ptToMM
	for _, l := range d.wrap([]run{{text: s, bold: bold}}, w, size) {
		d.ensure(lh)
		d.text(x+(w-l.width)/2, d.y, lh, l.String(), bold, size)
		d.y += lh
	}
}

func (d *Doc) centred(s string, bold bool, size float64) {
	d.block(s, bold, size, left, width)
}

// ensure starts a new page unless h mm still fit on this one.
func (d *Doc) ensure(h float64) {
	if d.y+h > bottom+0.01 {
		d.newPage()
	}
}

func (d *Doc) rule(x1, x2, y float64) {
	d.pdf.SetLineWidth(0.3)
	d.pdf.SetStrokeColor(0, 0, 0)
	d.pdf.Line(x1, y, x2, y)
}

func columnWidths(rel []float64, n int) []float64 {
	cols := make([]float64, n)
	sum := 0.0
	ok := len(rel) == n
	for _, w := range rel {
		if w <= 0 {
			ok = false
		}
		sum += w
	}
	for i := range cols {
		if ok {
			cols[i] = rel[i] / sum * width
		} else {
			cols[i] = width / float64(n)
		}
	}
	return cols
}

func maxLines(cells [][]string) int {
	n := 0
	for _, c := range cells {
		n = max(n, len(c))
	}
	return n
}

func rowHeight(lines int, lh float64) float64 {
	if lines == 0 {
		return 0
	}
	return float64(lines)*lh + 2*cellPad
}

// tableRow draws lines [from, to) of each cell as one bordered row.
func (d *Doc) tableRow(cols []float64, cells [][]string, from, to int, header bool, lh float64) {
	h := rowHeight(to-from, lh)
	x := left
	d.pdf.SetLineWidth(0.2)
	d.pdf.SetStrokeColor(0, 0, 0)
	for i, w := range cols {
		if header {
			d.pdf.SetFillColor(230, 230, 230)
			d.pdf.RectFromUpperLeftWithStyle(x, d.y, w, h, "FD")
			d.pdf.SetFillColor(0, 0, 0)
		} else {
			d.pdf.RectFromUpperLeftWithStyle(x, d.y, w, h, "D")
		}
		for j := from; j < to && j < len(cells[i]); j++ {
			s := cells[i][j]
			tx := x + cellPad
			if header {
				tx = x + (w-d.measure(s, true, tableSize))/2
			}
			d.text(tx, d.y+cellPad+float64(j-from)*lh, lh, s, header, tableSize)
		}
		x += w
	}
	d.y += h
}
