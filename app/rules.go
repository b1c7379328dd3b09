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
	err = s.Store.EachOpenCase(ctx, func(c store.OpenCase) (bool, error) {
		out.Checked[c.Kind]++
		for _, r := range proposed {
			if e, ok := c.WhatIf(r, now); ok {
				if len(out.Effects) == maxEffects {
					out.Truncated = true
					return true, nil
				}
				out.Effects = append(out.Effects, e)
			}
		}
		return false, nil
	})
	if err != nil {
		return WhatIf{}, err
	}
	return out, nil
}
