package workflows

import (
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// onRulesChanged lets a case take the rule versions the rules-changed signal brings, of
// the keys it uses, in their fixed order (never the map's), and persists it when one was
// taken. It is a signal added after cases were recorded: runs recorded before never
// received it, so they replay unchanged.
func onRulesChanged(ctx workflow.Context, keys []models.RuleKey, repin func(time.Time, models.RuleKey, models.PinnedRule) bool,
	persist func(workflow.Context)) {
	onSignal(ctx, flow.SignalRulesChanged, func(ctx workflow.Context, sig flow.RulesChangedSignal) {
		changed := false
		for _, k := range keys {
			if r, ok := sig.Rules[k]; ok {
				changed = repin(workflow.Now(ctx), k, r) || changed
			}
		}
		if changed {
			persist(ctx)
		}
	})
}
