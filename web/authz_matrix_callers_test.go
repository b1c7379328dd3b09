package web_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/securecookie"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/internal/oidctest"
	"github.com/dsmarket/dsmarket/internal/systest"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/web"
)

// The fixtures, callers and requests of TestPageAuthorizationMatrix: the objects each page
// route is tried on, who tries it, and how a request and the database's answer are read.

// uiRoutes are the routes the engine serves that are not the API's: the pages.
func uiRoutes(s *systest.System) []gin.RouteInfo {
	apiRoutes := map[string]bool{}
	for _, r := range s.Server.Routes {
		apiRoutes[r.Method+" "+r.Path] = true
	}
	var out []gin.RouteInfo
	for _, r := range s.Server.Handler.(*gin.Engine).Routes() {
		if !apiRoutes[r.Method+" "+r.Path] {
			out = append(out, r)
		}
	}
	return out
}

// newMatrixHarness is newHarness with both ways to sign in, so that the single sign-on's
// pages answer as they do in production, and the system itself, for its engine's routes.
func newMatrixHarness(t *testing.T) (*harness, *systest.System, *oidctest.Issuer) {
	t.Helper()
	iss := oidctest.New(t)
	s := systest.New(t, systest.WithUI(func(a *app.App, baseURL string) (api.UI, error) {
		flow, err := auth.NewCodeFlow(context.Background(), auth.CodeFlowConfig{Issuer: iss.URL, ClientID: iss.ClientID,
			ClientSecret: iss.ClientSecret, RedirectURL: localhost(baseURL) + "/ui/auth/callback"})
		if err != nil {
			return nil, err
		}
		return web.New(a, web.Config{SessionSecret: []byte("ui-session-secret-ui-session-secret!!"), DevSignIn: true, CodeFlow: flow})
	}))
	a := s.App
	return &harness{t: t, url: localhost(s.URL), store: s.Store, key: s.Key, tc: s.Temporal, contracts: a.Contracts,
		inspections: a.Inspections, quality: a.Quality, changes: a.Changes, orders: a.Orders, apps: a.Applications, tasks: a.Tasks,
		directory: a.Directory, committee: a.Committee, documents: a.Documents}, s, iss
}

