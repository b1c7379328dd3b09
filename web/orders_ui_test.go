package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"github.com/dsmarket/dsmarket/models"
)

func TestOrdersAreTheirOrganizations(t *testing.T) {
	h := newHarness(t)
	orderID := h.newOrder()
	for _, tc := range []struct {
		sub    string
		status int
	}{{"kim.agency", http.StatusOK}, {"jung.provider", http.StatusOK}, {"choi.agency", http.StatusNotFound}, {"han.provider", http.StatusNotFound}} {
		v := h.visitor()
		v.signIn(tc.sub)
		require.Equal(t, tc.status, v.get("/ui/orders/"+orderID).status, tc.sub)
		list := v.get("/ui/orders")
		require.Equal(t, tc.status == http.StatusOK, strings.Contains(list.body, orderID), "%s's list", tc.sub)
	}
	v := h.visitor()
	v.signIn("choi.agency")
	r := v.post("/ui/orders/"+orderID+"/cancel", url.Values{"reason": {"남의 주문"}})
	require.Equal(t, http.StatusNotFound, r.status, "another agency's order is not found, even to act on")
	o, err := h.orders.Get(context.Background(), kimAgency, orderID)
	require.NoError(t, err)
	require.Equal(t, models.OrderProposalRequested, o.Status)
	_ = choiAgency
}

func TestNewOrderFormErrors(t *testing.T) {
	h := newHarness(t)
	v := h.visitor()
	v.signIn("kim.agency")
	page := v.get("/ui/orders/new?service=SVC-0001")
	require.Equal(t, http.StatusOK, page.status)
	require.Contains(t, page.body, `value="SVC-0001"`)
	r := v.post("/ui/orders", url.Values{"service_id": {"SVC-0001"}, "title": {""}, "budget_krw": {"1억"}, "proposal_due": {inDays(3)}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, `id="e-budget_krw">원 단위의 정수 금액이어야 합니다<`)
	// The same refusal on an English page reads in English, beside the field as in the summary.
	v.get("/ui/lang?to=en&back=%2Fui%2Forders")
	r = v.post("/ui/orders", url.Values{"service_id": {"SVC-0001"}, "title": {""}, "budget_krw": {"-5"}, "proposal_due": {inDays(3)}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, `id="e-budget_krw">must be a positive whole amount in KRW<`)
	require.Contains(t, r.body, `id="e-title">is required<`)
	v.get("/ui/lang?to=ko&back=%2Fui%2Forders")
	list, _, err := h.orders.List(context.Background(), kimAgency, "", 50, "")
	require.NoError(t, err)
	require.Empty(t, list, "a refused form opens no order")

	// The title as a Mac may send it, in loose jamo (NFD): stored composed, as typed anywhere else.
	r = v.post("/ui/orders", url.Values{"service_id": {"SVC-0001"}, "title": {norm.NFD.String("민원포털")}, "budget_krw": {"120,000,000"},
		"proposal_due": {inDays(3)}, "idempotency_key": {"ui-fixed-key-1"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	again := v.post("/ui/orders", url.Values{"service_id": {"SVC-0001"}, "title": {"민원포털"}, "budget_krw": {"120,000,000"},
		"proposal_due": {inDays(3)}, "idempotency_key": {"ui-fixed-key-1"}})
	require.Equal(t, r.location, again.location, "a double submission is one order")
	list, _, err = h.orders.List(context.Background(), kimAgency, "", 50, "")
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Equal(t, models.KRW(120_000_000), list[0].BudgetKRW)
	require.Equal(t, "민원포털", list[0].Title, "composed")
}
