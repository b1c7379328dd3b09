package workflows

import (
	"context"
	"slices"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
)

// Order runs one catalog order (Process 2): proposal request, proposal by the due date,
// evaluation against the qualifying score, negotiation within the window, delivery request.
func Order(ctx workflow.Context, in *flow.OrderInput) (*flow.OrderResult, error) {
	w := &orderWorkflow{in: in}
	// Runs recorded before version 1 start every deadline's timer and register the
	// contract apart; before version 2 they show their status in a search attribute, one
	// event per step (orderStatusInDetails); before version 3 they tell the parties nothing
	// between the proposal request and the delivery request (orderNews); before version 4
	// an order its service's removal stopped could close before its projection was written
	// (orderStopWritten).
	w.v = workflow.GetVersion(ctx, "order-fewer-events", workflow.DefaultVersion, orderStopWritten)
	w.order = models.NewOrder(in.OrderID, workflow.GetInfo(ctx).WorkflowExecution.ID,
		in.Request, in.Service, in.RequestedBy.Org, in.RequestedBy, workflow.Now(ctx))
	stampOpening(w.order.Steps, in.RequestedBy, in.RequestID)
	w.heard = w.order.Status
	// The pins came with the input, so a run replays with the rules it started under; a
	// run started before pins existed has none and reads the table at each step.
	if in.Pins != nil {
		w.order.Pin(in.Pins)
	}
	if w.v >= orderStatusInDetails {
		showStatus(ctx, string(w.order.Status))
	}
	if err := w.setup(ctx); err != nil {
		return nil, err
	}
	return w.run(ctx)
}

// orderStatusInDetails is the version of change "order-fewer-events" from which an order
// shows its status in its current details instead of the DsCaseStatus search attribute:
// three fewer events for an order that reaches its delivery request (28, not 31), and one
// visibility write less per step. The starter sets no DsCaseStatus for such an order
// (app's orders kind), so that no stale status can be found by it.
const orderStatusInDetails = 2

// orderNews is the version of change "order-fewer-events" from which each move of an order
// tells the party that did not make it (models.OrderNews: the proposal in, the evaluation,
// a cancellation, a lapse), in the projection's own local activity, so at no cost in
// history events.
const orderNews = 3

// orderStopWritten is the version of change "order-fewer-events" from which the run waits
// for the service-removed signal's writes before it closes. The signal's handler ends the
// order and writes its projection and news in a local activity; the run, woken by the
// final status, used to complete the workflow while that activity ran, so the projection
// kept the order in flight (a list by status, the nightly walk of open cases) and neither
// party was told. Waiting costs no event: the same local activity's marker, one task on.
const orderStopWritten = 4

type orderWorkflow struct {
	in    *flow.OrderInput
	order *models.Order
	// v is the version of change "order-fewer-events"; delivered is set once the delivery
	// request's writes (projection, contract, notification) are made, from version 1 on
	// with the step that requested it.
	v         workflow.Version
	delivered bool
	// heard is the status the parties were last told of, from version orderNews on.
	heard models.OrderStatus
	// stopping counts the service-removed signals whose writes are under way.
	stopping int
}

var acts *activities.Activities

// localOptions: projection writes and reads are short database calls; as local activities
// they cost one history event instead of three, and a database outage is retried for as
// long as it lasts rather than failing the case. A local activity's retries stop at its
// ScheduleToCloseTimeout, which defaults to its StartToCloseTimeout: without the long
// bound below, a 10-second outage failed the order (issue 10). Changing these options
// changes no command, so recorded histories replay as before.
var localOptions = workflow.LocalActivityOptions{
	StartToCloseTimeout:    10 * time.Second,
	ScheduleToCloseTimeout: localRetryBound,
	RetryPolicy: &temporal.RetryPolicy{
		InitialInterval:    time.Second,
		BackoffCoefficient: 2,
		MaximumInterval:    time.Minute,
	},
}

