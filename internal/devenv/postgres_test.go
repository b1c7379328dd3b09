package devenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/dsmarket/dsmarket/internal/devenv/temporalcli"
)

// The local PostgreSQL the tests need (make test starts it).
const localAdmin = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

func netListen(t *testing.T) (string, error) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	t.Cleanup(func() { _ = l.Close() })
	return l.Addr().String(), nil
}

func queryString(t *testing.T, dsn, sql string, args ...any) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect %s: %v", dsn, err)
	}
	defer func() { _ = conn.Close(ctx) }()
	var s string
	if err := conn.QueryRow(ctx, sql, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return s
}

func TestEnsurePostgresDatabaseURL(t *testing.T) {
	const url = "postgres://someone@db.example:5432/x"
	getenv := func(k string) string {
		if k == "DATABASE_URL" {
			return url
		}
		return ""
	}
	dsn, how, stop, err := EnsurePostgres(context.Background(), t.TempDir(), getenv)
	if err != nil {
		t.Fatal(err)
	}
	if dsn != url || how != "DATABASE_URL" {
		t.Errorf("EnsurePostgres = %q, %q; want %q, DATABASE_URL", dsn, how, url)
	}
	if err := stop(context.Background()); err != nil {
		t.Errorf("stop: %v", err)
	}
}

func TestEnsurePostgresLocal(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	dataDir := t.TempDir()
	dsn, how, stop, err := EnsurePostgres(ctx, dataDir, func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = stop(ctx) }()
	if want := "postgres://postgres@127.0.0.1:5432/dsmarket?sslmode=disable"; dsn != want {
		t.Errorf("dsn = %s, want %s (is PostgreSQL running on 127.0.0.1:5432? `make test` starts it)", dsn, want)
	}
	if how != "local PostgreSQL at 127.0.0.1:5432" {
		t.Errorf("how = %q", how)
	}
	if got := queryString(t, dsn, "SELECT current_database()"); got != Database {
		t.Errorf("current_database() = %s, want %s", got, Database)
	}
	if _, err := os.Stat(filepath.Join(dataDir, "pg")); err == nil {
		t.Errorf("a private cluster was made although the local PostgreSQL is up")
	}
}

func TestEnsureDatabase(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "devenv_test_" + hex.EncodeToString(b)
	t.Cleanup(func() {
		conn, err := pgx.Connect(context.Background(), localAdmin)
		if err != nil {
			t.Errorf("cleanup: %v", err)
			return
		}
		defer func() { _ = conn.Close(context.Background()) }()
		if _, err := conn.Exec(context.Background(), "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	for i := range 2 { // the second call finds it
		if err := EnsureDatabase(ctx, localAdmin, name); err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
	}
	got := queryString(t, localAdmin, "SELECT datname FROM pg_database WHERE datname = $1", name)
	if got != name {
		t.Errorf("database %s not found", name)
	}
	if err := EnsureDatabase(ctx, localAdmin, ""); err == nil {
		t.Errorf("EnsureDatabase with no name: no error")
	}
}

// TestEnsurePostgresPrivateCluster makes, starts, stops and starts again a private cluster
// (through runuser as the postgres user when the tests run as root).
func TestEnsurePostgresPrivateCluster(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// Not t.TempDir: its parent is private to us, and as root the postgres user must reach it.
	dataDir, err := os.MkdirTemp("", "devenv-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dataDir) })
	if err := os.Chmod(dataDir, 0o755); err != nil { //nolint:gosec // the postgres user must reach it
		t.Fatal(err)
	}
	closed, err := temporalcli.FreePort() // nothing listens there: no "local" PostgreSQL
	if err != nil {
		t.Fatal(err)
	}
	port, err := temporalcli.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	o := PostgresOptions{
		DataDir:     dataDir,
		Getenv:      func(string) string { return "" },
		LocalAddr:   "127.0.0.1:" + strconv.Itoa(closed),
		PrivatePort: port,
	}
	wantDSN := "postgres://postgres@127.0.0.1:" + strconv.Itoa(port) + "/dsmarket?sslmode=disable"
	var versionInfo os.FileInfo
	for run := 1; run <= 2; run++ {
		dsn, how, stop, err := EnsurePostgresWith(ctx, o)
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		stopped := false
		t.Cleanup(func() {
			if !stopped {
				_ = stop(context.Background())
			}
		})
		if dsn != wantDSN {
			t.Errorf("run %d: dsn = %s, want %s", run, dsn, wantDSN)
		}
		if want := "private cluster in " + filepath.Join(dataDir, "pg"); how != want {
			t.Errorf("run %d: how = %q, want %q", run, how, want)
		}
		if got := queryString(t, dsn, "SELECT current_database()"); got != Database {
			t.Errorf("run %d: current_database() = %s", run, got)
		}
		if got := queryString(t, dsn, "SHOW listen_addresses"); got != "127.0.0.1" {
			t.Errorf("run %d: listen_addresses = %s, want 127.0.0.1", run, got)
		}

		// A second call while it runs uses it and leaves it running.
		dsn2, how2, stop2, err := EnsurePostgresWith(ctx, o)
		if err != nil {
			t.Fatalf("run %d, while running: %v", run, err)
		}
		if dsn2 != dsn || !strings.HasSuffix(how2, "(already running)") {
			t.Errorf("run %d, while running: %s, %q", run, dsn2, how2)
		}
		if err := stop2(ctx); err != nil {
			t.Errorf("run %d: stop of a cluster the call did not start: %v", run, err)
		}
		if err := temporalcli.CheckFree("127.0.0.1:" + strconv.Itoa(port)); err == nil {
			t.Errorf("run %d: the cluster stopped, but only the call that started it may stop it", run)
		}

		fi, err := os.Stat(filepath.Join(dataDir, "pg", "data", "PG_VERSION"))
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if run == 1 {
			versionInfo = fi
		} else if !fi.ModTime().Equal(versionInfo.ModTime()) {
			t.Errorf("run %d: initdb ran again", run)
		}

		if err := stop(ctx); err != nil {
			t.Fatalf("run %d: stop: %v", run, err)
		}
		stopped = true
		if err := temporalcli.CheckFree("127.0.0.1:" + strconv.Itoa(port)); err != nil {
			t.Errorf("run %d: after stop: %v", run, err)
		}
	}
}
