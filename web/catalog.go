package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// The catalog's prices on the pages (docs/catalog.md): the price table of a service, the
// search's price ceiling, and the change request's features and price lines as text.

// Price is a unit price as a page shows it: 32,000원, or 32,000 KRW in English.
func (serviceView) Price(k models.KRW, lang string) string {
	if lang == "en" {
		return groupDigits(int64(k)) + " KRW"
	}
	return groupDigits(int64(k)) + "원"
}

// priceCeiling reads the search form's price filter as GET /api/v1/services does; the
// ceiling may be written as people write amounts, 30,000원.
func priceCeiling(c *gin.Context) (item, max string, f models.ServiceFilter, err error) {
	item = strings.TrimSpace(c.Query("price_item"))
	max = strings.TrimSpace(c.Query("max_unit_price_krw"))
	plain := strings.TrimSuffix(strings.NewReplacer(",", "", " ", "").Replace(max), "원")
	var fe models.Fields
	f.PriceItem, f.MaxUnitPriceKRW = models.ParsePriceCeiling(item, plain, &fe)
	return item, max, f, fe.Err()
}

// catalogChanges reads the change request form's features (one a line) and price lines
// (one a line: item | unit | unit price | conditions) into the request; a blank box is no
// change. A unit price is written as people write amounts (32,000원).
func catalogChanges(sent url.Values, in *models.ChangeRequestInput) error {
	var fe models.Fields
	if text := strings.TrimSpace(sent.Get("features")); text != "" {
		features := []string{}
		for _, l := range strings.Split(text, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				features = append(features, l)
			}
		}
		in.Changes.Features = &features
	}
	if text := strings.TrimSpace(sent.Get("prices")); text != "" {
		prices := []models.PriceLine{}
		for _, l := range strings.Split(text, "\n") {
			if l = strings.TrimSpace(l); l == "" {
				continue
			}
			parts := strings.Split(l, "|")
			if len(parts) < 3 || len(parts) > 4 {
				fe.Add("prices", "line %q must be: item | unit | unit price | conditions", l)
				continue
			}
			amount := strings.TrimSuffix(strings.NewReplacer(",", "", " ", "").Replace(parts[2]), "원")
			n, err := strconv.ParseInt(amount, 10, 64)
			if err != nil {
				fe.Add("prices", "line %q: the unit price must be a whole number of won", l)
				continue
			}
			p := models.PriceLine{Item: parts[0], Unit: parts[1], UnitPriceKRW: models.KRW(n)}
			if len(parts) == 4 {
				p.Conditions = parts[3]
			}
			prices = append(prices, p)
		}
		in.Changes.Prices = &prices
	}
	return fe.Err()
}
