package web_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/auth"
)

// TestOIDCWithHydra signs in against a real OpenID provider, Ory Hydra, not only the fake
// issuer of internal/oidctest: a person signs in to the web UI in Chromium through Hydra's
// authorization-code flow and its login and consent app, and the API takes Hydra's access
// tokens for dsmarket-api and refuses every other one.
func TestOIDCWithHydra(t *testing.T) {
	hy := startHydra(t, kimAgency)
	sys := newOIDCSystem(t, hy)

	t.Run("OK_BrowserSignIn", func(t *testing.T) {
		b := newBrowser(t, &harness{t: t, url: sys.url}) // the browser needs only the address
		b.open("/ui/login")
		require.Zero(t, b.count(`button[data-sub]`), "no development sign-in with OIDC configured")
		var landed string
		b.run(chromedp.Click(`#oidc-signin`, chromedp.ByQuery),
			chromedp.WaitVisible(`form[action="/ui/logout"]`, chromedp.ByQuery), chromedp.Location(&landed))
		require.Equal(t, sys.url+"/ui/inbox", landed, "an agency starts at its inbox")
		// A page only an agency may see, showing the person Hydra signed in with their claims.
		b.open("/ui/orders/new")
		require.Equal(t, "제안요청 (새 주문)", b.text("main h1"))
		require.Equal(t, "김민준", b.text(".who strong"), "the seeded name of Hydra's subject")
		require.Contains(t, b.text(".who span"), "AG-0001")
	})

	apiTok := hy.tokens(sys.ui, apiAudience)
	t.Run("OK_AccessToken", func(t *testing.T) {
		c := jwtClaims(t, apiTok.AccessToken)
		require.Equal(t, hy.issuer, c["iss"])
		require.Equal(t, []any{apiAudience}, c["aud"])
		require.Equal(t, "kim.agency", c["sub"])
		require.Equal(t, "agency", c["role"], "role at the top level (OAUTH2_ALLOWED_TOP_LEVEL_CLAIMS)")
		require.Equal(t, "AG-0001", c["org"])
		require.Equal(t, http.StatusOK, sys.call(t, "/api/v1/orders", apiTok.AccessToken))
	})

	t.Run("ErrOtherAudience", func(t *testing.T) {
		other := hy.register(hy.issuer+"/never-visited", "other-api", nil)
		tok := hy.tokens(other, "other-api")
		// The same person and claims, valid for the other API: only the audience is wrong.
		otherAPI, err := auth.NewOIDC(context.Background(), hy.issuer, "other-api", "")
		require.NoError(t, err)
		_, err = otherAPI.Verify(context.Background(), tok.AccessToken)
		require.NoError(t, err, "a valid token of Hydra's")
		require.Equal(t, http.StatusUnauthorized, sys.call(t, "/api/v1/orders", tok.AccessToken))
	})

	t.Run("ErrIDToken", func(t *testing.T) {
		id, _ := apiTok.Extra("id_token").(string)
		require.NotEmpty(t, id)
		require.Equal(t, http.StatusUnauthorized, sys.call(t, "/api/v1/orders", id), "an ID token is for the UI's client")
	})

	t.Run("ErrTampered", func(t *testing.T) {
		for name, change := range map[string]map[string]any{
			"org": {"org": "AG-0002"}, "role": {"role": "operator"}, "aud": {"aud": []string{apiAudience, "x"}},
		} {
			tok := withClaims(t, apiTok.AccessToken, change)
			require.Equal(t, http.StatusUnauthorized, sys.call(t, "/api/v1/orders", tok), "%s changed", name)
		}
		require.Equal(t, http.StatusUnauthorized, sys.call(t, "/api/v1/orders", apiTok.AccessToken[:len(apiTok.AccessToken)-4]+"AAAA"),
			"signature changed")
	})

	t.Run("ErrExpired", func(t *testing.T) {
		short := hy.register(sys.ui.Redirect, apiAudience,
			map[string]any{"authorization_code_grant_access_token_lifespan": "3s"})
		tok := hy.tokens(short, apiAudience)
		require.Equal(t, http.StatusOK, sys.call(t, "/api/v1/orders", tok.AccessToken), "valid until it expires")
		exp := time.Unix(int64(jwtClaims(t, tok.AccessToken)["exp"].(float64)), 0)
		require.WithinDuration(t, time.Now().Add(3*time.Second), exp, 2*time.Second, "hydra kept the client's lifespan")
		time.Sleep(time.Until(exp) + 1100*time.Millisecond)
		require.Equal(t, http.StatusUnauthorized, sys.call(t, "/api/v1/orders", tok.AccessToken))
	})
}
