// Package models is the domain of dsmarket: value types, the rule table, the state
// machines of each process and the error codes every layer speaks. It imports nothing
// of HTTP, SQL or Temporal so that the rules can be read, tested and fuzzed alone.
package models

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Error codes. The API maps each to one HTTP status; workflows carry them as the type of
// a non-retryable application error so the code survives the trip through Temporal.
const (
	ECONFLICT     = "conflict"     // the case is not in a state that allows the action
	EINTERNAL     = "internal"     // a bug or an outage; details are logged, never shown
	EINVALID      = "invalid"      // a field is invalid
	EMALFORMED    = "malformed"    // the body cannot be parsed at all
	ENOTFOUND     = "not_found"    // not found, or not yours
	EUNAUTHORIZED = "unauthorized" // no or bad credentials
	EFORBIDDEN    = "forbidden"    // the role may not do this
	ETOOLARGE     = "too_large"    // the body exceeds the limit
	EUNAVAILABLE  = "unavailable"  // a dependency is down; retry later
	EIDEMPOTENCY  = "idempotency"  // an Idempotency-Key reused with a different request
	// EUNSUPPORTEDTYPE: an uploaded file's type is not one a case may carry (415).
	EUNSUPPORTEDTYPE = "unsupported_media_type"
	// ERATELIMITED: the caller is past its request rate; retry after Retry-After (429).
	ERATELIMITED = "rate_limited"
)

// FieldError names one invalid field and says why in words a user can act on.
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	// Text is Message keyed, for a page in the visitor's language. It stays out of the
	// JSON of the problem document; temporalerr carries it through Temporal beside the
	// fields, so that a refusal from a workflow is shown in the visitor's language too.
	Text *Text `json:"-"`
}

// Error is the one error type of the domain. Message is safe to show to a caller.
type Error struct {
	Code    string       `json:"code"`
	Message string       `json:"message"`
	Fields  []FieldError `json:"fields,omitempty"`
	// Text is Message as a keyed text, for a page in the visitor's language; nil for a
	// message not keyed yet. Like a field's, it crosses Temporal with temporalerr.
	Text *Text `json:"-"`
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = f.Field + ": " + f.Message
	}
	return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, strings.Join(parts, "; "))
}

// Errorf returns an *Error with the given code.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid is the EINVALID error of a request whose fields are refused, each saying why.
func Invalid(fields []FieldError) *Error {
	e := Refuse(EINVALID, Msg("error.invalid_fields"))
	e.Fields = fields
	return e
}

// JoinInvalid is the refusals of two parts of one request said together: both EINVALID
// refusals become one naming every field; any other error wins as it is.
func JoinInvalid(a, b error) error {
	var ea, eb *Error
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	case !errors.As(a, &ea) || ea.Code != EINVALID:
		return a
	case !errors.As(b, &eb) || eb.Code != EINVALID:
		return b
	}
	return Invalid(append(slices.Clone(ea.Fields), eb.Fields...))
}

// FieldInvalid is the EINVALID refusal of one field with a keyed text, so that a page
// shows it in its visitor's language and the REST API in English.
func FieldInvalid(field string, t *Text) *Error {
	return Invalid([]FieldError{{Field: field, Message: t.English(), Text: t}})
}

// Refuse returns an *Error whose message is a keyed text.
func Refuse(code string, t *Text) *Error {
	return &Error{Code: code, Message: t.English(), Text: t}
}

// Conflict reports an action the current state does not allow, naming that state so the
// caller can see why without a second request. The action is keyed as do.<its words>
// when the catalog has them; the app names some actions the catalog does not (a task's
// ID), and those keep the English message alone.
func Conflict(action string, state fmt.Stringer) *Error {
	key := "do." + strings.ReplaceAll(action, " ", "_")
	if _, ok := domainMessages[key]; ok {
		return Refuse(ECONFLICT, Msg("error.conflict", "action", key, "status", "status."+state.String()))
	}
	return &Error{Code: ECONFLICT, Message: fmt.Sprintf("cannot %s: the case is %s", action, state)}
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not ours and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err; internal errors get a fixed text so
// that nothing internal leaks.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// Fields collects field errors during parsing; Err returns nil when there are none.
type Fields []FieldError

// Add records that field is invalid.
func (f *Fields) Add(field, format string, args ...any) {
	*f = append(*f, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// AddText records that field is invalid, saying why with a keyed text.
func (f *Fields) AddText(field string, t *Text) {
	*f = append(*f, FieldError{Field: field, Message: t.English(), Text: t})
}

// Err returns an EINVALID *Error holding all field errors, or nil.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return Invalid(f)
}

// AddErr records that field is invalid for the reason err gives: a value parser's refusal
// (refusal) keyed, so that a page reads it in its own language, any other error as its
// text.
func (f *Fields) AddErr(field string, err error) {
	if t := textOf(err); t.Key != "" {
		f.AddText(field, t)
		return
	}
	*f = append(*f, FieldError{Field: field, Message: err.Error()})
}

// textOf is the reason err gives as a text: a refusal's keyed text, any other error's text
// verbatim.
func textOf(err error) *Text {
	var r refused
	if errors.As(err, &r) {
		return r.Text
	}
	return verbatim(err.Error())
}

// refused is a value parser's refusal as a keyed text; its Error is the English of the
// REST contract, so a caller that only reads the string reads what it always did.
type refused struct{ *Text }

func (r refused) Error() string { return r.English() }

// refusal is the error of a value parser that refuses its input for the reason key names.
func refusal(key string, pairs ...string) error { return refused{Msg(key, pairs...)} }

// oneOf returns s as a member of the closed set all, or the set's refusal (a message key):
// every enum's parser accepts its exact spelling only, so that a value stored is a value
// listed.
func oneOf[T ~string](s string, all []T, key string) (T, error) {
	if slices.Contains(all, T(s)) {
		return T(s), nil
	}
	return "", refusal(key)
}

// optional parses a field the body may leave out (nil: nothing to parse), recording why
// it is invalid under its field name; the result is nil unless the field parsed.
func optional[S, T any](fe *Fields, field string, p *S, parse func(S) (T, error)) *T {
	if p == nil {
		return nil
	}
	v, err := parse(*p)
	if err != nil {
		fe.AddErr(field, err)
		return nil
	}
	return &v
}

// maxNote bounds the free text a person adds to a step (a note, a reason): the case's
// trail keeps it whole.
const maxNote = 2000

// checkNote refuses a note longer than maxNote.
func checkNote(fe *Fields, field, note string) {
	if len([]rune(note)) > maxNote {
		fe.AddText(field, Msg("invalid.at_most_chars", "max", itoa(maxNote)))
	}
}

// commit applies a validated change. A step validates into a func so that its Check twin
// runs every rule of it without changing the case; commit is the applying half.
func commit(apply func(), err error) error {
	if err != nil {
		return err
	}
	apply()
	return nil
}
