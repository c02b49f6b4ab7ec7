package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/pdf"
	"github.com/ocopvn/ocop/internal/service"
)

// Practice sandboxes (issue #6, item 10): a training organiser makes a
// fictional province full of practice accounts in one click, prints the
// accounts sheet, and resets or deletes it after the course.

const sandboxesPath = "/thuc-hanh"

func sandboxURL(id int64) string { return sandboxesPath + "/" + strconv.FormatInt(id, 10) }

func sandboxInput(f url.Values) service.SandboxInput {
	seats, _ := strconv.Atoi(strings.TrimSpace(f.Get("seats")))
	course, _ := strconv.ParseInt(strings.TrimSpace(f.Get("course_id")), 10, 64)
	if f.Get("course_id") != "" && course == 0 {
		course = -1 // typed but not a number: the service says so
	}
	return service.SandboxInput{Name: f.Get("name"), Seats: seats, CourseID: course}
}

func (s *Server) sandboxList(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	p := s.page(r, u, "sandbox.title")
	p.Form = url.Values{"seats": {"10"}}
	return s.renderSandboxes(w, r, u, http.StatusOK, p)
}

func (s *Server) renderSandboxes(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, p *page) error {
	list, err := s.svc.Sandboxes(r.Context(), u)
	if err != nil {
		return err
	}
	courses, err := s.svc.SandboxCourses(r.Context(), u)
	if err != nil {
		return err
	}
	var options []option
	for _, c := range courses {
		options = append(options, option{strconv.FormatInt(c.ID, 10), isoDate(c.StartDate) + " — " + c.Title})
	}
	p.Data = map[string]any{"Sandboxes": list, "Max": ocop.MaxSandboxSeats, "Courses": options}
	s.render(w, r, st, "sandboxes", p)
	return nil
}

func (s *Server) sandboxCreate(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	sb, err := s.svc.CreateSandbox(r.Context(), u, sandboxInput(r.PostForm))
	if ocop.ErrorCode(err) == ocop.EINVALID {
		return s.renderSandboxes(w, r, u, http.StatusUnprocessableEntity, s.page(r, u, "sandbox.title").withInput(r, err))
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, sandboxURL(sb.ID), i18n.T("sandbox.created"))
}

// sandboxView is a sandbox's page and printable accounts sheet.
type sandboxView struct {
	Sandbox  *ocop.Sandbox
	Province ocop.Unit
	Communes []ocop.Unit
	Accounts []*ocop.User
	Names    map[string]string // commune code → name
	LoginURL string
}

func (s *Server) sandboxShow(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	v, err := s.sandboxView(r, u)
	if err != nil {
		return err
	}
	p := s.page(r, u, "sandbox.title")
	p.Data = v
	s.render(w, r, http.StatusOK, "sandbox", p)
	return nil
}

// sandboxView loads a sandbox with its units and accounts.
func (s *Server) sandboxView(r *http.Request, u *ocop.User) (*sandboxView, error) {
	sb, err := s.sandboxOf(r, u)
	if err != nil {
		return nil, err
	}
	v := &sandboxView{Sandbox: sb, Names: map[string]string{}, LoginURL: s.svc.BaseURL + "/dang-nhap"}
	if v.Province, err = s.svc.DB.UnitByCode(r.Context(), sb.UnitCode); err != nil {
		return nil, err
	}
	if v.Communes, err = s.svc.CommunesOf(r.Context(), sb.UnitCode); err != nil {
		return nil, err
	}
	for _, c := range v.Communes {
		v.Names[c.Code] = c.Name
	}
	v.Accounts, err = s.svc.SandboxAccounts(r.Context(), u, sb)
	return v, err
}

// unitOf names where an account works: its commune, or the province.
func (v *sandboxView) UnitOf(a *ocop.User) string {
	if name, ok := v.Names[a.Scope.Commune]; ok {
		return name
	}
	return v.Province.Name
}

