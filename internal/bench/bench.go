// Package bench is `dsmarket bench` (make bench): it measures what dsmarket's API,
// database and business rules cost on top of Temporal. In one process it starts a Temporal
// dev server, a fresh seeded database, the worker and the REST API, then runs
//   - phase A: N catalog orders through the REST API at concurrency C, as an agency and a
//     provider would (create, proposal, evaluation, negotiation), each until its workflow
//     has completed;
//   - phase B: N bare workflows (BareOrder) taking the same Updates from the Temporal
//     client, with no API and no database;
//
// and reports cases/s of both and their ratio, the latency of a human action, history
// events per order and the process's resident memory.
package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/jackc/pgx/v5"
	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/internal/devenv"
	"github.com/dsmarket/dsmarket/internal/devenv/temporalcli"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/worker"
)

// Defaults of Options.
const (
	DefaultN             = 200
	DefaultC             = 10
	DefaultHistorySample = 20
)

// The seeded parties: SVC-0001 belongs to provider PV-0001; AG-0001 is an agency.
const benchServiceID = "SVC-0001"

var (
	agencyActor   = models.Actor{Sub: "bench.agency", Role: models.RoleAgency, Org: "AG-0001"}
	providerActor = models.Actor{Sub: "bench.provider", Role: models.RoleProvider, Org: "PV-0001"}
)

// Options configures Run.
type Options struct {
	// N is the number of cases of each phase; C how many run at once. Zero means the default.
	N, C int
	// Warmup cases of each kind run before the measured phases and are not measured.
	Warmup int
	// HistorySample is how many completed cases per phase have their history events
	// counted; zero means DefaultHistorySample.
	HistorySample int
	// DataDir holds the private PostgreSQL cluster, should one be needed (see
	// devenv.EnsurePostgres); empty means devenv.DefaultDataDir.
	DataDir string
	// Getenv reads DATABASE_URL and TEMPORAL_CLI; nil means os.Getenv.
	Getenv func(string) string
	// Log receives progress lines and the warnings of the system under test; nil discards them.
	Log io.Writer
	// UnsyncedTemporalStore runs the dev server's SQLite without fsync (WAL, synchronous=OFF).
	// On a small VM the fsync of every Temporal write dominates latency, for the bare
	// workflows as much as for the orders; this shows what is left when it does not.
	UnsyncedTemporalStore bool
	// QualityN is the number of due services of the quality cycle run after the phases
	// (QualityCycle); zero means DefaultQualityN, negative skips it.
	QualityN int
}

// Result is what Run measured.
type Result struct {
	N, C, Warmup int
	// TemporalStore says how the dev server kept its data during the run.
	TemporalStore string
	Orders        Phase  // phase A: catalog orders through the REST API
	Bare          Phase  // phase B: bare workflows through the Temporal client
	OrderHistory  Events // history events per completed order (a sample)
	BareHistory   Events // history events per completed bare workflow (a sample)
	Memory        Memory // this process's resident set after the run
	MemoryErr     error  // why Memory is unknown, off Linux
	// Quality is the quality cycle's run (QualityCycle), nil when skipped or failed.
	Quality *QualityResult
}

// Ratio is the throughput of orders through the API over that of bare workflows.
func (r Result) Ratio() float64 {
	if b := r.Bare.CasesPerSecond(); b > 0 {
		return r.Orders.CasesPerSecond() / b
	}
	return 0
}

