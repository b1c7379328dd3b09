package app

import (
	"context"

	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/workflows/flow"
)

// afterStep reads the case a human step has just changed, for the caller's answer. A step's
// Update answers only its status and version (flow.StepResult): the case comes from the
// projection, which the step wrote before answering, or from the workflow when the
// projection has not caught up with that version (a step whose answer waited on the case
// moving further, as a session's close does).
func afterStep[T any](ctx context.Context, tc client.Client, workflowID, query string, r flow.StepResult,
	fromStore func(context.Context) (*T, error), version func(*T) int) (*T, error) {
	if p, err := fromStore(ctx); err == nil && version(p) >= r.Version {
		return p, nil
	}
	var v T
	if err := queryCase(ctx, tc, workflowID, query, &v); err != nil {
		return nil, temporalFailure(err, "read "+workflowID+" after its step")
	}
	return &v, nil
}
