package api_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
)

// recordHistory reads the history of a finished workflow, holds it to budget events and
// eventSizeBudget bytes per event, and with -record writes it to workflows/testdata/<name>.json
// for the replay test. It returns the number of events.
func (h *harness) recordHistory(t *testing.T, ctx context.Context, workflowID, name string, budget int) int {
	t.Helper()
	var events []*historypb.HistoryEvent
	largest, total := 0, 0
	it := h.tc.GetWorkflowHistory(ctx, workflowID, "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		require.NoError(t, err)
		events = append(events, e)
		largest = max(largest, proto.Size(e))
		total += proto.Size(e)
	}
	require.LessOrEqual(t, len(events), budget, "history events of %s", name)
	require.Less(t, largest, eventSizeBudget, "largest event of %s in bytes", name)
	t.Logf("%s: %d history events, %d bytes in all, largest event %d bytes", name, len(events), total, largest)
	if *record {
		raw, err := protojson.MarshalOptions{Indent: "  "}.Marshal(&historypb.History{Events: events})
		require.NoError(t, err)
		writeHistory(t, name, raw)
	}
	return len(events)
}

// writeHistory writes a recorded history to workflows/testdata/<name>.json for the replay
// test. A history there is a promise to the cases running in production, so it is never
// recorded anew: a recorder whose file exists fails, and a changed workflow gets a new
// history under a new name beside the old one (docs/contributing.md).
func writeHistory(t *testing.T, name string, raw []byte) {
	t.Helper()
	path := filepath.Join("..", "workflows", "testdata", name+".json")
	if _, err := os.Stat(path); err == nil {
		t.Fatalf("%s exists: a recorded history is never recorded anew; record the changed workflow under a new name", path)
	}
	require.NoError(t, os.WriteFile(path, raw, 0o644))
}
