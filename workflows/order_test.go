package workflows

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	sdkpb "go.temporal.io/api/sdk/v1"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
)

var (
	agency   = models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"}
	provider = models.Actor{Sub: "choi.provider", Role: models.RoleProvider, Org: "PV-0001"}
	other    = models.Actor{Sub: "lee.agency", Role: models.RoleAgency, Org: "AG-0002"}
	// Monday 2 March 2026, 10:00 in Seoul.
	start = time.Date(2026, 3, 2, 10, 0, 0, 0, models.Seoul)
)

func testService(status models.ServiceStatus) models.Service {
	return models.Service{ID: "SVC-0001", Name: "한빛 클라우드 서버", Type: models.TypeCloud,
		Subtype: models.SubIaaS, Status: status, Provider: models.Provider{Org: "PV-0001", Name: "(주)한빛클라우드"}}
}

func testOrderInput() *flow.OrderInput {
	due, _ := models.ParseDate("2026-03-09")
	return &flow.OrderInput{
		OrderID:     "ORD-2026-000001",
		Request:     models.OrderRequest{ServiceID: "SVC-0001", Title: "민원 시스템 클라우드 전환", BudgetKRW: 120_000_000, ProposalDue: due},
		Service:     testService(models.ServiceRegistered),
		RequestedBy: agency,
	}
}

type orderEnv struct {
	*testsuite.TestWorkflowEnvironment
	t      *testing.T
	saved  []models.OrderStatus
	signed []models.Contract
	// news is what the order's moves told the parties, in order.
	news []models.Notification
}

func newOrderEnv(t *testing.T, svcStatus models.ServiceStatus) *orderEnv {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	env := &orderEnv{TestWorkflowEnvironment: s.NewTestWorkflowEnvironment(), t: t}
	env.SetStartTime(start)
	env.RegisterWorkflow(Order)
	env.OnActivity(acts.OpenOrder, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.OpenOrderInput) (models.ServiceStatus, error) {
			if svcStatus.Orderable() {
				env.saved = append(env.saved, in.Order.Status)
			}
			return svcStatus, nil
		})
	env.OnActivity(acts.SaveOrder, mock.Anything, mock.Anything).Return(
		func(_ context.Context, o *models.Order) error { env.saved = append(env.saved, o.Status); return nil })
	env.OnActivity(acts.SaveOrderWithNews, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.OrderWithNews) error {
			env.saved = append(env.saved, in.Order.Status)
			env.news = append(env.news, in.News...)
			return nil
		})
	env.OnActivity(acts.RegisterContract, mock.Anything, mock.Anything).Return(
		func(_ context.Context, c models.Contract) error { env.signed = append(env.signed, c); return nil })
	env.OnActivity(acts.Notify, mock.Anything, mock.Anything).Return(nil)
	env.OnActivity(acts.SaveDeliveredOrder, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.DeliveredOrder) error {
			env.saved = append(env.saved, in.Order.Status)
			env.signed = append(env.signed, in.Contract)
			return nil
		})
	return env
}

// at schedules an Update at offset d after the start, expecting it to be accepted.
func (e *orderEnv) at(d time.Duration, name string, arg any) {
	e.RegisterDelayedCallback(func() {
		e.UpdateWorkflow(name, name, &testsuite.TestUpdateCallback{
			OnReject:   func(err error) { e.t.Errorf("%s rejected at %v: %v", name, d, err) },
			OnAccept:   func() {},
			OnComplete: func(any, error) {},
		}, arg)
	}, d)
}

// rejectAt schedules an Update expected to be rejected with the given code.
func (e *orderEnv) rejectAt(d time.Duration, name string, arg any, code string) {
	e.RegisterDelayedCallback(func() {
		e.UpdateWorkflow(name, name+"-rejected", &testsuite.TestUpdateCallback{
			OnReject: func(err error) {
				me := temporalerr.ModelError(err)
				if me == nil || me.Code != code {
					e.t.Errorf("%s at %v: want %s rejection, got %v", name, d, code, err)
				}
			},
			OnAccept:   func() { e.t.Errorf("%s at %v accepted, want %s", name, d, code) },
			OnComplete: func(any, error) {},
		}, arg)
	}, d)
}

