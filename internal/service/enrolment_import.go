package service

import (
	"context"
	"io"
	"strings"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/xlsx"
)

// Enrolment lists arrive as workbooks with the columns of ImportHeaders
// under a header row (anywhere in the first rows, so a title may sit
// above it). The first upload is only checked (ImportPreview); the
// organiser then confirms and EnrolList enrols the good rows.

// ImportHeaders are the columns of an enrolment list, in order.
var ImportHeaders = []string{"Họ và tên", "Đơn vị", "Đối tượng", "Điện thoại", "Email"}

// MaxImportRows bounds one list.
const MaxImportRows = 2000

// ReadTraineeSheet reads the people of a workbook, each with its sheet row.
func ReadTraineeSheet(r io.Reader) ([]TraineeInput, error) {
	rows, err := xlsx.Read(r)
	if err != nil {
		return nil, ocop.Validation{"file": "err.training_import_file"}.Err()
	}
	head := -1
	for i, row := range rows {
		if len(row) > 0 && strings.EqualFold(clean(row[0]), ImportHeaders[0]) {
			head = i
			break
		}
	}
	if head < 0 {
		return nil, ocop.Validation{"file": "err.training_import_header"}.Err()
	}
	var out []TraineeInput
	for i, row := range rows[head+1:] {
		cell := func(c int) string {
			if c < len(row) {
				return clean(row[c])
			}
			return ""
		}
		if clean(strings.Join(row, "")) == "" {
			continue
		}
		out = append(out, TraineeInput{Row: head + i + 2, FullName: cell(0), UnitName: cell(1), Audience: cell(2),
			Phone: cell(3), Email: cell(4)})
	}
	switch {
	case len(out) == 0:
		return nil, ocop.Validation{"file": "err.training_import_empty"}.Err()
	case len(out) > MaxImportRows:
		return nil, ocop.Validation{"file": "err.training_import_big"}.Err()
	}
	return out, nil
}

// ImportPreview checks an uploaded list for a course the organiser
// manages, enrolling nobody.
func (s *Service) ImportPreview(ctx context.Context, u *ocop.User, courseID int64, file io.Reader) ([]TraineeInput, []EnrolResult, error) {
	if _, err := s.managedCourse(ctx, u, courseID); err != nil {
		return nil, nil, err
	}
	list, err := ReadTraineeSheet(file)
	if err != nil {
		return nil, nil, err
	}
	return list, CheckTrainees(list), nil
}

// WriteImportTemplate writes the empty enrolment list with one example
// row and the audience values allowed.
func WriteImportTemplate(w io.Writer) error {
	var labels []string
	for _, a := range ocop.Audiences {
		labels = append(labels, i18n.T("training.audience."+string(a)))
	}
	return xlsx.Write(w, xlsx.Table{Sheet: i18n.T("training.import_sheet"),
		Title:   i18n.T("training.import_template_title", strings.Join(labels, "; ")),
		Headers: ImportHeaders, Widths: []float64{28, 36, 22, 16, 28},
		Rows: [][]any{{"Nguyễn Văn An", "UBND xã Chiềng Cơi", i18n.T("training.audience.commune_official"),
			"0912345678", "an@example.vn"}}})
}
