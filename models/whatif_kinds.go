package models

import (
	"slices"
	"time"
)

// The case kinds a what-if names.
const (
	CaseKindOrder          = "order"
	CaseKindApplication    = "application"
	CaseKindDirectContract = "direct_contract"
	CaseKindChangeRequest  = "change_request"
)

// WhatIf says what the proposed version p would do to the open contract c, at now, by the
// same rules the contract's steps apply; ok is false when it would do nothing. A contract
// reads its rules whenever a change is registered or its period moves, so a version that
// reaches it applies at least to the changes still to come; one that applies to open cases
// also re-dates what the contract waits for now (Repin), which is the deadline reported:
// the first pending change's window (or its reminder, for the reminder rule), else the
// close.
func (c *DirectContract) WhatIf(p Rule, now time.Time) (RuleEffect, bool) {
	held, pinned, ok := c.Pins.weighed(c.Status.Final(), DirectContractRuleKeys, p, now)
	if !ok {
		return RuleEffect{}, false
	}
	e := proposedEffect(CaseKindDirectContract, c.ID, string(c.Status), p, held)
	switch {
	case pinned && !p.AppliesToOpenCases:
		e.Effect = EffectKept
	case !pinned:
		// It reads the table on the date of each change: one on or after the version's day
		// gets it.
		e.Effect = EffectAtNextStep
	default:
		takesEffect := laterOf(now, p.EffectiveFrom)
		after := c.clone()
		if !after.Repin(takesEffect, p.Key, PinnedRule{Value: p.Value, EffectiveFrom: DateOf(p.EffectiveFrom)}) {
			e.Effect = EffectKept // it holds a later version than the proposal
			return e, true
		}
		before, ok := c.ruleDeadline(p.Key)
		moved, okAfter := after.ruleDeadline(p.Key)
		e.Effect = movedEffect(&e, before, moved, ok && okAfter, takesEffect)
	}
	return e, true
}

// clone is a copy of c a what-if may change without touching c.
func (c *DirectContract) clone() *DirectContract {
	out := *c
	out.Changes = slices.Clone(c.Changes)
	out.Steps = slices.Clone(c.Steps)
	return &out
}

// ruleDeadline is the instant key decides for the contract now: the first pending change's
// deadline or, for the reminder rule, its reminder still to come; else, for the
// registration period, the close.
func (c *DirectContract) ruleDeadline(key RuleKey) (time.Time, bool) {
	for _, ch := range c.Changes {
		switch {
		case ch.Status != ChangePending:
		case key == RuleDirectContractDays:
			return c.deadlineOf(ch), true
		case ch.RemindAt != nil && ch.RemindedAt == nil:
			return *ch.RemindAt, true
		}
	}
	if key == RuleDirectContractDays {
		return c.ClosesAt, true
	}
	return time.Time{}, false
}

// WhatIf says what the proposed version p would do to the open change request cr, at now;
// ok is false when it would do nothing. Only a request waiting for the operator's decision
// uses a rule: each round of waiting reads it at its start, and one that applies to open
// cases also moves the reminder of the round under way (Repin).
func (cr *ChangeRequest) WhatIf(p Rule, now time.Time) (RuleEffect, bool) {
	held, pinned, ok := cr.Pins.weighed(cr.Status.Final() || cr.Path != ChangeApproval, ChangeRequestRuleKeys, p, now)
	if !ok {
		return RuleEffect{}, false
	}
	e := proposedEffect(CaseKindChangeRequest, cr.ID, string(cr.Status), p, held)
	switch {
	case pinned && !p.AppliesToOpenCases:
		e.Effect = EffectKept
	case !pinned:
		e.Effect = EffectAtNextStep // the next round reads the table when it starts
	default:
		takesEffect := laterOf(now, p.EffectiveFrom)
		after := *cr
		after.Steps = slices.Clone(cr.Steps)
		if !after.Repin(takesEffect, p.Key, PinnedRule{Value: p.Value, EffectiveFrom: DateOf(p.EffectiveFrom)}) {
			e.Effect = EffectKept
			return e, true
		}
		start := cr.roundStart()
		before, _ := cr.ReminderDue(start)
		moved, _ := after.ReminderDue(start)
		e.Effect = movedEffect(&e, before, moved, true, takesEffect)
	}
	return e, true
}

// movedEffect names what a version applied to an open case at takesEffect does to the
// deadline it waits for, and puts both deadlines in e: moved, or late at once when the new
// one is not after takesEffect; a case with no such deadline (or one that does not move)
// feels it at its next step.
func movedEffect(e *RuleEffect, before, after time.Time, ok bool, takesEffect time.Time) string {
	if !ok || before.Equal(after) {
		return EffectAtNextStep
	}
	return deadlineMoved(e, &before, &after, takesEffect)
}
