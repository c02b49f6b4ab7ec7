package web

import (
	"net/http"
	"net/url"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/xlsx"
)

// The lecturers' page: the manager's lecturers with their organisation,
// linked account and teaching, a search, an add form and an Excel export.

const lecturersPath = "/giang-vien"

func (s *Server) lecturerList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderLecturers(w, r, u, http.StatusOK, s.page(r, u, "training.lecturers_title"))
}

// lecturerCreate adds a lecturer in the manager's province; bad input
// shows the page again with what was typed next to the messages.
func (s *Server) lecturerCreate(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	_, err := s.svc.AddLecturer(r.Context(), u, lecturerInput(r.PostForm, ""))
	switch code := ocop.ErrorCode(err); code {
	case "":
		return s.redirect(w, r, lecturersPath, i18n.T("training.lecturer_added"))
	case ocop.EINVALID:
		if e, ok := err.(*ocop.Error); ok && e.Fields["full_name"] != "" {
			e.Fields["name"] = e.Fields["full_name"]
		}
		return s.renderLecturers(w, r, u, status[code], s.page(r, u, "training.lecturers_title").withInput(r, err))
	default:
		return err
	}
}

func (s *Server) renderLecturers(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	q := r.URL.Query().Get("q")
	list, err := s.svc.LecturerList(r.Context(), u, q)
	if err != nil {
		return err
	}
	p.Data = struct {
		List    any
		Q       string
		XLSXURL string
	}{list, q, lecturersPath + ".xlsx?" + url.Values{"q": {q}}.Encode()}
	s.render(w, r, st, "training_lecturers", p)
	return nil
}

// lecturerListXLSX is the page's list (same search) as a spreadsheet.
func (s *Server) lecturerListXLSX(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	list, err := s.svc.LecturerList(r.Context(), u, r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	t := xlsx.Table{Sheet: i18n.T("training.lecturers"), Title: i18n.T("training.lecturers_title"),
		Widths: []float64{30, 14, 40, 20, 12, 12},
		Headers: []string{i18n.T("field.full_name"), i18n.T("training.lecturer_title"), i18n.T("training.organisation"),
			i18n.T("training.lecturer_login"), i18n.T("training.lecturer_sessions"), i18n.T("training.lecturer_courses")}}
	for _, l := range list {
		t.Rows = append(t.Rows, []any{l.FullName, l.Title, l.Organisation, l.Username, l.Sessions, l.Courses})
	}
	sendXLSX(w, "giang-vien.xlsx")
	return xlsx.Write(w, t)
}
