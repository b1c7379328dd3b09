package web

import (
	"bytes"
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// page is what every template gets: the visitor, the language and one page's data.
type page struct {
	Lang  string
	User  *session // nil for a visitor who has not signed in
	CSRF  string
	Title string
	// Path is the page's own address, for the language switch to come back to.
	Path   string
	Flash  string
	Notice string // a warning shown above the content, such as a task completed elsewhere
	Form   *form
	Data   any
}

// T translates a catalog key.
func (p page) T(key string) string { return translate(p.Lang, key) }

// L translates an enumerated value under a namespace: {{$.L "status" .Status}}.
func (p page) L(ns string, v any) string { return label(p.Lang, ns, fmt.Sprint(v)) }

// ReadOnly is true for auditors, who see every page and no form.
func (p page) ReadOnly() bool { return p.User != nil && p.User.Role == models.RoleAuditor }

// Is reports whether the visitor has the role.
func (p page) Is(role string) bool { return p.User != nil && string(p.User.Role) == role }

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
}

// Only is the page as one of several forms on it sees it. The values and errors of a
// refused form (refused, the action that was sent) belong to that form alone, so the
// other forms start empty; scope prefixes the ids of the form's fields, so that two forms
// with a field of the same name (an order's negotiation and its cancellation both have a
// reason) do not share an id.
func (p page) Only(action, refused, scope string) page {
	f := &form{Values: url.Values{}, Scope: scope}
	if p.Form != nil {
		f.Key = p.Form.Key
		if action == refused {
			f.Values, f.Errors = p.Form.Values, p.Form.Errors
		}
	}
	p.Form = f
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
			msgs = append(msgs, e.Message)
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

var funcs = template.FuncMap{
	"datetime": func(v any) string {
		switch t := v.(type) {
		case time.Time:
			if t.IsZero() {
				return ""
			}
			return t.In(models.Seoul).Format("2006-01-02 15:04")
		case *time.Time:
			if t == nil || t.IsZero() {
				return ""
			}
			return t.In(models.Seoul).Format("2006-01-02 15:04")
		}
		return fmt.Sprint(v)
	},
	"krw": func(v any) string {
		switch k := v.(type) {
		case models.KRW:
			return groupDigits(int64(k)) + "원"
		case *models.KRW:
			if k == nil {
				return ""
			}
			return groupDigits(int64(*k)) + "원"
		}
		return fmt.Sprint(v)
	},
	"join": func(sep string, v any) string {
		switch s := v.(type) {
		case []string:
			return strings.Join(s, sep)
		}
		return fmt.Sprint(v)
	},
	"seq": func(n int) []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	},
	"str":  func(v any) string { return fmt.Sprint(v) },
	"list": func(s ...string) []string { return s },
	"inc":  func(i int) int { return i + 1 },
	"strs": func(v any) []string {
		switch s := v.(type) {
		case []string:
			return s
		case []models.DocumentKind:
			out := make([]string, len(s))
			for i, k := range s {
				out[i] = string(k)
			}
			return out
		case []models.TaskKind:
			out := make([]string, len(s))
			for i, k := range s {
				out[i] = string(k)
			}
			return out
		}
		return nil
	},
	// field and choices build the arguments of the partials of the same names: a
	// template call passes one value, and a field needs the page and its own name.
	"field": func(p page, typ, name, labelKey string) fieldArgs {
		return fieldArgs{P: p, Type: typ, Name: name, Label: labelKey}
	},
	"choices": func(p page, typ, name, ns string, opts []string) choiceArgs {
		return choiceArgs{P: p, Type: typ, Name: name, NS: ns, Options: opts}
	},
	"args": func(p page, v any) partialArgs { return partialArgs{P: p, V: v} },
	"name": func(prefix string, i int, field string) string { return fmt.Sprintf("%s[%d].%s", prefix, i, field) },
}

type fieldArgs struct {
	P                 page
	Type, Name, Label string
}

type choiceArgs struct {
	P              page
	Type, Name, NS string
	Options        []string
}

type partialArgs struct {
	P page
	V any
}

func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// pages holds one template set per page, each with the shared layout and partials.
type pages struct{ sets map[string]*template.Template }

func parsePages() (*pages, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{sets: map[string]*template.Template{}}
	for _, n := range names {
		base := path.Base(n)
		if base == "layout.html" || base == "partials.html" {
			continue
		}
		t, err := template.New(base).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", n)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", n, err)
		}
		p.sets[strings.TrimSuffix(base, ".html")] = t
	}
	return p, nil
}

