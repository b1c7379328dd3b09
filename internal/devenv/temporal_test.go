package devenv

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/sdk/log"

	"github.com/dsmarket/dsmarket/internal/devenv/temporalcli"
)

// TestStartTemporal starts the dev server twice on one data directory: the second start
// finds its store and search attributes already there.
func TestStartTemporal(t *testing.T) {
	cli, err := TemporalCLIPath(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	quiet := log.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
	for run := 1; run <= 2; run++ {
		port, err := temporalcli.FreePort()
		if err != nil {
			t.Fatal(err)
		}
		uiPort, err := temporalcli.FreePort()
		if err != nil {
			t.Fatal(err)
		}
		hostPort := "127.0.0.1:" + strconv.Itoa(port)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		srv, err := StartTemporal(ctx, cli, TemporalOptions{
			DataDir: dataDir, HostPort: hostPort, UIPort: strconv.Itoa(uiPort), Logger: quiet,
		})
		if err != nil {
			cancel()
			t.Fatalf("run %d: %v", run, err)
		}
		if srv.FrontendHostPort() != hostPort {
			t.Errorf("run %d: FrontendHostPort = %s, want %s", run, srv.FrontendHostPort(), hostPort)
		}
		resp, err := srv.Client().OperatorService().ListSearchAttributes(ctx,
			&operatorservice.ListSearchAttributesRequest{Namespace: Namespace})
		if err != nil {
			t.Errorf("run %d: ListSearchAttributes: %v", run, err)
		}
		for _, k := range flow.SearchAttributeKeys {
			if typ, ok := resp.GetCustomAttributes()[k.GetName()]; !ok || typ != k.GetValueType() {
				t.Errorf("run %d: search attribute %s: registered %v (%v), want %v", run, k.GetName(), ok, typ, k.GetValueType())
			}
		}
		srv.Client().Close()
		if err := srv.Stop(); err != nil {
			t.Errorf("run %d: Stop: %v", run, err)
		}
		cancel()
	}
	for _, f := range []string{"temporal.db", "temporal.log"} {
		if _, err := os.Stat(filepath.Join(dataDir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestStartTemporalErrPortInUse(t *testing.T) {
	cli, err := TemporalCLIPath(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	l, err := netListen(t)
	if err != nil {
		t.Fatal(err)
	}
	_, err = StartTemporal(context.Background(), cli, TemporalOptions{DataDir: t.TempDir(), HostPort: l})
	if err == nil || !strings.Contains(err.Error(), "already in use") {
		t.Errorf("StartTemporal on a port in use: %v, want already in use", err)
	}
}
