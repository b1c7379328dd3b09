package web

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// The golden cases of the rule table, its what-if, the rules an order holds and the
// sandbox's banner. The table is a fixture rather than models.RuleTable, so that an
// amendment of models/rules.json does not rewrite the golden files.

// fxRuleTable has an amendment of the negotiation window taking effect after the fixtures'
// March 2026, which applies to open cases, and a key with one version.
var fxRuleTable = []models.Rule{
	{Key: models.RuleNegotiationDays, Value: "10", Unit: "calendar days", Type: models.RuleTypeInteger,
		Source: "조달청 디지털서비스 카탈로그계약 업무처리 기준 (평가 후 10일 이내 협상)", EffectiveFrom: date("2020-10-01").Time},
	{Key: models.RuleNegotiationDays, Value: "14", Unit: "calendar days", Type: models.RuleTypeInteger,
		Source: "조달청 공고 2026-123호", EffectiveFrom: date("2026-05-01").Time,
		AppliesToOpenCases: true, OpenCasesSource: "조달청 공고 2026-123호 부칙 제2조"},
	{Key: models.RuleQualifyingScore, Value: "85", Unit: "points of 100", Type: models.RuleTypeInteger,
		Source: "조달청 디지털서비스 카탈로그계약 업무처리 기준 (제안서 평가 85점 이상 협상대상자)", EffectiveFrom: date("2020-10-01").Time},
}

func fxRulesView(who *session) rulesView {
	v := rulesView{Rules: groupRules(fxRuleTable, at(26, 10, 0)), Rows: []int{0, 1, 2},
		Keys: []models.RuleKey{models.RuleNegotiationDays, models.RuleQualifyingScore}}
	v.CanWhatIf = who != nil && (who.Role == models.RoleOperator || who.Role == models.RoleAuditor)
	return v
}

