package workflows

import (
	"slices"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/models"
)

// answerWait bounds how long a closing session waits for the applications on its agenda
// to count their votes. They answer within seconds while a worker runs; the bound only
// keeps a session from staying open forever if one of them never does.
const answerWait = 7 * 24 * time.Hour

// closeReplyWait is how long the operator's close request waits for the decisions before
// it answers with the session as it stands (still closing).
const closeReplyWait = time.Minute

// CommitteeSession runs one sitting of the Digital Service Review Committee: applications
// awaiting the committee join its agenda until the operator closes it; at the close each
// application counts its members' votes (quorum and majority) and answers with its
// decision, which the session records.
func CommitteeSession(ctx workflow.Context, in *flow.SessionInput) (*flow.SessionResult, error) {
	now := workflow.Now(ctx).In(models.Seoul)
	w := &sessionWorkflow{
		s: &models.CommitteeSession{
			ID: in.SessionID, WorkflowID: workflow.GetInfo(ctx).WorkflowExecution.ID,
			HeldOn: in.Request.HeldOn, Members: in.Request.Members, Status: models.SessionOpen,
			Agenda: []models.AgendaItem{}, OpenedBy: in.OpenedBy.Sub, OpenedAt: now, Steps: []models.Step{},
		},
		closeCh: workflow.NewBufferedChannel(ctx, 1),
	}
	w.s.Record(now, in.OpenedBy, "session_opened", models.SessionOpenedNote(in.Request.HeldOn, in.Request.Members))
	stampOpening(w.s.Steps, in.OpenedBy, in.RequestID)
	if err := w.setup(ctx); err != nil {
		return nil, err
	}
	return w.run(ctx)
}

type sessionWorkflow struct {
	s       *models.CommitteeSession
	closeCh workflow.Channel
}

func (w *sessionWorkflow) record(now time.Time, by models.Actor, action, note string) {
	w.s.Steps = append(w.s.Steps, models.Step{At: now.In(models.Seoul), Actor: by, Action: action, Status: string(w.s.Status), Note: note})
}

// checkClose lets the operator close an open session.
func (w *sessionWorkflow) checkClose(in flow.CloseSessionInput) error {
	if in.Actor.Role != models.RoleOperator {
		return models.Errorf(models.EFORBIDDEN, "only the operator closes a session")
	}
	if w.s.Status != models.SessionOpen {
		return models.Conflict("close the session", w.s.Status)
	}
	return nil
}

func (w *sessionWorkflow) setup(ctx workflow.Context) error {
	return setCase(ctx, caseOf{flow.QuerySession, func() any { return w.s }, w.persist,
		func() flow.StepResult { return flow.StepResultOf(string(w.s.Status), w.s.Version(), w.s.Steps) }, stampSteps(&w.s.Steps)},
		stepThen(flow.UpdateCloseSession,
			func(_ time.Time, in flow.CloseSessionInput) error { return w.checkClose(in) },
			func(ctx workflow.Context, in flow.CloseSessionInput) (func(workflow.Context) error, error) {
				if err := w.checkClose(in); err != nil {
					return nil, err
				}
				w.s.Status = models.SessionClosing
				w.s.ClosedBy = in.Actor.Sub
				w.s.Record(workflow.Now(ctx), in.Actor, "session_closing", models.SessionClosingNote(len(w.s.Agenda)))
				return func(ctx workflow.Context) error {
					w.closeCh.Send(ctx, in.Actor)
					// Answer with the decisions when they are in; the session is closing either way.
					_, err := workflow.AwaitWithTimeout(ctx, closeReplyWait, func() bool { return w.s.Status == models.SessionClosed })
					return err
				}, nil
			}),
	)
}

func (w *sessionWorkflow) persist(ctx workflow.Context) {
	persistCase(ctx, string(w.s.Status), nil, acts.SaveSession, w.s, "session", w.s.ID)
}

func (w *sessionWorkflow) item(applicationID string) int {
	return slices.IndexFunc(w.s.Agenda, func(it models.AgendaItem) bool { return it.ApplicationID == applicationID })
}

func (w *sessionWorkflow) undecided() int {
	n := 0
	for _, it := range w.s.Agenda {
		if it.Decision == nil {
			n++
		}
	}
	return n
}

