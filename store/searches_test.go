package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// saveSearch freezes q and saves it as agency's, as the app does.
func saveSearch(t *testing.T, s *store.Store, q models.SearchQuery, by models.Actor) *models.Search {
	t.Helper()
	ctx := context.Background()
	results, err := s.FreezeSearchResults(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.NextSearchID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sr := models.NewSearch(id, "보안 검색", q, results, by, time.Now().Truncate(time.Microsecond), "")
	if ok, err := s.InsertSearch(ctx, sr); err != nil || !ok {
		t.Fatalf("InsertSearch = %v, %v", ok, err)
	}
	return sr
}

func TestSearches_FrozenAndRecomputable(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	q := models.SearchQuery{Q: "보안", Type: models.TypeCloud}
	sr := saveSearch(t, s, q, agencyKim)
	if sr.Count == 0 || sr.Count > models.MaxSearchResults || sr.ID != "SR-000001" {
		t.Fatalf("count %d id %s", sr.Count, sr.ID)
	}
	got, err := s.GetSearch(ctx, sr.ID)
	if err != nil {
		t.Fatal(err)
	}
	// A third party recomputes the hash from the stored results alone (docs/searches.md).
	var raw struct {
		Results json.RawMessage `json:"results"`
	}
	b, _ := json.Marshal(got)
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw.Results)
	if hex.EncodeToString(sum[:]) != got.SHA256 || got.SHA256 != sr.SHA256 {
		t.Fatalf("recomputed %x, stored %s", sum, got.SHA256)
	}
	for _, r := range got.Results {
		if r.Version < 1 || r.Provider.Org == "" {
			t.Fatalf("result %+v lacks its version or provider", r)
		}
	}
	// The results are frozen even against a direct UPDATE.
	if err := s.DB().Exec(`UPDATE searches SET results = '[]' WHERE id = ?`, sr.ID).Error; err == nil {
		t.Fatal("results were changed")
	}
	// The save is in the audit log.
	if err := s.SealAudit(ctx); err != nil {
		t.Fatal(err)
	}
	var n int64
	if err := s.DB().Raw(`SELECT count(*) FROM audit_log WHERE case_id = ? AND action = ?`, sr.ID,
		models.ActionSearchSaved).Scan(&n).Error; err != nil || n != 1 {
		t.Fatalf("audit rows %d %v", n, err)
	}
}

func TestSearches_TooManyResults(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	_, err := s.FreezeSearchResults(context.Background(), models.SearchQuery{})
	var e *models.Error
	if !errors.As(err, &e) || e.Code != models.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "q" {
		t.Fatalf("err = %v, want 422 on q", err)
	}
}

func TestSearches_DownloadsAndList(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	mine := saveSearch(t, s, models.SearchQuery{Q: "보안", Type: models.TypeCloud}, agencyKim)
	other := models.Actor{Sub: "choi.agency", Role: models.RoleAgency, Org: "AG-0002"}
	theirs := saveSearch(t, s, models.SearchQuery{Q: "보안", Type: models.TypeSupport}, other)
	if err := s.RecordSearchDownload(ctx, mine.ID, "csv", agencyKim, time.Now()); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetSearch(ctx, mine.ID)
	if err != nil || len(got.Downloads) != 1 || got.Downloads[0].Format != "csv" || got.Downloads[0].By != agencyKim.Sub {
		t.Fatalf("downloads %+v %v", got, err)
	}
	list, _, err := s.ListSearches(ctx, agencyKim.Org, 10, "")
	if err != nil || len(list) != 1 || list[0].ID != mine.ID {
		t.Fatalf("own list %+v %v", list, err)
	}
	all, next, err := s.ListSearches(ctx, "", 1, "")
	if err != nil || len(all) != 1 || all[0].ID != theirs.ID || next == "" {
		t.Fatalf("first page %+v %q %v", all, next, err)
	}
	if all, next, err = s.ListSearches(ctx, "", 1, next); err != nil || len(all) != 1 || all[0].ID != mine.ID || next != "" {
		t.Fatalf("second page %+v %q %v", all, next, err)
	}
}

