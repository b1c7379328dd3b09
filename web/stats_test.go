package web

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// fxStats is a small period: a year of demo history and one live contract of an agency the
// registry does not know.
func fxStats() models.Stats {
	median := 10.5
	return models.Stats{From: date("2025-01-01"), To: date("2026-12-31"), DemoRows: 565,
		Services: models.ServiceStats{Total: 425, SMECount: 307, SMESharePct: 72.2,
			ByType:         []models.CountBucket{{Key: "cloud", Count: 349}, {Key: "support", Count: 66}, {Key: "convergence", Count: 10}},
			BySubtype:      []models.CountBucket{{Key: "iaas", Count: 92}, {Key: "saas", Count: 200}, {Key: "convergence", Count: 10}},
			ByProviderSize: []models.CountBucket{{Key: "sme", Count: 307}, {Key: "midsize", Count: 70}, {Key: "large", Count: 48}}},
		Contracts: models.ContractStats{Count: 566, AmountKRW: 153_601_000_000, SMECount: 339, SMESharePct: 59.9,
			SMEAmountKRW: 76_801_000_000, SMEAmountSharePct: 50,
			ByType: []models.AmountBucket{{Key: "cloud", Count: 494, AmountKRW: 67_751_000_000},
				{Key: "support", Count: 58, AmountKRW: 30_425_000_000}, {Key: "convergence", Count: 14, AmountKRW: 55_425_000_000}},
			BySubtype: []models.AmountBucket{{Key: "iaas", Count: 278, AmountKRW: 57_126_000_000}, {Key: "saas", Count: 216, AmountKRW: 10_625_000_000}},
			ByAgencyKind: []models.AmountBucket{{Key: "public_institution", Count: 302, AmountKRW: 117_200_000_000},
				{Key: "national", Count: 263, AmountKRW: 36_400_000_000}, {Key: "unknown", Count: 1, AmountKRW: 1_000_000}},
			ByProviderSize: []models.AmountBucket{{Key: "sme", Count: 339, AmountKRW: 76_801_000_000}, {Key: "large", Count: 227, AmountKRW: 76_800_000_000}},
			ByMethod:       []models.AmountBucket{{Key: "catalog", Count: 311, AmountKRW: 90_000_000_000}, {Key: "direct", Count: 255, AmountKRW: 63_601_000_000}},
			ByYear:         []models.AmountBucket{{Key: "2025", Count: 565, AmountKRW: 153_600_000_000}, {Key: "2026", Count: 1, AmountKRW: 1_000_000}}},
		LeadTime: models.LeadTimeStats{CatalogMedianDays: &median, CatalogCount: 311, DirectCount: 0},
	}
}

func statsGoldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name string, p page, check func(*testing.T, string, *html.Node)) {
		cs = append(cs, goldenCase{name: name, tmpl: "stats", p: p, check: check})
	}

	p := fxPage(langKO, nil, "h.stats", "/ui/stats?from=2025-01-01&to=2026-12-31")
	p.Form = fxForm(url.Values{"from": {"2025-01-01"}, "to": {"2026-12-31"}})
	v := newStatsView(p, fxStats())
	headAt := at(10, 9, 30)
	v.Head = &store.AuditHead{Seq: 1342, Hash: "9f2c" + strings.Repeat("0", 60), At: &headAt}
	p.Data = v
	add("stats_public", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<dd data-figure="audit-seq">1342</dd>`, `<code data-figure="audit-hash">9f2c0000`, `<a href="/api/v1/audit/head">`)
		mustContain(t, body, `<form method="get" action="/ui/stats"`, `value="2025-01-01"`, `id="stats-demo"`,
			`집계된 계약 중 565건은 시연용 데모 데이터입니다`, `aria-label="연도별 계약 금액"`,
			`<polyline class="line"`, `>1,536억 원</text>`, `<th scope="row">공공기관</th><td class="num">302</td><td>117,200,000,000원</td>`,
			`<th scope="row">미등록 기관</th>`, `10.5일 <span class="muted">(311건 기준)</span>`, `<a href="/ui/stats">통계</a>`)
		if n := len(find(doc, "svg")); n != 8 {
			t.Errorf("%d charts, want 8", n)
		}
		if n := len(find(doc, "table")); n != 8 {
			t.Errorf("%d tables, want one for each chart", n)
		}
	})

	p = fxPage(langEN, fxAuditor, "h.stats", "/ui/stats")
	p.Form = fxForm(url.Values{"from": {"2025-01-01"}, "to": {"2026-12-31"}})
	p.Data = newStatsView(p, fxStats())
	add("stats_auditor_en", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `565 of the contracts counted are demo data`, `>153.6 bn KRW</text>`, `>Unregistered agency</text>`,
			`Median days to register a direct contract (contract date → registration)</dt><dd data-figure="lead-direct">—`)
	})

	p = fxPage(langKO, nil, "h.stats", "/ui/stats?from=2025-02-01&to=2025-01-31")
	p.Form = fxForm(url.Values{"from": {"2025-02-01"}, "to": {"2025-01-31"}},
		models.FieldError{Field: "to", Message: "must not be before from (2025-02-01)"})
	p.Data = statsView{}
	add("stats_invalid", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `aria-invalid="true"`, `must not be before from (2025-02-01)`)
		mustNotContain(t, body, `<svg`, `id="stats-summary"`)
	})
	return cs
}

// TestCountGroupsDigits: counts read as the amounts beside them do.
func TestCountGroupsDigits(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 2495: "2,495", 1234567: "1,234,567"} {
		if got := (page{}).Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