// localRetryBound is how long a local activity is retried: longer than any case's own
// deadlines, so only a business failure (non-retryable) ends it.
const localRetryBound = 2 * 365 * 24 * time.Hour

func (w *orderWorkflow) setup(ctx workflow.Context) error {
	o := w.order
	if err := setCase(ctx, caseOf{flow.QueryOrder, func() any { return w.order }, w.persist,
		func() flow.StepResult {
			return flow.StepResultOf(string(w.order.Status), w.order.Version(), w.order.Steps)
		}, stampSteps(&w.order.Steps)},
		act(flow.UpdateSubmitProposal, o.CheckSubmitProposal, o.SubmitProposal,
			func(in flow.SubmitProposalInput) (models.Actor, models.ProposalInput) { return in.Actor, in.Proposal }),
		act(flow.UpdateEvaluate, o.CheckEvaluate, o.Evaluate,
			func(in flow.EvaluateInput) (models.Actor, []models.ScoreInput) { return in.Actor, in.Scores }),
		act(flow.UpdateNegotiate, o.CheckNegotiate, o.Negotiate,
			func(in flow.NegotiateInput) (models.Actor, models.NegotiationInput) { return in.Actor, in.Negotiation }),
		act(flow.UpdateCancel, o.CheckCancel, o.Cancel,
			func(in flow.CancelInput) (models.Actor, models.CancelInput) { return in.Actor, in.Cancel }),
	); err != nil {
		return err
	}
	onSignal(ctx, flow.SignalServiceRemoved, func(ctx workflow.Context, sig flow.ServiceRemovedSignal) {
		if w.order.StopServiceRemoved(workflow.Now(ctx), sig.Reason, sig.ReasonText) {
			w.stopping++
			w.persist(ctx)
			w.stopping--
		}
	})
	onRulesChanged(ctx, models.OrderRuleKeys, w.order.Repin, w.persist)
	return nil
}

// persist writes the projection and the status search attribute. It runs after every
// change, from handlers and from the main loop alike.
func (w *orderWorkflow) persist(ctx workflow.Context) {
	o := w.order
	if w.v == workflow.DefaultVersion || o.Status != models.OrderDeliveryRequested || w.delivered {
		if w.v < orderNews {
			persistOrder(ctx, w, acts.SaveOrder, o)
			return
		}
		news := models.OrderNews(o, w.heard)
		w.heard = o.Status
		persistOrder(ctx, w, acts.SaveOrderWithNews, activities.OrderWithNews{Order: o, News: news})
		return
	}
	w.delivered = true
	persistOrder(ctx, w, acts.SaveDeliveredOrder, activities.DeliveredOrder{
		Order: o, Contract: models.ContractFromOrder(o), Notification: w.deliveryNotification(ctx),
	})
}

// persistOrder writes the order's projection (v, through save) and shows the status it is
// in now: in the DsCaseStatus search attribute before orderStatusInDetails, in its current
// details from then on.
func persistOrder[T any](ctx workflow.Context, w *orderWorkflow, save func(context.Context, T) error, v T) {
	o := w.order
	if w.v < orderStatusInDetails {
		persistCase(ctx, string(o.Status), nil, save, v, "order", o.ID)
		return
	}
	showStatus(ctx, string(o.Status))
	saveCase(ctx, save, v, "order", o.ID)
}

