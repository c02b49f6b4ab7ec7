package web

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
)

// page is what every template receives.
type page struct {
	Title  string // catalogue key
	User   *ocop.User
	Nav    []navItem
	Path   string
	Flash  string
	Error  string            // message above a form or on the error page
	Status int               // HTTP status of an error page
	Form   url.Values        // what the user typed, shown again after an error
	Errors map[string]string // field → catalogue key
	Data   any
}

type navItem struct {
	Href, Label string
	Current     bool
}

// navigation lists the menu entries a user's role may use.
var navigation = []struct {
	href, label string
	perm        ocop.Perm
	query       string
}{
	{"/tong-quan", "nav.dashboard", ocop.PermSignedIn, ""},
	{"/chu-the", "nav.producers", ocop.PermProducerView, ""},
	{"/chu-the?trang-thai=pending", "nav.pending", ocop.PermProducerReview, ""},
	{"/san-pham", "nav.products", ocop.PermProducerView, ""},
	{"/ho-so", "nav.dossiers", ocop.PermProducerView, ""},
	{"/dot-danh-gia", "nav.rounds", ocop.PermRoundManage, ""},
	{"/hoi-dong", "nav.council", ocop.PermCouncilScore, ""},
	{"/tu-van", "nav.advisory", ocop.PermAdvisoryReview, ""},
	{"/tap-huan", "nav.training", ocop.PermTrainingJoin, ""},
	{"/thuc-hanh", "nav.sandbox", ocop.PermSandboxManage, ""},
	{"/bo-tieu-chi", "nav.rulebook", ocop.PermPublic, ""},
	{"/tu-danh-gia", "nav.selfassess", ocop.PermPublic, ""},
	{"/don-vi", "nav.units", ocop.PermPublic, ""},
	{"/quan-tri/tai-khoan", "nav.users", ocop.PermUserManage, ""},
	{"/quan-tri/nhat-ky", "nav.audit", ocop.PermAuditView, ""},
	{"/quan-tri/thu-dien-tu", "nav.outbox", ocop.PermAuditView, ""},
	// Every administrator; a provincial one reads the calendar, only a
	// national one may change it.
	{"/quan-tri/lich-lam-viec", "nav.calendar", ocop.PermUserManage, ""},
}

// page starts the data of a page for a request.
func (s *Server) page(r *http.Request, u *ocop.User, title string) *page {
	p := &page{Title: title, User: u, Path: r.URL.Path, Form: url.Values{}, Errors: map[string]string{}}
	if u == nil {
		return p
	}
	for _, n := range navigation {
		if n.perm == ocop.PermSandboxManage && u.Scope.InSandbox() {
			continue // sandboxes are made from a real province, not inside one
		}
		if n.perm == ocop.PermSignedIn || u.Can(n.perm) {
			p.Nav = append(p.Nav, navItem{n.href, i18n.T(n.label), n.href == r.URL.RequestURI()})
		}
	}
	if unread := s.svc.DB.UnreadCount(r.Context(), u.ID); unread > 0 && r.URL.Path != "/thong-bao" {
		p.Nav = append(p.Nav, navItem{"/thong-bao", i18n.T("nav.notifications") + " (" + strconv.Itoa(unread) + ")", false})
	}
	return p
}

// withInput keeps what the user typed and the field errors of err.
func (p *page) withInput(r *http.Request, err error) *page {
	p.Form = r.PostForm
	var e *ocop.Error
	if errors.As(err, &e) {
		p.Error = i18n.T(e.Message, e.Args...)
		for f, k := range e.Fields {
			p.Errors[f] = k
		}
	}
	return p
}

// markChanged flags, after a conflict, each field (whose name starts with
// prefix) that someone else saved differently from what the user typed,
// with the value now saved; what was typed stays in the form.
func (p *page) markChanged(current url.Values, prefix string) {
	for k := range current {
		if k != "version" && strings.HasPrefix(k, prefix) && current.Get(k) != p.Form.Get(k) {
			saved := current.Get(k)
			if saved == "" {
				saved = "—"
			}
			p.Errors[k] = i18n.T("err.changed_to", saved)
		}
	}
}

