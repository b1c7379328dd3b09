package activities_test

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/testsuite"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestRequestRereview_TakenNumberIsDrawnPast: with the database restored behind Temporal,
// the application number a re-review draws can be another case's workflow. The re-review
// then starts under the next number, and the other case is left as it was.
func TestRequestRereview_TakenNumberIsDrawnPast(t *testing.T) {
	ctx, st, svc, tc := withUnwatchedService(t)

	// Another case holds the number the claim will draw: a workflow no worker runs.
	taken, err := st.NextApplicationID(ctx, time.Now())
	require.NoError(t, err)
	n, err := strconv.ParseInt(taken[strings.LastIndex(taken, "-")+1:], 10, 64)
	require.NoError(t, err)
	require.NoError(t, st.DB().Exec("SELECT setval('application_id_seq', ?, false)", n).Error)
	other := occupied(ctx, t, tc, flow.ApplicationWorkflowID(taken))

	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	env.RegisterActivity(&activities.Activities{Store: st, Logger: slog.New(slog.DiscardHandler), Temporal: tc})
	var a *activities.Activities
	ref := "quality-restore-" + svc.ID
	for range 2 { // the second is a retry: it finds the re-review the first started
		_, err := env.ExecuteActivity(a.StartRereview, activities.StartRereviewInput{ServiceID: svc.ID,
			Ground: "선정기준 변경", From: models.RereviewFromQuality, CaseRef: ref})
		require.NoError(t, err)
	}
	var ids []string
	require.NoError(t, st.DB().Raw(`SELECT application_id FROM rereviews WHERE case_ref = ?`, ref).Scan(&ids).Error)
	require.Len(t, ids, 1)
	require.NotEqual(t, taken, ids[0], "the re-review did not take the other case's number")
	t.Cleanup(func() {
		_ = tc.TerminateWorkflow(context.Background(), flow.ApplicationWorkflowID(ids[0]), "", "test done")
	})

	mine, err := tc.DescribeWorkflowExecution(ctx, flow.ApplicationWorkflowID(ids[0]), "")
	require.NoError(t, err)
	require.Equal(t, flow.ApplicationWorkflowType, mine.GetWorkflowExecutionInfo().GetType().GetName())
	requireUntouched(ctx, t, tc, other)
}

// TestRegisterSelection_TakenServiceNumberIsDrawnPast: with the database restored behind
// Temporal, the next catalog number can belong to a service registered after the backup,
// whose watch still runs. The newly selected service gets the number after it, and the
// watch is left as it was.
func TestRegisterSelection_TakenServiceNumberIsDrawnPast(t *testing.T) {
	ctx, st, _, tc := withUnwatchedService(t)
	var next int64
	require.NoError(t, st.DB().Raw(`SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM service_id_seq`).
		Scan(&next).Error)
	taken := fmt.Sprintf("SVC-%04d", next)
	watch := occupied(ctx, t, tc, flow.ServiceWatchWorkflowID(taken))

	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	env.RegisterActivity(&activities.Activities{Store: st, Logger: slog.New(slog.DiscardHandler), Temporal: tc,
		Clock: func() time.Time { return selectionNow }})
	var a *activities.Activities
	v, err := env.ExecuteActivity(a.RegisterSelection, application(t, st, "APP-2026-000001", models.AppSelected))
	require.NoError(t, err)
	var res activities.RegisterSelectionResult
	require.NoError(t, v.Get(&res))
	require.NotEqual(t, taken, res.ServiceID)
	svc, err := st.GetService(ctx, res.ServiceID)
	require.NoError(t, err)
	require.Equal(t, models.ServiceRegistered, svc.Status)
	requireUntouched(ctx, t, tc, watch)
}

// occupied starts, under workflowID, a workflow that no worker runs: another case that
// holds the ID. It ends with the test.
func occupied(ctx context.Context, t *testing.T, tc client.Client, workflowID string) client.WorkflowRun {
	t.Helper()
	run, err := tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: workflowID, TaskQueue: "restore-test-nobody"},
		"SomeoneElsesCase")
	require.NoError(t, err)
	t.Cleanup(func() { _ = tc.TerminateWorkflow(context.Background(), workflowID, "", "test done") })
	return run
}

// requireUntouched checks that the occupied workflow is still the one that was started.
func requireUntouched(ctx context.Context, t *testing.T, tc client.Client, run client.WorkflowRun) {
	t.Helper()
	d, err := tc.DescribeWorkflowExecution(ctx, run.GetID(), "")
	require.NoError(t, err)
	require.Equal(t, "SomeoneElsesCase", d.GetWorkflowExecutionInfo().GetType().GetName())
	require.Equal(t, run.GetRunID(), d.GetWorkflowExecutionInfo().GetExecution().GetRunId(), "the other case was not restarted")
}