// Concurrent outcomes apply one after the other: exactly one ends the search, the others
// find it final.
func TestSearches_ConcurrentOutcome(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	sr := saveSearch(t, s, models.SearchQuery{Q: "보안", Type: models.TypeCloud}, agencyKim)
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = s.UpdateSearch(ctx, sr.ID, func(cur *models.Search) error {
				if i%2 == 0 {
					return cur.Contract("CT-2026-00000"+string(rune('1'+i)), agencyKim, time.Now(), "")
				}
				return cur.Close(models.SearchCancelled, "취소", agencyKim, time.Now(), "")
			})
		}()
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
		} else if c := models.ErrorCode(err); c != models.ECONFLICT && c != models.EINVALID {
			t.Fatalf("unexpected error %v", err)
		}
	}
	got, err := s.GetSearch(ctx, sr.ID)
	if err != nil || won != 1 || got.Outcome == models.SearchOpen || len(got.Steps) != 2 {
		t.Fatalf("won %d, search %+v %v", won, got, err)
	}
	var logged int64
	if err := s.SealAudit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().Raw(`SELECT count(*) FROM audit_log WHERE case_id = ?`, sr.ID).Scan(&logged).Error; err != nil || logged != 2 {
		t.Fatalf("audit rows %d %v", logged, err)
	}
}

// TestSearches_KeyedChangeAppliesOnce: two requests with one key (a double click) reach
// the search together; the second waits for the first's row lock, then finds the key
// bound in the first's transaction and changes nothing. A refused change binds no key,
// and the same key for another search is refused.
func TestSearches_KeyedChangeAppliesOnce(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	sr := saveSearch(t, s, models.SearchQuery{Q: "보안", Type: models.TypeCloud}, agencyKim)
	claim := store.KeyClaim{Scope: "searches/outcome", Caller: "AG-0001/kim.agency", Key: "twice", RequestHash: "h1"}
	cancel := func(cur *models.Search) error {
		return cur.Close(models.SearchCancelled, "취소", agencyKim, time.Now(), "")
	}

	refused := errors.New("refused")
	if _, err := s.UpdateSearchOnce(ctx, sr.ID, claim, func(*models.Search) error { return refused }); !errors.Is(err, refused) {
		t.Fatalf("refused change = %v", err)
	}
	entered, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		_, err := s.UpdateSearchOnce(ctx, sr.ID, claim, func(cur *models.Search) error {
			close(entered)
			<-release
			return cancel(cur)
		})
		first <- err
	}()
	<-entered
	second := make(chan error, 1)
	applied := false
	go func() {
		_, err := s.UpdateSearchOnce(ctx, sr.ID, claim, func(cur *models.Search) error {
			applied = true
			return cancel(cur)
		})
		second <- err
	}()
	// The second request is in, waiting for the row the first holds.
	for waiting := 0; waiting == 0; time.Sleep(time.Millisecond) {
		if err := s.DB().Raw(`SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting).Error; err != nil {
			t.Fatal(err)
		}
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatalf("the key's second request: %v", err)
	}
	got, err := s.GetSearch(ctx, sr.ID)
	if err != nil || applied || got.Outcome != models.SearchCancelled || len(got.Steps) != 2 {
		t.Fatalf("applied again %v, search %+v %v", applied, got, err)
	}

	other := saveSearch(t, s, models.SearchQuery{Q: "보안", Type: models.TypeCloud}, agencyKim)
	claim.RequestHash = "h2"
	if _, err := s.UpdateSearchOnce(ctx, other.ID, claim, cancel); models.ErrorCode(err) != models.EIDEMPOTENCY {
		t.Fatalf("the key for another search = %v", err)
	}
}
