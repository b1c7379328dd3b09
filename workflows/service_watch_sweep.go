package workflows

import (
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
)

// sweepOptions: a page is at most 500 starts of a few milliseconds each; a failed page is
// retried by the default policy, and starting is idempotent.
var sweepOptions = workflow.ActivityOptions{StartToCloseTimeout: 10 * time.Minute}

// ServiceWatchSweep starts the watch of every catalog service that has none yet: services
// selected through Process 1 since the last night, and any whose watch was never started.
// The Schedule dsmarket-service-watch runs it at 02:00 Asia/Seoul (worker.EnsureSchedules).
// Each run handles one keyset page of at most 500 services and continues as new with the
// next, so that a sweep over 50,000 services keeps every history to about a dozen events.
func ServiceWatchSweep(ctx workflow.Context, in *flow.ServiceWatchSweepInput) (*flow.ServiceWatchSweepResult, error) {
	if in == nil {
		in = &flow.ServiceWatchSweepInput{}
	}
	size := in.PageSize
	if size <= 0 || size > models.MaxPageSize {
		size = models.MaxPageSize
	}
	actx := workflow.WithActivityOptions(ctx, sweepOptions)
	var ids []string
	if err := workflow.ExecuteActivity(actx, acts.UnwatchedServices,
		activities.UnwatchedServicesInput{After: in.After, Limit: size}).Get(ctx, &ids); err != nil {
		return nil, err
	}
	ensured := in.Ensured
	if len(ids) > 0 {
		var n int
		if err := workflow.ExecuteActivity(actx, acts.StartServiceWatches, ids).Get(ctx, &n); err != nil {
			return nil, err
		}
		ensured += n
	}
	if len(ids) == size {
		return nil, workflow.NewContinueAsNewError(ctx, ServiceWatchSweep,
			&flow.ServiceWatchSweepInput{After: ids[len(ids)-1], PageSize: in.PageSize, Ensured: ensured})
	}
	return &flow.ServiceWatchSweepResult{Ensured: ensured}, nil
}
