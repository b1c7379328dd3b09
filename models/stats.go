package models

import (
	"fmt"
	"math"
	"strings"
)

// Stats is the body of GET /api/v1/stats: the catalog and the contracts of a period, for
// anyone. Contracts are those the system registered (catalog orders at their delivery
// request, direct contracts) together with the contract history kept beside them
// (contract_history: contracts made before the system, and the demo history).
type Stats struct {
	// From and To are the period, both days included, in Asia/Seoul: as asked, or the start
	// of the regime and today.
	From Date `json:"from"`
	To   Date `json:"to"`
	// DemoRows is how many of the counted contracts are demo data, not real contracts.
	DemoRows  int           `json:"demo_rows"`
	Services  ServiceStats  `json:"services"`
	Contracts ContractStats `json:"contracts"`
	LeadTime  LeadTimeStats `json:"lead_time"`
}

// ServiceStats counts the services selected in the period, whatever their status now: a
// service removed later was still selected.
type ServiceStats struct {
	Total    int `json:"total"`
	SMECount int `json:"sme_count"`
	// SMESharePct is SMECount of Total in percent, one decimal (0 when there is none).
	SMESharePct    float64       `json:"sme_share_pct"`
	ByType         []CountBucket `json:"by_type"`
	BySubtype      []CountBucket `json:"by_subtype"`
	ByProviderSize []CountBucket `json:"by_provider_size"`
}

// ContractStats counts the contracts dated in the period and sums their amounts.
type ContractStats struct {
	Count     int   `json:"count"`
	AmountKRW int64 `json:"amount_krw"`
	SMECount  int   `json:"sme_count"`
	// SMESharePct is the share of the count with SME providers, SMEAmountSharePct that of
	// the amount, both in percent with one decimal.
	SMESharePct       float64        `json:"sme_share_pct"`
	SMEAmountKRW      int64          `json:"sme_amount_krw"`
	SMEAmountSharePct float64        `json:"sme_amount_share_pct"`
	ByType            []AmountBucket `json:"by_type"`
	BySubtype         []AmountBucket `json:"by_subtype"`
	ByAgencyKind      []AmountBucket `json:"by_agency_kind"`
	ByProviderSize    []AmountBucket `json:"by_provider_size"`
	ByMethod          []AmountBucket `json:"by_method"`
	// ByYear is keyed by the Seoul year of the contract date, "2025".
	ByYear []AmountBucket `json:"by_year"`
}

// LeadTimeStats are medians in calendar days: for catalog contracts from the proposal
// request to the delivery request, for direct contracts from the contract date to its
// registration. A median is null when no contract of the period has one.
type LeadTimeStats struct {
	CatalogMedianDays *float64 `json:"catalog_median_days"`
	CatalogCount      int      `json:"catalog_count"`
	DirectMedianDays  *float64 `json:"direct_median_days"`
	DirectCount       int      `json:"direct_count"`
}

// CountBucket is one group of a count.
type CountBucket struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// AmountBucket is one group of contracts: how many and their amount.
type AmountBucket struct {
	Key       string `json:"key"`
	Count     int    `json:"count"`
	AmountKRW int64  `json:"amount_krw"`
}

// StatsPeriod is a validated period of GET /stats.
type StatsPeriod struct{ From, To Date }

// ParseStatsPeriod validates from and to (YYYY-MM-DD, both optional): an empty from is the
// start of the regime, an empty to is today (Seoul). Dates before the regime are refused,
// as everywhere a case's date is, and so is a period that ends before it begins.
func ParseStatsPeriod(from, to string, today Date) (StatsPeriod, error) {
	var fe Fields
	p := StatsPeriod{From: RegimeStart, To: today}
	if s := strings.TrimSpace(from); s != "" {
		if d, err := ParseRegimeDate(s); err != nil {
			fe.AddErr("from", err)
		} else {
			p.From = d
		}
	}
	if s := strings.TrimSpace(to); s != "" {
		if d, err := ParseRegimeDate(s); err != nil {
			fe.AddErr("to", err)
		} else {
			p.To = d
		}
	}
	if len(fe) == 0 && p.To.Before(p.From.Time) {
		fe.AddText("to", Msg("invalid.stats_to_before_from", "from", p.From.String()))
	}
	return p, fe.Err()
}

// SharePct is part of whole in percent, rounded half away from zero to one decimal; 0 for
// an empty whole.
func SharePct(part, whole int64) float64 {
	if whole <= 0 {
		return 0
	}
	return math.Round(float64(part)*1000/float64(whole)) / 10
}

// BillionKRW writes an amount in billions of won with one decimal, as the public figures
// do ("445.4").
func BillionKRW(amount int64) string {
	return fmt.Sprintf("%.1f", float64(amount)/1e9)
}
