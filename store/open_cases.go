package store

import (
	"context"
	"slices"
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
	walks := slices.Concat(
		byStatus(models.OrderOpenStatuses, func(st models.OrderStatus, tok string) ([]models.Order, string, error) {
			return s.ListOrders(ctx, OrderFilter{Status: st, PageSize: size, PageToken: tok})
		}, func(o *models.Order) OpenCase {
			return OpenCase{models.CaseKindOrder, o.WorkflowID, o.Pins, models.OrderRuleKeys, o.WhatIf}
		}, each),
		byStatus(models.ApplicationOpenStatuses, func(st models.ApplicationStatus, tok string) ([]models.Application, string, error) {
			return s.ListApplications(ctx, ApplicationFilter{Status: st, PageSize: size, PageToken: tok})
		}, func(a *models.Application) OpenCase {
			return OpenCase{models.CaseKindApplication, a.WorkflowID, a.Pins, models.ApplicationRuleKeys, a.WhatIf}
		}, each),
		byStatus(models.DirectContractOpenStatuses, func(st models.DirectContractStatus, tok string) ([]models.DirectContract, string, error) {
			return s.ListDirectContracts(ctx, DirectContractFilter{Status: st, PageSize: size, PageToken: tok})
		}, func(c *models.DirectContract) OpenCase {
			return OpenCase{models.CaseKindDirectContract, c.WorkflowID, c.Pins, models.DirectContractRuleKeys, c.WhatIf}
		}, each),
		// A change request is open only while it waits for the operator's decision.
		byStatus([]models.ChangeRequestStatus{models.ChangeSubmitted}, func(st models.ChangeRequestStatus, tok string) ([]models.ChangeRequest, string, error) {
			return s.ListChangeRequests(ctx, ChangeRequestFilter{Status: st, PageSize: size, PageToken: tok})
		}, func(cr *models.ChangeRequest) OpenCase {
			return OpenCase{models.CaseKindChangeRequest, cr.WorkflowID, cr.Pins, models.ChangeRequestRuleKeys, cr.WhatIf}
		}, each),
		byStatus(models.QualityOpenStatuses, func(st models.QualityStatus, tok string) ([]models.QualityCase, string, error) {
			return s.ListQualityCases(ctx, QualityCaseFilter{Status: st, PageSize: size, PageToken: tok})
		}, func(c *models.QualityCase) OpenCase {
			return OpenCase{models.CaseKindQualityCase, c.WorkflowID, c.Pins, models.QualityRuleKeys, c.WhatIf}
		}, each),
		// Open watches come from a listing of their own, not by status.
		[]func() (bool, error){func() (bool, error) {
			return eachOf(func(tok string) ([]models.ServiceWatch, string, error) {
				return s.ListOpenServiceWatches(ctx, size, tok)
			}, func(w *models.ServiceWatch) OpenCase {
				return OpenCase{models.CaseKindServiceWatch, flow.ServiceWatchWorkflowID(w.ServiceID), w.Pins, models.ServiceWatchRuleKeys, w.WhatIf}
			}, each)
		}},
	)
	for _, walk := range walks {
		if stop, err := walk(); stop || err != nil {
			return err
		}
	}
	return nil
}

// byStatus is one walk per status, in the order given, each over the cases list gives in
// that status; a walk lists nothing until it runs, so a stop skips the statuses after it.
func byStatus[T, S any](statuses []S, list func(status S, token string) ([]T, string, error), open func(*T) OpenCase,
	each func(OpenCase) (bool, error)) []func() (bool, error) {
	walks := make([]func() (bool, error), 0, len(statuses))
	for _, st := range statuses {
		walks = append(walks, func() (bool, error) {
			return eachOf(func(token string) ([]T, string, error) { return list(st, token) }, open, each)
		})
	}
	return walks
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
