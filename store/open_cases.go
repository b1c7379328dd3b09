package store

import (
	"context"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// OpenCase is one open case of any kind, as the rules' readers need it: the what-if asks
// it what a proposed version would do, the nightly send gives it the versions it lacks.
type OpenCase struct {
	Kind       string
	WorkflowID string
	Pins       *models.CasePins
	Keys       []models.RuleKey
	WhatIf     func(models.Rule, time.Time) (models.RuleEffect, bool)
}

// EachOpenCase calls each on every open case of every kind, page by page from the
// projections, until each says stop or fails.
func (s *Store) EachOpenCase(ctx context.Context, each func(OpenCase) (bool, error)) error {
	const size = models.MaxPageSize
	walks := []func() (bool, error){}
	for _, st := range models.OrderOpenStatuses {
		walks = append(walks, func() (bool, error) {
			return eachOf(func(tok string) ([]models.Order, string, error) {
				return s.ListOrders(ctx, OrderFilter{Status: st, PageSize: size, PageToken: tok})
			}, func(o *models.Order) OpenCase {
				return OpenCase{models.CaseKindOrder, o.WorkflowID, o.Pins, models.OrderRuleKeys, o.WhatIf}
			}, each)
		})
	}
	for _, st := range models.ApplicationOpenStatuses {
		walks = append(walks, func() (bool, error) {
			return eachOf(func(tok string) ([]models.Application, string, error) {
				return s.ListApplications(ctx, ApplicationFilter{Status: st, PageSize: size, PageToken: tok})
			}, func(a *models.Application) OpenCase {
				return OpenCase{models.CaseKindApplication, a.WorkflowID, a.Pins, models.ApplicationRuleKeys, a.WhatIf}
			}, each)
		})
	}
	for _, st := range models.DirectContractOpenStatuses {
		walks = append(walks, func() (bool, error) {
			return eachOf(func(tok string) ([]models.DirectContract, string, error) {
				return s.ListDirectContracts(ctx, DirectContractFilter{Status: st, PageSize: size, PageToken: tok})
			}, func(c *models.DirectContract) OpenCase {
				return OpenCase{models.CaseKindDirectContract, c.WorkflowID, c.Pins, models.DirectContractRuleKeys, c.WhatIf}
			}, each)
		})
	}
	walks = append(walks, func() (bool, error) {
		return eachOf(func(tok string) ([]models.ChangeRequest, string, error) {
			return s.ListChangeRequests(ctx, ChangeRequestFilter{Status: models.ChangeSubmitted, PageSize: size, PageToken: tok})
		}, func(cr *models.ChangeRequest) OpenCase {
			return OpenCase{models.CaseKindChangeRequest, cr.WorkflowID, cr.Pins, models.ChangeRequestRuleKeys, cr.WhatIf}
		}, each)
	})
	for _, st := range models.QualityOpenStatuses {
		walks = append(walks, func() (bool, error) {
			return eachOf(func(tok string) ([]models.QualityCase, string, error) {
				return s.ListQualityCases(ctx, QualityCaseFilter{Status: st, PageSize: size, PageToken: tok})
			}, func(c *models.QualityCase) OpenCase {
				return OpenCase{models.CaseKindQualityCase, c.WorkflowID, c.Pins, models.QualityRuleKeys, c.WhatIf}
			}, each)
		})
	}
	walks = append(walks, func() (bool, error) {
		return eachOf(func(tok string) ([]models.ServiceWatch, string, error) {
			return s.ListOpenServiceWatches(ctx, size, tok)
		}, func(w *models.ServiceWatch) OpenCase {
			return OpenCase{models.CaseKindServiceWatch, flow.ServiceWatchWorkflowID(w.ServiceID), w.Pins, models.ServiceWatchRuleKeys, w.WhatIf}
		}, each)
	})
	for _, walk := range walks {
		if stop, err := walk(); stop || err != nil {
			return err
		}
	}
	return nil
}

// eachOf walks every page list gives, as open cases, until each says stop or fails.
func eachOf[T any](list func(token string) ([]T, string, error), open func(*T) OpenCase, each func(OpenCase) (bool, error)) (bool, error) {
	var token string
	for {
		items, next, err := list(token)
		if err != nil {
			return true, err
		}
		for i := range items {
			if stop, err := each(open(&items[i])); stop || err != nil {
				return true, err
			}
		}
		if next == "" {
			return false, nil
		}
		token = next
	}
}
