package web

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"strconv"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/pdf"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/xlsx"
	"github.com/skip2/go-qrcode"
)

// Attendance (issue 6 item 5): the organiser's screen with the rotating
// QR code and the marks by hand, the trainee's scan page, and the
// attendance sheets as XLSX and PDF.

func sessionURL(id int64) string { return "/diem-danh/buoi/" + strconv.FormatInt(id, 10) }

// attendanceScreen is the organiser's page for a session: the QR code
// (refreshed by /static/attendance.js from attendanceCode), the progress
// and the list to mark by hand.
func (s *Server) attendanceScreen(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.renderAttendance(w, r, u, http.StatusOK, s.page(r, u, "attendance.title"))
}

func (s *Server) renderAttendance(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	sheet, err := s.svc.SessionAttendance(r.Context(), u, id)
	if err != nil {
		return err
	}
	code, err := s.attendanceCodeView(r, u, id)
	if err != nil {
		return err
	}
	p.Data = struct {
		*service.SessionSheet
		Code *attendanceCode
	}{sheet, code}
	s.render(w, r, st, "attendance_screen", p)
	return nil
}

// attendanceCode is the current code with its QR code as a PNG data URL.
type attendanceCode struct {
	*service.AttendanceCode
	QR template.URL `json:"qr"` // a data: URL, trusted: we made it
}

func (s *Server) attendanceCodeView(r *http.Request, u *ocop.User, sessionID int64) (*attendanceCode, error) {
	c, err := s.svc.CurrentAttendanceCode(r.Context(), u, sessionID)
	if err != nil {
		return nil, err
	}
	png, err := qrcode.Encode(c.URL, qrcode.Medium, 512)
	if err != nil {
		return nil, err
	}
	return &attendanceCode{c, template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))}, nil
}

