package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestCatalogPrices: a service shows its version and catalog, and the search keeps the
// services with a price line under a ceiling.
func TestCatalogPrices(t *testing.T) {
	h := newHarness(t)
	var svc models.Service
	r := h.do("GET", "/api/v1/services/SVC-0001", "", nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.NoError(t, decodeChangeJSON(r.body, &svc))
	require.GreaterOrEqual(t, svc.Version, 1)
	require.NotEmpty(t, svc.Features)
	require.NotEmpty(t, svc.Prices)
	for _, l := range svc.Prices {
		require.NotEmpty(t, l.Item)
		require.NotEmpty(t, l.Unit)
	}

	var page struct{ Items []models.Service }
	q := "/api/v1/services?page_size=500&q=" + url.QueryEscape("클라우드") + "&price_item=vcpu&max_unit_price_krw=30000"
	r = h.do("GET", q, "", nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.NoError(t, decodeChangeJSON(r.body, &page))
	require.NotEmpty(t, page.Items)
	for _, s := range page.Items {
		ok := false
		for _, l := range s.Prices {
			ok = ok || strings.Contains(strings.ToLower(l.Item), "vcpu") && l.UnitPriceKRW <= 30000
		}
		require.True(t, ok, "%s: %+v", s.ID, s.Prices)
	}
	for _, bad := range []string{"max_unit_price_krw=-1", "max_unit_price_krw=1.5", "max_unit_price_krw=abc",
		"price_item=" + strings.Repeat("x", 101)} {
		p := h.do("GET", "/api/v1/services?"+bad, "", nil).problem(t, http.StatusUnprocessableEntity)
		require.Equal(t, strings.Split(bad, "=")[0], p.Errors[0].Field)
	}
}

// TestChangeRequests_CatalogPrices: a provider changes its price list and features through
// the information-change process; once approved and applied, the service shows them at
// the next version, and the history keeps both lists as JSON.
func TestChangeRequests_CatalogPrices(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService("")
	path := "/api/v1/services/" + svc + "/change-requests"
	var before models.Service
	require.NoError(t, decodeChangeJSON(h.do("GET", "/api/v1/services/"+svc, "", nil).body, &before))
	require.Equal(t, 1, before.Version)

	p := h.do("POST", path, h.provider(), changeBody(map[string]any{
		"prices": []map[string]any{{"item": "가상서버", "unit": "vCPU-month", "unit_price_krw": -1}}})).
		problem(t, http.StatusUnprocessableEntity)
	require.Equal(t, "changes.prices[0].unit_price_krw", p.Errors[0].Field)
	h.do("POST", path, h.provider(), changeBody(map[string]any{
		"prices": []map[string]any{{"item": "가상서버", "unit": "vCPU-month", "unit_price_krw": 1.5}}})).
		problem(t, http.StatusUnprocessableEntity)

	prices := []map[string]any{
		{"item": "가상서버 vCPU", "unit": "vCPU-month", "unit_price_krw": 21000, "conditions": "1년 약정"},
		{"item": "인터넷 송신 트래픽", "unit": "GB", "unit_price_krw": 0},
	}
	created := h.newChange(svc, map[string]any{"prices": prices, "features": []string{"가용성 99.99% SLA"}})
	require.Equal(t, "approval", created["path"])
	id := created["id"].(string)
	r := h.do("POST", "/api/v1/change-requests/"+id+"/decision", h.operator(), map[string]any{"approve": true})
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, "approved", h.awaitChange(id)["status"])

	var after models.Service
	require.NoError(t, decodeChangeJSON(h.do("GET", "/api/v1/services/"+svc, "", nil).body, &after))
	require.Equal(t, 2, after.Version)
	require.Equal(t, []string{"가용성 99.99% SLA"}, after.Features)
	require.Equal(t, []models.PriceLine{
		{Item: "가상서버 vCPU", Unit: "vCPU-month", UnitPriceKRW: 21000, Conditions: "1년 약정"},
		{Item: "인터넷 송신 트래픽", Unit: "GB", UnitPriceKRW: 0},
	}, after.Prices)
	var ch struct{ Items []models.ServiceChange }
	require.NoError(t, decodeChangeJSON(h.do("GET", "/api/v1/services/"+svc+"/changes", "", nil).body, &ch))
	require.Len(t, ch.Items, 2)
	for _, c := range ch.Items {
		if c.Field == "prices" {
			require.Equal(t, models.PricesJSON(before.Prices), c.Old)
			require.Equal(t, models.PricesJSON(after.Prices), c.New)
		}
	}
}