// pageFixtures are the cases the pages' path parameters name: an order of AG-0001 on
// SVC-0001, a direct contract, an application of PV-0001 with the operators' document check
// open, a change request on a service of the test's own, another such service for the
// service's forms, a quality case of this year, and a registered provider and expert (whose
// subject has a character a path escapes).
func (h *harness) pageFixtures() map[string]string {
	h.t.Helper()
	ctx := context.Background()
	f := map[string]string{}
	f["order"] = h.newOrder()
	f["workflow"] = "order-" + f["order"]
	k, err := h.contracts.Create(ctx, kimAgency, models.DirectContractInput{ServiceID: "SVC-0001", Title: "민원포털 유지관리 수의계약",
		ContractedOn: inDays(-3), AmountKRW: 48_000_000, PeriodFrom: inDays(-3), PeriodTo: inDays(300),
		Method: string(models.MethodDirect)}, "")
	require.NoError(h.t, err)
	f["contract"] = k.ID
	f["search"] = h.newSearch(kimAgency)
	// The application references an uploaded file, which those who may read it download.
	doc, err := h.documents.Upload(ctx, jungProvider, app.UploadInput{Filename: "신청서.pdf", Content: minimalPDF("matrix")}, "")
	require.NoError(h.t, err)
	f["document"] = doc.ID
	f["application"] = h.newApplication(append(documents(models.RequiredDocuments(models.TypeCloud, false, false)[1:]...),
		models.DocumentInput{Kind: string(models.DocApplicationForm), DocumentID: doc.ID})...)
	f["task"] = h.openTask(parkOperator, f["application"], models.TaskDocumentCheck)
	session, err := h.committee.Create(ctx, parkOperator, models.SessionInput{HeldOn: inDays(7), Members: []string{"song.committee"}}, "")
	require.NoError(h.t, err)
	f["session"] = session.ID
	desc := "민원 접수와 처리 현황 안내 SaaS"
	cr, err := h.changes.Create(ctx, jungProvider, h.ownService(), models.ChangeRequestInput{
		Changes: models.ChangeFields{Description: &desc}, Reason: "기능 추가"}, "")
	require.NoError(h.t, err)
	f["change"] = cr.ID
	f["service"] = h.ownService()
	org, err := h.directory.RegisterOrganization(ctx, parkOperator, models.OrganizationInput{Org: "PV-0960", Kind: "provider",
		Name: "(주)매트릭스클라우드", BusinessNo: "214-81-12346", Size: "sme", FoundedOn: "2016-05-02"})
	require.NoError(h.t, err)
	f["organization"] = org.Item.Org
	person, err := h.directory.RegisterPerson(ctx, parkOperator, models.PersonInput{Sub: "oidc|matrix", Role: "expert",
		Name: "배정민", Affiliation: "한국과학기술연구원", Email: "bae@kist.example"})
	require.NoError(h.t, err)
	f["person"] = person.Item.Sub
	qsvc := h.ownQualityService()
	f["quality"] = models.QualityCaseID(qsvc, time.Now().In(models.Seoul).Year())
	_, err = h.quality.StartCycle(ctx, parkOperator)
	require.NoError(h.t, err)
	require.Eventually(h.t, func() bool {
		_, errK := h.contracts.Get(ctx, kimAgency, f["contract"])
		c, errC := h.changes.Get(ctx, parkOperator, f["change"])
		_, errQ := h.quality.Get(ctx, parkOperator, f["quality"])
		return errK == nil && errC == nil && c.Status == models.ChangeSubmitted && errQ == nil
	}, 30*time.Second, 100*time.Millisecond, "the contract, the change request and the quality case are projected")
	return f
}

// pageFixtureFor is the value of a route's path parameter; "" for a route it does not know.
func pageFixtureFor(f map[string]string, route, param string) string {
	prefix := func(p string) bool { return strings.HasPrefix(route, web.Prefix+p) }
	switch {
	case param == "workflow_id":
		return f["workflow"]
	case param == "file":
		return "/style.css"
	case prefix("/services/"):
		return f["service"]
	case prefix("/changes/"):
		return f["change"]
	case prefix("/orders/"):
		return f["order"]
	case prefix("/contracts/"):
		return f["contract"]
	case prefix("/searches/"):
		return f["search"]
	case prefix("/applications/"):
		return f["application"]
	case prefix("/tasks/"):
		return f["task"]
	case prefix("/quality/"):
		return f["quality"]
	case prefix("/organizations/"):
		return f["organization"]
	case prefix("/people/"):
		return url.PathEscape(f["person"])
	case prefix("/committee/"):
		return f["session"]
	case prefix("/documents/"):
		return f["document"]
	}
	return ""
}

// pagePath fills the route's parameters with its fixture cases and adds its query; false
// when a parameter has no fixture.
func pagePath(f map[string]string, route string) (string, bool) {
	segs := strings.Split(route, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") || strings.HasPrefix(s, "*") {
			v := pageFixtureFor(f, route, s[1:])
			if v == "" {
				return "", false
			}
			segs[i] = strings.TrimPrefix(v, "/") // a catch-all's value starts with its slash
		}
	}
	return strings.Join(segs, "/"), true
}

// pageQuery is the query a page needs to be itself.
var pageQuery = map[string]string{
	"GET /ui/lang":          "to=en&back=%2Fui%2Fservices",
	"GET /ui/login/oidc":    "next=%2Fui%2Finbox",
	"GET /ui/auth/callback": "code=x&state=y",
	"GET /ui/orders/new":    "service=SVC-0001",
	"GET /ui/contracts/new": "service=SVC-0001",
}

