package store

import (
	"strings"

	"github.com/dsmarket/dsmarket/models"
)

// priceCeiling is the condition of the search's price filter (docs/catalog.md): the
// service has a price line whose item contains f.PriceItem, ignoring case, at a unit price
// of at most f.MaxUnitPriceKRW; "" without the filter. No index serves it: the price
// lists are short and read only for the services the other conditions leave, so the
// filter narrows a search rather than starting one.
func priceCeiling(f models.ServiceFilter, args *sqlArgs) string {
	if f.PriceItem == "" && f.MaxUnitPriceKRW == nil {
		return ""
	}
	var line []string
	if f.PriceItem != "" {
		line = append(line, "strpos(lower(l->>'item'), lower("+args.add(f.PriceItem)+")) > 0")
	}
	if f.MaxUnitPriceKRW != nil {
		line = append(line, "(l->>'unit_price_krw')::bigint <= "+args.add(int64(*f.MaxUnitPriceKRW)))
	}
	return "EXISTS (SELECT 1 FROM jsonb_array_elements(s.prices) AS l WHERE " + strings.Join(line, " AND ") + ")"
}
