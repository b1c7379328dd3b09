package web

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// What every golden page must be, beyond its golden file, and a test that the checks
// fail a page that breaks them.

// checker is the part of *testing.T the page checks use, so that a test of the checks can
// record what they find.
type checker interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
}

// voidElements have no end tag.
var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true,
	"img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true}

// checkWellFormed requires every element but the void ones to be closed, in order: the
// templates write complete markup, without relying on the parser's repairs.
func checkWellFormed(t checker, body string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(body))
	var stack []string
	line := 1
	for {
		tt := z.Next()
		raw := string(z.Raw())
		switch tt {
		case html.ErrorToken:
			if len(stack) > 0 {
				t.Errorf("unclosed elements at the end: %v", stack)
			}
			return
		case html.StartTagToken:
			name, _ := z.TagName()
			if !voidElements[string(name)] {
				stack = append(stack, string(name))
			}
		case html.SelfClosingTagToken:
			name, _ := z.TagName()
			if !voidElements[string(name)] {
				t.Errorf("line %d: self-closing <%s/>", line, name)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if voidElements[string(name)] {
				t.Errorf("line %d: end tag of void element </%s>", line, name)
				break
			}
			if len(stack) == 0 || stack[len(stack)-1] != string(name) {
				t.Errorf("line %d: </%s> closes %v", line, name, stack)
				return
			}
			stack = stack[:len(stack)-1]
		}
		line += strings.Count(raw, "\n")
	}
}

// catalogKey is what a translation key looks like when the catalog lacks it.
var catalogKey = regexp.MustCompile(`(?:^|[\s(>:])(?:app|nav|role|kind|taskstatus|casetype|status|action|doc|opt|field|h|col|filter|btn|msg|lang)\.[a-z][a-z_.]*\b`)

