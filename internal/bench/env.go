package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

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
	"github.com/dsmarket/dsmarket/workflows/flow"
)

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
	bw := sdkworker.New(e.tc, e.bareTaskQueue, worker.Options)
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
