package workflows

import (
	"log/slog"
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
			if err := r.ReplayWorkflowHistoryFromJSONFile(logger, f); err != nil {
				t.Fatalf("replay %s: %v", f, err)
			}
		})
	}
}
