package store

import (
	"fmt"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
)

// The demo contract history: DEMO DATA, made up so that the statistics reproduce the public
// figures of SPEC.md (docs/stats.md):
//   - by 2024-02: 1,149 contracts worth 445.4 bn KRW, 786 of them with SMEs;
//   - in 2025: 565 contracts worth 153.6 bn KRW: IaaS 277 / 57.1 bn, SaaS 216 / 10.6 bn,
//     support 58 / 30.4 bn, convergence 14 / 55.4 bn; public institutions 302 / 117.2 bn.
//
// SPEC's per-type amounts of 2025 add up to 153.5 bn, not 153.6: they are rounded, so each
// type here carries 25 m KRW more than its rounded figure (57.125 bn rounds to 57.1) and the
// four make exactly 153.6 bn. SPEC's "786 = 68.3 %" does not follow from 786 / 1,149
// (68.4 %); the history makes the SMEs' share of the amount 68.3 % (304.2 bn), so that both
// published numbers can be read in the statistics.

// historySource marks the demo rows; the statistics count them apart (demo_rows).
const historySource = "demo"

// historyCell is a group of contracts with fixed totals: n contracts dated from..to
// (Seoul, both included) worth amount in all. sme of them, worth smeAmount, are with SMEs.
// subtypes and kinds fix the mix when non-empty; otherwise the cell draws from the
// general mix.
type historyCell struct {
	from, to       models.Date
	n, sme         int
	amount, smeAmt int64
	subtypes       []models.Subtype
	kinds          []models.AgencyKind
}

func historyCells() []historyCell {
	all := func(y1, m1, d1, y2, m2, d2, n, sme int, amount, smeAmt int64) historyCell {
		return historyCell{from: seoulDay(y1, m1, d1), to: seoulDay(y2, m2, d2), n: n, sme: sme, amount: amount, smeAmt: smeAmt}
	}
	// 2025: a cell per published type and per buyer (public institutions or the others),
	// so that both breakdowns are exact; about three in five contracts go to SMEs.
	year25 := func(subs []models.Subtype, public bool, n int, amount int64) historyCell {
		kinds := []models.AgencyKind{models.AgencyNational, models.AgencyLocal, models.AgencyNational, models.AgencySchool}
		if public {
			kinds = []models.AgencyKind{models.AgencyPublic}
		}
		return historyCell{from: seoulDay(2025, 1, 2), to: seoulDay(2025, 12, 30), n: n, sme: n * 3 / 5,
			amount: amount, smeAmt: amount / 2, subtypes: subs, kinds: kinds}
	}
	iaas, saas := []models.Subtype{models.SubIaaS}, []models.Subtype{models.SubSaaS}
	support := []models.Subtype{models.SubConsulting, models.SubOperations, models.SubMigration}
	conv := []models.Subtype{models.SubConvergence}
	m := int64(1_000_000)
	return []historyCell{
		// To 2024-02: 1,149 contracts, 445.4 bn, 786 with SMEs worth 304.2 bn.
		all(2020, 10, 1, 2020, 12, 31, 20, 14, 5_400*m, 3_700*m),
		all(2021, 1, 4, 2021, 12, 30, 180, 123, 62_000*m, 42_300*m),
		all(2022, 1, 3, 2022, 12, 30, 330, 226, 128_000*m, 87_400*m),
		all(2023, 1, 2, 2023, 12, 29, 480, 328, 200_000*m, 136_600*m),
		all(2024, 1, 2, 2024, 2, 29, 139, 95, 50_000*m, 34_200*m),
		// The rest of 2024, unpublished: a plausible continuation.
		all(2024, 3, 4, 2024, 12, 30, 480, 336, 140_000*m, 90_000*m),
		// 2025: IaaS 277, SaaS 216, support 58, convergence 14; public institutions 302 / 117.2 bn.
		year25(iaas, true, 150, 42_000*m), year25(iaas, false, 127, 15_125*m),
		year25(saas, true, 100, 5_200*m), year25(saas, false, 116, 5_425*m),
		year25(support, true, 40, 24_000*m), year25(support, false, 18, 6_425*m),
		year25(conv, true, 12, 46_000*m), year25(conv, false, 2, 9_425*m),
		// The first half of 2026, unpublished.
		all(2026, 1, 2, 2026, 6, 30, 300, 210, 85_000*m, 55_000*m),
	}
}

