package app

import (
	"context"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// Rules answers what a proposed amendment of the rule table would do to the cases open
// now, before anyone adopts it.
type Rules struct{ service }

// maxEffects bounds a what-if's answer; a larger one says it was cut.
const maxEffects = 5000

// WhatIf is the answer of POST /rules/what-if.
type WhatIf struct {
	AsOf     time.Time             `json:"as_of"`
	Proposed []models.ProposedRule `json:"proposed"`
	Effects  []models.RuleEffect   `json:"effects"`
	// Checked counts the open cases looked at, by kind; NotChecked names the kinds whose
	// rules the what-if does not follow yet, so that nobody reads silence as "untouched".
	Checked    map[string]int `json:"checked"`
	NotChecked []string       `json:"not_checked"`
	Truncated  bool           `json:"truncated,omitempty"`
}

// whatIfNotChecked are the case kinds that do not pin their rules, which the what-if does
// not analyse: none today; a new kind is named here until it pins.
var whatIfNotChecked = []string{}

// WhatIf checks the proposed versions and says, for every open case that uses one of
// their rules, what it would do: nothing (the case keeps the version it started under), a
// value read at a step still to come, a deadline moved or a case made late. It changes
// nothing. Who may ask is the routes' to say (operators and auditors).
func (s *Rules) WhatIf(ctx context.Context, _ models.Actor, in models.WhatIfInput) (WhatIf, error) {
	now := s.now()
	proposed, err := models.ParseWhatIf(in, models.Rules)
	if err != nil {
		return WhatIf{}, err
	}
	out := WhatIf{AsOf: now.In(models.Seoul), Proposed: in.Rules, Effects: []models.RuleEffect{},
		Checked: map[string]int{models.CaseKindOrder: 0, models.CaseKindApplication: 0, models.CaseKindDirectContract: 0,
			models.CaseKindChangeRequest: 0, models.CaseKindQualityCase: 0, models.CaseKindServiceWatch: 0},
		NotChecked: whatIfNotChecked}
	// check adds what the proposed versions would do to one open case; false once the
	// answer is full.
	check := func(kind string, whatIf func(models.Rule, time.Time) (models.RuleEffect, bool)) bool {
		out.Checked[kind]++
		for _, r := range proposed {
			if e, ok := whatIf(r, now); ok {
				if len(out.Effects) == maxEffects {
					out.Truncated = true
					return false
				}
				out.Effects = append(out.Effects, e)
			}
		}
		return true
	}
	for _, status := range models.OrderOpenStatuses {
		err := eachPage(func(token string) ([]models.Order, string, error) {
			return s.Store.ListOrders(ctx, store.OrderFilter{Status: status, PageSize: models.MaxPageSize, PageToken: token})
		}, func(o *models.Order) bool { return check(models.CaseKindOrder, o.WhatIf) })
		if err != nil || out.Truncated {
			return whatIfOrError(out, err)
		}
	}
	for _, status := range models.ApplicationOpenStatuses {
		err := eachPage(func(token string) ([]models.Application, string, error) {
			return s.Store.ListApplications(ctx, store.ApplicationFilter{Status: status, PageSize: models.MaxPageSize, PageToken: token})
		}, func(a *models.Application) bool { return check(models.CaseKindApplication, a.WhatIf) })
		if err != nil || out.Truncated {
			return whatIfOrError(out, err)
		}
	}
	for _, status := range models.DirectContractOpenStatuses {
		err := eachPage(func(token string) ([]models.DirectContract, string, error) {
			return s.Store.ListDirectContracts(ctx, store.DirectContractFilter{Status: status, PageSize: models.MaxPageSize, PageToken: token})
		}, func(c *models.DirectContract) bool { return check(models.CaseKindDirectContract, c.WhatIf) })
		if err != nil || out.Truncated {
			return whatIfOrError(out, err)
		}
	}
	err = eachPage(func(token string) ([]models.ChangeRequest, string, error) {
		return s.Store.ListChangeRequests(ctx, store.ChangeRequestFilter{Status: models.ChangeSubmitted, PageSize: models.MaxPageSize, PageToken: token})
	}, func(cr *models.ChangeRequest) bool { return check(models.CaseKindChangeRequest, cr.WhatIf) })
	if err != nil || out.Truncated {
		return whatIfOrError(out, err)
	}
	for _, status := range models.QualityOpenStatuses {
		err := eachPage(func(token string) ([]models.QualityCase, string, error) {
			return s.Store.ListQualityCases(ctx, store.QualityCaseFilter{Status: status, PageSize: models.MaxPageSize, PageToken: token})
		}, func(c *models.QualityCase) bool { return check(models.CaseKindQualityCase, c.WhatIf) })
		if err != nil || out.Truncated {
			return whatIfOrError(out, err)
		}
	}
	err = eachPage(func(token string) ([]models.ServiceWatch, string, error) {
		return s.Store.ListOpenServiceWatches(ctx, models.MaxPageSize, token)
	}, func(w *models.ServiceWatch) bool { return check(models.CaseKindServiceWatch, w.WhatIf) })
	return whatIfOrError(out, err)
}

func whatIfOrError(out WhatIf, err error) (WhatIf, error) {
	if err != nil {
		return WhatIf{}, err
	}
	return out, nil
}

// eachPage calls each on every item of every page list gives, until each says stop.
func eachPage[T any](list func(token string) ([]T, string, error), each func(*T) bool) error {
	var token string
	for {
		items, next, err := list(token)
		if err != nil {
			return err
		}
		for i := range items {
			if !each(&items[i]) {
				return nil
			}
		}
		if next == "" {
			return nil
		}
		token = next
	}
}
