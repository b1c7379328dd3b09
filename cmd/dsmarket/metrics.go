package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.temporal.io/sdk/client"
	temporalotel "go.temporal.io/sdk/contrib/opentelemetry"

	"github.com/dsmarket/dsmarket/store"
)

// newRegistry is a process's metrics: the Go runtime's and the process's, ours (HTTP,
// mail), and the Temporal SDK's (temporalMetrics).
func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// sdkSecondsBuckets are the Temporal SDK's latencies' buckets, in seconds: a step's
// Update takes milliseconds, a workflow task's schedule-to-start tells a worker too busy or
// gone at seconds to minutes. OpenTelemetry's default buckets (0 to 10,000) are for
// milliseconds and would put every SDK latency in the first two.
var sdkSecondsBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300}

// temporalMetrics exports the Temporal SDK's own metrics on reg, beside ours: its workflow
// and activity tasks (temporal_workflow_task_execution_failed_total counts a task that
// panicked or did not replay, temporal_activity_execution_failed_total an attempt that
// failed, as against a database that is down) and its calls to the server. The alert rules
// (deploy/prometheus/dsmarket-alerts.yaml) read them. Through OpenTelemetry because the
// SDK's Prometheus adapter (contrib/tally) is not published as a module.
func temporalMetrics(reg prometheus.Registerer, logger *slog.Logger) (client.MetricsHandler, error) {
	exp, err := otelprom.New(otelprom.WithRegisterer(reg), otelprom.WithoutScopeInfo(), otelprom.WithoutTargetInfo())
	if err != nil {
		return nil, fmt.Errorf("export the Temporal SDK's metrics: %w", err)
	}
	seconds := sdkmetric.NewView(sdkmetric.Instrument{Kind: sdkmetric.InstrumentKindHistogram},
		sdkmetric.Stream{Aggregation: sdkmetric.AggregationExplicitBucketHistogram{Boundaries: sdkSecondsBuckets}})
	meter := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exp), sdkmetric.WithView(seconds)).Meter("temporal-sdk-go")
	return temporalotel.NewMetricsHandler(temporalotel.MetricsHandlerOptions{Meter: meter, UseMonotonicCounters: true,
		// A metric that cannot be recorded is not worth a case: the default panics.
		OnError: func(err error) { logger.Warn("a Temporal SDK metric was not recorded", "error", err) }}), nil
}

// auditCollector reports the audit chain's sealing lag on every scrape (one query over a
// table that holds steps for milliseconds): the steps staged and not yet chained, and how
// long the oldest has waited. A read that fails reports nothing, rather than failing the
// whole scrape when the database is down, which other alerts say.
type auditCollector struct {
	st            *store.Store
	logger        *slog.Logger
	steps, oldest *prometheus.Desc
}

func newAuditCollector(st *store.Store, logger *slog.Logger) auditCollector {
	return auditCollector{st: st, logger: logger,
		steps: prometheus.NewDesc("dsmarket_audit_unsealed_steps",
			"Decisions staged for the audit chain and not yet sealed into it.", nil, nil),
		oldest: prometheus.NewDesc("dsmarket_audit_unsealed_oldest_seconds",
			"How long the oldest decision staged for the audit chain has waited to be sealed.", nil, nil)}
}

func (c auditCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.steps; ch <- c.oldest }

func (c auditCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	n, lag, err := c.st.AuditUnsealed(ctx, time.Now())
	if err != nil {
		c.logger.Warn("the audit chain's lag was not read for /metrics", "error", err)
		return
	}
	ch <- prometheus.MustNewConstMetric(c.steps, prometheus.GaugeValue, float64(n))
	ch <- prometheus.MustNewConstMetric(c.oldest, prometheus.GaugeValue, lag.Seconds())
}
