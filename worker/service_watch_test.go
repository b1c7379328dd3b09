package worker_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/internal/temporaltest"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
	"github.com/dsmarket/dsmarket/worker"
)

// TestServiceWatchSchedule creates the nightly sweep's Schedule twice (the second finds
// the first), checks its calendar (02:00 Asia/Seoul), triggers it, and sees the run start a
// watch for every catalog service without one; a second run finds none missing.
func TestServiceWatchSchedule(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	st := storetest.New(t)
	_, err := store.Seed(ctx, st, time.Now())
	require.NoError(t, err)
	// Three services in the catalog keep the run small; the seed's removed ones stay out.
	require.NoError(t, st.DB().Exec(`UPDATE services SET status = 'removed' WHERE id > 'SVC-0003'`).Error)
	_, tc := temporaltest.Server(t)
	tq := "t-service-watch-" + time.Now().Format("150405.000000")
	w := worker.NewOn(tc, tq, &activities.Activities{Store: st, Logger: slog.New(slog.DiscardHandler), Temporal: tc})
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)

	// Schedules are server-wide: start from none, leave none for the next test.
	for _, id := range allSchedules {
		_ = tc.ScheduleClient().GetHandle(ctx, id).Delete(ctx)
		t.Cleanup(func() { _ = tc.ScheduleClient().GetHandle(context.Background(), id).Delete(context.Background()) })
	}
	require.NoError(t, worker.EnsureSchedules(ctx, tc, tq))
	require.NoError(t, worker.EnsureSchedules(ctx, tc, tq), "a second start finds the schedules")
	h := tc.ScheduleClient().GetHandle(ctx, flow.ServiceWatchScheduleID)
	d, err := h.Describe(ctx)
	require.NoError(t, err)
	require.Equal(t, "Asia/Seoul", d.Schedule.Spec.TimeZoneName)
	require.Len(t, d.Schedule.Spec.Calendars, 1)
	require.Equal(t, 2, d.Schedule.Spec.Calendars[0].Hour[0].Start)
	require.Equal(t, enums.SCHEDULE_OVERLAP_POLICY_SKIP, d.Schedule.Policy.Overlap)

	run := func(n int) flow.ServiceWatchSweepResult {
		t.Helper()
		require.NoError(t, h.Trigger(ctx, client.ScheduleTriggerOptions{}))
		var runID string
		require.Eventually(t, func() bool {
			d, err := h.Describe(ctx)
			if err != nil || len(d.Info.RecentActions) < n {
				return false
			}
			runID = d.Info.RecentActions[n-1].StartWorkflowResult.WorkflowID
			return true
		}, 20*time.Second, 100*time.Millisecond, "the triggered run starts")
		var res flow.ServiceWatchSweepResult
		require.NoError(t, tc.GetWorkflow(ctx, runID, "").Get(ctx, &res))
		return res
	}
	require.Equal(t, 3, run(1).Ensured)
	// The watches outlive the test on the shared server; a later test, or a repetition of
	// this one (-count), must start its own: end them here (a terminated watch may start
	// again, an ended one may not).
	t.Cleanup(func() {
		for _, id := range []string{"SVC-0001", "SVC-0002", "SVC-0003"} {
			_ = tc.TerminateWorkflow(context.Background(), flow.ServiceWatchWorkflowID(id), "", "test done")
		}
	})
	for _, id := range []string{"SVC-0001", "SVC-0002", "SVC-0003"} {
		desc, err := tc.DescribeWorkflowExecution(ctx, flow.ServiceWatchWorkflowID(id), "")
		require.NoError(t, err, id)
		require.Equal(t, enums.WORKFLOW_EXECUTION_STATUS_RUNNING, desc.WorkflowExecutionInfo.Status, id)
		require.Eventually(t, func() bool {
			_, err := st.GetServiceWatch(ctx, id)
			return err == nil
		}, 10*time.Second, 50*time.Millisecond, "the watch of %s writes its projection", id)
	}
	require.Equal(t, 0, run(2).Ensured, "no watch is missing any more")
}
