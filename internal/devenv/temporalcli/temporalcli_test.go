package temporalcli

import (
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// fakeModule makes a module root with go.mod and, if cli, an executable bin/temporal.
func fakeModule(t *testing.T, cli bool) (root, sub string) {
	t.Helper()
	root = t.TempDir()
	sub = filepath.Join(root, "a", "b")
	if err := os.MkdirAll(sub, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if cli {
		if err := os.Mkdir(filepath.Join(root, "bin"), 0o750); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "bin", "temporal"), []byte("#!/bin/sh\n"), 0o700); err != nil { //nolint:gosec // an executable on purpose
			t.Fatal(err)
		}
	}
	return root, sub
}

func TestPathFrom(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		root, sub := fakeModule(t, true)
		got, err := PathFrom(sub)
		if err != nil {
			t.Fatal(err)
		}
		if want := filepath.Join(root, "bin", "temporal"); got != want {
			t.Errorf("PathFrom = %s, want %s", got, want)
		}
	})
	t.Run("ErrMissing", func(t *testing.T) {
		_, sub := fakeModule(t, false)
		_, err := PathFrom(sub)
		if err == nil || !strings.Contains(err.Error(), "run `make bin/temporal`") {
			t.Errorf("PathFrom: error %v, want one that says to run `make bin/temporal`", err)
		}
	})
	t.Run("ErrNotExecutable", func(t *testing.T) {
		root, sub := fakeModule(t, true)
		if err := os.Chmod(filepath.Join(root, "bin", "temporal"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := PathFrom(sub); err == nil || !strings.Contains(err.Error(), "not executable") {
			t.Errorf("PathFrom: error %v, want not executable", err)
		}
	})
	t.Run("ErrNoModule", func(t *testing.T) {
		if _, err := PathFrom(string(filepath.Separator)); err == nil || !strings.Contains(err.Error(), "no go.mod") {
			t.Errorf("PathFrom(/): error %v, want no go.mod", err)
		}
	})
}

func TestPath(t *testing.T) {
	root, _ := fakeModule(t, true)
	cli := filepath.Join(root, "bin", "temporal")
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == EnvVar {
				return v
			}
			return ""
		}
	}
	t.Run("OK env", func(t *testing.T) {
		got, err := Path(env(cli))
		if err != nil || got != cli {
			t.Errorf("Path = %q, %v; want %q", got, err, cli)
		}
	})
	t.Run("ErrEnvMissing", func(t *testing.T) {
		_, err := Path(env(filepath.Join(root, "nope")))
		if err == nil || !strings.Contains(err.Error(), "make bin/temporal") || !strings.Contains(err.Error(), EnvVar) {
			t.Errorf("Path: error %v, want one naming %s and `make bin/temporal`", err, EnvVar)
		}
	})
	t.Run("OK module root", func(t *testing.T) {
		// The working directory is this package's, inside dsmarket's module: the answer is
		// <module root>/bin/temporal, whether it exists yet or not.
		got, err := Path(nil)
		wd, _ := os.Getwd()
		modRoot, rerr := ModuleRoot(wd)
		if rerr != nil {
			t.Fatal(rerr)
		}
		want := filepath.Join(modRoot, "bin", "temporal")
		if err != nil && !strings.Contains(err.Error(), want) {
			t.Errorf("Path(nil): error %v does not name %s", err, want)
		}
		if err == nil && got != want {
			t.Errorf("Path(nil) = %s, want %s", got, want)
		}
	})
}

func TestFreePort(t *testing.T) {
	port, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	if err := CheckFree(addr); err != nil {
		t.Fatalf("CheckFree(%s) of a free port: %v", addr, err)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = l.Close() }()
	if err := CheckFree(addr); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("CheckFree(%s) of a port in use: %v, want in use", addr, err)
	}
}
