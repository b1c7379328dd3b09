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
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
)

type contractEnv struct {
	*testsuite.TestWorkflowEnvironment
	t *testing.T
	// mu guards what the local activities record: the test environment runs each on a
	// goroutine of its own, in an order the race detector cannot see.
	mu       sync.Mutex
	saved    []models.DirectContractStatus
	notified []models.Notification // to the agency: the deadlines' reminders
	told     []models.Notification // to the provider
}

func newContractEnv(t *testing.T) *contractEnv {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	env := &contractEnv{TestWorkflowEnvironment: s.NewTestWorkflowEnvironment(), t: t}
	env.SetStartTime(start)
	env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: flow.DirectContractWorkflowID("CT-2026-000001")})
	env.RegisterWorkflow(DirectContract)
	env.OnActivity(acts.SaveDirectContract, mock.Anything, mock.Anything).Return(
		func(_ context.Context, c *models.DirectContract) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.saved = append(env.saved, c.Status)
			return nil
		})
	env.OnActivity(acts.Notify, mock.Anything, mock.Anything).Return(
		func(_ context.Context, n models.Notification) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			if n.ToRole == models.RoleProvider {
				env.told = append(env.told, n)
			} else {
				env.notified = append(env.notified, n)
			}
			return nil
		})
	return env
}

// testContractInput registers a contract of AG-0001 concluded on contractedOn with a
// period ending on periodTo, at the start of the test (2026-03-02 10:00 Seoul).
func testContractInput(contractedOn, periodTo string) *flow.DirectContractInput {
	req, err := models.ParseDirectContract(models.DirectContractInput{ServiceID: "SVC-0001", Title: "민원포털 클라우드 운영",
		ContractedOn: contractedOn, AmountKRW: 48_000_000, PeriodFrom: contractedOn, PeriodTo: periodTo, Method: "direct"},
		models.DateOf(start))
	if err != nil {
		panic(err)
	}
	return &flow.DirectContractInput{ContractID: "CT-2026-000001", Request: req, Service: testService(models.ServiceRegistered),
		RegisteredBy: agency, RegisteredAt: start}
}

// at schedules an Update at offset d after the start, expecting it to be accepted.
func (e *contractEnv) at(d time.Duration, in flow.RegisterChangeInput) {
	e.RegisterDelayedCallback(func() {
		e.UpdateWorkflow(flow.UpdateRegisterChange, d.String(), &testsuite.TestUpdateCallback{
			OnReject:   func(err error) { e.t.Errorf("change rejected at %v: %v", d, err) },
			OnAccept:   func() {},
			OnComplete: func(any, error) {},
		}, in)
	}, d)
}

// rejectAt schedules an Update expected to be rejected with code (and field, if given).
func (e *contractEnv) rejectAt(d time.Duration, in flow.RegisterChangeInput, code, field string) {
	e.RegisterDelayedCallback(func() {
		e.UpdateWorkflow(flow.UpdateRegisterChange, "rejected-"+d.String(), &testsuite.TestUpdateCallback{
			OnReject: func(err error) {
				me := temporalerr.ModelError(err)
				if me == nil || me.Code != code || (field != "" && (len(me.Fields) == 0 || me.Fields[0].Field != field)) {
					e.t.Errorf("change at %v: want %s %s, got %v", d, code, field, err)
				}
			},
			OnAccept:   func() { e.t.Errorf("change at %v accepted, want %s", d, code) },
			OnComplete: func(any, error) {},
		}, in)
	}, d)
}

func (e *contractEnv) contract() *models.DirectContract {
	e.t.Helper()
	v, err := e.QueryWorkflow(flow.QueryDirectContract)
	require.NoError(e.t, err)
	var c models.DirectContract
	require.NoError(e.t, v.Get(&c))
	return &c
}

// snapshot queries the contract at offset d.
func (e *contractEnv) snapshot(d time.Duration) **models.DirectContract {
	var c *models.DirectContract
	e.RegisterDelayedCallback(func() { c = e.contract() }, d)
	return &c
}

func (e *contractEnv) result() *flow.DirectContractResult {
	e.t.Helper()
	require.True(e.t, e.IsWorkflowCompleted())
	require.NoError(e.t, e.GetWorkflowError())
	var r flow.DirectContractResult
	require.NoError(e.t, e.GetWorkflowResult(&r))
	return &r
}