// render writes a whole page, or nothing: a template error becomes an error page, never
// half a page.
func (p *pages) render(w io.Writer, name string, data page) error {
	t, ok := p.sets[name]
	if !ok {
		return fmt.Errorf("web: no page %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// pageFor starts a page's data for the request.
func (u *UI) pageFor(c *gin.Context, titleKey string) page {
	s := sessionOf(c)
	p := page{Lang: langOf(c), CSRF: s.CSRF, Path: c.Request.URL.RequestURI()}
	if s.signedIn() {
		p.User = s
	}
	p.Title = p.T(titleKey)
	// done names what was just done: an action's label, or the ID of a task or a case.
	if f := c.Query("done"); f != "" {
		p.Flash = f
		if _, ok := messages["flash."+f]; ok {
			p.Flash = p.T("flash." + f)
		}
	}
	return p
}

func (u *UI) html(c *gin.Context, status int, name string, p page) {
	var buf bytes.Buffer
	if err := u.pages.render(&buf, name, p); err != nil {
		u.app.Logger.ErrorContext(ctx(c), "render page", "page", name, "error", err)
		c.Data(http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("internal error"))
		c.Abort()
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// errorView is the error page's content.
type errorView struct {
	Status  int
	Code    string
	Message string
	// Fields are the refused fields of a 422, each with why.
	Fields []models.FieldError
}

var statusOf = map[string]int{
	models.EMALFORMED: http.StatusBadRequest, models.EUNAUTHORIZED: http.StatusUnauthorized,
	models.EFORBIDDEN: http.StatusForbidden, models.ENOTFOUND: http.StatusNotFound,
	models.ECONFLICT: http.StatusConflict, models.ETOOLARGE: http.StatusRequestEntityTooLarge,
	models.EINVALID: http.StatusUnprocessableEntity, models.EIDEMPOTENCY: http.StatusUnprocessableEntity,
	models.EUNAVAILABLE: http.StatusServiceUnavailable, models.EINTERNAL: http.StatusInternalServerError,
}

// fail shows an error page with the same status the REST API would answer. Internal
// errors are logged and shown without detail.
func (u *UI) fail(c *gin.Context, err error) {
	code := models.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		code, status = models.EINTERNAL, http.StatusInternalServerError
	}
	if code == models.EINTERNAL && store.IsUnavailable(err) {
		code, status = models.EUNAVAILABLE, http.StatusServiceUnavailable
		err = models.Errorf(models.EUNAVAILABLE, "a service dsmarket depends on is unavailable; try again shortly")
	}
	if status == http.StatusServiceUnavailable {
		c.Header("Retry-After", "5")
	}
	msg := models.ErrorMessage(err)
	if code == models.EINTERNAL {
		u.app.Logger.ErrorContext(ctx(c), "internal error", "error", err, "path", c.Request.URL.Path)
		msg = ""
	}
	p := u.pageFor(c, "h.error")
	p.Data = errorView{Status: status, Code: code, Message: msg}
	if code == models.EINVALID {
		// A refusal that has no form to show its fields beside (a page's parameters, a
		// form with text no field accepts) names them here.
		var me *models.Error
		if errors.As(err, &me) {
			p.Data = errorView{Status: status, Code: code, Message: msg, Fields: me.Fields}
		}
	}
	u.html(c, status, "error", p)
	c.Abort()
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

func randomKey() string { return "ui-" + rand.Text() }

// errIs reports whether err carries the code.
func errIs(err error, code string) bool {
	var me *models.Error
	return errors.As(err, &me) && me.Code == code
}

// fieldsOf returns the field errors of an EINVALID error.
func fieldsOf(err error) []models.FieldError {
	var me *models.Error
	if errors.As(err, &me) {
		if len(me.Fields) == 0 {
			return []models.FieldError{{Field: "", Message: me.Message}}
		}
		return me.Fields
	}
	return nil
}

// postForm reads a submitted form; a body that is not one is a 400 page.
func (u *UI) postForm(c *gin.Context) (url.Values, bool) {
	if err := c.Request.ParseForm(); err != nil {
		u.fail(c, models.Errorf(models.EMALFORMED, "the form could not be read"))
		return nil, false
	}
	if err := models.CheckForm(c.Request.PostForm); err != nil {
		u.fail(c, err)
		return nil, false
	}
	return c.Request.PostForm, true
}

// checkParams refuses a page whose path or query parameters are not text, as the API
// does: a NUL in a search box must not reach PostgreSQL as a 500.
func (u *UI) checkParams(c *gin.Context) {
	path := make([]models.Param, len(c.Params))
	for i, p := range c.Params {
		path[i] = models.Param{Name: p.Key, Value: p.Value}
	}
	if err := models.CheckParams(path, c.Request.URL.Query()); err != nil {
		u.fail(c, err)
		return
	}
	c.Next()
}

// finish answers a form's action as every page does: done → on to next; a refused field →
// the page again, filled in as sent, each message beside its field (422); the case moved
// on → the page as it is now, saying why (409); anything else → the error page. show
// renders the action's page with a status, the refused form (or nil) and a notice.
func (u *UI) finish(c *gin.Context, err error, next string, sent url.Values, show func(status int, f *form, notice string)) {
	switch {
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
