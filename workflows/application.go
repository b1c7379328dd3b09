package workflows

import (
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
)

// Application runs one application for selection (Process 1): eligibility and required
// documents at once, supplement with a deadline, the operator's document check, expert
// assignment without conflicts of interest, expert reviews and a site visit when asked,
// the committee session, and registration in the catalog with a numbered notice.
//
// With a re-review (in.Rereview) the same run re-reviews a selected service (재심사): it
// starts at expert review and goes through the same steps; at the decision, selected
// confirms the service (no new notice, no new catalog entry) and not selected asks the
// service's watch to remove it as unfit. Inputs without one, as in every history recorded
// before re-reviews, take the selection's path unchanged.
func Application(ctx workflow.Context, in *flow.ApplicationInput) (*flow.ApplicationResult, error) {
	w := &applicationWorkflow{in: in, joinReplies: map[string]string{}}
	// Runs recorded before write their projection, its status and its news separately;
	// from version 2 (applicationTellsAssignees) the news include a task opened for a person,
	// from version 3 (applicationTellsCancelled) one cancelled.
	if w.v = workflow.GetVersion(ctx, "application-fewer-events", workflow.DefaultVersion, applicationTellsCancelled); w.v != workflow.DefaultVersion {
		// The starter, or the run continued from, set the status shown.
		w.shownStatus, _ = workflow.GetTypedSearchAttributes(ctx).GetKeyword(flow.SACaseStatus)
	}
	// The pins came with the input (nil in runs started before cases pinned their rules,
	// which read the table at each step), so a run replays with the rules it started under.
	// A continued run carries them in its state.
	switch {
	case in.State != nil:
		w.app, w.skip, w.notified = in.State, in.Skip, in.Notified
		w.decisionsAtStart = len(in.State.Decisions)
	case in.Rereview != nil:
		w.app = models.NewPinnedRereview(in.ApplicationID, flow.ApplicationWorkflowID(in.ApplicationID), in.Request, *in.Rereview,
			in.AppliedBy, workflow.Now(ctx), in.Pins)
	default:
		w.app = models.NewPinnedApplication(in.ApplicationID, flow.ApplicationWorkflowID(in.ApplicationID), in.Request, in.AppliedBy,
			workflow.Now(ctx), in.Pins)
		stampOpening(w.app.Steps, in.AppliedBy, in.RequestID)
	}
	if in.State != nil {
		// The run continued from told of its tasks already.
		w.tasksSeen = len(in.State.Tasks)
	}
	w.openForPeople = openForPeople(w.app)
	if err := w.setup(ctx); err != nil {
		return nil, err
	}
	return w.run(ctx)
}

// applicationTellsAssignees is the version of "application-fewer-events" from which a
// person is told of a task opened for them (an expert's review, a member's vote). The news
// rides in the projection's local activity, as every note of version 1 does, so it costs no
// history event; a second change ID would have cost two (its marker and its search
// attribute) in every run.
const applicationTellsAssignees workflow.Version = 2

// applicationTellsCancelled is the version from which a person is also told when a task
// opened for them is cancelled (an expert taken off the review, a vote its session closed
// without, the application withdrawn), in the same local activity.
const applicationTellsCancelled workflow.Version = 3

type applicationWorkflow struct {
	in  *flow.ApplicationInput
	app *models.Application
	// decisionsAtStart counts the committee decisions made before this run (continue-as-new);
	// unbounded is set in runs recorded before the bound on deferrals per run.
	decisionsAtStart int
	unbounded        bool
	// v is the version of change "application-fewer-events"; shownStatus, from that version
	// on, is the status the search attribute shows.
	v           workflow.Version
	shownStatus string
	// tasksSeen, from version applicationTellsAssignees on, counts the tasks whose
	// assignees were told.
	tasksSeen int
	// openForPeople, from version applicationTellsCancelled on, are the tasks open for a
	// person at the last look, whose cancellation they are to be told of.
	openForPeople []string
	// sessionOpened is set by the session-opened signal: a waiting application looks again.
	sessionOpened bool
	// skip lists sessions the application has been on or could not join.
	skip []string
	// notified is the last status the provider was told about.
	notified models.ApplicationStatus
	// joinReplies holds each session's answer to a join: joined or rejected.
	joinReplies map[string]string
	// answering counts committee decisions not yet reported to their session: the run
	// must not end before the session hears the answer it waits for.
	answering int
}

