// Package storetest gives each test its own PostgreSQL database, cloned in a few
// milliseconds from a template that holds the migrated schema.
//
// The server is TEST_DATABASE_URL (an admin DSN), or postgres://postgres@127.0.0.1:5432/
// postgres. The template is named after a checksum of the embedded migrations, so a schema
// change builds a new one, and it is built under a temporary name and renamed when done,
// under an advisory lock, so that test binaries of several packages running at once (as
// go test ./... does) never see a half-built template.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/dsmarket/dsmarket/store"
)

const defaultAdminDSN = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// templateLockKey serializes template builds across processes ("dsmktmpl").
const templateLockKey = 0x64736d6b746d706c

// New returns a Store on a fresh, migrated, empty database that is dropped when the test
// ends.
func New(t testing.TB) *store.Store {
	t.Helper()
	return open(t, NewDSN(t))
}

// open opens the test database at dsn, closed when the test ends.
func open(t testing.TB, dsn string) *store.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("storetest: open test database: %v", err)
	}
	// Registered after NewDSN's cleanup, so it runs first: close before the drop.
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// NewForSharedTemporal is New for a test whose cases run on the Temporal server every test of
// the package shares (and that keeps their workflow IDs across -count repetitions): the
// database draws its case numbers from a block of its own (SeparateOrderNumbers).
func NewForSharedTemporal(t testing.TB) *store.Store {
	t.Helper()
	dsn := NewDSN(t)
	SeparateOrderNumbers(t, dsn)
	return open(t, dsn)
}

// NewDSN creates a fresh, migrated, empty database and returns its DSN, for tests that
// start the real binary. The database is dropped when the test ends.
func NewDSN(t testing.TB) string {
	t.Helper()
	adminDSN := os.Getenv("TEST_DATABASE_URL")
	if adminDSN == "" {
		adminDSN = defaultAdminDSN
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	admin, tmpl, err := setup(ctx, adminDSN)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	name := "dsmarket_test_" + randomHex(6)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+quoteIdent(name)+" TEMPLATE "+quoteIdent(tmpl)); err != nil {
		t.Fatalf("storetest: create test database from %s: %v", tmpl, err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+quoteIdent(name)+" WITH (FORCE)"); err != nil {
			t.Errorf("storetest: drop test database %s: %v", name, err)
		}
	})
	dsn, err := withDatabase(adminDSN, name)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	return dsn
}

// One admin pool and one template per test binary.
var (
	setupOnce sync.Once
	setupDB   *sql.DB
	setupTmpl string
	setupErr  error
)

func setup(ctx context.Context, adminDSN string) (*sql.DB, string, error) {
	setupOnce.Do(func() {
		setupDB, setupErr = openAdmin(ctx, adminDSN)
		if setupErr != nil {
			return
		}
		setupTmpl = "dsmarket_tmpl_" + store.MigrationsChecksum()[:8]
		setupErr = ensureTemplate(ctx, setupDB, adminDSN, setupTmpl)
	})
	return setupDB, setupTmpl, setupErr
}

func openAdmin(ctx context.Context, adminDSN string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(adminDSN)
	if err != nil {
		return nil, fmt.Errorf("TEST_DATABASE_URL is not a valid PostgreSQL DSN: %w", err)
	}
	db := stdlib.OpenDB(*cfg)
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("PostgreSQL is not reachable at %s:%d (%v).\n"+
			"Start it with `pg_ctlcluster 15 main start`, or set TEST_DATABASE_URL to an admin DSN "+
			"(a role that may CREATE DATABASE), e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable",
			cfg.Host, cfg.Port, err)
	}
	return db, nil
}

// ensureTemplate builds the template database if no process has built it yet.
func ensureTemplate(ctx context.Context, admin *sql.DB, adminDSN, tmpl string) (err error) {
	// Advisory locks belong to a session, so lock, check, build and unlock on one connection.
	conn, err := admin.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", int64(templateLockKey)); err != nil {
		return fmt.Errorf("lock template: %w", err)
	}
	defer func() {
		_, _ = conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", int64(templateLockKey))
	}()
	var exists bool
	if err := conn.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", tmpl).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	// Builds left behind by a killed process can go: we hold the lock, nobody builds now.
	if err := dropMatching(ctx, conn, tmpl+"_build_%"); err != nil {
		return err
	}
	build := tmpl + "_build_" + randomHex(4)
	if _, err := conn.ExecContext(ctx, "CREATE DATABASE "+quoteIdent(build)); err != nil {
		return fmt.Errorf("create template: %w", err)
	}
	buildDSN, err := withDatabase(adminDSN, build)
	if err != nil {
		return err
	}
	if err := store.Migrate(ctx, buildDSN); err != nil {
		_, _ = conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+quoteIdent(build)+" WITH (FORCE)")
		return fmt.Errorf("migrate template: %w", err)
	}
	// No connections to the template from now on: CREATE DATABASE ... TEMPLATE fails
	// while anyone is connected to it.
	for _, stmt := range []string{
		"ALTER DATABASE " + quoteIdent(build) + " RENAME TO " + quoteIdent(tmpl),
		"ALTER DATABASE " + quoteIdent(tmpl) + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false",
	} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("finish template: %w", err)
		}
	}
	return nil
}

func dropMatching(ctx context.Context, conn *sql.Conn, pattern string) error {
	rows, err := conn.QueryContext(ctx, "SELECT datname FROM pg_database WHERE datname LIKE $1", pattern)
	if err != nil {
		return err
	}
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return err
		}
		names = append(names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, n := range names {
		if _, err := conn.ExecContext(ctx, "DROP DATABASE IF EXISTS "+quoteIdent(n)+" WITH (FORCE)"); err != nil {
			return err
		}
	}
	return nil
}

// withDatabase returns dsn pointed at database name; it accepts URLs and key=value DSNs.
func withDatabase(dsn, name string) (string, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err != nil {
			return "", fmt.Errorf("parse TEST_DATABASE_URL: %w", err)
		}
		u.Path = "/" + name
		return u.String(), nil
	}
	// In key=value form the last setting of a key wins.
	return dsn + " dbname=" + name, nil
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return hex.EncodeToString(b)
}

var orderBlocks atomic.Int64

// SeparateOrderNumbers starts the database's case numbers (orders, applications,
// committee sessions, direct contracts) at a block that no other database of this test
// process uses. Tests that share one Temporal server need it: workflow IDs derive from
// case numbers, and every fresh database numbers from 1. Six-digit numbers leave 998 blocks
// of 1,000 and four-digit session numbers 998 blocks of 10 — enough for every harness of a
// package run three times over (-count=3 wrapped around 99 blocks and met its own cases).
func SeparateOrderNumbers(t testing.TB, dsn string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	defer db.Close()
	block := orderBlocks.Add(1) % 998
	for _, seq := range []struct {
		name  string
		start int64
	}{
		{"order_id_seq", block*1_000 + 1},
		{"application_id_seq", block*1_000 + 1},
		{"session_id_seq", block*10 + 1},
		{"direct_contract_id_seq", block*1_000 + 1},
		{"change_request_id_seq", block*1_000 + 1},
	} {
		if _, err := db.ExecContext(ctx, "SELECT setval($1::regclass, $2)", seq.name, seq.start); err != nil {
			t.Fatalf("storetest: separate case numbers (%s): %v", seq.name, err)
		}
	}
}
