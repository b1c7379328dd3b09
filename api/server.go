// Package api is the thin HTTP layer: it authenticates, decodes, calls app or store, and
// encodes. Every route is listed in routes.go with the roles that may call it.
package api

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/store"
)

// Deps are what the handlers need.
type Deps struct {
	Store    *store.Store
	Temporal client.Client
	Orders   *app.Orders
	// Applications, Tasks and Committee run the selection of services (Process 1).
	Applications *app.Applications
	Tasks        *app.Tasks
	Committee    *app.Committee
	// Inspections runs the continuous inspection of catalog services (Process 4).
	Inspections *app.Inspections
	// Contracts registers direct contracts (Process 3).
	Contracts *app.Contracts
	// Quality runs the regular quality inspection (Process 4); nil builds one from Store,
	// Temporal and Logger.
	Quality *app.Quality
	// Changes runs information changes (Process 4); nil builds one from Store, Temporal
	// and Logger.
	Changes *app.Changes
	// Cases reads any case by its workflow ID (the auditor's history); nil builds one from
	// the services above.
	Cases    *app.Cases
	Verifier auth.Verifier
	Logger   *slog.Logger
	// Registry receives the HTTP metrics and is served on /metrics.
	Registry *prometheus.Registry
	// TemporalUIURL is the Web UI base, for links from a case to its workflow.
	TemporalUIURL string
	Namespace     string
	Clock         func() time.Time
	// UI, when set, serves the web pages under /ui/ on the same engine.
	UI UI
}

// UI is the web interface: it adds its routes to the engine and answers unknown paths
// under its prefix with a page instead of a problem document.
type UI interface {
	Mount(r *gin.Engine)
	NotFound(c *gin.Context)
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
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Registry == nil {
		d.Registry = prometheus.NewRegistry()
	}
	if d.Clock == nil {
		d.Clock = time.Now
	}
	r := gin.New()
	r.HandleMethodNotAllowed = true
	// Handlers pass c.Request.Context() down, never the *gin.Context itself: gin reuses
	// its contexts from a pool, and database/sql keeps a context in a goroutine after the
	// request, which the race detector rightly reports.
	m := newMetrics(d.Registry)
	r.Use(requestID, m.observe(d.Logger), recovery(), limitBody, authenticate(d.Verifier))
	if d.Quality == nil {
		d.Quality = &app.Quality{Store: d.Store, Temporal: d.Temporal, Logger: d.Logger, Clock: d.Clock}
	}
	if d.Changes == nil {
		d.Changes = &app.Changes{Store: d.Store, Temporal: d.Temporal, Logger: d.Logger, Clock: d.Clock}
	}
	if d.Cases == nil {
		d.Cases = &app.Cases{Orders: d.Orders, Applications: d.Applications, Committee: d.Committee, Contracts: d.Contracts,
			Inspections: d.Inspections, Quality: d.Quality, Changes: d.Changes,
			TemporalUIURL: d.TemporalUIURL, Namespace: d.Namespace}
	}
	r.NoRoute(noRouteWith(d.UI))
	r.NoMethod(noMethod)
	s := &Server{Handler: r}
	s.routes(r, d)
	if d.UI != nil {
		d.UI.Mount(r)
	}
	return s
}

func (s *Server) handle(r *gin.Engine, method, path string, who gin.HandlerFunc, roles string, h gin.HandlerFunc) {
	r.Handle(method, path, who, checkParams, h)
	s.Routes = append(s.Routes, Route{Method: method, Path: path, Roles: roles})
}
