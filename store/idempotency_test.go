package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store/storetest"
)

func TestClaimIdempotencyKey(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ctx := context.Background()
	var calls atomic.Int64
	newID := func(context.Context) (string, error) {
		return fmt.Sprintf("ID-%d", calls.Add(1)), nil
	}

	t.Run("OK_FirstThenRepeat", func(t *testing.T) {
		id, created, err := s.ClaimIdempotencyKey(ctx, "orders", "kim.agency", "k1", "h1", newID)
		if err != nil || !created || id == "" {
			t.Fatalf("first claim = %q %v %v", id, created, err)
		}
		before := calls.Load()
		again, created, err := s.ClaimIdempotencyKey(ctx, "orders", "kim.agency", "k1", "h1", newID)
		if err != nil || created || again != id {
			t.Fatalf("repeat = %q %v %v; want %q, false", again, created, err, id)
		}
		if calls.Load() != before {
			t.Fatal("repeat called newID")
		}
	})
	t.Run("ErrDifferentRequest", func(t *testing.T) {
		_, _, err := s.ClaimIdempotencyKey(ctx, "orders", "kim.agency", "k1", "h2", newID)
		var e *models.Error
		if !errors.As(err, &e) || e.Code != models.EIDEMPOTENCY ||
			e.Message != "Idempotency-Key was already used with a different request" {
			t.Fatalf("got %v, want EIDEMPOTENCY", err)
		}
	})
	t.Run("OK_KeysAreScopedByCallerAndScope", func(t *testing.T) {
		a, _, _ := s.ClaimIdempotencyKey(ctx, "orders", "choi.agency", "k1", "h1", newID)
		b, _, _ := s.ClaimIdempotencyKey(ctx, "contracts", "kim.agency", "k1", "h1", newID)
		first, _, _ := s.ClaimIdempotencyKey(ctx, "orders", "kim.agency", "k1", "h1", newID)
		if a == first || b == first || a == b {
			t.Fatalf("keys leak across callers or scopes: %s %s %s", a, b, first)
		}
	})
	t.Run("ErrNewIDFails", func(t *testing.T) {
		boom := errors.New("boom")
		_, _, err := s.ClaimIdempotencyKey(ctx, "orders", "kim.agency", "k-fail", "h", func(context.Context) (string, error) {
			return "", boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("got %v, want boom", err)
		}
		// Nothing was stored: the client's retry creates the thing.
		_, created, err := s.ClaimIdempotencyKey(ctx, "orders", "kim.agency", "k-fail", "h", newID)
		if err != nil || !created {
			t.Fatalf("retry after failure = %v %v", created, err)
		}
	})
	t.Run("OK_Concurrent", func(t *testing.T) {
		const n = 10
		var wg sync.WaitGroup
		ids := make([]string, n)
		created := make([]bool, n)
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				ids[i], created[i], errs[i] = s.ClaimIdempotencyKey(ctx, "orders", "kim.agency", "k-race", "h", newID)
			})
		}
		close(start)
		wg.Wait()
		var nCreated int
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("goroutine %d: %v", i, errs[i])
			}
			if ids[i] != ids[0] {
				t.Fatalf("goroutine %d got %s, goroutine 0 got %s", i, ids[i], ids[0])
			}
			if created[i] {
				nCreated++
			}
		}
		if nCreated != 1 {
			t.Fatalf("%d goroutines created, want exactly 1", nCreated)
		}
		var rows int64
		s.DB().Table("idempotency_keys").Where("key = ?", "k-race").Count(&rows)
		if rows != 1 {
			t.Fatalf("%d rows for the key, want 1", rows)
		}
	})
	t.Run("OK_Purge", func(t *testing.T) {
		if n, err := s.PurgeIdempotencyKeys(ctx, time.Now().Add(-24*time.Hour)); err != nil || n != 0 {
			t.Fatalf("purging day-old keys removed %d, %v; want 0", n, err)
		}
		if n, err := s.PurgeIdempotencyKeys(ctx, time.Now().Add(time.Minute)); err != nil || n == 0 {
			t.Fatalf("purging everything removed %d, %v", n, err)
		}
	})
}
