package web_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/web"
)

// The cookie and field names the pages use (web/session.go).
const (
	pageSessionCookie = "dsmarket_session"
	pageCSRFField     = "csrf_token"
	// pageCSRFRefusal is the detail of checkPost's refusal, pageSignedIn what every page of
	// a signed-in visitor has (the sign-out form) and no page of anyone else.
	pageCSRFRefusal = "이 사이트에서 보낸 양식이 아닙니다"
	pageSignedIn    = `action="/ui/logout"`
)

// pageWant is the class of answer a caller must get from a page.
type pageWant int

const (
	// pageServed: the page, a redirect after a form, or a form's 409/422; never 401, 403,
	// 404 or the redirect to sign in.
	pageServed pageWant = iota
	// pageSignIn: 303 to the sign-in page, which comes back to the page (GET) or to the
	// start (a form, whose content is not kept).
	pageSignIn
	// pageCSRF: 403 by the form check: a form without a session the server made has no
	// token the server gave, so it is refused before the route's own checks.
	pageCSRF
	// page401: a sign-in that was never started cannot be finished.
	page401
	// page403: the route's role check.
	page403
	// page404: another organization's object is not revealed, not even as forbidden.
	page404
)

func (w pageWant) String() string {
	return [...]string{"served (not 401/403/404, not the sign-in redirect)", "303 to sign in",
		"403 by the form check", "401", "403 by the role check", "404"}[w]
}

// refusal: refused callers go before admitted ones on each route, so that a step an
// admitted caller takes cannot turn a refusal into a 409.
func (w pageWant) refusal() bool { return w != pageServed }

// callerKind is how a caller stands with the server's sessions.
type callerKind int

const (
	// kindNoCookie sends no cookie at all: a first request, or a client without cookies.
	kindNoCookie callerKind = iota
	// kindForged sends a session cookie the server did not make as it is.
	kindForged
	// kindAnonymous has the anonymous session the server gives every visitor (a CSRF
	// token, nobody signed in): a browser that has not signed in.
	kindAnonymous
	kindSignedIn
)

// pageCaller is one column of the matrix: a session cookie and the CSRF token its forms carry.
type pageCaller struct {
	name   string
	kind   callerKind
	cookie string // the session cookie's value; "" sends none
	csrf   string
	// role, sub and org are the signed-in person's.
	role     models.Role
	sub, org string
	// foreign: of another organization than the one that owns the fixture cases.
	foreign bool
}

func (c pageCaller) signedOut() bool { return c.kind != kindSignedIn }

// pageAnswer is what a request got.
type pageAnswer struct {
	status           int
	location, body   string
	newSessionCookie bool
}

var htmlTag = regexp.MustCompile(`<[^>]*>`)

func (a pageAnswer) String() string {
	body := a.body
	if i := strings.Index(body, `<main`); i >= 0 {
		body = body[i:] // past the layout's head, to what the page says
	}
	body = strings.Join(strings.Fields(htmlTag.ReplaceAllString(body, " ")), " ")
	if r := []rune(body); len(r) > 300 {
		body = string(r[:300]) + "…"
	}
	return fmt.Sprintf("%d Location=%q %s", a.status, a.location, body)
}

// signInFrom is where the role check sends a visitor who is not signed in.
func signInFrom(method, requestURI string) string {
	if method != http.MethodGet {
		requestURI = web.Prefix + "/"
	}
	return web.Prefix + "/login?next=" + url.QueryEscape(requestURI)
}

func isSignInRedirect(a pageAnswer) bool {
	return a.status == http.StatusSeeOther && strings.HasPrefix(a.location, web.Prefix+"/login?next=")
}

