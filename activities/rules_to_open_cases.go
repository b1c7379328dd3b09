package activities

import (
	"context"
	"errors"

	"go.temporal.io/api/serviceerror"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/temporalerr"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// SendRulesToOpenCases signals every running case that holds an older version of a rule
// whose version in force now applies to open cases (applies_to_open_cases in the rule
// table). The nightly housekeeping runs it, so a version taking effect at midnight reaches
// the open cases that night, by a signal their histories record. An order that already has
// the version ignores it, so a rerun sends nothing twice in effect. It returns the number
// of cases signalled.
func (a *Activities) SendRulesToOpenCases(ctx context.Context) (int64, error) {
	now := a.now()
	open := map[models.RuleKey]models.Rule{}
	for _, k := range models.RuleKeys() {
		if r, err := models.RuleAt(k, now); err == nil && r.AppliesToOpenCases {
			open[k] = r
		}
	}
	if len(open) == 0 {
		return 0, nil
	}
	var sent int64
	// signal sends a case that holds pins the versions newer than its own; one without pins
	// reads the table at each step.
	signal := func(workflowID string, pins *models.CasePins, keys []models.RuleKey) error {
		if pins == nil {
			return nil
		}
		sig := flow.RulesChangedSignal{Rules: map[models.RuleKey]models.PinnedRule{}}
		for _, k := range keys {
			r, ok := open[k]
			if !ok {
				continue
			}
			if held, ok := pins.Rules[k]; !ok || r.EffectiveFrom.After(held.EffectiveFrom.Time) {
				sig.Rules[k] = models.PinnedRule{Value: r.Value, EffectiveFrom: models.DateOf(r.EffectiveFrom)}
			}
		}
		if len(sig.Rules) == 0 {
			return nil
		}
		err := a.Temporal.SignalWorkflow(ctx, workflowID, "", flow.SignalRulesChanged, sig)
		var nf *serviceerror.NotFound
		switch {
		case err == nil:
			sent++
		case errors.As(err, &nf): // ended since its projection was read
		default:
			return err
		}
		return nil
	}
	err := a.Store.EachOpenCase(ctx, func(c store.OpenCase) (bool, error) {
		return false, signal(c.WorkflowID, c.Pins, c.Keys)
	})
	if err != nil {
		return sent, temporalerr.Wrap(err)
	}
	if sent > 0 {
		a.logger().InfoContext(ctx, "rule versions sent to open cases", "cases", sent)
	}
	return sent, nil
}