// The general mix, in hundredths: what is bought and by whom.
var (
	historySubtypeMix = mix([]models.Subtype{models.SubIaaS, models.SubPaaS, models.SubSaaS, models.SubConsulting,
		models.SubOperations, models.SubMigration, models.SubConvergence}, []int{30, 8, 40, 6, 8, 4, 4})
	historyKindMix = mix([]models.AgencyKind{models.AgencyNational, models.AgencyPublic, models.AgencyLocal,
		models.AgencySchool}, []int{30, 40, 20, 10})
	// Larger deals per subtype: convergence projects dwarf a SaaS subscription.
	historyWeight = map[models.Subtype]int64{models.SubIaaS: 4, models.SubPaaS: 3, models.SubSaaS: 2,
		models.SubConsulting: 3, models.SubOperations: 4, models.SubMigration: 4, models.SubConvergence: 12}
)

func mix[T any](vals []T, weights []int) []T {
	var out []T
	for i, v := range vals {
		for range weights[i] {
			out = append(out, v)
		}
	}
	return out
}

// historyRow mirrors contract_history.
type historyRow struct {
	ID           string
	Method       string
	Type         string
	Subtype      string
	AgencyKind   string
	ProviderSize string
	AmountKRW    int64 `gorm:"column:amount_krw"`
	ContractedOn string
	LeadDays     *int
	Source       string
}

func (historyRow) TableName() string { return "contract_history" }

// seedHistory builds the demo history. Like the catalog, it spreads attributes by
// multiplying indexes with numbers coprime to the list lengths: no random source, so the
// rows never change between runs or Go versions.
func seedHistory() []historyRow {
	var rows []historyRow
	for _, c := range historyCells() {
		// The SMEs' contracts, then the others: each part has its own total.
		rows = append(rows, historyPart(c, 0, c.sme, c.smeAmt, true, len(rows))...)
		rows = append(rows, historyPart(c, c.sme, c.n-c.sme, c.amount-c.smeAmt, false, len(rows))...)
	}
	return rows
}

// historyPart makes n contracts of cell c worth amount, numbered from seq; first is the
// index in the cell of the first, so that dates spread over the cell's whole period.
func historyPart(c historyCell, first, n int, amount int64, sme bool, seq int) []historyRow {
	span := int(c.to.Sub(c.from.Time).Hours()/24) + 1
	rows := make([]historyRow, n)
	weights := make([]int64, n)
	var sum int64
	for i := range rows {
		k := first + i
		sub := historySubtypeMix[(seq+i)*37%len(historySubtypeMix)]
		if len(c.subtypes) > 0 {
			sub = c.subtypes[k%len(c.subtypes)]
		}
		kind := historyKindMix[(seq+i)*53%len(historyKindMix)]
		if len(c.kinds) > 0 {
			kind = c.kinds[k%len(c.kinds)]
		}
		size := models.SizeSME
		if !sme {
			size = []models.ProviderSize{models.SizeMidsize, models.SizeLarge}[k%2]
		}
		day := c.from.AddDate(0, 0, (k*span)/c.n)
		method, lead := models.MethodCatalog, 7+(k*5)%8 // one to two weeks to the delivery request
		if (k*7)%20 >= 11 {
			method, lead = models.MethodDirect, 2+(k*3)%12 // days to register the contract
		}
		rows[i] = historyRow{
			ID: fmt.Sprintf("DEMO-%05d", seq+i+1), Method: string(method), Type: string(sub.Type()),
			Subtype: string(sub), AgencyKind: string(kind), ProviderSize: string(size),
			ContractedOn: models.DateOf(day).String(), LeadDays: &lead, Source: historySource,
		}
		weights[i] = historyWeight[sub] * int64(3+(k*13)%7)
		sum += weights[i]
	}
	// Whole thousands of won in proportion to the weights; the last takes what rounding left.
	thousands, left := amount/1000, amount
	for i := range rows {
		if i == n-1 {
			rows[i].AmountKRW = left
			break
		}
		rows[i].AmountKRW = thousands * weights[i] / sum * 1000
		left -= rows[i].AmountKRW
	}
	return rows
}

// seedHistoryOnce loads the demo history unless it is there already, in the seed's
// transaction.
func seedHistoryOnce(tx *gorm.DB) error {
	var exists bool
	if err := tx.Raw(`SELECT EXISTS (SELECT 1 FROM contract_history WHERE source = ?)`, historySource).Scan(&exists).Error; err != nil {
		return err
	}
	if exists {
		return nil
	}
	if err := tx.CreateInBatches(seedHistory(), 500).Error; err != nil {
		return fmt.Errorf("seed contract history: %w", err)
	}
	return nil
}
