package temporaltest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/dsmarket/dsmarket/internal/devenv/temporalcli"
)

// HistoriesDir is where recorded histories live, from the module's root; HistorySums lists
// them with their checksums, in the order they were recorded.
const (
	HistoriesDir = "workflows/testdata"
	HistorySums  = "SHA256SUMS"
)

// History reads every event of a workflow's run (runID "" for its latest).
func History(ctx context.Context, t testing.TB, c client.Client, workflowID, runID string) []*historypb.HistoryEvent {
	t.Helper()
	var events []*historypb.HistoryEvent
	it := c.GetWorkflowHistory(ctx, workflowID, runID, false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			t.Fatalf("history of %s: %v", workflowID, err)
		}
		events = append(events, e)
	}
	return events
}

// WriteHistory records events as workflows/testdata/<name>.json for the replay test and
// appends its checksum to SHA256SUMS. A history there is a promise to the cases running in
// production, so it is never recorded anew: when the file exists WriteHistory fails, and a
// changed workflow gets a new history under a new name beside the old one
// (docs/contributing.md).
func WriteHistory(t testing.TB, name string, events []*historypb.HistoryEvent) {
	t.Helper()
	raw, err := protojson.MarshalOptions{Indent: "  "}.Marshal(&historypb.History{Events: events})
	if err != nil {
		t.Fatal(err)
	}
	dir, err := historiesDir()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".json")
	if _, err := os.Stat(path); err == nil {
		t.Fatalf("%s exists: a recorded history is never recorded anew; record the changed workflow under a new name", path)
	}
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	sums, err := os.OpenFile(filepath.Join(dir, HistorySums), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	_, err = fmt.Fprintf(sums, "%s  %s\n", hex.EncodeToString(sum[:]), filepath.Base(path))
	if err := errors.Join(err, sums.Close()); err != nil {
		t.Fatal(err)
	}
}

// historiesDir finds HistoriesDir from the test's working directory (its package's folder).
func historiesDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	root, err := temporalcli.ModuleRoot(dir)
	if err != nil {
		return "", err
	}
	return filepath.Join(root, HistoriesDir), nil
}
