package workflows

import (
	"errors"
	"log/slog"
	"testing"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/activities"
)

func TestServiceWatchSweep_PagesAndContinuesAsNew(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))

	// A full page: its watches are started and the sweep continues after its last service.
	env := s.NewTestWorkflowEnvironment()
	env.OnActivity(acts.UnwatchedServices, mock.Anything, activities.UnwatchedServicesInput{After: "", Limit: 2}).
		Return([]string{"SVC-0001", "SVC-0002"}, nil)
	env.OnActivity(acts.StartServiceWatches, mock.Anything, []string{"SVC-0001", "SVC-0002"}).Return(2, nil)
	env.ExecuteWorkflow(ServiceWatchSweep, &flow.ServiceWatchSweepInput{PageSize: 2})
	var can *workflow.ContinueAsNewError
	require.True(t, errors.As(env.GetWorkflowError(), &can), "%v", env.GetWorkflowError())
	var next flow.ServiceWatchSweepInput
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	require.Equal(t, flow.ServiceWatchSweepInput{After: "SVC-0002", PageSize: 2, Ensured: 2}, next)
	env.AssertExpectations(t)

	// The last page, shorter than the page size, ends the sweep with the total.
	env = s.NewTestWorkflowEnvironment()
	env.OnActivity(acts.UnwatchedServices, mock.Anything, activities.UnwatchedServicesInput{After: "SVC-0002", Limit: 2}).
		Return([]string{"SVC-0003"}, nil)
	env.OnActivity(acts.StartServiceWatches, mock.Anything, []string{"SVC-0003"}).Return(1, nil)
	env.ExecuteWorkflow(ServiceWatchSweep, &next)
	require.NoError(t, env.GetWorkflowError())
	var r flow.ServiceWatchSweepResult
	require.NoError(t, env.GetWorkflowResult(&r))
	require.Equal(t, 3, r.Ensured)

	// The Schedule's empty start uses pages of 500; an empty page starts nothing.
	env = s.NewTestWorkflowEnvironment()
	env.OnActivity(acts.UnwatchedServices, mock.Anything, activities.UnwatchedServicesInput{Limit: 500}).Return([]string{}, nil)
	env.ExecuteWorkflow(ServiceWatchSweep, nil)
	require.NoError(t, env.GetWorkflowError())
	require.NoError(t, env.GetWorkflowResult(&r))
	require.Equal(t, 0, r.Ensured)
}
