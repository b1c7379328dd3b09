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

// confirm schedules the confirm-rereview Update at offset d (see send).
func (e *watchEnv) confirm(d time.Duration, id string, in flow.ConfirmRereviewInput, code string) {
	e.send(d, flow.UpdateConfirmRereview, id, in, code)
}

// TestServiceWatch_RereviewConfirmedClearsTheGround: the re-review a ground started selects
// the service again; the watch is back to watching, its timeline says by which re-review,
// and the projection is written with it. A ground of another watch is refused; the same
// confirmation again (another Update ID, as after continue-as-new) changes nothing.
func TestServiceWatch_RereviewConfirmedClearsTheGround(t *testing.T) {
	env := newWatchEnv(t)
	env.record(time.Hour, fact("credit_rating", "CCC+", "2026-03-01"))
	ref := flow.ServiceWatchRereviewRef("SVC-0001", 1)
	env.confirm(2*time.Hour, "c-foreign", flow.ConfirmRereviewInput{CaseRef: flow.ServiceWatchRereviewRef("SVC-0002", 1),
		ApplicationID: "APP-2026-000100"}, models.EINVALID)
	seen := env.snapshot(2*time.Hour + time.Minute)
	env.confirm(3*time.Hour, "c-1", flow.ConfirmRereviewInput{CaseRef: ref, ApplicationID: "APP-2026-000100"}, "")
	env.confirm(4*time.Hour, "c-2", flow.ConfirmRereviewInput{CaseRef: ref, ApplicationID: "APP-2026-000100"}, "")
	after := env.snapshot(5 * time.Hour)
	env.ExecuteWorkflow(ServiceWatch, watchInput(t, "2026-12-31"))

	require.Equal(t, ref, env.rereviews[0].CaseRef, "the ground's re-review is named as the watch names it")
	require.Equal(t, 1, env.refused)
	require.Equal(t, models.WatchRereviewRequired, seen.Status)
	require.Equal(t, models.WatchWatching, after.Status)
	require.Len(t, after.RereviewsConfirmed, 1)
	c := after.RereviewsConfirmed[0]
	require.Equal(t, ref, c.CaseRef)
	require.Equal(t, "APP-2026-000100", c.ApplicationID)
	require.True(t, c.At.Equal(start.Add(3*time.Hour)), c.At)
	require.Equal(t, 1, c.AfterFindings)
	steps := after.Steps()
	require.Len(t, steps, 2)
	require.Equal(t, models.ActionRereviewConfirmed, steps[1].Action)
	require.Equal(t, string(models.WatchWatching), steps[1].Status)
	require.Contains(t, env.saved, models.WatchWatching)
	require.Equal(t, models.WatchWatching, env.saved[len(env.saved)-2], "the projection shows the cleared ground before the expiry")
	require.Contains(t, env.result().Reason, "CSAP expired")
}
