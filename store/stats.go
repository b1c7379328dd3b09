package store

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/dsmarket/dsmarket/models"
)

// statsContracts is every contract the statistics count, one row each: those the system
// registered (contracts: catalog orders at their delivery request, direct contracts) and
// the contract history (contract_history). A contract's day is its Seoul contract date;
// its lead time is, for a catalog order, the Seoul days from the proposal request to the
// delivery request and, for a direct contract, from the contract date to its registration.
// A buyer the registry does not know (a development token's org) is of kind "unknown".
const statsContracts = `
WITH c AS (
	SELECT ct.method, s.type, s.subtype, COALESCE(a.kind, 'unknown') AS agency_kind,
		COALESCE(p.size, 'unknown') AS provider_size, ct.amount_krw,
		COALESCE(ct.contracted_on, (ct.created_at AT TIME ZONE 'Asia/Seoul')::date) AS on_day,
		CASE WHEN ct.method = 'catalog'
			THEN ((o.doc->>'delivery_requested_at')::timestamptz AT TIME ZONE 'Asia/Seoul')::date
				- (o.requested_at AT TIME ZONE 'Asia/Seoul')::date
			ELSE (d.registered_at AT TIME ZONE 'Asia/Seoul')::date - d.contracted_on
		END AS lead_days,
		false AS demo
	FROM contracts ct
	JOIN services s ON s.id = ct.service_id
	LEFT JOIN agencies a ON a.org = ct.agency_org
	LEFT JOIN providers p ON p.org = ct.provider_org
	LEFT JOIN orders o ON o.id = ct.order_id
	LEFT JOIN direct_contracts d ON d.id = ct.id AND ct.method = 'direct'
	UNION ALL
	SELECT method, type, subtype, agency_kind, provider_size, amount_krw, contracted_on, lead_days,
		source = 'demo'
	FROM contract_history
)`

// The order of the groups: the domain's own, with every known key even when it counts
// none, so that a chart keeps its bars in place from one period to the next.
var (
	statsTypes    = []string{string(models.TypeCloud), string(models.TypeSupport), string(models.TypeConvergence)}
	statsSubtypes = []string{string(models.SubIaaS), string(models.SubPaaS), string(models.SubSaaS),
		string(models.SubConsulting), string(models.SubOperations), string(models.SubMigration), string(models.SubConvergence)}
	statsSizes   = []string{string(models.SizeSME), string(models.SizeMidsize), string(models.SizeLarge)}
	statsKinds   = []string{string(models.AgencyNational), string(models.AgencyPublic), string(models.AgencyLocal), string(models.AgencySchool)}
	statsMethods = []string{string(models.MethodCatalog), string(models.MethodDirect)}
)

type statsGroupRow struct {
	Dim       string
	Key       string
	Count     int
	AmountKRW int64 `gorm:"column:amount_krw"`
	Demo      int
}