func (w *orderWorkflow) run(ctx workflow.Context) (*flow.OrderResult, error) {
	o := w.order
	// The case's fixed search attributes are set by the starter (app.Orders.Create), so the
	// order is findable before this first task runs; only the status changes from here.
	lctx := workflow.WithLocalActivityOptions(ctx, localOptions)
	var status models.ServiceStatus
	if err := workflow.ExecuteLocalActivity(lctx, acts.OpenOrder, activities.OpenOrderInput{
		Order: o,
		Notification: w.notification("proposal-requested", models.RoleProvider, o.ProviderOrg,
			"제안요청 Proposal request: "+o.Title,
			"제안서 제출기한 Proposal due: "+o.ProposalDue.String()+" (Asia/Seoul)").Keyed(models.NoticeProposalRequested(o)),
	}).Get(ctx, &status); err != nil {
		return nil, err
	}
	if !status.Orderable() {
		o.StopNotOrderable(workflow.Now(ctx), status)
		w.persist(ctx)
	}

	if err := w.awaitUntil(ctx, o.ProposalDeadline, models.OrderProposalRequested); err != nil {
		return nil, err
	}
	if o.Status == models.OrderProposalRequested {
		o.LapseProposal(workflow.Now(ctx))
		w.persist(ctx)
	}
	if err := workflow.Await(ctx, func() bool { return o.Status != models.OrderProposalSubmitted }); err != nil {
		return nil, err
	}
	if o.Status == models.OrderNegotiating {
		// A rule version that applies to open cases may move the deadline while the window
		// runs (rules-changed): the wait then starts over with the new deadline.
		for deadline := (time.Time{}); o.Status == models.OrderNegotiating && !deadline.Equal(*o.NegotiationDeadline); {
			deadline = *o.NegotiationDeadline
			moved := func() bool { return !o.NegotiationDeadline.Equal(deadline) }
			if err := w.awaitUntil(ctx, deadline, models.OrderNegotiating, moved); err != nil {
				return nil, err
			}
		}
		if o.Status == models.OrderNegotiating {
			o.LapseNegotiation(workflow.Now(ctx))
			w.persist(ctx)
		}
	}
	if o.Status == models.OrderDeliveryRequested && !w.delivered {
		if err := workflow.ExecuteLocalActivity(lctx, acts.RegisterContract, models.ContractFromOrder(o)).Get(ctx, nil); err != nil {
			return nil, err
		}
		w.delivered = true
		send(ctx, w.deliveryNotification(ctx))
	}
	// Let an Update, or the service-removed signal, that is still writing its projection
	// finish before the run closes.
	if err := workflow.Await(ctx, func() bool {
		return workflow.AllHandlersFinished(ctx) && (w.v < orderStopWritten || w.stopping == 0)
	}); err != nil {
		return nil, err
	}
	return &flow.OrderResult{Status: o.Status, ContractID: o.ContractID}, nil
}

// awaitUntil waits while the order is in status, until deadline. A deadline is a workflow
// timer, so it holds across restarts and is exact in the time-skipping test environment.
func (w *orderWorkflow) awaitUntil(ctx workflow.Context, deadline time.Time, status models.OrderStatus, moved ...func() bool) error {
	still := func() bool {
		return w.order.Status != status || slices.ContainsFunc(moved, func(f func() bool) bool { return f() })
	}
	d := deadline.Sub(workflow.Now(ctx))
	// A step that came with the start (the proposal) needs no timer.
	if d <= 0 || (w.v != workflow.DefaultVersion && still()) {
		return nil
	}
	_, err := workflow.AwaitWithTimeout(ctx, d, still)
	return err
}

func (w *orderWorkflow) notification(kind string, role models.Role, org, subject, body string) models.Notification {
	return models.Notification{
		Key: w.order.WorkflowID + "/" + kind, ToRole: role, ToOrg: org,
		CaseType: "order", CaseID: w.order.ID, Subject: subject, Body: body,
	}
}

// deliveryNotification tells the provider of the delivery request and its contract.
func (w *orderWorkflow) deliveryNotification(ctx workflow.Context) models.Notification {
	o := w.order
	n := w.notification("delivery-requested", models.RoleProvider, o.ProviderOrg,
		"납품요구 Delivery request: "+o.Title, "계약 Contract "+o.ContractID).Keyed(models.NoticeDeliveryRequested(o))
	n.CreatedAt = workflow.Now(ctx)
	return n
}
