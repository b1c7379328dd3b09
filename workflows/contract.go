package workflows

import (
	"fmt"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/models"
)

// contractHistoryLimit is the history length past which the workflow continues as new
// with its state. A registration and a change cost about ten events each, and a contract
// takes at most models.MaxContractChanges changes, so a real contract stays far below it;
// the limit is there so that an unforeseen loop of timers cannot grow a history without
// bound.
const contractHistoryLimit = 2000

// DirectContract tracks one direct contract's registration (Process 3): the contract is
// registered at the start (late or not), each change is registered by the Update
// register-change, each announced change is reminded and, past its due date, marked
// overdue by workflow timers, and the workflow ends once the period and the registration
// window after it are over with no change open. Every date rule is decided by models.
func DirectContract(ctx workflow.Context, in *flow.DirectContractInput) (*flow.DirectContractResult, error) {
	w := &contractWorkflow{c: in.State}
	fresh := w.c == nil
	if fresh {
		at := in.RegisteredAt
		if at.IsZero() {
			at = workflow.Now(ctx)
		}
		w.c = models.NewDirectContract(in.ContractID, workflow.GetInfo(ctx).WorkflowExecution.ID,
			in.Request, in.Service, in.RegisteredBy, at)
		w.c.RegisteredWith(in.Documents)
		// The pins came with the input, so a run replays with the rules it started under; a
		// run started before pins existed has none and reads the table at each step.
		if in.Pins != nil {
			w.c.Pin(in.Pins)
		}
		// As the starter did to set the first status: a contract registered after its
		// period's window is closed at once.
		w.c.Advance(at)
		stampOpening(w.c.Steps, in.RegisteredBy, in.RequestID)
	}
	// The starter (app.Contracts.Create), or the previous run, set the status attribute.
	w.status = string(w.c.Status)
	// A previous run told the provider of the changes registered in it.
	w.toldChange = w.c.LastRegisteredChange()
	if err := w.setup(ctx); err != nil {
		return nil, err
	}
	return w.run(ctx, fresh)
}

// The versions of change "contract-provider-news": from contractNews on the provider is
// told of a contract registered for its service (an agency registers it alone, and a
// provider should not learn of a contract in its name from an audit); from
// contractChangeNews on, of each change registered too.
const (
	contractNews       = 1
	contractChangeNews = 2
)

// newsVersion is the version of change "contract-provider-news" this run follows. A run
// asks it where it first has news to tell, so a run that has none records no marker.
func (w *contractWorkflow) newsVersion(ctx workflow.Context) workflow.Version {
	return workflow.GetVersion(ctx, "contract-provider-news", workflow.DefaultVersion, contractChangeNews)
}

type contractWorkflow struct {
	c *models.DirectContract
	// status is the status last written to the search attribute.
	status string
	// toldChange is the number of the last change the provider was told of.
	toldChange int
}

func (w *contractWorkflow) setup(ctx workflow.Context) error {
	c := w.c
	if err := setCase(ctx, caseOf{flow.QueryDirectContract, func() any { return w.c }, w.persist,
		func() flow.StepResult { return flow.StepResultOf(string(w.c.Status), w.c.Version(), w.c.Steps) }, stampSteps(&w.c.Steps)},
		act(flow.UpdateRegisterChange, c.CheckRegisterChange, c.RegisterChange,
			func(in flow.RegisterChangeInput) (models.Actor, models.ContractChangeInput) {
				return in.Actor, in.Change
			}),
	); err != nil {
		return err
	}
	// A version taken records a step, which wakes the run's wait to the re-dated deadlines.
	onRulesChanged(ctx, models.DirectContractRuleKeys, w.c.Repin, w.persist)
	return nil
}

// persist writes the projection, and the status search attribute when the status moved
// (an unchanged attribute would only add an event).
func (w *contractWorkflow) persist(ctx workflow.Context) {
	persistCase(ctx, string(w.c.Status), &w.status, acts.SaveDirectContract, w.c, "contract", w.c.ID)
	w.tellChanges(ctx)
}

// tellChanges tells the provider of each change registered since it was last told, from
// contractChangeNews on: the change's terms bind the provider as much as the agency.
func (w *contractWorkflow) tellChanges(ctx workflow.Context) {
	news, last := models.ContractChangeNews(w.c, w.toldChange)
	if len(news) == 0 {
		return
	}
	w.toldChange = last
	if w.newsVersion(ctx) < contractChangeNews {
		return
	}
	for _, n := range news {
		send(ctx, n)
	}
}

