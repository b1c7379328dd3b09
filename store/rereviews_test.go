package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// TestClaimRereview: one case ref, one application ID, whether the claims come one after
// the other (a retried activity) or at once; another case ref draws another.
func TestClaimRereview(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, models.Seoul)
	claim := store.RereviewClaim{CaseRef: "service-SVC-0001/rereview-1", ServiceID: "SVC-0001",
		From: models.RereviewFromInspection, Ground: "credit rating CCC+"}

	ids := make([]string, 8)
	created := make([]bool, 8)
	var wg sync.WaitGroup
	for i := range ids {
		wg.Go(func() {
			var err error
			if ids[i], created[i], err = s.ClaimRereview(ctx, claim, now); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	n := 0
	for i, id := range ids {
		if id != ids[0] || id == "" {
			t.Fatalf("claims got %v", ids)
		}
		if created[i] {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d claims made the re-review, want 1", n)
	}
	again, made, err := s.ClaimRereview(ctx, claim, now)
	if err != nil || again != ids[0] || made {
		t.Fatalf("retry: %q %v %v", again, made, err)
	}
	other, made, err := s.ClaimRereview(ctx, store.RereviewClaim{CaseRef: "quality-SVC-0001-2026", ServiceID: "SVC-0001",
		From: models.RereviewFromQuality, Ground: "보안 취약"}, now)
	if err != nil || other == ids[0] || !made {
		t.Fatalf("another case ref: %q %v %v", other, made, err)
	}

	// The first outcome stays.
	if got, err := s.RereviewOutcome(ctx, ids[0]); err != nil || got != "" {
		t.Fatalf("open re-review: %q %v", got, err)
	}
	for _, o := range []string{models.RereviewConfirmed, models.RereviewUnfitRequested} {
		if err := s.SetRereviewOutcome(ctx, ids[0], o, now); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := s.RereviewOutcome(ctx, ids[0]); err != nil || got != models.RereviewConfirmed {
		t.Fatalf("outcome %q %v", got, err)
	}
	if _, err := s.RereviewOutcome(ctx, "APP-2026-999999"); models.ErrorCode(err) != models.ENOTFOUND {
		t.Fatalf("unknown re-review: %v", err)
	}
	if _, _, err := s.ClaimRereview(ctx, store.RereviewClaim{ServiceID: "SVC-0001"}, now); models.ErrorCode(err) != models.EINVALID {
		t.Fatalf("no case ref: %v", err)
	}
}
