package workflows

import (
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/workflow"
)

var housekeepingOptions = workflow.ActivityOptions{StartToCloseTimeout: 5 * time.Minute}

// Housekeeping forgets Idempotency-Keys past their retention, so that the table of keys
// does not grow for ever, and brings the open cases the rule versions that apply to them
// (applies_to_open_cases): each night is the well-defined point at which such a version,
// in force since midnight, reaches a running case, by a signal its history records; it
// follows up the work that waits on a person (activities.RemindWaitingWork); and it removes
// the bytes of uploaded files no request took (activities.PurgeUnattachedDocuments), and
// the bytes a crash left without their document (activities.PurgeStrayContents). A Schedule
// starts it (worker.EnsureSchedules); a failed run is retried by the activity's default
// policy and the next night's run catches up.
func Housekeeping(ctx workflow.Context) (*flow.HousekeepingResult, error) {
	var res flow.HousekeepingResult
	actx := workflow.WithActivityOptions(ctx, housekeepingOptions)
	if err := workflow.ExecuteActivity(actx, acts.PurgeIdempotencyKeys).Get(ctx, &res.PurgedIdempotencyKeys); err != nil {
		return nil, err
	}
	// The night's later work, each behind the change that brought it: a run recorded before
	// a change replays without its work and without the work after it.
	later := []struct {
		change string
		work   any
		into   any
	}{
		{"housekeeping-rules-to-open-cases", acts.SendRulesToOpenCases, &res.RulesSentToCases},
		{"housekeeping-reminders", acts.RemindWaitingWork, &res.Reminders},
		{"housekeeping-unattached-documents", acts.PurgeUnattachedDocuments, &res.PurgedDocuments},
		{"housekeeping-stray-contents", acts.PurgeStrayContents, &res.PurgedStrayContents},
	}
	for _, l := range later {
		if workflow.GetVersion(ctx, l.change, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
			return &res, nil
		}
		if err := workflow.ExecuteActivity(actx, l.work).Get(ctx, l.into); err != nil {
			return nil, err
		}
	}
	return &res, nil
}
