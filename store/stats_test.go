package store_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

// seededStats seeds a fresh database and returns a function asking its statistics.
func seededStats(t *testing.T) (*store.Store, func(from, to string) models.Stats) {
	t.Helper()
	s := storetest.New(t)
	ctx := context.Background()
	_, err := store.Seed(ctx, s, seedTime)
	require.NoError(t, err)
	return s, func(from, to string) models.Stats {
		t.Helper()
		p, err := models.ParseStatsPeriod(from, to, models.DateOf(seedTime))
		require.NoError(t, err)
		st, err := s.Stats(ctx, p)
		require.NoError(t, err)
		return st
	}
}

func bucket(t *testing.T, bs []models.AmountBucket, key string) models.AmountBucket {
	t.Helper()
	for _, b := range bs {
		if b.Key == key {
			return b
		}
	}
	t.Fatalf("no bucket %q in %v", key, bs)
	return models.AmountBucket{}
}

// TestStats_PublicFigures: on the demo seed the statistics are the public figures of
// SPEC.md, exactly.
func TestStats_PublicFigures(t *testing.T) {
	t.Parallel()
	_, stats := seededStats(t)

	// By 2024-01: 425 services, 349 cloud computing, 66 support, 10 convergence, 307 (72.2 %) SMEs.
	svc := stats("", "2024-01-31").Services
	require.Equal(t, 425, svc.Total)
	require.Equal(t, []models.CountBucket{{Key: "cloud", Count: 349}, {Key: "support", Count: 66}, {Key: "convergence", Count: 10}}, svc.ByType)
	require.Equal(t, 307, svc.SMECount)
	require.Equal(t, 72.2, svc.SMESharePct)

	// By 2024-02: 1,149 contracts worth 445.4 bn KRW, 786 with SMEs.
	by2402 := stats("", "2024-02-29")
	c := by2402.Contracts
	require.Equal(t, 1149, c.Count)
	require.Equal(t, int64(445_400_000_000), c.AmountKRW)
	require.Equal(t, 786, c.SMECount)
	require.Equal(t, 68.4, c.SMESharePct, "786 of 1,149")
	require.Equal(t, 68.3, c.SMEAmountSharePct, "SPEC's 68.3 %, as a share of the amount")
	require.Equal(t, 1149, by2402.DemoRows, "every row is demo history")

	// 2025: 565 contracts, 153.6 bn KRW, by type and by buyer.
	y25 := stats("2025-01-01", "2025-12-31").Contracts
	require.Equal(t, 565, y25.Count)
	require.Equal(t, int64(153_600_000_000), y25.AmountKRW)
	for _, want := range []struct {
		key string
		n   int
		bn  string
	}{{"iaas", 277, "57.1"}, {"saas", 216, "10.6"}, {"paas", 0, "0.0"}} {
		b := bucket(t, y25.BySubtype, want.key)
		require.Equal(t, want.n, b.Count, want.key)
		require.Equal(t, want.bn, models.BillionKRW(b.AmountKRW), want.key)
	}
	for _, want := range []struct {
		key string
		n   int
		bn  string
	}{{"support", 58, "30.4"}, {"convergence", 14, "55.4"}} {
		b := bucket(t, y25.ByType, want.key)
		require.Equal(t, want.n, b.Count, want.key)
		require.Equal(t, want.bn, models.BillionKRW(b.AmountKRW), want.key)
	}
	pub := bucket(t, y25.ByAgencyKind, "public_institution")
	require.Equal(t, 302, pub.Count)
	require.Equal(t, int64(117_200_000_000), pub.AmountKRW)
	require.Equal(t, []models.AmountBucket{{Key: "2025", Count: 565, AmountKRW: 153_600_000_000}}, y25.ByYear)
}

// TestStats_Period: the groups add up to the total, the years split the period, and the
// period filters both services and contracts.
func TestStats_Period(t *testing.T) {
	t.Parallel()
	_, stats := seededStats(t)
	all := stats("", "2026-12-31")
	c := all.Contracts
	for name, bs := range map[string][]models.AmountBucket{"type": c.ByType, "subtype": c.BySubtype,
		"agency_kind": c.ByAgencyKind, "provider_size": c.ByProviderSize, "method": c.ByMethod, "year": c.ByYear} {
		n, amount := 0, int64(0)
		for _, b := range bs {
			n, amount = n+b.Count, amount+b.AmountKRW
		}
		require.Equal(t, c.Count, n, name)
		require.Equal(t, c.AmountKRW, amount, name)
	}
	require.Len(t, c.ByYear, 7, "2020 to 2026")
	require.Equal(t, "2020", c.ByYear[0].Key)
	y2023 := bucket(t, c.ByYear, "2023")
	only := stats("2023-01-01", "2023-12-31").Contracts
	require.Equal(t, y2023.Count, only.Count)
	require.Equal(t, y2023.AmountKRW, only.AmountKRW)

	// Services selected in the first year only; none after the last committee of 2024-01.
	first := stats("2020-10-01", "2021-09-30").Services
	require.Greater(t, first.Total, 0)
	require.Less(t, first.Total, 425)
	require.Equal(t, 0, stats("2024-02-01", "2026-12-31").Services.Total)
	empty := stats("2020-10-01", "2020-10-01")
	require.Nil(t, empty.LeadTime.DirectMedianDays)
}

