package workflows

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
)

var changeOperator = models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"}

type changeEnv struct {
	*testsuite.TestWorkflowEnvironment
	t        *testing.T
	mu       sync.Mutex // activities run on their own goroutines
	saved    []models.ChangeRequestStatus
	applied  []*models.ChangeRequest
	notified []models.Notification
}

func newChangeEnv(t *testing.T) *changeEnv {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	env := &changeEnv{TestWorkflowEnvironment: s.NewTestWorkflowEnvironment(), t: t}
	env.SetStartTime(start)
	env.RegisterWorkflow(ChangeRequest)
	env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: flow.ChangeRequestWorkflowID("CR-2026-000001")})
	env.OnActivity(acts.SaveChangeRequest, mock.Anything, mock.Anything).Return(
		func(_ context.Context, cr *models.ChangeRequest) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.saved = append(env.saved, cr.Status)
			return nil
		})
	env.OnActivity(acts.ApplyChangeRequest, mock.Anything, mock.Anything).Return(
		func(_ context.Context, cr *models.ChangeRequest) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.applied = append(env.applied, cr)
			return nil
		})
	env.OnActivity(acts.Notify, mock.Anything, mock.Anything).Return(
		func(_ context.Context, n models.Notification) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.notified = append(env.notified, n)
			return nil
		})
	return env
}

func changeInput(t *testing.T, changes models.ChangeFields) *flow.ChangeRequestInput {
	svc := testService(models.ServiceRegistered)
	p, err := models.ParseChangeRequest(models.ChangeRequestInput{Changes: changes, Reason: "서비스 소개 갱신"}, svc)
	require.NoError(t, err)
	return &flow.ChangeRequestInput{ChangeRequestID: "CR-2026-000001", Parsed: p, Service: svc, RequestedBy: provider}
}

func changeDecision(approve bool, reason string) flow.DecideChangeInput {
	return flow.DecideChangeInput{Actor: changeOperator, Decision: models.DecideChangeInput{Approve: &approve, Reason: reason}}
}

func (e *changeEnv) decideAt(d time.Duration, arg flow.DecideChangeInput, rejectCode string) {
	e.updateAt(d, flow.UpdateDecideChange, arg, rejectCode)
}

// updateAt sends the Update name with arg after d, expecting it refused with rejectCode
// ("" to expect it accepted).
func (e *changeEnv) updateAt(d time.Duration, name string, arg any, rejectCode string) {
	e.RegisterDelayedCallback(func() {
		e.UpdateWorkflow(name, "", &testsuite.TestUpdateCallback{
			OnReject: func(err error) {
				if rejectCode == "" {
					e.t.Errorf("decide rejected: %v", err)
					return
				}
				if me := temporalerr.ModelError(err); me == nil || me.Code != rejectCode {
					e.t.Errorf("decide: want %s, got %v", rejectCode, err)
				}
			},
			OnAccept: func() {
				if rejectCode != "" {
					e.t.Errorf("decide accepted, want %s", rejectCode)
				}
			},
			OnComplete: func(any, error) {},
		}, arg)
	}, d)
}

func (e *changeEnv) result() *flow.ChangeRequestResult {
	e.t.Helper()
	require.True(e.t, e.IsWorkflowCompleted())
	require.NoError(e.t, e.GetWorkflowError())
	var r flow.ChangeRequestResult
	require.NoError(e.t, e.GetWorkflowResult(&r))
	return &r
}

func (e *changeEnv) request() *models.ChangeRequest {
	e.t.Helper()
	v, err := e.QueryWorkflow(flow.QueryChangeRequest)
	require.NoError(e.t, err)
	var cr models.ChangeRequest
	require.NoError(e.t, v.Get(&cr))
	return &cr
}

func changeText(s string) *string { return &s }

func TestChangeRequest_OK_ApprovedAndApplied(t *testing.T) {
	env := newChangeEnv(t)
	env.decideAt(time.Hour, changeDecision(true, ""), "")
	env.ExecuteWorkflow(ChangeRequest, changeInput(t, models.ChangeFields{Description: changeText("새 소개")}))
	require.Equal(t, models.ChangeApproved, env.result().Status)
	require.Len(t, env.applied, 1)
	require.Equal(t, "park.operator", env.applied[0].DecidedBy)
	cr := env.request()
	require.NotNil(t, cr.AppliedAt)
	actions := []string{}
	for _, s := range cr.Steps {
		actions = append(actions, s.Action)
	}
	require.Equal(t, []string{models.ActionChangeRequested, models.ActionChangeApproved, models.ActionChangeApplied}, actions)
	require.Equal(t, models.ChangeApproved, env.saved[len(env.saved)-1])
	require.Equal(t, "change-CR-2026-000001/applied", env.notified[len(env.notified)-1].Key)
}