// registerOptions: registration writes the catalog; it is retried for as long as it fails,
// visibly pending in the Web UI, rather than losing a committee's decision.
var registerOptions = untilDoneOptions

func (w *applicationWorkflow) setup(ctx workflow.Context) error {
	a := w.app
	if err := setCase(ctx, caseOf{flow.QueryApplication, func() any { return w.app }, func(ctx workflow.Context) { w.persist(ctx) },
		func() flow.StepResult { return flow.StepResultOf(string(w.app.Status), w.app.Version(), w.app.Steps) }, stampSteps(&w.app.Steps)},
		act(flow.UpdateCompleteTask, a.CheckCompleteTask, a.CompleteTask,
			func(in flow.CompleteTaskInput) (models.Actor, models.CompleteTaskInput) { return in.Actor, in.Task }),
		act(flow.UpdateSupplement, a.CheckSupplement, a.Supplement,
			func(in flow.SupplementInput) (models.Actor, []models.DocumentInput) { return in.Actor, in.Documents }),
		act(flow.UpdateWithdraw, a.CheckWithdraw, a.Withdraw,
			func(in flow.WithdrawInput) (models.Actor, models.WithdrawInput) { return in.Actor, in.Withdraw }),
		// A new Update: runs recorded before never received it, so they replay unchanged.
		act(flow.UpdateReleaseExpert, a.CheckReleaseExpert, a.ReleaseExpert,
			func(in flow.ReleaseExpertInput) (models.Actor, models.ReleaseExpertInput) {
				return in.Actor, in.Release
			}),
		act(flow.UpdateReleaseMember, a.CheckReleaseMember, a.ReleaseMember,
			func(in flow.ReleaseMemberInput) (models.Actor, models.ReleaseMemberInput) {
				return in.Actor, in.Release
			}),
		// Also new (December 2026): the operator's review result report over the draft.
		act(flow.UpdateReviewReport, a.CheckWriteReviewReport, a.WriteReviewReport,
			func(in flow.ReviewReportInput) (models.Actor, models.ReviewReportInput) { return in.Actor, in.Report }),
	); err != nil {
		return err
	}

	onSignal(ctx, flow.SignalSessionOpened, func(workflow.Context, flow.SessionOpenedSignal) { w.sessionOpened = true })
	onSignal(ctx, flow.SignalSessionJoined, func(_ workflow.Context, sig flow.SessionJoinedSignal) {
		w.joinReplies[sig.SessionID] = flow.SignalSessionJoined
	})
	onSignal(ctx, flow.SignalSessionRejected, func(_ workflow.Context, sig flow.SessionRejectedSignal) {
		w.joinReplies[sig.SessionID] = flow.SignalSessionRejected
	})
	onSignal(ctx, flow.SignalSessionClosing, func(ctx workflow.Context, sig flow.SessionClosingSignal) {
		w.answering++
		d, changed := w.app.DecideSession(workflow.Now(ctx), sig.SessionID)
		if changed {
			w.persist(ctx)
		}
		// The session waits for every application's answer before it closes.
		err := workflow.SignalExternalWorkflow(ctx, flow.SessionWorkflowID(sig.SessionID), "", flow.SignalSessionResult,
			flow.SessionResultSignal{ApplicationID: w.app.ID, Decision: d}).Get(ctx, nil)
		if err != nil {
			workflow.GetLogger(ctx).Warn("session result not delivered", "session", sig.SessionID, "error", err)
		}
		w.answering--
	})
	onRulesChanged(ctx, models.ApplicationRuleKeys, w.app.Repin, func(ctx workflow.Context) { w.persist(ctx) })
	workflow.Go(ctx, w.remind)
	return nil
}

