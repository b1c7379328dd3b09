package app

import (
	"cmp"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/docstore"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// Deps are what the app layer is built from.
type Deps struct {
	Store    *store.Store
	Temporal client.Client
	// TaskQueue is where the services start workflows: flow.TaskQueue when empty. Tests that
	// share one Temporal server each give their own, so that their workers stay apart.
	TaskQueue string
	// Logger is slog.Default() when nil, Clock time.Now.
	Logger *slog.Logger
	Clock  func() time.Time
	// TemporalUIURL and Namespace make the links from a case to its workflow in the
	// Temporal Web UI.
	TemporalUIURL string
	Namespace     string
	// Documents keeps uploaded files' bytes (DOCUMENT_STORE); the PostgreSQL table of
	// Store's database when nil.
	Documents docstore.Backend
	// TimeScale, above 1, is the development sandbox's factor (DSMARKET_TIME_SCALE): each
	// case started pins it, and its periods run that many times faster.
	TimeScale int
	// OCDS is the open data's publisher (OCDS_PREFIX, OCDS_PUBLISHER_NAME,
	// PUBLIC_BASE_URL); the documented defaults when unset.
	OCDS models.OCDSPublisher
}

// App is the app layer, built once by New and handed to every edge (the REST API, the web
// pages, the demo cases), so that all of them call the same services wired the same way.
type App struct {
	// Store and Temporal are the services' own, for the edges' reads that need no service
	// (the catalog, the audit log, readiness).
	Store    *store.Store
	Temporal client.Client
	Logger   *slog.Logger
	Clock    func() time.Time
	// TimeScale is the development sandbox's factor (Deps.TimeScale), for the pages'
	// banner.
	TimeScale int

	Orders *Orders
	// Applications, Tasks and Committee run the selection of services (Process 1).
	Applications *Applications
	Tasks        *Tasks
	Committee    *Committee
	// Contracts registers direct contracts (Process 3).
	Contracts *Contracts
	// Inspections, Quality and Changes run the continuous inspection, the regular quality
	// inspection and the information changes of catalog services (Process 4).
	Inspections *Inspections
	Quality     *Quality
	Changes     *Changes
	// Cases reads any case by its workflow ID, through the services above.
	Cases *Cases
	// Documents keeps the uploaded files that cases reference.
	Documents *Documents
	// Directory keeps the organizations, the expert pool, the committee roster and the
	// relations people declare.
	Directory *Directory
	// Rules says what a proposed amendment of the rule table would do to the open cases.
	Rules *Rules
	// OCDS publishes the catalog and the contracts as OCDS open data.
	OCDS *OCDS
	// Searches keeps the frozen direct-award searches agencies save as evidence.
	Searches *Searches
}

// New builds every service once and wires the ones that read through others.
func New(d Deps) *App {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Clock == nil {
		d.Clock = time.Now
	}
	if d.TaskQueue == "" {
		d.TaskQueue = flow.TaskQueue
	}
	a := &App{Store: d.Store, Temporal: d.Temporal, Logger: d.Logger, Clock: d.Clock, TimeScale: d.TimeScale}
	s := service{Store: d.Store, Temporal: d.Temporal, Clock: d.Clock, Logger: d.Logger, TaskQueue: d.TaskQueue,
		TimeScale: d.TimeScale}
	a.Orders, a.Applications, a.Committee, a.Contracts = &Orders{s}, &Applications{s}, &Committee{s}, &Contracts{s}
	a.Inspections, a.Quality, a.Changes = &Inspections{s}, &Quality{s}, &Changes{s}
	a.Tasks = &Tasks{service: s, Applications: a.Applications, Quality: a.Quality}
	if d.Documents == nil {
		d.Documents = defaultBackend(d.Store)
	}
	a.Documents = &Documents{service: s, Backend: d.Documents, Applications: a.Applications, Orders: a.Orders,
		Contracts: a.Contracts}
	a.Directory = &Directory{s}
	a.Rules = &Rules{s}
	a.OCDS = &OCDS{Store: d.Store, Publisher: d.OCDS.Or(), Clock: d.Clock}
	a.Searches = &Searches{s}
	a.Cases = &Cases{kinds: []caseHistory{a.Orders.history(), a.Applications.history(), a.Committee.history(),
		a.Contracts.history(), a.Changes.history(), a.Quality.history(), a.Inspections.history()},
		TemporalUIURL: d.TemporalUIURL, Namespace: d.Namespace}
	return a
}

// service is what every service of the app is built from: the clients of the store and of
// Temporal, the clock, and the task queue it starts workflows on.
type service struct {
	Store    *store.Store
	Temporal client.Client
	Clock    func() time.Time
	Logger   *slog.Logger
	// TaskQueue overrides flow.TaskQueue, so that tests sharing one server stay apart.
	TaskQueue string
	TimeScale int
}

// pin is what a case started now keeps to its end: the versions of keys in force now in
// the process's rule table, and the sandbox's time scale.
func (s *service) pin(now time.Time, keys ...models.RuleKey) *models.CasePins {
	return models.PinRules(models.Rules, now, s.TimeScale, keys...)
}

// now, logger and taskQueue stand in for what New was not given: the time now, the
// default logger, dsmarket's task queue.
func (s *service) now() time.Time {
	if s.Clock == nil {
		return time.Now()
	}
	return s.Clock()
}

func (s *service) logger() *slog.Logger { return cmp.Or(s.Logger, slog.Default()) }

func (s *service) taskQueue() string { return cmp.Or(s.TaskQueue, flow.TaskQueue) }
