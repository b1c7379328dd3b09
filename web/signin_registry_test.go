package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/internal/oidctest"
	"github.com/dsmarket/dsmarket/models"
)

// afterIssuer goes through the single sign-on as sub, the issuer answering at once, and
// returns the answer of the UI's callback.
func (v *visitor) afterIssuer(iss *oidctest.Issuer, role models.Role, sub, org string) pageResp {
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
	return v.get(cb.RequestURI())
}

// TestSignInOIDCNeedsTheRegistry: the identity provider says who someone is, the registry
// whether they take part. A provider or an agency whose organization is not registered as
// one, or an expert or committee member who is not active in the pool, lands on a page that
// says so in both languages and whom to ask (403), and is not signed in; once the operator
// registers them, the same sign-in goes through. The operator and auditors are known by
// their token.
func TestSignInOIDCNeedsTheRegistry(t *testing.T) {
	iss := oidctest.New(t)
	h := newHarness(t, withCodeFlow(t, iss, false))
	ctx := context.Background()
	// refused checks the page of a sign-in the registry does not know, and that nobody is
	// signed in after it.
	refused := func(t *testing.T, v *visitor, r pageResp, says ...string) {
		t.Helper()
		require.Equal(t, http.StatusForbidden, r.status, r.body)
		require.Contains(t, r.body, `id="not-registered"`)
		require.Contains(t, r.body, "운영기관(NIA)", "what to do, in Korean")
		require.Contains(t, r.body, "Ask the operator (NIA)", "and in English")
		for _, s := range says {
			require.Contains(t, r.body, s)
		}
		require.NotContains(t, r.body, `action="/ui/logout"`, "not shown as signed in")
		next := v.get("/ui/inbox")
		require.Equal(t, http.StatusSeeOther, next.status)
		require.True(t, strings.HasPrefix(next.location, "/ui/login?next="), "no session: %s", next.location)
	}

	t.Run("ErrProviderOfAnUnknownOrganization", func(t *testing.T) {
		v := h.visitor()
		refused(t, v, v.afterIssuer(iss, models.RoleProvider, "kim.gaon", "PV-0777"), "PV-0777", "not registered yet")
	})
	t.Run("ErrAgencyWhoseOrganizationIsAProvider", func(t *testing.T) {
		v := h.visitor()
		refused(t, v, v.afterIssuer(iss, models.RoleAgency, "kim.agency", "PV-0001"), "PV-0001")
	})
	t.Run("ErrExpertNotInThePool", func(t *testing.T) {
		v := h.visitor()
		refused(t, v, v.afterIssuer(iss, models.RoleExpert, "oidc|51ab", "SNU"), "oidc|51ab", "expert pool")
	})
	t.Run("ErrCommitteeMemberSigningInAsExpert", func(t *testing.T) {
		v := h.visitor()
		refused(t, v, v.afterIssuer(iss, models.RoleExpert, "song.committee", "MSIT"), "song.committee")
	})
	t.Run("ErrDeactivatedExpert", func(t *testing.T) {
		_, err := h.directory.RegisterPerson(ctx, parkOperator, models.PersonInput{Sub: "oidc|d00d", Role: "expert", Name: "노지원",
			Affiliation: "부산대학교", Email: "noh@pusan.example"})
		require.NoError(t, err)
		inactive := false
		_, err = h.directory.UpdatePerson(ctx, parkOperator, "oidc|d00d", "", models.PersonPatch{Active: &inactive})
		require.NoError(t, err)
		v := h.visitor()
		refused(t, v, v.afterIssuer(iss, models.RoleExpert, "oidc|d00d", "PNU"), "oidc|d00d")
	})

	t.Run("OK_OnceRegistered", func(t *testing.T) {
		_, err := h.directory.RegisterOrganization(ctx, parkOperator, models.OrganizationInput{Org: "PV-0777", Kind: "provider",
			Name: "(주)가온클라우드", BusinessNo: "510-81-12341", Size: "sme", FoundedOn: "2018-01-02"})
		require.NoError(t, err)
		_, err = h.directory.RegisterPerson(ctx, parkOperator, models.PersonInput{Sub: "oidc|51ab", Role: "expert", Name: "문서윤",
			Affiliation: "서울대학교", Email: "moon@snu.example"})
		require.NoError(t, err)
		for _, who := range []struct {
			role     models.Role
			sub, org string
			home     string
		}{
			{models.RoleProvider, "kim.gaon", "PV-0777", "/ui/inbox"},
			{models.RoleExpert, "oidc|51ab", "SNU", "/ui/inbox"},
		} {
			v := h.visitor()
			r := v.afterIssuer(iss, who.role, who.sub, who.org)
			require.Equal(t, http.StatusSeeOther, r.status, "%s: %s", who.sub, r.body)
			page := v.get("/ui/")
			require.Equal(t, who.home, page.location, who.sub)
		}
	})
	t.Run("OK_OperatorAndAuditorByTheirToken", func(t *testing.T) {
		for _, who := range []struct {
			role     models.Role
			sub, org string
		}{{models.RoleOperator, "new.operator", "NIA"}, {models.RoleAuditor, "new.auditor", "BAI"}} {
			v := h.visitor()
			r := v.afterIssuer(iss, who.role, who.sub, who.org)
			require.Equal(t, http.StatusSeeOther, r.status, "%s: %s", who.sub, r.body)
		}
	})
}