// TestStats_Median: the lead-time medians are those of the seeded rows, and a contract the
// system registered counts beside the history.
func TestStats_Median(t *testing.T) {
	t.Parallel()
	s, stats := seededStats(t)
	ctx := context.Background()
	var rows []struct {
		Method   string
		LeadDays int
	}
	require.NoError(t, s.DB().WithContext(ctx).Raw(`SELECT method, lead_days FROM contract_history
		WHERE contracted_on BETWEEN '2025-01-01' AND '2025-12-31'`).Scan(&rows).Error)
	by := map[string][]int{}
	for _, r := range rows {
		by[r.Method] = append(by[r.Method], r.LeadDays)
	}
	y25 := stats("2025-01-01", "2025-12-31")
	require.Equal(t, median(by["catalog"]), *y25.LeadTime.CatalogMedianDays)
	require.Equal(t, median(by["direct"]), *y25.LeadTime.DirectMedianDays)
	require.Equal(t, len(by["catalog"]), y25.LeadTime.CatalogCount)
	require.GreaterOrEqual(t, *y25.LeadTime.CatalogMedianDays, 7.0, "one to two weeks")
	require.LessOrEqual(t, *y25.LeadTime.CatalogMedianDays, 14.0, "one to two weeks")

	// A live catalog contract of an unregistered agency: counted, not demo, kind unknown.
	on := models.Date{Time: time.Date(2025, 6, 1, 0, 0, 0, 0, models.Seoul)}
	require.NoError(t, s.SaveContract(ctx, models.Contract{ID: "CT-ORD-2025-000001", Method: models.MethodCatalog,
		ServiceID: "SVC-0001", AgencyOrg: "AG-9999", ProviderOrg: "PV-0001", Title: "test", AmountKRW: 1_000_000,
		ContractedOn: on, CreatedAt: on.Time}))
	after := stats("2025-01-01", "2025-12-31")
	require.Equal(t, 566, after.Contracts.Count)
	require.Equal(t, 565, after.DemoRows)
	require.Equal(t, 1, bucket(t, after.Contracts.ByAgencyKind, "unknown").Count)
	require.Equal(t, int64(153_601_000_000), after.Contracts.AmountKRW)

	// Live lead times: an order requested on 2026-07-01 23:30 and delivered on 07-03 00:10
	// Seoul time took two days; a direct contract of 07-01 registered on 07-06, five.
	db := s.DB().WithContext(ctx)
	require.NoError(t, db.Exec(`INSERT INTO orders (id, workflow_id, status, title, service_id, agency_org, provider_org,
		budget_krw, proposal_due, requested_at, version, doc) VALUES ('ORD-2026-000001', 'order-1', 'delivery_requested', 't',
		'SVC-0001', 'AG-0001', 'PV-0001', 1000, '2026-07-10', '2026-07-01T23:30:00+09:00', 1,
		'{"delivery_requested_at": "2026-07-03T00:10:00+09:00"}')`).Error)
	require.NoError(t, s.SaveContract(ctx, models.Contract{ID: "CT-ORD-2026-000001", Method: models.MethodCatalog,
		OrderID: "ORD-2026-000001", ServiceID: "SVC-0001", AgencyOrg: "AG-0001", ProviderOrg: "PV-0001", Title: "t",
		AmountKRW: 1000, ContractedOn: models.Date{Time: time.Date(2026, 7, 3, 0, 0, 0, 0, models.Seoul)}, CreatedAt: time.Now()}))
	require.NoError(t, db.Exec(`INSERT INTO direct_contracts (id, workflow_id, status, service_id, agency_org, provider_org,
		title, amount_krw, contracted_on, period_from, period_to, registered_at, registration_due, late, closes_at, version, doc)
		VALUES ('DC-2026-000001', 'contract-1', 'registered', 'SVC-0001', 'AG-0001', 'PV-0001', 't', 2000, '2026-07-01',
		'2026-07-01', '2027-06-30', '2026-07-06T09:00:00+09:00', '2026-07-31', false, '2027-06-30T00:00:00+09:00', 1, '{}')`).Error)
	require.NoError(t, s.SaveContract(ctx, models.Contract{ID: "DC-2026-000001", Method: models.MethodDirect,
		ServiceID: "SVC-0001", AgencyOrg: "AG-0001", ProviderOrg: "PV-0001", Title: "t", AmountKRW: 2000,
		ContractedOn: models.Date{Time: time.Date(2026, 7, 1, 0, 0, 0, 0, models.Seoul)}, CreatedAt: time.Now()}))
	live := stats("2026-07-01", "2026-07-31")
	require.Equal(t, 2, live.Contracts.Count)
	require.Equal(t, 0, live.DemoRows)
	require.Equal(t, 2.0, *live.LeadTime.CatalogMedianDays)
	require.Equal(t, 5.0, *live.LeadTime.DirectMedianDays)
	for _, b := range live.Contracts.ByAgencyKind {
		require.NotEqual(t, "unknown", b.Key, "AG-0001 is in the registry")
	}
	require.Equal(t, 2, bucket(t, live.Contracts.ByProviderSize, "sme").Count, "PV-0001 is an SME")
}

func median(xs []int) float64 {
	s := append([]int(nil), xs...)
	sort.Ints(s)
	n := len(s)
	if n%2 == 1 {
		return float64(s[n/2])
	}
	return float64(s[n/2-1]+s[n/2]) / 2
}

// TestSeedHistory_Once: a second seed adds no history.
func TestSeedHistory_Once(t *testing.T) {
	t.Parallel()
	s, _ := seededStats(t)
	ctx := context.Background()
	count := func() int {
		var n int
		require.NoError(t, s.DB().WithContext(ctx).Raw(`SELECT count(*) FROM contract_history WHERE source = 'demo'`).Scan(&n).Error)
		return n
	}
	before := count()
	require.Greater(t, before, 1149+565)
	_, err := store.Seed(ctx, s, seedTime.Add(24*time.Hour))
	require.NoError(t, err)
	require.Equal(t, before, count())
}
