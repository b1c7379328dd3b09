package models

import (
	"strconv"
	"time"
)

// The case kinds of the regular and the continuous inspection, as a what-if names them.
const (
	CaseKindQualityCase  = "quality_case"
	CaseKindServiceWatch = "service_watch"
)

// WhatIf says what the proposed version p would do to the open quality case c, at now, by
// the same rules its steps and its Repin apply; ok is false when it would do nothing.
func (c *QualityCase) WhatIf(p Rule, now time.Time) (RuleEffect, bool) {
	held, pinned, ok := c.Pins.weighed(c.Status.Final(), QualityRuleKeys, p, now)
	if !ok {
		return RuleEffect{}, false
	}
	e := proposedEffect(CaseKindQualityCase, c.ID, string(c.Status), p, held)
	pending := c.readsLater(p.Key)
	switch {
	case pinned && !p.AppliesToOpenCases:
		e.Effect = EffectKept
	case !p.AppliesToOpenCases:
		if !pending {
			return RuleEffect{}, false // the step that reads it is past
		}
		e.Effect = EffectAtNextStep
	case pinned && p.Key == RuleQualityReportDays && c.Status == QualityReportRequested:
		// Repin counts the open report window again from the case's opening.
		days, _ := strconv.Atoi(p.Value)
		_, after := c.Pins.Window(c.OpenedAt, days)
		before := c.ReportDeadline
		e.Effect = deadlineMoved(&e, &before, &after, laterOf(now, p.EffectiveFrom))
	case pending:
		e.Effect = EffectAtNextStep
		if p.Key == RuleQualityRemediationMaxDays {
			e.Effect = EffectThresholdChanged // the bound a remediation's due date is judged by
		}
	default:
		return RuleEffect{}, false
	}
	return e, true
}

// readsLater reports whether a step still to come of the open case reads key: the report
// window is counted at the opening; the pre-review's period when the report comes in or
// its window closes; an inspection round's period, and the longest remediation, at every
// round and on-site request until the verdict.
func (c *QualityCase) readsLater(key RuleKey) bool {
	switch key {
	case RuleQualityPreReviewDays:
		return c.Status == QualityReportRequested
	case RuleQualityInspectionDays, RuleQualityRemediationMaxDays:
		return !c.Status.Final()
	}
	return false
}

// WhatIf says what the proposed version p would do to the service's open watch w, at now,
// by the same rules its facts and its Repin apply; ok is false when it would do nothing.
// Every rule of a watch is read at a step still to come (the next fact, the removal), so
// a watch without pins, or one the version reaches as an open case, reads it then.
func (w *ServiceWatch) WhatIf(p Rule, now time.Time) (RuleEffect, bool) {
	held, pinned, ok := w.Pins.weighed(w.Status == WatchUnfit, ServiceWatchRuleKeys, p, now)
	if !ok {
		return RuleEffect{}, false
	}
	e := proposedEffect(CaseKindServiceWatch, w.ServiceID, string(w.Status), p, held)
	switch {
	case pinned && !p.AppliesToOpenCases:
		e.Effect = EffectKept
	case p.AppliesToOpenCases && p.Key == RuleMinCreditRating:
		e.Effect = EffectThresholdChanged // the floor the next rating fact is judged by
	default:
		e.Effect = EffectAtNextStep
	}
	return e, true
}
