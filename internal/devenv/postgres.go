package devenv

import (
	"context"
	"errors"
	"fmt"
	"net"
	"path/filepath"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Defaults of PostgresOptions.
const (
	DefaultLocalPostgres = "127.0.0.1:5432"
	DefaultPrivatePort   = 5433
	// Database is the name of dsmarket's database.
	Database = "dsmarket"
)

// PostgresOptions configures EnsurePostgresWith. Zero fields take the defaults above.
type PostgresOptions struct {
	// DataDir holds the private cluster, in <DataDir>/pg.
	DataDir string
	// Getenv reads DATABASE_URL; nil means an empty environment.
	Getenv func(string) string
	// LocalAddr is the host:port of a PostgreSQL to use, as user postgres, if it accepts
	// connections.
	LocalAddr string
	// PrivatePort is the port of the private cluster, on 127.0.0.1.
	PrivatePort int
}

// EnsurePostgres finds or starts a PostgreSQL for dsmarket and returns the DSN of its
// database, how it was found (to print), and a function that stops the private cluster if
// this call started it (otherwise it does nothing). In order it uses
//   - DATABASE_URL, as it is;
//   - the PostgreSQL at 127.0.0.1:5432 as user postgres, creating the database "dsmarket";
//   - a private cluster in <dataDir>/pg on 127.0.0.1:5433, created on first use with
//     initdb and started with pg_ctl (as the postgres system user when run as root, since
//     initdb refuses to run as root).
func EnsurePostgres(ctx context.Context, dataDir string, getenv func(string) string) (dsn, how string, stop func(context.Context) error, err error) {
	return EnsurePostgresWith(ctx, PostgresOptions{DataDir: dataDir, Getenv: getenv})
}

// EnsurePostgresWith is EnsurePostgres with every option.
func EnsurePostgresWith(ctx context.Context, o PostgresOptions) (dsn, how string, stop func(context.Context) error, err error) {
	noop := func(context.Context) error { return nil }
	if o.Getenv != nil {
		if u := o.Getenv("DATABASE_URL"); u != "" {
			return u, "DATABASE_URL", noop, nil
		}
	}
	if o.DataDir == "" {
		o.DataDir = DefaultDataDir
	}
	if o.LocalAddr == "" {
		o.LocalAddr = DefaultLocalPostgres
	}
	if o.PrivatePort == 0 {
		o.PrivatePort = DefaultPrivatePort
	}

	local := adminDSN(o.LocalAddr)
	if localErr := ping(ctx, local); localErr == nil {
		if err := EnsureDatabase(ctx, local, Database); err != nil {
			return "", "", nil, err
		}
		return databaseDSN(o.LocalAddr), "local PostgreSQL at " + o.LocalAddr, noop, nil
	}

	c, err := newCluster(filepath.Join(o.DataDir, "pg"), o.PrivatePort)
	if err != nil {
		return "", "", nil, err
	}
	started, err := c.start(ctx)
	if err != nil {
		return "", "", nil, err
	}
	how = "private cluster in " + c.dir
	stop = noop
	if started {
		stop = c.stop
	} else {
		how += " (already running)"
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port))
	if err := EnsureDatabase(ctx, adminDSN(addr), Database); err != nil {
		_ = stop(context.WithoutCancel(ctx))
		return "", "", nil, err
	}
	return databaseDSN(addr), how, stop, nil
}

func adminDSN(hostPort string) string {
	return "postgres://postgres@" + hostPort + "/postgres?sslmode=disable"
}

func databaseDSN(hostPort string) string {
	return "postgres://postgres@" + hostPort + "/" + Database + "?sslmode=disable"
}

func ping(ctx context.Context, dsn string) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	return conn.Ping(ctx)
}

// EnsureDatabase creates the database name on the server of adminDSN if it does not exist.
func EnsureDatabase(ctx context.Context, adminDSN, name string) error {
	if name == "" {
		return errors.New("ensure database: empty name")
	}
	conn, err := pgx.Connect(ctx, adminDSN)
	if err != nil {
		return fmt.Errorf("ensure database %s: %w", name, err)
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("ensure database %s: %w", name, err)
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P04" { // duplicate_database: a concurrent create won
		return nil
	}
	if err != nil {
		return fmt.Errorf("ensure database %s: %w", name, err)
	}
	return nil
}
