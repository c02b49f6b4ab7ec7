// Package xlsx writes tables as Excel workbooks (Office Open XML), the
// format provincial offices exchange their lists and reports in.
package xlsx

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// Table is one worksheet: a title row, a header row and the rows. A cell
// may be a string, an int, an int64, a float64 or a time.Time (a date,
// shown dd/mm/yyyy); nil is an empty cell.
type Table struct {
	Sheet   string // worksheet name, at most 31 characters
	Title   string // first row, bold; "" for none
	Headers []string
	Widths  []float64 // column widths in characters; missing ones are 16
	Rows    [][]any
}

// Write writes the tables as one workbook.
func Write(w io.Writer, tables ...Table) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Color: []string{"E8F5E9"}, Pattern: 1},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	if err != nil {
		return err
	}
	dateFmt := "dd/mm/yyyy"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return err
	}
	for i, t := range tables {
		name := t.Sheet
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		row := 1
		if t.Title != "" {
			f.SetCellValue(name, "A1", t.Title)
			f.SetCellStyle(name, "A1", "A1", bold)
			row = 3
		}
		for c, h := range t.Headers {
			cell, _ := excelize.CoordinatesToCellName(c+1, row)
			f.SetCellValue(name, cell, h)
			f.SetCellStyle(name, cell, cell, header)
			width := 16.0
			if c < len(t.Widths) {
				width = t.Widths[c]
			}
			col, _ := excelize.ColumnNumberToName(c + 1)
			f.SetColWidth(name, col, col, width)
		}
		if len(t.Headers) > 0 {
			first, _ := excelize.CoordinatesToCellName(1, row)
			f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: row, TopLeftCell: "A" + fmt.Sprint(row+1), ActivePane: "bottomLeft"})
			last, _ := excelize.CoordinatesToCellName(len(t.Headers), row+len(t.Rows))
			if err := f.AutoFilter(name, first+":"+last, nil); err != nil {
				return err
			}
		}
		for r, values := range t.Rows {
			for c, v := range values {
				cell, _ := excelize.CoordinatesToCellName(c+1, row+1+r)
				switch v := v.(type) {
				case nil:
				case time.Time:
					if v.IsZero() {
						continue
					}
					f.SetCellValue(name, cell, v)
					f.SetCellStyle(name, cell, cell, date)
				default:
					if err := f.SetCellValue(name, cell, v); err != nil {
						return err
					}
				}
			}
		}
	}
	return f.Write(w)
}

// Read returns the cells of a workbook's first worksheet as text, row by
// row, as people typed them (trailing empty cells dropped).
func Read(r io.Reader) ([][]string, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("xlsx: no worksheet")
	}
	return f.GetRows(sheets[0])
}
