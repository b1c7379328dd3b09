package faulttest

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx" for the test's own checks

	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store/storetest"
)

// devSecret signs the test's tokens; the api process verifies them with it.
const devSecret = "faulttest-secret-faulttest-secret-0123456789"

// system is dsmarket as an operator runs it: the Temporal dev server, PostgreSQL behind
// the proxy, and the api and worker processes of the binary, each of which the test can
// take down and bring back.
type system struct {
	t        *testing.T
	dir      string // logs and the Temporal file
	db       *sql.DB
	proxy    *pgProxy
	temporal *devServer
	apiAddr  string
	env      []string
	key      *auth.DevKey

	mu       sync.Mutex
	api      *proc
	worker   *proc
	restarts map[string]int // starts of each process, for log names
}

// startSystem builds the whole system or fails the test saying which part did not start.
func startSystem(t *testing.T) *system {
	t.Helper()
	if buildErr != nil {
		t.Fatalf("faulttest: %v", buildErr)
	}
	s := &system{t: t, dir: t.TempDir(), restarts: map[string]int{}}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	// PostgreSQL: a fresh migrated database on the shared server (dropped when the test
	// ends), reached by the processes only through the proxy.
	dsn := storetest.NewDSN(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("faulttest: open the test database: %v", err)
	}
	s.db = db
	t.Cleanup(func() { _ = db.Close() }) // before storetest drops the database
	pg, err := pgx.ParseConfig(dsn)
	if err != nil {
		t.Fatalf("faulttest: %v", err)
	}
	if s.proxy, err = startProxy(net.JoinHostPort(pg.Host, strconv.Itoa(int(pg.Port)))); err != nil {
		t.Fatalf("faulttest: %v", err)
	}
	t.Cleanup(s.proxy.close)
	proxied, err := throughProxy(dsn, s.proxy.addr)
	if err != nil {
		t.Fatalf("faulttest: %v", err)
	}

	// Temporal: a dev server on a file in the test's directory.
	if s.temporal, err = newDevServer(s.dir); err != nil {
		t.Fatalf("faulttest: %v", err)
	}
	if err := s.temporal.start(ctx); err != nil {
		t.Fatalf("faulttest: %v", err)
	}
	t.Cleanup(func() { _ = s.temporal.stop() })

	s.apiAddr = freeAddr(t)
	s.env = append(os.Environ(),
		"DATABASE_URL="+proxied,
		"TEMPORAL_ADDRESS="+s.temporal.hostPort,
		"TEMPORAL_NAMESPACE=default",
		"DEV_JWT_SECRET="+devSecret,
		"DSMARKET_ENV=development",
		// The client retries every refused write at once, as fast as faults allow: a
		// per-caller limit would turn its retries into 429s and test the limiter, not the faults.
		"RATE_LIMIT_WRITES_PER_MINUTE=0",
		"HTTP_ADDR="+s.apiAddr,
		"DSMARKET_DATA_DIR="+filepath.Join(s.dir, "data"),
		"LOG_LEVEL=warn",
	)
	if s.key, err = auth.NewDevKey([]byte(devSecret)); err != nil {
		t.Fatalf("faulttest: %v", err)
	}
	// The one-shot commands, as a deployment runs them before the processes.
	s.runOnce(ctx, "migrate")
	if out := s.runOnce(ctx, "seed"); !strings.Contains(out, "loaded") {
		t.Fatalf("faulttest: dsmarket seed: %s", out)
	}

	t.Cleanup(s.killProcesses) // runs before the server, proxy and database cleanups
	if err := s.startWorker(); err != nil {
		t.Fatalf("faulttest: %v", err)
	}
	if err := s.startAPI(ctx); err != nil {
		t.Fatalf("faulttest: %v", err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			s.logTails()
		}
	})
	return s
}

func (s *system) runOnce(ctx context.Context, args ...string) string {
	s.t.Helper()
	cmd := exec.CommandContext(ctx, binPath, args...) //nolint:gosec // our own binary
	cmd.Env = s.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		s.t.Fatalf("faulttest: dsmarket %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func (s *system) start(name string) (*proc, error) {
	s.mu.Lock()
	s.restarts[name]++
	n := s.restarts[name]
	s.mu.Unlock()
	p, err := startProc(name, binPath, []string{name}, s.env, filepath.Join(s.dir, name+".log"))
	if err != nil {
		return nil, fmt.Errorf("start dsmarket %s (start %d): %w", name, n, err)
	}
	return p, nil
}

// startWorker starts `dsmarket worker`. It has no port to poll: the Updates and the
// cases' progress show when it works. Like startAPI it returns errors rather than failing
// the test, because the faults call it from their own goroutine.
func (s *system) startWorker() error {
	p, err := s.start("worker")
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.worker = p
	s.mu.Unlock()
	return nil
}

// startAPI starts `dsmarket api` and waits until /readyz answers 200.
func (s *system) startAPI(ctx context.Context) error {
	p, err := s.start("api")
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.api = p
	s.mu.Unlock()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for {
		if !p.running() {
			return fmt.Errorf("dsmarket api exited at start (%w); its log ends with:\n%s", p.waitErr, tailOf(p.logPath, 3000))
		}
		if res, err := http.Get(s.baseURL() + "/readyz"); err == nil { //nolint:noctx // a local poll
			_ = res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("dsmarket api on %s never became ready; its log ends with:\n%s", s.apiAddr, tailOf(p.logPath, 3000))
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// killWorker and killAPI are the faults (a) and (b): SIGKILL, nothing drained or flushed.
func (s *system) killWorker() {
	s.mu.Lock()
	p := s.worker
	s.mu.Unlock()
	p.kill()
}

func (s *system) killAPI() {
	s.mu.Lock()
	p := s.api
	s.mu.Unlock()
	p.kill()
}

func (s *system) killProcesses() {
	s.killAPI()
	s.killWorker()
}

// checkProcesses fails the test if the api or the worker has died on its own: a process
// that exits when a dependency goes away is a finding of its own.
func (s *system) checkProcesses() {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range []*proc{s.api, s.worker} {
		if !p.running() {
			s.t.Errorf("dsmarket %s exited by itself (%v); its log ends with:\n%s", p.name, p.waitErr, tailOf(p.logPath, 3000))
		}
	}
}

func (s *system) baseURL() string { return "http://" + s.apiAddr }

// token is a development token of a seeded user.
func (s *system) token(role models.Role, org, sub string) string {
	tok, err := s.key.Sign(models.Actor{Sub: sub, Role: role, Org: org}, time.Now(), 2*time.Hour)
	if err != nil {
		s.t.Errorf("faulttest: sign a token: %v", err) // Errorf: subtests call it too
	}
	return tok
}

// logTails prints the end of every process's log when the test has failed.
func (s *system) logTails() {
	for _, name := range []string{"api", "worker", "temporal"} {
		p := filepath.Join(s.dir, name+".log")
		if _, err := os.Stat(p); err == nil {
			s.t.Logf("---- end of %s.log:\n%s", name, tailOf(p, 6000))
		}
	}
}

// throughProxy points a DSN (URL or key=value form) at the proxy.
func throughProxy(dsn, proxyAddr string) (string, error) {
	host, port, err := net.SplitHostPort(proxyAddr)
	if err != nil {
		return "", err
	}
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("parse the test DSN: %w", err)
		}
		u.Host = proxyAddr
		return u.String(), nil
	}
	return dsn + " host=" + host + " port=" + port, nil // in key=value form the last setting wins
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("faulttest: %v", err)
	}
	defer func() { _ = ln.Close() }()
	return ln.Addr().String()
}
