package app

import (
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"

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
	a := &App{Store: d.Store, Temporal: d.Temporal, Logger: d.Logger, Clock: d.Clock}
	a.Orders = &Orders{Store: d.Store, Temporal: d.Temporal, Clock: d.Clock, Logger: d.Logger, TaskQueue: d.TaskQueue}
	a.Applications = &Applications{Store: d.Store, Temporal: d.Temporal, Clock: d.Clock, Logger: d.Logger, TaskQueue: d.TaskQueue}
	a.Committee = &Committee{Store: d.Store, Temporal: d.Temporal, Clock: d.Clock, Logger: d.Logger, TaskQueue: d.TaskQueue}
	a.Contracts = &Contracts{Store: d.Store, Temporal: d.Temporal, Clock: d.Clock, Logger: d.Logger, TaskQueue: d.TaskQueue}
	a.Inspections = &Inspections{Store: d.Store, Temporal: d.Temporal, Clock: d.Clock, Logger: d.Logger, TaskQueue: d.TaskQueue}
	a.Quality = &Quality{Store: d.Store, Temporal: d.Temporal, Clock: d.Clock, Logger: d.Logger, TaskQueue: d.TaskQueue}
	a.Changes = &Changes{Store: d.Store, Temporal: d.Temporal, Clock: d.Clock, Logger: d.Logger, TaskQueue: d.TaskQueue}
	a.Tasks = &Tasks{Store: d.Store, Temporal: d.Temporal, Clock: d.Clock, Logger: d.Logger,
		Applications: a.Applications, Quality: a.Quality}
	a.Cases = &Cases{Orders: a.Orders, Applications: a.Applications, Committee: a.Committee, Contracts: a.Contracts,
		Inspections: a.Inspections, Quality: a.Quality, Changes: a.Changes,
		TemporalUIURL: d.TemporalUIURL, Namespace: d.Namespace}
	return a
}
