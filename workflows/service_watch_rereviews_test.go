package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// A service found fifty times below the credit floor starts fifty re-reviews, one per
// finding; the watch's runs stay bounded: after rereviewsPerRun re-reviews a run continues
// as new with the record (well before the history limit), and the re-reviews and their
// notices go on keyed by the record's version, each started once across runs.
func TestServiceWatch_FiftyRereviewsContinueAsNew(t *testing.T) {
	const rereviews = 50
	in := watchInput(t, "2029-06-30")
	at := start
	started := map[string]int{}
	notified := map[string]int{}
	runs := 0
	for {
		runs++
		require.LessOrEqual(t, runs, rereviews/rereviewsPerRun+1)
		env := newWatchEnv(t)
		env.SetStartTime(at)
		before := 0
		if in.Watch != nil {
			before = len(in.Watch.Findings)
		}
		if before < rereviews {
			for i := range rereviewsPerRun {
				env.record(time.Duration(i+1)*time.Hour, fact("credit_rating", "CCC", "2026-03-01"))
			}
		} else {
			env.record(time.Hour, fact("business_status", "closed", "2026-03-01"))
		}
		env.ExecuteWorkflow(ServiceWatch, in)
		require.True(t, env.IsWorkflowCompleted())
		for _, r := range env.rereviews {
			started[r.CaseRef]++
		}
		for _, n := range env.notified {
			notified[n.Key]++
		}
		err := env.GetWorkflowError()
		if err == nil {
			require.Equal(t, models.WatchUnfit, env.result().Status)
			require.Empty(t, env.rereviews)
			require.Len(t, env.final().Findings, rereviews+1)
			break
		}
		require.Len(t, env.rereviews, rereviewsPerRun, "run %d", runs)
		var can *workflow.ContinueAsNewError
		require.ErrorAs(t, err, &can)
		next := &flow.ServiceWatchInput{}
		require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, next))
		require.Equal(t, "SVC-0001", next.Service.ID)
		require.Equal(t, models.WatchRereviewRequired, next.Watch.Status)
		require.Len(t, next.Watch.Findings, runs*rereviewsPerRun, "the record carries every finding")
		require.Len(t, next.Watch.Events, runs*rereviewsPerRun)
		in, at = next, next.Watch.Findings[len(next.Watch.Findings)-1].At
	}
	require.Equal(t, rereviews/rereviewsPerRun, runs-1, "continued as new once per %d re-reviews", rereviewsPerRun)
	require.Len(t, started, rereviews, "one re-review per finding")
	for ref, n := range started {
		require.Equal(t, 1, n, ref)
	}
	for key, n := range notified {
		require.Equal(t, 1, n, key)
	}
	require.Len(t, notified, rereviews+1, "the operators once per ground, the provider at the removal")
}
