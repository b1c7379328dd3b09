package models

import (
	"testing"
	"time"
)

// proposedRule is a checked proposal of key at value from the day from, for open cases too
// when open.
func proposedRule(t *testing.T, key RuleKey, value, from string, open bool) Rule {
	t.Helper()
	p := ProposedRule{Key: string(key), Value: value, EffectiveFrom: from, Source: "개정 고시"}
	if open {
		p.AppliesToOpenCases, p.OpenCasesSource = true, "부칙 제2조 (진행 중인 건에도 적용)"
	}
	rs, err := ParseWhatIf(WhatIfInput{Rules: []ProposedRule{p}}, Rules)
	if err != nil {
		t.Fatal(err)
	}
	return rs[0]
}

// announcedContract is a contract signed 2026-01-30 with a change of 2026-03-01 announced
// at tNow (due 2026-03-31, reminded from 2026-03-28), pinned or not.
func announcedContract(t *testing.T, pinned bool) *DirectContract {
	t.Helper()
	c := newTestContract(t, "2026-01-30", tNow)
	if pinned {
		c.Pin(PinRules(Rules, c.ContractedOn.Time, 0, DirectContractRuleKeys...))
	}
	announceOn(t, c, tNow, "2026-03-01")
	return c
}

func TestDirectContractWhatIf(t *testing.T) {
	now := tNow.Add(24 * time.Hour)
	days := RuleDirectContractDays
	t.Run("PinnedKeeps", func(t *testing.T) {
		e, ok := announcedContract(t, true).WhatIf(proposedRule(t, days, "14", "2026-04-01", false), now)
		if !ok || e.Effect != EffectKept || e.Held != "30" || e.Proposed != "14" || e.HeldFrom != RegimeStart || e.CaseKind != "direct_contract" {
			t.Fatalf("%+v %v", e, ok)
		}
	})
	t.Run("UnpinnedAtItsNextChange", func(t *testing.T) {
		e, ok := announcedContract(t, false).WhatIf(proposedRule(t, days, "14", "2026-04-01", false), now)
		if !ok || e.Effect != EffectAtNextStep || e.DeadlineAfter != nil {
			t.Fatalf("%+v %v", e, ok)
		}
	})
	t.Run("OpenCasesMoveTheChangeWindow", func(t *testing.T) {
		c := announcedContract(t, true)
		e, ok := c.WhatIf(proposedRule(t, days, "14", "2026-03-05", true), now)
		if !ok || e.Effect != EffectDeadlineMoved || !e.DeadlineBefore.Equal(seoulDate(2026, time.April, 1)) ||
			!e.DeadlineAfter.Equal(seoulDate(2026, time.March, 16)) {
			t.Fatalf("%+v %v", e, ok)
		}
		if c.Changes[0].RegistrationDue.String() != "2026-03-31" || len(c.Pins.Rules) != 2 || c.Pins.Rules[days].Value != "30" {
			t.Fatalf("the what-if changed the contract: %+v %+v", c.Changes[0], c.Pins)
		}
	})
	t.Run("OpenCasesMadeLate", func(t *testing.T) {
		e, ok := announcedContract(t, true).WhatIf(proposedRule(t, days, "3", "2026-03-06", true), now)
		if !ok || e.Effect != EffectBecomesLate {
			t.Fatalf("%+v %v", e, ok)
		}
	})
	t.Run("OpenCasesMoveTheClose", func(t *testing.T) {
		c := newTestContract(t, "2026-01-30", tNow)
		c.Pin(PinRules(Rules, c.ContractedOn.Time, 0, DirectContractRuleKeys...))
		e, ok := c.WhatIf(proposedRule(t, days, "14", "2026-03-05", true), now)
		if !ok || e.Effect != EffectDeadlineMoved || !e.DeadlineBefore.Equal(c.ClosesAt) ||
			!e.DeadlineAfter.Equal(AddCalendarDays(c.PeriodTo.EndOfDay(), 14)) {
			t.Fatalf("%+v %v", e, ok)
		}
	})
	t.Run("OpenCasesMoveTheReminder", func(t *testing.T) {
		e, ok := announcedContract(t, true).WhatIf(proposedRule(t, RuleContractReminderDays, "5", "2026-03-05", true), now)
		if !ok || e.Effect != EffectDeadlineMoved || !e.DeadlineBefore.Equal(seoulDate(2026, time.March, 28)) ||
			!e.DeadlineAfter.Equal(seoulDate(2026, time.March, 26)) {
			t.Fatalf("%+v %v", e, ok)
		}
	})
	t.Run("OpenCasesNothingWaitsForTheReminder", func(t *testing.T) {
		c := newTestContract(t, "2026-01-30", tNow)
		c.Pin(PinRules(Rules, c.ContractedOn.Time, 0, DirectContractRuleKeys...))
		if e, ok := c.WhatIf(proposedRule(t, RuleContractReminderDays, "5", "2026-03-05", true), now); !ok || e.Effect != EffectAtNextStep {
			t.Fatalf("%+v %v", e, ok)
		}
	})
	t.Run("SameValueNothing", func(t *testing.T) {
		if e, ok := announcedContract(t, true).WhatIf(proposedRule(t, days, "30", "2026-04-01", true), now); ok {
			t.Fatalf("%+v", e)
		}
	})
	t.Run("NotAContractRule", func(t *testing.T) {
		if e, ok := announcedContract(t, true).WhatIf(proposedRule(t, RuleNegotiationDays, "14", "2026-04-01", true), now); ok {
			t.Fatalf("%+v", e)
		}
	})
	t.Run("ClosedNothing", func(t *testing.T) {
		c := newTestContract(t, "2026-01-30", tNow)
		c.Advance(c.ClosesAt)
		if e, ok := c.WhatIf(proposedRule(t, days, "14", "2026-04-01", false), now); ok || !c.Status.Final() {
			t.Fatalf("%+v %s", e, c.Status)
		}
	})
}

