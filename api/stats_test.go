package api_test

import (
	"encoding/json"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// exerciseStats is the statistics' part of TestOpenAPI_LiveResponses.
func exerciseStats(t *testing.T, call caller) {
	t.Helper()
	call("GET", "/api/v1/stats", "", nil, 200)
	call("GET", "/api/v1/stats?from=2025-01-01&to=2025-12-31", "", nil, 200)
	call("GET", "/api/v1/stats?from=2020-09-30", "", nil, 422)
	call("GET", "/api/v1/stats", "", nil, 401, "Authorization", "Bearer not-a-token")
}

// TestStats_Endpoint: without a token, the seeded demo history answers the public figures
// of SPEC.md; bad periods are a 422 naming the field.
func TestStats_Endpoint(t *testing.T) {
	h := newHarness(t)
	get := func(query string) models.Stats {
		t.Helper()
		r := h.do("GET", "/api/v1/stats"+query, "", nil)
		require.Equal(t, 200, r.status, r.String())
		var st models.Stats
		require.NoError(t, json.Unmarshal(r.body, &st))
		return st
	}

	by2402 := get("?to=2024-02-29")
	require.Equal(t, "2020-10-01", by2402.From.String())
	require.Equal(t, 425, by2402.Services.Total)
	require.Equal(t, 307, by2402.Services.SMECount)
	require.Equal(t, 72.2, by2402.Services.SMESharePct)
	require.Equal(t, 1149, by2402.Contracts.Count)
	require.Equal(t, int64(445_400_000_000), by2402.Contracts.AmountKRW)
	require.Equal(t, 786, by2402.Contracts.SMECount)
	require.Equal(t, 68.3, by2402.Contracts.SMEAmountSharePct)
	require.Equal(t, 1149, by2402.DemoRows)

	y25 := get("?from=2025-01-01&to=2025-12-31")
	require.Equal(t, 565, y25.Contracts.Count)
	require.Equal(t, int64(153_600_000_000), y25.Contracts.AmountKRW)
	figures := map[string][2]string{}
	for _, b := range append(y25.Contracts.BySubtype, y25.Contracts.ByType...) {
		figures[b.Key] = [2]string{strconv.Itoa(b.Count), models.BillionKRW(b.AmountKRW)}
	}
	require.Equal(t, [2]string{"277", "57.1"}, figures["iaas"])
	require.Equal(t, [2]string{"216", "10.6"}, figures["saas"])
	require.Equal(t, [2]string{"58", "30.4"}, figures["support"])
	require.Equal(t, [2]string{"14", "55.4"}, figures["convergence"])
	for _, b := range y25.Contracts.ByAgencyKind {
		if b.Key == "public_institution" {
			require.Equal(t, 302, b.Count)
			require.Equal(t, int64(117_200_000_000), b.AmountKRW)
		}
	}
	require.NotNil(t, y25.LeadTime.CatalogMedianDays)

	for query, field := range map[string]string{
		"?from=2020-09-30":               "from",
		"?to=2025-02-30":                 "to",
		"?from=2025-02-01&to=2025-01-31": "to",
		"?from=yesterday&to=2025-01-31":  "from",
		"?from=2025-01-01&to=3000-01-01": "to",
	} {
		p := h.do("GET", "/api/v1/stats"+query, "", nil).problem(t, 422)
		require.Len(t, p.Errors, 1, query)
		require.Equal(t, field, p.Errors[0].Field, query)
	}
}