// Run starts the system, runs both phases and reports what they measured. A case that
// fails does not stop the run: Run then returns the Result with an error that counts the
// failures. An environment that cannot start returns an error and a zero Result.
func Run(ctx context.Context, o Options) (Result, error) {
	if o.N == 0 {
		o.N = DefaultN
	}
	if o.C == 0 {
		o.C = DefaultC
	}
	if o.HistorySample == 0 {
		o.HistorySample = DefaultHistorySample
	}
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.N < 1 || o.C < 1 || o.Warmup < 0 || o.HistorySample < 0 {
		return Result{}, fmt.Errorf("bench: n (%d) and c (%d) must be at least 1, warmup (%d) and sample (%d) not negative",
			o.N, o.C, o.Warmup, o.HistorySample)
	}
	logf := func(format string, args ...any) { _, _ = fmt.Fprintf(o.Log, format+"\n", args...) }

	e, err := setup(ctx, o, logf)
	if err != nil {
		return Result{}, err
	}
	failed := true
	defer func() { e.close(failed) }()

	var warmupErr error
	if o.Warmup > 0 {
		logf("• warm-up: %d orders and %d bare workflows, not measured …", o.Warmup, o.Warmup)
		wa := runPhase(ctx, o.Warmup, min(o.C, o.Warmup), func(ctx context.Context, rec *recorder, i int) (string, error) {
			return e.orderCase(ctx, rec, "w"+strconv.Itoa(i))
		})
		wb := runPhase(ctx, o.Warmup, min(o.C, o.Warmup), func(ctx context.Context, rec *recorder, i int) (string, error) {
			return e.bareCase(ctx, rec, "w"+strconv.Itoa(i))
		})
		if wa.Failed+wb.Failed > 0 {
			warmupErr = fmt.Errorf("%d of %d warm-up orders and %d of %d warm-up bare workflows failed: %s",
				wa.Failed, o.Warmup, wb.Failed, o.Warmup, strings.Join(append(wa.Errors, wb.Errors...), "; "))
			logf("  %v", warmupErr)
		}
	}

	res := Result{N: o.N, C: o.C, Warmup: o.Warmup, TemporalStore: "sqlite file, synchronous (as make run)"}
	if o.UnsyncedTemporalStore {
		res.TemporalStore = "sqlite file, WAL, synchronous=OFF"
	}
	logf("• phase A: %d catalog orders through the REST API, %d at a time …", o.N, o.C)
	res.Orders = runPhase(ctx, o.N, o.C, func(ctx context.Context, rec *recorder, i int) (string, error) {
		return e.orderCase(ctx, rec, "m"+strconv.Itoa(i))
	})
	logf("  %d completed, %d failed in %s", res.Orders.Completed, res.Orders.Failed, res.Orders.Wall.Round(time.Millisecond))
	logf("• phase B: %d bare workflows through the Temporal client, %d at a time …", o.N, o.C)
	res.Bare = runPhase(ctx, o.N, o.C, func(ctx context.Context, rec *recorder, i int) (string, error) {
		return e.bareCase(ctx, rec, "m"+strconv.Itoa(i))
	})
	logf("  %d completed, %d failed in %s", res.Bare.Completed, res.Bare.Failed, res.Bare.Wall.Round(time.Millisecond))
	res.Memory, res.MemoryErr = ReadMemory()

	logf("• counting history events of up to %d cases of each phase …", o.HistorySample)
	var histErr error
	if res.OrderHistory, err = e.historyEvents(ctx, res.Orders.WorkflowIDs, o.HistorySample); err != nil {
		histErr = err
	}
	if res.BareHistory, err = e.historyEvents(ctx, res.Bare.WorkflowIDs, o.HistorySample); err != nil {
		histErr = errors.Join(histErr, err)
	}

	var errs []error
	if warmupErr != nil {
		errs = append(errs, warmupErr)
	}
	for _, p := range []struct {
		name string
		ph   Phase
	}{{"orders", res.Orders}, {"bare workflows", res.Bare}} {
		if p.ph.Failed > 0 {
			errs = append(errs, fmt.Errorf("%d of %d %s failed: %s", p.ph.Failed, p.ph.Cases, p.name, strings.Join(p.ph.Errors, "; ")))
		}
	}
	if histErr != nil {
		errs = append(errs, histErr)
	}
	if o.QualityN >= 0 {
		logf("• the yearly quality cycle over %d due services …", cmpOr(o.QualityN, DefaultQualityN))
		q, qerr := QualityCycle(ctx, e.tc, QualityOptions{N: o.QualityN})
		if qerr != nil {
			errs = append(errs, qerr)
		} else {
			res.Quality = &q
			logf("  %d runs, at most %d children and %d history events per run, in %s", q.Runs, q.MaxChildren, q.MaxHistory,
				q.Wall.Round(time.Millisecond))
		}
	}
	if err := ctx.Err(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return res, fmt.Errorf("bench: %w", errors.Join(errs...))
	}
	failed = false
	return res, nil
}

// env is the system under test, all in this process but for the Temporal dev server and
// PostgreSQL.
type env struct {
	closers []func(failed bool) // run in reverse order

	runID                         string
	tc                            client.Client
	http                          *http.Client
	apiURL                        string
	agencyToken, providerToken    string
	orderTaskQueue, bareTaskQueue string
	createBody                    []byte
	bareInput                     flow.OrderInput
}

func (e *env) onClose(f func(failed bool)) { e.closers = append(e.closers, f) }

func (e *env) close(failed bool) {
	for i := len(e.closers) - 1; i >= 0; i-- {
		e.closers[i](failed)
	}
	e.closers = nil
}

