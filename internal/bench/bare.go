package bench

import (
	"fmt"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows"
)

// BareOrder is the yardstick of the benchmark: a workflow that takes the order workflow's
// three human steps as the same Updates (same names, same argument types) and returns,
// with trivial validators, no activities, no database, no search attributes. It ends after
// the third Update. What the real order costs beyond it is the price of the API, the
// database and the business rules.
func BareOrder(ctx workflow.Context, _ *workflows.OrderInput) (models.OrderStatus, error) {
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
	proposeH, proposeV := step(workflows.UpdateSubmitProposal, models.OrderProposalRequested, models.OrderProposalSubmitted)
	evaluateH, evaluateV := step(workflows.UpdateEvaluate, models.OrderProposalSubmitted, models.OrderNegotiating)
	negotiateH, negotiateV := step(workflows.UpdateNegotiate, models.OrderNegotiating, models.OrderDeliveryRequested)

	if err := workflow.SetUpdateHandlerWithOptions(ctx, workflows.UpdateSubmitProposal,
		func(workflow.Context, workflows.SubmitProposalInput) (models.OrderStatus, error) { return proposeH() },
		workflow.UpdateHandlerOptions{Validator: func(workflow.Context, workflows.SubmitProposalInput) error { return proposeV() }},
	); err != nil {
		return "", err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, workflows.UpdateEvaluate,
		func(workflow.Context, workflows.EvaluateInput) (models.OrderStatus, error) { return evaluateH() },
		workflow.UpdateHandlerOptions{Validator: func(workflow.Context, workflows.EvaluateInput) error { return evaluateV() }},
	); err != nil {
		return "", err
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, workflows.UpdateNegotiate,
		func(workflow.Context, workflows.NegotiateInput) (models.OrderStatus, error) { return negotiateH() },
		workflow.UpdateHandlerOptions{Validator: func(workflow.Context, workflows.NegotiateInput) error { return negotiateV() }},
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
