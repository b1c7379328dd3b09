package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// TestChangeRequests_CatalogVersion: an approved change of prices and features is applied
// to the catalog, kept in the history as JSON, and raises the version once however often
// (and however concurrently) the apply is retried.
func TestChangeRequests_CatalogVersion(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, models.Seoul)
	svc, err := s.GetService(ctx, "SVC-0001")
	if err != nil {
		t.Fatal(err)
	}
	if svc.Version != 1 || len(svc.Prices) == 0 {
		t.Fatalf("seeded service: %+v", svc)
	}
	apply := func(in models.ChangeFields) *models.ChangeRequest {
		t.Helper()
		cur, err := s.GetService(ctx, svc.ID)
		if err != nil {
			t.Fatal(err)
		}
		cr := approvedChange(t, s, cur, in, now)
		// A retried activity, twice at once and once after.
		var wg sync.WaitGroup
		errs := make(chan error, 3)
		for range 2 {
			wg.Go(func() { errs <- s.ApplyServiceChanges(ctx, cr, now) })
		}
		wg.Wait()
		errs <- s.ApplyServiceChanges(ctx, cr, now)
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		return cr
	}

	prices := []models.PriceLine{{Item: "가상서버 vCPU", Unit: "vCPU-month", UnitPriceKRW: 19_000, Conditions: "1년 약정"}}
	features := []string{"가용성 99.99% SLA", "GPU 서버 선택 가능"}
	apply(models.ChangeFields{Prices: &prices, Features: &features})
	after, err := s.GetService(ctx, svc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if after.Version != 2 || models.PricesJSON(after.Prices) != models.PricesJSON(prices) ||
		models.FeaturesJSON(after.Features) != models.FeaturesJSON(features) {
		t.Fatalf("after the change: version %d, %+v, %v", after.Version, after.Prices, after.Features)
	}
	hist, _, err := s.ListServiceChanges(ctx, svc.ID, 0, "")
	if err != nil || len(hist) != 2 {
		t.Fatalf("history %+v %v", hist, err)
	}
	for _, h := range hist {
		want := map[string][2]string{
			"prices":   {models.PricesJSON(svc.Prices), models.PricesJSON(prices)},
			"features": {models.FeaturesJSON(svc.Features), models.FeaturesJSON(features)},
		}[h.Field]
		if h.Old != want[0] || h.New != want[1] {
			t.Fatalf("history of %s: %q → %q", h.Field, h.Old, h.New)
		}
	}

	// Any applied change, not only the catalog's, is a new version.
	desc := "가상서버와 백업"
	apply(models.ChangeFields{Description: &desc})
	if after, err = s.GetService(ctx, svc.ID); err != nil || after.Version != 3 {
		t.Fatalf("version after a description change: %d %v", after.Version, err)
	}
	// Emptying the price list writes an empty array, never null.
	none := []models.PriceLine{}
	apply(models.ChangeFields{Prices: &none})
	var typ string
	if err := s.DB().Raw(`SELECT jsonb_typeof(prices) FROM services WHERE id = ?`, svc.ID).Scan(&typ).Error; err != nil || typ != "array" {
		t.Fatalf("prices column: %q %v", typ, err)
	}
	if after, err = s.GetService(ctx, svc.ID); err != nil || after.Version != 4 || after.Prices == nil || len(after.Prices) != 0 {
		t.Fatalf("after emptying: %+v %v", after, err)
	}

	// The features in English are a column of their own: the seed gave SVC-0001 its
	// features in both languages, item by item; a change replaces the English alone.
	if len(svc.FeaturesEn) != len(svc.Features) {
		t.Fatalf("seeded features %v, in English %v", svc.Features, svc.FeaturesEn)
	}
	en := []string{"99.99% availability SLA"}
	apply(models.ChangeFields{FeaturesEn: &en})
	if after, err = s.GetService(ctx, svc.ID); err != nil || after.Version != 5 || models.FeaturesJSON(after.FeaturesEn) != `["99.99% availability SLA"]` ||
		models.FeaturesJSON(after.Features) != models.FeaturesJSON(features) {
		t.Fatalf("after the English features: %+v %v", after, err)
	}
}
