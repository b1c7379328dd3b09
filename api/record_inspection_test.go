package api_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/internal/temporaltest"
	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/workflow"
	"google.golang.org/protobuf/proto"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows"
)

// Budgets of continuous inspection: a watch that saw a few facts and its removal stays far
// below the continue-as-new limit, a sweep's run (one page) is about a dozen events, and no
// event carries a page of services.
const (
	watchEventBudget = 100
	sweepEventBudget = 20
)

// TestRecordInspectionHistories runs service watches and a paged sweep on the real server
// and checks each history against its budget. With -record it writes them for workflows'
// replay test (`go test ./api -run TestRecordInspectionHistories -record`).
func TestRecordInspectionHistories(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// Only the services of this test are in the catalog, so that the sweep pages through
	// them alone: three, in pages of two. The third's certificate ended yesterday.
	require.NoError(t, h.store.DB().Exec(`UPDATE services SET status = 'removed'`).Error)
	swept := []string{h.ownService("2029-06-30"), h.ownService(""), h.ownService(dayOffset(-1))}
	watched := h.ownService("2029-06-30")

	// A watch through a fit fact and a re-review ground to a closure, with an order in flight.
	order := h.orderOn(watched)
	require.Eventually(t, func() bool {
		_, err := h.store.GetOrder(ctx, order)
		return err == nil
	}, 10*time.Second, 50*time.Millisecond)
	for _, e := range []map[string]any{
		eventBody("credit_rating", "A", dayOffset(-2)),
		eventBody("debarment", dayOffset(90), dayOffset(-1)),
		eventBody("business_status", "closed", today()),
	} {
		r := h.do("POST", "/api/v1/services/"+watched+"/events", h.operator(), e)
		require.Equal(t, http.StatusOK, r.status, r.String())
	}
	require.Eventually(t, func() bool { return h.orderStatus(order) == "cancelled" }, 10*time.Second, 50*time.Millisecond)

	// The sweep, started as the Schedule starts it but in pages of two.
	run, err := h.tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "service-watch-sweep-" + watched, TaskQueue: h.tq},
		workflows.ServiceWatchSweep, &flow.ServiceWatchSweepInput{PageSize: 2})
	require.NoError(t, err)
	firstRun := run.GetRunID() // Get follows the runs and moves the handle to the last
	var res flow.ServiceWatchSweepResult
	require.NoError(t, run.Get(ctx, &res))
	require.Equal(t, 3, res.Ensured)
	require.Eventually(t, func() bool {
		svc, err := h.store.GetService(ctx, swept[2])
		return err == nil && svc.Status == models.ServiceRemoved
	}, 10*time.Second, 50*time.Millisecond, "the expired certificate removed its service at once")
	for _, id := range swept[:2] {
		require.True(t, h.watchStarted(id), id)
	}

	for _, rec := range []struct {
		name, workflowID, runID string
		budget                  int
	}{
		{"service_watch_unfit_after_rereview", flow.ServiceWatchWorkflowID(watched), "", watchEventBudget},
		{"service_watch_csap_expired", flow.ServiceWatchWorkflowID(swept[2]), "", watchEventBudget},
		{"service_watch_sweep_first_page", run.GetID(), firstRun, sweepEventBudget},
		{"service_watch_sweep_last_page", run.GetID(), "", sweepEventBudget},
	} {
		t.Run(rec.name, func(t *testing.T) {
			err := h.tc.GetWorkflow(ctx, rec.workflowID, rec.runID).GetWithOptions(ctx, nil,
				client.WorkflowRunGetOptions{DisableFollowingRuns: true})
			var continued *workflow.ContinueAsNewError
			if !errors.As(err, &continued) {
				require.NoError(t, err, "the run has closed")
			}
			events := temporaltest.History(ctx, t, h.tc, rec.workflowID, rec.runID)
			largest := 0
			for _, e := range events {
				largest = max(largest, proto.Size(e))
			}
			require.LessOrEqual(t, len(events), rec.budget, "history events")
			require.Less(t, largest, eventSizeBudget, "largest event in bytes")
			t.Logf("%s: %d history events, largest event %d bytes", rec.name, len(events), largest)
			if !*record {
				return
			}
			temporaltest.WriteHistory(t, rec.name, events)
		})
	}
}
