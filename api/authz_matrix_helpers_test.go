package api_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/models"
)

// authzWant is the class of answer a caller must get from a route.
type authzWant int

const (
	// authzServed: a business answer (200, 201, 409, 422 …), never 401, 403 or 404.
	authzServed authzWant = iota
	// authzNotDenied: anything but 401 and 403 (anonymous reads of public routes, another
	// organization's lists and creates, whose answers depend on what that organization has).
	authzNotDenied
	// authzChallenge: 401 with a WWW-Authenticate challenge: no token where one is needed.
	authzChallenge
	// authz401: a token that is sent must be valid, on public routes too.
	authz401
	authz403
	// authz404: another organization's object is never revealed, not even as forbidden.
	authz404
)

// holds reports whether an answer is of the class; a 5xx never is.
func (w authzWant) holds(status int, h http.Header) bool {
	switch {
	case status >= 500:
		return false
	case w == authzServed:
		return status != 401 && status != 403 && status != 404
	case w == authzNotDenied:
		return status != 401 && status != 403
	case w == authzChallenge:
		return status == 401 && h.Get("WWW-Authenticate") != ""
	case w == authz401:
		return status == 401 && strings.Contains(h.Get("WWW-Authenticate"), `error="invalid_`)
	case w == authz403:
		return status == 403
	case w == authz404:
		return status == 404
	}
	return false
}

// refusal: refused callers are tried before admitted ones on each route, so that a step
// an admitted caller takes cannot turn a refusal into a 409.
func (w authzWant) refusal() bool { return w >= authzChallenge }

func (w authzWant) String() string {
	return [...]string{"not 401/403/404", "not 401/403", "401 with WWW-Authenticate", "401", "403", "404"}[w]
}

// authzCaller is one column of the matrix.
type authzCaller struct {
	name  string
	token string // "" is anonymous
	// role and org are the token's claims; role is "" for anonymous and the bad tokens.
	role     models.Role
	sub, org string
	// foreign: of another organization than the one that owns the fixture cases.
	foreign bool
}

// authzOrgRoles are the roles whose token's organization bounds what they see; every other
// role sees the cases of every organization.
var authzOrgRoles = []models.Role{models.RoleAgency, models.RoleProvider}

// authzOrgScoped says, by the resource a path parameter names (the path's first segment
// after /api/v1/), whether its objects belong to an organization, so that an agency or a
// provider of another one must not learn that they exist (404). A route with a path
// parameter of a resource not listed here has no rule: the test fails until it gets one.
var authzOrgScoped = map[string]bool{
	// A catalog service belongs to its provider: its reads are public (public routes are
	// answered alike to everyone), its provider's steps are its provider's alone.
	"services":        true,
	"orders":          true,
	"contracts":       true,
	"applications":    true,
	"change-requests": true,
	"quality-cases":   true,
	// A saved direct-award search is its agency's; auditors read every one.
	"searches": true,
	// A case's history is of a case of the kinds above (the fixture's is an order's).
	"cases": true,
	// The inbox is by assignee (a role's queue or a person), never by organization.
	"tasks": false,
	// Committee sessions are the operator's and the committee's, of no organization.
	"committee": false,
	// An uploaded file is its uploader's organization's (the fixture's is PV-0001's, and an
	// application of PV-0001 references it).
	"documents": true,
	// An organization is its own: a provider or agency reads only its own (another's is 404).
	"organizations": true,
	// The pool and roster are the operator's, of no organization; only operators and
	// auditors reach them at all.
	"people": false,
}

// authzRows are the expectations, by route and role, where the rules above are not enough;
// they hold for the role's callers of either organization.
var authzRows = map[string]map[models.Role]authzWant{
	// The fixture task is the operators' document check. Experts and committee members may
	// read the application, but a task assigned to another role is not theirs to see, …
	"GET /api/v1/tasks/:id": {models.RoleExpert: authz404, models.RoleCommittee: authz404},
	// … and not theirs to complete: they know the case, so they are told it is not theirs.
	"POST /api/v1/tasks/:id/complete": {models.RoleExpert: authz403, models.RoleCommittee: authz403},
	// The fixture document's application has no expert assigned yet, and no agency sees an
	// application: neither may download a file it references.
	"GET /api/v1/documents/:id": {models.RoleExpert: authz404, models.RoleAgency: authz404},
	// The fixture organization is the fixtures' provider (PV-0001), which no agency is: an
	// agency of either organization is told it does not exist (tested for its own in
	// api/directory_test.go).
	"GET /api/v1/organizations/:id": {models.RoleAgency: authz404},
}

// authzSteps are steps on one fixture case in the order its workflow takes them, so that
// the admitted caller of each gets past the case's state: a 409 would hide a refusal that
// a step checked after the state.
var authzSteps = []string{
	"POST /api/v1/orders/:id/proposal",
	"POST /api/v1/orders/:id/evaluation",
	"POST /api/v1/orders/:id/negotiation",
	"POST /api/v1/services/:id/quality-reports",
	"POST /api/v1/quality-cases/:id/prereview",
}

// authzEndsCase are the steps that close their case; they run after every other route, so
// that each fixture case is still open for the rows that step on it.
var authzEndsCase = []string{
	"POST /api/v1/applications/:id/withdraw",
	"POST /api/v1/orders/:id/cancel",
	"POST /api/v1/committee/sessions/:id/close",
}

