package workflows

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// pinned is testApplication pinned to the table at start, in the sandbox at scale (1: real
// time).
func pinned(t *testing.T, scale int, kinds ...models.DocumentKind) *flow.ApplicationInput {
	in := testApplication(t, kinds...)
	in.Pins = models.PinRules(models.Rules, start, scale, models.ApplicationRuleKeys...)
	return in
}

// In the sandbox a pinned application's supplement window is shortened by its time scale:
// the workflow's timer returns the application when the shortened window ends.
func TestApplication_PinnedSandboxSupplementLapses(t *testing.T) {
	const scale = 8640
	env := newAppEnv(t)
	in := pinned(t, scale, allDocuments[:len(allDocuments)-1]...)
	var opened *models.Application
	env.RegisterDelayedCallback(func() { opened = env.app() }, time.Second)
	env.ExecuteWorkflow(Application, in)
	require.Equal(t, models.AppReturned, env.result().Status)
	require.Equal(t, in.Pins.Versions(), opened.Pins.Versions())
	require.Equal(t, scale, opened.Pins.TimeScale)
	end := models.DateOf(models.AddCalendarDays(start, 10)).EndOfDay()
	deadline := start.Add(end.Sub(start) / scale)
	require.True(t, opened.SupplementDeadline.Equal(deadline), "deadline %s, want %s", opened.SupplementDeadline, deadline)
	a := env.app() // the closed case, as its query still answers
	returned := a.Steps[len(a.Steps)-1]
	require.Equal(t, models.ActionReturned, returned.Action)
	require.True(t, returned.At.Equal(deadline), "returned at %s, the window ended at %s", returned.At, deadline)
}

// A rules-changed signal with a version that applies to open cases moves a pinned
// application's running review deadlines; the step names the version.
func TestApplication_RulesChangedMovesThePinnedReview(t *testing.T) {
	env := newAppEnv(t)
	in := pinned(t, 1, allDocuments...)
	env.complete(time.Hour, operator, models.TaskDocumentCheck, accept())
	env.complete(2*time.Hour, operator, models.TaskAssignExperts, models.TaskCompletion{Experts: []string{"cho.expert", "yoo.expert"}})
	version := models.PinnedRule{Value: "21", EffectiveFrom: models.DateOf(start)}
	env.RegisterDelayedCallback(func() {
		env.SignalWorkflow(flow.SignalRulesChanged, flow.RulesChangedSignal{Rules: map[models.RuleKey]models.PinnedRule{
			models.RuleExpertReviewDays: version, models.RuleNegotiationDays: version}})
	}, 3*time.Hour)
	var moved *models.Application
	env.RegisterDelayedCallback(func() { moved = env.app() }, 4*time.Hour)
	env.update(5*time.Hour, flow.UpdateWithdraw, flow.WithdrawInput{Actor: applicant, Withdraw: models.WithdrawInput{Reason: "일정 변경"}}, "")
	env.ExecuteWorkflow(Application, in)
	require.Equal(t, models.AppWithdrawn, env.result().Status)
	want := models.AddCalendarDays(start.Add(2*time.Hour), 21)
	reviews := 0
	for _, task := range moved.Tasks {
		if task.Kind == models.TaskExpertReview {
			reviews++
			require.True(t, task.DueAt.Equal(want), "due %s, want %s", task.DueAt, want)
		}
	}
	require.Equal(t, 2, reviews)
	require.Equal(t, models.ActionRuleApplied, moved.Steps[len(moved.Steps)-1].Action)
	require.Contains(t, moved.Pins.Versions(), string(models.RuleExpertReviewDays)+"@"+models.DateOf(start).String())
}

// A pinned application deferred session after session carries its pins into its next run
// (continue-as-new): the state holds them, and the next run does not pin again.
func TestApplication_PinsCarriedAcrossContinueAsNew(t *testing.T) {
	env := newAppEnv(t)
	in := pinned(t, 1, allDocuments...)
	first := env.toCommittee(false)
	for i := range deferralsPerRun {
		id := fmt.Sprintf("CS-2026-%04d", i+1)
		env.sessions = append(env.sessions, session(id))
		env.closeAt(first+time.Duration(i+1)*time.Hour, id)
	}
	env.ExecuteWorkflow(Application, in)
	var can *workflow.ContinueAsNewError
	require.ErrorAs(t, env.GetWorkflowError(), &can)
	next := &flow.ApplicationInput{}
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, next))
	require.NotNil(t, next.State.Pins)
	require.Equal(t, in.Pins.Versions(), next.State.Pins.Versions())
}
