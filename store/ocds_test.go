package store_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// feedAfter reads the whole feed after seq, a page of 50 at a time.
func feedAfter(t *testing.T, s *store.Store, after int64) []models.OCDSChange {
	t.Helper()
	var all []models.OCDSChange
	for {
		page, err := s.OCDSChanges(context.Background(), after, time.Time{}, 50)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			return all
		}
		all = append(all, page...)
		after = page[len(page)-1].Seq
	}
}

func lastSeq(t *testing.T, s *store.Store) int64 {
	t.Helper()
	var seq int64
	if err := s.DB().Raw(`SELECT coalesce(max(seq), 0) FROM ocds_feed`).Scan(&seq).Error; err != nil {
		t.Fatal(err)
	}
	return seq
}

// requireChanges checks the feed after seq holds exactly want, "process change" each, in
// order, and that every one of them builds its release.
func requireChanges(t *testing.T, s *store.Store, after int64, want ...string) int64 {
	t.Helper()
	var got []string
	p := models.OCDSPublisher{}.Or()
	changes := feedAfter(t, s, after)
	for _, c := range changes {
		got = append(got, c.Process+" "+c.Change)
		if _, err := p.Release(c); err != nil {
			t.Errorf("release of %s: %v", c.Snapshot, err)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("published after %d:\n got %q\nwant %q", after, got, want)
	}
	if len(changes) == 0 {
		return after
	}
	return changes[len(changes)-1].Seq
}

// TestOcdsFeed_PublishedChanges: every published change to the catalog and to contracts
// appends one row in its own transaction, and a write that publishes nothing (updated_at,
// a CSAP validity, a change merely announced) appends none.
func TestOcdsFeed_PublishedChanges(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	db := s.DB()
	exec := func(sql string, args ...any) {
		t.Helper()
		if err := db.Exec(sql, args...).Error; err != nil {
			t.Fatal(err)
		}
	}

	// The seed's selections, one framework each, in ID order.
	seeds := feedAfter(t, s, 0)
	var services int
	if err := db.Raw(`SELECT count(*) FROM services`).Scan(&services).Error; err != nil {
		t.Fatal(err)
	}
	if len(seeds) != services || seeds[0].Process != "SVC-0001" || seeds[0].Kind != "framework" || seeds[0].Change != "selected" {
		t.Fatalf("%d selections for %d services, first %+v", len(seeds), services, seeds[0])
	}
	seq := seeds[len(seeds)-1].Seq

	// Nothing published: bookkeeping columns.
	exec(`UPDATE services SET updated_at = now() WHERE id IN ('SVC-0001', 'SVC-0002')`)
	if err := s.SetServiceCSAPValidUntil(ctx, "SVC-0001", models.DateOf(seedTime.AddDate(3, 0, 0))); err != nil {
		t.Fatal(err)
	}
	seq = requireChanges(t, s, seq)

	// The catalog: a change applied, a suspension and its end, a removal and its notice.
	exec(`UPDATE services SET description = description || ' (개정)', version = version + 1 WHERE id = 'SVC-0001'`)
	for _, st := range []models.ServiceStatus{models.ServiceSuspended, models.ServiceRegistered, models.ServiceRemoved} {
		if err := s.SetServiceStatus(ctx, "SVC-0002", st); err != nil {
			t.Fatal(err)
		}
	}
	svc2, err := s.GetService(ctx, "SVC-0002")
	if err != nil {
		t.Fatal(err)
	}
	notice := models.NewUnfitNotice(svc2, models.InspectionFinding{At: seedTime, Outcome: models.InspectionUnfit, Reason: "폐업 (business closed)"})
	if err := s.SaveUnfitNotice(ctx, notice, seedTime); err != nil {
		t.Fatal(err)
	}
	seq = requireChanges(t, s, seq, "SVC-0001 changed", "SVC-0002 suspended", "SVC-0002 reinstated",
		"SVC-0002 removed", "SVC-0002 unfit_notice")

	// The key features in English alone publish too, and the release says them in English.
	exec(`UPDATE services SET features_en = '["Automatic snapshots"]' WHERE id = 'SVC-0001'`)
	english := feedAfter(t, s, seq)
	seq = requireChanges(t, s, seq, "SVC-0001 changed")
	rel, err := models.OCDSPublisher{}.Or().Release(english[0])
	if err != nil {
		t.Fatal(err)
	}
	if rel.Tender.DescriptionEn != "Key features: Automatic snapshots" || rel.Tender.TitleEn == "" || rel.Tender.Description == "" {
		t.Fatalf("the release of an English change: %+v", rel.Tender)
	}

	// Contracts: a catalog order's delivery request is its process; a direct contract is
	// published at registration, at a registered change of its terms and at its end, not at
	// a change announced without details.
	order := models.Contract{ID: models.ContractIDForOrder("ORD-2026-000001"), Method: models.MethodCatalog,
		OrderID: "ORD-2026-000001", ServiceID: "SVC-0001", AgencyOrg: "AG-0001", ProviderOrg: "PV-0001",
		Title: "민원포털 클라우드 전환", AmountKRW: 105_000_000, ContractedOn: models.DateOf(seedTime), CreatedAt: seedTime}
	if err := s.SaveContract(ctx, order); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveContract(ctx, order); err != nil { // a retried activity
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, models.Seoul)
	c := newDirectContract(t, s, "CT-2026-000001", "SVC-0001", agencyKim, now)
	if err := s.SaveDirectContract(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := c.RegisterChange(now.Add(time.Hour), agencyKim, models.ContractChangeInput{ChangedOn: "2026-11-01", Reason: "과업 추가 예정"}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDirectContract(ctx, c); err != nil {
		t.Fatal(err)
	}
	amount := int64(52_000_000)
	if err := c.RegisterChange(now.Add(2*time.Hour), agencyKim, models.ContractChangeInput{ChangedOn: "2026-11-01",
		Reason: "과업 추가", AmountKRW: &amount}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveDirectContract(ctx, c); err != nil {
		t.Fatal(err)
	}
	if ev := c.Advance(c.ClosesAt); !ev.Closed {
		t.Fatalf("not closed at %s", c.ClosesAt)
	}
	if err := s.SaveDirectContract(ctx, c); err != nil {
		t.Fatal(err)
	}
	requireChanges(t, s, seq, "ORD-2026-000001 contracted", "CT-2026-000001 contracted",
		"CT-2026-000001 amended", "CT-2026-000001 closed")

	// A record's changes are its process's, oldest first.
	record, err := s.OCDSProcessChanges(ctx, "CT-2026-000001")
	if err != nil || len(record) != 3 || record[0].Change != "contracted" || record[2].Change != "closed" {
		t.Fatalf("%+v %v", record, err)
	}
}

// TestOcdsFeed_CursorUnderConcurrentWrites: writers publish changes in transactions that
// stay open a while after their write, so that without the feed's lock a later sequence
// number would often commit first; a reader paging "after the last seq it saw" all the
// while must still collect every change exactly once, in increasing order.
func TestOcdsFeed_CursorUnderConcurrentWrites(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	start := lastSeq(t, s)
	const writers, updates = 8, 50

	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := fmt.Sprintf("SVC-%04d", w+1)
			for i := range updates {
				err := s.DB().WithContext(ctx).Transaction(func(tx *gorm.DB) error {
					if err := tx.Exec(`UPDATE services SET description = ? WHERE id = ?`, fmt.Sprintf("v%d", i), id).Error; err != nil {
						return err
					}
					return tx.Exec(`SELECT pg_sleep(random() * 0.004)`).Error
				})
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()

	var seen []int64
	after, finished := start, false
	for {
		page, err := s.OCDSChanges(ctx, after, time.Time{}, 7)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range page {
			if c.Seq <= after {
				t.Fatalf("seq %d after %d: repeated or out of order", c.Seq, after)
			}
			seen = append(seen, c.Seq)
			after = c.Seq
		}
		if len(page) > 0 {
			continue
		}
		if finished {
			break
		}
		select {
		case <-done:
			finished = true // one more read after the last commit
		default:
		}
	}
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	var all []int64
	if err := s.DB().Raw(`SELECT seq FROM ocds_feed WHERE seq > ? ORDER BY seq`, start).Scan(&all).Error; err != nil {
		t.Fatal(err)
	}
	if len(all) != writers*updates {
		t.Fatalf("%d changes published, want %d", len(all), writers*updates)
	}
	if !slices.Equal(seen, all) {
		missing := 0
		for _, seq := range all {
			if !slices.Contains(seen, seq) {
				missing++
			}
		}
		t.Fatalf("the reader saw %d changes, %d missing, of %d published", len(seen), missing, len(all))
	}
}

// TestOcdsFeed_Backfill: a database that already holds services and contracts when
// migration 00021 runs publishes each once, in its present state, and every release
// builds.
func TestOcdsFeed_Backfill(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	if err := s.SetServiceStatus(ctx, "SVC-0002", models.ServiceRemoved); err != nil {
		t.Fatal(err)
	}
	svc, err := s.GetService(ctx, "SVC-0002")
	if err != nil {
		t.Fatal(err)
	}
	notice := models.NewUnfitNotice(svc, models.InspectionFinding{At: seedTime, Outcome: models.InspectionUnfit, Reason: "폐업 (business closed)"})
	if err := s.SaveUnfitNotice(ctx, notice, seedTime); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, models.Seoul)
	if err := s.SaveDirectContract(ctx, newDirectContract(t, s, "CT-2026-000001", "SVC-0001", agencyKim, now)); err != nil {
		t.Fatal(err)
	}
	migration, err := os.ReadFile("migrations/00021_ocds_feed.sql")
	if err != nil {
		t.Fatal(err)
	}
	_, backfill, _ := strings.Cut(string(migration), "-- backfill begin\n")
	backfill, _, found := strings.Cut(backfill, "-- backfill end\n")
	if !found {
		t.Fatal("no backfill between the markers of migration 00021")
	}
	if err := s.DB().Exec(`DELETE FROM ocds_feed`).Error; err != nil {
		t.Fatal(err)
	}
	for _, stmt := range strings.Split(strings.TrimSpace(backfill), ";") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		if err := s.DB().Exec(stmt).Error; err != nil {
			t.Fatal(err)
		}
	}
	changes := feedAfter(t, s, 0)
	var services int
	if err := s.DB().Raw(`SELECT count(*) FROM services`).Scan(&services).Error; err != nil {
		t.Fatal(err)
	}
	if len(changes) != services+1 || changes[len(changes)-1].Process != "CT-2026-000001" {
		t.Fatalf("%d changes for %d services and a contract", len(changes), services)
	}
	p := models.OCDSPublisher{}.Or()
	removed, err := p.Release(changes[1])
	if err != nil || changes[1].Process != "SVC-0002" || removed.Awards[0].Status != "cancelled" ||
		!strings.Contains(removed.Awards[0].Description, "폐업") {
		t.Fatalf("%s: %+v %v", changes[1].Snapshot, removed.Awards, err)
	}
	if _, err := p.Release(changes[len(changes)-1]); err != nil {
		t.Fatal(err)
	}
}
