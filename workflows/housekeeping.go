package workflows

import (
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/workflow"
)

var housekeepingOptions = workflow.ActivityOptions{StartToCloseTimeout: 5 * time.Minute}

// Housekeeping forgets Idempotency-Keys past their retention, so that the table of keys
// does not grow for ever. A Schedule starts it (worker.EnsureSchedules); a failed run is
// retried by the activity's default policy and the next night's run catches up.
func Housekeeping(ctx workflow.Context) (*flow.HousekeepingResult, error) {
	var res flow.HousekeepingResult
	actx := workflow.WithActivityOptions(ctx, housekeepingOptions)
	if err := workflow.ExecuteActivity(actx, acts.PurgeIdempotencyKeys).Get(ctx, &res.PurgedIdempotencyKeys); err != nil {
		return nil, err
	}
	return &res, nil
}
