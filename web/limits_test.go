package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/internal/systest"
	"github.com/dsmarket/dsmarket/models"
)

// TestRateLimitsOnPages: the pages are limited as the API is, by who the visitor is. A
// signed-in person's reads are not limited and their forms count against the person, not
// against the address that an office's people share (every visitor here comes from
// 127.0.0.1); a visitor without a session counts against the address. A caller past a
// limit gets an error page in its language with Retry-After, not the API's problem
// document, and the form it sent changes nothing.
func TestRateLimitsOnPages(t *testing.T) {
	h := newHarnessOf(t, []systest.Option{systest.WithLimits(api.Limits{WritesPerMinute: 3, AnonReadsPerMinute: 8})})
	kim, park := h.visitor(), h.visitor()
	kim.signIn("kim.agency") // each sign-in: one read and one write of the address
	park.signIn("park.operator")

	for range 12 {
		require.Equal(t, http.StatusOK, kim.get("/ui/services").status, "a signed-in person's reads are not limited")
	}
	settings := func(v *visitor, mail string) pageResp {
		return v.post("/ui/me/settings", url.Values{"language": {"ko"}, "email_notifications": {mail}})
	}
	for range 3 {
		r := settings(kim, "mine")
		require.Equal(t, http.StatusSeeOther, r.status, r.body)
	}
	r := settings(kim, "none")
	require.Equal(t, http.StatusTooManyRequests, r.status, r.body)
	require.NotEmpty(t, r.header.Get("Retry-After"))
	require.Contains(t, r.header.Get("Content-Type"), "text/html")
	require.Contains(t, r.body, "짧은 시간에 요청이 너무 많습니다")
	me, err := h.store.GetUser(context.Background(), "kim.agency")
	require.NoError(t, err)
	require.Equal(t, models.EmailMine, me.EmailNotifications, "the refused form changed nothing")
	require.Equal(t, http.StatusSeeOther, settings(park, "mine").status, "another person at the same address goes on")

	anon := h.visitor()
	for {
		r = anon.get("/ui/login")
		if r.status != http.StatusOK {
			break
		}
	}
	require.Equal(t, http.StatusTooManyRequests, r.status, r.body)
	require.Contains(t, r.header.Get("Content-Type"), "text/html")
	require.NotEmpty(t, r.header.Get("Retry-After"))
	require.Equal(t, http.StatusTooManyRequests, anon.get("/ui/no-such-page").status, "an unknown page counts too")
	require.Equal(t, http.StatusOK, kim.get("/ui/services").status, "the address's limit is not the person's")
}
