package bench

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// Targets of the benchmark (the issue that asked for it).
const (
	TargetRatio         = 0.7
	TargetActionP99     = 100 * time.Millisecond
	TargetActionC       = 10 // the concurrency the latency target is stated for
	TargetHistoryEvents = 40
	// TargetActionVsBare bounds a human action's p50 over a bare Update's (issue 11), at
	// 1 and at 10 concurrent.
	TargetActionVsBare = 1.5
)

// Report writes the result, one figure per line; the last line is
// ratio_order_vs_bare=<x>. A missed target is reported, not an error.
func (r Result) Report(w io.Writer) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	phase := func(name string, ph Phase) {
		p("%s: n=%d c=%d wall=%.3fs cases_per_s=%.2f completed=%d failed=%d",
			name, r.N, r.C, ph.Wall.Seconds(), ph.CasesPerSecond(), ph.Completed, ph.Failed)
	}
	if r.TemporalStore != "" {
		p("temporal_store: %s", r.TemporalStore)
	}
	if r.Rounds > 1 {
		p("rounds: %d (orders and bare workflows alternate, ABBA; walls are summed)", r.Rounds)
	}
	phase("orders_rest", r.Orders)
	phase("bare_workflows", r.Bare)
	failures := func(name string, ph Phase) {
		if len(ph.FailuresBy) == 0 {
			return
		}
		kinds := slices.Sorted(maps.Keys(ph.FailuresBy))
		parts := make([]string, len(kinds))
		for i, k := range kinds {
			parts[i] = fmt.Sprintf("%q=%d", k, ph.FailuresBy[k])
		}
		p("%s_failures: %s", name, strings.Join(parts, " "))
	}
	failures("orders_rest", r.Orders)
	failures("bare_workflows", r.Bare)

	all := Summarize(r.Orders.All(OrderActions))
	p("action_latency_ms: p50=%s p99=%s max=%s (n=%d actions: POST sent → answer read showing the new status; %s)",
		ms(all.P50), ms(all.P99), ms(all.Max), all.N, strings.Join(OrderActions, ", "))
	for _, a := range OrderActions {
		l := Summarize(r.Orders.Latencies[a])
		p("action_latency_ms.%s: p50=%s p99=%s max=%s n=%d", a, ms(l.P50), ms(l.P99), ms(l.Max), l.N)
	}
	bare := Summarize(r.Bare.All(BareActions))
	p("bare_call_latency_ms: p50=%s p99=%s max=%s (n=%d calls: start and 3 Updates waited to completion, Temporal client)",
		ms(bare.P50), ms(bare.P99), ms(bare.Max), bare.N)
	for _, a := range BareActions {
		l := Summarize(r.Bare.Latencies[a])
		p("bare_call_latency_ms.%s: p50=%s p99=%s max=%s n=%d", a, ms(l.P50), ms(l.P99), ms(l.Max), l.N)
	}
	for _, u := range BareActions[1:] {
		o, b := Summarize(r.OrderHistory.TaskTime[u]), Summarize(r.BareHistory.TaskTime[u])
		p("worker_task_ms.%s: orders p50=%s bare p50=%s (the workflow task that accepted the Update, WorkflowTaskStarted to Completed; n=%d and %d)",
			u, ms(o.P50), ms(b.P50), o.N, b.N)
	}
	p("history_events_per_order: avg=%.1f max=%d (sample of %d completed orders)",
		r.OrderHistory.Avg, r.OrderHistory.Max, r.OrderHistory.Sample)
	p("history_events_per_bare_workflow: avg=%.1f max=%d (sample of %d)",
		r.BareHistory.Avg, r.BareHistory.Max, r.BareHistory.Sample)
	if r.MemoryErr != nil {
		p("worker_rss_mb=unknown (%v)", r.MemoryErr)
	} else {
		p("worker_rss_mb=%.1f (VmRSS after the run of the whole bench process: worker, API, clients and load generator; "+
			"not the Temporal server or PostgreSQL; peak VmHWM=%.1f MB)", mb(r.Memory.RSS), mb(r.Memory.Peak))
	}

	if r.Quality != nil {
		if err := r.Quality.Report(&b); err != nil {
			return err
		}
	}

	ratio := r.Ratio()
	p("target ratio>=%.1f: %s (%.2f)", TargetRatio, met(ratio >= TargetRatio), ratio)
	at := ""
	if r.C != TargetActionC {
		at = fmt.Sprintf("; measured at c=%d", r.C)
	}
	p("target action_p99<=%dms at c=%d: %s (%s ms%s)", TargetActionP99.Milliseconds(), TargetActionC,
		met(all.N > 0 && all.P99 <= TargetActionP99), ms(all.P99), at)
	p("target history_events<=%d per completed order: %s (max %d of %d sampled)", TargetHistoryEvents,
		met(r.OrderHistory.Sample > 0 && r.OrderHistory.Max <= TargetHistoryEvents), r.OrderHistory.Max, r.OrderHistory.Sample)
	// Each action against its bare counterpart (the create against a start, each step
	// against the same Update), so that the pooled figure below can be read apart.
	for i, a := range OrderActions {
		o, b := Summarize(r.Orders.Latencies[a]), Summarize(r.Bare.Latencies[BareActions[i]])
		if o.N > 0 && b.N > 0 && b.P50 > 0 {
			p("action_vs_bare_p50.%s: %.2fx (%s against %s ms, %s)", a, float64(o.P50)/float64(b.P50), ms(o.P50), ms(b.P50), BareActions[i])
		}
	}
	if bare.N > 0 && bare.P50 > 0 && all.N > 0 {
		x := float64(all.P50) / float64(bare.P50)
		spread := ""
		if iv, ok := P50RatioInterval(r.Orders.Groups(OrderActions), r.Bare.Groups(BareActions)); ok {
			spread = fmt.Sprintf("; 95%% bootstrap interval %.2f–%.2f, from which calls were sampled, not the drift between runs", iv.Lo, iv.Hi)
		}
		p("target action_p50<=%.1fx bare_call_p50: %s (%.2f at c=%d%s)", TargetActionVsBare, met(x <= TargetActionVsBare), x, r.C, spread)
	}
	p("ratio_order_vs_bare=%.2f", ratio)
	_, err := io.WriteString(w, b.String())
	return err
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }

func mb(bytes int64) float64 { return float64(bytes) / (1 << 20) }

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT met"
}
