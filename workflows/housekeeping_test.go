package workflows

import (
	"context"
	"log/slog"
	"testing"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"
)

func TestHousekeeping_ReportsPurgedKeys(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	env := s.NewTestWorkflowEnvironment()
	calls := 0
	env.OnActivity(acts.PurgeIdempotencyKeys, mock.Anything).Return(func(context.Context) (int64, error) {
		calls++
		return 3, nil
	})
	env.OnActivity(acts.SendRulesToOpenCases, mock.Anything).Return(int64(2), nil)
	reminded := &flow.Reminders{TaskFollowUps: 4, LateTasksToOperators: 1, EvaluationsWaiting: 2}
	env.OnActivity(acts.RemindWaitingWork, mock.Anything).Return(reminded, nil)
	env.OnActivity(acts.PurgeUnattachedDocuments, mock.Anything).Return(int64(5), nil)
	env.OnActivity(acts.PurgeStrayContents, mock.Anything).Return(int64(1), nil)
	env.ExecuteWorkflow(Housekeeping)
	require.NoError(t, env.GetWorkflowError())
	var r flow.HousekeepingResult
	require.NoError(t, env.GetWorkflowResult(&r))
	require.Equal(t, flow.HousekeepingResult{PurgedIdempotencyKeys: 3, RulesSentToCases: 2, Reminders: reminded, PurgedDocuments: 5, PurgedStrayContents: 1}, r)
	require.Equal(t, 1, calls)
}
