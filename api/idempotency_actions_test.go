package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/dsmarket/dsmarket/models"
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

// On every action that is a step of a case, a key first sent with one body and then with
// another is a 422 naming the key, whatever the first answer was (the key is claimed with
// the body's hash before the step reaches the case), and the second body changes nothing.
// (Closing a session has no body: every request with its key is the same request.)
func TestActionIdempotency_KeyReuseIs422OnEveryAction(t *testing.T) {
	h := newHarness(t)
	order := h.newOrder()
	app := h.newApplication(allDocuments(models.TypeCloud)...)
	task := h.openTask(h.operator(), app, models.TaskDocumentCheck)
	contract := h.newContract(contractBody("SVC-0001", 3))
	change := h.newChange("SVC-0001", map[string]any{"name_en": "Hanbit Cloud Server"})["id"].(string)
	// A watch of the test's own: a seeded service's watch would outlive the test's worker
	// and hold the next run's (-count=3) event on a task queue nobody polls.
	watched := h.ownService("")
	for _, tc := range []struct {
		name, method, path, token string
		first, second             any
	}{
		{"proposal", "POST", "/api/v1/orders/" + order + "/proposal", h.provider(), validProposal,
			map[string]any{"price_krw": 1, "summary": "다른 제안"}},
		{"evaluation", "POST", "/api/v1/orders/" + order + "/evaluation", h.agency(), score90, score84},
		{"negotiation", "POST", "/api/v1/orders/" + order + "/negotiation", h.agency(), agreed,
			map[string]any{"agreed": false, "reason": "가격 불일치"}},
		{"cancel", "POST", "/api/v1/orders/" + order + "/cancel", h.agency(), map[string]any{"reason": "예산 삭감"},
			map[string]any{"reason": "사업 취소"}},
		{"task", "POST", "/api/v1/tasks/" + task + "/complete", h.operator(), map[string]any{"outcome": "accept"},
			map[string]any{"outcome": "return", "note": "서류 미비"}},
		{"withdraw", "POST", "/api/v1/applications/" + app + "/withdraw", h.provider(), map[string]any{"reason": "철회"},
			map[string]any{"reason": "다른 사유"}},
		{"contract change", "PATCH", "/api/v1/contracts/" + contract, h.agency(), map[string]any{"amount_krw": 50_000_000},
			map[string]any{"amount_krw": 60_000_000}},
		{"change decision", "POST", "/api/v1/change-requests/" + change + "/decision", h.operator(),
			map[string]any{"approve": true, "reason": "확인"}, map[string]any{"approve": false, "reason": "반려"}},
		{"event", "POST", "/api/v1/services/" + watched + "/events", h.operator(), eventBody("credit_rating", "BBB", dayOffset(0)),
			eventBody("credit_rating", "A", dayOffset(0))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key := "reuse-" + strings.ReplaceAll(tc.name, " ", "-")
			first := h.do(tc.method, tc.path, tc.token, tc.first, "Idempotency-Key", key)
			require.Less(t, first.status, 500, first.String())
			p := h.do(tc.method, tc.path, tc.token, tc.second, "Idempotency-Key", key).problem(t, 422)
			require.Len(t, p.Errors, 1, p)
			require.Equal(t, "Idempotency-Key", p.Errors[0].Field)
		})
	}
}