// holds reports whether a is of the class w for caller c of method requestURI; a 5xx never is.
func (w pageWant) holds(a pageAnswer, c pageCaller, method, requestURI string) bool {
	if a.status >= 500 {
		return false
	}
	if c.signedOut() && strings.Contains(a.body, pageSignedIn) {
		return false // shown as someone's page
	}
	switch w {
	case pageServed:
		return a.status != 401 && a.status != 403 && a.status != 404 && !isSignInRedirect(a)
	case pageSignIn:
		return a.status == http.StatusSeeOther && a.location == signInFrom(method, requestURI)
	case pageCSRF:
		return a.status == http.StatusForbidden && strings.Contains(a.body, pageCSRFRefusal)
	case page401:
		return a.status == http.StatusUnauthorized
	case page403:
		return a.status == http.StatusForbidden && strings.Contains(a.body, "역할로는 이 작업을 할 수 없습니다")
	case page404:
		return a.status == http.StatusNotFound
	}
	return false
}

// sameAnswer says whether b is answered as a: the same status to the same place. A
// redirect away from the pages (to the issuer) carries a fresh state, nonce and PKCE
// challenge each time, so only where it goes is compared.
func sameAnswer(a, b pageAnswer) bool {
	where := func(loc string) string {
		if !strings.HasPrefix(loc, "/") {
			loc, _, _ = strings.Cut(loc, "?")
		}
		return loc
	}
	return a.status == b.status && where(a.location) == where(b.location)
}

// pageOrgRoles are the roles whose organization bounds what they see; every other role sees
// the cases of every organization.
var pageOrgRoles = []models.Role{models.RoleAgency, models.RoleProvider}

// pageOrgScoped says, by the resource a page's path parameter names (the first segment
// after /ui/), whether its objects belong to an organization, so that an agency or a
// provider of another one must not learn that they exist (404). A page with a path
// parameter of a resource not listed here has no rule: the test fails until it gets one.
var pageOrgScoped = map[string]bool{
	// A catalog service is its provider's: its page is public, its provider's forms are
	// its provider's alone.
	"services":     true,
	"changes":      true,
	"orders":       true,
	"contracts":    true,
	"searches":     true,
	"applications": true,
	"quality":      true,
	// A case's timeline is of a case of the kinds above (the fixture's is an order's).
	"cases": true,
	// The registry is the operator's and the auditors', of every organization.
	"organizations": false,
	"people":        false,
	// The committee's sessions are of no organization; an uploaded file is its uploader's
	// organization's, and of the applications that reference it.
	"committee": false,
	"documents": true,
	// The inbox is by assignee (a role's queue or a person), never by organization.
	"tasks": false,
	// The static files are the same for everyone.
	"static": false,
}

// pageRows are the expectations, by route and role ("*": every caller), where the rules
// are not enough; a role's row holds for its callers of either organization.
var pageRows = map[string]map[string]pageWant{
	// No sign-in was started (no login cookie), so there is none to finish, whoever asks;
	// the sign-in page says so with 401.
	"GET /ui/auth/callback": {"*": page401},
	// The fixture task is the operators' document check. Experts and committee members
	// may read the application, but a task assigned to another role is not theirs to see,
	// and the form reads the task first, so they are not told it exists when they send one
	// (the API answers its complete with 403: the refusal is the same, worded differently).
	"GET /ui/tasks/:id":  {"expert": page404, "committee": page404},
	"POST /ui/tasks/:id": {"expert": page404, "committee": page404},
	// The fixture file is the fixture application's: experts not assigned to it and
	// agencies may not read it, and are not told it exists.
	"GET /ui/documents/:id": {"expert": page404, "agency": page404},
}

// pageOffTable are the pages the UI mounts outside the route table, with their roles.
var pageOffTable = map[string]string{
	"GET /":                "public", // to /ui/
	"GET /ui/static/*file": "public",
	"GET /favicon.ico":     "public", // to the SVG
}

// pageSteps are steps on one fixture case in the order its workflow takes them, so that
// the admitted caller of each gets past the case's state.
var pageSteps = []string{
	"POST /ui/orders/:id/proposal",
	"POST /ui/orders/:id/evaluation",
	"POST /ui/orders/:id/negotiation",
	"POST /ui/quality/:id/report",
	"POST /ui/quality/:id/prereview",
}