// pagePeople are the signed-in callers of each role: of the organization that owns the
// fixture cases, through the development sign-in, and of another, through the single
// sign-on (whose first sign-in the registry admits: their organizations are registered and
// the experts and members are in the pool); for the roles that see every organization's
// cases another person of the role stands in.
func pagePeople(h *harness, iss *oidctest.Issuer) (home, foreign []pageCaller) {
	for _, p := range []struct {
		role              models.Role
		sub, org, sub2, o string
	}{
		{models.RoleProvider, "jung.provider", "PV-0001", "han.provider", "PV-0002"},
		{models.RoleOperator, "park.operator", "NIA", "seo.operator", "NIA"},
		{models.RoleExpert, "cho.expert", "ETRI", "yoo.expert", "KAIST"},
		{models.RoleCommittee, "song.committee", "MSIT", "lim.committee", "MSIT"},
		{models.RoleAgency, "kim.agency", "AG-0001", "choi.agency", "AG-0002"},
		{models.RoleAuditor, "lee.auditor", "BAI", "oh.auditor", "BAI"},
	} {
		v := h.visitor()
		v.signIn(p.sub)
		home = append(home, v.caller(fmt.Sprintf("%s %s (%s)", p.role, p.sub, p.org), p.role, p.sub, p.org, false))
		w := h.visitor()
		w.signInOIDC(iss, p.role, p.sub2, p.o)
		foreign = append(foreign, w.caller(fmt.Sprintf("%s %s (%s, another)", p.role, p.sub2, p.o), p.role, p.sub2, p.o, true))
	}
	return home, foreign
}

// signInOIDC signs sub in through the single sign-on, the issuer answering at once.
func (v *visitor) signInOIDC(iss *oidctest.Issuer, role models.Role, sub, org string) {
	t := v.h.t
	t.Helper()
	iss.SignInAs(sub, string(role), org)
	r := v.get("/ui/login/oidc?next=%2Fui%2F")
	require.Equal(t, http.StatusFound, r.status, r.body)
	res, err := v.c.Get(r.location)
	require.NoError(t, err)
	back := read(t, res)
	require.Equal(t, http.StatusFound, back.status, back.body)
	cb, err := url.Parse(back.location)
	require.NoError(t, err)
	r = v.get(cb.RequestURI())
	require.Equal(t, http.StatusSeeOther, r.status, "%s's sign-in: %s", sub, r.body)
}

// caller is the visitor's signed-in session as a column of the matrix: its cookie and the
// CSRF token of its forms.
func (v *visitor) caller(name string, role models.Role, sub, org string, foreign bool) pageCaller {
	v.h.t.Helper()
	csrf := v.csrf()
	cookie := v.jar.m[pageSessionCookie]
	require.NotNil(v.h.t, cookie, "no session cookie for %s", sub)
	return pageCaller{name: name, kind: kindSignedIn, cookie: cookie.Value, csrf: csrf, role: role, sub: sub, org: org, foreign: foreign}
}

// anonymousSession is the session a visitor who has not signed in has.
func (h *harness) anonymousSession() pageCaller {
	h.t.Helper()
	v := h.visitor()
	csrf := v.csrf()
	cookie := v.jar.m[pageSessionCookie]
	require.NotNil(h.t, cookie, "no anonymous session cookie")
	return pageCaller{name: "anonymous session", kind: kindAnonymous, cookie: cookie.Value, csrf: csrf}
}

// forgedSession has the session's shape (web/session.go), for a cookie the server did not make.
type forgedSession struct {
	Sub     string
	Role    models.Role
	Org     string
	Name    string
	CSRF    string
	Expires int64
}

