// Package temporalcli finds the Temporal CLI that `make bin/temporal` builds, and free local
// ports to run it on. It imports nothing of dsmarket, so that test helpers (temporaltest)
// can use it from the tests of any package without an import cycle.
package temporalcli

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
)

// EnvVar names the environment variable that overrides the CLI's path.
const EnvVar = "TEMPORAL_CLI"

// Path returns the Temporal CLI to run: $TEMPORAL_CLI if set, else bin/temporal in the module
// root (the nearest directory above the working directory holding go.mod).
func Path(getenv func(string) string) (string, error) {
	if getenv != nil {
		if p := getenv(EnvVar); p != "" {
			if err := checkExecutable(p); err != nil {
				return "", fmt.Errorf("%s=%s: %w; run `make bin/temporal` or fix %s", EnvVar, p, err, EnvVar)
			}
			return p, nil
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find the Temporal CLI: %w", err)
	}
	return PathFrom(wd)
}

// PathFrom is Path without the environment, starting the search for go.mod at dir.
func PathFrom(dir string) (string, error) {
	root, err := ModuleRoot(dir)
	if err != nil {
		return "", fmt.Errorf("find the Temporal CLI: %w", err)
	}
	p := filepath.Join(root, "bin", "temporal")
	if runtime.GOOS == "windows" {
		p += ".exe"
	}
	if err := checkExecutable(p); err != nil {
		return "", fmt.Errorf("the Temporal CLI %s is missing (%w): run `make bin/temporal` in %s", p, err, root)
	}
	return p, nil
}

// ModuleRoot returns the nearest directory at or above dir that holds a go.mod file.
func ModuleRoot(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no go.mod in %s or any directory above it", dir)
		}
		d = parent
	}
}

func checkExecutable(p string) error {
	fi, err := os.Stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such file")
	case err != nil:
		return err
	case fi.IsDir():
		return errors.New("is a directory")
	case runtime.GOOS != "windows" && fi.Mode().Perm()&0o111 == 0:
		return errors.New("not executable")
	}
	return nil
}

// FreePort returns a TCP port on 127.0.0.1 that nothing listens on. Like the Temporal SDK's
// own helper, it leaves a connection in TIME_WAIT on the port, so that the kernel does not
// hand the same port to another bind(:0) for a while, while the caller may still bind it.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer func() { _ = l.Close() }()
	addr, ok := l.Addr().(*net.TCPAddr)
	if !ok {
		return 0, fmt.Errorf("find a free port: unexpected address %v", l.Addr())
	}
	if runtime.GOOS == "linux" {
		c, err := net.DialTCP("tcp", nil, addr)
		if err != nil {
			return 0, fmt.Errorf("find a free port: %w", err)
		}
		defer func() { _ = c.Close() }()
		s, err := l.Accept()
		if err != nil {
			return 0, fmt.Errorf("find a free port: %w", err)
		}
		_ = s.Close() // the server side closes first: TIME_WAIT stays with the port
	}
	return addr.Port, nil
}

// CheckFree returns an error if something already listens on hostPort.
func CheckFree(hostPort string) error {
	l, err := net.Listen("tcp", hostPort)
	if err != nil {
		return fmt.Errorf("%s is already in use: %w", hostPort, err)
	}
	return l.Close()
}
