// Package api is the thin HTTP layer: it authenticates, decodes, calls app or store, and
// encodes. Every route is listed in routes.go with the roles that may call it.
package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/auth"
)

// Deps are what the handlers need.
type Deps struct {
	// App is the app layer the handlers call; its Store and Temporal client also serve the
	// catalog, the audit log and /readyz, and its Logger the request log.
	App      *app.App
	Verifier auth.Verifier
	// Registry receives the HTTP metrics and is served on /metrics.
	Registry *prometheus.Registry
	// UI, when set, serves the web pages under /ui/ on the same engine.
	UI UI
	// NoMetrics: /metrics is served on a listener of its own (METRICS_ADDR, production),
	// so that the API's port, open to the Internet, shows nothing of the process.
	NoMetrics bool
	// Limits bound each caller's request rate (DefaultLimits in production; zero: none).
	Limits Limits
	// TrustedProxies are the addresses (CIDRs) whose X-Forwarded-For names the client, for
	// the rate limits and the logs; none by default, so a client cannot choose its own
	// address by sending the header.
	TrustedProxies []string
}

// UI is the web interface: it adds its routes to the engine and answers unknown paths
// under its prefix with a page instead of a problem document.
type UI interface {
	Mount(r *gin.Engine)
	NotFound(c *gin.Context)
}

// UploadForms is a UI whose forms carry files: the body of such a form may be as large as
// UploadLimit says for its route (0: MaxBodyBytes, as every other body).
type UploadForms interface {
	UploadLimit(method, fullPath string) int64
}

// Route is one entry of the API surface: what the OpenAPI test compares with the document.
type Route struct {
	Method string
	Path   string
	Roles  string
}

// Server is the HTTP handler with its route list.
type Server struct {
	http.Handler
	Routes []Route
}

// New builds the handler.
func New(d Deps) *Server {
	gin.SetMode(gin.ReleaseMode)
	if d.Registry == nil {
		d.Registry = prometheus.NewRegistry()
	}
	r := gin.New()
	r.HandleMethodNotAllowed = true
	if err := r.SetTrustedProxies(d.TrustedProxies); err != nil {
		// Checked at start by the binary (config); a bad list here trusts no proxy.
		_ = r.SetTrustedProxies(nil)
	}
	// Handlers pass c.Request.Context() down, never the *gin.Context itself: gin reuses
	// its contexts from a pool, and database/sql keeps a context in a goroutine after the
	// request, which the race detector rightly reports.
	m := newMetrics(d.Registry)
	limits := newRateLimiter(d.Limits)
	sessions, uiLimits := d.UI.(SessionUI)
	if uiLimits {
		sessions.UseLimits(limits)
	}
	r.Use(securityHeaders, requestID, m.observe(d.App.Logger), recovery(), limitBody(d.UI), authenticate(d.Verifier, d.App.Directory),
		rateLimit(limits, uiLimits))
	r.NoRoute(noRouteWith(d.UI))
	r.NoMethod(noMethod)
	s := &Server{Handler: r}
	s.routes(r, d)
	if d.UI != nil {
		d.UI.Mount(r)
	}
	return s
}
