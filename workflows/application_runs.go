package workflows

import (
	"go.temporal.io/sdk/workflow"
)

// deferralsPerRun bounds a run of an application the committee defers again and again (no
// quorum, no majority): each session adds its join, its votes and its decision to the
// history, so after this many deferrals the run continues as new with the case, before it
// looks for its next session.
const deferralsPerRun = 5

// deferredOften reports whether this run has seen deferralsPerRun deferrals. Runs recorded
// before the bound (GetVersion) go on in the same run.
func (w *applicationWorkflow) deferredOften(ctx workflow.Context) bool {
	if w.unbounded || len(w.app.Decisions)-w.decisionsAtStart < deferralsPerRun {
		return false
	}
	if workflow.GetVersion(ctx, "application-deferrals-continue-as-new", workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		w.unbounded = true
		return false
	}
	return true
}

// continueAsNew hands the case to a new run once the session that deferred it has heard its
// answer and no Update is still writing its projection. Returns nil, to go on in this run,
// when the application stopped waiting for a session meanwhile (a withdrawal).
func (w *applicationWorkflow) continueAsNew(ctx workflow.Context) error {
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) && w.answering == 0 }); err != nil {
		return err
	}
	if !w.app.AwaitsSession() {
		return nil
	}
	next := *w.in
	next.State, next.Skip, next.Notified = w.app, w.skip, w.notified
	return workflow.NewContinueAsNewError(ctx, Application, &next)
}
