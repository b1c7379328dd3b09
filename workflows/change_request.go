package workflows

import (
	"fmt"
	"strings"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
)

// ChangeRequest runs one information change (정보 변경, Process 4). A change that touches a
// selection criterion opens a re-review and waits for its decision; any other waits for the
// operator's decision, reminding the operators every change_request.approval_days while none
// comes. An approved change is applied to the catalog, which records it in its history.
func ChangeRequest(ctx workflow.Context, in *flow.ChangeRequestInput) (*flow.ChangeRequestResult, error) {
	w := &changeRequestWorkflow{in: in, rounds: in.Rounds}
	w.cr = in.State
	if w.cr == nil {
		w.cr = models.NewChangeRequest(in.ChangeRequestID, workflow.GetInfo(ctx).WorkflowExecution.ID,
			in.Parsed, in.Service, in.RequestedBy, workflow.Now(ctx))
		// The pins came with the input, so a run replays with the rules it started under; a
		// run started before pins existed has none and reads the table at each round.
		if in.Pins != nil {
			w.cr.Pin(in.Pins)
		}
		stampOpening(w.cr.Steps, in.RequestedBy, in.RequestID)
	}
	if err := w.setup(ctx); err != nil {
		return nil, err
	}
	return w.run(ctx)
}

type changeRequestWorkflow struct {
	in *flow.ChangeRequestInput
	cr *models.ChangeRequest
	// rounds counts the reminders sent, over every run of the request.
	rounds int
}

// remindersPerRun bounds a run of a request nobody decides: after this many reminders
// (about 70 days at 7 days each) it continues as new with its state, so its history stays
// small however long the operators take.
const remindersPerRun = 10

func (w *changeRequestWorkflow) setup(ctx workflow.Context) error {
	if err := setCase(ctx, caseOf{flow.QueryChangeRequest, func() any { return w.cr }, w.persist,
		func() flow.StepResult { return flow.StepResultOf(string(w.cr.Status), w.cr.Version(), w.cr.Steps) }, stampSteps(&w.cr.Steps)},
		step(flow.UpdateDecideChange,
			func(_ time.Time, in flow.DecideChangeInput) error { return w.cr.CheckDecide(in.Actor, in.Decision) },
			func(now time.Time, in flow.DecideChangeInput) error { return w.cr.Decide(now, in.Actor, in.Decision) }),
		step(flow.UpdateRereviewDecided,
			func(_ time.Time, in models.ChangeRereviewDecision) error { return w.cr.CheckRereviewDecided(in) },
			w.cr.RereviewDecided),
	); err != nil {
		return err
	}
	// A version taken moves the reminder of the round under way (awaitDecision).
	onRulesChanged(ctx, models.ChangeRequestRuleKeys, w.cr.Repin, w.persist)
	return nil
}

func (w *changeRequestWorkflow) persist(ctx workflow.Context) {
	persistCase(ctx, string(w.cr.Status), nil, acts.SaveChangeRequest, w.cr, "change_request", w.cr.ID)
}

func (w *changeRequestWorkflow) run(ctx workflow.Context) (*flow.ChangeRequestResult, error) {
	cr := w.cr
	w.persist(ctx)
	switch cr.Path {
	case models.ChangeRereview:
		w.rereview(ctx)
		if !cr.AwaitsRereview() {
			break
		}
		// Its re-review decides it (rereview-decided); the change is then applied as an
		// operator's approval is, or rejected.
		if err := workflow.Await(ctx, func() bool { return !cr.AwaitsRereview() }); err != nil {
			return nil, err
		}
		if err := w.conclude(ctx, models.NoticeChangeRereviewNotSelected(cr)); err != nil {
			return nil, err
		}
	default:
		if err := w.awaitDecision(ctx); err != nil {
			return nil, err
		}
		if err := w.conclude(ctx, models.NoticeChangeRejected(cr)); err != nil {
			return nil, err
		}
	}
	// Let an Update that is still writing its projection finish before the run closes.
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return nil, err
	}
	return &flow.ChangeRequestResult{Status: cr.Status, RereviewApplicationID: cr.RereviewApplicationID}, nil
}

// conclude carries out a decided request: an approved change is applied to the catalog and
// the provider told; a rejected one is told with rejected.
func (w *changeRequestWorkflow) conclude(ctx workflow.Context, rejected models.Notice) error {
	cr := w.cr
	if cr.Status != models.ChangeApproved {
		body := cr.DecisionReason
		if body == "" { // the re-review decided: no operator wrote a reason
			body = "재심사 미선정 Not selected in re-review " + cr.RereviewApplicationID
		}
		w.notify(ctx, "rejected", models.RoleProvider, cr.ProviderOrg, "정보 변경 반려 Change rejected: "+cr.ServiceName, body, rejected)
		return nil
	}
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy:         &temporal.RetryPolicy{InitialInterval: time.Second, MaximumInterval: time.Minute},
	})
	// A copy: the activity (in tests, a mock that prints its argument) must not share the
	// request the workflow goes on to change.
	applied := *cr
	if err := workflow.ExecuteActivity(actx, acts.ApplyChangeRequest, &applied).Get(ctx, nil); err != nil {
		return err
	}
	cr.Applied(workflow.Now(ctx))
	w.persist(ctx)
	w.notify(ctx, "applied", models.RoleProvider, cr.ProviderOrg,
		"정보 변경 반영 Change applied: "+cr.ServiceName, "변경요청 Change request "+cr.ID, models.NoticeChangeApplied(cr))
	return nil
}