type templates struct{ byName map[string]*template.Template }

var funcs = template.FuncMap{
	"t":        i18n.T,
	"date":     i18n.Date,
	"datetime": i18n.DateTime,
	"money":    i18n.Money,
	"number":   func(n int) string { return i18n.Number(int64(n)) },
	"role":     func(r ocop.Role) string { return i18n.T("role." + string(r)) },
	"status":   func(s ocop.UserStatus) string { return i18n.T("status." + string(s)) },
	"ptype":    func(s string) string { return i18n.T("ptype." + s) },
	"kind":     func(s string) string { return i18n.T("kind." + s) },
	"level":    func(l ocop.Level) string { return i18n.T("level." + string(l)) },
	"input":    newInput,
	"stars":    starsText,
	"seq":      func(n int64) string { return i18n.Number(n) },
	"list":     func(v ...string) []string { return v },
	"isodate":  isoDate,
	"neg":      func(n int) int { return -n },
	"inc":      func(n int) int { return n + 1 },
	"has":      slices.Contains[[]string],
	"aud":      func(a ocop.Audience) string { return i18n.T("training.audience." + string(a)) },
}

func starsText(n int) string {
	if n == 0 {
		return starsWords(0)
	}
	return strings.Repeat("★", n) + " " + starsWords(n)
}

// input describes one form field for the "field" template: its label, the
// value typed before, its error and hint, wired with aria attributes.
type input struct {
	Name, Type, Label, Value, Error, Hint, Autocomplete string
	Required                                            bool
	Options                                             []option
}

type option struct{ Value, Label string }

// newInput builds a field from the page; opts are "required",
// "hint:KEY", "label:KEY", "ac:VALUE" or an []option for a select.
func newInput(p *page, name, typ string, opts ...any) input {
	in := input{Name: name, Type: typ, Label: i18n.T("field." + name), Value: p.Form.Get(name)}
	if k, ok := p.Errors[name]; ok {
		in.Error = i18n.T(k)
	}
	for _, o := range opts {
		switch v := o.(type) {
		case []option:
			in.Options = v
		case string:
			switch k, val, _ := strings.Cut(v, ":"); k {
			case "required":
				in.Required = true
			case "hint":
				in.Hint = i18n.T(val)
			case "label":
				in.Label = i18n.T(val)
			case "ac":
				in.Autocomplete = val
			}
		}
	}
	return in
}

func parseTemplates() (*templates, error) {
	t := &templates{byName: map[string]*template.Template{}}
	pages, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, file := range pages {
		name := strings.TrimSuffix(path.Base(file), ".html")
		if strings.HasPrefix(name, "_") {
			continue
		}
		tmpl, err := template.New(name).Funcs(funcs).ParseFS(assets, "templates/_*.html", file)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", name, err)
		}
		t.byName[name] = tmpl
	}
	return t, nil
}

// render writes a full page (or, for htmx requests of a fragment, just the
// named template). Rendering goes to a buffer first so a template error
// never leaves half a page behind.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	tmpl, ok := s.pages.byName[name]
	if !ok {
		s.log.Error("missing template", "name", name)
		http.Error(w, i18n.T("err.internal"), http.StatusInternalServerError)
		return
	}
	if p.Flash == "" {
		p.Flash = s.takeFlash(w, r)
	}
	var buf bytes.Buffer
	if err := tmpl.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("render", "template", name, "err", err)
		http.Error(w, i18n.T("err.internal"), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	buf.WriteTo(w)
}

const flashCookie = "ocop_flash"

// redirect sends the browser on after a successful POST, with a message
// for the next page.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, to, flash string) error {
	if flash != "" {
		http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString([]byte(flash)),
			Path: "/", MaxAge: 60, HttpOnly: true, Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode})
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	s.clearCookie(w, flashCookie)
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return ""
	}
	return string(b)
}

// isoDate shows a stored YYYY-MM-DD date as dd/mm/yyyy.
func isoDate(s string) string {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return s
	}
	return t.Format("02/01/2006")
}
