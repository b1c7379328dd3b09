package workflows

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dsmarket/dsmarket/internal/temporaltest"
)

// historySums (testdata/SHA256SUMS) lists every recorded history with the SHA-256 of its
// bytes as recorded, in the order they were recorded, in the format of `sha256sum` (so
// `cd workflows/testdata && sha256sum -c SHA256SUMS` checks it by hand too). The recorders
// append a line for each new history (temporaltest.WriteHistory).
const historySums = temporaltest.HistorySums

// TestRecordedHistoriesAreKeptAsRecorded holds the rule of docs/contributing.md: a history
// in testdata is a promise to the cases running in production, never re-recorded, edited
// or deleted. The replay test alone cannot tell: a re-recorded history replays as well as
// the one it replaced, and a deleted one replays not at all. Here either changes a line of
// SHA256SUMS, which is only ever appended to, so a broken promise shows in review as a
// changed or removed line, not as a passing test.
func TestRecordedHistoriesAreKeptAsRecorded(t *testing.T) {
	sums := readHistorySums(t, filepath.Join("testdata", historySums))
	for name, want := range sums {
		raw, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Errorf("%s is listed in %s but cannot be read (%v): a recorded history is never deleted", name, historySums, err)
			continue
		}
		sum := sha256.Sum256(raw)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s is not the history that was recorded (sha256 %s, recorded %s): a recorded history is "+
				"never re-recorded or edited; guard the workflow change with workflow.GetVersion and record a new "+
				"history under a new name (docs/contributing.md)", name, got, want)
		}
	}
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if _, ok := sums[filepath.Base(f)]; !ok {
			t.Errorf("%s is not in testdata/%s: record histories with the recorder tests (-record), which add their line",
				filepath.Base(f), historySums)
		}
	}
}

// readHistorySums reads a sha256sum file: "<64 hex digits>  <file name>" a line.
func readHistorySums(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("the list of recorded histories: %v", err)
	}
	defer f.Close()
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != sha256.Size*2 || name == "" || strings.ContainsRune(name, '/') {
			t.Fatalf("%s:%d: want \"<sha256>  <file name>\", got %q", path, n, sc.Text())
		}
		if _, dup := sums[name]; dup {
			t.Fatalf("%s:%d: %s is listed twice", path, n, name)
		}
		sums[name] = sum
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(sums) == 0 {
		t.Fatalf("%s lists no histories", path)
	}
	return sums
}
