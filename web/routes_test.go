package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The role check of a page comes before the check of its parameters: a visitor who may
// not see a page gets the same answer whatever its address holds, and only one who may
// is told that a parameter is not text.
func TestRoleCheckComesBeforeParams(t *testing.T) {
	h := newHarness(t)
	anonymous := h.visitor()
	provider := h.visitor()
	provider.signIn("jung.provider")
	auditor := h.visitor()
	auditor.signIn("lee.auditor")

	for _, p := range []struct{ clean, dirty string }{
		{"/ui/audit", "/ui/audit?workflow_id=%00"},
		{"/ui/cases/order-O-1", "/ui/cases/order-O-1%00"},
	} {
		for _, dirty := range []bool{false, true} {
			path := p.clean
			if dirty {
				path = p.dirty
			}
			r := anonymous.get(path)
			require.Equal(t, http.StatusSeeOther, r.status, path)
			require.True(t, strings.HasPrefix(r.location, "/ui/login?next="), "%s: %s", path, r.location)

			r = provider.get(path)
			require.Equal(t, http.StatusForbidden, r.status, path)
		}
		r := auditor.get(p.dirty)
		require.Equal(t, http.StatusUnprocessableEntity, r.status, p.dirty)
	}
}

// Only an agency registers a contract: the app no longer checks the role of a create, so
// the route's role list is what keeps a provider or an auditor out, and nothing is made.
func TestOnlyAnAgencyRegistersAContract(t *testing.T) {
	h := newHarness(t)
	for _, sub := range []string{"jung.provider", "lee.auditor"} {
		v := h.visitor()
		v.signIn(sub)
		r := v.post("/ui/contracts", url.Values{"service_id": {"SVC-0001"}, "amount_krw": {"30,000,000"},
			"contracted_on": {inDays(0)}, "period_from": {inDays(0)}, "period_to": {inDays(300)}})
		require.Equal(t, http.StatusForbidden, r.status, sub)
		list, _, err := h.contracts.List(context.Background(), kimAgency, "", 50, "")
		require.NoError(t, err)
		require.Empty(t, list, "%s: a refused registration makes no contract", sub)
	}
}