func (e *contractEnv) notificationCount() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.notified)
}

func (e *contractEnv) notificationKeys() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := []string{}
	for _, n := range e.notified {
		out = append(out, n.Key)
	}
	return out
}

func announce(changedOn string) flow.RegisterChangeInput {
	return flow.RegisterChangeInput{Actor: agency, Change: models.ContractChangeInput{ChangedOn: changedOn, Reason: "과업 범위 조정"}}
}

func details(changedOn string, amount int64) flow.RegisterChangeInput {
	return flow.RegisterChangeInput{Actor: agency, Change: models.ContractChangeInput{ChangedOn: changedOn, Reason: "과업 범위 조정 확정", AmountKRW: &amount}}
}

func actionsOf(c *models.DirectContract) []string {
	out := []string{}
	for _, s := range c.Steps {
		out = append(out, s.Action)
	}
	return out
}

// since is the offset of instant t from the start of the test.
func since(t time.Time) time.Duration { return t.Sub(start) }

func TestDirectContract_OK_RegisteredLateThenClosedAfterThePeriod(t *testing.T) {
	env := newContractEnv(t)
	// Concluded 2026-01-21, 40 days before the registration: due 2026-02-20, so late.
	in := testContractInput("2026-01-21", "2026-06-30")
	closesAt := time.Date(2026, 7, 31, 0, 0, 0, 0, models.Seoul) // the end of 06-30 + 30 days
	registered := env.snapshot(time.Minute)
	open := env.snapshot(since(closesAt) - time.Second)
	env.ExecuteWorkflow(DirectContract, in)

	r := env.result()
	require.Equal(t, flow.DirectContractResult{Status: models.ContractClosed, Late: true}, *r)
	require.Equal(t, models.ContractRegistered, (*registered).Status)
	require.True(t, (*registered).Late)
	require.Equal(t, "2026-02-20", (*registered).RegistrationDue.String())
	require.Equal(t, start, (*registered).RegisteredAt.In(models.Seoul))
	require.Equal(t, models.ContractRegistered, (*open).Status, "open until the last second of the window")

	c := env.contract()
	require.Equal(t, []string{models.ActionContractRegistered, models.ActionContractClosed}, actionsOf(c))
	require.Equal(t, closesAt, c.Steps[1].At.In(models.Seoul))
	require.Equal(t, models.SystemActor, c.Steps[1].Actor)
	require.Equal(t, []models.DirectContractStatus{models.ContractRegistered, models.ContractClosed}, env.saved)
	require.Empty(t, env.notified)

	// The provider heard of the registration once, late as it was, and of nothing else.
	require.Len(t, env.told, 1)
	n := env.told[0]
	require.Equal(t, "contract-CT-2026-000001/registered-provider", n.Key)
	require.Equal(t, "PV-0001", n.ToOrg)
	require.Equal(t, start, n.CreatedAt.In(models.Seoul))
	require.Equal(t, models.NoticeContractRegistered(*registered), models.Notice{Subject: n.SubjectText, Body: n.BodyText})
	require.Contains(t, n.BodyText.English(), "registered late")
}

func TestDirectContract_PeriodLongOverEndsAtOnce(t *testing.T) {
	env := newContractEnv(t)
	// Period over on 2026-01-10: the window closed on 2026-02-10, before the registration.
	env.ExecuteWorkflow(DirectContract, testContractInput("2025-12-01", "2026-01-10"))
	require.Equal(t, models.ContractClosed, env.result().Status)
	c := env.contract()
	require.Equal(t, start, c.ClosedAt.In(models.Seoul))
	require.True(t, c.Late)
}

