package worker_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/internal/temporaltest"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store/storetest"
	"github.com/dsmarket/dsmarket/worker"
	"github.com/dsmarket/dsmarket/workflows"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestCommitteeCadenceSchedule triggers the committee cadence's Schedule on a real server
// while two applications wait for the committee and no session is open: the run leaves the
// operators one reminder, and a second run the same day none more. With -record it writes
// the first run's history for the replay test (committee_cadence_reminded.json).
func TestCommitteeCadenceSchedule(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st := storetest.New(t)
	for _, id := range []string{"APP-2026-000012", "APP-2026-000010"} {
		require.NoError(t, st.DB().Exec(`INSERT INTO applications (id, workflow_id, status, provider_org, business_no,
			service_name, service_type, service_subtype, applied_at, version, doc)
			VALUES (?, ?, 'awaiting_committee', 'PV-0001', '000-00-00000', '서비스', 'cloud', 'saas', now(), 5, '{}')`,
			id, "application-"+id).Error)
	}
	_, tc := temporaltest.Server(t)
	tq := "t-committee-cadence-" + time.Now().Format("150405.000000")
	w := worker.NewOn(tc, tq, &activities.Activities{Store: st, Logger: slog.New(slog.DiscardHandler), Temporal: tc})
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)
	noSchedules(t, tc)
	_, err := worker.EnsureSchedulesFor(ctx, tc, tq, worker.ScheduleRulesAt(time.Now()), slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	h := tc.ScheduleClient().GetHandle(ctx, flow.CommitteeCadenceScheduleID)

	run := func(n int) (string, workflows.CommitteeCadenceResult) {
		t.Helper()
		require.NoError(t, h.Trigger(ctx, client.ScheduleTriggerOptions{Overlap: enums.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL}))
		var runID string
		require.Eventually(t, func() bool {
			d, err := h.Describe(ctx)
			if err != nil || len(d.Info.RecentActions) < n {
				return false
			}
			runID = d.Info.RecentActions[n-1].StartWorkflowResult.WorkflowID
			return true
		}, 20*time.Second, 100*time.Millisecond, "the triggered run starts")
		var res workflows.CommitteeCadenceResult
		require.NoError(t, tc.GetWorkflow(ctx, runID, "").Get(ctx, &res))
		return runID, res
	}
	before := models.DateOf(time.Now())
	first, res := run(1)
	require.True(t, res.Reminded)
	require.Equal(t, 2, res.Waiting)
	require.Equal(t, "APP-2026-000010", res.Oldest)
	require.Contains(t, []models.Date{before, models.DateOf(time.Now())}, res.On, "the run's Seoul day")
	_, again := run(2)
	require.True(t, again.Reminded, "the backlog is still there")
	sent, err := st.ListNotifications(ctx, "NIA", 0)
	require.NoError(t, err)
	if again.On == res.On {
		require.Len(t, sent, 1, "one reminder a day, however many runs")
	} else {
		require.Len(t, sent, 2, "the second run fell on the next day")
	}
	require.Equal(t, "committee-cadence/"+res.On.String(), sent[len(sent)-1].Key)

	if !*record {
		return
	}
	// A recorded history is never recorded anew (docs/contributing.md): a changed workflow
	// gets a new file beside this one.
	temporaltest.WriteHistory(t, "committee_cadence_reminded", temporaltest.History(ctx, t, tc, first, ""))
}
