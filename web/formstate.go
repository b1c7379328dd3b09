package web

import (
	"crypto/rand"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// form is a form's submitted values and the errors found in them, so that a refused form
// comes back filled in with each message beside its field.
type form struct {
	Values url.Values
	Errors []models.FieldError
	// Key is the Idempotency-Key of this form: a double submission acts once.
	Key string
	// Scope prefixes the ids of the form's fields, for a page with two forms that have a
	// field of the same name (see page.Only).
	Scope string
	// Lang is the visitor's language, the one each field's message is shown in: the
	// page.s, set when the page is rendered (pages.render).
	Lang string
	// labels are the page's field labels (formLabels), for the error summary.
	labels map[string]string
}

// Only is the page as one of several forms on it sees it. The values and errors of a
// refused form (refused, the action that was sent) belong to that form alone, so the
// other forms start empty; scope prefixes the ids of the form's fields, so that two forms
// with a field of the same name (an order's negotiation and its cancellation both have a
// reason) do not share an id.
func (p page) Only(action, refused, scope string) page {
	f := &form{Values: url.Values{}, Scope: scope, Lang: p.Lang}
	if p.Form != nil {
		f.Key, f.labels = p.Form.Key, p.Form.labels
		if action == refused {
			f.Values, f.Errors = p.Form.Values, p.Form.Errors
		}
	}
	p.Form = f
	return p
}

// Filled is Only for a form that changes what exists: until it comes back refused it
// shows current, the values it would change, rather than empty fields.
func (p page) Filled(action, refused, scope string, current url.Values) page {
	p = p.Only(action, refused, scope)
	if action != refused {
		p.Form.Values = current
	}
	return p
}

func newForm(values url.Values) *form {
	if values == nil {
		values = url.Values{}
	}
	return &form{Values: values, Key: randomKey()}
}

// Val is a submitted value.
func (f *form) Val(name string) string {
	if f == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Checked reports whether a radio or checkbox named name was submitted with value.
func (f *form) Checked(name, value string) bool {
	if f == nil {
		return false
	}
	for _, v := range f.Values[name] {
		if v == value {
			return true
		}
	}
	return false
}

// Err is the message of the field's errors, "" if it has none. An error on an element of
// a list ("experts[1]", "scores[0].score") belongs to the list's field.
func (f *form) Err(name string) string {
	if f == nil {
		return ""
	}
	var msgs []string
	for _, e := range f.Errors {
		if e.Field == name || baseField(e.Field) == name {
			msgs = append(msgs, say(f.Lang, e.Text, e.Message))
		}
	}
	return strings.Join(msgs, "; ")
}

// Anchor is the id of the field an error names, for the error summary's links.
func (f *form) Anchor(field string) string { return f.ID(baseField(field)) }

// ID is the id of the field's element, which its label names.
func (f *form) ID(name string) string { return "f-" + f.scope() + name }

// ErrID is the id of the field's error message, which the field names in aria-describedby.
func (f *form) ErrID(name string) string { return "e-" + f.scope() + name }

func (f *form) scope() string {
	if f == nil {
		return ""
	}
	return f.Scope
}

func baseField(field string) string {
	if i := strings.IndexByte(field, '['); i >= 0 {
		return field[:i]
	}
	return field
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

func randomKey() string { return "ui-" + rand.Text() }

// postForm reads a submitted form; a body that is not one is a 400 page.
func (u *UI) postForm(c *gin.Context) (url.Values, bool) {
	if err := c.Request.ParseForm(); err != nil {
		u.fail(c, uiRefusal(models.EMALFORMED, models.Msg("msg.refused.form_unreadable")))
		return nil, false
	}
	if err := models.CheckForm(c.Request.PostForm); err != nil {
		u.fail(c, err)
		return nil, false
	}
	// Composed as the REST API's bodies are (api.checkBodyText): a Mac's loose jamo are
	// stored as the same words typed elsewhere.
	for _, vs := range c.Request.PostForm {
		for i, v := range vs {
			vs[i] = models.Composed(v)
		}
	}
	return c.Request.PostForm, true
}

// pageError is an error of the read that comes before a form's action (the case it acts
// on): it is shown as the error page, never beside the form.
type pageError struct{ err error }

func (e pageError) Error() string { return e.err.Error() }

// finish answers a form's action as every page does: done → on to next; a refused field →
// the page again, filled in as sent, each message beside its field (422); the case moved
// on → the page as it is now, saying why (409); anything else → the error page. show
// renders the action's page with a status, the refused form (or nil) and a notice.
func (u *UI) finish(c *gin.Context, err error, next string, sent url.Values, show func(status int, f *form, notice string)) {
	var pe pageError
	switch {
	case errors.As(err, &pe):
		u.fail(c, pe.err)
	case err == nil:
		c.Redirect(http.StatusSeeOther, next)
	case errIs(err, models.EINVALID):
		f := newForm(sent)
		f.Errors = fieldsOf(err)
		show(http.StatusUnprocessableEntity, f, "")
	case errIs(err, models.ECONFLICT):
		show(http.StatusConflict, nil, models.ErrorMessage(err))
	default:
		u.fail(c, err)
	}
}

// refused names the form a page shows errors on: the action that was sent when it came
// back refused, none when the page is shown as it is now.
func refused(f *form, action string) string {
	if f == nil {
		return ""
	}
	return action
}
