// Package systest builds the whole of dsmarket for one test, the same way for the API's
// tests and the web pages' tests: a fresh seeded database, the shared Temporal dev server,
// a worker on a task queue of the test's own, the app layer from app.New, and the API (with
// the pages when asked) on httptest. Its pieces are exported for a test that needs to
// assemble them differently, such as the route fuzz test's instrumented connections.
package systest

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/docstore"
	"github.com/dsmarket/dsmarket/internal/temporaltest"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
	"github.com/dsmarket/dsmarket/worker"
)

// TemporalUIURL is where the cases' links point: the dev server's UI under `make run`.
const TemporalUIURL = "http://localhost:8233"

// Quiet drops the system's logs: a failing test shows its own assertions, not the noise
// of every request.
var Quiet = slog.New(slog.DiscardHandler)

// System is dsmarket running for one test.
type System struct {
	Store     *store.Store
	Temporal  client.Client
	TaskQueue string
	App       *app.App
	// Key signs the test's development tokens; the API verifies them with it.
	Key    *auth.DevKey
	Server *api.Server
	// URL is where the system listens, http://127.0.0.1:port.
	URL string
}

// Option changes what New builds.
type Option func(*options)

type options struct {
	ui     func(a *app.App, baseURL string) (api.UI, error)
	limits api.Limits
}

// WithUI mounts the pages that ui builds over the system's app layer. ui is given the
// address the system will listen on, for configuration that names it (an OIDC redirect).
func WithUI(ui func(a *app.App, baseURL string) (api.UI, error)) Option {
	return func(o *options) { o.ui = ui }
}

// WithLimits bounds each caller's request rate (none without it).
func WithLimits(l api.Limits) Option {
	return func(o *options) { o.limits = l }
}

// New starts the system; everything it starts is stopped when the test ends.
func New(t testing.TB, opts ...Option) *System {
	t.Helper()
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	st, err := store.Open(context.Background(), Database(t))
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	_, err = store.Seed(context.Background(), st, time.Now())
	require.NoError(t, err)
	_, tc := temporaltest.Server(t)
	tq := StartWorker(t, tc, st)
	key := DevKey(t)
	a := app.New(app.Deps{Store: st, Temporal: tc, TaskQueue: tq, Logger: Quiet, TemporalUIURL: TemporalUIURL})
	// The listener exists before the handler, so that the UI can be told its address, and
	// the handler is in place before the first request can arrive.
	ts := httptest.NewUnstartedServer(nil)
	d := api.Deps{App: a, Verifier: key, Limits: o.limits}
	if o.ui != nil {
		d.UI, err = o.ui(a, "http://"+ts.Listener.Addr().String())
		require.NoError(t, err)
	}
	srv := api.New(d)
	ts.Config.Handler = srv
	ts.Start()
	t.Cleanup(ts.Close)
	return &System{Store: st, Temporal: tc, TaskQueue: tq, App: a, Key: key, Server: srv, URL: ts.URL}
}

// Database is a fresh migrated database, unseeded, whose case numbers no other test's
// database hands out: the Temporal server, and so every workflow ID, is shared by all tests.
func Database(t testing.TB) (dsn string) {
	t.Helper()
	dsn = storetest.NewDSN(t)
	storetest.SeparateOrderNumbers(t, dsn)
	return dsn
}

var nonWord = regexp.MustCompile(`[^A-Za-z0-9]+`)

// StartWorker runs the workflows and activities on a task queue named after the test, over
// st, and returns the queue's name.
func StartWorker(t testing.TB, tc client.Client, st *store.Store) string {
	t.Helper()
	tq := "t-" + nonWord.ReplaceAllString(t.Name(), "-") + "-" + fmt.Sprint(time.Now().UnixNano())
	db, err := st.DB().DB()
	require.NoError(t, err)
	// The same table of file bytes as the app layer's (app.New without a backend).
	w := worker.NewOn(tc, tq, &activities.Activities{Store: st, Logger: Quiet, Temporal: tc, Documents: docstore.NewPostgres(db)})
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)
	return tq
}

// DevKey is the tests' development signing key.
func DevKey(t testing.TB) *auth.DevKey {
	t.Helper()
	key, err := auth.NewDevKey([]byte("test-secret-test-secret-test-secret!"))
	require.NoError(t, err)
	return key
}

// Main runs a package's tests and then stops the Temporal dev server they shared.
func Main(m *testing.M) {
	code := m.Run()
	temporaltest.Stop()
	os.Exit(code)
}
