package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// rulesChanged is the signal the nightly housekeeping sends a pinned case when a version
// in force today applies to open cases: here key at value from today.
func rulesChanged(key models.RuleKey, value string) flow.RulesChangedSignal {
	return flow.RulesChangedSignal{Rules: map[models.RuleKey]models.PinnedRule{
		key: {Value: value, EffectiveFrom: models.DateOf(time.Now())}}}
}

func actionsOf(steps []models.Step) []string {
	out := make([]string, len(steps))
	for i, s := range steps {
		out[i] = s.Action
	}
	return out
}

// TestRecordPinnedContractInTheSandbox runs a direct contract registered through the app
// under a time scale, so its input carries its pins, to its close on the real dev server:
// a change announced today, a version of the registration period that applies to open
// cases (30 → 20 days) re-dating it, its reminder and its window lapsing by their
// shortened timers, its details registered late, and the close. With -record it writes the
// history for the replay test (`go test ./api -run TestRecordPinnedContractInTheSandbox -record`).
func TestRecordPinnedContractInTheSandbox(t *testing.T) {
	h := newHarness(t)
	const scale = 864000 // a day in a tenth of a second
	sandbox := app.New(app.Deps{Store: h.store, Temporal: h.tc, TaskQueue: h.tq, TimeScale: scale})
	created, err := sandbox.Contracts.Create(context.Background(), models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"},
		models.DirectContractInput{ServiceID: "SVC-0001", Title: "가속 시험 수의계약", ContractedOn: day(-10), AmountKRW: 48_000_000,
			PeriodFrom: day(-10), PeriodTo: day(5), Method: "direct"}, "sandbox-contract")
	require.NoError(t, err)
	id, wid := created.ID, flow.DirectContractWorkflowID(created.ID)
	get := func() models.DirectContract {
		var c models.DirectContract
		r := h.do("GET", "/api/v1/contracts/"+id, h.agency(), nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
		require.NoError(t, json.Unmarshal(r.body, &c))
		return c
	}
	r := h.do("PATCH", "/api/v1/contracts/"+id, h.agency(), announcement(day(0)))
	require.Equal(t, http.StatusOK, r.status, r.String())

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	require.NoError(t, h.tc.SignalWorkflow(ctx, wid, "", flow.SignalRulesChanged, rulesChanged(models.RuleDirectContractDays, "20")))
	// The wait is bounded so that a broken timer fails the test instead of hanging it.
	require.Eventually(t, func() bool { return get().Status == models.ContractChangeOverdue },
		60*time.Second, 100*time.Millisecond, "the change lapses by its shortened timer")
	c := get()
	require.Equal(t, scale, c.Pins.TimeScale)
	require.Contains(t, c.Pins.Versions(), string(models.RuleDirectContractDays)+"@"+day(0), "the version applied")
	require.Equal(t, day(20), c.Changes[0].RegistrationDue.String(), "re-dated by the applied version")
	require.NotNil(t, c.Changes[0].RemindedAt)
	require.Subset(t, actionsOf(c.Steps), []string{models.ActionRuleApplied, models.ActionChangeReminded, models.ActionChangeOverdue})

	// The details, late; the shortened period's window then closes the contract in seconds.
	r = h.do("PATCH", "/api/v1/contracts/"+id, h.agency(),
		map[string]any{"changed_on": day(0), "reason": "기간 단축 확정", "period_to": day(2)})
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))
	c = get()
	require.Equal(t, models.ContractClosed, c.Status)
	require.True(t, c.Changes[0].Late)
	h.recordHistory(t, ctx, wid, "contract_sandbox_rule_applied_overdue_closed", contractEventBudget)
}

// TestRecordPinnedChangeInTheSandbox runs an information change made through the app under
// a time scale to its end on the real dev server: the operators reminded once by the
// shortened round, a version of the approval period that applies to open cases (7 → 14
// days) lengthening the round under way, then approved and applied. With -record it writes
// the history for the replay test (`go test ./api -run TestRecordPinnedChangeInTheSandbox -record`).
func TestRecordPinnedChangeInTheSandbox(t *testing.T) {
	h := newHarness(t)
	const scale = 172800 // a day in half a second: a 7-day round is 3.5 seconds
	sandbox := app.New(app.Deps{Store: h.store, Temporal: h.tc, TaskQueue: h.tq, TimeScale: scale})
	description := "가상서버와 백업을 제공합니다 (가속 시험)."
	created, err := sandbox.Changes.Create(context.Background(), models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: "PV-0001"},
		h.ownService("2028-12-31"), models.ChangeRequestInput{Changes: models.ChangeFields{Description: &description}, Reason: "서비스 소개 갱신"},
		"sandbox-change")
	require.NoError(t, err)
	id, wid := created.ID, flow.ChangeRequestWorkflowID(created.ID)
	get := func() models.ChangeRequest {
		var cr models.ChangeRequest
		r := h.do("GET", "/api/v1/change-requests/"+id, h.operator(), nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
		require.NoError(t, json.Unmarshal(r.body, &cr))
		return cr
	}
	has := func(action string) func() bool {
		return func() bool { return slices.Contains(actionsOf(get().Steps), action) }
	}
	require.Eventually(t, has(models.ActionChangeRequestReminded), 60*time.Second, 100*time.Millisecond,
		"the operators are reminded by the shortened round")

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	require.NoError(t, h.tc.SignalWorkflow(ctx, wid, "", flow.SignalRulesChanged, rulesChanged(models.RuleChangeApprovalDays, "14")))
	require.Eventually(t, has(models.ActionRuleApplied), 30*time.Second, 100*time.Millisecond, "the request takes the version")
	cr := get()
	require.Equal(t, scale, cr.Pins.TimeScale)
	require.Contains(t, cr.Pins.Versions(), string(models.RuleChangeApprovalDays)+"@"+day(0))

	r := h.do("POST", "/api/v1/change-requests/"+id+"/decision", h.operator(), map[string]any{"approve": true})
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))
	cr = get()
	require.Equal(t, models.ChangeApproved, cr.Status)
	require.NotNil(t, cr.AppliedAt)
	h.recordHistory(t, ctx, wid, "change_sandbox_rule_applied_then_approved", 60)
}