func (w *applicationWorkflow) run(ctx workflow.Context) (*flow.ApplicationResult, error) {
	a := w.app
	// Fixed search attributes are set by the starter, so the case is findable before
	// this first task runs; only the status changes from here. A re-review is started by an
	// activity, which cannot import the keys: it sets them itself.
	continued := w.in.State != nil
	if a.Rereview != nil && !continued {
		if err := workflow.UpsertTypedSearchAttributes(ctx, flow.SACaseType.ValueSet("application"),
			flow.SAServiceType.ValueSet(string(a.Service.Type)), flow.SAProviderOrg.ValueSet(a.Provider.Org),
			flow.SAServiceID.ValueSet(a.Rereview.ServiceID)); err != nil {
			workflow.GetLogger(ctx).Error("search attribute upsert failed", "error", err)
		}
	}
	if !continued {
		// A continued run inherits its search attributes and finds its projection written.
		w.persist(ctx)
	}
	for !a.Settled() {
		switch {
		case a.Rereview != nil && a.Status == models.AppSelected:
			w.confirmRereview(ctx)
		case a.Rereview != nil && a.Status == models.AppNotSelected:
			if err := w.requestUnfit(ctx); err != nil {
				return nil, err
			}
		case a.Status == models.AppSelected:
			if err := w.register(ctx); err != nil {
				return nil, err
			}
		case a.Status == models.AppSupplementRequested:
			if err := w.awaitSupplement(ctx); err != nil {
				return nil, err
			}
		case a.AwaitsSession() && w.deferredOften(ctx):
			if err := w.continueAsNew(ctx); err != nil {
				return nil, err
			}
		case a.AwaitsSession():
			if err := w.joinSession(ctx); err != nil {
				return nil, err
			}
		default:
			v := a.Version()
			if err := workflow.Await(ctx, func() bool { return a.Version() != v }); err != nil {
				return nil, err
			}
		}
	}
	// Let an Update that is still writing its projection, and a committee answer still on
	// its way, finish before the run closes.
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) && w.answering == 0 }); err != nil {
		return nil, err
	}
	return &flow.ApplicationResult{Status: a.Status, NoticeNo: a.NoticeNo, ServiceID: a.ServiceID}, nil
}

// awaitSupplement waits for the documents until the supplement deadline, a workflow
// timer, and returns the application if they did not come.
func (w *applicationWorkflow) awaitSupplement(ctx workflow.Context) error {
	a := w.app
	deadline := *a.SupplementDeadline
	v := a.Version()
	if d := deadline.Sub(workflow.Now(ctx)); d > 0 {
		if _, err := workflow.AwaitWithTimeout(ctx, d, func() bool { return a.Version() != v }); err != nil {
			return err
		}
	}
	if a.Status == models.AppSupplementRequested && !workflow.Now(ctx).Before(deadline) {
		a.ReturnUnsupplemented(workflow.Now(ctx))
		w.persist(ctx)
	}
	return nil
}

// joinSession puts the application on the earliest open session's agenda, or waits for a
// session to open.
func (w *applicationWorkflow) joinSession(ctx workflow.Context) error {
	a := w.app
	// Cleared before looking, so that a session opening while we look is not missed.
	w.sessionOpened = false
	lctx := workflow.WithLocalActivityOptions(ctx, localOptions)
	var next activities.NextSessionResult
	if err := workflow.ExecuteLocalActivity(lctx, acts.NextSession, activities.NextSessionInput{
		ApplicationID: a.ID, BusinessNo: a.Provider.BusinessNo, Skip: w.skip, Pins: a.Pins,
	}).Get(ctx, &next); err != nil {
		return err
	}
	if next.Session == nil {
		return workflow.Await(ctx, func() bool { return w.sessionOpened || !a.AwaitsSession() })
	}
	s := *next.Session
	w.skip = append(w.skip, s.ID)
	// The session confirms the join before any member gets a vote task: an application is
	// never on an agenda its session does not know, whatever the order in which signals
	// arrive and sessions close.
	err := workflow.SignalExternalWorkflow(ctx, s.WorkflowID, "", flow.SignalJoinSession,
		flow.JoinSessionSignal{ApplicationID: a.ID, WorkflowID: a.WorkflowID, ServiceName: a.Service.Name}).Get(ctx, nil)
	if err != nil {
		// The session's workflow has ended: it closed between the lookup and the join.
		return nil
	}
	if _, err := workflow.AwaitWithTimeout(ctx, joinReplyWait, func() bool {
		return w.joinReplies[s.ID] != "" || !a.AwaitsSession()
	}); err != nil {
		return err
	}
	if w.joinReplies[s.ID] == flow.SignalSessionJoined {
		a.JoinSession(workflow.Now(ctx), s, next.Conflicts)
		w.persist(ctx)
	}
	return nil
}

