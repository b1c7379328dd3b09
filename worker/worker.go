// Package worker registers every workflow and activity on a Temporal worker. It is
// importable so that tests and `dsmarket dev` run the same registration as production.
//
// At each start a worker also makes dsmarket's Schedules follow the rule table in force
// (EnsureSchedules, schedules.go): the nightly housekeeping and service-watch sweep are
// created when absent; the yearly quality cycle (quality.cycle_calendar) and the
// committee's cadence (committee.cadence) are created when absent and, when a rule has
// changed, their spec is updated in place, keeping an operator's pause and note. Their
// catch-up window and overlap policy are set explicitly, so that a run missed while the
// cluster was down runs once when it comes back (docs/schedules.md).
package worker

import (
	"context"
	"log/slog"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/workflows"
)

// New returns a worker on the dsmarket task queue with everything registered.
func New(c client.Client, acts *activities.Activities) sdkworker.Worker {
	return NewOn(c, flow.TaskQueue, acts)
}

// Options are the worker's settings; the benchmark's bare worker takes the same, so that
// the comparison is of the work, not of the pollers.
var Options = sdkworker.Options{MaxConcurrentWorkflowTaskPollers: 8}

// NewOn is New on another task queue, for tests that share one server.
func NewOn(c client.Client, taskQueue string, acts *activities.Activities) sdkworker.Worker {
	w := sdkworker.New(c, taskQueue, Options)
	for _, wf := range workflows.All() {
		w.RegisterWorkflow(wf)
	}
	w.RegisterActivity(acts)
	return w
}

// Run runs the worker until ctx is done, then stops it gracefully.
func Run(ctx context.Context, c client.Client, acts *activities.Activities) error {
	logger := slog.Default()
	if acts != nil && acts.Logger != nil {
		logger = acts.Logger
	}
	if _, err := EnsureSchedulesFor(ctx, c, flow.TaskQueue, ScheduleRulesAt(time.Now()), logger); err != nil {
		return err
	}
	w := New(c, acts)
	if err := w.Start(); err != nil {
		return err
	}
	<-ctx.Done()
	w.Stop()
	return nil
}
