package models

import (
	"slices"
	"strconv"
	"time"
)

// WhatIf says what the proposed version p would do to the open application a, at now, by
// the same rules its steps apply; ok is false when it would do nothing: a rule only the
// opening reads (eligibility), a step already past, or the value the application holds.
// Of several running deadlines of the rule (the experts' reviews) it names the earliest.
func (a *Application) WhatIf(p Rule, now time.Time) (RuleEffect, bool) {
	held, pinned, ok := a.Pins.weighed(a.Status.Final(), ApplicationRuleKeys, p, now)
	if !ok {
		return RuleEffect{}, false
	}
	var running []runningDeadline
	if days, err := strconv.Atoi(p.Value); err == nil && isPeriod(p.Key) {
		running = a.runningDeadlines(p.Key, days)
	}
	pending := a.readsLater(p.Key)
	if len(running) == 0 && !pending {
		return RuleEffect{}, false
	}
	e := proposedEffect(CaseKindApplication, a.ID, string(a.Status), p, held)
	switch {
	case pinned && !p.AppliesToOpenCases:
		e.Effect = EffectKept
	case !pinned && !pending:
		// A running deadline was counted when it started; only a pinned case is given a
		// version that applies to open cases (Repin), the table does not move it.
		return RuleEffect{}, false
	case pinned && len(running) > 0:
		d := running[0]
		e.Effect = deadlineMoved(&e, &d.Before, &d.After, laterOf(now, p.EffectiveFrom))
	case p.Key == RuleCommitteeQuorum && p.AppliesToOpenCases:
		e.Effect = EffectThresholdChanged
	default:
		e.Effect = EffectAtNextStep
	}
	return e, true
}

// readsLater reports whether a step still to come in the application's usual course reads
// key: a supplement from the document check, the tasks of the steps after the current
// one, a certificate supplemented, the conflicts of interest at the experts' assignment
// and the session's agenda, the quorum at the session's close. Eligibility is judged at
// the opening only.
func (a *Application) readsLater(key RuleKey) bool {
	before := func(statuses ...ApplicationStatus) bool { return slices.Contains(statuses, a.Status) }
	switch key {
	case RuleCommitteeQuorum:
		return !a.Status.Final()
	case RuleSupplementDays:
		return before(AppDocumentCheck)
	case RuleCSAPValidYears:
		return before(AppSupplementRequested)
	case RuleDocumentCheckDays:
		return before(AppSupplementRequested)
	case RuleAssignExpertsDays:
		return before(AppDocumentCheck, AppSupplementRequested)
	case RuleExpertReviewDays:
		return before(AppDocumentCheck, AppSupplementRequested) || a.Status == AppExpertReview && a.hasOpenTask(TaskAssignExperts)
	case RuleSiteVisitDays:
		return before(AppDocumentCheck, AppSupplementRequested, AppExpertReview)
	case RuleConflictEmploymentYears:
		return before(AppDocumentCheck, AppSupplementRequested, AppExpertReview, AppSiteVisit) || a.AwaitsSession()
	}
	return false
}
