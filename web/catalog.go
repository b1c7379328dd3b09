package web

import (
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// The search's price ceiling (docs/catalog.md); the catalog's text boxes are read in
// catalog_form.go.

// priceCeiling reads the search form's price filter as GET /api/v1/services does; the
// ceiling may be written as people write amounts, 30,000원.
func priceCeiling(c *gin.Context) (item, max string, f models.ServiceFilter, err error) {
	item = strings.TrimSpace(c.Query("price_item"))
	max = strings.TrimSpace(c.Query("max_unit_price_krw"))
	var fe models.Fields
	f.PriceItem, f.MaxUnitPriceKRW = models.ParsePriceCeiling(item, plainWon(max), &fe)
	return item, max, f, fe.Err()
}

// plainWon is an amount as people write it (30,000원) as the digits the API reads.
func plainWon(s string) string {
	return strings.TrimSuffix(strings.NewReplacer(",", "", " ", "").Replace(strings.TrimSpace(s)), "원")
}
