package bench

import (
	"bytes"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestPercentile(t *testing.T) {
	ms := func(vs ...int) []time.Duration {
		out := make([]time.Duration, len(vs))
		for i, v := range vs {
			out[i] = time.Duration(v) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = 100 - i // 100 … 1, unsorted
	}
	for _, tc := range []struct {
		name string
		ds   []time.Duration
		p    float64
		want time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one", ms(7), 99, 7 * time.Millisecond},
		{"one_p0", ms(7), 0, 7 * time.Millisecond},
		{"median_odd", ms(5, 1, 3), 50, 3 * time.Millisecond},
		{"median_even_lower", ms(4, 1, 3, 2), 50, 2 * time.Millisecond},
		{"p99_of_100_is_99th", ms(hundred...), 99, 99 * time.Millisecond},
		{"p50_of_100", ms(hundred...), 50, 50 * time.Millisecond},
		{"p100_is_max", ms(hundred...), 100, 100 * time.Millisecond},
		{"p99_of_10_is_max", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 99, 10 * time.Millisecond},
		{"above_100_clamps", ms(1, 2), 150, 2 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := append([]time.Duration(nil), tc.ds...)
			require.Equal(t, tc.want, Percentile(tc.ds, tc.p))
			require.Equal(t, before, tc.ds, "the input is not reordered")
		})
	}
}

func TestSummarize(t *testing.T) {
	l := Summarize([]time.Duration{3, 1, 2})
	require.Equal(t, Latency{N: 3, P50: 2, P99: 3, Max: 3}, l)
	require.Equal(t, Latency{}, Summarize(nil))
}

func TestParseProcStatus(t *testing.T) {
	const status = "Name:\tdsmarket\nVmPeak:\t 2000000 kB\nVmHWM:\t  150000 kB\nVmRSS:\t  123456 kB\nThreads:\t12\n"
	m, err := ParseProcStatus(strings.NewReader(status))
	require.NoError(t, err)
	require.Equal(t, Memory{RSS: 123456 * 1024, Peak: 150000 * 1024}, m)

	m, err = ParseProcStatus(strings.NewReader("VmRSS:\t 10 kB\n"))
	require.NoError(t, err)
	require.Equal(t, Memory{RSS: 10 * 1024}, m, "VmHWM is optional")

	for name, bad := range map[string]string{
		"no_VmRSS":    "Name:\tx\nVmHWM:\t1 kB\n",
		"not_number":  "VmRSS:\tlots kB\n",
		"wrong_unit":  "VmRSS:\t10 MB\n",
		"no_unit":     "VmRSS:\t10\n",
		"negative":    "VmRSS:\t-10 kB\n",
		"empty_input": "",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := ParseProcStatus(strings.NewReader(bad))
			require.Error(t, err)
		})
	}
}

func TestReadMemory(t *testing.T) {
	if runtime.GOOS != "linux" {
		_, err := ReadMemory()
		require.Error(t, err)
		return
	}
	m, err := ReadMemory()
	require.NoError(t, err)
	require.Greater(t, m.RSS, int64(1<<20))
	require.GreaterOrEqual(t, m.Peak, m.RSS)
}

func TestSpread(t *testing.T) {
	s := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}
	require.Equal(t, []string{"a", "c", "e", "g", "i"}, spread(s, 5))
	require.Equal(t, s, spread(s, 20))
	require.Empty(t, spread(s, 0))
	require.Empty(t, spread(nil, 3))
}

func TestWithDatabase(t *testing.T) {
	got, err := withDatabase("postgres://postgres@127.0.0.1:5432/dsmarket?sslmode=disable", "postgres")
	require.NoError(t, err)
	require.Equal(t, "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", got)
	got, err = withDatabase("postgresql://u:p@h/", "b")
	require.NoError(t, err)
	require.Equal(t, "postgresql://u:p@h/b", got)
	got, err = withDatabase("host=h user=u dbname=dsmarket", "b")
	require.NoError(t, err)
	require.Equal(t, "host=h user=u dbname=dsmarket dbname=b", got)
}

func TestReport_LastLineIsRatio(t *testing.T) {
	r := Result{N: 10, C: 10,
		Orders: Phase{Cases: 10, Completed: 10, Wall: 2 * time.Second, Latencies: map[string][]time.Duration{
			ActionCreate: {10 * time.Millisecond}, ActionProposal: {20 * time.Millisecond},
			ActionEvaluation: {30 * time.Millisecond}, ActionNegotiation: {200 * time.Millisecond}}},
		Bare: Phase{Cases: 10, Completed: 10, Wall: time.Second, Latencies: map[string][]time.Duration{
			BareActions[0]: {5 * time.Millisecond}, BareActions[1]: {10 * time.Millisecond},
			BareActions[2]: {15 * time.Millisecond}, BareActions[3]: {100 * time.Millisecond}}},
		OrderHistory: Events{Sample: 2, Avg: 30, Max: 31},
		Memory:       Memory{RSS: 100 << 20, Peak: 120 << 20},
	}
	var out bytes.Buffer
	require.NoError(t, r.Report(&out))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Equal(t, "ratio_order_vs_bare=0.50", lines[len(lines)-1])
	text := out.String()
	require.Contains(t, text, "orders_rest: n=10 c=10 wall=2.000s cases_per_s=5.00")
	require.Contains(t, text, "bare_workflows: n=10 c=10 wall=1.000s cases_per_s=10.00")
	require.Contains(t, text, "action_latency_ms: p50=20.0 p99=200.0 max=200.0 (n=4 actions")
	require.Contains(t, text, "worker_rss_mb=100.0")
	require.Contains(t, text, "target ratio>=0.7: NOT met (0.50)")
	require.Contains(t, text, "target action_p99<=100ms at c=10: NOT met")
	require.Contains(t, text, "target history_events<=40 per completed order: met (max 31 of 2 sampled)")
	// p50 of 10, 20, 30, 200 ms over p50 of 5, 10, 15, 100 ms.
	require.Contains(t, text, "target action_p50<=1.5x bare_call_p50: NOT met (2.00 at c=10; 95% bootstrap interval 2.00–2.00, from which calls were sampled, not the drift between runs)")
}