// checkPage asserts what holds for every page.
func checkPage(t checker, p page, body string, doc *html.Node) {
	t.Helper()
	if !strings.Contains(body, `<html lang="`+p.Lang+`">`) {
		t.Errorf(`no <html lang="%s">`, p.Lang)
	}
	if got := textOf(findOne(t, doc, "title")); !strings.HasPrefix(got, p.Title+" · ") {
		t.Errorf("title %q does not start with %q", got, p.Title)
	}

	// Ids are unique, and every reference to one finds it.
	ids := map[string]int{}
	walk(doc, func(n *html.Node) {
		if id := attr(n, "id"); id != "" {
			ids[id]++
		}
	})
	for id, n := range ids {
		if n > 1 {
			t.Errorf("id %q is used %d times", id, n)
		}
	}
	walk(doc, func(n *html.Node) {
		for _, a := range []string{"for", "aria-describedby", "aria-labelledby"} {
			for _, ref := range strings.Fields(attr(n, a)) {
				if ids[ref] == 0 {
					t.Errorf("<%s %s=%q> refers to no element", n.Data, a, ref)
				}
			}
		}
		if n.Data == "a" {
			if ref, ok := strings.CutPrefix(attr(n, "href"), "#"); ok && ids[ref] == 0 {
				t.Errorf("link to #%s, which is no element", ref)
			}
		}
	})

	// Every field a person fills in has a label: <label for>, aria-label or an enclosing label.
	labelled := map[string]bool{}
	for _, l := range find(doc, "label") {
		labelled[attr(l, "for")] = true
	}
	for _, n := range find(doc, "input", "textarea", "select") {
		switch attr(n, "type") {
		case "hidden", "submit", "button":
			continue
		}
		if attr(n, "aria-label") != "" || (attr(n, "id") != "" && labelled[attr(n, "id")]) || hasAncestor(n, "label") {
			continue
		}
		t.Errorf("<%s name=%q id=%q> has no label", n.Data, attr(n, "name"), attr(n, "id"))
	}

	// Every post form carries the session's CSRF token; an action form also its key.
	for _, f := range find(doc, "form") {
		if attr(f, "method") != "post" {
			continue
		}
		action := attr(f, "action")
		if v, ok := hiddenValue(f, csrfField); !ok || v != fixtureCSRF {
			t.Errorf("form %s has no CSRF token", action)
		}
		if isActionForm(action) {
			if v, ok := hiddenValue(f, "idempotency_key"); !ok || v != fixtureKey {
				t.Errorf("form %s has idempotency key %q, want %q", action, v, fixtureKey)
			}
			if !hasAttr(f, "novalidate") {
				t.Errorf("form %s is validated by the browser, not the server", action)
			}
		}
	}

	// The auditor reads and changes nothing: the sign-out is the only form that posts.
	if p.ReadOnly() {
		for _, f := range find(doc, "form") {
			// A form that only reads (a list's filter) may share its address with one that acts.
			if attr(f, "method") == "post" && isActionForm(attr(f, "action")) {
				t.Errorf("the auditor gets the form %s", attr(f, "action"))
			}
			// The what-if posts a question, not a step: it changes nothing. A check of the
			// access log is the auditors' own record of their work, of no case.
			if attr(f, "method") == "post" && attr(f, "action") != "/ui/logout" && attr(f, "action") != "/ui/rules/what-if" &&
				attr(f, "action") != "/ui/audit/person-read-checks" {
				t.Errorf("the auditor gets a post form %s", attr(f, "action"))
			}
		}
	}

	// A refused form's errors are in the summary and beside their fields, each tied to its
	// field by aria-describedby.
	if p.Form != nil && len(p.Form.Errors) > 0 {
		summary := find(doc, "div.error-summary")
		if len(summary) != 1 {
			t.Fatalf("%d error summaries, want 1", len(summary))
		}
		for _, e := range p.Form.Errors {
			if !strings.Contains(textOf(summary[0]), e.Message) {
				t.Errorf("the summary lacks %s: %s", e.Field, e.Message)
			}
			var beside *html.Node
			for _, n := range find(doc, "p.field-error") {
				if strings.Contains(textOf(n), e.Message) {
					beside = n
				}
			}
			if beside == nil {
				t.Errorf("no error beside the field %s: %s", e.Field, e.Message)
				continue
			}
			id := attr(beside, "id")
			described := false
			walk(doc, func(n *html.Node) {
				described = described || slices.Contains(strings.Fields(attr(n, "aria-describedby")), id)
			})
			if id == "" || !described {
				t.Errorf("the error %q beside %s describes no field (id %q)", e.Message, e.Field, id)
			}
		}
	} else if strings.Contains(body, `class="error-summary" role="alert" tabindex="-1"`) {
		t.Errorf("an error summary without errors")
	}

	// No catalog key shows untranslated.
	walk(doc, func(n *html.Node) {
		if n.Type == html.TextNode {
			if m := catalogKey.FindString(n.Data); m != "" {
				t.Errorf("untranslated key %q in %q", strings.TrimSpace(m), strings.TrimSpace(n.Data))
			}
		}
	})
}

// isActionForm is whether a form's action changes a case.
func isActionForm(action string) bool {
	for _, prefix := range []string{"/ui/tasks/", "/ui/orders/", "/ui/applications/", "/ui/organizations", "/ui/people", "/ui/me/"} {
		if strings.HasPrefix(action, prefix) {
			return true
		}
	}
	return action == "/ui/orders" || action == "/ui/applications" || strings.HasPrefix(action, "/ui/committee")
}

func hiddenValue(f *html.Node, name string) (string, bool) {
	for _, n := range find(f, "input") {
		if attr(n, "type") == "hidden" && attr(n, "name") == name {
			return attr(n, "value"), true
		}
	}
	return "", false
}

func mustContain(t *testing.T, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(body, s) {
			t.Errorf("the page lacks %s", s)
		}
	}
}

func mustNotContain(t *testing.T, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(body, s) {
			t.Errorf("the page has %s", s)
		}
	}
}

// recorder is a checker that keeps the failures; Fatalf ends the check by panicking.
type recorder struct{ msgs []string }

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
	panic(r)
}