func setup(ctx context.Context, o Options, logf func(string, ...any)) (_ *env, err error) {
	e := &env{runID: randomHex(4)}
	defer func() {
		if err != nil {
			e.close(true)
		}
	}()
	warn := slog.New(slog.NewTextHandler(o.Log, &slog.HandlerOptions{Level: slog.LevelWarn}))

	cli, err := devenv.TemporalCLIPath(o.Getenv)
	if err != nil {
		return nil, err
	}

	// PostgreSQL: a fresh database of our own, dropped at the end.
	logf("• PostgreSQL …")
	dsn, how, stopPG, err := devenv.EnsurePostgresWith(ctx, devenv.PostgresOptions{DataDir: o.DataDir, Getenv: o.Getenv})
	if err != nil {
		return nil, err
	}
	e.onClose(func(bool) { _ = stopPG(context.WithoutCancel(ctx)) })
	name := "dsmarket_bench_" + e.runID
	adminDSN, err := withDatabase(dsn, "postgres")
	if err != nil {
		return nil, err
	}
	benchDSN, err := withDatabase(dsn, name)
	if err != nil {
		return nil, err
	}
	if err := devenv.EnsureDatabase(ctx, adminDSN, name); err != nil {
		return nil, fmt.Errorf("bench: create its own database (the role must be allowed to CREATE DATABASE): %w", err)
	}
	e.onClose(func(bool) {
		if err := dropDatabase(context.WithoutCancel(ctx), adminDSN, name); err != nil {
			logf("bench: %v", err)
		}
	})
	logf("  %s, database %s", how, name)
	if err := store.Migrate(ctx, benchDSN); err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, benchDSN)
	if err != nil {
		return nil, err
	}
	e.onClose(func(bool) { _ = st.Close() })
	if _, err := store.Seed(ctx, st, time.Now()); err != nil {
		return nil, err
	}
	svc, err := st.GetService(ctx, benchServiceID)
	if err != nil {
		return nil, fmt.Errorf("bench: seeded service %s: %w", benchServiceID, err)
	}

	// Temporal: a dev server of our own, with its SQLite store in a temporary directory.
	tmp, err := os.MkdirTemp("", "dsmarket-bench-")
	if err != nil {
		return nil, err
	}
	e.onClose(func(failed bool) {
		if failed {
			logf("bench: the Temporal dev server's data and log are kept in %s", tmp)
			return
		}
		_ = os.RemoveAll(tmp)
	})
	port, err := temporalcli.FreePort()
	if err != nil {
		return nil, err
	}
	uiPort, err := temporalcli.FreePort()
	if err != nil {
		return nil, err
	}
	hostPort := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	logf("• Temporal dev server on %s (%s) …", hostPort, cli)
	topts := devenv.TemporalOptions{DataDir: tmp, HostPort: hostPort,
		UIPort: strconv.Itoa(uiPort), Logger: tlog.NewStructuredLogger(warn)}
	if o.UnsyncedTemporalStore {
		topts.ExtraArgs = []string{"--sqlite-pragma", "journal_mode=WAL", "--sqlite-pragma", "synchronous=OFF"}
	}
	srv, err := devenv.StartTemporal(ctx, cli, topts)
	if err != nil {
		return nil, err
	}
	e.onClose(func(bool) { _ = srv.Stop() })
	e.tc = srv.Client()
	e.onClose(func(bool) { e.tc.Close() })

	// Workers: the real one on a task queue of the bench's own, the bare one on another.
	e.orderTaskQueue = "dsmarket-bench-" + e.runID
	e.bareTaskQueue = "dsmarket-bench-bare-" + e.runID
	w := worker.NewOn(e.tc, e.orderTaskQueue, &activities.Activities{Store: st, Logger: warn})
	if err := w.Start(); err != nil {
		return nil, fmt.Errorf("bench: start the worker: %w", err)
	}
	e.onClose(func(bool) { w.Stop() })
	bw := sdkworker.New(e.tc, e.bareTaskQueue, sdkworker.Options{})
	bw.RegisterWorkflow(BareOrder)
	if err := bw.Start(); err != nil {
		return nil, fmt.Errorf("bench: start the bare worker: %w", err)
	}
	e.onClose(func(bool) { bw.Stop() })

	// The REST API on a port of its own, with a development key made for this run.
	key, err := auth.NewDevKey([]byte(randomHex(32)))
	if err != nil {
		return nil, err
	}
	a := app.New(app.Deps{Store: st, Temporal: e.tc, TaskQueue: e.orderTaskQueue, Logger: warn,
		Namespace: devenv.Namespace, TemporalUIURL: "http://127.0.0.1:" + strconv.Itoa(uiPort)})
	handler := api.New(api.Deps{App: a, Verifier: key})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(warn.Handler(), slog.LevelWarn)}
	go func() { _ = hs.Serve(ln) }()
	e.onClose(func(bool) {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	})
	e.apiURL = "http://" + ln.Addr().String()
	conns := 2*o.C + 4
	tr := &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, IdleConnTimeout: time.Minute}
	e.http = &http.Client{Transport: tr, Timeout: time.Minute}
	e.onClose(func(bool) { tr.CloseIdleConnections() })
	now := time.Now()
	if e.agencyToken, err = key.Sign(agencyActor, now, 24*time.Hour); err != nil {
		return nil, err
	}
	if e.providerToken, err = key.Sign(providerActor, now, 24*time.Hour); err != nil {
		return nil, err
	}
	e.createBody = orderBody(now)

	req, err := models.ParseOrderRequest(benchServiceID, "벤치마크 클라우드 전환", 120_000_000, proposalDue(now), models.DateOf(now))
	if err != nil {
		return nil, fmt.Errorf("bench: order request: %w", err)
	}
	e.bareInput = flow.OrderInput{Request: req, Service: svc, RequestedBy: agencyActor}
	return e, nil
}

// withDatabase returns dsn (a postgres:// URL or a key=value string) with another database.
func withDatabase(dsn, name string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("bench: database URL: %w", err)
		}
		u.Path, u.RawPath = "/"+name, ""
		return u.String(), nil
	}
	// key=value: the last dbname wins.
	return strings.TrimSpace(dsn) + " dbname=" + name, nil
}

func dropDatabase(ctx context.Context, adminDSN, name string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, adminDSN)
	if err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}

func cmpOr(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}