func (w *sessionWorkflow) run(ctx workflow.Context) (*flow.SessionResult, error) {
	s := w.s
	w.persist(ctx)

	// Applications that were waiting for a session learn that this one opened.
	lctx := workflow.WithLocalActivityOptions(ctx, localOptions)
	var waiting []string
	if err := workflow.ExecuteLocalActivity(lctx, acts.AwaitingApplications).Get(ctx, &waiting); err != nil {
		return nil, err
	}
	for _, wid := range waiting {
		// Fire and forget: an application that ended meanwhile needs no news.
		workflow.SignalExternalWorkflow(ctx, wid, "", flow.SignalSessionOpened, flow.SessionOpenedSignal{SessionID: s.ID})
	}

	joins := workflow.GetSignalChannel(ctx, flow.SignalJoinSession)
	results := workflow.GetSignalChannel(ctx, flow.SignalSessionResult)
	onJoin := func(c workflow.ReceiveChannel, _ bool) {
		var sig flow.JoinSessionSignal
		c.Receive(ctx, &sig)
		w.join(ctx, sig)
	}
	onResult := func(c workflow.ReceiveChannel, _ bool) {
		var sig flow.SessionResultSignal
		c.Receive(ctx, &sig)
		if i := w.item(sig.ApplicationID); i >= 0 && s.Agenda[i].Decision == nil {
			d := sig.Decision
			s.Agenda[i].Decision = &d
		}
	}

	// Open: applications join until the operator closes the session.
	closing := false
	for !closing {
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(joins, onJoin)
		sel.AddReceive(w.closeCh, func(c workflow.ReceiveChannel, _ bool) {
			c.Receive(ctx, nil)
			closing = true
		})
		sel.Select(ctx)
	}

	// Closing: every application on the agenda counts its votes and answers.
	for i := range s.Agenda {
		it := &s.Agenda[i]
		err := workflow.SignalExternalWorkflow(ctx, it.WorkflowID, "", flow.SignalSessionClosing,
			flow.SessionClosingSignal{SessionID: s.ID}).Get(ctx, nil)
		if err != nil {
			it.Decision = &models.CommitteeDecision{SessionID: s.ID, Outcome: models.OutcomeWithdrawn,
				Reason: "the application's case had ended before the close"}
		}
	}
	timer := workflow.NewTimer(ctx, answerWait)
	timedOut := false
	for w.undecided() > 0 && !timedOut {
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(results, onResult)
		sel.AddReceive(joins, onJoin)
		sel.AddFuture(timer, func(workflow.Future) { timedOut = true })
		sel.Select(ctx)
	}

	now := workflow.Now(ctx)
	s.Status = models.SessionClosed
	t := now.In(models.Seoul)
	s.ClosedAt = &t
	w.s.Record(now, models.Actor{Sub: s.ClosedBy, Role: models.RoleOperator}, "session_closed", w.summary())
	w.persist(ctx)

	// Joins that arrived after the close are turned away, so the applications look for
	// the next session. Draining in this coroutine means a join that races the end of the
	// run makes the server hand the workflow one more task instead of losing the signal.
	for {
		var sig flow.JoinSessionSignal
		if !joins.ReceiveAsync(&sig) {
			break
		}
		w.join(ctx, sig)
	}
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return nil, err
	}
	return &flow.SessionResult{Agenda: s.Agenda}, nil
}

// join adds an application to the agenda while the session is open, and turns it away
// otherwise.
func (w *sessionWorkflow) join(ctx workflow.Context, sig flow.JoinSessionSignal) {
	s := w.s
	if s.Status != models.SessionOpen {
		workflow.SignalExternalWorkflow(ctx, sig.WorkflowID, "", flow.SignalSessionRejected, flow.SessionRejectedSignal{SessionID: s.ID})
		return
	}
	// Confirmed before anything else, repeated joins included, so that the application
	// hands out vote tasks only for a session that has it on its agenda.
	workflow.SignalExternalWorkflow(ctx, sig.WorkflowID, "", flow.SignalSessionJoined, flow.SessionJoinedSignal{SessionID: s.ID})
	if w.item(sig.ApplicationID) >= 0 {
		return
	}
	now := workflow.Now(ctx)
	s.Agenda = append(s.Agenda, models.AgendaItem{ApplicationID: sig.ApplicationID, WorkflowID: sig.WorkflowID,
		ServiceName: sig.ServiceName, JoinedAt: now.In(models.Seoul)})
	w.record(now, models.SystemActor, "application_joined", sig.ApplicationID+" "+sig.ServiceName)
	w.persist(ctx)
}

func (w *sessionWorkflow) summary() *models.Text {
	counts := map[models.CommitteeOutcome]int{}
	unanswered := 0
	for _, it := range w.s.Agenda {
		if it.Decision == nil {
			unanswered++
			continue
		}
		counts[it.Decision.Outcome]++
	}
	return models.SessionClosedNote(counts, unanswered, answerWait)
}
