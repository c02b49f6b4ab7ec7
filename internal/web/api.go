package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/ocopvn/ocop/internal/i18n"
	"github.com/ocopvn/ocop/internal/ocop"
	"github.com/ocopvn/ocop/internal/service"
	"github.com/ocopvn/ocop/internal/store"
)

// writeJSON encodes before writing, so a value that cannot be encoded
// becomes a 500 with a JSON error instead of a 200 with an empty body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(apiError(err))
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="ocop"`)
	}
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}

// errorBody is the JSON shape of every API error: a stable code, a
// Vietnamese message and per-field messages.
type errorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields,omitempty"`
	} `json:"error"`
}

func apiError(err error) errorBody {
	var b errorBody
	b.Error.Code = ocop.ErrorCode(err)
	b.Error.Message = i18n.T(ocop.ErrorMessage(err), ocop.ErrorArgs(err)...)
	var e *ocop.Error
	if errors.As(err, &e) && e.Code == ocop.EINVALID && len(e.Fields) > 0 {
		b.Error.Fields = map[string]string{}
		for f, k := range e.Fields {
			b.Error.Fields[f] = i18n.T(k)
		}
	}
	return b
}

// decode reads a JSON body strictly; an empty body leaves v as it is.
func decode(r *http.Request, v any) error {
	d := json.NewDecoder(r.Body)
	d.DisallowUnknownFields()
	err := d.Decode(v)
	if err == nil && d.More() {
		err = errors.New("trailing data after the JSON value")
	}
	if err != nil && err != io.EOF {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return ocop.Errorf(ocop.EINVALID, "err.bad_request")
	}
	return nil
}

// filterStatus checks a ?status= filter of the API.
func filterStatus(v string) (ocop.UserStatus, error) {
	switch st := ocop.UserStatus(v); st {
	case "", ocop.UserPending, ocop.UserActive, ocop.UserDisabled, ocop.UserRejected:
		return st, nil
	}
	return "", &ocop.Error{Code: ocop.EINVALID, Message: "err.bad_request", Fields: map[string]string{"status": "err.choose"}}
}

// list is the JSON shape of a page of results.
type list[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

func newList[T any](items []T, total int) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{items, total}
}

// apiPage reads ?limit= and ?offset=.
func apiPage(r *http.Request) (limit, offset int) {
	limit, _ = strconv.Atoi(r.URL.Query().Get("limit"))
	offset, _ = strconv.Atoi(r.URL.Query().Get("offset"))
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	return limit, max(offset, 0)
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	b, err := assets.ReadFile("static/openapi.json")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(b)
	return nil
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	writeJSON(w, http.StatusOK, u)
	return nil
}

func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	provinces, err := s.svc.Provinces(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(provinces, len(provinces)))
	return nil
}

