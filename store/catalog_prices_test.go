package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// pricedWithin is the price filter written plainly: a line whose item holds f.PriceItem
// (ignoring case) at no more than f.MaxUnitPriceKRW.
func pricedWithin(f models.ServiceFilter, sv models.Service) bool {
	for _, l := range sv.Prices {
		if strings.Contains(strings.ToLower(l.Item), strings.ToLower(f.PriceItem)) &&
			(f.MaxUnitPriceKRW == nil || l.UnitPriceKRW <= *f.MaxUnitPriceKRW) {
			return true
		}
	}
	return false
}

// TestSearchServices_PriceCeiling compares searches with a price ceiling, alone and with q
// and the other filters, page by page, with a brute force over the whole catalog.
func TestSearchServices_PriceCeiling(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := seeded(t)
	if _, err := store.SeedSyntheticCatalog(ctx, s, 600, seedTime); err != nil {
		t.Fatal(err)
	}
	all := searchAll(t, s, models.ServiceFilter{PageSize: models.MaxPageSize})
	today := models.DateOf(seedTime)
	krw := func(n int64) *models.KRW { k := models.KRW(n); return &k }
	yes := true
	for _, f := range []models.ServiceFilter{
		{PriceItem: "vCPU", MaxUnitPriceKRW: krw(30_000)},
		{PriceItem: "vcpu", MaxUnitPriceKRW: krw(35_000), Q: "클라우드", PageSize: 7},
		{MaxUnitPriceKRW: krw(100)}, // any line
		{PriceItem: "고급 요금제", Subtype: models.SubSaaS, PageSize: 13},
		{PriceItem: "요금제", MaxUnitPriceKRW: krw(10_000), Q: "보안", SME: &yes, PageSize: 3},
		{PriceItem: "컨설팅", MaxUnitPriceKRW: krw(10_000_000), Type: models.TypeSupport, PageSize: 2},
	} {
		unfiltered := f
		unfiltered.PriceItem, unfiltered.MaxUnitPriceKRW = "", nil
		var want []string
		byID := map[string]models.Service{}
		for _, sv := range all {
			byID[sv.ID] = sv
		}
		for _, id := range wantIDs(unfiltered, all, today) {
			if pricedWithin(f, byID[id]) {
				want = append(want, id)
			}
		}
		var got []string
		for _, sv := range searchAll(t, s, f) {
			got = append(got, sv.ID)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%+v: got %d services, want %d; missing %v, extra %v", f, len(got), len(want),
				head(diff(want, got)), head(diff(got, want)))
		}
		if len(want) == 0 || len(want) == len(wantIDs(unfiltered, all, today)) {
			t.Errorf("%+v: %d of %d services; the filter proves nothing", f, len(want), len(wantIDs(unfiltered, all, today)))
		}
	}
}

// TestSeed_Catalogs: every demo and synthetic service has a plausible catalog (2 to 5 price
// lines in the units of its subtype, 3 to 5 features), valid by the API's own rules.
func TestSeed_Catalogs(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	s := seeded(t)
	if _, err := store.SeedSyntheticCatalog(ctx, s, 300, seedTime); err != nil {
		t.Fatal(err)
	}
	units := map[models.Subtype][]string{
		models.SubIaaS: {"vCPU-month", "GB-month", "GB"}, models.SubPaaS: {"instance-month"},
		models.SubSaaS: {"user-month", "license-year"}, models.SubConsulting: {"person-month", "project"},
		models.SubMigration: {"person-month", "project"}, models.SubOperations: {"server-month"},
		models.SubConvergence: {"1,000 API calls", "user-month"},
	}
	all := searchAll(t, s, models.ServiceFilter{PageSize: models.MaxPageSize})
	if len(all) < 700 {
		t.Fatalf("%d services", len(all))
	}
	for _, sv := range all {
		if len(sv.Prices) < 2 || len(sv.Prices) > 5 || len(sv.Features) < 3 || len(sv.Features) > 5 || sv.Version != 1 {
			t.Fatalf("%s: version %d, %d features, %d price lines", sv.ID, sv.Version, len(sv.Features), len(sv.Prices))
		}
		if _, err := models.ParseCatalog("", sv.Features, sv.Prices); err != nil {
			t.Fatalf("%s: catalog refused: %v", sv.ID, err)
		}
		found := false
		for _, l := range sv.Prices {
			found = found || slices.Contains(units[sv.Subtype], l.Unit)
			if l.UnitPriceKRW <= 0 {
				t.Fatalf("%s: %+v", sv.ID, l)
			}
		}
		if !found {
			t.Fatalf("%s (%s): no line in %v: %+v", sv.ID, sv.Subtype, units[sv.Subtype], sv.Prices)
		}
	}
	// Deterministic: a second store seeded alike holds the same catalogs.
	again := seeded(t)
	for _, id := range []string{"SVC-0001", "SVC-0200", "SVC-0425"} {
		a, err := s.GetService(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		b, err := again.GetService(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if models.PricesJSON(a.Prices) != models.PricesJSON(b.Prices) || models.FeaturesJSON(a.Features) != models.FeaturesJSON(b.Features) {
			t.Fatalf("%s differs between seedings", id)
		}
	}
}
