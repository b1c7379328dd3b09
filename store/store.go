// Package store keeps dsmarket's PostgreSQL data: the catalog of selected services, the
// projections of cases that workflow activities write for lists and search, contracts,
// notifications and the API's Idempotency-Keys. Every method speaks models types and
// returns *models.Error for outcomes a caller must tell apart (not found, invalid).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/dsmarket/dsmarket/models"
)

// Store is the PostgreSQL database of dsmarket. It is safe for concurrent use.
type Store struct {
	db *gorm.DB
	// now gives the catalog's notion of "today" (CSAP validity); tests may replace it.
	now func() time.Time
	// seal chains the audit log's staged steps in the background (audit_sealer.go).
	seal *sealer
}

// Pool limits: the API and the worker each hold one Store; PostgreSQL's default of 100
// connections leaves room for both, for migrations and for psql.
const (
	maxOpenConns    = 20
	maxIdleConns    = 10
	connMaxLifetime = 30 * time.Minute
	connMaxIdleTime = 5 * time.Minute
	slowQuery       = 500 * time.Millisecond
)

// Open connects to the database at dsn (a postgres:// URL or key=value string) through
// pgx and checks that it answers.
func Open(ctx context.Context, dsn string) (*Store, error) {
	db, err := gorm.Open(postgres.New(postgres.Config{DSN: dsn}), &gorm.Config{
		Logger:                 slowQueryLogger{log: slog.Default(), threshold: slowQuery},
		SkipDefaultTransaction: true, // every write here is one statement or an explicit transaction
		DisableAutomaticPing:   true, // Ping below does it, bounded by ctx
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB.SetMaxOpenConns(maxOpenConns)
	sqlDB.SetMaxIdleConns(maxIdleConns)
	sqlDB.SetConnMaxLifetime(connMaxLifetime)
	sqlDB.SetConnMaxIdleTime(connMaxIdleTime)
	s := &Store{db: db, now: time.Now}
	if err := s.Ping(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, err
	}
	s.startSealer()
	return s, nil
}

// Close stops the sealer, after the seal it may be running, and closes the connection pool.
func (s *Store) Close() error {
	s.stopSealer()
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Ping checks that the database answers; /readyz uses it.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		// The code tells callers to retry; the cause is in the text for the log.
		return fmt.Errorf("%w: %w", &models.Error{Code: models.EUNAVAILABLE, Message: "database unavailable"}, err)
	}
	return nil
}

// DB returns the underlying gorm handle, for statistics queries and tests.
func (s *Store) DB() *gorm.DB { return s.db }

// today is the current calendar date in Seoul.
func (s *Store) today() models.Date { return models.DateOf(s.now()) }

// slowQueryLogger keeps gorm quiet: errors are returned to callers, who decide whether they
// matter, so the only thing worth logging on its own is a query that took too long.
type slowQueryLogger struct {
	log       *slog.Logger
	threshold time.Duration
}

func (l slowQueryLogger) LogMode(logger.LogLevel) logger.Interface { return l }
func (l slowQueryLogger) Info(context.Context, string, ...any)     {}
func (l slowQueryLogger) Warn(context.Context, string, ...any)     {}
func (l slowQueryLogger) Error(context.Context, string, ...any)    {}

// ParamsFilter keeps parameter values (names, business numbers) out of the log.
func (l slowQueryLogger) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}

func (l slowQueryLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), _ error) {
	if elapsed := time.Since(begin); elapsed > l.threshold {
		sql, rows := fc()
		l.log.WarnContext(ctx, "slow query", "duration", elapsed, "rows", rows, "sql", sql)
	}
}

// notFound maps gorm's "no row" to the domain's ENOTFOUND, saying t.
func notFound(err error, t *models.Text) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return models.Refuse(models.ENOTFOUND, t)
	}
	return err
}

func isNoRows(err error) bool {
	return errors.Is(err, sql.ErrNoRows) || errors.Is(err, gorm.ErrRecordNotFound)
}