func TestChangeRequest_OK_Rejected(t *testing.T) {
	env := newChangeEnv(t)
	env.decideAt(time.Hour, changeDecision(false, "근거 자료 부족"), "")
	env.ExecuteWorkflow(ChangeRequest, changeInput(t, models.ChangeFields{Name: changeText("새 이름")}))
	require.Equal(t, models.ChangeRejected, env.result().Status)
	require.Empty(t, env.applied)
	require.Equal(t, "근거 자료 부족", env.request().DecisionReason)
}

func TestChangeRequest_ReminderAfterApprovalDays(t *testing.T) {
	env := newChangeEnv(t)
	days := models.RuleInt(models.RuleChangeApprovalDays, start)
	require.Equal(t, 7, days)
	var before, after int
	count := func() int {
		env.mu.Lock()
		defer env.mu.Unlock()
		n := 0
		for _, x := range env.notified {
			if x.Key == "change-CR-2026-000001/reminder-1" {
				n++
			}
		}
		return n
	}
	env.RegisterDelayedCallback(func() { before = count() }, 7*24*time.Hour-time.Minute)
	env.RegisterDelayedCallback(func() { after = count() }, 7*24*time.Hour+time.Minute)
	env.decideAt(10*24*time.Hour, changeDecision(true, "확인"), "")
	env.ExecuteWorkflow(ChangeRequest, changeInput(t, models.ChangeFields{NameEn: changeText("Hanbit Cloud Server")}))
	require.Equal(t, models.ChangeApproved, env.result().Status)
	require.Equal(t, 0, before)
	require.Equal(t, 1, after)
	cr := env.request()
	require.Equal(t, models.ActionChangeRequestReminded, cr.Steps[1].Action)
	require.Equal(t, models.SystemActor, cr.Steps[1].Actor)
	require.Equal(t, start.AddDate(0, 0, 7), cr.Steps[1].At.In(models.Seoul))
}

func TestChangeRequest_DecideValidator(t *testing.T) {
	env := newChangeEnv(t)
	other := models.Actor{Sub: "han.provider", Role: models.RoleProvider, Org: "PV-0002"}
	env.decideAt(time.Minute, flow.DecideChangeInput{Actor: provider, Decision: models.DecideChangeInput{Approve: new(true)}}, models.EFORBIDDEN)
	env.decideAt(2*time.Minute, flow.DecideChangeInput{Actor: other, Decision: models.DecideChangeInput{Approve: new(true)}}, models.ENOTFOUND)
	env.decideAt(3*time.Minute, changeDecision(false, " "), models.EINVALID)
	env.decideAt(4*time.Minute, flow.DecideChangeInput{Actor: changeOperator}, models.EINVALID)
	env.decideAt(time.Hour, changeDecision(false, "중복 요청"), "")
	env.ExecuteWorkflow(ChangeRequest, changeInput(t, models.ChangeFields{Name: changeText("새 이름")}))
	require.Equal(t, models.ChangeRejected, env.result().Status)
}

func TestChangeRequest_Rereview(t *testing.T) {
	env := newChangeEnv(t)
	var started activities.StartRereviewInput
	env.OnActivity(acts.StartRereview, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.StartRereviewInput) (string, error) {
			started = in
			return "APP-2026-000042", nil
		})
	var waiting *models.ChangeRequest
	env.RegisterDelayedCallback(func() { waiting = env.request() }, time.Hour)
	// Only the re-review decides: the operators' decision and another application's are refused.
	env.decideAt(2*time.Hour, changeDecision(true, ""), models.ECONFLICT)
	env.updateAt(3*time.Hour, flow.UpdateRereviewDecided, models.ChangeRereviewDecision{ApplicationID: "APP-2026-000041", Selected: true}, models.EINVALID)
	env.updateAt(30*24*time.Hour, flow.UpdateRereviewDecided, models.ChangeRereviewDecision{ApplicationID: "APP-2026-000042", Selected: true}, "")
	env.ExecuteWorkflow(ChangeRequest, changeInput(t, models.ChangeFields{CSAPValidUntil: changeText("2031-06-30")}))
	r := env.result()
	require.Equal(t, models.ChangeApproved, r.Status)
	require.Equal(t, "APP-2026-000042", r.RereviewApplicationID, "the selection workflow in re-review mode")
	require.Equal(t, models.RereviewFromChange, started.From)
	require.Equal(t, "change-CR-2026-000001", started.CaseRef, "one re-review per request, whatever the retries")
	require.Contains(t, started.Ground, "CR-2026-000001", "the experts read what the request asks")
	require.Contains(t, started.Ground, " → 2031-06-30")
	require.Equal(t, models.ChangeRereviewStarted, waiting.Status)
	require.Nil(t, waiting.ClosedAt, "the request waits for its re-review")
	require.Len(t, env.applied, 1)
	require.Equal(t, []string{"change-CR-2026-000001/rereview", "change-CR-2026-000001/applied"},
		[]string{env.notified[0].Key, env.notified[1].Key})
	require.Equal(t, models.RoleOperator, env.notified[0].ToRole)
	cr := env.request()
	require.Equal(t, models.ChangeRereview, cr.Path)
	require.Equal(t, []string{"csap"}, cr.Criteria)
	require.Equal(t, models.SystemActor.Sub, cr.DecidedBy)
	require.NotNil(t, cr.AppliedAt)
	require.True(t, start.Add(30*24*time.Hour).Equal(*cr.DecidedAt), "decided when the re-review told it")
}

