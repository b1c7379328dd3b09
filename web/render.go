package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
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
	// Filter is a list's status filter; nil on other pages.
	Filter *statusFilter
	// TimeScale, above 1, is the development sandbox's factor, which every page says in a
	// banner: a deadline seen there is not a real one.
	TimeScale int
	// Unread counts the visitor's news they have not read (at most models.MaxUnread), for
	// the badge beside the link to it.
	Unread int
	// orgs finds an organization by its code for OrgName, services a catalog entry by
	// its ID for ServiceName; nil shows no names (and the names cases recorded).
	orgs     func(code string) (models.Organization, bool)
	services func(id string) (models.Service, bool)
	// users finds a person by their sub for PersonName; nil shows subs alone.
	users func(sub string) (models.User, bool)
}

// NextPage is the address of a list's next page: the page's own, with its filter kept.
func (p page) NextPage(token string) string {
	path, _, _ := strings.Cut(p.Path, "?")
	q := url.Values{"page_token": {token}}
	if f := p.Filter; f != nil && f.Current != "" {
		q.Set("status", f.Current)
	}
	return path + "?" + q.Encode()
}

// UnreadCount is the badge's number: past the count's bound, "99+".
func (p page) UnreadCount() string {
	if p.Unread >= models.MaxUnread {
		return fmt.Sprintf("%d+", models.MaxUnread-1)
	}
	return strconv.Itoa(p.Unread)
}

// T translates a catalog key.
func (p page) T(key string) string { return translate(p.Lang, key) }

// L translates an enumerated value under a namespace: {{$.L "status" .Status}}.
func (p page) L(ns string, v any) string { return label(p.Lang, ns, fmt.Sprint(v)) }

// Say shows a domain text in the page's language, or fallback, the English string of the
// REST contract, for a text recorded before it was keyed: {{$p.Say .NoteText .Note}}.
func (p page) Say(t *models.Text, fallback string) string { return say(p.Lang, t, fallback) }

// Reason shows a case's reason in the page's language. A case keeps its reason as the
// English string alone; the step that closed the case recorded the same words with their
// key, so the reason is said as that step's note.
func (p page) Reason(steps []models.Step, reason string) string {
	for i := len(steps) - 1; i >= 0; i-- {
		if steps[i].Note == reason && steps[i].NoteText != nil {
			return p.Say(steps[i].NoteText, reason)
		}
	}
	return reason
}

// TR translates a catalog key whose text has placeholders, such as a number of the rule
// table: {{.TR "h.evaluation" "score" (rule "catalog_order.qualifying_score")}}.
func (p page) TR(key string, pairs ...string) string {
	return say(p.Lang, models.Msg(key, pairs...), key)
}

// Other is the page in the other language, for a page that says its message in both.
func (p page) Other() page {
	if p.Lang == langEN {
		p.Lang = langKO
	} else {
		p.Lang = langEN
	}
	return p
}

// ReadOnly is true for auditors, who see every page and no form.
func (p page) ReadOnly() bool { return p.User != nil && p.User.Role == models.RoleAuditor }

// Is reports whether the visitor has the role.
func (p page) Is(role string) bool { return p.User != nil && string(p.User.Role) == role }

// FilesOpen says the visitor may open a case's files (an application's: an expert only
// once assigned to it), so that the page does not link files that would answer 404.
func (p page) FilesOpen(c interface{ FilesVisibleTo(models.Actor) bool }) bool {
	return c != nil && p.User != nil && c.FilesVisibleTo(p.User.actor())
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
	"str": func(v any) string { return fmt.Sprint(v) },
	// rule is the value of a rule in force today, for a text that names it: the number
	// lives in the rule table, not in the sentence.
	"rule": func(key string) (string, error) {
		r, err := models.RuleAt(models.RuleKey(key), time.Now())
		return r.Value, err
	},
	"list": func(s ...string) []string { return s },
	"inc":  func(i int) int { return i + 1 },
	// strs is a slice of an enumeration (a string kind) as strings, for a select's options.
	"strs": func(v any) []string {
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Slice || rv.Type().Elem().Kind() != reflect.String {
			return nil
		}
		out := make([]string, rv.Len())
		for i := range out {
			out[i] = rv.Index(i).String()
		}
		return out
	},
	// field and choices build the arguments of the partials of the same names: a
	// template call passes one value, and a field needs the page and its own name.
	"field": func(p page, typ, name, labelKey string) fieldArgs {
		return fieldArgs{P: p, Type: typ, Name: name, Label: labelKey}
	},
	"choices": func(p page, typ, name, ns string, opts []string) choiceArgs {
		return choiceArgs{P: p, Type: typ, Name: name, NS: ns, Options: opts}
	},
	// pick builds the arguments of the partial "select": a field with one of the options,
	// each shown as its label under the namespace ns.
	"pick": func(p page, name, labelKey, ns string, opts []string) selectArgs {
		return selectArgs{P: p, Name: name, Label: labelKey, NS: ns, Options: opts}
	},
	"args": func(p page, v any) partialArgs { return partialArgs{P: p, V: v} },
	// filterChoice is one choice of a search or list filter (a GET form): its options
	// labelled in ns, "all" first, and the one picked.
	"filterChoice": func(p page, name, labelKey, ns string, opts []string, current string) filterChoiceArgs {
		return filterChoiceArgs{P: p, Name: name, Label: labelKey, NS: ns, Options: opts, Current: current}
	},
	// unlinked lists files by name only, for a visitor who may not open them.
	"unlinked": func(docs []models.Document) []models.Document {
		out := slices.Clone(docs)
		for i := range out {
			out[i].DocumentID = ""
		}
		return out
	},
	"name": func(prefix string, i int, field string) string { return fmt.Sprintf("%s[%d].%s", prefix, i, field) },
}

type filterChoiceArgs struct {
	P                        page
	Name, Label, NS, Current string
	Options                  []string
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

type selectArgs struct {
	P               page
	Name, Label, NS string
	Options         []string
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

// pages holds one template set per page, each with the shared layout and partials, and
// the labels of its form fields.
type pages struct {
	sets   map[string]*template.Template
	labels map[string]map[string]string
}

func parsePages() (*pages, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{sets: map[string]*template.Template{}, labels: map[string]map[string]string{}}
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
		p.labels[strings.TrimSuffix(base, ".html")] = formLabels(t)
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
	if data.Form != nil {
		// A form's messages and labels read in the page's language, whichever handler
		// built the form.
		data.Form.Lang, data.Form.labels = data.Lang, p.labels[name]
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
	return u.pageWithNews(c, titleKey, nil)
}

// pageWithNews is pageFor for a handler that has just read the visitor's news marker
// (read), so that the header's badge does not count it again; nil counts it here.
func (u *UI) pageWithNews(c *gin.Context, titleKey string, read *models.NotificationsRead) page {
	s := sessionOf(c)
	p := page{Lang: langOf(c), CSRF: s.CSRF, Path: c.Request.URL.RequestURI(), TimeScale: u.app.TimeScale}
	if s.signedIn() {
		p.User = s
		p.orgs = pageLookup(c, u, "organization", u.app.Store.GetOrganization)
		p.services = pageLookup(c, u, "service", u.app.Store.GetService)
		p.users = pageLookup(c, u, "person", u.app.Store.GetUser)
		if read == nil {
			// A badge is not worth a page: a count that cannot be read is left out.
			r, err := u.app.Directory.NotificationsRead(ctx(c), s.actor())
			if err != nil {
				u.app.Logger.WarnContext(ctx(c), "count unread notifications", "error", err)
			}
			read = &r
		}
		p.Unread = read.Unread
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
