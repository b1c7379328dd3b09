package faulttest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// binPath is the dsmarket binary TestMain builds once for every test of the package;
// buildErr says why there is none. The test, not TestMain, reports a failed build, so that
// it shows as that test's failure with the compiler's output.
var (
	binPath  string
	buildErr error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dsmarket-faulttest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "faulttest:", err)
		os.Exit(1)
	}
	binPath, buildErr = buildBinary(dir)
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// buildBinary builds cmd/dsmarket without the race detector: the processes under test
// need not pay for it, and the two CI cores are better spent on the faults.
func buildBinary(dir string) (string, error) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("the go tool is not on PATH: %w", err)
	}
	bin := filepath.Join(dir, "dsmarket")
	cmd := exec.Command(goTool, "build", "-o", bin, "github.com/dsmarket/dsmarket/cmd/dsmarket") //nolint:gosec // our own module
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build ./cmd/dsmarket: %w\n%s", err, out)
	}
	return bin, nil
}
