// Package ocop holds the domain: roles, permissions, scopes and the typed
// errors every layer uses. It knows nothing of SQL or HTTP.
package ocop

import (
	"errors"
	"fmt"
)

// Error codes. The web layer maps each to an HTTP status.
const (
	ECONFLICT     = "conflict"
	EINTERNAL     = "internal"
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	EFORBIDDEN    = "forbidden"
	EUNAUTHORIZED = "unauthorized"
	ETOOMANY      = "too_many_requests"
)

// Error is an application error whose Message is a catalogue key (see
// internal/i18n), safe to show to the user. Fields holds per-field message
// keys for form validation.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
	Args    []any // values for the message's placeholders (a date, a number)
}

// With sets the values of the message's placeholders.
func (e *Error) With(args ...any) *Error { e.Args = args; return e }

func (e *Error) Error() string {
	return fmt.Sprintf("ocop error: code=%s message=%s fields=%v", e.Code, e.Message, e.Fields)
}

// Errorf builds an *Error with a catalogue key.
func Errorf(code, key string) *Error { return &Error{Code: code, Message: key} }

// ErrNotFound is what a user gets for anything outside their scope, so that
// the existence of other units' records does not leak.
func ErrNotFound() *Error { return Errorf(ENOTFOUND, "err.not_found") }

// ErrorCode returns the code of an application error, EINTERNAL otherwise.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the catalogue key of an application error, or the
// generic internal-error key.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "err.internal"
}

// ErrorArgs returns the placeholder values of an application error.
func ErrorArgs(err error) []any {
	var e *Error
	if errors.As(err, &e) {
		return e.Args
	}
	return nil
}

// Validation collects field errors; Err returns nil when there are none.
type Validation map[string]string

// Add records the first error for a field.
func (v Validation) Add(field, key string) {
	if _, ok := v[field]; !ok {
		v[field] = key
	}
}

// Err turns the collected field errors into an EINVALID error.
func (v Validation) Err() error {
	if len(v) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "err.invalid_form", Fields: v}
}
