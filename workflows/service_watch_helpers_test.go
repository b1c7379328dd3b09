package workflows

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
)

// watchEnv runs one ServiceWatch with every activity mocked and records what the watch
// asked of the world.
type watchEnv struct {
	*testsuite.TestWorkflowEnvironment
	t *testing.T

	mu       sync.Mutex
	refused  int // refusals seen as expected
	saved    []models.WatchStatus
	removed  []string
	notices  []models.UnfitNotice
	csap     []activities.SetServiceCSAPInput
	notified []models.Notification
	signals  map[string]string // order workflow ID → reason
	// rereviews are the re-reviews started.
	rereviews []activities.StartRereviewInput
}

// inFlight are the orders on the watched service when it is removed; the second has
// closed by the time its signal arrives.
var inFlight = []string{"order-ORD-2026-000001", "order-ORD-2026-000002"}

// newWatchEnv mocks every activity; removalTakes, if given, is how long (in workflow time)
// taking the service out of the catalog takes.
func newWatchEnv(t *testing.T, removalTakes ...time.Duration) *watchEnv {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	env := &watchEnv{TestWorkflowEnvironment: s.NewTestWorkflowEnvironment(), t: t, signals: map[string]string{}}
	env.SetStartTime(start)
	env.RegisterWorkflow(ServiceWatch)
	env.OnActivity(acts.SaveServiceWatch, mock.Anything, mock.Anything).Return(
		func(_ context.Context, w *models.ServiceWatch) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.saved = append(env.saved, w.Status)
			return nil
		})
	removal := env.OnActivity(acts.RemoveService, mock.Anything, mock.Anything).Return(
		func(_ context.Context, id string) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.removed = append(env.removed, id)
			return nil
		})
	for _, d := range removalTakes {
		removal.After(d)
	}
	env.OnActivity(acts.PublishUnfitNotice, mock.Anything, mock.Anything).Return(
		func(_ context.Context, n models.UnfitNotice) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.notices = append(env.notices, n)
			return nil
		})
	env.OnActivity(acts.SetServiceCSAP, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.SetServiceCSAPInput) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.csap = append(env.csap, in)
			return nil
		})
	env.OnActivity(acts.Notify, mock.Anything, mock.Anything).Return(
		func(_ context.Context, n models.Notification) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.notified = append(env.notified, n)
			return nil
		})
	env.OnActivity(acts.InFlightOrders, mock.Anything, "SVC-0001").Return(inFlight, nil)
	env.OnActivity(acts.StartRereview, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.StartRereviewInput) (string, error) {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.rereviews = append(env.rereviews, in)
			return "APP-2026-000100", nil
		})
	for i, id := range inFlight {
		var err error
		if i == 1 {
			err = errors.New("unknown external workflow execution")
		}
		env.OnSignalExternalWorkflow(mock.Anything, id, "", flow.SignalServiceRemoved, mock.Anything).Return(
			func(_, wid, _, _ string, arg any) error {
				env.mu.Lock()
				defer env.mu.Unlock()
				env.signals[wid] = arg.(flow.ServiceRemovedSignal).Reason
				return err
			})
	}
	return env
}

// watchInput is SVC-0001 with a CSAP certificate valid through csap ("" for none).
func watchInput(t *testing.T, csap string) *flow.ServiceWatchInput {
	svc := testService(models.ServiceRegistered)
	if csap != "" {
		d, err := models.ParseDate(csap)
		require.NoError(t, err)
		svc.CSAPValidUntil = &d
	}
	return &flow.ServiceWatchInput{Service: flow.WatchedService(svc)}
}

func fact(kind, value, effective string) flow.RecordEventInput {
	return flow.RecordEventInput{Actor: operator, Event: models.InspectionEventInput{
		Kind: kind, Value: value, EffectiveOn: effective, Source: "NICE평가정보 공시"}}
}

// record schedules a fact at offset d, expecting it to be accepted.
func (e *watchEnv) record(d time.Duration, in flow.RecordEventInput) {
	e.RegisterDelayedCallback(func() {
		e.UpdateWorkflow(flow.UpdateRecordEvent, "", &testsuite.TestUpdateCallback{
			OnReject:   func(err error) { e.t.Errorf("fact at %v rejected: %v", d, err) },
			OnAccept:   func() {},
			OnComplete: func(any, error) {},
		}, in)
	}, d)
}

// refuse schedules a fact expected to be refused with code.
func (e *watchEnv) refuse(d time.Duration, in flow.RecordEventInput, code string) {
	e.RegisterDelayedCallback(func() {
		e.UpdateWorkflow(flow.UpdateRecordEvent, "", &testsuite.TestUpdateCallback{
			OnReject: func(err error) {
				if me := temporalerr.ModelError(err); me == nil || me.Code != code {
					e.t.Errorf("fact at %v: want %s refusal, got %v", d, code, err)
					return
				}
				e.mu.Lock()
				defer e.mu.Unlock()
				e.refused++
			},
			OnAccept:   func() { e.t.Errorf("fact at %v accepted, want %s", d, code) },
			OnComplete: func(any, error) {},
		}, in)
	}, d)
}

// snapshot queries the watch at offset d.
func (e *watchEnv) snapshot(d time.Duration) *models.ServiceWatch {
	var w models.ServiceWatch
	e.RegisterDelayedCallback(func() {
		v, err := e.QueryWorkflow(flow.QueryServiceWatch)
		require.NoError(e.t, err)
		require.NoError(e.t, v.Get(&w))
	}, d)
	return &w
}

func (e *watchEnv) result() *flow.ServiceWatchResult {
	e.t.Helper()
	require.True(e.t, e.IsWorkflowCompleted())
	require.NoError(e.t, e.GetWorkflowError())
	var r flow.ServiceWatchResult
	require.NoError(e.t, e.GetWorkflowResult(&r))
	return &r
}

func (e *watchEnv) final() *models.ServiceWatch {
	e.t.Helper()
	v, err := e.QueryWorkflow(flow.QueryServiceWatch)
	require.NoError(e.t, err)
	var w models.ServiceWatch
	require.NoError(e.t, v.Get(&w))
	return &w
}

// send schedules the Update name with id ("" for one the SDK draws) at offset d; code is
// the refusal expected, "" to expect it accepted. A refusal is counted in refused.
func (e *watchEnv) send(d time.Duration, name, id string, in any, code string) {
	e.RegisterDelayedCallback(func() {
		e.UpdateWorkflow(name, id, &testsuite.TestUpdateCallback{
			OnReject: func(err error) {
				if me := temporalerr.ModelError(err); code == "" || me == nil || me.Code != code {
					e.t.Errorf("%s at %v: want %q, got %v", name, d, code, err)
					return
				}
				e.mu.Lock()
				defer e.mu.Unlock()
				e.refused++
			},
			OnAccept: func() {
				if code != "" {
					e.t.Errorf("%s at %v accepted, want %s", name, d, code)
				}
			},
			OnComplete: func(any, error) {},
		}, in)
	}, d)
}
