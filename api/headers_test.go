package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/auth"
)

// TestSecurityHeadersOnEveryResponse: answers, problems and unknown paths alike carry the
// browser protections; HSTS only once the request came over HTTPS (issue 12).
func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	key, err := auth.NewDevKey([]byte("headers-headers-headers-headers-0"))
	require.NoError(t, err)
	h := api.New(api.Deps{App: app.New(app.Deps{}), Verifier: key})
	for _, c := range []struct {
		path  string
		https bool
		code  int
	}{{"/api/v1/rules", false, 200}, {"/api/v1/orders", false, 401}, {"/nowhere", false, 404}, {"/healthz", true, 200}} {
		req := httptest.NewRequest("GET", c.path, nil)
		if c.https {
			req.Header.Set("X-Forwarded-Proto", "https")
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		require.Equal(t, c.code, w.Code, c.path)
		hd := w.Header()
		require.Equal(t, "nosniff", hd.Get("X-Content-Type-Options"), c.path)
		require.Equal(t, "DENY", hd.Get("X-Frame-Options"), c.path)
		require.Equal(t, "same-origin", hd.Get("Referrer-Policy"), c.path)
		require.Contains(t, hd.Get("Content-Security-Policy"), "default-src 'self'", c.path)
		require.Contains(t, hd.Get("Content-Security-Policy"), "frame-ancestors 'none'", c.path)
		if c.https {
			require.Contains(t, hd.Get("Strict-Transport-Security"), "max-age=31536000", c.path)
		} else {
			require.Empty(t, hd.Get("Strict-Transport-Security"), c.path)
		}
	}
}

// TestMetricsOffTheAPIPort: a process that serves /metrics on METRICS_ADDR answers 404 for
// it on the API's port, as for any unknown path.
func TestMetricsOffTheAPIPort(t *testing.T) {
	key, err := auth.NewDevKey([]byte("metrics-metrics-metrics-metrics-0"))
	require.NoError(t, err)
	for _, off := range []bool{false, true} {
		h := api.New(api.Deps{App: app.New(app.Deps{}), Verifier: key, NoMetrics: off})
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
		want := http.StatusOK
		if off {
			want = http.StatusNotFound
		}
		require.Equal(t, want, w.Code, "NoMetrics=%v", off)
	}
}
