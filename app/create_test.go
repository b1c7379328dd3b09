package app_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/dsmarket/dsmarket/models"
)

// startedIDs are the workflow IDs the mock was asked to start, in order, each checked to be
// started as a new case only (never joined to a running one).
func startedIDs(t *testing.T, calls []mock.Call) []string {
	var ids []string
	for _, c := range calls {
		if c.Method == "ExecuteWorkflow" {
			opts := c.Arguments.Get(1).(client.StartWorkflowOptions)
			require.Equal(t, enums.WORKFLOW_ID_CONFLICT_POLICY_FAIL, opts.WorkflowIDConflictPolicy)
			require.Contains(t, opts.Memo, "dsmarket_claim")
			require.True(t, opts.WorkflowExecutionErrorWhenAlreadyStarted, "a running workflow under the ID is an error, not an answer")
			ids = append(ids, opts.ID)
		}
	}
	return ids
}

var alreadyStarted = serviceerror.NewWorkflowExecutionAlreadyStarted("workflow execution already started", "", "")

// A number the request drew that is already a workflow's (the database restored from a
// backup older than Temporal's cases) is another case: the next number is drawn, and the
// caller's key names the case that was started.
func TestCreate_TakenNumberIsDrawnPast(t *testing.T) {
	o, tc := orders(t)
	tc.On("ExecuteWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything).Return(nil, alreadyStarted).Twice()
	tc.On("ExecuteWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything).Return(nil, nil).Once()
	out, err := o.Create(context.Background(), agency, request(), "k-restore")
	require.NoError(t, err)
	ids := startedIDs(t, tc.Calls)
	require.Len(t, ids, 3)
	require.NotEqual(t, ids[0], ids[1])
	require.NotEqual(t, ids[1], ids[2])
	require.Equal(t, ids[2], out.WorkflowID, "the answer names the case that was started")
	require.True(t, out.Created)
}

// A create gives up after a bound of taken numbers with a 503 (the next request goes on
// from there) and lets its key go: its retry draws afresh instead of naming a taken number.
func TestCreate_TakenNumbersAreBounded(t *testing.T) {
	o, tc := orders(t)
	tc.On("ExecuteWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything).Return(nil, alreadyStarted).Times(21)
	_, err := o.Create(context.Background(), agency, request(), "k-behind")
	require.Equal(t, models.EUNAVAILABLE, models.ErrorCode(err), err)
	tried := startedIDs(t, tc.Calls)
	require.Len(t, tried, 21)

	tc.On("ExecuteWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything).Return(nil, nil).Once()
	out, err := o.Create(context.Background(), agency, request(), "k-behind")
	require.NoError(t, err)
	require.True(t, out.Created, "the retry drew a new number")
	require.NotContains(t, tried, out.WorkflowID)
}

// A retry whose key names a number that another case's workflow holds (its memo names
// another claim) is not answered as that case: the next number is drawn and started.
func TestCreate_RetryFindsAnotherCaseUnderItsNumber(t *testing.T) {
	o, tc := orders(t)
	tc.On("ExecuteWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything).
		Return(nil, serviceerror.NewUnavailable("connection refused")).Once()
	_, err := o.Create(context.Background(), agency, request(), "k-retry")
	require.Equal(t, models.EUNAVAILABLE, models.ErrorCode(err), err)

	theirs, err := converter.GetDefaultDataConverter().ToPayload("someone else's claim")
	require.NoError(t, err)
	tc.On("ExecuteWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything).Return(nil, alreadyStarted).Once()
	tc.On("DescribeWorkflowExecution", mock.Anything, mock.Anything, "").Return(&workflowservice.DescribeWorkflowExecutionResponse{
		WorkflowExecutionInfo: &workflowpb.WorkflowExecutionInfo{Memo: &commonpb.Memo{Fields: map[string]*commonpb.Payload{"dsmarket_claim": theirs}}},
	}, nil).Once()
	tc.On("ExecuteWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything).Return(nil, nil).Once()
	out, err := o.Create(context.Background(), agency, request(), "k-retry")
	require.NoError(t, err)
	ids := startedIDs(t, tc.Calls)
	require.Len(t, ids, 3)
	require.Equal(t, ids[0], ids[1], "the retry tried the number its key named")
	require.NotEqual(t, ids[1], ids[2])
	require.Equal(t, ids[2], out.WorkflowID)
	require.True(t, out.Created, "a new number is a new case")
}
