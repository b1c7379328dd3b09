package store_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// A database that refuses connections is "try again", not an internal error: the API
// answers 503 on it.
func TestIsUnavailable_RefusedDatabase(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close() // nothing listens there now: connections are refused
	host, port, _ := net.SplitHostPort(addr)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err = store.Open(ctx, fmt.Sprintf("postgres://postgres@%s:%s/postgres?sslmode=disable&connect_timeout=2", host, port))
	if err == nil {
		t.Fatal("opened a database nobody serves")
	}
	if !store.IsUnavailable(err) {
		t.Fatalf("refused connection not classified as unavailable: %v", err)
	}
}

func TestIsUnavailable_Classification(t *testing.T) {
	cases := []struct {
		err  error
		want bool
	}{
		{nil, false},
		{errors.New("syntax error"), false},
		{&pgconn.PgError{Code: "23505"}, false}, // unique violation: the statement was refused
		{&pgconn.PgError{Code: "22P05"}, false}, // untranslatable character: bad input, not an outage
		{fmt.Errorf("save: %w", &pgconn.PgError{Code: "57P01"}), true},
		{fmt.Errorf("save: %w", &pgconn.PgError{Code: "08006"}), true},
		{&net.OpError{Op: "dial", Err: errors.New("connection refused")}, true},
		{models.Errorf(models.EUNAVAILABLE, "database unavailable"), true},
		{models.Errorf(models.ECONFLICT, "no"), false},
	}
	for _, c := range cases {
		if got := store.IsUnavailable(c.err); got != c.want {
			t.Errorf("IsUnavailable(%v) = %v, want %v", c.err, got, c.want)
		}
	}
}
