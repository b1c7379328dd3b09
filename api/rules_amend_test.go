package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestRuleAmendmentByData is issue 15's done-when on the real dev server: the negotiation
// window is amended from 10 to 14 days from a future date by adding a version to the rule
// file, nothing else. Before adopting it, the what-if names the open order it would touch
// (kept at 10: the order is pinned); an order started before the date keeps 10 days, one
// started after it gets 14, each judged when evaluated today. (Recorded histories replay:
// workflows' TestReplayRecordedHistories.)
func TestRuleAmendmentByData(t *testing.T) {
	h := newHarness(t)
	effective := models.DateOf(time.Now()).AddDate(0, 1, 0)
	before := h.newOrder()
	h.firstTaskDone(flow.OrderWorkflowID(before)) // its projection is written: the what-if reads those

	amendment := map[string]any{"key": string(models.RuleNegotiationDays), "value": "14",
		"effective_from": effective.Format(time.DateOnly), "source": "가상 개정 고시 (시험)"}
	r := h.do("POST", "/api/v1/rules/what-if", h.operator(), map[string]any{"rules": []any{amendment}})
	require.Equal(t, http.StatusOK, r.status, r.String())
	var whatIf app.WhatIf
	require.NoError(t, json.Unmarshal(r.body, &whatIf))
	var touched *models.RuleEffect
	for i, e := range whatIf.Effects {
		if e.CaseID == before {
			touched = &whatIf.Effects[i]
		}
	}
	require.NotNil(t, touched, "the what-if names the open order: %s", r.String())
	require.Equal(t, models.EffectKept, touched.Effect)
	require.Equal(t, "10", touched.Held)
	require.Equal(t, "14", touched.Proposed)
	require.Positive(t, whatIf.Checked["order"])
	// A provider may not ask; a version on the day of an existing one is refused.
	r = h.do("POST", "/api/v1/rules/what-if", h.provider(), map[string]any{"rules": []any{amendment}})
	require.Equal(t, http.StatusForbidden, r.status, r.String())
	r = h.do("POST", "/api/v1/rules/what-if", h.operator(), map[string]any{"rules": []any{map[string]any{
		"key": string(models.RuleNegotiationDays), "value": "14", "effective_from": "2020-10-01", "source": "x"}}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status, r.String())
	require.Contains(t, r.String(), "rules[0].effective_from")

	// The amendment, by data alone: the rule file with one more version.
	raw, err := os.ReadFile("../models/rules.json")
	require.NoError(t, err)
	var file map[string]any
	require.NoError(t, json.Unmarshal(raw, &file))
	file["rules"] = append(file["rules"].([]any), map[string]any{"key": amendment["key"], "value": "14", "type": "integer",
		"unit": "calendar days", "source": amendment["source"], "effective_from": amendment["effective_from"]})
	amended, err := json.Marshal(file)
	require.NoError(t, err)
	table, err := models.ParseRuleTable(amended)
	require.NoError(t, err)
	old := models.Rules
	models.UseRules(table)
	t.Cleanup(func() { models.UseRules(old) })

	// An order opened on the day after the version takes effect (the app's clock), by the
	// same system's workflows.
	later := app.New(app.Deps{Store: h.store, Temporal: h.tc, TaskQueue: h.tq,
		Clock: func() time.Time { return effective.AddDate(0, 0, 1).Add(10 * time.Hour) }})
	created, err := later.Orders.Create(context.Background(), models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"},
		app.CreateOrderInput{ServiceID: "SVC-0001", Title: "개정 후 주문", BudgetKRW: 120_000_000,
			ProposalDue: effective.AddDate(0, 0, 8).Format(time.DateOnly)}, "amended-after")
	require.NoError(t, err)
	after := created.ID

	for id, days := range map[string]int{before: 10, after: 14} {
		r := h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), validProposal)
		require.Equal(t, http.StatusOK, r.status, r.String())
		r = h.do("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), score90)
		require.Equal(t, http.StatusOK, r.status, r.String())
		var o models.Order
		require.NoError(t, json.Unmarshal(h.do("GET", "/api/v1/orders/"+id, h.agency(), nil).body, &o))
		require.Equal(t, models.OrderNegotiating, o.Status)
		require.True(t, models.AddCalendarDays(*o.EvaluatedAt, days).Equal(*o.NegotiationDeadline), "order %s: %d days, deadline %s", id, days, o.NegotiationDeadline)
		require.Contains(t, o.Pins.Versions(), string(models.RuleNegotiationDays)+"@"+
			map[int]string{10: models.RegimeStart.String(), 14: effective.Format(time.DateOnly)}[days])
		// The auditor's history of the case names the versions it keeps.
		r = h.do("GET", "/api/v1/cases/"+flow.OrderWorkflowID(id)+"/history", h.auditor(), nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
		require.Contains(t, r.json(t)["rules"], string(models.RuleNegotiationDays)+"@"+
			map[int]string{10: models.RegimeStart.String(), 14: effective.Format(time.DateOnly)}[days])
	}
}

// TestOrderLapsesInTheSandbox runs an order to its negotiation lapse on the real dev server
// under a time scale: at 172800 the 10-day window is five seconds.
func TestOrderLapsesInTheSandbox(t *testing.T) {
	h := newHarness(t)
	sandbox := app.New(app.Deps{Store: h.store, Temporal: h.tc, TaskQueue: h.tq, TimeScale: 172800})
	created, err := sandbox.Orders.Create(context.Background(), models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"},
		app.CreateOrderInput{ServiceID: "SVC-0001", Title: "가속 시험", BudgetKRW: 120_000_000,
			ProposalDue: models.DateOf(time.Now()).AddDate(0, 11, 0).Format(time.DateOnly)}, "sandbox-lapse")
	require.NoError(t, err)
	id := created.ID
	r := h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), validProposal)
	require.Equal(t, http.StatusOK, r.status, r.String())
	r = h.do("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), score90)
	require.Equal(t, http.StatusOK, r.status, r.String())
	var o models.Order
	require.NoError(t, json.Unmarshal(h.do("GET", "/api/v1/orders/"+id, h.agency(), nil).body, &o))
	require.Equal(t, 172800, o.Pins.TimeScale)
	require.Equal(t, 5*time.Second, o.NegotiationDeadline.Sub(*o.EvaluatedAt))
	// The wait is bounded so that a broken timer fails the test instead of hanging it.
	require.Eventually(t, func() bool { return h.orderStatus(id) == string(models.OrderLapsed) },
		90*time.Second, 200*time.Millisecond, "the negotiation lapses by its shortened timer")
	require.NoError(t, json.Unmarshal(h.do("GET", "/api/v1/orders/"+id, h.agency(), nil).body, &o))
	require.Equal(t, models.ActionNegotiationLapsed, o.Steps[len(o.Steps)-1].Action)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	wid := flow.OrderWorkflowID(id)
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))
	h.recordHistory(t, ctx, wid, "order_negotiation_lapsed_in_sandbox", 40)
}

