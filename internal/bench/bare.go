package bench

import (
	"fmt"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/models"
)

// BareOrder is the yardstick of the benchmark: a workflow that takes the order workflow's
// three human steps as the same Updates (same names, same argument types) and returns,
// with trivial validators, no activities, no database, no search attributes. It ends after
// the third Update. What the real order costs beyond it is the price of the API, the
// database and the business rules.
func BareOrder(ctx workflow.Context, _ *flow.OrderInput) (models.OrderStatus, error) {
	status := models.OrderProposalRequested
	step := func(name string, from, to models.OrderStatus) (handler func() (models.OrderStatus, error), validator func() error) {
		validator = func() error {
			if status != from {
				return temporal.NewApplicationError(fmt.Sprintf("cannot %s in status %s", name, status), "conflict")
			}
			return nil
		}
		handler = func() (models.OrderStatus, error) {
			if err := validator(); err != nil {
				return "", err
			}
			status = to
			return status, nil
		}
		return handler, validator
	}
	proposeH, proposeV := step(flow.UpdateSubmitProposal, models.OrderProposalRequested, models.OrderProposalSubmitted)
	evaluateH, evaluateV := step(flow.UpdateEvaluate, models.OrderProposalSubmitted, models.OrderNegotiating)
	negotiateH, negotiateV := step(flow.UpdateNegotiate, models.OrderNegotiating, models.OrderDeliveryRequested)

	if err := workflow.SetUpdateHandlerWithOptions(ctx, flow.UpdateSubmitProposal,
		func(workflow.Context, flow.SubmitProposalInput) (models.OrderStatus, error) { return proposeH() },
		workflow.UpdateHandlerOptions{Validator: func(workflow.Context, flow.SubmitProposalInput) error { return proposeV() }},
	); err != nil {
		return "", err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, flow.UpdateEvaluate,
		func(workflow.Context, flow.EvaluateInput) (models.OrderStatus, error) { return evaluateH() },
		workflow.UpdateHandlerOptions{Validator: func(workflow.Context, flow.EvaluateInput) error { return evaluateV() }},
	); err != nil {
		return "", err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, flow.UpdateNegotiate,
		func(workflow.Context, flow.NegotiateInput) (models.OrderStatus, error) { return negotiateH() },
		workflow.UpdateHandlerOptions{Validator: func(workflow.Context, flow.NegotiateInput) error { return negotiateV() }},
	); err != nil {
		return "", err
	}
	if err := workflow.Await(ctx, func() bool {
		return status == models.OrderDeliveryRequested && workflow.AllHandlersFinished(ctx)
	}); err != nil {
		return "", err
	}
	return status, nil
}
