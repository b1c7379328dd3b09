package workflows

import (
	"context"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/workflow"
)

// update is one human step of a workflow: its handler changes the case, its validator
// refuses a step the case does not allow before anything enters the history.
type update struct {
	name      string
	handler   any
	validator any
}

func setUpdates(ctx workflow.Context, updates ...update) error {
	for _, u := range updates {
		if err := workflow.SetUpdateHandlerWithOptions(ctx, u.name, u.handler,
			workflow.UpdateHandlerOptions{Validator: u.validator}); err != nil {
			return err
		}
	}
	return nil
}

// persistCase is every case workflow's projection write: the status search attribute (for
// the Web UI's filters) and then the case itself through a local activity, one marker
// event. A failed write is logged, not fatal: the local activity retries for as long as
// the database is down, and the workflow stays the truth meanwhile. shown, when not nil,
// is the status last upserted, so that a case whose status did not change adds no event;
// it is updated before the write yields, so that an Update handler persisting meanwhile
// does not upsert the same status again.
func persistCase[T any](ctx workflow.Context, status string, shown *string, save func(context.Context, T) error, v T, what, id string) {
	logger := workflow.GetLogger(ctx)
	if shown == nil || *shown != status {
		if err := workflow.UpsertTypedSearchAttributes(ctx, flow.SACaseStatus.ValueSet(status)); err != nil {
			logger.Error("search attribute upsert failed", "error", err)
		}
		if shown != nil {
			*shown = status
		}
	}
	lctx := workflow.WithLocalActivityOptions(ctx, localOptions)
	if err := workflow.ExecuteLocalActivity(lctx, save, v).Get(ctx, nil); err != nil {
		logger.Error(what+" projection write failed", what, id, "error", err)
	}
}