// sandboxSheet is the accounts sheet as a PDF, to print and hand out.
func (s *Server) sandboxSheet(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	v, err := s.sandboxView(r, u)
	if err != nil {
		return err
	}
	sb := v.Sandbox
	doc, err := pdf.New(i18n.T("sandbox.sheet_title") + " — " + sb.Name)
	if err != nil {
		return err
	}
	doc.Heading(i18n.T("sandbox.sheet_title"))
	doc.Paragraph(i18n.T("sandbox.banner"))
	doc.Field(i18n.T("sandbox.class"), sb.Name)
	doc.Field(i18n.T("sandbox.province"), v.Province.Name+" ("+v.Province.Code+")")
	doc.Field(i18n.T("sandbox.login_at"), v.LoginURL)
	doc.Field(i18n.T("sandbox.password"), sb.Password)
	rows := make([][]string, len(v.Accounts))
	for i, a := range v.Accounts {
		rows[i] = []string{a.Username, i18n.T("role." + string(a.Role)), v.UnitOf(a), a.FullName}
	}
	doc.Table([]string{i18n.T("sandbox.username"), i18n.T("field.role"), i18n.T("sandbox.where"), i18n.T("field.full_name")},
		[]float64{3, 3, 3, 4}, rows)
	return sendPDF(w, doc, "thuc-hanh-"+strconv.FormatInt(sb.ID, 10)+".pdf")
}

func (s *Server) sandboxOf(r *http.Request, u *ocop.User) (*ocop.Sandbox, error) {
	id, err := pathID(r, "sandbox")
	if err != nil {
		return nil, err
	}
	return s.svc.Sandbox(r.Context(), u, id)
}

// sandboxVersion reads the sandbox id and the version the organiser saw.
func sandboxVersion(r *http.Request) (int64, int64, error) {
	id, err := pathID(r, "sandbox")
	if err != nil {
		return 0, 0, err
	}
	if err := r.ParseForm(); err != nil {
		return 0, 0, err
	}
	version, _ := strconv.ParseInt(r.PostForm.Get("version"), 10, 64)
	return id, version, nil
}

func (s *Server) sandboxReset(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, version, err := sandboxVersion(r)
	if err != nil {
		return err
	}
	if _, err := s.svc.ResetSandbox(r.Context(), u, id, version); err != nil {
		return err
	}
	return s.redirect(w, r, sandboxURL(id), i18n.T("sandbox.reset_done"))
}

func (s *Server) sandboxDelete(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, version, err := sandboxVersion(r)
	if err != nil {
		return err
	}
	if err := s.svc.DeleteSandbox(r.Context(), u, id, version); err != nil {
		return err
	}
	return s.redirect(w, r, sandboxesPath, i18n.T("sandbox.deleted"))
}

// The JSON API over the same use cases.

func (s *Server) apiSandboxes(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	list, err := s.svc.Sandboxes(r.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(nonNil(list), len(list)))
	return nil
}

func (s *Server) apiSandboxCreate(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var in service.SandboxInput
	if err := decode(r, &in); err != nil {
		return err
	}
	sb, err := s.svc.CreateSandbox(r.Context(), u, in)
	if err != nil {
		return err
	}
	return s.writeSandbox(w, r, u, http.StatusCreated, sb)
}

func (s *Server) apiSandbox(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	sb, err := s.sandboxOf(r, u)
	if err != nil {
		return err
	}
	return s.writeSandbox(w, r, u, http.StatusOK, sb)
}

// sandboxAccount is a line of the accounts sheet in the API.
type sandboxAccount struct {
	Username string     `json:"username"`
	FullName string     `json:"full_name"`
	Role     ocop.Role  `json:"role"`
	Scope    ocop.Scope `json:"scope"`
}

func (s *Server) writeSandbox(w http.ResponseWriter, r *http.Request, u *ocop.User, st int, sb *ocop.Sandbox) error {
	users, err := s.svc.SandboxAccounts(r.Context(), u, sb)
	if err != nil {
		return err
	}
	accounts := make([]sandboxAccount, len(users))
	for i, a := range users {
		accounts[i] = sandboxAccount{a.Username, a.FullName, a.Role, a.Scope}
	}
	writeJSON(w, st, map[string]any{"sandbox": sb, "accounts": accounts})
	return nil
}

// sandboxBody is the body of reset and delete: the version last seen.
type sandboxBody struct {
	Version int64 `json:"version"`
}

func (s *Server) apiSandboxReset(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	sb, err := s.sandboxOf(r, u)
	if err != nil {
		return err // another province's sandbox is not found, whatever the body
	}
	var in sandboxBody
	if err := decode(r, &in); err != nil {
		return err
	}
	if sb, err = s.svc.ResetSandbox(r.Context(), u, sb.ID, in.Version); err != nil {
		return err
	}
	return s.writeSandbox(w, r, u, http.StatusOK, sb)
}

func (s *Server) apiSandboxDelete(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	sb, err := s.sandboxOf(r, u)
	if err != nil {
		return err
	}
	var in sandboxBody
	if err := decode(r, &in); err != nil {
		return err
	}
	if err := s.svc.DeleteSandbox(r.Context(), u, sb.ID, in.Version); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sb) // as it was, like the other deletions
	return nil
}
