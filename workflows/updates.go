package workflows

import "go.temporal.io/sdk/workflow"

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