// joinReplyWait bounds the wait for a session's answer to a join; without one the
// application looks for the next session.
const joinReplyWait = 5 * time.Minute

// register issues the selection notice and writes the service to the catalog.
func (w *applicationWorkflow) register(ctx workflow.Context) error {
	a := w.app
	actx := workflow.WithActivityOptions(ctx, registerOptions)
	var res activities.RegisterSelectionResult
	if err := workflow.ExecuteActivity(actx, acts.RegisterSelection, a).Get(ctx, &res); err != nil {
		return w.blockRegistration(ctx, err)
	}
	a.Register(workflow.Now(ctx), res.NoticeNo, res.ServiceID)
	// Auditors find the application that put a catalog service there by its service ID.
	if err := workflow.UpsertTypedSearchAttributes(ctx, flow.SAServiceID.ValueSet(res.ServiceID)); err != nil {
		workflow.GetLogger(ctx).Error("search attribute upsert failed", "error", err)
	}
	w.notified = "" // the registration is news even though the status stays selected
	w.persist(ctx)
	return nil
}

// blockRegistration turns a registration the catalog refused for a business reason (a
// business number held by another organization) into an operator task, and waits until
// the operator has sorted the cause out; the run loop then registers again. Cases that
// failed this way before the change keep failing on replay, as their histories say.
func (w *applicationWorkflow) blockRegistration(ctx workflow.Context, err error) error {
	me := temporalerr.ModelError(err)
	if me == nil || workflow.GetVersion(ctx, "registration-blocked-task", workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return err
	}
	a := w.app
	if a.BlockRegistration(workflow.Now(ctx), me) {
		w.persist(ctx)
	}
	return workflow.Await(ctx, func() bool { return !a.RegistrationBlocked() || a.Status != models.AppSelected })
}

// confirmRereview records that the re-review selected the service again: it stays
// registered, and the provider is told.
func (w *applicationWorkflow) confirmRereview(ctx workflow.Context) {
	a := w.app
	lctx := workflow.WithLocalActivityOptions(ctx, localOptions)
	in := activities.RereviewOutcomeInput{ApplicationID: a.ID, ServiceID: a.Rereview.ServiceID, Outcome: models.RereviewConfirmed}
	if err := workflow.ExecuteLocalActivity(lctx, acts.ConfirmRereview, in).Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Error("re-review confirmation not recorded", "application", a.ID, "error", err)
	}
	a.ConfirmRereview(workflow.Now(ctx))
	w.notified = "" // the confirmation is news even though the status stays selected
	w.persist(ctx)
}

// requestUnfit asks the service's watch to remove the service that its re-review did not
// select, retried for as long as it fails (an unfit service must not stay listed).
func (w *applicationWorkflow) requestUnfit(ctx workflow.Context) error {
	a := w.app
	actx := workflow.WithActivityOptions(ctx, registerOptions)
	in := activities.RequestUnfitInput{ApplicationID: a.ID, ServiceID: a.Rereview.ServiceID, Reason: a.UnfitReason(),
		ReasonText: a.UnfitReasonText()}
	if err := workflow.ExecuteActivity(actx, acts.RequestUnfitRemoval, in).Get(ctx, nil); err != nil {
		return err
	}
	a.RequestUnfit(workflow.Now(ctx))
	w.persist(ctx)
	return nil
}
