package bench

import (
	"bytes"
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/internal/syncbuf"
)

// TestRun_SmallRealRun runs the whole benchmark, small: real PostgreSQL (TEST_DATABASE_URL,
// else the server on 127.0.0.1:5432, as the store tests use) and a Temporal dev server from
// bin/temporal.
func TestRun_SmallRealRun(t *testing.T) {
	admin := os.Getenv("TEST_DATABASE_URL")
	if admin == "" {
		admin = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	getenv := func(k string) string {
		if k == "DATABASE_URL" {
			return admin
		}
		return os.Getenv(k)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// The SDK's pollers may still log through Run's logger after Run returns, from
	// goroutines this test does not own: the buffer they write to must be synchronised.
	var log syncbuf.Buffer
	res, err := Run(ctx, Options{N: 4, C: 2, Warmup: 1, HistorySample: 2, Rounds: 3, Getenv: getenv, Log: &log, QualityN: 30})
	require.NoError(t, err, log.String())

	for _, ph := range []Phase{res.Orders, res.Bare} {
		require.Equal(t, 4, ph.Cases)
		require.Equal(t, 4, ph.Completed)
		require.Zero(t, ph.Failed)
		require.Positive(t, ph.CasesPerSecond())
		require.Len(t, ph.WorkflowIDs, 4)
		require.ElementsMatch(t, slices.Compact(slices.Sorted(slices.Values(ph.WorkflowIDs))), ph.WorkflowIDs,
			"every round's cases are cases of their own")
	}
	require.Equal(t, 3, res.Rounds)
	for _, a := range OrderActions {
		require.Len(t, res.Orders.Latencies[a], 4, a)
	}
	for _, a := range BareActions {
		require.Len(t, res.Bare.Latencies[a], 4, a)
	}
	require.Equal(t, 2, res.OrderHistory.Sample)
	require.Greater(t, res.OrderHistory.Max, res.BareHistory.Max, "an order does more than a bare workflow")
	require.NoError(t, res.MemoryErr)
	require.Positive(t, res.Memory.RSS)
	require.Positive(t, res.Ratio())
	require.NotNil(t, res.Quality, "the quality cycle ran")
	require.Equal(t, 30, res.Quality.Started)
	require.Equal(t, 1, res.Quality.Runs)

	var out bytes.Buffer
	require.NoError(t, res.Report(&out))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.True(t, strings.HasPrefix(lines[len(lines)-1], "ratio_order_vs_bare="), out.String())
	t.Log("\n" + out.String())
}
