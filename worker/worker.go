// Package worker registers every workflow and activity on a Temporal worker. It is
// importable so that tests and `dsmarket dev` run the same registration as production.
package worker

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
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
	w.RegisterWorkflow(workflows.Order)
	w.RegisterWorkflow(workflows.Application)
	w.RegisterWorkflow(workflows.CommitteeSession)
	w.RegisterWorkflow(workflows.Housekeeping)
	w.RegisterWorkflow(workflows.ServiceWatch)
	w.RegisterWorkflow(workflows.ServiceWatchSweep)
	w.RegisterWorkflow(workflows.DirectContract)
	w.RegisterWorkflow(workflows.ChangeRequest)
	w.RegisterWorkflow(workflows.QualityCase)
	w.RegisterWorkflow(workflows.QualityCycle)
	w.RegisterActivity(acts)
	return w
}

// EnsureSchedules creates the Schedules of dsmarket if they do not exist yet: the nightly
// housekeeping at 03:00 and the service-watch sweep at 02:00, Asia/Seoul, and the yearly
// quality cycle (quality.cycle_calendar, March 2 09:00 Seoul). Every worker
// calls it at start; the first one creates, the others find them there. An existing
// Schedule is left as it is, so an operator's change (a pause, another time) survives
// restarts.
func EnsureSchedules(ctx context.Context, c client.Client, taskQueue string) error {
	_, err := c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID: flow.HousekeepingScheduleID,
		Spec: client.ScheduleSpec{
			Calendars:    []client.ScheduleCalendarSpec{{Hour: []client.ScheduleRange{{Start: 3}}, Comment: "nightly, 03:00 Seoul"}},
			TimeZoneName: "Asia/Seoul",
		},
		Action: &client.ScheduleWorkflowAction{
			ID: "housekeeping", Workflow: workflows.Housekeeping, TaskQueue: taskQueue,
		},
		Overlap: enums.SCHEDULE_OVERLAP_POLICY_SKIP,
	})
	if err != nil && !errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		return fmt.Errorf("create schedule %s: %w", flow.HousekeepingScheduleID, err)
	}
	// The sweep starts the continuous inspection of services that have none yet (those
	// selected during the day among them). Overlap SKIP: a sweep still paging through a
	// large catalog is not raced by the next.
	_, err = c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID: flow.ServiceWatchScheduleID,
		Spec: client.ScheduleSpec{
			Calendars:    []client.ScheduleCalendarSpec{{Hour: []client.ScheduleRange{{Start: 2}}, Comment: "nightly, 02:00 Seoul"}},
			TimeZoneName: "Asia/Seoul",
		},
		Action: &client.ScheduleWorkflowAction{
			ID: "service-watch-sweep", Workflow: workflows.ServiceWatchSweep, TaskQueue: taskQueue,
			Args: []any{&flow.ServiceWatchSweepInput{}},
		},
		Overlap: enums.SCHEDULE_OVERLAP_POLICY_SKIP,
	})
	if err != nil && !errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		return fmt.Errorf("create schedule %s: %w", flow.ServiceWatchScheduleID, err)
	}
	// The yearly regular quality inspection, on the calendar of the rule table in force now.
	_, err = c.ScheduleClient().Create(ctx, workflows.QualityCycleSchedule(taskQueue, time.Now()))
	if err != nil && !errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		return fmt.Errorf("create schedule %s: %w", flow.QualityCycleScheduleID, err)
	}
	return nil
}

// Run runs the worker until ctx is done, then stops it gracefully.
func Run(ctx context.Context, c client.Client, acts *activities.Activities) error {
	if err := EnsureSchedules(ctx, c, flow.TaskQueue); err != nil {
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
