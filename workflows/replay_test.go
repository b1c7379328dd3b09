package workflows

import (
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"
)

// TestReplayRecordedHistories replays histories recorded on a real server (see
// api/record_test.go, `go test ./api -run TestRecordOrderHistories -record`). A change to
// the workflow code that would break a running case fails here with a nondeterminism
// error: version it with workflow.GetVersion instead.
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no recorded histories in workflows/testdata; record them with: go test ./api -run TestRecordOrderHistories -record")
	}
	logger := log.NewStructuredLogger(slog.New(slog.DiscardHandler))
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			r := worker.NewWorkflowReplayer()
			for _, wf := range All() {
				r.RegisterWorkflow(wf)
			}
			if err := r.ReplayWorkflowHistoryFromJSONFile(logger, f); err != nil {
				t.Fatalf("replay %s: %v", f, err)
			}
		})
	}
}

// recordedEvent is what the tests below read of a recorded history's event.
type recordedEvent struct {
	EventType string `json:"eventType"`
	Started   *struct {
		WorkflowType struct{ Name string } `json:"workflowType"`
	} `json:"workflowExecutionStartedEventAttributes"`
}

// readRecorded reads the events of every recorded history, by file.
func readRecorded(t *testing.T) map[string][]recordedEvent {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no recorded histories: %v", err)
	}
	out := map[string][]recordedEvent{}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var h struct {
			Events []recordedEvent `json:"events"`
		}
		if err := json.Unmarshal(raw, &h); err != nil || len(h.Events) == 0 || h.Events[0].Started == nil {
			t.Fatalf("%s: not a history from a workflow's start: %v", f, err)
		}
		out[f] = h.Events
	}
	return out
}

// TestEveryWorkflowHasARecordedHistory: every workflow the worker runs has at least one
// history in testdata, so that the replay test guards its running cases too. A new
// workflow records one with a recorder test (docs/contributing.md).
func TestEveryWorkflowHasARecordedHistory(t *testing.T) {
	recorded := map[string]int{}
	for _, events := range readRecorded(t) {
		recorded[events[0].Started.WorkflowType.Name]++
	}
	for _, wf := range All() {
		full := runtime.FuncForPC(reflect.ValueOf(wf).Pointer()).Name()
		name := full[strings.LastIndex(full, ".")+1:]
		if recorded[name] == 0 {
			t.Errorf("workflow %s has no recorded history in testdata: record one (docs/contributing.md)", name)
		}
	}
}

// TestRecordedHistoriesNeverEndFailed: a case may end in any business outcome, never in a
// failed, timed-out or terminated run (issue 10): a recording of one is a lost case.
func TestRecordedHistoriesNeverEndFailed(t *testing.T) {
	for f, events := range readRecorded(t) {
		for _, e := range events {
			switch e.EventType {
			case "EVENT_TYPE_WORKFLOW_EXECUTION_FAILED", "EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT",
				"EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED", "WorkflowExecutionFailed",
				"WorkflowExecutionTimedOut", "WorkflowExecutionTerminated":
				t.Errorf("%s: the run ended %s", filepath.Base(f), e.EventType)
			}
		}
	}
}
