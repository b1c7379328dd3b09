package workflows

import (
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
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
			r.RegisterWorkflow(Order)
			r.RegisterWorkflow(Application)
			r.RegisterWorkflow(CommitteeSession)
			r.RegisterWorkflow(Housekeeping)
			r.RegisterWorkflow(ServiceWatch)
			r.RegisterWorkflow(ServiceWatchSweep)
			r.RegisterWorkflow(DirectContract)
			r.RegisterWorkflow(ChangeRequest)
			r.RegisterWorkflow(QualityCase)
			r.RegisterWorkflow(QualityCycle)
			r.RegisterWorkflow(CommitteeCadence)
			if err := r.ReplayWorkflowHistoryFromJSONFile(logger, f); err != nil {
				t.Fatalf("replay %s: %v", f, err)
			}
		})
	}
}

// TestRecordedHistoriesNeverEndFailed: a case may end in any business outcome, never in a
// failed, timed-out or terminated run (issue 10): a recording of one is a lost case.
func TestRecordedHistoriesNeverEndFailed(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no recorded histories: %v", err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var h struct {
			Events []struct {
				EventType string `json:"eventType"`
			} `json:"events"`
		}
		if err := json.Unmarshal(raw, &h); err != nil || len(h.Events) == 0 {
			t.Fatalf("%s: not a history: %v", f, err)
		}
		for _, e := range h.Events {
			switch e.EventType {
			case "EVENT_TYPE_WORKFLOW_EXECUTION_FAILED", "EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT",
				"EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED", "WorkflowExecutionFailed",
				"WorkflowExecutionTimedOut", "WorkflowExecutionTerminated":
				t.Errorf("%s: the run ended %s", filepath.Base(f), e.EventType)
			}
		}
	}
}
