package bench

import (
	"context"
	"fmt"
	"slices"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/history/v1"
)

// Events summarizes the histories of a sample of completed workflows.
type Events struct {
	Sample int
	Avg    float64
	Max    int
	// TaskTime is, by Update name, how long the worker held the workflow task that
	// accepted the Update (WorkflowTaskStarted to WorkflowTaskCompleted, by the server's
	// clock): the handler with its local activities and whatever the workflow did in the
	// same task. Set against an action's latency, it tells the worker's share from the
	// API's and the server's.
	TaskTime map[string][]time.Duration
}

// historyEvents reads the histories of up to sample workflows spread over ids.
func (e *env) historyEvents(ctx context.Context, ids []string, sample int) (Events, error) {
	pick := spread(ids, sample)
	ev := Events{TaskTime: map[string][]time.Duration{}}
	total := 0
	for _, id := range pick {
		it := e.tc.GetWorkflowHistory(ctx, id, "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		var events []*history.HistoryEvent
		for it.HasNext() {
			event, err := it.Next()
			if err != nil {
				return Events{}, fmt.Errorf("history of %s: %w", id, err)
			}
			events = append(events, event)
		}
		for name, d := range taskTimes(events) {
			ev.TaskTime[name] = append(ev.TaskTime[name], d...)
		}
		total += len(events)
		ev.Max = max(ev.Max, len(events))
		ev.Sample++
	}
	if ev.Sample > 0 {
		ev.Avg = float64(total) / float64(ev.Sample)
	}
	return ev, nil
}

// taskTimes finds, for each accepted Update, the workflow task that accepted it: the
// events a task's completion commits follow its WorkflowTaskCompleted.
func taskTimes(events []*history.HistoryEvent) map[string][]time.Duration {
	out := map[string][]time.Duration{}
	var started time.Time
	var held time.Duration
	var haveTask bool
	for _, ev := range events {
		at := ev.GetEventTime().AsTime()
		switch ev.GetEventType() {
		case enums.EVENT_TYPE_WORKFLOW_TASK_STARTED:
			started, haveTask = at, true
		case enums.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
			if haveTask {
				held = at.Sub(started)
			}
		case enums.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
			if haveTask {
				name := ev.GetWorkflowExecutionUpdateAcceptedEventAttributes().GetAcceptedRequest().GetInput().GetName()
				out[name] = append(out[name], held)
			}
		}
	}
	return out
}

// spread returns up to k elements of s, evenly spaced from its start to its end.
func spread(s []string, k int) []string {
	if k <= 0 || len(s) == 0 {
		return nil
	}
	if k >= len(s) {
		return slices.Clone(s)
	}
	out := make([]string, 0, k)
	for i := range k {
		out = append(out, s[i*len(s)/k])
	}
	return out
}