func TestChangeRequestWhatIf(t *testing.T) {
	now := tNow.Add(24 * time.Hour)
	days := RuleChangeApprovalDays
	request := func(t *testing.T, pinned bool, f ChangeFields) *ChangeRequest {
		cr := testChangeRequest(t, f, tNow)
		if pinned {
			cr.Pin(PinRules(Rules, tNow, 0, ChangeRequestRuleKeys...))
		}
		return cr
	}
	name := ChangeFields{Name: strp("n")}
	t.Run("PinnedKeeps", func(t *testing.T) {
		e, ok := request(t, true, name).WhatIf(proposedRule(t, days, "5", "2026-04-01", false), now)
		if !ok || e.Effect != EffectKept || e.Held != "7" || e.Proposed != "5" || e.CaseKind != "change_request" {
			t.Fatalf("%+v %v", e, ok)
		}
	})
	t.Run("UnpinnedAtItsNextRound", func(t *testing.T) {
		if e, ok := request(t, false, name).WhatIf(proposedRule(t, days, "5", "2026-04-01", false), now); !ok || e.Effect != EffectAtNextStep {
			t.Fatalf("%+v %v", e, ok)
		}
	})
	t.Run("OpenCasesMoveTheReminder", func(t *testing.T) {
		cr := request(t, true, name)
		e, ok := cr.WhatIf(proposedRule(t, days, "5", "2026-03-03", true), now)
		if !ok || e.Effect != EffectDeadlineMoved || !e.DeadlineBefore.Equal(AddCalendarDays(tNow, 7)) ||
			!e.DeadlineAfter.Equal(AddCalendarDays(tNow, 5)) {
			t.Fatalf("%+v %v", e, ok)
		}
		if len(cr.Steps) != 1 || cr.Pins.Rules[days].Value != "7" {
			t.Fatalf("the what-if changed the request: %+v %+v", cr.Steps, cr.Pins)
		}
	})
	t.Run("OpenCasesMovedFromTheLastReminder", func(t *testing.T) {
		cr := request(t, true, name)
		reminded := AddCalendarDays(tNow, 7)
		cr.Reminded(reminded, 7)
		e, ok := cr.WhatIf(proposedRule(t, days, "5", "2026-03-10", true), reminded.Add(time.Hour))
		if !ok || e.Effect != EffectDeadlineMoved || !e.DeadlineAfter.Equal(AddCalendarDays(reminded, 5)) {
			t.Fatalf("%+v %v", e, ok)
		}
	})
	t.Run("OpenCasesRemindAtOnce", func(t *testing.T) {
		if e, ok := request(t, true, name).WhatIf(proposedRule(t, days, "1", "2026-03-05", true), now); !ok || e.Effect != EffectBecomesLate {
			t.Fatalf("%+v %v", e, ok)
		}
	})
	t.Run("RereviewNothing", func(t *testing.T) {
		if e, ok := request(t, true, ChangeFields{SLA: strp("99.9%")}).WhatIf(proposedRule(t, days, "5", "2026-04-01", true), now); ok {
			t.Fatalf("%+v", e)
		}
	})
	t.Run("DecidedNothing", func(t *testing.T) {
		cr := request(t, true, name)
		no := false
		if err := cr.Decide(tNow, Actor{Sub: "park.operator", Role: RoleOperator, Org: "NIA"}, DecideChangeInput{Approve: &no, Reason: "근거 부족"}); err != nil {
			t.Fatal(err)
		}
		if e, ok := cr.WhatIf(proposedRule(t, days, "5", "2026-04-01", true), now); ok {
			t.Fatalf("%+v", e)
		}
	})
}