func (w *contractWorkflow) run(ctx workflow.Context, fresh bool) (*flow.DirectContractResult, error) {
	c := w.c
	if fresh {
		// The starter set the search attributes, so the contract is findable before this
		// first task runs; the projection follows here.
		w.persist(ctx)
		if w.newsVersion(ctx) >= contractNews {
			w.tellProvider(ctx)
		}
	}
	for !c.Status.Final() {
		if w.historyTooLong(ctx) {
			if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
				return nil, err
			}
			return nil, workflow.NewContinueAsNewError(ctx, DirectContract, &flow.DirectContractInput{ContractID: c.ID, State: c})
		}
		v := c.Version()
		changed := func() bool { return c.Version() != v }
		next, ok := c.NextEvent()
		if !ok {
			// Only a person moves the contract on: an overdue change awaits its details.
			if err := workflow.Await(ctx, changed); err != nil {
				return nil, err
			}
			continue
		}
		// Each deadline is a workflow timer, so it holds across restarts and is exact in the
		// time-skipping tests; a change that comes first restarts the wait from the new state.
		if d := next.Sub(workflow.Now(ctx)); d > 0 {
			if err := awaitTimerOr(ctx, d, changed); err != nil {
				return nil, err
			}
			continue
		}
		w.apply(ctx, c.Advance(workflow.Now(ctx)))
	}
	// Let an Update that is still writing its projection finish before the run closes.
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return nil, err
	}
	return &flow.DirectContractResult{Status: c.Status, Late: c.Late, Changes: len(c.Changes)}, nil
}

// awaitTimerOr waits d or until changed(), and cancels the timer when the contract changed
// first. AwaitWithTimeout leaves its timer running (the SDK cancels it only behind a flag
// that is off), and a contract waits months: every change would leave a timer behind to
// fire into the history for nothing.
func awaitTimerOr(ctx workflow.Context, d time.Duration, changed func() bool) error {
	tctx, cancel := workflow.WithCancel(ctx)
	defer cancel()
	timer := workflow.NewTimer(tctx, d)
	return workflow.Await(ctx, func() bool { return timer.IsReady() || changed() })
}

func (w *contractWorkflow) historyTooLong(ctx workflow.Context) bool {
	info := workflow.GetInfo(ctx)
	return info.GetCurrentHistoryLength() > contractHistoryLimit || info.GetContinueAsNewSuggested()
}

// apply tells the agency what the deadlines did and writes the new state.
func (w *contractWorkflow) apply(ctx workflow.Context, ev models.ContractEvents) {
	if !ev.Any() {
		return
	}
	for _, ch := range ev.Reminded {
		w.notify(ctx, fmt.Sprintf("change-%d-reminder", ch.No),
			"변경 등록 기한 임박 Change registration due soon: "+w.c.Title,
			fmt.Sprintf("계약 %s 변경 %d (%s) 상세 등록 기한 %s. Contract %s change no. %d of %s: details due %s (Asia/Seoul).",
				w.c.ID, ch.No, ch.ChangedOn, ch.RegistrationDue, w.c.ID, ch.No, ch.ChangedOn, ch.RegistrationDue),
			models.NoticeChangeDueSoon(w.c, ch))
	}
	for _, ch := range ev.Overdue {
		w.notify(ctx, fmt.Sprintf("change-%d-overdue", ch.No),
			"변경 등록 기한 경과 Change registration overdue: "+w.c.Title,
			fmt.Sprintf("계약 %s 변경 %d (%s) 등록 기한 %s 경과. Contract %s change no. %d of %s was due %s (Asia/Seoul) and is late.",
				w.c.ID, ch.No, ch.ChangedOn, ch.RegistrationDue, w.c.ID, ch.No, ch.ChangedOn, ch.RegistrationDue),
			models.NoticeChangeOverdue(w.c, ch))
	}
	w.persist(ctx)
}

// notify puts one message to the contract's agency in the outbox, once per key: the
// bilingual subject and body, and the same keyed for the agency's language.
func (w *contractWorkflow) notify(ctx workflow.Context, kind, subject, body string, keyed models.Notice) {
	n := models.Notification{
		Key: w.c.WorkflowID + "/" + kind, ToRole: models.RoleAgency, ToOrg: w.c.AgencyOrg,
		CaseType: "contract", CaseID: w.c.ID, Subject: subject, Body: body, CreatedAt: workflow.Now(ctx),
	}
	send(ctx, n.Keyed(keyed))
}

// tellProvider puts the registration in the provider's outbox, once.
func (w *contractWorkflow) tellProvider(ctx workflow.Context) {
	n := models.Notification{
		Key: w.c.WorkflowID + "/registered-provider", ToRole: models.RoleProvider, ToOrg: w.c.ProviderOrg,
		CaseType: "contract", CaseID: w.c.ID, CreatedAt: workflow.Now(ctx),
	}
	send(ctx, n.Bilingual(models.NoticeContractRegistered(w.c)))
}
