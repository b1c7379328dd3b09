package bench

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/internal/syncbuf"
)

// TestSearch_SmallRealRun runs the search benchmark small, on real PostgreSQL: every
// request answers, both sizes are measured, and the report ends with the two ratios. It
// asserts no latency: the figures are for BENCHMARKS.md.
func TestSearch_SmallRealRun(t *testing.T) {
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
	var log syncbuf.Buffer
	res, err := Search(ctx, SearchOptions{N: 40, C: 2, Small: 60, Large: 2500, PageSize: 20, Getenv: getenv, Log: &log})
	require.NoError(t, err, log.String())

	for _, s := range []SearchSize{res.Small, res.Large} {
		require.Equal(t, 40, s.Search.N)
		require.Equal(t, 40, s.Get.N)
		require.Positive(t, s.Search.P99)
		require.Positive(t, s.Get.P99)
	}
	require.Equal(t, []int{60, 2500}, []int{res.Small.Services, res.Large.Services})
	require.Positive(t, res.SearchVsGet())
	require.Positive(t, res.LargeVsSmall())

	var out bytes.Buffer
	require.NoError(t, res.Report(&out))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.True(t, strings.HasPrefix(lines[len(lines)-2], "ratio_search_vs_get="), out.String())
	require.True(t, strings.HasPrefix(lines[len(lines)-1], "ratio_search_large_vs_small="), out.String())
	t.Log("\n" + out.String())
}
