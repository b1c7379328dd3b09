package web_test

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"
)

// TestPageAuthorizationMatrix requests every page the engine serves under /ui, over the
// system's HTTP server, on one set of fixture cases, from every kind of caller, and holds
// each answer to its class (pageExpect):
//
//   - no cookie, or a session cookie the server did not make as it is (a random value,
//     one made with another key, a real one with a character changed): a public page
//     answers, any other sends to sign in; a form is refused by the CSRF check, which no
//     forged session can pass. A forged cookie is answered exactly as no cookie, and with
//     a fresh anonymous session in its place;
//   - the anonymous session every visitor gets: a public page answers, any other sends to
//     sign in (a form: to the start, its content is not kept);
//   - each role the route's row does not name, of the fixtures' organization: 403 by the
//     role check;
//   - each role it names, of the fixtures' organization: the page, a redirect after the
//     form, or the form's 409/422;
//   - each role it names, of another organization: on an object of an organization
//     (pageOrgScoped), 404 for agencies and providers; otherwise as the first.
//
// Refused forms change nothing in the database. The routes come from the engine and their
// roles from the route table (routes.go), so a new page is in the matrix at once; one
// whose path parameter names an object the matrix has no rule or fixture for, or a form it
// has no valid content for, fails with what to add.
func TestPageAuthorizationMatrix(t *testing.T) {
	h, sys, iss := newMatrixHarness(t)
	fixtures := h.pageFixtures()

	table := pageTable(t)
	for route, roles := range pageOffTable {
		table[route] = roles
	}
	served := uiRoutes(sys)
	require.NotEmpty(t, served)
	slices.SortStableFunc(served, func(a, b gin.RouteInfo) int {
		return cmp.Or(cmp.Compare(pageOrder(a.Method, a.Path), pageOrder(b.Method, b.Path)),
			cmp.Compare(a.Path, b.Path), cmp.Compare(a.Method, b.Method))
	})
	home, foreign := pagePeople(h, iss)
	anonymous := h.anonymousSession()

	type cell struct {
		c pageCaller
		w pageWant
	}
	var (
		requests   int
		tally      = map[int]int{}
		mismatches []string
		seen       = map[string]bool{}
		// fingerprintSeen: the fingerprint has been seen to change after a form was taken.
		fingerprintSeen bool
	)
	for _, rt := range served {
		route := rt.Method + " " + rt.Path
		seen[route] = true
		roles, ok := table[route]
		if !ok {
			t.Errorf("%s is served but has no row in the pages' route table (web/routes.go) saying who may see it", route)
			continue
		}
		path, ok := pagePath(fixtures, rt.Path)
		if !ok {
			t.Errorf("%s has no fixture case for its path parameter: add one to pageFixtureFor", route)
			continue
		}
		if q := pageQuery[route]; q != "" {
			path += "?" + q
		}
		form := pageForm(route)
		if rt.Method != http.MethodGet && form == nil {
			t.Errorf("%s has no form its admitted callers could send: add one to pageForm", route)
			continue
		}
		var cells []cell
		for _, c := range pageColumns(t, roles, anonymous, home, foreign) {
			w, err := pageExpect(rt.Method, rt.Path, roles, c)
			if err != nil {
				t.Error(err)
				cells = nil
				break
			}
			cells = append(cells, cell{c, w})
		}
		// Refusals first; among them the caller without a cookie first, whose answer the
		// forged cookies must repeat.
		slices.SortStableFunc(cells, func(a, b cell) int {
			return cmp.Compare(pageRank(b.w), pageRank(a.w))
		})
		var before map[string]string
		if rt.Method != http.MethodGet {
			before = dbFingerprint(t, h.store)
		}
		var afterRefusals map[string]string
		refusalsDone := func() {
			if before == nil || afterRefusals != nil {
				return
			}
			afterRefusals = dbFingerprint(t, h.store)
			if changed := changedTables(before, afterRefusals); len(changed) > 0 {
				mismatches = append(mismatches, fmt.Sprintf("%s (%s): the refused requests changed %v", route, path, changed))
			}
		}
		stepped := false
		_, offTable := pageOffTable[route]
		var noCookie *pageAnswer
		for _, cl := range cells {
			if !cl.w.refusal() {
				refusalsDone()
			}
			a := pageSend(t, h, rt.Method, path, cl.c, form)
			requests++
			stepped = stepped || (!cl.w.refusal() && a.status == http.StatusSeeOther && strings.Contains(a.location, "?done="))
			tally[a.status]++
			if !cl.w.holds(a, cl.c, rt.Method, path) {
				mismatches = append(mismatches, fmt.Sprintf("%s (%s) as %s: got %s, want %s",
					route, path, cl.c.name, a, cl.w))
			}
			switch cl.c.kind {
			case kindNoCookie:
				noCookie = &a
			case kindForged:
				if noCookie == nil || !sameAnswer(a, *noCookie) {
					mismatches = append(mismatches, fmt.Sprintf("%s (%s) as %s: got %d %q, not the answer without a cookie",
						route, path, cl.c.name, a.status, a.location))
				}
				if !offTable && !a.newSessionCookie {
					mismatches = append(mismatches, fmt.Sprintf("%s (%s) as %s: the forged cookie was not replaced by an anonymous session",
						route, path, cl.c.name))
				}
			}
		}
		refusalsDone()
		if stepped && !fingerprintSeen {
			// Once: the fingerprint sees what a form that was taken wrote, so that its
			// silence after the refused ones means something.
			fingerprintSeen = true
			require.NotEmpty(t, changedTables(afterRefusals, dbFingerprint(t, h.store)),
				"%s: the database's fingerprint does not see what the form wrote", route)
		}
	}
	for route := range table {
		if !seen[route] {
			t.Errorf("%s is in the pages' route table but not served", route)
		}
	}
	for route := range pageRows {
		if !seen[route] {
			t.Errorf("pageRows has a row for %s, which is not served", route)
		}
	}
	t.Logf("%d requests over %d pages; by status (status: count): %v; %d mismatches",
		requests, len(served), tally, len(mismatches))
	for _, m := range mismatches {
		t.Error(m)
	}
}

// pageRank puts refusals first (see refusal).
func pageRank(w pageWant) int {
	if w.refusal() {
		return 1
	}
	return 0
}
