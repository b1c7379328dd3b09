package worker_test

import (
	"context"
	"flag"
	"log/slog"
	"os"
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

var record = flag.Bool("record", false, "record the housekeeping history into workflows/testdata for the replay test")

func TestMain(m *testing.M) {
	code := m.Run()
	temporaltest.Stop()
	os.Exit(code)
}

// TestHousekeepingSchedule creates the nightly Schedule twice (the second finds the
// first), checks its calendar, triggers it, and sees the run forget only the keys past
// their retention. With -record it writes the run's history for the replay test.
func TestHousekeepingSchedule(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st := storetest.New(t)
	_, tc := temporaltest.Server(t)
	tq := "t-housekeeping-" + time.Now().Format("150405.000000")
	w := worker.NewOn(tc, tq, &activities.Activities{Store: st, Logger: slog.New(slog.DiscardHandler), Temporal: tc})
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)

	claim := func(key string, age time.Duration) {
		_, _, err := st.ClaimIdempotencyKey(ctx, "orders", "AG-0001/kim.agency", key, "h",
			func(context.Context) (string, error) { return "ORD-" + key, nil })
		require.NoError(t, err)
		require.NoError(t, st.DB().Exec(`UPDATE idempotency_keys SET created_at = ? WHERE key = ?`, time.Now().Add(-age), key).Error)
	}
	claim("old", store.IdempotencyKeyTTL+time.Hour)
	claim("recent", store.IdempotencyKeyTTL-time.Hour)

	require.NoError(t, worker.EnsureSchedules(ctx, tc, tq))
	require.NoError(t, worker.EnsureSchedules(ctx, tc, tq), "a second start finds the schedule")
	h := tc.ScheduleClient().GetHandle(ctx, flow.HousekeepingScheduleID)
	t.Cleanup(func() { _ = h.Delete(context.Background()) })
	// EnsureSchedules made the sweep's Schedule on this test's queue too: another test
	// must not find it there.
	t.Cleanup(func() {
		_ = tc.ScheduleClient().GetHandle(ctx, flow.ServiceWatchScheduleID).Delete(context.Background())
		_ = tc.ScheduleClient().GetHandle(ctx, flow.QualityCycleScheduleID).Delete(context.Background())
		_ = tc.ScheduleClient().GetHandle(ctx, flow.CommitteeCadenceScheduleID).Delete(context.Background())
	})
	d, err := h.Describe(ctx)
	require.NoError(t, err)
	require.Equal(t, "Asia/Seoul", d.Schedule.Spec.TimeZoneName)
	require.Len(t, d.Schedule.Spec.Calendars, 1)
	require.Equal(t, 3, d.Schedule.Spec.Calendars[0].Hour[0].Start)
	require.Equal(t, enums.SCHEDULE_OVERLAP_POLICY_SKIP, d.Schedule.Policy.Overlap)

	require.NoError(t, h.Trigger(ctx, client.ScheduleTriggerOptions{}))
	var runID string
	require.Eventually(t, func() bool {
		d, err := h.Describe(ctx)
		if err != nil || len(d.Info.RecentActions) == 0 {
			return false
		}
		runID = d.Info.RecentActions[0].StartWorkflowResult.WorkflowID
		return true
	}, 20*time.Second, 100*time.Millisecond, "the triggered run starts")
	var res flow.HousekeepingResult
	require.NoError(t, tc.GetWorkflow(ctx, runID, "").Get(ctx, &res))
	require.Equal(t, int64(1), res.PurgedIdempotencyKeys)
	var left []string
	require.NoError(t, st.DB().Raw(`SELECT key FROM idempotency_keys ORDER BY key`).Scan(&left).Error)
	require.Equal(t, []string{"recent"}, left)

	if !*record {
		return
	}
	// A recorded history is never recorded anew (docs/contributing.md): a changed workflow
	// gets a new file beside this one.
	temporaltest.WriteHistory(t, "housekeeping", temporaltest.History(ctx, t, tc, runID, ""))
}

// TestQualityCycleScheduleEnsured: EnsureSchedules creates the yearly quality cycle's
// Schedule, March 2 09:00 Seoul, on the worker's queue, and finds it the second time
// (schedules_test.go follows a changed rule).
func TestQualityCycleScheduleEnsured(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, tc := temporaltest.Server(t)
	tq := "t-quality-schedule-" + time.Now().Format("150405.000000")
	// Schedules are server-wide: start from none, leave none for the next test.
	for _, id := range allSchedules {
		_ = tc.ScheduleClient().GetHandle(ctx, id).Delete(ctx)
		t.Cleanup(func() { _ = tc.ScheduleClient().GetHandle(context.Background(), id).Delete(context.Background()) })
	}
	require.NoError(t, worker.EnsureSchedules(ctx, tc, tq))
	require.NoError(t, worker.EnsureSchedules(ctx, tc, tq), "a second start finds the schedules")
	d, err := tc.ScheduleClient().GetHandle(ctx, flow.QualityCycleScheduleID).Describe(ctx)
	require.NoError(t, err)
	require.Equal(t, "Asia/Seoul", d.Schedule.Spec.TimeZoneName)
	require.Len(t, d.Schedule.Spec.Calendars, 1)
	cal := d.Schedule.Spec.Calendars[0]
	require.Equal(t, []int{3, 2, 9, 0}, []int{cal.Month[0].Start, cal.DayOfMonth[0].Start, cal.Hour[0].Start, cal.Minute[0].Start})
	require.Equal(t, enums.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE, d.Schedule.Policy.Overlap)
	action, ok := d.Schedule.Action.(*client.ScheduleWorkflowAction)
	require.True(t, ok)
	require.Equal(t, tq, action.TaskQueue)
}
