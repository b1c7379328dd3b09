package store

import (
	"github.com/dsmarket/dsmarket/models"
)

// The catalogs of the demo and synthetic services (docs/catalog.md): key features and 2 to
// 5 price lines by subtype (seeddata/catalog.json), at unit prices in the ranges of the
// public catalog's sheets.
// Each is drawn from its own stream of synthRand keyed by the service's index, so a
// service's catalog never changes between runs, and adding catalogs left every other draw
// (names, providers, statuses) as it was.

// Streams of synthRand for catalogs; 1–3 draw the synthetic services and providers.
const (
	streamDemoCatalog      = 11
	streamSyntheticCatalog = 12
)

// seedCatalogOf is the catalog of service i of a subtype, drawn on stream.
func seedCatalogOf(sub models.Subtype, stream, i int) models.Catalog {
	r := newSynthRand(stream, i)
	sheet := seedPriceSheets[sub]
	lines := sheet.Lines
	n := 2 + r.intn(4) // 2 to 5 lines
	n = min(max(n, sheet.Always), len(lines))
	chosen := drawDistinct(r, len(lines), sheet.Always, n)
	prices := make([]models.PriceLine, 0, n)
	for _, k := range chosen {
		l := lines[k]
		steps := (l.hi - l.lo) / l.step
		price := l.lo + int64(r.intn(int(steps)+1))*l.step
		prices = append(prices, models.PriceLine{Item: l.item, Unit: l.unit, UnitPriceKRW: models.KRW(price),
			Conditions: l.conditions, ItemEn: l.itemEn, ConditionsEn: l.conditionsEn})
	}
	all := seedFeatures[sub]
	m := min(3+r.intn(3), len(all)) // 3 to 5 features
	cat := models.Catalog{Features: make([]string, 0, m), FeaturesEn: make([]string, 0, m), Prices: prices}
	for _, k := range drawDistinct(r, len(all), 0, m) {
		cat.Features = append(cat.Features, all[k])
		cat.FeaturesEn = append(cat.FeaturesEn, seedFeaturesEn[sub][k])
	}
	return cat
}

// drawDistinct is n indexes below total in ascending order: the first keep, and n-keep
// others drawn without repetition.
func drawDistinct(r *synthRand, total, keep, n int) []int {
	taken := make([]bool, total)
	for k := range keep {
		taken[k] = true
	}
	for got := keep; got < n; {
		if k := r.intn(total); !taken[k] {
			taken[k] = true
			got++
		}
	}
	var out []int
	for k, t := range taken {
		if t {
			out = append(out, k)
		}
	}
	return out
}
