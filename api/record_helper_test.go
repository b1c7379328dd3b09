package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/internal/temporaltest"
	"github.com/dsmarket/dsmarket/workflows/flow"
	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"
)

// applicationEnded waits for application id's workflow to end, and returns a context that
// lasts the test's reading of it and the workflow's ID.
func (h *harness) applicationEnded(t *testing.T, id string) (context.Context, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	wid := flow.ApplicationWorkflowID(id)
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))
	return ctx, wid
}

// recordHistory reads the history of a finished workflow, holds it to budget events and
// eventSizeBudget bytes per event, and with -record writes it to workflows/testdata/<name>.json
// for the replay test (temporaltest.WriteHistory, which never overwrites one). It returns the number of events.
func (h *harness) recordHistory(t *testing.T, ctx context.Context, workflowID, name string, budget int) int {
	t.Helper()
	events := temporaltest.History(ctx, t, h.tc, workflowID, "")
	largest, total := 0, 0
	for _, e := range events {
		largest = max(largest, proto.Size(e))
		total += proto.Size(e)
	}
	require.LessOrEqual(t, len(events), budget, "history events of %s", name)
	require.Less(t, largest, eventSizeBudget, "largest event of %s in bytes", name)
	t.Logf("%s: %d history events, %d bytes in all, largest event %d bytes", name, len(events), total, largest)
	if *record {
		temporaltest.WriteHistory(t, name, events)
	}
	return len(events)
}

// housekeepingBudget bounds the events of one nightly Housekeeping run, whatever it found
// to do: its start and end, three events an activity and a version marker for each step
// after the first (five steps: 43 events), and room for one more step.
const housekeepingBudget = 48