func (e *orderEnv) result() *flow.OrderResult {
	e.t.Helper()
	require.True(e.t, e.IsWorkflowCompleted())
	require.NoError(e.t, e.GetWorkflowError())
	var r flow.OrderResult
	require.NoError(e.t, e.GetWorkflowResult(&r))
	return &r
}

func (e *orderEnv) order() *models.Order {
	e.t.Helper()
	v, err := e.QueryWorkflow(flow.QueryOrder)
	require.NoError(e.t, err)
	var o models.Order
	require.NoError(e.t, v.Get(&o))
	return &o
}

func proposal() flow.SubmitProposalInput {
	return flow.SubmitProposalInput{Actor: provider, Proposal: models.ProposalInput{PriceKRW: 110_000_000, Summary: "IaaS 4 vCPU x 20, 3년"}}
}

func scores(total float64) flow.EvaluateInput {
	return flow.EvaluateInput{Actor: agency, Scores: []models.ScoreInput{
		{Criterion: "기술능력 technical", Score: total - 20, Max: 80},
		{Criterion: "가격 price", Score: 20, Max: 20},
	}}
}

func agree(price int64) flow.NegotiateInput {
	t := true
	return flow.NegotiateInput{Actor: agency, Negotiation: models.NegotiationInput{Agreed: &t, FinalPriceKRW: price, Terms: "SLA 99.9%, 36개월"}}
}

func TestOrder_OK_DeliveryRequested(t *testing.T) {
	env := newOrderEnv(t, models.ServiceRegistered)
	env.at(time.Hour, flow.UpdateSubmitProposal, proposal())
	env.at(2*time.Hour, flow.UpdateEvaluate, scores(91.5))
	env.at(26*time.Hour, flow.UpdateNegotiate, agree(105_000_000))
	env.ExecuteWorkflow(Order, testOrderInput())

	r := env.result()
	require.Equal(t, models.OrderDeliveryRequested, r.Status)
	require.Equal(t, "CT-ORD-2026-000001", r.ContractID)
	require.Len(t, env.signed, 1)
	require.EqualValues(t, 105_000_000, env.signed[0].AmountKRW)
	require.Equal(t, "2026-03-03", env.signed[0].ContractedOn.String())

	o := env.order()
	require.Equal(t, "91.5", o.EvaluationTotal.String())
	require.Equal(t, start.Add(2*time.Hour).AddDate(0, 0, 10), o.NegotiationDeadline.In(models.Seoul))
	actions := []string{}
	for _, s := range o.Steps {
		actions = append(actions, s.Action)
	}
	require.Equal(t, []string{models.ActionProposalRequested, models.ActionProposalSubmitted, models.ActionEvaluated,
		models.ActionNegotiationAgreed, models.ActionDeliveryRequested}, actions)
	require.Equal(t, "choi.provider", o.Steps[1].Actor.Sub)
	// The projection saw every state in order and ends where the workflow ends.
	require.Equal(t, models.OrderDeliveryRequested, env.saved[len(env.saved)-1])

	// From version 3 of "order-fewer-events" each move tells the party that did not make
	// it, with the projection's write: the agency the proposal, the provider the
	// evaluation; the delivery request is told apart, with its contract.
	type told struct {
		to      string
		subject string
		at      time.Time
	}
	var got []told
	for _, n := range env.news {
		got = append(got, told{n.ToOrg, n.SubjectText.Key, n.CreatedAt.In(models.Seoul)})
	}
	require.Equal(t, []told{
		{"AG-0001", "notify.order_proposal_submitted.subject", start.Add(time.Hour)},
		{"PV-0001", "notify.order_negotiating.subject", start.Add(2 * time.Hour)},
	}, got)
}

