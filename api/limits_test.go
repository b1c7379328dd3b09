package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/models"
)

// TestRateLimits: a caller past its writes, or an address past its anonymous reads, gets
// 429 with Retry-After and a problem document, before any handler runs; other callers,
// signed-in reads and probes go on (issue 12).
func TestRateLimits(t *testing.T) {
	key, err := auth.NewDevKey([]byte(strings.Repeat("r", 32)))
	require.NoError(t, err)
	h := api.New(api.Deps{App: app.New(app.Deps{}), Verifier: key, Limits: api.Limits{WritesPerMinute: 3, AnonReadsPerMinute: 4}})
	token := func(sub string) string {
		tok, err := key.Sign(models.Actor{Sub: sub, Role: models.RoleAgency, Org: "AG-0001"}, time.Now(), time.Hour)
		require.NoError(t, err)
		return tok
	}
	do := func(method, path, tok, from string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, strings.NewReader("{"))
		req.RemoteAddr = from + ":40000"
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", "203.0.113.99") // trusted from no proxy: ignored
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	limited := func(t *testing.T, w *httptest.ResponseRecorder) {
		t.Helper()
		require.Equal(t, http.StatusTooManyRequests, w.Code, w.Body.String())
		require.NotEmpty(t, w.Header().Get("Retry-After"))
		require.Equal(t, "application/problem+json", w.Header().Get("Content-Type"))
		var p api.Problem
		require.NoError(t, json.Unmarshal(w.Body.Bytes(), &p))
		require.Equal(t, http.StatusTooManyRequests, p.Status)
		require.Equal(t, "urn:dsmarket:problem:rate_limited", p.Type)
	}

	t.Run("WritesPerCaller", func(t *testing.T) {
		kim, lee := token("kim.agency"), token("lee.agency")
		for range 3 { // a malformed body: 400 from the handler, still a write
			require.Equal(t, http.StatusBadRequest, do("POST", "/api/v1/orders", kim, "198.51.100.1").Code)
		}
		limited(t, do("POST", "/api/v1/orders", kim, "198.51.100.2")) // the caller, from anywhere
		require.Equal(t, http.StatusBadRequest, do("POST", "/api/v1/orders", lee, "198.51.100.1").Code, "another caller")
		require.Equal(t, http.StatusOK, do("GET", "/api/v1/rules", kim, "198.51.100.1").Code, "a signed-in read")
	})
	t.Run("AnonymousReadsPerAddress", func(t *testing.T) {
		for range 4 {
			require.Equal(t, http.StatusOK, do("GET", "/api/v1/rules", "", "192.0.2.7").Code)
		}
		limited(t, do("GET", "/api/v1/rules", "", "192.0.2.7"))
		require.Equal(t, http.StatusOK, do("GET", "/api/v1/rules", "", "192.0.2.8").Code, "another address")
		require.Equal(t, http.StatusOK, do("GET", "/healthz", "", "192.0.2.7").Code, "probes are never limited")
	})
}
