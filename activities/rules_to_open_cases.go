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
	for _, keys := range [][]models.RuleKey{models.OrderRuleKeys, models.ApplicationRuleKeys, models.DirectContractRuleKeys,
		models.ChangeRequestRuleKeys, models.QualityRuleKeys, models.ServiceWatchRuleKeys} {
		for _, k := range keys {
			if r, err := models.RuleAt(k, now); err == nil && r.AppliesToOpenCases {
				open[k] = r
			}
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
			return temporalerr.Wrap(err)
		}
		return nil
	}
	for _, status := range models.OrderOpenStatuses {
		err := eachPage(func(token string) ([]models.Order, string, error) {
			return a.Store.ListOrders(ctx, store.OrderFilter{Status: status, PageSize: models.MaxPageSize, PageToken: token})
		}, func(o *models.Order) error { return signal(o.WorkflowID, o.Pins, models.OrderRuleKeys) })
		if err != nil {
			return sent, err
		}
	}
	for _, status := range models.ApplicationOpenStatuses {
		err := eachPage(func(token string) ([]models.Application, string, error) {
			return a.Store.ListApplications(ctx, store.ApplicationFilter{Status: status, PageSize: models.MaxPageSize, PageToken: token})
		}, func(app *models.Application) error {
			return signal(app.WorkflowID, app.Pins, models.ApplicationRuleKeys)
		})
		if err != nil {
			return sent, err
		}
	}
	for _, status := range models.DirectContractOpenStatuses {
		err := eachPage(func(token string) ([]models.DirectContract, string, error) {
			return a.Store.ListDirectContracts(ctx, store.DirectContractFilter{Status: status, PageSize: models.MaxPageSize, PageToken: token})
		}, func(c *models.DirectContract) error {
			return signal(c.WorkflowID, c.Pins, models.DirectContractRuleKeys)
		})
		if err != nil {
			return sent, err
		}
	}
	err := eachPage(func(token string) ([]models.ChangeRequest, string, error) {
		return a.Store.ListChangeRequests(ctx, store.ChangeRequestFilter{Status: models.ChangeSubmitted, PageSize: models.MaxPageSize, PageToken: token})
	}, func(cr *models.ChangeRequest) error {
		return signal(cr.WorkflowID, cr.Pins, models.ChangeRequestRuleKeys)
	})
	if err != nil {
		return sent, err
	}
	for _, status := range models.QualityOpenStatuses {
		err := eachPage(func(token string) ([]models.QualityCase, string, error) {
			return a.Store.ListQualityCases(ctx, store.QualityCaseFilter{Status: status, PageSize: models.MaxPageSize, PageToken: token})
		}, func(c *models.QualityCase) error { return signal(c.WorkflowID, c.Pins, models.QualityRuleKeys) })
		if err != nil {
			return sent, err
		}
	}
	err = eachPage(func(token string) ([]models.ServiceWatch, string, error) {
		return a.Store.ListOpenServiceWatches(ctx, models.MaxPageSize, token)
	}, func(w *models.ServiceWatch) error {
		return signal(flow.ServiceWatchWorkflowID(w.ServiceID), w.Pins, models.ServiceWatchRuleKeys)
	})
	if err != nil {
		return sent, err
	}
	if sent > 0 {
		a.logger().InfoContext(ctx, "rule versions sent to open cases", "cases", sent)
	}
	return sent, nil
}

// eachPage calls each on every item of every page list gives; a store error is wrapped
// for Temporal's retries.
func eachPage[T any](list func(token string) ([]T, string, error), each func(*T) error) error {
	var token string
	for {
		items, next, err := list(token)
		if err != nil {
			return temporalerr.Wrap(err)
		}
		for i := range items {
			if err := each(&items[i]); err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		token = next
	}
}
