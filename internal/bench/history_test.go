package bench

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/history/v1"
	"go.temporal.io/api/update/v1"
	"google.golang.org/protobuf/types/known/timestamppb"
)

func TestTaskTimes_ChargesEachUpdateToTheTaskThatAcceptedIt(t *testing.T) {
	t0 := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	event := func(ms int, typ enums.EventType) *history.HistoryEvent {
		return &history.HistoryEvent{EventTime: timestamppb.New(t0.Add(time.Duration(ms) * time.Millisecond)), EventType: typ}
	}
	accepted := func(ms int, name string) *history.HistoryEvent {
		ev := event(ms, enums.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
		ev.Attributes = &history.HistoryEvent_WorkflowExecutionUpdateAcceptedEventAttributes{
			WorkflowExecutionUpdateAcceptedEventAttributes: &history.WorkflowExecutionUpdateAcceptedEventAttributes{
				AcceptedRequest: &update.Request{Input: &update.Input{Name: name}},
			},
		}
		return ev
	}
	events := []*history.HistoryEvent{
		event(0, enums.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED),
		event(1, enums.EVENT_TYPE_WORKFLOW_TASK_STARTED),
		event(3, enums.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
		event(10, enums.EVENT_TYPE_WORKFLOW_TASK_STARTED),
		event(14, enums.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
		accepted(14, "evaluate"),
		event(20, enums.EVENT_TYPE_WORKFLOW_TASK_STARTED),
		event(27, enums.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
		accepted(27, "negotiate"),
	}
	require.Equal(t, map[string][]time.Duration{
		"evaluate":  {4 * time.Millisecond},
		"negotiate": {7 * time.Millisecond},
	}, taskTimes(events))
}