// awaitDecision waits for the operator's decision; every change_request.approval_days
// without one, the operators are reminded through the outbox.
func (w *changeRequestWorkflow) awaitDecision(ctx workflow.Context) error {
	if w.in.State == nil {
		w.notify(ctx, "submitted", models.RoleOperator, "NIA",
			"정보 변경 승인 요청 Change request: "+w.cr.ServiceName, w.changeSummary(), models.NoticeChangeSubmitted(w.cr))
	}
	decided := func() bool { return w.cr.Status != models.ChangeSubmitted }
	for round := w.rounds + 1; ; round++ {
		start := workflow.Now(ctx)
		deadline, days := w.cr.ReminderDue(start)
		// A version of the rule that reaches the request while it waits (rules-changed) moves
		// the round's end: the wait goes on to the new one, or ends at once if it has passed.
		moved := func() bool { d, _ := w.cr.ReminderDue(start); return !d.Equal(deadline) }
		for {
			if wait := deadline.Sub(workflow.Now(ctx)); wait > 0 {
				if _, err := workflow.AwaitWithTimeout(ctx, wait, func() bool { return decided() || moved() }); err != nil {
					return err
				}
			}
			if decided() {
				return nil
			}
			if !moved() {
				break
			}
			deadline, days = w.cr.ReminderDue(start)
		}
		w.cr.Reminded(workflow.Now(ctx), days)
		w.persist(ctx)
		w.notify(ctx, fmt.Sprintf("reminder-%d", round), models.RoleOperator, "NIA",
			"정보 변경 승인 대기 Change request waiting: "+w.cr.ServiceName,
			fmt.Sprintf("%s: no decision within %d days", w.cr.ID, days*round), models.NoticeChangeWaiting(w.cr, days*round))
		// Runs recorded before the bound (GetVersion) go on reminding in the same run.
		if round%remindersPerRun == 0 &&
			workflow.GetVersion(ctx, "change-reminders-continue-as-new", workflow.DefaultVersion, 1) == 1 {
			if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
				return err
			}
			if decided() {
				return nil
			}
			next := *w.in
			next.State, next.Rounds = w.cr, round
			return workflow.NewContinueAsNewError(ctx, ChangeRequest, &next)
		}
	}
}

// rereview starts the re-review of a change that touches selection criteria: the
// selection workflow in re-review mode (activities.StartRereview), keyed by this request
// so that a retry starts one, retried through any outage. The operators are told either
// way. The request then waits for the re-review's decision; should the start be refused (a
// business error), it ends rereview_started, without an application ID, and the operators
// open the re-review from the notification. Requests recorded before they waited
// (GetVersion) end rereview_started in every case.
func (w *changeRequestWorkflow) rereview(ctx workflow.Context) {
	cr := w.cr
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{StartToCloseTimeout: 30 * time.Second,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute}})
	ground := "information change of " + strings.Join(cr.Criteria, ", ") + ": " + cr.Reason
	var groundText *models.Text
	if workflow.GetVersion(ctx, "change-rereview-ground", workflow.DefaultVersion, 1) == 1 {
		// The re-review's experts and members do not see the request: its ground tells them
		// what the service would become, in each reader's language.
		groundText = models.ChangeRereviewGround(cr)
		ground = groundText.English()
	}
	in := activities.StartRereviewInput{ServiceID: cr.ServiceID, From: models.RereviewFromChange, CaseRef: cr.WorkflowID,
		Ground: ground, GroundText: groundText}
	var appID string
	if err := workflow.ExecuteActivity(actx, acts.StartRereview, in).Get(ctx, &appID); err != nil || appID == "" {
		workflow.GetLogger(ctx).Error("re-review not started", "change_request", cr.ID, "error", err)
	}
	w.notify(ctx, "rereview", models.RoleOperator, "NIA",
		"재심사 필요 Re-review required: "+cr.ServiceName,
		fmt.Sprintf("%s touches %s: %s", cr.ID, strings.Join(cr.Criteria, ", "), w.changeSummary()), models.NoticeChangeRereview(cr))
	await := workflow.GetVersion(ctx, "change-awaits-rereview", workflow.DefaultVersion, 1) == 1
	cr.RereviewStarted(workflow.Now(ctx), appID, await)
	w.persist(ctx)
}

func (w *changeRequestWorkflow) changeSummary() string {
	parts := make([]string, len(w.cr.Changes))
	for i, c := range w.cr.Changes {
		parts[i] = c.Field
	}
	return w.cr.ID + " (" + strings.Join(parts, ", ") + "): " + w.cr.Reason
}

// notify puts one message in the outbox, once per key: the bilingual subject and body, and
// the same keyed for the reader's language.
func (w *changeRequestWorkflow) notify(ctx workflow.Context, kind string, role models.Role, org, subject, body string, keyed models.Notice) {
	n := models.Notification{
		Key: w.cr.WorkflowID + "/" + kind, ToRole: role, ToOrg: org,
		CaseType: "change_request", CaseID: w.cr.ID, Subject: subject, Body: body,
		CreatedAt: workflow.Now(ctx),
	}
	send(ctx, n.Keyed(keyed))
}
