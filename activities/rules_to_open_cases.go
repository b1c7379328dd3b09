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

// SendRulesToOpenCases signals every running order that holds an older version of a rule
// whose version in force now applies to open cases (applies_to_open_cases in the rule
// table). The nightly housekeeping runs it, so a version taking effect at midnight reaches
// the open cases that night, by a signal their histories record. An order that already has
// the version ignores it, so a rerun sends nothing twice in effect. It returns the number
// of orders signalled.
func (a *Activities) SendRulesToOpenCases(ctx context.Context) (int64, error) {
	now := a.now()
	open := map[models.RuleKey]models.Rule{}
	for _, k := range models.OrderRuleKeys {
		if r, err := models.RuleAt(k, now); err == nil && r.AppliesToOpenCases {
			open[k] = r
		}
	}
	if len(open) == 0 {
		return 0, nil
	}
	var sent int64
	for _, status := range []models.OrderStatus{models.OrderProposalRequested, models.OrderProposalSubmitted, models.OrderNegotiating} {
		var token string
		for {
			orders, next, err := a.Store.ListOrders(ctx, store.OrderFilter{Status: status, PageSize: models.MaxPageSize, PageToken: token})
			if err != nil {
				return sent, temporalerr.Wrap(err)
			}
			for _, o := range orders {
				sig := flow.RulesChangedSignal{Rules: map[models.RuleKey]models.PinnedRule{}}
				for k, r := range open {
					if o.Pins == nil {
						continue // reads the table at each step
					}
					if held, ok := o.Pins.Rules[k]; !ok || r.EffectiveFrom.After(held.EffectiveFrom.Time) {
						sig.Rules[k] = models.PinnedRule{Value: r.Value, EffectiveFrom: models.DateOf(r.EffectiveFrom)}
					}
				}
				if len(sig.Rules) == 0 {
					continue
				}
				err := a.Temporal.SignalWorkflow(ctx, o.WorkflowID, "", flow.SignalRulesChanged, sig)
				var nf *serviceerror.NotFound
				switch {
				case err == nil:
					sent++
				case errors.As(err, &nf): // ended since its projection was read
				default:
					return sent, temporalerr.Wrap(err)
				}
			}
			if next == "" {
				break
			}
			token = next
		}
	}
	if sent > 0 {
		a.logger().InfoContext(ctx, "rule versions sent to open cases", "orders", sent)
	}
	return sent, nil
}