// A re-review that does not select the service rejects the change: nothing is applied and
// the provider is told why.
func TestChangeRequest_RereviewNotSelected(t *testing.T) {
	env := newChangeEnv(t)
	env.OnActivity(acts.StartRereview, mock.Anything, mock.Anything).Return("APP-2026-000042", nil)
	env.updateAt(time.Hour, flow.UpdateRereviewDecided, models.ChangeRereviewDecision{ApplicationID: "APP-2026-000042"}, "")
	env.ExecuteWorkflow(ChangeRequest, changeInput(t, models.ChangeFields{SLA: changeText("가용성 99.5%")}))
	require.Equal(t, models.ChangeRejected, env.result().Status)
	require.Empty(t, env.applied)
	require.Equal(t, "change-CR-2026-000001/rejected", env.notified[len(env.notified)-1].Key)
	require.Equal(t, models.RoleProvider, env.notified[len(env.notified)-1].ToRole)
	require.Contains(t, env.notified[len(env.notified)-1].Body, "APP-2026-000042", "the provider reads which re-review")
	require.NotNil(t, env.request().ClosedAt)
}

// A request nobody decides is reminded every change_request.approval_days for as long as it
// waits; its runs stay bounded: after remindersPerRun reminders a run continues as new with
// the request's state, and the reminders go on numbered across runs, each sent once.
func TestChangeRequest_FiftyRemindersContinueAsNew(t *testing.T) {
	const reminders = 50
	in := changeInput(t, models.ChangeFields{NameEn: changeText("Hanbit Cloud Server")})
	var notified []string
	at := start
	runs := 0
	for {
		runs++
		require.LessOrEqual(t, runs, reminders/remindersPerRun+1)
		env := newChangeEnv(t)
		env.SetStartTime(at)
		days := models.RuleInt(models.RuleChangeApprovalDays, at)
		if in.Rounds+remindersPerRun >= reminders {
			// The operator decides after the fiftieth reminder.
			env.decideAt(time.Duration(reminders-in.Rounds)*time.Duration(days)*24*time.Hour+time.Hour,
				changeDecision(false, "반려"), "")
		}
		env.ExecuteWorkflow(ChangeRequest, in)
		require.True(t, env.IsWorkflowCompleted())
		for _, n := range env.notified {
			notified = append(notified, n.Key)
		}
		err := env.GetWorkflowError()
		if err == nil {
			require.Equal(t, models.ChangeRejected, env.result().Status)
			break
		}
		var can *workflow.ContinueAsNewError
		require.ErrorAs(t, err, &can)
		next := &flow.ChangeRequestInput{}
		require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, next))
		require.Equal(t, in.Rounds+remindersPerRun, next.Rounds, "run %d reminded %d times", runs, next.Rounds-in.Rounds)
		require.Equal(t, models.ChangeSubmitted, next.State.Status)
		in, at = next, next.State.Steps[len(next.State.Steps)-1].At
	}
	require.Equal(t, reminders/remindersPerRun, runs-1, "continued as new once per %d reminders", remindersPerRun)
	seen := map[string]int{}
	for _, k := range notified {
		seen[k]++
	}
	for i := 1; i <= reminders; i++ {
		require.Equal(t, 1, seen[fmt.Sprintf("change-CR-2026-000001/reminder-%d", i)], "reminder %d", i)
	}
	require.Equal(t, 1, seen["change-CR-2026-000001/submitted"], "the operators are told of the request once")
}
