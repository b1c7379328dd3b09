package workflows

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// qcPinnedInput is qcInput with the pins of the table at the case's opening and scale.
func qcPinnedInput(scale int) *flow.QualityCaseInput {
	in := qcInput()
	in.Pins = models.PinRules(models.Rules, qcOpen, scale, models.QualityRuleKeys...)
	return in
}

// A case started with pins keeps them (the case's JSON names them); under the sandbox's
// scale its report window closes that many times sooner, by the workflow's timer.
func TestQualityCase_PinnedInTheSandbox(t *testing.T) {
	const scale = 8640
	env := newQualityEnv(t)
	closes := qcReportClose / scale
	var before, after *models.QualityCase
	env.RegisterDelayedCallback(func() { before = env.qc() }, closes-time.Second)
	env.RegisterDelayedCallback(func() { after = env.qc() }, closes+time.Millisecond)
	env.at(closes+time.Minute, flow.UpdatePreReview, qcPreReview(false, "보고서 미제출"))
	env.at(closes+2*time.Minute, flow.UpdateInspect, qcInspect("fit", "", ""))
	env.ExecuteWorkflow(QualityCase, qcPinnedInput(scale))

	require.Equal(t, models.QualityFit, env.result().Status)
	require.Equal(t, models.QualityReportRequested, before.Status)
	require.Equal(t, models.QualityReportSubmitted, after.Status)
	require.Equal(t, qcOpen.Add(closes), after.ReportDeadline.In(models.Seoul))
	require.Equal(t, models.QualityFindingNoReport, after.Findings[0].Kind)
	require.Equal(t, scale, after.Pins.TimeScale)
	require.Contains(t, after.Pins.Versions(), string(models.RuleQualityReportDays)+"@"+models.RegimeStart.String())
}

// A rule version that applies to open cases reaches a running, pinned case by the
// rules-changed signal: the report window is counted again from the opening, and the
// wait starts over with the new deadline.
func TestQualityCase_RuleAppliedMovesTheReportWindow(t *testing.T) {
	env := newQualityEnv(t)
	newer := models.PinnedRule{Value: "45", EffectiveFrom: models.DateOf(qcOpen.Add(2 * qcDay))}
	env.RegisterDelayedCallback(func() {
		env.SignalWorkflow(flow.SignalRulesChanged, flow.RulesChangedSignal{Rules: map[models.RuleKey]models.PinnedRule{
			models.RuleQualityReportDays: newer, models.RuleNegotiationDays: newer}})
	}, 3*qcDay)
	var atOldClose *models.QualityCase
	env.RegisterDelayedCallback(func() { atOldClose = env.qc() }, qcReportClose+time.Hour)
	newClose := time.Date(2027, 4, 17, 0, 0, 0, 0, models.Seoul).Sub(qcOpen) // 45 days: due 2027-04-16
	env.at(newClose+time.Hour, flow.UpdatePreReview, qcPreReview(false, "보고서 미제출"))
	env.at(newClose+2*time.Hour, flow.UpdateInspect, qcInspect("fit", "", ""))
	env.ExecuteWorkflow(QualityCase, qcPinnedInput(0))

	require.Equal(t, models.QualityFit, env.result().Status)
	require.Equal(t, models.QualityReportRequested, atOldClose.Status, "the old window's end passed without a finding")
	c := env.qc()
	require.Equal(t, []string{models.ActionQualityReportRequested, models.ActionRuleApplied, models.ActionQualityReportMissing,
		models.ActionQualityPreReviewed, models.ActionQualityInspected}, qcActions(c))
	require.Equal(t, qcOpen.Add(newClose), c.Steps[2].At.In(models.Seoul))
	require.Equal(t, "2027-04-16", c.ReportDue.String())
	opened := 0
	for _, s := range env.saved {
		if s == models.QualityReportRequested {
			opened++
		}
	}
	require.Equal(t, 2, opened, "the opening and the version taken are written to the projection")
}

// The cycle's cases pin what the page's listing activity recorded, and a cycle started in
// the sandbox asks the listing for its scale; the workflow never reads the rule table for
// them.
func TestQualityCycle_ChildrenCarryTheListingsPins(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(qcOpen)
	env.RegisterWorkflow(QualityCycle)
	// Pins no table holds: only the activity's result can have given them.
	pins := &models.CasePins{TimeScale: 8640, Rules: map[models.RuleKey]models.PinnedRule{
		models.RuleQualityReportDays: {Value: "3", EffectiveFrom: models.DateOf(qcOpen)}}}
	var listed []activities.ListQualityDueInput
	env.OnActivity(acts.ListQualityDueServices, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.ListQualityDueInput) (activities.QualityDuePage, error) {
			listed = append(listed, in)
			return activities.QualityDuePage{Services: []models.QualityDueService{cycleService(0), cycleService(1)}, Pins: pins}, nil
		})
	var got []*models.CasePins
	env.RegisterWorkflowWithOptions(func(ctx workflow.Context, in *flow.QualityCaseInput) (*flow.QualityCaseResult, error) {
		got = append(got, in.Pins)
		return &flow.QualityCaseResult{Status: models.QualityFit}, nil
	}, workflow.RegisterOptions{Name: "QualityCase"})
	env.ExecuteWorkflow(QualityCycle, &flow.QualityCycleInput{Year: 2027, TimeScale: 8640})

	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	require.Len(t, listed, 1)
	require.Equal(t, 8640, listed[0].TimeScale)
	require.Equal(t, []*models.CasePins{pins, pins}, got)
}
