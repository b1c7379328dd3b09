// Package worker registers every workflow and activity on a Temporal worker. It is
// importable so that tests and `dsmarket dev` run the same registration as production.
package worker

import (
	"context"

	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/workflows"
)

// New returns a worker on the dsmarket task queue with everything registered.
func New(c client.Client, acts *activities.Activities) sdkworker.Worker {
	return NewOn(c, workflows.TaskQueue, acts)
}

// NewOn is New on another task queue, for tests that share one server.
func NewOn(c client.Client, taskQueue string, acts *activities.Activities) sdkworker.Worker {
	w := sdkworker.New(c, taskQueue, sdkworker.Options{MaxConcurrentWorkflowTaskPollers: 8})
	w.RegisterWorkflow(workflows.Order)
	w.RegisterWorkflow(workflows.Application)
	w.RegisterWorkflow(workflows.CommitteeSession)
	w.RegisterActivity(acts)
	return w
}

// Run runs the worker until ctx is done, then stops it gracefully.
func Run(ctx context.Context, c client.Client, acts *activities.Activities) error {
	w := New(c, acts)
	if err := w.Start(); err != nil {
		return err
	}
	<-ctx.Done()
	w.Stop()
	return nil
}