// TestRuleVersionReachesOpenOrders: a version in force today whose entry says it applies
// to open cases reaches a running, pinned order by the nightly housekeeping (a signal its
// history records), which moves its negotiation deadline; the order then completes. With
// -record it writes both histories for the replay test
// (`go test ./api -run TestRuleVersionReachesOpenOrders -record`).
func TestRuleVersionReachesOpenOrders(t *testing.T) {
	h := newHarness(t)
	id := h.newOrder()
	h.firstTaskDone(flow.OrderWorkflowID(id))
	require.Equal(t, http.StatusOK, h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), validProposal).status)
	require.Equal(t, http.StatusOK, h.do("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), score90).status)

	today := models.DateOf(time.Now())
	table := append(slices.Clone(models.Rules), models.Rule{Key: models.RuleNegotiationDays, Value: "14", Type: models.RuleTypeInteger,
		Unit: "calendar days", Source: "가상 개정 고시 (시험)", EffectiveFrom: today.Time,
		AppliesToOpenCases: true, OpenCasesSource: "부칙 제2조 (시험: 진행 중인 건에도 적용)"})
	old := models.Rules
	models.UseRules(table)
	t.Cleanup(func() { models.UseRules(old) })

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	run, err := h.tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "housekeeping-rules-" + id, TaskQueue: h.tq}, workflows.Housekeeping)
	require.NoError(t, err)
	var res flow.HousekeepingResult
	require.NoError(t, run.Get(ctx, &res))
	require.EqualValues(t, 1, res.RulesSentToCases, "the one open order")

	var o models.Order
	require.Eventually(t, func() bool {
		require.NoError(t, json.Unmarshal(h.do("GET", "/api/v1/orders/"+id, h.agency(), nil).body, &o))
		return o.Steps[len(o.Steps)-1].Action == models.ActionRuleApplied
	}, 30*time.Second, 100*time.Millisecond, "the order takes the version")
	require.True(t, models.AddCalendarDays(*o.EvaluatedAt, 14).Equal(*o.NegotiationDeadline), "deadline %s", o.NegotiationDeadline)
	require.Contains(t, o.Pins.Versions(), string(models.RuleNegotiationDays)+"@"+today.String())

	// A second night may send it again (the projection it reads can lag the order), and the
	// order, which holds the version, takes nothing twice.
	run, err = h.tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "housekeeping-rules-again-" + id, TaskQueue: h.tq}, workflows.Housekeeping)
	require.NoError(t, err)
	require.NoError(t, run.Get(ctx, &res))

	require.Equal(t, http.StatusOK, h.do("POST", "/api/v1/orders/"+id+"/negotiation", h.agency(), agreed).status)
	require.NoError(t, json.Unmarshal(h.do("GET", "/api/v1/orders/"+id, h.agency(), nil).body, &o))
	applied := 0
	for _, s := range o.Steps {
		if s.Action == models.ActionRuleApplied {
			applied++
		}
	}
	require.Equal(t, 1, applied, "the version is applied once")
	wid := flow.OrderWorkflowID(id)
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))
	h.recordHistory(t, ctx, wid, "order_rule_applied_then_delivered", 40)
	// 20 events before the night's follow-ups of waiting work (housekeeping-reminders v1)
	// added their activity and its version marker.
	h.recordHistory(t, ctx, "housekeeping-rules-"+id, "housekeeping_rules_sent", housekeepingBudget)
}