func TestOrder_QualifyingScore(t *testing.T) {
	for _, tc := range []struct {
		total float64
		want  models.OrderStatus
	}{
		{84, models.OrderNotQualified},
		{84.99, models.OrderNotQualified},
		{85, models.OrderNegotiating},
		{100, models.OrderNegotiating},
	} {
		t.Run(models.Points(tc.total*100).String(), func(t *testing.T) {
			env := newOrderEnv(t, models.ServiceRegistered)
			env.at(time.Hour, flow.UpdateSubmitProposal, proposal())
			env.at(2*time.Hour, flow.UpdateEvaluate, scores(tc.total))
			var seen models.OrderStatus
			env.RegisterDelayedCallback(func() { seen = env.order().Status }, 3*time.Hour)
			env.ExecuteWorkflow(Order, testOrderInput())
			if tc.want.Final() {
				require.Equal(t, tc.want, env.result().Status)
				return
			}
			require.Equal(t, tc.want, seen)
		})
	}
}

func TestOrder_ProposalLapsesAtEndOfDueDate(t *testing.T) {
	env := newOrderEnv(t, models.ServiceRegistered)
	// 2026-03-09 ends at midnight Seoul time; one second before, a proposal is still on time
	// in a sibling test below; here nobody answers.
	env.ExecuteWorkflow(Order, testOrderInput())
	require.Equal(t, models.OrderLapsed, env.result().Status)
	o := env.order()
	last := o.Steps[len(o.Steps)-1]
	require.Equal(t, models.ActionProposalLapsed, last.Action)
	require.Equal(t, time.Date(2026, 3, 10, 0, 0, 0, 0, models.Seoul), last.At.In(models.Seoul))
	require.Equal(t, models.SystemActor, last.Actor)
}

func TestOrder_ProposalOneSecondBeforeDeadlineIsOnTime(t *testing.T) {
	env := newOrderEnv(t, models.ServiceRegistered)
	deadline := time.Date(2026, 3, 10, 0, 0, 0, 0, models.Seoul)
	env.at(deadline.Sub(start)-time.Second, flow.UpdateSubmitProposal, proposal())
	var seen models.OrderStatus
	env.RegisterDelayedCallback(func() { seen = env.order().Status }, deadline.Sub(start)+time.Hour)
	env.ExecuteWorkflow(Order, testOrderInput())
	require.Equal(t, models.OrderProposalSubmitted, seen)
}

func TestOrder_NegotiationLapsesExactlyAtTenDays(t *testing.T) {
	env := newOrderEnv(t, models.ServiceRegistered)
	env.at(time.Hour, flow.UpdateSubmitProposal, proposal())
	env.at(2*time.Hour, flow.UpdateEvaluate, scores(90))
	tenDays := 2*time.Hour + 10*24*time.Hour
	var before models.OrderStatus
	env.RegisterDelayedCallback(func() { before = env.order().Status }, tenDays-time.Second)
	env.rejectAt(tenDays+time.Second, flow.UpdateNegotiate, agree(100), models.ECONFLICT)
	env.ExecuteWorkflow(Order, testOrderInput())

	require.Equal(t, models.OrderNegotiating, before)
	require.Equal(t, models.OrderLapsed, env.result().Status)
	last := env.order().Steps[len(env.order().Steps)-1]
	require.Equal(t, models.ActionNegotiationLapsed, last.Action)
	require.Equal(t, start.Add(tenDays), last.At.In(models.Seoul))
	require.Empty(t, env.signed)
}

