package workflows

import (
	"context"
	"encoding/json"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// update is one human step of a workflow: its handler changes the case, its validator
// refuses a step the case does not allow before anything enters the history.
type update struct {
	name      string
	handler   any
	validator any
}

// caseOf is what every case workflow shares with its human steps: the Query that reads
// the case and the case itself, how it is written, and what an Update answers (a small
// flow.StepResult, not the case), so that each step declares only its own check and change.
type caseOf struct {
	query   string
	state   func() any
	persist func(ctx workflow.Context)
	result  func() flow.StepResult
	// mark is called before a step changes the case; the function it returns names the
	// request on every step the change recorded (Step.Request).
	mark func() func(request string)
}

// stepOf is one declared human step, bound to its case by setCase.
type stepOf func(k caseOf) update

// step declares a human step whose whole change is a models method: check is the
// validator (a refusal leaves nothing in the history), apply the change, after which the
// case is persisted before the caller hears the answer, so the inbox agrees with it.
func step[In any](name string, check, apply func(now time.Time, in In) error) stepOf {
	return stepThen(name, check, func(ctx workflow.Context, in In) (func(workflow.Context) error, error) {
		return nil, apply(workflow.Now(ctx), in)
	})
}

// stepThen is step for a change with effects beyond the case (a removal, a signal): apply
// returns them as then, which runs after the case is persisted.
func stepThen[In any](name string, check func(now time.Time, in In) error,
	apply func(ctx workflow.Context, in In) (then func(workflow.Context) error, err error)) stepOf {
	return func(k caseOf) update {
		return update{name,
			func(ctx workflow.Context, in In) (*flow.StepResult, error) {
				stamp := k.mark()
				then, err := apply(ctx, in)
				if err != nil {
					// The state moved between validation and execution (a timer fired, a
					// session closed): the same business error the validator would give.
					return nil, temporalerr.Wrap(err)
				}
				stamp(workflow.GetCurrentUpdateInfo(ctx).ID)
				k.persist(ctx)
				if then != nil {
					if err := then(ctx); err != nil {
						return nil, err
					}
				}
				r := k.result()
				return &r, nil
			},
			func(ctx workflow.Context, in In) error { return temporalerr.Wrap(check(workflow.Now(ctx), in)) }}
	}
}

// act declares the common human step: an actor asks for a change through a models method
// pair (CheckX for the validator, X for the handler); of picks the actor and the change
// out of the Update's input.
func act[In, X any](name string, check, apply func(time.Time, models.Actor, X) error, of func(In) (models.Actor, X)) stepOf {
	return step(name,
		func(now time.Time, in In) error { a, x := of(in); return check(now, a, x) },
		func(now time.Time, in In) error { a, x := of(in); return apply(now, a, x) })
}

// setCase registers a case's Query and its human steps.
func setCase(ctx workflow.Context, k caseOf, steps ...stepOf) error {
	if err := workflow.SetQueryHandler(ctx, k.query, func() (any, error) { return k.state(), nil }); err != nil {
		return err
	}
	for _, s := range steps {
		u := s(k)
		if err := workflow.SetUpdateHandlerWithOptions(ctx, u.name, u.handler,
			workflow.UpdateHandlerOptions{Validator: u.validator}); err != nil {
			return err
		}
	}
	return nil
}

// persistCase is every case workflow's projection write: the status search attribute (for
// the Web UI's filters) and then the case itself through a local activity, one marker
// event. A failed write is logged, not fatal: the local activity retries for as long as
// the database is down, and the workflow stays the truth meanwhile. shown, when not nil,
// is the status last upserted, so that a case whose status did not change adds no event;
// it is updated before the write yields, so that an Update handler persisting meanwhile
// does not upsert the same status again.
func persistCase[T any](ctx workflow.Context, status string, shown *string, save func(context.Context, T) error, v T, what, id string) {
	logger := workflow.GetLogger(ctx)
	if shown == nil || *shown != status {
		if err := workflow.UpsertTypedSearchAttributes(ctx, flow.SACaseStatus.ValueSet(status)); err != nil {
			logger.Error("search attribute upsert failed", "error", err)
		}
		if shown != nil {
			*shown = status
		}
	}
	saveCase(ctx, save, v, what, id)
}

// saveCase writes the case's projection through a local activity, one marker event. A
// case that shows its status in its current details (showStatus) persists with it alone.
func saveCase[T any](ctx workflow.Context, save func(context.Context, T) error, v T, what, id string) {
	lctx := workflow.WithLocalActivityOptions(ctx, localOptions)
	if err := workflow.ExecuteLocalActivity(lctx, save, snapshot(v)).Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Error(what+" projection write failed", what, id, "error", err)
	}
}

