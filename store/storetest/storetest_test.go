package storetest_test

import (
	"context"
	"database/sql"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver

	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

func TestNew(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	var tables int
	err := s.DB().Raw(`SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'
		AND table_name IN ('providers', 'agencies', 'services', 'users', 'orders', 'contracts',
		'idempotency_keys', 'notifications')`).Scan(&tables).Error
	if err != nil || tables != 8 {
		t.Fatalf("%d of 8 tables, %v", tables, err)
	}
	var services int
	if err := s.DB().Raw(`SELECT count(*) FROM services`).Scan(&services).Error; err != nil || services != 0 {
		t.Fatalf("a new database holds %d services (%v); want an empty one", services, err)
	}
}

func TestNewDSN(t *testing.T) {
	t.Parallel()
	var dsn string
	t.Run("Use", func(t *testing.T) {
		dsn = storetest.NewDSN(t)
		// Migrating an up-to-date database changes nothing.
		if err := store.Migrate(context.Background(), dsn); err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.Ping(); err != nil {
			t.Fatal(err)
		}
	})
	// The subtest's cleanup has dropped the database.
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ping(); err == nil {
		t.Fatal("the test database outlived its test")
	}
}