func TestOrder_NegotiationFailureLapses(t *testing.T) {
	env := newOrderEnv(t, models.ServiceRegistered)
	f := false
	env.at(time.Hour, flow.UpdateSubmitProposal, proposal())
	env.at(2*time.Hour, flow.UpdateEvaluate, scores(88))
	env.at(3*time.Hour, flow.UpdateNegotiate, flow.NegotiateInput{Actor: agency, Negotiation: models.NegotiationInput{Agreed: &f, Reason: "가격 불일치"}})
	env.ExecuteWorkflow(Order, testOrderInput())
	require.Equal(t, models.OrderLapsed, env.result().Status)
	require.Equal(t, "가격 불일치", env.order().Reason)
}

func TestOrder_CancelInEveryOpenState(t *testing.T) {
	cancel := flow.CancelInput{Actor: agency, Cancel: models.CancelInput{Reason: "예산 삭감"}}
	for _, tc := range []struct {
		name  string
		steps func(e *orderEnv)
	}{
		{"proposal_requested", func(*orderEnv) {}},
		{"proposal_submitted", func(e *orderEnv) { e.at(time.Hour, flow.UpdateSubmitProposal, proposal()) }},
		{"negotiating", func(e *orderEnv) {
			e.at(time.Hour, flow.UpdateSubmitProposal, proposal())
			e.at(2*time.Hour, flow.UpdateEvaluate, scores(95))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newOrderEnv(t, models.ServiceRegistered)
			tc.steps(env)
			var before models.OrderStatus
			env.RegisterDelayedCallback(func() { before = env.order().Status }, 3*time.Hour-time.Minute)
			env.at(3*time.Hour, flow.UpdateCancel, cancel)
			env.ExecuteWorkflow(Order, testOrderInput())
			require.Equal(t, models.OrderStatus(tc.name), before)
			require.Equal(t, models.OrderCancelled, env.result().Status)
			require.Equal(t, "예산 삭감", env.order().Reason)
			require.Empty(t, env.signed)
		})
	}
}

func TestOrder_ServiceRemovedMidOrder(t *testing.T) {
	env := newOrderEnv(t, models.ServiceRegistered)
	env.at(time.Hour, flow.UpdateSubmitProposal, proposal())
	env.at(2*time.Hour, flow.UpdateEvaluate, scores(90))
	env.RegisterDelayedCallback(func() {
		env.SignalWorkflow(flow.SignalServiceRemoved, flow.ServiceRemovedSignal{Reason: "CSAP 인증 취소 (CSAP cancelled)"})
	}, 5*time.Hour)
	env.rejectAt(6*time.Hour, flow.UpdateNegotiate, agree(100), models.ECONFLICT)
	env.ExecuteWorkflow(Order, testOrderInput())
	require.Equal(t, models.OrderCancelled, env.result().Status)
	o := env.order()
	require.Contains(t, o.Reason, "CSAP cancelled")
	require.Equal(t, models.ActionServiceRemoved, o.Steps[len(o.Steps)-1].Action)
}

func TestOrder_ServiceNoLongerOrderableAtStart(t *testing.T) {
	env := newOrderEnv(t, models.ServiceSuspended)
	env.ExecuteWorkflow(Order, testOrderInput())
	require.Equal(t, models.OrderCancelled, env.result().Status)
	require.Contains(t, env.order().Reason, "suspended")
}

func TestOrder_ValidatorsRejectWithoutChangingState(t *testing.T) {
	env := newOrderEnv(t, models.ServiceRegistered)
	env.rejectAt(time.Minute, flow.UpdateEvaluate, scores(90), models.ECONFLICT) // no proposal yet
	env.rejectAt(2*time.Minute, flow.UpdateSubmitProposal,
		flow.SubmitProposalInput{Actor: provider, Proposal: models.ProposalInput{PriceKRW: -5}}, models.EINVALID)
	env.rejectAt(3*time.Minute, flow.UpdateCancel, flow.CancelInput{Actor: other, Cancel: models.CancelInput{Reason: "x"}}, models.ENOTFOUND)
	env.rejectAt(4*time.Minute, flow.UpdateSubmitProposal, flow.SubmitProposalInput{Actor: agency, Proposal: proposal().Proposal}, models.EFORBIDDEN)
	var after *models.Order
	env.RegisterDelayedCallback(func() { after = env.order() }, 5*time.Minute)
	env.at(6*time.Minute, flow.UpdateCancel, flow.CancelInput{Actor: agency, Cancel: models.CancelInput{Reason: "test over"}})
	env.ExecuteWorkflow(Order, testOrderInput())
	require.Equal(t, models.OrderProposalRequested, after.Status)
	require.Len(t, after.Steps, 1)
}

