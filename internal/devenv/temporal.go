package devenv

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"github.com/dsmarket/dsmarket/internal/devenv/temporalcli"
)

// Defaults of TemporalOptions.
const (
	DefaultDataDir          = ".data"
	DefaultTemporalHostPort = "127.0.0.1:7233"
	DefaultTemporalUIPort   = "8233"
	// Namespace is the Temporal namespace dsmarket runs in.
	Namespace = "default"
)

// TemporalOptions configures StartTemporal. Zero fields take the defaults above.
type TemporalOptions struct {
	// DataDir holds temporal.db (the persistent SQLite store) and temporal.log.
	DataDir string
	// HostPort is where the frontend gRPC service listens.
	HostPort string
	// UIPort is the Web UI's port, on the host of HostPort.
	UIPort string
	// Stdout and Stderr receive the server's output; nil means <DataDir>/temporal.log.
	Stdout, Stderr io.Writer
	// Logger is the logger of the returned client; nil means the SDK's default logger.
	Logger log.Logger
	// ExtraArgs are passed to `temporal server start-dev` as they are.
	ExtraArgs []string
}

// StartTemporal starts `temporal server start-dev` from cliPath with a persistent store in
// <DataDir>/temporal.db, the Web UI, the namespace "default" and every search attribute of
// flow.SearchAttributeKeys. The caller stops it with Stop and closes its Client.
// Note that the SDK leaves the process running if it never becomes ready: the error then
// names the log to read.
func StartTemporal(ctx context.Context, cliPath string, o TemporalOptions) (*testsuite.DevServer, error) {
	if o.DataDir == "" {
		o.DataDir = DefaultDataDir
	}
	if o.HostPort == "" {
		o.HostPort = DefaultTemporalHostPort
	}
	if o.UIPort == "" {
		o.UIPort = DefaultTemporalUIPort
	}
	dataDir, err := filepath.Abs(o.DataDir)
	if err != nil {
		return nil, fmt.Errorf("start Temporal: %w", err)
	}
	if err := os.MkdirAll(dataDir, 0o750); err != nil {
		return nil, fmt.Errorf("start Temporal: %w", err)
	}
	host, _, err := net.SplitHostPort(o.HostPort)
	if err != nil {
		return nil, fmt.Errorf("start Temporal: host:port %q: %w", o.HostPort, err)
	}
	for _, addr := range []string{o.HostPort, net.JoinHostPort(host, o.UIPort)} {
		if err := temporalcli.CheckFree(addr); err != nil {
			return nil, fmt.Errorf("start Temporal: %w (is another `dsmarket dev` or `temporal server start-dev` running? stop it first)", err)
		}
	}
	sa, err := SearchAttributes()
	if err != nil {
		return nil, fmt.Errorf("start Temporal: %w", err)
	}

	logPath := filepath.Join(dataDir, "temporal.log")
	where := "the given writers"
	if o.Stdout == nil || o.Stderr == nil {
		f, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
		if err != nil {
			return nil, fmt.Errorf("start Temporal: %w", err)
		}
		// The server gets its own copy of the descriptor; ours is not needed after the start.
		defer func() { _ = f.Close() }()
		_, _ = fmt.Fprintf(f, "\n==== %s: starting %s\n", time.Now().Format(time.RFC3339), cliPath)
		if o.Stdout == nil {
			o.Stdout = f
		}
		if o.Stderr == nil {
			o.Stderr = f
		}
		where = logPath
	}

	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	srv, err := testsuite.StartDevServer(ctx, testsuite.DevServerOptions{
		ExistingPath: cliPath,
		// No gzip to a server on this machine, as dsmarket's own default
		// (TEMPORAL_GRPC_COMPRESSION).
		ClientOptions: &client.Options{HostPort: o.HostPort, Namespace: Namespace, Logger: o.Logger,
			ConnectionOptions: client.ConnectionOptions{GrpcCompression: &client.GrpcCompressionNone{}}},
		DBFilename:       filepath.Join(dataDir, "temporal.db"),
		EnableUI:         true,
		UIPort:           o.UIPort,
		SearchAttributes: sa,
		Stdout:           o.Stdout,
		Stderr:           o.Stderr,
		ExtraArgs:        o.ExtraArgs,
	})
	if err != nil {
		return nil, fmt.Errorf("start Temporal dev server %s on %s (output in %s): %w", cliPath, o.HostPort, where, err)
	}
	return srv, nil
}
