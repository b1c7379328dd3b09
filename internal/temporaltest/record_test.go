package temporaltest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	historypb "go.temporal.io/api/history/v1"
)

// fatalTB records a Fatal instead of failing the test that holds it.
type fatalTB struct {
	testing.TB
	failed string
}

func (f *fatalTB) Helper() {}
func (f *fatalTB) Fatal(args ...any) {
	f.failed = fmt.Sprint(args...)
	runtime.Goexit()
}
func (f *fatalTB) Fatalf(format string, args ...any) { f.Fatal(fmt.Sprintf(format, args...)) }

func writeIn(tb *fatalTB, name string) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		WriteHistory(tb, name, []*historypb.HistoryEvent{{EventId: 1}})
	}()
	<-done
}

func TestWriteHistory_AppendsItsChecksumAndNeverOverwrites(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, HistoriesDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"go.mod": "module x\n", filepath.Join(HistoriesDir, HistorySums): "old  kept.json\n"} {
		if err := os.WriteFile(filepath.Join(root, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(filepath.Join(root, "workflows"))

	first := &fatalTB{TB: t}
	writeIn(first, "new")
	if first.failed != "" {
		t.Fatalf("first write failed: %s", first.failed)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "new.json"))
	var h struct {
		Events []struct{ EventID string }
	}
	if err != nil || json.Unmarshal(raw, &h) != nil || len(h.Events) != 1 || h.Events[0].EventID != "1" {
		t.Fatalf("new.json: %q, %v", raw, err)
	}
	sums, err := os.ReadFile(filepath.Join(dir, HistorySums))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(sums)), "\n")
	sum := sha256.Sum256(raw)
	if len(lines) != 2 || lines[0] != "old  kept.json" || lines[1] != hex.EncodeToString(sum[:])+"  new.json" {
		t.Fatalf("SHA256SUMS after one recording:\n%s", sums)
	}

	again := &fatalTB{TB: t}
	writeIn(again, "new")
	if !strings.Contains(again.failed, "never recorded anew") {
		t.Fatalf("a second recording under the same name: %q, want a refusal", again.failed)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, HistorySums)); string(after) != string(sums) {
		t.Fatalf("SHA256SUMS changed by a refused recording:\n%s", after)
	}
}
