package activities

import (
	"context"
	"errors"
	"fmt"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
)

// maxUnfitReason bounds the reason the watch publishes (its own validator's cap).
const maxUnfitReason = 2000

// declareUnfit is the one way a process other than the watch removes a service as unfit:
// update-with-start of the declare-unfit Update on the service's watch (updateWatch), which
// takes the service out of the catalog, publishes the notice for the rule's days, stops the
// orders in flight, tells the provider and ends the watch. updateID is derived from the
// caller's case, so a retry while the watch runs finds the first Update. A service not in
// the catalog, removed or unfit already needs nothing more.
func (a *Activities) declareUnfit(ctx context.Context, serviceID, reason string, text *models.Text, updateID string) error {
	if r := []rune(reason); len(r) > maxUnfitReason {
		reason = string(r[:maxUnfitReason])
	}
	return a.updateWatch(ctx, serviceID, flow.UpdateDeclareUnfit, updateID,
		models.DeclareUnfitInput{Reason: reason, By: models.SystemActor, ReasonText: text}, "service declared unfit")
}

// updateWatch sends one Update to a catalog service's watch, with update-with-start: a
// service without a running watch gets one, resumed from its last record. A service not in
// the catalog or removed, and a watch that refuses as unfit or has ended, need nothing
// more; another refusal is a business failure; anything else is retried.
func (a *Activities) updateWatch(ctx context.Context, serviceID, name, updateID string, arg any, done string) error {
	if a.Temporal == nil {
		return temporal.NewNonRetryableApplicationError("activities have no Temporal client", "config", nil)
	}
	log := a.logger().With("service", serviceID, "update", updateID)
	svc, err := a.Store.GetService(ctx, serviceID)
	if models.ErrorCode(err) == models.ENOTFOUND {
		log.WarnContext(ctx, "service is not in the catalog")
		return nil
	}
	if err != nil {
		return temporalerr.Wrap(err)
	}
	if svc.Status == models.ServiceRemoved {
		log.InfoContext(ctx, "service already removed")
		return nil
	}
	// A new watch pins the versions of its rules in force now, as the app's and the sweep's
	// starts do; a record carried over keeps its own.
	input := &flow.ServiceWatchInput{Service: flow.WatchedService(svc),
		Pins: models.PinRules(models.Rules, a.now(), 0, models.ServiceWatchRuleKeys...)}
	// Used only if the watch is not running: one that was terminated resumes from its
	// record, as app.Inspections.RecordEvent does.
	switch last, err := a.Store.GetServiceWatch(ctx, serviceID); {
	case err == nil:
		input.Watch = last
	case models.ErrorCode(err) != models.ENOTFOUND:
		return temporalerr.Wrap(err)
	}
	start := a.Temporal.NewWithStartWorkflowOperation(
		flow.ServiceWatchStartOptions(serviceID, activity.GetInfo(ctx).TaskQueue), flow.ServiceWatchWorkflowType, input)
	h, err := a.Temporal.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: start,
		UpdateOptions: client.UpdateWorkflowOptions{
			WorkflowID: flow.ServiceWatchWorkflowID(serviceID), UpdateName: name, UpdateID: updateID,
			Args: []any{arg}, WaitForStage: client.WorkflowUpdateStageCompleted,
		},
	})
	if err == nil {
		err = h.Get(ctx, nil)
	}
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	switch me := temporalerr.ModelError(err); {
	case err == nil:
		log.InfoContext(ctx, done)
		return nil
	case me != nil && me.Code == models.ECONFLICT, errors.As(err, &started):
		// The watch refuses, or has ended: an earlier attempt, the continuous inspection or
		// another process removed the service as unfit already.
		log.InfoContext(ctx, "service already unfit")
		return nil
	case me != nil:
		return temporalerr.Wrap(me)
	default:
		return fmt.Errorf("%s on the watch of %s: %w", name, serviceID, err)
	}
}