// TestGoldenChecksCatchBadPages: the checks every golden page passes do fail a page that
// breaks what they check, so their passing means something.
func TestGoldenChecksCatchBadPages(t *testing.T) {
	ps, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]goldenCase{}
	for _, gc := range goldenCases() {
		cases[gc.name] = gc
	}
	for _, tc := range []struct {
		name, page string
		// change breaks the rendered page; p changes the page's data the checks compare with.
		change func(string) string
		p      func(page) page
		want   string
	}{
		{"ErrNoLabel", "inbox_ko", func(s string) string { return strings.Replace(s, `<label for="f-kind">작업 종류</label>`, "", 1) },
			nil, `<select name="kind" id="f-kind"> has no label`},
		{"ErrDuplicateID", "inbox_ko", func(s string) string { return strings.Replace(s, `id="tasks"`, `id="main"`, 1) },
			nil, `id "main" is used 2 times`},
		{"ErrLabelForNothing", "inbox_ko", func(s string) string { return strings.Replace(s, `<label for="f-kind">`, `<label for="f-kinds">`, 1) },
			nil, `<label for="f-kinds"> refers to no element`},
		{"ErrWrongLanguage", "inbox_ko", nil, func(p page) page { p.Lang = langEN; return p }, `no <html lang="en">`},
		{"ErrUnclosed", "inbox_ko", func(s string) string { return s + "<div>" }, nil, "unclosed"},
		{"ErrMisnested", "error_404", func(s string) string { return strings.Replace(s, "</h1>", "</h2>", 1) }, nil, "</h2> closes"},
		{"ErrUntranslated", "inbox_ko", func(s string) string { return strings.Replace(s, "<h1>받은 작업함</h1>", "<h1>h.inbox</h1>", 1) },
			nil, `untranslated key "h.inbox"`},
		{"ErrAuditorForm", "task_document_check_ko", nil, func(p page) page { p.User = fxAuditor; return p },
			"the auditor gets the form /ui/tasks/APP-2026-000001-T01"},
		{"ErrNoCSRF", "task_document_check_ko", func(s string) string {
			return strings.Replace(s, `<input type="hidden" name="csrf_token" value="csrf-fixture"><input type="hidden" name="idempotency_key"`,
				`<input type="hidden" name="idempotency_key"`, 1)
		}, nil, "form /ui/tasks/APP-2026-000001-T01 has no CSRF token"},
		{"ErrErrorNotBesideItsField", "order_new_errors", func(s string) string {
			return strings.Replace(s, ` e-budget_krw" aria-invalid="true"`, `"`, 1)
		}, nil, `the error "must be a whole number of won" beside budget_krw describes no field`},
		{"ErrErrorOnlyInTheSummary", "order_new_errors", func(s string) string {
			return strings.Replace(s, `<p class="field-error" id="e-title">is required</p>`, "", 1)
		}, nil, "no error beside the field title: is required"},
		{"ErrBrokenSummaryLink", "order_new_errors", func(s string) string { return strings.Replace(s, `href="#f-title"`, `href="#f-titel"`, 1) },
			nil, "link to #f-titel, which is no element"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			gc, ok := cases[tc.page]
			if !ok {
				t.Fatalf("no golden case %s", tc.page)
			}
			var buf bytes.Buffer
			if err := ps.render(&buf, gc.tmpl, gc.p); err != nil {
				t.Fatal(err)
			}
			body, p := buf.String(), gc.p
			if tc.change != nil {
				if body = tc.change(body); body == buf.String() {
					t.Fatal("the change changed nothing")
				}
			}
			if tc.p != nil {
				p = tc.p(p)
			}
			doc, err := html.Parse(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			r := &recorder{}
			func() {
				defer func() {
					if v := recover(); v != nil && v != r {
						panic(v)
					}
				}()
				checkWellFormed(r, body)
				checkPage(r, p, body, doc)
			}()
			for _, m := range r.msgs {
				if strings.Contains(m, tc.want) {
					return
				}
			}
			t.Errorf("no failure %q; the checks said %q", tc.want, r.msgs)
		})
	}
}
