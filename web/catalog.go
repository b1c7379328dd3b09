package web

import (
	"net/url"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/models"
)

// The catalog page's search (docs/catalog.md); the catalog's text boxes are read in
// catalog_form.go.

// catalogSearchFields are the catalog search's parameters, those of GET /api/v1/services.
var catalogSearchFields = []string{"q", "type", "subtype", "sme", "csap", "price_item", "max_unit_price_krw"}

// catalogSearch reads the catalog page's search as GET /api/v1/services reads its query
// (api.ServiceFilterOf), and returns it as typed for the form, the next page and the
// search an agency saves; the ceiling may be written as people write amounts, 30,000원.
func catalogSearch(c *gin.Context) (sent url.Values, f models.ServiceFilter, err error) {
	sent = typed(c, catalogSearchFields)
	var fe models.Fields
	f = api.ServiceFilterOf(func(k string) string {
		if k == "max_unit_price_krw" {
			return plainWon(sent.Get(k))
		}
		return sent.Get(k)
	}, &fe)
	return sent, f, fe.Err()
}

// typed is what the query gives of fields, trimmed, without the empty ones: a filter as
// the visitor typed it, for the form to show again and the next page to carry.
func typed(c *gin.Context, fields []string) url.Values {
	sent := url.Values{}
	for _, k := range fields {
		if v := strings.TrimSpace(c.Query(k)); v != "" {
			sent.Set(k, v)
		}
	}
	return sent
}

// plainWon is an amount as people write it (30,000원) as the digits the API reads.
func plainWon(s string) string {
	return strings.TrimSuffix(strings.NewReplacer(",", "", " ", "").Replace(strings.TrimSpace(s)), "원")
}
