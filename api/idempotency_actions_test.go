package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
)

// A step retried with the same Idempotency-Key after its answer was lost returns the first
// result, also when the case has closed since (issue 10: every retry got 500); the same
// key with another body is a 422 naming the key, and changes nothing.
func TestActionIdempotency_RetryAfterCloseAndKeyReuse(t *testing.T) {
	h := newHarness(t)
	id := h.newOrder()
	r := h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), validProposal, "Idempotency-Key", "prop-1")
	require.Equal(t, http.StatusOK, r.status, r.String())

	other := map[string]any{"price_krw": 99_000_000, "summary": "다른 제안"}
	p := h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), other, "Idempotency-Key", "prop-1").problem(t, 422)
	require.Len(t, p.Errors, 1)
	require.Equal(t, "Idempotency-Key", p.Errors[0].Field)
	require.Equal(t, "proposal_submitted", h.orderStatus(id))

	r = h.do("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), score90, "Idempotency-Key", "eval-1")
	require.Equal(t, http.StatusOK, r.status, r.String())
	r = h.do("POST", "/api/v1/orders/"+id+"/negotiation", h.agency(), agreed, "Idempotency-Key", "neg-1")
	require.Equal(t, http.StatusOK, r.status, r.String())
	first := r.json(t)
	require.Equal(t, "delivery_requested", first["status"])

	// The order's run ends after the delivery request; wait for it to close.
	wid := "order-" + id
	require.Eventually(t, func() bool {
		d, err := h.tc.DescribeWorkflowExecution(context.Background(), wid, "")
		return err == nil && d.WorkflowExecutionInfo.Status == enums.WORKFLOW_EXECUTION_STATUS_COMPLETED
	}, 30e9, 100e6, "the order's workflow completes")

	again := h.do("POST", "/api/v1/orders/"+id+"/negotiation", h.agency(), agreed, "Idempotency-Key", "neg-1")
	require.Equal(t, http.StatusOK, again.status, again.String())
	require.Equal(t, first["status"], again.json(t)["status"])
	require.Equal(t, first["final_price_krw"], again.json(t)["final_price_krw"])

	changed := map[string]any{"agreed": true, "final_price_krw": 100_000_000, "terms": "SLA 99.9%"}
	p = h.do("POST", "/api/v1/orders/"+id+"/negotiation", h.agency(), changed, "Idempotency-Key", "neg-1").problem(t, 422)
	require.Equal(t, "Idempotency-Key", p.Errors[0].Field)

	// A new key on a closed case is an honest 409, as before.
	h.do("POST", "/api/v1/orders/"+id+"/negotiation", h.agency(), agreed, "Idempotency-Key", "neg-2").problem(t, 409)
}