// showStatus puts the case's status in the workflow's current details, which the Temporal
// Web UI shows on the workflow's page: unlike a search attribute, it costs no history
// event (the SDK answers it as a query), so a case that changes status at every step
// keeps its history short. Finding cases by status is the projection's job (the REST and
// web lists).
func showStatus(ctx workflow.Context, status string) {
	workflow.SetCurrentDetails(ctx, "status: "+status)
}

// send puts one notification in the outbox, once per key; a failure is logged, the local
// activity having retried it for as long as localRetryBound.
func send(ctx workflow.Context, n models.Notification) {
	lctx := workflow.WithLocalActivityOptions(ctx, localOptions)
	if err := workflow.ExecuteLocalActivity(lctx, acts.Notify, n).Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Error("notification failed", "key", n.Key, "error", err)
	}
}

// onSignal handles every signal of a name, in the order they came, in a coroutine of its own.
func onSignal[T any](ctx workflow.Context, name string, handle func(ctx workflow.Context, sig T)) {
	ch := workflow.GetSignalChannel(ctx, name)
	workflow.Go(ctx, func(ctx workflow.Context) {
		for {
			var sig T
			ch.Receive(ctx, &sig)
			handle(ctx, sig)
		}
	})
}

// untilDoneOptions: an activity whose effect must not be lost (a registration, a removal, a
// verdict's hook) is retried for as long as it fails, visibly pending in the Web UI.
var untilDoneOptions = workflow.ActivityOptions{
	StartToCloseTimeout: 30 * time.Second,
	RetryPolicy: &temporal.RetryPolicy{
		InitialInterval:    time.Second,
		BackoffCoefficient: 2,
		MaximumInterval:    5 * time.Minute,
	},
}

// stampSteps is caseOf.mark for a case whose timeline is *steps.
func stampSteps(steps *[]models.Step) func() func(string) {
	return func() func(string) {
		from := len(*steps)
		return func(request string) {
			for i := from; i < len(*steps); i++ {
				(*steps)[i].Request = request
			}
		}
	}
}

// stampOpening names the request that opened a case on the steps its opener made at the
// start (Step.Request); the system's steps of the same moment stay unnamed.
func stampOpening(steps []models.Step, by models.Actor, request string) {
	for i := range steps {
		if steps[i].Actor == by {
			steps[i].Request = request
		}
	}
}

// snapshot is a deep copy of v for a local activity. The SDK hands a local activity its
// argument as it is, on a goroutine of its own; while an Update's handler waits for its
// write, the main loop may go on changing the same case (a decision arrives, the run
// concludes), and the write would read the case half changed (a data race that -race
// caught in a test). The copy is the case as the step left it. Every case is JSON all
// the way down (it is stored as a jsonb document and read back from it), so a round trip
// is exact; should it ever fail, the case itself is written, as before.
//
// encoding/json is deterministic (it sorts map keys); the determinism check only sees the
// reflection and allocation beneath it, so it may pass over this.
//
//workflowcheck:ignore
func snapshot[T any](v T) T {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var c T
	if err := json.Unmarshal(b, &c); err != nil {
		return v
	}
	return c
}
