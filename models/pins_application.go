package models

import (
	"fmt"
	"slices"
	"time"
)

// ApplicationRuleKeys are the rules an application for selection, and a re-review, reads:
// the periods of its tasks and of a supplement, the committee's quorum, the period of a
// former employment that is a conflict of interest, the eligibility floor and its
// exemption for new companies, and the longest validity of a CSAP certificate.
var ApplicationRuleKeys = []RuleKey{
	RuleSupplementDays, RuleDocumentCheckDays, RuleAssignExpertsDays, RuleExpertReviewDays, RuleSiteVisitDays,
	RuleCommitteeQuorum, RuleConflictEmploymentYears, RuleMinCreditRating, RuleNewCompanyExemptYears, RuleCSAPValidYears,
}

// Fraction is the fraction rule key ("n/d") as the case holds it, or, for a case without
// pins, the table's version in force at at (RuleFraction).
func (p *CasePins) Fraction(key RuleKey, at time.Time) (num, den int) {
	if p != nil {
		if r, ok := p.Rules[key]; ok {
			if _, err := fmt.Sscanf(r.Value, "%d/%d", &num, &den); err == nil && den > 0 && num >= 0 && num <= den {
				return num, den
			}
		}
	}
	return RuleFraction(key, at)
}

// Grade is the grade rule key as the case holds it, or, for a case without pins, the
// table's version in force at at (the key's first version before the table begins).
func (p *CasePins) Grade(key RuleKey, at time.Time) CreditRating {
	if p != nil {
		if r, ok := p.Rules[key]; ok {
			return CreditRating(r.Value)
		}
	}
	r, _ := ruleInForce(Rules, key, at)
	return CreditRating(r.Value)
}

// NewPinnedApplication is NewApplication for a case that keeps pins to its end: its
// eligibility and its first period are judged by them already. Nil pins open it as
// NewApplication does, reading the table.
func NewPinnedApplication(id, workflowID string, req ApplicationRequest, by Actor, now time.Time, pins *CasePins) *Application {
	return openApplication(id, workflowID, req, by, now, pins)
}

// NewPinnedRereview is NewRereview with pins, as NewPinnedApplication.
func NewPinnedRereview(id, workflowID string, req ApplicationRequest, ref RereviewRef, by Actor, now time.Time, pins *CasePins) *Application {
	return openRereview(id, workflowID, req, ref, by, now, pins)
}

// dueIn is the due time of a task opened at now whose period is the rule key, under the
// case's pins (shortened in the sandbox).
func (a *Application) dueIn(now time.Time, key RuleKey) time.Time {
	return a.Pins.AddDays(now, a.Pins.Int(key, now))
}

// taskRule is the rule whose period an application's task of kind runs for; "" for a
// committee vote, due at the end of its session's day.
func taskRule(kind TaskKind) RuleKey {
	switch kind {
	case TaskDocumentCheck, TaskRegistration:
		return RuleDocumentCheckDays
	case TaskAssignExperts:
		return RuleAssignExpertsDays
	case TaskExpertReview:
		return RuleExpertReviewDays
	case TaskSiteVisit:
		return RuleSiteVisitDays
	}
	return ""
}

// isPeriod reports whether key is the length of one of an application's periods.
func isPeriod(key RuleKey) bool {
	switch key {
	case RuleSupplementDays, RuleDocumentCheckDays, RuleAssignExpertsDays, RuleExpertReviewDays, RuleSiteVisitDays:
		return true
	}
	return false
}

// runningDeadline is a deadline of the application running now whose period is a rule:
// an open task's due time (Task ≥ 0) or the supplement's deadline (Task −1, with its due
// date Due); After is where a period of another length would put it.
type runningDeadline struct {
	Task          int
	Before, After time.Time
	Due           Date
}

// runningDeadlines are the deadlines running now whose period is key, and where a period
// of days would put them, each counted from when it started. Earliest first.
func (a *Application) runningDeadlines(key RuleKey, days int) []runningDeadline {
	var out []runningDeadline
	for i, t := range a.Tasks {
		if t.Status == TaskOpen && taskRule(t.Kind) == key {
			out = append(out, runningDeadline{Task: i, Before: t.DueAt, After: a.Pins.AddDays(t.CreatedAt, days).In(Seoul)})
		}
	}
	if key == RuleSupplementDays && a.Status == AppSupplementRequested && a.SupplementDeadline != nil {
		if from, ok := a.supplementRequestedAt(); ok {
			due, deadline := a.Pins.Window(from, days)
			out = append(out, runningDeadline{Task: -1, Before: *a.SupplementDeadline, After: deadline, Due: due})
		}
	}
	slices.SortStableFunc(out, func(x, y runningDeadline) int { return x.Before.Compare(y.Before) })
	return out
}

// supplementRequestedAt is when the open supplement request was made: its step.
func (a *Application) supplementRequestedAt() (time.Time, bool) {
	for i := len(a.Steps) - 1; i >= 0; i-- {
		if a.Steps[i].Action == ActionSupplementRequest {
			return a.Steps[i].At, true
		}
	}
	return time.Time{}, false
}

// Repin gives a running application a newer version of one of its rules whose entry says
// it applies to open cases: its running deadlines of that rule are counted again from
// when they started, and the steps still to come read the new version (a session's
// decision its quorum). It reports whether anything changed: an older or the same
// version, a rule applications do not use, a closed application or one without pins
// (which reads the table at each step anyway) is left as it is.
func (a *Application) Repin(now time.Time, key RuleKey, r PinnedRule) bool {
	now = now.In(Seoul)
	if !a.Pins.takes(a.Status.Final(), ApplicationRuleKeys, key, r) {
		return false
	}
	a.Pins = a.Pins.with(key, r)
	a.record(now, SystemActor, ActionRuleApplied, ruleAppliedNote(key, r))
	if !isPeriod(key) {
		return true
	}
	for _, d := range a.runningDeadlines(key, a.Pins.Int(key, now)) {
		if d.Task < 0 {
			due, deadline := d.Due, d.After
			a.SupplementDue, a.SupplementDeadline = &due, &deadline
			continue
		}
		a.Tasks[d.Task].DueAt = d.After
	}
	return true
}