func (s *Server) apiUnit(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	unit, communes, old, err := s.svc.Unit(r.Context(), r.PathValue("unit"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit": unit, "communes": nonNil(communes), "old_communes": nonNil(old)})
	return nil
}

func nonNil[T any](v []T) []T {
	if v == nil {
		return []T{}
	}
	return v
}

func (s *Server) apiProducers(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	limit, offset := apiPage(r)
	q := r.URL.Query()
	st, err := filterStatus(q.Get("status"))
	if err != nil {
		return err
	}
	items, total, err := s.svc.Producers(r.Context(), u, store.ProducerFilter{Status: st,
		Query: q.Get("q"), Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, total))
	return nil
}

func (s *Server) apiProducer(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "producer")
	if err != nil {
		return err
	}
	p, err := s.svc.Producer(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

type reviewBody struct {
	Version int64  `json:"version"`
	Reason  string `json:"reason"`
}

func (s *Server) apiProducerConfirm(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.apiReview(w, r, u, true)
}

func (s *Server) apiProducerReject(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.apiReview(w, r, u, false)
}

func (s *Server) apiReview(w http.ResponseWriter, r *http.Request, u *ocop.User, confirm bool) error {
	id, err := pathID(r, "producer")
	if err != nil {
		return err
	}
	var body reviewBody
	if err := decode(r, &body); err != nil {
		return err
	}
	p, err := s.svc.ReviewProducer(r.Context(), u, id, body.Version, confirm, body.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiProducts(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	limit, offset := apiPage(r)
	var producer int64
	if v := r.URL.Query().Get("producer_id"); v != "" {
		var err error
		if producer, err = strconv.ParseInt(v, 10, 64); err != nil || producer <= 0 {
			return &ocop.Error{Code: ocop.EINVALID, Message: "err.bad_request", Fields: map[string]string{"producer_id": "err.choose"}}
		}
	}
	items, total, err := s.svc.Products(r.Context(), u, store.ProductFilter{ProducerID: producer, Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, total))
	return nil
}

func (s *Server) apiProduct(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "product")
	if err != nil {
		return err
	}
	p, err := s.svc.Product(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) apiUsers(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	limit, offset := apiPage(r)
	q := r.URL.Query()
	st, err := filterStatus(q.Get("status"))
	if err != nil {
		return err
	}
	role := ocop.Role(q.Get("role"))
	if role != "" && !role.Valid() {
		return &ocop.Error{Code: ocop.EINVALID, Message: "err.bad_request", Fields: map[string]string{"role": "err.choose"}}
	}
	items, total, err := s.svc.Users(r.Context(), u, store.UserFilter{Role: role,
		Status: st, Query: q.Get("q"), Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newList(items, total))
	return nil
}

type userBody struct {
	Username string     `json:"username"`
	FullName string     `json:"full_name"`
	Email    string     `json:"email"`
	Phone    string     `json:"phone"`
	Role     ocop.Role  `json:"role"`
	Level    ocop.Level `json:"level"`
	Province string     `json:"province"`
	Commune  string     `json:"commune"`
}

// withPassword is a user with the one-time password just set.
type withPassword struct {
	User              *ocop.User `json:"user"`
	TemporaryPassword string     `json:"temporary_password"`
}

func (s *Server) apiUserCreate(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	var b userBody
	if err := decode(r, &b); err != nil {
		return err
	}
	created, pw, err := s.svc.CreateStaff(r.Context(), u, service.StaffInput{Username: b.Username, FullName: b.FullName,
		Email: b.Email, Phone: b.Phone, Role: b.Role, Level: b.Level, Province: b.Province, Commune: b.Commune})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, withPassword{created, pw})
	return nil
}

func (s *Server) apiUser(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	target, err := s.svc.User(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, target)
	return nil
}

func (s *Server) apiUserReset(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	target, pw, err := s.svc.ResetPassword(r.Context(), u, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, withPassword{target, pw})
	return nil
}

func (s *Server) apiUserDisable(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.apiSetDisabled(w, r, u, true)
}

func (s *Server) apiUserEnable(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	return s.apiSetDisabled(w, r, u, false)
}

func (s *Server) apiSetDisabled(w http.ResponseWriter, r *http.Request, u *ocop.User, disabled bool) error {
	id, err := pathID(r, "user")
	if err != nil {
		return err
	}
	var body struct {
		Version int64 `json:"version"`
	}
	if err := decode(r, &body); err != nil {
		return err
	}
	target, err := s.svc.SetDisabled(r.Context(), u, id, body.Version, disabled)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, target)
	return nil
}

// auditJSON is an audit row as the API shows it.
type auditJSON struct {
	Seq      int64           `json:"seq"`
	At       string          `json:"at"`
	ActorID  int64           `json:"actor_id"`
	Actor    string          `json:"actor"`
	Action   string          `json:"action"`
	Entity   string          `json:"entity"`
	EntityID string          `json:"entity_id"`
	Unit     string          `json:"unit_code"`
	Before   json.RawMessage `json:"before"`
	After    json.RawMessage `json:"after"`
	Hash     string          `json:"hash"`
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	limit, _ := apiPage(r)
	entries, err := s.svc.AuditEntries(r.Context(), u, store.AuditFilter{BeforeSeq: before, Limit: limit})
	if err != nil {
		return err
	}
	out := make([]auditJSON, len(entries))
	for i, e := range entries {
		out[i] = auditJSON{e.Seq, e.At, e.ActorID, e.ActorName, e.Action, e.Entity, e.EntityID, e.UnitCode,
			rawOrString(e.Before), rawOrString(e.After), e.Hash}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
	return nil
}

// rawOrString passes stored JSON through; a value that is not JSON (a row
// edited behind the application's back) is shown as a string so the page
// still lists it.
func rawOrString(s string) json.RawMessage {
	if json.Valid([]byte(s)) {
		return json.RawMessage(s)
	}
	b, _ := json.Marshal(s)
	return b
}

func (s *Server) apiAuditVerify(w http.ResponseWriter, r *http.Request, u *ocop.User) error {
	res, err := s.svc.VerifyAudit(r.Context(), u)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": res.OK(), "checked": res.Checked, "broken_seq": res.BrokenSeq, "reason": res.Reason})
	return nil
}
