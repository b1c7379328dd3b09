package models

import (
	"testing"
	"time"
)

func proposal(value, from string, open bool) WhatIfInput {
	p := ProposedRule{Key: string(RuleNegotiationDays), Value: value, EffectiveFrom: from, Source: "개정 고시"}
	if open {
		p.AppliesToOpenCases, p.OpenCasesSource = true, "부칙 제2조 (진행 중인 건에도 적용)"
	}
	return WhatIfInput{Rules: []ProposedRule{p}}
}

func TestParseWhatIf(t *testing.T) {
	if _, err := ParseWhatIf(proposal("14", "2027-01-01", false), Rules); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		in    WhatIfInput
		field string
	}{
		{"Empty", WhatIfInput{}, "rules"},
		{"UnknownKey", WhatIfInput{Rules: []ProposedRule{{Key: "catalog_order.nope", Value: "1", EffectiveFrom: "2027-01-01", Source: "s"}}}, "rules[0].key"},
		{"NotANumber", proposal("ten", "2027-01-01", false), "rules[0].value"},
		{"BeforeTheRegime", proposal("14", "2020-09-30", false), "rules[0].effective_from"},
		{"SameDayAsAVersion", proposal("14", "2020-10-01", false), "rules[0].effective_from"},
		{"BadDate", proposal("14", "2027-13-01", false), "rules[0].effective_from"},
		{"NoSource", WhatIfInput{Rules: []ProposedRule{{Key: string(RuleNegotiationDays), Value: "14", EffectiveFrom: "2027-01-01"}}}, "rules[0].source"},
		{"OpenWithoutSource", WhatIfInput{Rules: []ProposedRule{{Key: string(RuleNegotiationDays), Value: "14", EffectiveFrom: "2027-01-01", Source: "s", AppliesToOpenCases: true}}}, "rules[0].applies_to_open_cases_source"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseWhatIf(tc.in, Rules)
			wantErr(t, err, EINVALID, tc.field)
		})
	}
}

// negotiatingOrder is an order evaluated at tNow, pinned to the table then (pinned) or
// started before pins existed.
func negotiatingOrder(t *testing.T, pinned bool) *Order {
	t.Helper()
	o := newTestOrder(t)
	if pinned {
		o.Pin(PinRules(Rules, tNow, 0, OrderRuleKeys...))
	}
	if err := o.SubmitProposal(tNow, tProvider, ProposalInput{PriceKRW: 1, Summary: "s"}); err != nil {
		t.Fatal(err)
	}
	if err := o.Evaluate(tNow, tAgency, []ScoreInput{{"a", 90, 100}}); err != nil {
		t.Fatal(err)
	}
	return o
}

func TestOrderWhatIf(t *testing.T) {
	now := tNow.Add(24 * time.Hour)
	rule := func(in WhatIfInput) Rule {
		rs, err := ParseWhatIf(in, Rules)
		if err != nil {
			t.Fatal(err)
		}
		return rs[0]
	}
	t.Run("PinnedKeeps", func(t *testing.T) {
		e, ok := negotiatingOrder(t, true).WhatIf(rule(proposal("14", "2026-04-01", false)), now)
		if !ok || e.Effect != EffectKept || e.Held != "10" || e.Proposed != "14" || e.HeldFrom != RegimeStart {
			t.Fatalf("%+v %v", e, ok)
		}
	})
	t.Run("UnpinnedPastItsStep", func(t *testing.T) {
		if e, ok := negotiatingOrder(t, false).WhatIf(rule(proposal("14", "2026-04-01", false)), now); ok {
			t.Fatalf("the window is set already: %+v", e)
		}
	})
	t.Run("UnpinnedBeforeItsStep", func(t *testing.T) {
		o := newTestOrder(t)
		if e, ok := o.WhatIf(rule(proposal("14", "2026-04-01", false)), now); !ok || e.Effect != EffectAtNextStep {
			t.Fatalf("%+v %v", e, ok)
		}
	})
	t.Run("OpenCasesMoveTheDeadline", func(t *testing.T) {
		o := negotiatingOrder(t, true)
		e, ok := o.WhatIf(rule(proposal("14", "2026-03-05", true)), now)
		if !ok || e.Effect != EffectDeadlineMoved || !e.DeadlineAfter.Equal(AddCalendarDays(tNow, 14)) || !e.DeadlineBefore.Equal(AddCalendarDays(tNow, 10)) {
			t.Fatalf("%+v %v", e, ok)
		}
	})
	t.Run("OpenCasesMadeLate", func(t *testing.T) {
		o := negotiatingOrder(t, true)
		if e, ok := o.WhatIf(rule(proposal("3", "2026-03-06", true)), now); !ok || e.Effect != EffectBecomesLate {
			t.Fatalf("%+v %v", e, ok)
		}
	})
	t.Run("SameValueNothing", func(t *testing.T) {
		if e, ok := negotiatingOrder(t, true).WhatIf(rule(proposal("10", "2026-04-01", true)), now); ok {
			t.Fatalf("%+v", e)
		}
	})
}

// A version that applies to open cases reaches a running order: its window is judged by
// the new number from the evaluation on; older or repeated versions change nothing.
func TestOrderRepin(t *testing.T) {
	o := negotiatingOrder(t, true)
	newer := PinnedRule{Value: "14", EffectiveFrom: DateOf(tNow.Add(48 * time.Hour))}
	if !o.Repin(tNow.Add(72*time.Hour), RuleNegotiationDays, newer) {
		t.Fatal("not applied")
	}
	if !o.NegotiationDeadline.Equal(AddCalendarDays(tNow, 14)) || o.Steps[len(o.Steps)-1].Action != ActionRuleApplied {
		t.Fatalf("deadline %s, last step %+v", o.NegotiationDeadline, o.Steps[len(o.Steps)-1])
	}
	if o.Repin(tNow.Add(72*time.Hour), RuleNegotiationDays, newer) {
		t.Fatal("the same version applied twice")
	}
	if o.Repin(tNow, RuleQualifyingScore, PinnedRule{Value: "80", EffectiveFrom: newer.EffectiveFrom}) {
		t.Fatal("a threshold changed after the evaluation")
	}
	if negotiatingOrder(t, false).Repin(tNow, RuleNegotiationDays, newer) {
		t.Fatal("an order without pins reads the table; nothing to repin")
	}
}