// pageBadSessions are the callers with no session of the server's, each with the claims of
// who (a person the route admits), so that only the cookie's flaw refuses them: no cookie; a
// random value under the session's name; a session of who's shape made with another key;
// who's real cookie with one character changed. The forged ones send who's CSRF token.
func pageBadSessions(t *testing.T, who pageCaller) []pageCaller {
	t.Helper()
	otherKey := securecookie.New(securecookie.GenerateRandomKey(32), securecookie.GenerateRandomKey(32))
	otherKeyed, err := otherKey.Encode(pageSessionCookie, forgedSession{Sub: who.sub, Role: who.role, Org: who.org,
		Name: who.sub, CSRF: who.csrf, Expires: time.Now().Add(time.Hour).Unix()})
	require.NoError(t, err)
	b := []byte(who.cookie)
	i := len(b) / 2
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return []pageCaller{
		{name: "no cookie", kind: kindNoCookie},
		{name: "random session cookie", kind: kindForged, cookie: rand.Text() + rand.Text(), csrf: who.csrf},
		{name: "session cookie of another key for " + who.sub, kind: kindForged, cookie: otherKeyed, csrf: who.csrf},
		{name: "cookie of " + who.sub + " with a character changed", kind: kindForged, cookie: string(b), csrf: who.csrf},
	}
}

// pageColumns are a route's callers: the bad sessions with the claims of a person the
// route admits, the anonymous session, every role of the fixtures' organization, and every
// role the route admits of another organization.
func pageColumns(t *testing.T, roles string, anonymous pageCaller, home, foreign []pageCaller) []pageCaller {
	t.Helper()
	admitted := models.AllRoles
	if roles != "public" {
		admitted = api.Roles(roles)
	}
	i := slices.IndexFunc(home, func(c pageCaller) bool { return c.role == admitted[0] })
	require.GreaterOrEqual(t, i, 0, "no caller of role %s", admitted[0])
	out := append(pageBadSessions(t, home[i]), anonymous)
	out = append(out, home...)
	for _, c := range foreign {
		if slices.Contains(admitted, c.role) {
			out = append(out, c)
		}
	}
	return out
}

// pageClient follows no redirect and keeps no cookie: each request carries its caller's
// session as it is, and a new cookie in an answer is only looked at.
var pageClient = &http.Client{Timeout: time.Minute, CheckRedirect: func(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}}

// pageSend sends one request as c, a form as a same-origin browser does.
func pageSend(t *testing.T, h *harness, method, requestURI string, c pageCaller, form url.Values) pageAnswer {
	t.Helper()
	var body io.Reader
	if method != http.MethodGet {
		sent := url.Values{}
		for k, v := range form {
			sent[k] = v
		}
		if c.csrf != "" {
			sent.Set(pageCSRFField, c.csrf)
		}
		body = strings.NewReader(sent.Encode())
	}
	req, err := http.NewRequest(method, h.url+requestURI, body)
	require.NoError(t, err)
	if method != http.MethodGet {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", h.url)
	}
	if c.cookie != "" {
		req.AddCookie(&http.Cookie{Name: pageSessionCookie, Value: c.cookie})
	}
	res, err := pageClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	a := pageAnswer{status: res.StatusCode, location: res.Header.Get("Location"), body: string(b)}
	for _, ck := range res.Cookies() {
		if ck.Name == pageSessionCookie && ck.MaxAge >= 0 {
			a.newSessionCookie = true
		}
	}
	return a
}

// dbFingerprint is every table of the test's database, counted and digested, once two
// readings a moment apart agree: what the workflows of earlier steps still write settles
// first.
func dbFingerprint(t *testing.T, st *store.Store) map[string]string {
	t.Helper()
	var tables []string
	require.NoError(t, st.DB().Raw(`SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`).Scan(&tables).Error)
	read := func() map[string]string {
		out := make(map[string]string, len(tables))
		for _, tb := range tables {
			var fp string
			q := fmt.Sprintf(`SELECT count(*)::text || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM %q x`, tb)
			require.NoError(t, st.DB().Raw(q).Scan(&fp).Error)
			out[tb] = fp
		}
		return out
	}
	last := read()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); {
		time.Sleep(200 * time.Millisecond)
		now := read()
		if maps.Equal(last, now) {
			return now
		}
		last = now
	}
	t.Fatalf("the database did not settle")
	return nil
}

// changedTables names the tables whose content differs.
func changedTables(before, after map[string]string) []string {
	var out []string
	for k, v := range after {
		if before[k] != v {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}
