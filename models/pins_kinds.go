package models

import "time"

// DirectContractRuleKeys are the rules a direct contract uses: the registration period of
// the contract, of each change and of the window after its period, and the reminder before
// a change's due date.
var DirectContractRuleKeys = []RuleKey{RuleDirectContractDays, RuleContractReminderDays}

// ChangeRequestRuleKeys are the rules an information change uses: how long the operators
// have before they are reminded of a decision.
var ChangeRequestRuleKeys = []RuleKey{RuleChangeApprovalDays}

// Pin fixes the rules and the time scale a contract keeps to its end; the workflow calls it
// right after NewDirectContract, before the first Advance. The versions are those in force
// on the contract date (a contract signed under a rule is judged by it), which is also the
// day the table is read for a contract without pins, so the due date stays the same unless
// the pins say otherwise. In the sandbox the wait until the contract closes shrinks; its
// dates, which come from the request, stay as they are.
func (c *DirectContract) Pin(p *CasePins) {
	c.Pins = p
	if due := c.registrationDue(c.ContractedOn); !due.Equal(c.RegistrationDue.Time) {
		c.RegistrationDue = due
		c.Late = lateOn(c.RegisteredAt, due)
		if len(c.Steps) == 1 { // the registration's own step, which states the due date
			t := c.registeredText()
			c.Steps[0].Note, c.Steps[0].NoteText = t.English(), t
		}
	}
	c.setClosesAt(c.RegisteredAt)
}

// Repin gives a running contract a newer version of one of its rules whose entry says it
// applies to open cases. The changes still pending are re-dated from their change dates and
// the close from the period's end, so that a due date the new period has already passed
// makes the change overdue at the workflow's next step; a change already overdue was told
// so and stays. It reports whether anything changed: an older or the same version, a rule
// contracts do not use, or a contract without pins (which reads the table at each step) is
// left as it is.
func (c *DirectContract) Repin(now time.Time, key RuleKey, r PinnedRule) bool {
	now = now.In(Seoul)
	if !c.Pins.takes(c.Status.Final(), DirectContractRuleKeys, key, r) {
		return false
	}
	c.Pins = c.Pins.with(key, r)
	for i := range c.Changes {
		ch := &c.Changes[i]
		if ch.Status != ChangePending {
			continue
		}
		ch.RegistrationDue = c.registrationDue(ch.ChangedOn)
		if ch.RemindedAt == nil {
			// As at the announcement: no reminder of a change announced within its reminder
			// days; one whose new moment has passed is sent at the next step.
			ch.RemindAt = nil
			if at := c.remindAt(*ch); at.After(*ch.AnnouncedAt) {
				ch.RemindAt = &at
			}
		}
	}
	if key == RuleDirectContractDays {
		c.setClosesAt(now)
	}
	c.record(now, SystemActor, ActionRuleApplied, ruleAppliedNote(key, r))
	return true
}

// Pin fixes the rules and the time scale a change request keeps to its end; the workflow
// calls it right after NewChangeRequest.
func (cr *ChangeRequest) Pin(p *CasePins) { cr.Pins = p }

// Repin gives a change request still waiting for the operator's decision a newer version of
// its approval rule whose entry says it applies to open cases: the round of waiting under
// way then ends after the new number of days from its start (ReminderDue). It reports
// whether anything changed, as DirectContract.Repin.
func (cr *ChangeRequest) Repin(now time.Time, key RuleKey, r PinnedRule) bool {
	if !cr.Pins.takes(cr.Status.Final() || cr.Path != ChangeApproval, ChangeRequestRuleKeys, key, r) {
		return false
	}
	cr.Pins = cr.Pins.with(key, r)
	cr.record(now, SystemActor, ActionRuleApplied, ruleAppliedNote(key, r))
	return true
}

// roundStart is when the round of waiting for a decision under way began, as the steps
// tell it: the last reminder, or the request.
func (cr *ChangeRequest) roundStart() time.Time {
	for i := len(cr.Steps) - 1; i >= 0; i-- {
		if cr.Steps[i].Action == ActionChangeRequestReminded {
			return cr.Steps[i].At
		}
	}
	return cr.RequestedAt
}