// TestDirectContract_AnnouncedChangeRemindedOverdueThenRegisteredLate: the reminder goes
// out at the start of the day three days before the due date, the change turns overdue at
// the end of its due date, its late details complete it, and a change open past the period's
// window keeps the contract open until then.
func TestDirectContract_AnnouncedChangeRemindedOverdueThenRegisteredLate(t *testing.T) {
	env := newContractEnv(t)
	in := testContractInput("2026-02-27", "2026-03-15") // closes 2026-04-15 00:00
	remindAt := time.Date(2026, 3, 29, 0, 0, 0, 0, models.Seoul)
	deadline := time.Date(2026, 4, 2, 0, 0, 0, 0, models.Seoul) // change due 2026-04-01
	completedAt := time.Date(2026, 4, 20, 9, 0, 0, 0, models.Seoul)

	env.at(time.Hour, announce("2026-03-02"))
	var beforeReminder, afterReminder int
	env.RegisterDelayedCallback(func() { beforeReminder = env.notificationCount() }, since(remindAt)-time.Second)
	env.RegisterDelayedCallback(func() { afterReminder = env.notificationCount() }, since(remindAt)+time.Second)
	pending := env.snapshot(since(deadline) - time.Second)
	overdue := env.snapshot(since(deadline) + time.Second)
	pastWindow := env.snapshot(since(completedAt) - time.Hour)
	env.at(since(completedAt), details("2026-03-02", 52_000_000))
	env.ExecuteWorkflow(DirectContract, in)

	require.Equal(t, 0, beforeReminder)
	require.Equal(t, 1, afterReminder)
	require.Equal(t, []string{"contract-CT-2026-000001/change-1-reminder", "contract-CT-2026-000001/change-1-overdue"}, env.notificationKeys())
	reminder := env.notified[0]
	require.Equal(t, remindAt, reminder.CreatedAt.In(models.Seoul))
	require.Equal(t, models.RoleAgency, reminder.ToRole)
	require.Equal(t, "AG-0001", reminder.ToOrg)
	require.Contains(t, reminder.Body, "2026-04-01")

	require.Equal(t, models.ContractChangePending, (*pending).Status)
	require.False(t, (*pending).Changes[0].Late)
	require.Equal(t, models.ContractChangeOverdue, (*overdue).Status)
	require.Equal(t, models.ChangeOverdue, (*overdue).Changes[0].Status)
	require.True(t, (*overdue).Changes[0].Late)
	require.Equal(t, models.ContractChangeOverdue, (*pastWindow).Status, "an open change keeps the contract open")

	r := env.result()
	require.Equal(t, models.ContractClosed, r.Status)
	require.Equal(t, 1, r.Changes)
	c := env.contract()
	ch := c.Changes[0]
	require.Equal(t, models.ChangeRegistered, ch.Status)
	require.True(t, ch.Late)
	require.Equal(t, completedAt, ch.RegisteredAt.In(models.Seoul))
	require.EqualValues(t, 52_000_000, c.AmountKRW)
	require.Equal(t, []string{models.ActionContractRegistered, models.ActionChangeAnnounced, models.ActionChangeReminded,
		models.ActionChangeOverdue, models.ActionChangeRegistered, models.ActionContractClosed}, actionsOf(c))
	require.Equal(t, remindAt, c.Steps[2].At.In(models.Seoul))
	require.Equal(t, deadline, c.Steps[3].At.In(models.Seoul))
	require.Equal(t, completedAt, c.Steps[5].At.In(models.Seoul), "closed as soon as nothing is open")
}

func TestDirectContract_AnnouncedChangeCompletedInTime(t *testing.T) {
	env := newContractEnv(t)
	in := testContractInput("2026-02-27", "2026-12-31")
	env.at(time.Hour, announce("2026-03-02"))
	// The last second of the due date 2026-04-01 is still in time, after the reminder.
	lastSecond := time.Date(2026, 4, 1, 23, 59, 59, 0, models.Seoul)
	env.at(since(lastSecond), details("2026-03-02", 50_000_000))
	after := env.snapshot(since(lastSecond) + 2*time.Second)
	env.ExecuteWorkflow(DirectContract, in)

	require.Equal(t, models.ContractClosed, env.result().Status)
	ch := (*after).Changes[0]
	require.Equal(t, models.ChangeRegistered, ch.Status)
	require.False(t, ch.Late)
	require.Equal(t, models.ContractRegistered, (*after).Status)
	require.Equal(t, []string{"contract-CT-2026-000001/change-1-reminder"}, env.notificationKeys(), "no overdue notice")

	// The provider heard of the registration, then of the change once its details came, not
	// of the announcement or the reminder.
	require.Len(t, env.told, 2)
	require.Equal(t, "contract-CT-2026-000001/registered-provider", env.told[0].Key)
	n := env.told[1]
	require.Equal(t, "contract-CT-2026-000001/change-1-provider", n.Key)
	require.Equal(t, lastSecond, n.CreatedAt.In(models.Seoul))
	require.Equal(t, models.NoticeContractChanged(*after, ch), models.Notice{Subject: n.SubjectText, Body: n.BodyText})
	require.Contains(t, n.BodyText.English(), "50000000 KRW")
}

