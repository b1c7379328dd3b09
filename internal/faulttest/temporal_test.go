package faulttest

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"

	"github.com/dsmarket/dsmarket/internal/devenv"
	"github.com/dsmarket/dsmarket/internal/devenv/temporalcli"
	"github.com/dsmarket/dsmarket/internal/temporaltest"
)

// devServer is `temporal server start-dev` with its history in a SQLite file, as `make run`
// keeps it, so that it can be stopped and started again on the same file: the fault of a
// Temporal server restarted by its operator.
type devServer struct {
	cli      string
	dbFile   string
	hostPort string
	port     string
	logPath  string
	saNames  []string // the custom search attributes registered at every start
	p        *proc
}

func newDevServer(dir string) (*devServer, error) {
	cli, err := devenv.TemporalCLIPath(os.Getenv)
	if err != nil {
		return nil, err
	}
	port, err := temporalcli.FreePort()
	if err != nil {
		return nil, err
	}
	// The search attributes dsmarket registers at `make run`, as the CLI's KEY=TYPE flags.
	sa, err := devenv.SearchAttributes()
	if err != nil {
		return nil, err
	}
	var names []string
	for k := range sa.GetUntypedValues() {
		names = append(names, k.GetName()+"="+k.GetValueType().String())
	}
	slices.Sort(names)
	return &devServer{cli: cli, dbFile: filepath.Join(dir, "temporal.db"), hostPort: "127.0.0.1:" + strconv.Itoa(port),
		port: strconv.Itoa(port), logPath: filepath.Join(dir, "temporal.log"), saNames: names}, nil
}

// start runs the server on its file and waits until it answers with every search
// attribute registered. A second start finds the history of the first.
func (s *devServer) start(ctx context.Context) error {
	args := []string{"server", "start-dev", "--headless",
		"--ip", "127.0.0.1", "--port", s.port,
		"--db-filename", s.dbFile,
		"--log-level", "warn",
		"--dynamic-config-value", "frontend.enableServerVersionCheck=false",
	}
	for _, n := range s.saNames {
		args = append(args, "--search-attribute", n)
	}
	p, err := startProc("temporal", s.cli, args, os.Environ(), s.logPath)
	if err != nil {
		return err
	}
	s.p = p
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	c, err := s.waitReady(ctx)
	if err != nil {
		p.kill()
		return fmt.Errorf("the Temporal dev server %s on %s (file %s) did not become ready: %w; its log ends with:\n%s",
			s.cli, s.hostPort, s.dbFile, err, tailOf(s.logPath, 3000))
	}
	c.Close()
	return nil
}

// stop interrupts the server (SIGTERM, as `make run`'s Ctrl-C or a service manager
// does) and waits for it to exit, so that its file is closed before the next start.
func (s *devServer) stop() error { return s.p.stop(30 * time.Second) }

// dial returns a client of the server; the caller closes it.
func (s *devServer) dial(ctx context.Context) (client.Client, error) {
	return client.DialContext(ctx, client.Options{HostPort: s.hostPort, Namespace: devenv.Namespace, Logger: quietLogger()})
}

func (s *devServer) waitReady(ctx context.Context) (client.Client, error) {
	return temporaltest.DialWhenReady(ctx, s.hostPort, quietLogger(), func() error {
		if !s.p.running() {
			return fmt.Errorf("it exited: %w", s.p.waitErr)
		}
		return nil
	})
}

// quietLogger keeps the SDK's warnings (pollers failing while a server is down, which is
// the point of the test) out of the test's output.
func quietLogger() tlog.Logger {
	return tlog.NewStructuredLogger(slog.New(slog.DiscardHandler))
}
