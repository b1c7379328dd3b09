package store_test

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"testing"
	"unicode"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

// syntheticRows reads every synthetic service with its provider, as one text per service,
// so that two catalogs can be compared whole.
func syntheticRows(t *testing.T, s *store.Store) []string {
	t.Helper()
	var rows []struct {
		ID, ProviderOrg, Name, NameEn, Description, DescriptionEn, Type, Subtype, Status string
		SelectedOn, CSAPValidUntil, ProviderName, ProviderNameEn, BusinessNo, Size       string
	}
	err := s.DB().Raw(`SELECT s.id, s.provider_org, s.name, s.name_en, s.description, s.description_en, s.type,
			s.subtype, s.status, s.selected_on::text, coalesce(s.csap_valid_until::text, '') AS csap_valid_until,
			p.name AS provider_name, p.name_en AS provider_name_en, p.business_no, p.size
		FROM services s JOIN providers p ON p.org = s.provider_org
		WHERE s.id LIKE 'SVC-S%' ORDER BY s.id`).Scan(&rows).Error
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprintf("%+v", r)
	}
	return out
}

func TestSeedSyntheticCatalog(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const n = 3000
	s := storetest.New(t)
	first, err := store.SeedSyntheticCatalog(ctx, s, n, seedTime)
	if err != nil {
		t.Fatal(err)
	}
	if first.Services != n || first.Total != n || first.Providers < n/3 {
		t.Fatalf("first run %+v, want %d services from at least %d providers", first, n, n/3)
	}

	t.Run("OK_SecondRunAddsNothing", func(t *testing.T) {
		again, err := store.SeedSyntheticCatalog(ctx, s, n, seedTime)
		if err != nil || again.Services != 0 || again.Providers != 0 || again.Total != n {
			t.Fatalf("second run %+v, %v; want nothing added", again, err)
		}
	})

	t.Run("OK_DeterministicAndGrowsByPrefix", func(t *testing.T) {
		// Another database, seeded in two steps and beside the demo catalog, holds the
		// same synthetic rows.
		other := storetest.New(t)
		if _, err := store.Seed(ctx, other, seedTime); err != nil {
			t.Fatal(err)
		}
		for _, step := range []int{425, n} {
			if _, err := store.SeedSyntheticCatalog(ctx, other, step, seedTime); err != nil {
				t.Fatal(err)
			}
		}
		a, b := syntheticRows(t, s), syntheticRows(t, other)
		if len(a) != n || len(b) != n {
			t.Fatalf("%d and %d synthetic services, want %d", len(a), len(b), n)
		}
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("service %d differs:\n%s\n%s", i+1, a[i], b[i])
			}
		}
	})

	t.Run("OK_Proportions", func(t *testing.T) {
		all := searchAll(t, s, models.ServiceFilter{PageSize: models.MaxPageSize})
		subtypes, providers := map[models.Subtype]int{}, map[string]int{}
		var sme, hangulName, latinOnlyName, nameEn, descEn int
		hangul := regexp.MustCompile(`\p{Hangul}`)
		for _, sv := range all {
			subtypes[sv.Subtype]++
			providers[sv.Provider.Org]++
			if sv.Provider.Size == models.SizeSME {
				sme++
			}
			if hangul.MatchString(sv.Name) {
				hangulName++
			} else {
				latinOnlyName++
			}
			if sv.NameEn != "" {
				nameEn++
			}
			if sv.DescriptionEn != "" {
				descEn++
			}
			if !hangul.MatchString(sv.Description) || !unicode.IsUpper([]rune(sv.Provider.NameEn)[0]) {
				t.Fatalf("service %s: Korean description and a romanized provider name expected: %+v", sv.ID, sv)
			}
		}
		listed := float64(len(all))
		// SPEC.md's 2024 catalog: 92/57/200 cloud, 20/30/16 support, 10 convergence of 425.
		for sub, want := range map[models.Subtype]int{models.SubIaaS: 92, models.SubPaaS: 57, models.SubSaaS: 200,
			models.SubConsulting: 20, models.SubOperations: 30, models.SubMigration: 16, models.SubConvergence: 10} {
			if got, share := float64(subtypes[sub])/listed, float64(want)/425; math.Abs(got-share) > 0.01 {
				t.Errorf("%s: %.3f of the services, want %.3f", sub, got, share)
			}
		}
		if got := float64(sme) / listed; got < 0.65 || got > 0.80 {
			t.Errorf("SME share %.3f, want about the 72 %% of SPEC.md", got)
		}
		most := 0
		for _, k := range providers {
			most = max(most, k)
		}
		if len(providers) < n/3 || most > 20 {
			t.Errorf("%d providers, the largest with %d services: want many, none dominant", len(providers), most)
		}
		for what, got := range map[string][2]float64{
			"Korean names": {float64(hangulName) / listed, 0.88}, "English-only names": {float64(latinOnlyName) / listed, 0.12},
			"English names": {float64(nameEn) / listed, 0.80}, "English descriptions": {float64(descEn) / listed, 0.60},
		} {
			if math.Abs(got[0]-got[1]) > 0.05 {
				t.Errorf("%s: %.3f of the services, want about %.2f", what, got[0], got[1])
			}
		}
	})

	t.Run("ErrTooMany", func(t *testing.T) {
		if _, err := store.SeedSyntheticCatalog(ctx, s, store.MaxSyntheticServices+1, seedTime); err == nil {
			t.Fatal("no error for more than the maximum")
		}
	})
}