func TestDirectContract_DetailsBeforeTheReminderCancelIt(t *testing.T) {
	env := newContractEnv(t)
	env.at(time.Hour, announce("2026-03-02"))
	env.at(48*time.Hour, details("2026-03-02", 50_000_000))
	env.ExecuteWorkflow(DirectContract, testContractInput("2026-02-27", "2026-05-31"))
	require.Equal(t, models.ContractClosed, env.result().Status)
	require.Empty(t, env.notified)
	c := env.contract()
	require.False(t, c.Changes[0].Late)
	require.Nil(t, c.Changes[0].RemindedAt)
}

func TestDirectContract_ValidatorsRefuseWithoutChangingState(t *testing.T) {
	env := newContractEnv(t)
	env.rejectAt(time.Minute, flow.RegisterChangeInput{Actor: other, Change: announce("2026-03-02").Change}, models.ENOTFOUND, "")
	env.rejectAt(2*time.Minute, flow.RegisterChangeInput{Actor: provider, Change: announce("2026-03-02").Change}, models.EFORBIDDEN, "")
	env.rejectAt(3*time.Minute, announce("2026-03-03"), models.EINVALID, "changed_on")   // tomorrow
	env.rejectAt(4*time.Minute, announce("2026-02-26"), models.EINVALID, "changed_on")   // before the contract
	env.rejectAt(5*time.Minute, details("2026-03-02", 0), models.EINVALID, "amount_krw") // not a positive amount
	env.rejectAt(6*time.Minute, flow.RegisterChangeInput{Actor: agency, Change: models.ContractChangeInput{ChangedOn: "2026-03-02"}},
		models.EINVALID, "reason")
	unchanged := env.snapshot(7 * time.Minute)
	env.at(8*time.Minute, announce("2026-03-01"))
	// Details must complete the change announced first.
	env.rejectAt(9*time.Minute, details("2026-03-02", 1), models.EINVALID, "changed_on")
	stillOpen := env.snapshot(10 * time.Minute)
	env.at(11*time.Minute, details("2026-03-01", 1))
	env.ExecuteWorkflow(DirectContract, testContractInput("2026-02-27", "2026-03-31"))

	require.Len(t, (*unchanged).Steps, 1)
	require.Empty(t, (*unchanged).Changes)
	require.Equal(t, models.ContractRegistered, (*unchanged).Status)
	require.Len(t, (*stillOpen).Steps, 2)
	require.Equal(t, models.ChangePending, (*stillOpen).Changes[0].Status)
	require.Equal(t, models.ContractClosed, env.result().Status)
}

func TestDirectContract_ContinuesAsNewWithItsState(t *testing.T) {
	env := newContractEnv(t)
	env.RegisterDelayedCallback(func() { env.SetCurrentHistoryLength(contractHistoryLimit + 1) }, 30*time.Minute)
	env.at(time.Hour, announce("2026-03-02"))
	env.ExecuteWorkflow(DirectContract, testContractInput("2026-02-27", "2026-12-31"))

	require.True(t, env.IsWorkflowCompleted())
	var can *workflow.ContinueAsNewError
	require.True(t, errors.As(env.GetWorkflowError(), &can), "%v", env.GetWorkflowError())
	var next flow.DirectContractInput
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	require.NotNil(t, next.State)
	require.Equal(t, models.ContractChangePending, next.State.Status)
	require.Len(t, next.State.Steps, 2)

	// The next run picks up where this one stopped: no second registration, the reminder
	// and the due date still ahead.
	env2 := newContractEnv(t)
	env2.SetStartTime(start.Add(time.Hour))
	env2.at(48*time.Hour, details("2026-03-02", 50_000_000))
	env2.ExecuteWorkflow(DirectContract, &next)
	require.Equal(t, models.ContractClosed, env2.result().Status)
	c := env2.contract()
	require.Equal(t, []string{models.ActionContractRegistered, models.ActionChangeAnnounced, models.ActionChangeRegistered,
		models.ActionContractClosed}, actionsOf(c))
	require.Equal(t, start, c.RegisteredAt.In(models.Seoul))
	require.Equal(t, []models.DirectContractStatus{models.ContractRegistered, models.ContractClosed}, env2.saved,
		"the new run writes the change and the close, not the registration again")
}
