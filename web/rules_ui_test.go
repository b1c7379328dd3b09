package web_test

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestRulesPage: anyone reads the rule table; an operator asks what an amendment of the
// negotiation window would do to the open orders, and the page names each with its
// effect, changing nothing; a refused proposal shows its error beside its field; an
// agency gets the table without the form, and its what-if is refused by the role check.
func TestRulesPage(t *testing.T) {
	h := newHarness(t)
	orderID := h.newOrder()
	negotiation, err := models.RuleAt(models.RuleNegotiationDays, time.Now())
	require.NoError(t, err)
	amendment := func(from string) url.Values {
		return url.Values{"rules[0].key": {string(models.RuleNegotiationDays)}, "rules[0].value": {"14"},
			"rules[0].effective_from": {from}, "rules[0].source": {"조달청 공고 (협상 기한 개정안)"}}
	}

	t.Run("OK_PublicTable", func(t *testing.T) {
		r := h.visitor().get("/ui/rules")
		require.Equal(t, http.StatusOK, r.status, r.body)
		require.Contains(t, r.body, `<h2 id="rule-catalog_order.negotiation_days-h">협상 기한`)
		require.Contains(t, r.body, `<td><strong>`+negotiation.Value+`</strong> <span class="badge">시행 중</span></td>`)
		require.Contains(t, r.body, template.HTMLEscapeString(negotiation.Source))
		require.NotContains(t, r.body, `action="/ui/rules/what-if"`, "no what-if for a visitor")
	})

	op := h.visitor()
	op.signIn("park.operator")
	t.Run("OK_WhatIfOperator", func(t *testing.T) {
		before, err := h.orders.Get(context.Background(), leeAuditor, orderID)
		require.NoError(t, err)
		require.Contains(t, op.get("/ui/rules").body, `action="/ui/rules/what-if"`)

		r := op.post("/ui/rules/what-if", amendment(inDays(30)))
		require.Equal(t, http.StatusOK, r.status, r.body)
		require.Contains(t, r.body, `id="whatif-result"`)
		require.Contains(t, r.body, `<tr data-case="`+orderID+`" data-effect="kept">`,
			"the open order started under the table in force keeps its window")
		require.Contains(t, r.body, `<a href="/ui/orders/`+orderID+`">`+orderID+`</a>`)
		require.Contains(t, r.body, `<strong>현재 버전 유지</strong>`)
		require.Contains(t, r.body, `<span data-kind="order">카탈로그 주문 `, "the orders looked at are counted")
		for _, kind := range []string{"application", "direct_contract", "change_request", "quality_case", "service_watch"} {
			require.Contains(t, r.body, `<span data-kind="`+kind+`">`, "every kind of case is looked at")
		}
		require.NotContains(t, r.body, `id="whatif-notchecked"`, "no kind is left unanalysed")
		require.Contains(t, r.body, `value="`+inDays(30)+`"`, "the form stays filled in for the next question")

		after, err := h.orders.Get(context.Background(), leeAuditor, orderID)
		require.NoError(t, err)
		require.Equal(t, before.Status, after.Status)
		require.Equal(t, before.Pins.Versions(), after.Pins.Versions(), "a what-if changes nothing")
		require.Len(t, after.Steps, len(before.Steps))
	})

	t.Run("ErrBadDate", func(t *testing.T) {
		r := op.post("/ui/rules/what-if", amendment("2026-13-01"))
		require.Equal(t, http.StatusUnprocessableEntity, r.status, r.body)
		require.Regexp(t, `<p class="field-error" id="e-rules\[0\]\.effective_from">[^<]+</p>`, r.body, "the error beside its field")
		require.Contains(t, r.body, `class="error-summary"`)
		require.NotContains(t, r.body, `id="whatif-result"`)
	})

	t.Run("ErrAgency", func(t *testing.T) {
		ag := h.visitor()
		ag.signIn("kim.agency")
		page := ag.get("/ui/rules")
		require.Equal(t, http.StatusOK, page.status)
		require.Contains(t, page.body, `data-rule="catalog_order.negotiation_days"`)
		require.NotContains(t, page.body, `action="/ui/rules/what-if"`, "no what-if form for an agency")
		r := ag.post("/ui/rules/what-if", amendment(inDays(30)))
		require.Equal(t, http.StatusForbidden, r.status)
		require.Contains(t, r.body, "이용기관 역할로는 이 작업을 할 수 없습니다")
		require.NotContains(t, r.body, `id="whatif-result"`)
	})
}
