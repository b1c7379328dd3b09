package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/internal/oidctest"
)

func TestSignInDevelopment(t *testing.T) {
	h := newHarness(t)
	v := h.visitor()

	r := v.get("/ui/inbox")
	require.Equal(t, http.StatusSeeOther, r.status)
	require.Equal(t, "/ui/login?next=%2Fui%2Finbox", r.location)

	r = h.visitor().get("/ui/login") // a first visit: the anonymous session starts here
	require.Equal(t, http.StatusOK, r.status)
	require.Contains(t, r.body, `<html lang="ko">`)
	for _, sub := range []string{"park.operator", "cho.expert", "song.committee", "kim.agency", "jung.provider", "lee.auditor"} {
		require.Contains(t, r.body, `data-sub="`+sub+`"`, "every role has a seeded user to pick")
	}
	cookie := r.header.Get("Set-Cookie")
	require.Contains(t, cookie, "dsmarket_session=")
	for _, flag := range []string{"HttpOnly", "Secure", "SameSite=Lax", "Path=/ui/"} {
		require.Contains(t, cookie, flag)
	}

	t.Run("ErrCSRFTokenWrong", func(t *testing.T) {
		r := v.post("/ui/login/dev", url.Values{"sub": {"park.operator"}, "csrf_token": {"forged"}})
		require.Equal(t, http.StatusForbidden, r.status)
		require.Equal(t, http.StatusSeeOther, v.get("/ui/inbox").status, "still signed out")
	})
	t.Run("ErrCrossSite", func(t *testing.T) {
		form := url.Values{"sub": {"park.operator"}, "csrf_token": {v.csrf()}}
		req, err := http.NewRequest(http.MethodPost, h.url+"/ui/login/dev", strings.NewReader(form.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, err := v.c.Do(req)
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, read(t, res).status)
	})
	t.Run("ErrUnknownUser", func(t *testing.T) {
		require.Equal(t, http.StatusUnprocessableEntity, v.post("/ui/login/dev", url.Values{"sub": {"nobody"}}).status)
	})
	t.Run("ErrOpenRedirect", func(t *testing.T) {
		w := h.visitor()
		r := w.post("/ui/login/dev", url.Values{"sub": {"park.operator"}, "next": {"//evil.example/x"}})
		require.Equal(t, "/ui/", r.location)
	})

	v.signIn("park.operator")
	r = v.get("/ui/")
	require.Equal(t, "/ui/inbox", r.location, "an operator starts in the inbox")
	r = v.get("/ui/inbox")
	require.Equal(t, http.StatusOK, r.status)
	require.Contains(t, r.body, "박지훈")

	t.Run("EnglishSwitch", func(t *testing.T) {
		r := v.get("/ui/lang?to=en&back=%2Fui%2Finbox")
		require.Equal(t, "/ui/inbox", r.location)
		r = v.get("/ui/inbox")
		require.Contains(t, r.body, `<html lang="en">`)
		require.Contains(t, r.body, "<h1>Inbox</h1>")
		v.get("/ui/lang?to=ko&back=%2Fui%2Finbox")
	})

	t.Run("BrowsersLanguage", func(t *testing.T) {
		// A first visit reads the browser's language; a switch outlasts it.
		w := h.visitor()
		visit := func(accept string) pageResp {
			req, err := http.NewRequest(http.MethodGet, h.url+"/ui/login", nil)
			require.NoError(t, err)
			req.Header.Set("Accept-Language", accept)
			res, err := w.c.Do(req)
			require.NoError(t, err)
			return read(t, res)
		}
		for accept, lang := range map[string]string{"en-US,en;q=0.9": "en", "ko-KR,ko;q=0.9,en;q=0.5": "ko", "fr-FR": "ko", "": "ko", "not a header": "ko"} {
			r := visit(accept)
			require.Contains(t, r.body, `<html lang="`+lang+`">`, "Accept-Language %q", accept)
			require.Contains(t, r.header.Values("Vary"), "Accept-Language")
		}
		w.get("/ui/lang?to=ko&back=%2Fui%2Flogin")
		require.Contains(t, visit("en").body, `<html lang="ko">`, "the visitor's switch wins over the browser's language")
	})

	// Someone keeps a copy of the signed-in cookie (a shared computer, a proxy's log).
	kept := h.visitor()
	kept.jar.SetCookies(nil, v.jar.Cookies(nil))
	require.Equal(t, http.StatusOK, kept.get("/ui/inbox").status, "the copy works while the session lives")

	r = v.post("/ui/logout", url.Values{})
	require.Equal(t, http.StatusSeeOther, r.status)
	require.Equal(t, http.StatusSeeOther, v.get("/ui/inbox").status, "signed out")
	r = kept.get("/ui/inbox")
	require.Equal(t, http.StatusSeeOther, r.status, "signing out revokes the session on the server, not only the cookie")
	require.True(t, strings.HasPrefix(r.location, "/ui/login"), r.location)
}

func TestSignInOIDC(t *testing.T) {
	iss := oidctest.New(t)
	h := newHarness(t, withCodeFlow(t, iss, false))
	// The issuer signs the person in at once and sends the browser back.
	throughIssuer := func(v *visitor) pageResp {
		r := v.get("/ui/login/oidc?next=%2Fui%2Finbox")
		require.Equal(t, http.StatusFound, r.status)
		require.True(t, strings.HasPrefix(r.location, iss.URL+"/authorize?"), r.location)
		res, err := v.c.Get(r.location) // the issuer's own cookies do not matter here
		require.NoError(t, err)
		back := read(t, res)
		require.Equal(t, http.StatusFound, back.status)
		require.True(t, strings.HasPrefix(back.location, h.url+"/ui/auth/callback?"), back.location)
		cb, err := url.Parse(back.location)
		require.NoError(t, err)
		return v.get(cb.RequestURI())
	}

	t.Run("OK", func(t *testing.T) {
		iss.SignInAs("park.operator", "operator", "NIA")
		v := h.visitor()
		login := v.get("/ui/login")
		require.Contains(t, login.body, `id="oidc-signin"`)
		require.NotContains(t, login.body, `data-sub=`, "no development sign-in with OIDC configured")
		r := throughIssuer(v)
		require.Equal(t, http.StatusSeeOther, r.status, r.body)
		require.Equal(t, "/ui/inbox", r.location)
		inbox := v.get("/ui/inbox")
		require.Equal(t, http.StatusOK, inbox.status)
		require.Contains(t, inbox.body, "박지훈", "the seeded name of the issuer's subject")
	})
	t.Run("ErrDevSignInOff", func(t *testing.T) {
		require.Equal(t, http.StatusNotFound, h.visitor().post("/ui/login/dev", url.Values{"sub": {"lee.auditor"}}).status)
	})
	t.Run("ErrNonce", func(t *testing.T) {
		iss.SignInAs("park.operator", "operator", "NIA")
		iss.TamperNonce()
		v := h.visitor()
		r := throughIssuer(v)
		require.Equal(t, http.StatusUnauthorized, r.status)
		require.Equal(t, http.StatusSeeOther, v.get("/ui/inbox").status, "not signed in")
	})
	t.Run("ErrCallbackWithoutLogin", func(t *testing.T) {
		r := h.visitor().get("/ui/auth/callback?code=x&state=y")
		require.Equal(t, http.StatusUnauthorized, r.status)
	})
}
