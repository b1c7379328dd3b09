package activities

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/temporalerr"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// tellChangeRequest carries a re-review's decision to the information change that waits for
// it (the rereview-decided Update, one per application across retries): selected again, the
// change is applied; not selected, it is rejected. A request that has ended needs nothing
// more: one whose re-review started before requests waited for it (December 2026) ended at
// the start, and a retry finds the request decided.
func (a *Activities) tellChangeRequest(ctx context.Context, claim store.RereviewClaim, applicationID string, selected bool) error {
	if a.Temporal == nil {
		return temporal.NewNonRetryableApplicationError(
			"activities have no Temporal client to tell change request "+claim.CaseRef+" of its re-review", "config", nil)
	}
	log := a.logger().With("change_request", claim.CaseRef, "application", applicationID, "selected", selected)
	h, err := a.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID: claim.CaseRef, UpdateName: flow.UpdateRereviewDecided, UpdateID: flow.ChangeRereviewDecidedID(applicationID),
		Args:         []any{models.ChangeRereviewDecision{ApplicationID: applicationID, Selected: selected}},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	if err == nil {
		err = h.Get(ctx, nil)
	}
	switch me := temporalerr.ModelError(err); {
	case err == nil:
		log.InfoContext(ctx, "change request told of its re-review")
		return nil
	case temporalerr.WorkflowClosed(err), me != nil && me.Code == models.ECONFLICT:
		log.InfoContext(ctx, "change request no longer waits for its re-review")
		return nil
	case me != nil:
		// The request waits for another application: the claim and the request disagree,
		// which no retry mends. The re-review stands; the operators decide the request.
		log.ErrorContext(ctx, "change request refused its re-review's decision", "error", me.Error())
		return nil
	default:
		return fmt.Errorf("tell change request %s of re-review %s: %w", claim.CaseRef, applicationID, err)
	}
}