// authzOrder ranks routes: reads first, then authzSteps in their order, then the other
// steps and creates, then the steps that close a case.
func authzOrder(method, path string) int {
	route := method + " " + path
	if i := slices.Index(authzSteps, route); i >= 0 {
		return 1 + i
	}
	switch {
	case slices.Contains(authzEndsCase, route):
		return 2 + len(authzSteps)
	case method == http.MethodGet:
		return 0
	}
	return 1 + len(authzSteps)
}

// authzExpect is what c must get from the route (roles as the route table writes them).
func authzExpect(method, path, roles string, c authzCaller) (authzWant, error) {
	route := method + " " + path
	switch {
	case c.token == "" && roles == "public":
		return authzNotDenied, nil
	case c.token == "":
		return authzChallenge, nil
	case c.role == "":
		return authz401, nil
	case roles == "public":
		return authzServed, nil
	case !slices.Contains(api.Roles(roles), c.role):
		return authz403, nil
	}
	if w, ok := authzRows[route][c.role]; ok {
		return w, nil
	}
	if !c.foreign {
		return authzServed, nil
	}
	if !strings.Contains(path, "/:") {
		return authzNotDenied, nil
	}
	resource, _, _ := strings.Cut(strings.TrimPrefix(path, "/api/v1/"), "/")
	scoped, known := authzOrgScoped[resource]
	if !known {
		return 0, fmt.Errorf("%s: its path parameter names a %q object, for which the authorization matrix has no rule: "+
			"say in authzOrgScoped whether another organization's %s are hidden from agencies and providers, or add the route to authzRows",
			route, resource, resource)
	}
	if scoped && slices.Contains(authzOrgRoles, c.role) {
		return authz404, nil
	}
	return authzServed, nil
}

// authzPeople are the callers of each role: of the organization that owns the fixture
// cases (AG-0001's orders and contracts on SVC-0001, PV-0001's services and applications)
// and of another. The roles that see every organization's cases have no other organization
// that matters; another person of the role stands in.
func authzPeople(h *harness) (home, foreign []authzCaller) {
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
		home = append(home, authzCaller{name: fmt.Sprintf("%s %s (%s)", p.role, p.sub, p.org),
			token: h.token(p.role, p.org, p.sub), role: p.role, sub: p.sub, org: p.org})
		foreign = append(foreign, authzCaller{name: fmt.Sprintf("%s %s (%s, another)", p.role, p.sub2, p.o),
			token: h.token(p.role, p.o, p.sub2), role: p.role, sub: p.sub2, org: p.o, foreign: true})
	}
	return home, foreign
}

// authzBadTokens are the anonymous caller and tokens that must never be let in, each with
// the claims of who (a caller the route admits), so that only the token's flaw refuses it.
func authzBadTokens(t *testing.T, h *harness, who models.Actor) []authzCaller {
	t.Helper()
	expired, err := h.key.Sign(who, time.Now().Add(-2*time.Hour), time.Hour)
	require.NoError(t, err)
	otherKey, err := auth.NewDevKey([]byte("not-the-server-key-but-32-bytes-long!"))
	require.NoError(t, err)
	wrongKey, err := otherKey.Sign(who, time.Now(), time.Hour)
	require.NoError(t, err)
	return []authzCaller{
		{name: "anonymous"},
		{name: "malformed token", token: "not-a-jwt"},
		{name: "expired token", token: expired},
		{name: "token of a wrong key", token: wrongKey},
		{name: "alg:none token", token: authzUnsigned(t, who)},
	}
}

// authzUnsigned is a token with valid-looking claims, alg "none" and no signature.
func authzUnsigned(t *testing.T, a models.Actor) string {
	t.Helper()
	now := time.Now()
	claims, err := json.Marshal(map[string]any{"sub": a.Sub, "role": a.Role, "org": a.Org,
		"iss": auth.DevIssuer, "aud": []string{auth.DevAudience}, "iat": now.Unix(), "exp": now.Add(time.Hour).Unix()})
	require.NoError(t, err)
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc(claims) + "."
}

// authzSend sends one request in process, as the route fuzz test does.
func authzSend(t *testing.T, s *fuzzSystem, method, path, token, key string, body []byte) (int, http.Header, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req := httptest.NewRequestWithContext(ctx, method, path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	rec := httptest.NewRecorder()
	s.base.server.ServeHTTP(rec, req)
	answer := rec.Body.String()
	if len(answer) > 300 {
		answer = answer[:300] + "…"
	}
	return rec.Code, rec.Header(), answer
}

// documentFixture is the document the matrix downloads: uploaded by PV-0001 and referenced
// by an application of PV-0001, once that application is in the operators' inbox (its
// projection, which finds the applications that reference a file, is then written).
func documentFixture(h *harness) string {
	h.t.Helper()
	docs := h.uploadedDocuments(h.provider(), models.DocApplicationForm)
	id := h.newApplication(append(docs, allDocuments(models.TypeCloud)[1:]...)...)
	h.openTask(h.operator(), id, models.TaskDocumentCheck)
	return docs[0].DocumentID
}
