package models

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// A service's catalog (issue 14, item 0): its key features and its price lines, which an
// agency compares between services before a catalog contract (seed 002: 상품 기능, 특징,
// 가격 등을 설명한 카탈로그를 비교). The catalog changes only through the information-change
// process, and each applied change raises the service's version.

// PriceLine is one line of a service's price list: what is sold, per which unit, at what
// unit price, and under which conditions (a minimum term, a volume tier).
type PriceLine struct {
	Item         string `json:"item"`
	Unit         string `json:"unit"`
	UnitPriceKRW KRW    `json:"unit_price_krw"`
	Conditions   string `json:"conditions,omitempty"`
	// ItemEn and ConditionsEn are the line in English, for the English pages (optional: a
	// page shows the Korean where they are empty).
	ItemEn       string `json:"item_en,omitempty"`
	ConditionsEn string `json:"conditions_en,omitempty"`
}

// Bounds of a catalog. A catalog is read with every service in a list, so it stays small;
// the public catalog's price sheets rarely have more than a dozen lines.
const (
	MaxFeatures      = 10
	MaxFeatureLen    = 200
	MaxPriceLines    = 20
	MaxPriceItemLen  = 100
	MaxPriceUnitLen  = 40
	MaxConditionsLen = 300
	// MaxUnitPriceKRW is ten billion won: no unit of a catalog service costs more.
	MaxUnitPriceKRW KRW = 10_000_000_000
)

// PriceUnits are the units the demo catalog uses and the forms' hints name; the web pages
// write them in the page's language ("priceunit.*" in web/messages). Other units are
// accepted as free text (bounded): a catalog sheet names its own.
var PriceUnits = []string{"vCPU-month", "GB-month", "GB", "IP-month", "instance-month", "user-month", "license-year",
	"person-month", "project", "server-month", "1,000 API calls"}

// Catalog is a validated catalog: never nil slices, so that it is written as JSON arrays.
// FeaturesEn are the features in English (ParseFeatures), nil when there are none.
type Catalog struct {
	Features   []string
	FeaturesEn []string
	Prices     []PriceLine
}

// ParseCatalog validates features and price lines, trimmed. prefix is the path of the
// fields in the request ("changes.", "service."), so that a refusal names them as
// "changes.prices[0].unit_price_krw".
func ParseCatalog(prefix string, features []string, prices []PriceLine) (Catalog, error) {
	var fe Fields
	out := parseCatalog(prefix, features, prices, &fe)
	if err := fe.Err(); err != nil {
		return Catalog{}, err
	}
	return out, nil
}

// parseCatalog adds its refusals to fe, for the parsers of whole requests that report every
// field at once; the catalog it returns is meaningful only when it added none.
func parseCatalog(prefix string, features []string, prices []PriceLine, fe *Fields) Catalog {
	out := Catalog{Features: ParseFeatures(prefix+"features", features, fe), Prices: []PriceLine{}}
	if len(prices) > MaxPriceLines {
		fe.AddText(prefix+"prices", Msg("invalid.catalog_max_price_lines", "max", itoa(MaxPriceLines)))
	}
	seenLine := map[string]bool{}
	for i, p := range prices {
		at := func(field string) string { return fmt.Sprintf("%sprices[%d].%s", prefix, i, field) }
		p.Item, p.Unit, p.Conditions = strings.TrimSpace(p.Item), strings.TrimSpace(p.Unit), strings.TrimSpace(p.Conditions)
		p.ItemEn, p.ConditionsEn = strings.TrimSpace(p.ItemEn), strings.TrimSpace(p.ConditionsEn)
		bad := len(*fe)
		text := func(field, v string, required bool, max int) {
			switch {
			case required && v == "":
				fe.AddText(at(field), Msg("invalid.catalog_not_empty"))
			case len([]rune(v)) > max:
				fe.AddText(at(field), Msg("invalid.max_chars", "max", itoa(int64(max))))
			}
		}
		text("item", p.Item, true, MaxPriceItemLen)
		text("unit", p.Unit, true, MaxPriceUnitLen)
		text("conditions", p.Conditions, false, MaxConditionsLen)
		text("item_en", p.ItemEn, false, MaxPriceItemLen)
		text("conditions_en", p.ConditionsEn, false, MaxConditionsLen)
		if p.UnitPriceKRW < 0 || p.UnitPriceKRW > MaxUnitPriceKRW {
			fe.AddText(at("unit_price_krw"), Msg("invalid.catalog_unit_price_range", "min", "0", "max", itoa(int64(MaxUnitPriceKRW))))
		}
		// The same item may be sold per several units (per month, per year), not twice per one.
		key := strings.ToLower(p.Item) + "\x00" + strings.ToLower(p.Unit)
		if len(*fe) == bad && seenLine[key] {
			fe.AddText(at("item"), Msg("invalid.catalog_priced_twice_per_unit", "unit", p.Unit))
		}
		if len(*fe) == bad {
			seenLine[key] = true
			out.Prices = append(out.Prices, p)
		}
	}
	return out
}

// ParseFeatures validates a list of key features (features, or features_en in English),
// trimmed: at most MaxFeatures, each one non-empty, bounded and listed once; field names
// the list in a refusal ("service.features_en[2]"). The list is never nil.
func ParseFeatures(field string, features []string, fe *Fields) []string {
	out := []string{}
	if len(features) > MaxFeatures {
		fe.AddText(field, Msg("invalid.catalog_max_features", "max", itoa(MaxFeatures)))
	}
	seen := map[string]bool{}
	for i, f := range features {
		name := fmt.Sprintf("%s[%d]", field, i)
		f = strings.TrimSpace(f)
		switch {
		case f == "":
			fe.AddText(name, Msg("invalid.catalog_not_empty"))
		case len([]rune(f)) > MaxFeatureLen:
			fe.AddText(name, Msg("invalid.max_chars", "max", itoa(MaxFeatureLen)))
		case seen[f]:
			fe.AddText(name, Msg("invalid.catalog_listed_twice"))
		default:
			seen[f] = true
			out = append(out, f)
		}
	}
	return out
}

// FeaturesJSON is the text a change request and the service's history keep of a list of
// features: a JSON array, [] when empty.
func FeaturesJSON(features []string) string {
	if features == nil {
		features = []string{}
	}
	b, _ := json.Marshal(features) // a list of strings always marshals
	return string(b)
}

// PricesJSON is the text kept of a price list: a JSON array, [] when empty.
func PricesJSON(prices []PriceLine) string {
	if prices == nil {
		prices = []PriceLine{}
	}
	b, _ := json.Marshal(prices) // plain fields always marshal
	return string(b)
}

// ParsePriceCeiling reads the catalog search's price filter: price_item, text an item of a
// price line must contain (ignoring case), and max_unit_price_krw, the highest unit price
// such a line may have. Either may come alone: a ceiling without an item holds for any line.
func ParsePriceCeiling(item, max string, fe *Fields) (string, *KRW) {
	item = strings.TrimSpace(item)
	if len([]rune(item)) > MaxPriceItemLen {
		fe.AddText("price_item", Msg("invalid.max_chars", "max", itoa(MaxPriceItemLen)))
	}
	max = strings.TrimSpace(max)
	if max == "" {
		return item, nil
	}
	n, err := strconv.ParseInt(max, 10, 64)
	if err != nil || n < 0 {
		fe.AddText("max_unit_price_krw", Msg("invalid.catalog_max_unit_price_krw", "min", "0"))
		return item, nil
	}
	k := KRW(n)
	return item, &k
}