func rulesGoldenCases() []goldenCase {
	var cs []goldenCase
	add := func(name, tmpl string, p page, check func(*testing.T, string, *html.Node)) {
		cs = append(cs, goldenCase{name: name, tmpl: tmpl, p: p, check: check})
	}

	p := fxPage(langKO, nil, "h.rules", "/ui/rules")
	p.Form, p.Data = fxForm(nil), fxRulesView(nil)
	add("rules_public", "rules", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `<h2 id="rule-catalog_order.negotiation_days-h">협상 기한 <code class="muted">catalog_order.negotiation_days</code></h2>`,
			`<tr id="rule-catalog_order.negotiation_days@2020-10-01" data-from="2020-10-01" class="in-force">`,
			`<td>2026-04-30</td>`, `<span class="badge">시행 예정</span>`, `(조달청 공고 2026-123호 부칙 제2조)`)
		mustNotContain(t, body, `action="/ui/rules/what-if"`)
		if n := len(find(doc, "tr.in-force")); n != 2 {
			t.Errorf("%d versions in force, want one for each of the two keys", n)
		}
	})

	// The operator's what-if with an answer of every effect.
	in := at(30, 10, 0)
	before, after := atp(24, 0, 0), atp(28, 0, 0)
	p = fxPage(langEN, fxOperator, "h.rules", "/ui/rules/what-if")
	p.Form = fxForm(url.Values{"rules[0].key": {string(models.RuleNegotiationDays)}, "rules[0].value": {"14"},
		"rules[0].effective_from": {"2026-05-01"}, "rules[0].source": {"조달청 공고 2026-123호"}})
	v := fxRulesView(fxOperator)
	effect := func(id string, status models.OrderStatus, key models.RuleKey, held, proposed, e string) models.RuleEffect {
		return models.RuleEffect{CaseKind: "order", CaseID: id, Status: string(status), Rule: key, Held: held,
			HeldFrom: date("2020-10-01"), Proposed: proposed, ProposedFrom: date("2026-05-01"), Effect: e}
	}
	moved := effect("ORD-2026-000003", models.OrderNegotiating, models.RuleNegotiationDays, "10", "14", models.EffectDeadlineMoved)
	moved.DeadlineBefore, moved.DeadlineAfter = before, after
	late := effect("ORD-2026-000004", models.OrderNegotiating, models.RuleNegotiationDays, "10", "2", models.EffectBecomesLate)
	late.DeadlineBefore, late.DeadlineAfter = before, atp(15, 10, 0)
	v.Result = &app.WhatIf{AsOf: in, Checked: map[string]int{"order": 4},
		NotChecked: []string{"application", "direct_contract", "quality_case", "change_request", "service_watch"},
		Effects: []models.RuleEffect{
			effect("ORD-2026-000001", models.OrderProposalRequested, models.RuleNegotiationDays, "10", "14", models.EffectKept),
			effect("ORD-2026-000002", models.OrderProposalSubmitted, models.RuleNegotiationDays, "10", "14", models.EffectAtNextStep),
			moved, late,
			effect("ORD-2026-000005", models.OrderProposalSubmitted, models.RuleQualifyingScore, "85", "80", models.EffectThresholdChanged),
		}}
	p.Data = v
	add("rules_whatif_operator_en", "rules", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `action="/ui/rules/what-if"`, `<option value="catalog_order.negotiation_days" selected>`,
			`<a href="/ui/orders/ORD-2026-000001">ORD-2026-000001</a>`, `data-effect="kept"`, `<strong>Kept</strong>`,
			`<strong>Becomes late</strong>`, `<td>2026-03-24 00:00</td>`, `<td>2026-03-28 00:00</td>`, `<span data-kind="order">Catalog orders 4</span>`,
			`Quality cases`, `Not yet analysed`, `The cases open at 2026-03-30 10:00 were looked at.`)
		if rows := find(doc, "table#whatif-effects tbody tr"); len(rows) != 5 {
			t.Errorf("%d effects shown, want 5", len(rows))
		}
	})

	// A refused what-if: a date that is none on the first row, a missing source on the third.
	p = fxPage(langKO, fxOperator, "h.rules", "/ui/rules/what-if")
	p.Form = fxForm(url.Values{"rules[0].key": {string(models.RuleNegotiationDays)}, "rules[0].value": {"14"},
		"rules[0].effective_from": {"2026-13-01"}, "rules[0].source": {"조달청 공고"},
		"rules[2].key": {string(models.RuleQualifyingScore)}, "rules[2].value": {"80"}, "rules[2].effective_from": {"2026-05-01"},
		"rules[2].applies_to_open_cases": {"true"}},
		models.FieldError{Field: "rules[0].effective_from", Message: "must be a date YYYY-MM-DD"},
		models.FieldError{Field: "rules[2].source", Message: "name the text the version comes from"})
	p.Data = fxRulesView(fxOperator)
	add("rules_whatif_errors", "rules", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="e-rules[0].effective_from">must be a date YYYY-MM-DD<`,
			`id="e-rules[2].source">name the text the version comes from<`, `value="2026-13-01"`,
			`name="rules[2].applies_to_open_cases" value="true" checked>`)
		mustNotContain(t, body, `id="whatif-result"`)
	})

	// The sandbox: a banner on every page, and the order's page says the case runs in it.
	p = fxPage(langEN, fxAgency, "h.rules", "/ui/rules")
	p.TimeScale = 8640
	p.Form, p.Data = fxForm(nil), fxRulesView(fxAgency)
	add("rules_sandbox_agency_en", "rules", p, func(t *testing.T, body string, doc *html.Node) {
		mustContain(t, body, `id="sandbox-banner">This is the development sandbox: every deadline of a case started now runs 8640 times faster.<`)
		mustNotContain(t, body, `action="/ui/rules/what-if"`)
	})
	o := fxOrder(models.OrderNegotiating)
	o.Pins = models.PinRules(fxRuleTable, at(10, 9, 30), 8640, models.OrderRuleKeys...)
	p = fxPage(langKO, fxAgency, "h.order", "/ui/orders/"+o.ID)
	p.Title, p.TimeScale = o.ID+" · "+p.Title, 8640
	p.Form, p.Data = fxForm(nil), fxOrderView(o, fxAgency)
	add("order_pinned_sandbox", "order", p, func(t *testing.T, body string, doc *html.Node) {
		// html/template writes the @ of the version as %40, which a browser decodes to find the row.
		mustContain(t, body, `<a href="/ui/rules#rule-catalog_order.negotiation_days%402020-10-01"><code>catalog_order.negotiation_days@2020-10-01</code></a>`,
			`id="order-sandbox">개발용 샌드박스에서 시작한 사건으로, 모든 기한이 8640배 빠르게 흐릅니다.<`, `id="sandbox-banner"`)
		if got := textOf(findOne(t, doc, "#order-rules")); !strings.Contains(got, "catalog_order.qualifying_score@2020-10-01") {
			t.Errorf("the order's rules read %q", got)
		}
	})
	return cs
}
