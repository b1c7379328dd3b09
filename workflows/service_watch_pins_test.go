package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// A watch started with pins judges its facts by them; a rule version that applies to open
// cases reaches it by the rules-changed signal, is written to the projection and named in
// its timeline, and the facts after it, and the removal's notice, follow it.
func TestServiceWatch_PinnedThenRuleApplied(t *testing.T) {
	env := newWatchEnv(t)
	in := watchInput(t, "2029-06-30")
	in.Pins = models.PinRules(models.Rules, start, 0, models.ServiceWatchRuleKeys...)
	env.record(time.Hour, fact("credit_rating", "BB", "2026-03-01"))
	from := models.DateOf(start)
	env.RegisterDelayedCallback(func() {
		env.SignalWorkflow(flow.SignalRulesChanged, flow.RulesChangedSignal{Rules: map[models.RuleKey]models.PinnedRule{
			models.RuleMinCreditRating: {Value: "BBB", EffectiveFrom: from},
			models.RuleUnfitNoticeDays: {Value: "30", EffectiveFrom: from},
		}})
	}, 2*time.Hour)
	seen := env.snapshot(3 * time.Hour)
	env.record(4*time.Hour, fact("credit_rating", "BB", "2026-03-02"))
	env.record(5*time.Hour, fact("business_status", "closed", "2026-03-02"))
	env.ExecuteWorkflow(ServiceWatch, in)

	require.Equal(t, models.WatchUnfit, env.result().Status)
	require.Len(t, seen.RulesApplied, 2)
	require.Equal(t, "BBB", seen.Pins.Rules[models.RuleMinCreditRating].Value)
	w := env.final()
	require.Equal(t, models.InspectionFit, w.Findings[0].Outcome, "BB is above the pinned floor, B-")
	require.Equal(t, models.InspectionRereview, w.Findings[1].Outcome, "BB is below the floor the version brought")
	var actions []string
	for _, s := range w.Steps() {
		actions = append(actions, s.Action)
	}
	require.Equal(t, []string{models.ActionInspectionFit, models.ActionRuleApplied, models.ActionRuleApplied,
		models.ActionInspectionRereview, models.ActionInspectionUnfit}, actions)
	require.Len(t, env.notices, 1)
	require.Equal(t, "2026-04-01", env.notices[0].Until.String(), "shown for the 30 days the version brought")
	// Written at the start, after each fact, and once for the versions taken.
	require.Len(t, env.saved, 5)
}
