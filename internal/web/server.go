// Package web serves the Vietnamese web UI and the JSON API from one route
// table (routes.go) in which every route names its permission.
package web

import (
	"embed"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"

	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
)

//go:embed all:templates static
var assets embed.FS

// Options configures the server.
type Options struct {
	// SecureCookies marks cookies Secure (and uses the __Host- prefix). On
	// by default in production behind HTTPS; off for plain-HTTP local use.
	SecureCookies bool
	// MaxBodyBytes caps form and JSON bodies (uploads get their own limit).
	MaxBodyBytes int64
}

// Server is the HTTP application.
type Server struct {
	svc   *service.Service
	log   *slog.Logger
	opts  Options
	pages *templates
	h     http.Handler
}

// New builds the handler with every route from the route table.
func New(svc *service.Service, opts Options) (*Server, error) {
	if opts.MaxBodyBytes == 0 {
		opts.MaxBodyBytes = 1 << 20
	}
	pages, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s := &Server{svc: svc, log: svc.Log, opts: opts, pages: pages}
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(strings.TrimSpace(rt.Method+" "+rt.Path), s.wrap(rt))
	}

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, nil, forbiddenCrossOrigin)
	}))
	s.h = securityHeaders(cop.Handler(mux))
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.h.ServeHTTP(w, r) }

// securityHeaders sets headers every response carries. The CSP allows only
// our own scripts and styles: templates use no inline script.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		next.ServeHTTP(w, r)
	})
}

var staticFS, _ = fs.Sub(assets, "static")

// static serves the embedded assets (no directory listings).
func (s *Server) static(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	if name == "" || strings.HasSuffix(name, "/") {
		return ocop.ErrNotFound()
	}
	if _, err := fs.Stat(staticFS, name); err != nil {
		return ocop.ErrNotFound()
	}
	w.Header().Set("Cache-Control", "public, max-age=3600")
	http.ServeFileFS(w, r, staticFS, name)
	return nil
}
