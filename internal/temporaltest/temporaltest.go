// Package temporaltest gives tests a real Temporal dev server: one per test binary, started
// on first use from bin/temporal (see `make bin/temporal`) with an in-memory store, on a free
// port, without the UI, with dsmarket's search attributes registered.
//
// Call Stop from TestMain after m.Run. Should the test binary die first (a panic, a
// timeout), the server dies with it on Linux.
//
// temporaltest imports nothing of dsmarket but internal/devenv/temporalcli, so that the
// tests of every package, workflows included, can use it without an import cycle. That is
// why it keeps its own copy of the search attributes (SearchAttributeKeys), which a test in
// internal/devenv holds equal to flow.SearchAttributeKeys.
package temporaltest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/internal/devenv/temporalcli"
)

// Namespace is the namespace of the server's client.
const Namespace = "default"

// SearchAttributeKeys are the custom search attributes the server registers at start: the
// same as flow.SearchAttributeKeys (a test in internal/devenv checks it).
var SearchAttributeKeys = []temporal.SearchAttributeKey{
	temporal.NewSearchAttributeKeyKeyword("DsCaseType"),
	temporal.NewSearchAttributeKeyKeyword("DsCaseStatus"),
	temporal.NewSearchAttributeKeyKeyword("DsServiceType"),
	temporal.NewSearchAttributeKeyKeyword("DsServiceId"),
	temporal.NewSearchAttributeKeyKeyword("DsProviderOrg"),
	temporal.NewSearchAttributeKeyKeyword("DsAgencyOrg"),
}

var (
	mu       sync.Mutex
	once     sync.Once
	shared   *server
	startErr error
)

// Server returns the frontend host:port and a client (namespace "default") of the shared dev
// server, starting it on the first call. The client is shared: do not close it. The test
// fails if the server cannot start, for example when bin/temporal is missing.
func Server(t testing.TB) (hostPort string, c client.Client) {
	t.Helper()
	mu.Lock()
	defer mu.Unlock()
	once.Do(func() { shared, startErr = start(os.Getenv) })
	switch {
	case startErr != nil:
		t.Fatalf("temporaltest: %v", startErr)
	case shared == nil:
		t.Fatal("temporaltest: Server called after Stop")
	}
	select {
	case <-shared.exited:
		t.Fatalf("temporaltest: the Temporal dev server has exited (%v); its log %s ends with:\n%s",
			shared.waitErr, shared.logPath, tail(shared.logPath))
	default:
	}
	return shared.hostPort, shared.client
}

// Stop stops the shared server, if it was started. Call it from TestMain after m.Run.
func Stop() {
	mu.Lock()
	defer mu.Unlock()
	if shared == nil {
		return
	}
	shared.client.Close()
	shared.stop()
	_ = os.Remove(shared.logPath)
	shared = nil
}

type server struct {
	cmd      *exec.Cmd
	hostPort string
	client   client.Client
	logPath  string
	exited   chan struct{} // closed when the process has exited; waitErr is then set
	waitErr  error
}

func start(getenv func(string) string) (*server, error) {
	cli, err := temporalcli.Path(getenv)
	if err != nil {
		return nil, err
	}
	port, err := temporalcli.FreePort()
	if err != nil {
		return nil, err
	}
	logFile, err := os.CreateTemp("", "temporaltest-*.log")
	if err != nil {
		return nil, err
	}
	defer func() { _ = logFile.Close() }() // the server has its own descriptor

	args := []string{
		"server", "start-dev", "--headless",
		"--ip", "127.0.0.1", "--port", strconv.Itoa(port),
		"--log-level", "warn",
		"--dynamic-config-value", "frontend.enableServerVersionCheck=false",
	}
	for _, k := range SearchAttributeKeys {
		args = append(args, "--search-attribute", k.GetName()+"="+k.GetValueType().String())
	}
	s := &server{
		cmd:      exec.Command(cli, args...), //nolint:gosec // our own CLI and arguments
		hostPort: "127.0.0.1:" + strconv.Itoa(port),
		logPath:  logFile.Name(),
		exited:   make(chan struct{}),
	}
	s.cmd.Stdout, s.cmd.Stderr = logFile, logFile
	s.cmd.SysProcAttr = sysProcAttr()

	started := make(chan error, 1)
	go func() {
		// The parent-death signal of sysProcAttr follows the thread that started the child:
		// keep that thread, locked to this goroutine, for as long as the child lives.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := s.cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		s.waitErr = s.cmd.Wait()
		close(s.exited)
	}()
	if err := <-started; err != nil {
		_ = os.Remove(s.logPath)
		return nil, fmt.Errorf("start %s: %w", cli, err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if s.client, err = s.waitReady(ctx); err != nil {
		s.stop()
		return nil, fmt.Errorf("the Temporal dev server %s on %s did not become ready: %w; its log %s ends with:\n%s",
			cli, s.hostPort, err, s.logPath, tail(s.logPath))
	}
	return s, nil
}

// waitReady dials the server until it answers and lists every search attribute.
func (s *server) waitReady(ctx context.Context) (client.Client, error) {
	logger := log.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	return DialWhenReady(ctx, s.hostPort, logger, func() error {
		select {
		case <-s.exited:
			return fmt.Errorf("it exited: %w", s.waitErr)
		default:
			return nil
		}
	})
}

// DialWhenReady dials the dev server at hostPort until it answers and lists every search
// attribute of dsmarket, and returns the client. exited reports, when not nil, that the
// server's process has ended: waiting on is then pointless.
func DialWhenReady(ctx context.Context, hostPort string, logger log.Logger, exited func() error) (client.Client, error) {
	var lastErr error
	for {
		if err := exited(); err != nil {
			return nil, err
		}
		dialCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
		c, err := client.DialContext(dialCtx, client.Options{HostPort: hostPort, Namespace: Namespace, Logger: logger,
			ConnectionOptions: client.ConnectionOptions{GrpcCompression: &client.GrpcCompressionNone{}}})
		if err == nil {
			err = hasSearchAttributes(dialCtx, c)
			if err == nil {
				cancel()
				return c, nil
			}
			c.Close()
		}
		cancel()
		lastErr = err
		select {
		case <-ctx.Done():
			return nil, errors.Join(ctx.Err(), lastErr)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func hasSearchAttributes(ctx context.Context, c client.Client) error {
	resp, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: Namespace})
	if err != nil {
		return err
	}
	for _, k := range SearchAttributeKeys {
		if _, ok := resp.GetCustomAttributes()[k.GetName()]; !ok {
			return fmt.Errorf("search attribute %s is not registered yet", k.GetName())
		}
	}
	return nil
}

// stop interrupts the server and waits for it, killing it after 10 seconds.
func (s *server) stop() {
	_ = s.cmd.Process.Signal(os.Interrupt)
	select {
	case <-s.exited:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// tail returns the last few kilobytes of the file p.
func tail(p string) string {
	b, err := os.ReadFile(p) //nolint:gosec // our own log file
	if err != nil {
		return err.Error()
	}
	const n = 4096
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
