package api_test

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/models"
)

// TestAuthorizationMatrix sends every route the engine serves, in process, on the route
// fuzz test's system and fixture cases, from every kind of caller, and holds each answer
// to its class (authzExpect):
//
//   - anonymous: a public route answers, any other 401 with a WWW-Authenticate challenge;
//   - a malformed, expired, wrongly signed or alg:none token: 401 everywhere, public routes
//     included;
//   - each role the route's row does not name, of the fixtures' organization: 403;
//   - each role it names, of the fixtures' organization: a business answer;
//   - each role it names, of another organization: on an object of an organization
//     (authzOrgScoped), 404 for agencies and providers; otherwise as the first.
//
// The routes come from the engine and their roles from the route table, so a new route is
// in the matrix at once; one whose path parameter names an object the matrix has no rule
// or fixture case for fails with what to add.
func TestAuthorizationMatrix(t *testing.T) {
	sys := newFuzzSystem(t)
	h := sys.base
	h.t = t
	sys.setUp(t, &h)
	// An inspection record starts with its first event: one is recorded, so that the
	// record's readers have a record to read.
	r := h.do("POST", "/api/v1/services/"+sys.fixtures["watched"]+"/events", h.operator(),
		eventBody("credit_rating", "AA", day(-2)), "Idempotency-Key", "authz-watch")
	require.Equal(t, http.StatusOK, r.status, r.String())

	table := map[string]string{}
	for _, rt := range h.server.Routes {
		table[rt.Method+" "+rt.Path] = rt.Roles
	}
	served := sys.engine.Routes()
	require.NotEmpty(t, served)
	slices.SortStableFunc(served, func(a, b gin.RouteInfo) int {
		return cmp.Or(cmp.Compare(authzOrder(a.Method, a.Path), authzOrder(b.Method, b.Path)),
			cmp.Compare(a.Path, b.Path), cmp.Compare(a.Method, b.Method))
	})
	home, foreign := authzPeople(&h)

	type cell struct {
		c authzCaller
		w authzWant
	}
	var (
		requests   int
		tally      = map[int]int{}
		mismatches []string
		seen       = map[string]bool{}
	)
	for _, rt := range served {
		route := rt.Method + " " + rt.Path
		seen[route] = true
		roles, ok := table[route]
		if !ok {
			t.Errorf("%s is served but has no row in the route table (api/routes.go) saying who may call it", route)
			continue
		}
		path, ok := authzPath(sys, rt.Path)
		if !ok {
			t.Errorf("%s has no fixture case for its path parameter: add one to fuzzSystem.fixtureFor", route)
			continue
		}
		var cells []cell
		for _, c := range authzColumns(t, &h, roles, home, foreign) {
			w, err := authzExpect(rt.Method, rt.Path, roles, c)
			if err != nil {
				t.Error(err)
				cells = nil
				break
			}
			cells = append(cells, cell{c, w})
		}
		slices.SortStableFunc(cells, func(a, b cell) int {
			return cmp.Compare(authzRank(b.w), authzRank(a.w))
		})
		body := fuzzBody(t, rt.Method, rt.Path, "", "", nil)
		for _, cl := range cells {
			key := ""
			if rt.Method != http.MethodGet {
				key = fmt.Sprintf("authz-%d", requests)
			}
			status, header, answer := authzSend(t, sys, rt.Method, path, cl.c.token, key, body)
			requests++
			tally[status]++
			if !cl.w.holds(status, header) {
				mismatches = append(mismatches, fmt.Sprintf("%s (%s) as %s: got %d, want %s: %s",
					route, path, cl.c.name, status, cl.w, answer))
			}
		}
	}
	for route := range table {
		if !seen[route] {
			t.Errorf("%s is in the route table but not served", route)
		}
	}
	for route := range authzRows {
		if !seen[route] {
			t.Errorf("authzRows has a row for %s, which is not served", route)
		}
	}
	t.Logf("%d requests over %d routes; by status (status: count): %v; %d mismatches",
		requests, len(served), tally, len(mismatches))
	for _, m := range mismatches {
		t.Error(m)
	}
}

// authzRank puts refusals first (see refusal).
func authzRank(w authzWant) int {
	if w.refusal() {
		return 1
	}
	return 0
}

// authzPath fills the route's path parameters with its fixture case; false if it has none.
func authzPath(s *fuzzSystem, route string) (string, bool) {
	ok := true
	path := fillParams(route, "@", func(route, name string) string {
		id := s.fixtureFor(route, name)
		ok = ok && id != "X" // fixtureFor's answer for a route it does not know
		return id
	})
	return path, ok
}

// authzColumns are a route's callers: anonymous and the bad tokens, with the claims of a
// caller the route admits; every role of the fixtures' organization; and every role the
// route admits, of another organization.
func authzColumns(t *testing.T, h *harness, roles string, home, foreign []authzCaller) []authzCaller {
	t.Helper()
	admitted := models.AllRoles
	if roles != "public" {
		admitted = api.Roles(roles)
	}
	i := slices.IndexFunc(home, func(c authzCaller) bool { return c.role == admitted[0] })
	require.GreaterOrEqual(t, i, 0, "no caller of role %s", admitted[0])
	who := models.Actor{Sub: home[i].sub, Role: home[i].role, Org: home[i].org}
	out := append(authzBadTokens(t, h, who), home...)
	for _, c := range foreign {
		if slices.Contains(admitted, c.role) {
			out = append(out, c)
		}
	}
	return out
}