// pageEndsCase are the forms that close their case; they run after every other route, so
// that each fixture case is still open for the rows that step on it.
var pageEndsCase = []string{
	"POST /ui/applications/:id/withdraw",
	"POST /ui/orders/:id/cancel",
	"POST /ui/changes/:id/decision",
	"POST /ui/committee/:id/close",
}

// pageOrder ranks routes: reads first, then pageSteps in their order, then the other forms,
// then the forms that close a case, and signing out last of all: it revokes the session
// every other row of its caller sends.
func pageOrder(method, path string) int {
	route := method + " " + path
	if route == "POST /ui/logout" {
		return 3 + len(pageSteps)
	}
	if i := slices.Index(pageSteps, route); i >= 0 {
		return 1 + i
	}
	switch {
	case slices.Contains(pageEndsCase, route):
		return 2 + len(pageSteps)
	case method == http.MethodGet:
		return 0
	}
	return 1 + len(pageSteps)
}

// pageExpect is what c must get from the route (roles as the route table writes them).
func pageExpect(method, path, roles string, c pageCaller) (pageWant, error) {
	route := method + " " + path
	if w, ok := pageRows[route]["*"]; ok {
		return w, nil
	}
	switch {
	case c.kind == kindNoCookie || c.kind == kindForged:
		if method != http.MethodGet {
			return pageCSRF, nil
		}
		if roles == "public" {
			return pageServed, nil
		}
		return pageSignIn, nil
	case c.kind == kindAnonymous && roles == "public":
		return pageServed, nil
	case c.kind == kindAnonymous:
		return pageSignIn, nil
	case roles == "public":
		return pageServed, nil
	case !slices.Contains(api.Roles(roles), c.role):
		return page403, nil
	}
	if w, ok := pageRows[route][string(c.role)]; ok {
		return w, nil
	}
	if !c.foreign || !strings.Contains(path, "/:") {
		return pageServed, nil
	}
	resource, _, _ := strings.Cut(strings.TrimPrefix(path, web.Prefix+"/"), "/")
	scoped, known := pageOrgScoped[resource]
	if !known {
		return 0, fmt.Errorf("%s: its path parameter names a %q object, for which the page authorization matrix has no rule: "+
			"say in pageOrgScoped whether another organization's %s are hidden from agencies and providers, or add the route to pageRows",
			route, resource, resource)
	}
	if scoped && slices.Contains(pageOrgRoles, c.role) {
		return page404, nil
	}
	return pageServed, nil
}

// pageTable reads the route table of the pages (routes.go) as written: "METHOD /path" →
// roles, the path under web.Prefix as the engine serves it. The table is a literal inside
// UI.routes, so it is read from the source; a row that is not two string literals and a
// handler fails the test.
func pageTable(t *testing.T) map[string]string {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "routes.go", nil, 0)
	require.NoError(t, err)
	table := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.CompositeLit)
		if !ok {
			return true
		}
		arr, ok := lit.Type.(*ast.ArrayType)
		if !ok {
			return true
		}
		if id, ok := arr.Elt.(*ast.Ident); !ok || id.Name != "pageRoute" {
			return true
		}
		for _, e := range lit.Elts {
			row, ok := e.(*ast.CompositeLit)
			require.True(t, ok && len(row.Elts) == 3, "routes.go: a pageRoute row is not {pattern, roles, handler}")
			var s [2]string
			for i := range s {
				bl, ok := row.Elts[i].(*ast.BasicLit)
				require.True(t, ok && bl.Kind == token.STRING, "routes.go: a pageRoute row's pattern and roles must be string literals")
				s[i], err = strconv.Unquote(bl.Value)
				require.NoError(t, err)
			}
			method, path, ok := strings.Cut(s[0], " ")
			require.True(t, ok, "routes.go: pattern %q is not \"METHOD /path\"", s[0])
			table[method+" "+web.Prefix+path] = s[1]
		}
		return false
	})
	require.NotEmpty(t, table, "routes.go has no []pageRoute table")
	return table
}