func TestOrder_InvalidFieldsAreNamed(t *testing.T) {
	env := newOrderEnv(t, models.ServiceRegistered)
	env.at(time.Hour, flow.UpdateSubmitProposal, proposal())
	env.RegisterDelayedCallback(func() {
		env.UpdateWorkflow(flow.UpdateEvaluate, "bad", &testsuite.TestUpdateCallback{
			OnReject: func(err error) {
				me := temporalerr.ModelError(err)
				require.NotNil(t, me)
				require.Equal(t, models.EINVALID, me.Code)
				require.Equal(t, "scores[0].score", me.Fields[0].Field)
			},
			OnAccept: func() { t.Error("accepted") }, OnComplete: func(any, error) {},
		}, flow.EvaluateInput{Actor: agency, Scores: []models.ScoreInput{{Criterion: "a", Score: 11, Max: 10}}})
	}, 2*time.Hour)
	env.at(3*time.Hour, flow.UpdateCancel, flow.CancelInput{Actor: agency, Cancel: models.CancelInput{Reason: "done"}})
	env.ExecuteWorkflow(Order, testOrderInput())
	require.Equal(t, models.OrderCancelled, env.result().Status)
}

// TestOrder_ShowsItsStatusInDetailsNotInASearchAttribute: from version 2 of
// "order-fewer-events" an order upserts no DsCaseStatus (three history events fewer for a
// delivered order) and shows its status in its current details instead.
func TestOrder_ShowsItsStatusInDetailsNotInASearchAttribute(t *testing.T) {
	env := newOrderEnv(t, models.ServiceRegistered)
	var upserted []string
	env.OnUpsertTypedSearchAttributes(mock.Anything).Return(nil).Run(func(args mock.Arguments) {
		for k := range args.Get(0).(temporal.SearchAttributes).GetUntypedValues() {
			upserted = append(upserted, k.GetName())
		}
	})
	env.at(time.Hour, flow.UpdateSubmitProposal, proposal())
	env.at(2*time.Hour, flow.UpdateEvaluate, scores(91.5))
	env.at(26*time.Hour, flow.UpdateNegotiate, agree(105_000_000))
	env.ExecuteWorkflow(Order, testOrderInput())
	require.Equal(t, models.OrderDeliveryRequested, env.result().Status)
	require.Empty(t, upserted, "search attributes upserted by the order")

	v, err := env.QueryWorkflow("__temporal_workflow_metadata")
	require.NoError(t, err)
	var md sdkpb.WorkflowMetadata
	require.NoError(t, v.Get(&md))
	require.Equal(t, "status: "+string(models.OrderDeliveryRequested), md.GetCurrentDetails())
}

// TestOrder_LapseTellsBothParties: a lapse is the system's move, so both parties hear of it.
func TestOrder_LapseTellsBothParties(t *testing.T) {
	env := newOrderEnv(t, models.ServiceRegistered)
	env.ExecuteWorkflow(Order, testOrderInput())
	require.Equal(t, models.OrderLapsed, env.result().Status)
	require.Len(t, env.news, 2)
	for i, org := range []string{"AG-0001", "PV-0001"} {
		require.Equal(t, org, env.news[i].ToOrg)
		require.Equal(t, "notify.order_lapsed.subject", env.news[i].SubjectText.Key)
	}
}
