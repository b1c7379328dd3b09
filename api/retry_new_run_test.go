package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestKeyedRetryAfterContinueAsNew: the operator writes the review result report under a
// key, the committee defers the application five times (no quorum), and its workflow
// continues as new. The report's retry, its answer lost, then reaches a run that has never
// seen its Update ID; it is answered from the case's record instead of writing the report
// a second time.
func TestKeyedRetryAfterContinueAsNew(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	id := awaitingCommittee(h)
	wid := flow.ApplicationWorkflowID(id)
	path := "/api/v1/applications/" + id + "/review-report"
	report := map[string]any{"report": "전문가 1인 적합 의견. 상정을 권고함."}
	r := h.do("POST", path, h.operator(), report, "Idempotency-Key", "report-once")
	require.Equal(t, http.StatusOK, r.status, r.String())
	first, err := h.tc.DescribeWorkflowExecution(ctx, wid, "")
	require.NoError(t, err)

	for range 5 {
		r = h.do("POST", "/api/v1/committee/sessions", h.operator(), sessionBody("song.committee", "lim.committee", "jang.committee"))
		require.Equal(t, http.StatusCreated, r.status, r.String())
		sid := r.json(t)["id"].(string)
		h.awaitSession(id, sid)
		r = h.do("POST", "/api/v1/committee/sessions/"+sid+"/close", h.operator(), nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
		require.Eventually(t, func() bool {
			a := h.application(id)
			return a["status"] == "awaiting_committee" && a["session"] == nil
		}, 10*time.Second, 50*time.Millisecond, "deferred, the application waits for the next session")
	}
	require.Eventually(t, func() bool {
		d, err := h.tc.DescribeWorkflowExecution(ctx, wid, "")
		return err == nil && d.WorkflowExecutionInfo.Execution.RunId != first.WorkflowExecutionInfo.Execution.RunId
	}, 10*time.Second, 50*time.Millisecond, "after five deferrals the case continues as new")

	r = h.do("POST", path, h.operator(), report, "Idempotency-Key", "report-once")
	require.Equal(t, http.StatusOK, r.status, r.String())
	written := 0
	for _, s := range h.application(id)["steps"].([]any) {
		if s.(map[string]any)["action"] == models.ActionReviewReportWritten {
			written++
		}
	}
	require.Equal(t, 1, written, "the report is written once")
}