// attendanceCode answers the screen's script with the current code.
func (s *Server) attendanceCode(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	c, err := s.attendanceCodeView(r, u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

// attendanceMark marks one trainee by hand; the reason is required.
func (s *Server) attendanceMark(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "session")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	eid, _ := strconv.ParseInt(r.PostForm.Get("enrolment_id"), 10, 64)
	_, err = s.svc.MarkAttendance(r.Context(), u, id, service.MarkInput{EnrolmentID: eid,
		Present: r.PostForm.Get("present") == "1", Reason: r.PostForm.Get("reason")})
	switch code := ocop.ErrorCode(err); code {
	case "":
		return s.redirect(w, r, sessionURL(id), i18n.T("attendance.marked"))
	case ocop.EINVALID, ocop.ECONFLICT:
		return s.renderAttendance(w, r, u, status[code], s.page(r, u, "attendance.title").withInput(r, err))
	default:
		return err
	}
}

// checkInPage is where a trainee's phone lands after scanning: it says
// what the code is for, or why it is refused, with one button to confirm.
func (s *Server) checkInPage(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	ci, err := s.svc.ReadAttendanceCode(r.Context(), u, r.PathValue("code"))
	return s.renderCheckIn(w, r, u, ci, err, false)
}

// checkIn records the trainee present.
func (s *Server) checkIn(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	ci, err := s.svc.CheckInWithCode(r.Context(), u, r.PathValue("code"))
	return s.renderCheckIn(w, r, u, ci, err, err == nil)
}

func (s *Server) renderCheckIn(w http.ResponseWriter, r *http.Request, u *ocop.User, ci *service.CheckIn, err error, done bool) error {
	st := http.StatusOK
	p := s.page(r, u, "attendance.checkin_title")
	if err != nil {
		e, ok := err.(*ocop.Error)
		if !ok || e.Code == ocop.EUNAUTHORIZED || e.Code == ocop.EINTERNAL {
			return err
		}
		st, p.Error = status[e.Code], i18n.T(e.Message, e.Args...)
	}
	p.Data = struct {
		*service.CheckIn
		Code string
		Done bool
	}{ci, r.PathValue("code"), done}
	s.render(w, r, st, "attendance_checkin", p)
	return nil
}

func sheetHeaders() []string {
	return []string{i18n.T("out.index"), i18n.T("attendance.name"), i18n.T("attendance.unit"),
		i18n.T("training.audiences")}
}

func traineeCells(i int, e *ocop.Enrolment) []string {
	return []string{strconv.Itoa(i + 1), e.FullName, e.UnitName, i18n.T("training.audience." + string(e.Audience))}
}

// markText is a mark as printed: "x" present, "v" absent, "" unmarked.
func markText(a *ocop.Attendance) string {
	switch {
	case a == nil:
		return ""
	case a.Present:
		return i18n.T("attendance.mark_present")
	}
	return i18n.T("attendance.mark_absent")
}

func (s *Server) sessionSheet(r *http.Request, u *ocop.User) (*service.SessionSheet, error) {
	id, err := pathID(r, "session")
	if err != nil {
		return nil, err
	}
	return s.svc.SessionAttendance(r.Context(), u, id)
}

func sessionLabel(se *ocop.CourseSession) string {
	label := isoDate(se.Date) + " " + se.StartTime + "–" + se.EndTime
	if t := firstNonEmpty(se.TopicTitle, se.Title); t != "" {
		label += " · " + t
	}
	return label
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

func (s *Server) sessionSheetXLSX(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	sh, err := s.sessionSheet(r, u)
	if err != nil {
		return err
	}
	t := xlsx.Table{Sheet: i18n.T("attendance.sheet"), Title: sh.Course.Title + " — " + sessionLabel(sh.Session),
		Headers: append(sheetHeaders(), i18n.T("attendance.present"), i18n.T("attendance.signature")),
		Widths:  []float64{6, 30, 32, 20, 10, 20}}
	for i, row := range sh.Rows {
		t.Rows = append(t.Rows, anyRow(append(traineeCells(i, row.Enrolment), markText(row.Mark), "")))
	}
	sendXLSX(w, fmt.Sprintf("diem-danh-buoi-%d.xlsx", sh.Session.ID))
	return xlsx.Write(w, t)
}

func (s *Server) sessionSheetPDF(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	sh, err := s.sessionSheet(r, u)
	if err != nil {
		return err
	}
	doc, err := attendanceDoc(sh.Course)
	if err != nil {
		return err
	}
	doc.Field(i18n.T("attendance.session"), sessionLabel(sh.Session))
	if sh.Session.Place != "" {
		doc.Field(i18n.T("training.place"), sh.Session.Place)
	}
	doc.Field(i18n.T("attendance.progress_label"), i18n.T("attendance.progress", sh.Present, len(sh.Rows)))
	rows := make([][]string, len(sh.Rows))
	for i, row := range sh.Rows {
		rows[i] = append(traineeCells(i, row.Enrolment), markText(row.Mark), "")
	}
	doc.Table(append(sheetHeaders(), i18n.T("attendance.present"), i18n.T("attendance.signature")),
		[]float64{6, 26, 26, 16, 10, 16}, rows)
	return sendPDF(w, doc, fmt.Sprintf("diem-danh-buoi-%d.pdf", sh.Session.ID))
}

func attendanceDoc(c *ocop.Course) (*pdf.Doc, error) {
	doc, err := newForm("attendance.pdf", c.Title)
	if err != nil {
		return nil, err
	}
	doc.Field(i18n.T("attendance.course"), c.Title)
	doc.Field(i18n.T("training.organiser"), c.Organiser)
	doc.Field(i18n.T("training.dates"), isoDate(c.StartDate)+" – "+isoDate(c.EndDate))
	return doc, nil
}

func (s *Server) courseSheet(r *http.Request, u *ocop.User) (*service.CourseSheet, error) {
	id, err := pathID(r, "course")
	if err != nil {
		return nil, err
	}
	return s.svc.CourseAttendance(r.Context(), u, id)
}

// courseSheetXLSX has a column per session.
func (s *Server) courseSheetXLSX(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	sh, err := s.courseSheet(r, u)
	if err != nil {
		return err
	}
	h := sheetHeaders()
	for _, se := range sh.Sessions {
		h = append(h, sessionLabel(se))
	}
	t := xlsx.Table{Sheet: i18n.T("attendance.sheet"), Title: sh.Course.Title,
		Headers: append(h, i18n.T("attendance.sessions_present"), i18n.T("attendance.signature")),
		Widths:  []float64{6, 30, 32, 20}}
	for i, row := range sh.Rows {
		cells := traineeCells(i, row.Enrolment)
		for _, a := range row.Marks {
			cells = append(cells, markText(a))
		}
		cells = append(cells, fmt.Sprintf("%d/%d", row.Present, len(sh.Sessions)), "")
		t.Rows = append(t.Rows, anyRow(cells))
	}
	sendXLSX(w, fmt.Sprintf("diem-danh-lop-%d.xlsx", sh.Course.ID))
	return xlsx.Write(w, t)
}

// courseSheetPDF counts the sessions each trainee attended; a page per
// session is the session sheet.
func (s *Server) courseSheetPDF(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	sh, err := s.courseSheet(r, u)
	if err != nil {
		return err
	}
	doc, err := attendanceDoc(sh.Course)
	if err != nil {
		return err
	}
	rows := make([][]string, len(sh.Rows))
	for i, row := range sh.Rows {
		rows[i] = append(traineeCells(i, row.Enrolment), fmt.Sprintf("%d/%d", row.Present, len(sh.Sessions)), "")
	}
	doc.Table(append(sheetHeaders(), i18n.T("attendance.sessions_present"), i18n.T("attendance.signature")),
		[]float64{6, 26, 26, 16, 10, 16}, rows)
	return sendPDF(w, doc, fmt.Sprintf("diem-danh-lop-%d.pdf", sh.Course.ID))
}