// Stats aggregates the catalog and the contracts of period p (both days included).
// Services are those selected in the period, whatever their status now; contracts those
// dated in it.
func (s *Store) Stats(ctx context.Context, p models.StatsPeriod) (models.Stats, error) {
	from, to := p.From.String(), p.To.String()
	out := models.Stats{From: p.From, To: p.To}
	db := s.db.WithContext(ctx)

	var svc []statsGroupRow
	err := db.Raw(`
		SELECT CASE WHEN GROUPING(s.type) = 0 THEN 'type' WHEN GROUPING(s.subtype) = 0 THEN 'subtype'
				WHEN GROUPING(p.size) = 0 THEN 'provider_size' ELSE 'total' END AS dim,
			COALESCE(s.type, s.subtype, p.size, '') AS key, count(*) AS count
		FROM services s JOIN providers p ON p.org = s.provider_org
		WHERE s.selected_on BETWEEN ?::date AND ?::date
		GROUP BY GROUPING SETS ((), (s.type), (s.subtype), (p.size))`, from, to).Scan(&svc).Error
	if err != nil {
		return out, fmt.Errorf("stats of services: %w", err)
	}
	sg := groupsByDim(svc)
	out.Services = models.ServiceStats{
		Total:          sg.total().Count,
		ByType:         countBuckets(sg["type"], statsTypes),
		BySubtype:      countBuckets(sg["subtype"], statsSubtypes),
		ByProviderSize: countBuckets(sg["provider_size"], statsSizes),
	}
	out.Services.SMECount = sg.get("provider_size", string(models.SizeSME)).Count
	out.Services.SMESharePct = models.SharePct(int64(out.Services.SMECount), int64(out.Services.Total))

	var ct []statsGroupRow
	err = db.Raw(statsContracts+`
		SELECT CASE WHEN GROUPING(type) = 0 THEN 'type' WHEN GROUPING(subtype) = 0 THEN 'subtype'
				WHEN GROUPING(agency_kind) = 0 THEN 'agency_kind' WHEN GROUPING(provider_size) = 0 THEN 'provider_size'
				WHEN GROUPING(method) = 0 THEN 'method' WHEN GROUPING(year) = 0 THEN 'year' ELSE 'total' END AS dim,
			COALESCE(type, subtype, agency_kind, provider_size, method, year, '') AS key,
			count(*) AS count, COALESCE(sum(amount_krw), 0) AS amount_krw, count(*) FILTER (WHERE demo) AS demo
		FROM (SELECT *, extract(year FROM on_day)::int::text AS year FROM c WHERE on_day BETWEEN ?::date AND ?::date) f
		GROUP BY GROUPING SETS ((), (type), (subtype), (agency_kind), (provider_size), (method), (year))`,
		from, to).Scan(&ct).Error
	if err != nil {
		return out, fmt.Errorf("stats of contracts: %w", err)
	}
	cg := groupsByDim(ct)
	total := cg.total()
	sme := cg.get("provider_size", string(models.SizeSME))
	var years []string
	for y := p.From.Year(); y <= p.To.Year(); y++ {
		years = append(years, strconv.Itoa(y))
	}
	out.DemoRows = total.Demo
	out.Contracts = models.ContractStats{
		Count: total.Count, AmountKRW: total.AmountKRW, SMECount: sme.Count, SMEAmountKRW: sme.AmountKRW,
		SMESharePct:       models.SharePct(int64(sme.Count), int64(total.Count)),
		SMEAmountSharePct: models.SharePct(sme.AmountKRW, total.AmountKRW),
		ByType:            amountBuckets(cg["type"], statsTypes),
		BySubtype:         amountBuckets(cg["subtype"], statsSubtypes),
		ByAgencyKind:      amountBuckets(cg["agency_kind"], statsKinds),
		ByProviderSize:    amountBuckets(cg["provider_size"], statsSizes),
		ByMethod:          amountBuckets(cg["method"], statsMethods),
		ByYear:            amountBuckets(cg["year"], years),
	}

	var leads []struct {
		Method string
		Median float64
		N      int
	}
	err = db.Raw(statsContracts+`
		SELECT method, percentile_cont(0.5) WITHIN GROUP (ORDER BY lead_days) AS median, count(*) AS n
		FROM c WHERE on_day BETWEEN ?::date AND ?::date AND lead_days IS NOT NULL
		GROUP BY method`, from, to).Scan(&leads).Error
	if err != nil {
		return out, fmt.Errorf("stats of lead times: %w", err)
	}
	for _, l := range leads {
		m := math.Round(l.Median*10) / 10
		switch models.ContractMethod(l.Method) {
		case models.MethodCatalog:
			out.LeadTime.CatalogMedianDays, out.LeadTime.CatalogCount = &m, l.N
		case models.MethodDirect:
			out.LeadTime.DirectMedianDays, out.LeadTime.DirectCount = &m, l.N
		}
	}
	return out, nil
}

// statsGroups are the rows of a GROUPING SETS query by dimension, then key.
type statsGroups map[string]map[string]statsGroupRow

func groupsByDim(rows []statsGroupRow) statsGroups {
	g := statsGroups{}
	for _, r := range rows {
		if g[r.Dim] == nil {
			g[r.Dim] = map[string]statsGroupRow{}
		}
		g[r.Dim][r.Key] = r
	}
	return g
}

func (g statsGroups) get(dim, key string) statsGroupRow { return g[dim][key] }

func (g statsGroups) total() statsGroupRow { return g.get("total", "") }

// ordered lists the known keys in order, then any other key the data holds ("unknown").
func ordered(rows map[string]statsGroupRow, known []string) []string {
	keys := append([]string(nil), known...)
	seen := map[string]bool{}
	for _, k := range known {
		seen[k] = true
	}
	var extra []string
	for k := range rows {
		if !seen[k] {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	return append(keys, extra...)
}

func countBuckets(rows map[string]statsGroupRow, known []string) []models.CountBucket {
	keys := ordered(rows, known)
	out := make([]models.CountBucket, len(keys))
	for i, k := range keys {
		out[i] = models.CountBucket{Key: k, Count: rows[k].Count}
	}
	return out
}

func amountBuckets(rows map[string]statsGroupRow, known []string) []models.AmountBucket {
	keys := ordered(rows, known)
	out := make([]models.AmountBucket, len(keys))
	for i, k := range keys {
		out[i] = models.AmountBucket{Key: k, Count: rows[k].Count, AmountKRW: rows[k].AmountKRW}
	}
	return out
}
