package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

func TestOpen(t *testing.T) {
	t.Parallel()
	t.Run("OK", func(t *testing.T) {
		s := storetest.New(t)
		if err := s.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrUnavailable", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, err := store.Open(ctx, "postgres://postgres@127.0.0.1:1/none?sslmode=disable")
		if models.ErrorCode(err) != models.EUNAVAILABLE {
			t.Fatalf("got %v, want unavailable", err)
		}
	})
}
