package models

import "time"

// QualityRuleKeys are the rules a regular quality case reads: the periods of the report,
// of the operator's pre-review and of an inspection round, and the longest remediation an
// inspection may ask for. The cycle's own rules (its calendar, the years since selection)
// are the cycle's, read before any case opens.
var QualityRuleKeys = []RuleKey{
	RuleQualityReportDays, RuleQualityPreReviewDays, RuleQualityInspectionDays, RuleQualityRemediationMaxDays,
}

// QualityOpenStatuses are the statuses in which a quality case is open: what the what-if
// and the nightly sending of rule versions to open cases go through. A watch is open
// until it is unfit.
var QualityOpenStatuses = []QualityStatus{
	QualityReportRequested, QualityReportSubmitted, QualityPreReviewed, QualityInspecting, QualityRemediating,
}

// ServiceWatchRuleKeys are the rules a service's continuous inspection reads: the credit
// floor a rating fact is judged by, the longest validity of a CSAP certificate a renewal
// may claim, and the days an unfit service's notice is shown.
var ServiceWatchRuleKeys = []RuleKey{RuleMinCreditRating, RuleCSAPValidYears, RuleUnfitNoticeDays}

// Pin fixes the rules and the time scale the case keeps to its end. It is for a case just
// opened (NewQualityCase): the report's window is counted again under the pins, and the
// opening step names the due date it then has.
func (c *QualityCase) Pin(p *CasePins) {
	c.Pins = p
	c.ReportDue, c.ReportDeadline = c.Pins.Window(c.OpenedAt, c.Pins.Int(RuleQualityReportDays, c.OpenedAt))
	if len(c.Steps) == 1 && c.Steps[0].Action == ActionQualityReportRequested {
		c.Steps[0] = c.reportRequested()
	}
}

// dueIn is the due time of a step asked for at now whose period is the rule key, as the
// case holds it (shortened in the sandbox).
func (c *QualityCase) dueIn(now time.Time, key RuleKey) time.Time {
	return c.Pins.AddDays(now, c.Pins.Int(key, now))
}

// Repin gives a running quality case a newer version of one of its rules whose entry says
// it applies to open cases (the rules-changed signal). The steps still to come read it; a
// report window still open is counted again from the case's opening, and closes at once
// if the new window is already over. The due times of inspection tasks already open are
// left as they are: they are aims for the operator, not deadlines the case acts on. It
// reports whether anything changed: an older or the same version, a rule quality cases do
// not use, a closed case or one without pins (which reads the table at each step anyway)
// is left as it is.
func (c *QualityCase) Repin(now time.Time, key RuleKey, r PinnedRule) bool {
	now = now.In(Seoul)
	if !c.Pins.takes(c.Status.Final(), QualityRuleKeys, key, r) {
		return false
	}
	c.Pins = c.Pins.with(key, r)
	c.record(now, SystemActor, ActionRuleApplied, ruleAppliedNote(key, r))
	if key == RuleQualityReportDays && c.Status == QualityReportRequested {
		c.ReportDue, c.ReportDeadline = c.Pins.Window(c.OpenedAt, c.Pins.Int(key, now))
	}
	return true
}

// Pin fixes the rules the watch keeps, for a watch just started (NewServiceWatch). A
// watch has no period of the regime to shorten (its one timer waits for the certificate's
// last day, a date a fact gave), so its starters pin no time scale.
func (w *ServiceWatch) Pin(p *CasePins) { w.Pins = p }

// WatchRuleApplied is a rule version that reached a running watch because its entry says
// it applies to open cases (the rules-changed signal).
type WatchRuleApplied struct {
	At            time.Time `json:"at"`
	Rule          RuleKey   `json:"rule"`
	Value         string    `json:"value"`
	EffectiveFrom Date      `json:"effective_from"`
	// AfterFindings places it in the watch's timeline: the number of findings before it.
	AfterFindings int `json:"after_findings"`
}

// Repin gives a running watch a newer version of one of its rules whose entry says it
// applies to open cases: the facts recorded from now on, and a removal, are judged by it.
// It reports whether anything changed, as QualityCase.Repin.
func (w *ServiceWatch) Repin(now time.Time, key RuleKey, r PinnedRule) bool {
	now = now.In(Seoul)
	if !w.Pins.takes(w.Status == WatchUnfit, ServiceWatchRuleKeys, key, r) {
		return false
	}
	w.Pins = w.Pins.with(key, r)
	w.RulesApplied = append(w.RulesApplied, WatchRuleApplied{At: now, Rule: key, Value: r.Value,
		EffectiveFrom: r.EffectiveFrom, AfterFindings: len(w.Findings)})
	return true
}

// step is the timeline's step of a version taken, with the status it left.
func (a WatchRuleApplied) step(status WatchStatus) Step {
	return keyedStep(a.At, SystemActor, ActionRuleApplied, string(status),
		ruleAppliedNote(a.Rule, PinnedRule{Value: a.Value, EffectiveFrom: a.EffectiveFrom}))
}

// creditFloor is the credit floor a rating fact effective on is judged by: the watch's
// pinned version, or for a watch without pins the table's version in force that day (its
// first version for a fact stored from before the regime, since an absent floor would put
// every grade below it).
func (w *ServiceWatch) creditFloor(on Date) CreditRating {
	if w.Pins != nil {
		if r, ok := w.Pins.Rules[RuleMinCreditRating]; ok {
			return CreditRating(r.Value)
		}
	}
	return tableCreditFloor(on)
}

// watchRuleIntAt is the integer rule key as pins hold it, or, without it, the table's
// version in force at at: an error before the regime, as RuleIntAt, so that a date from a
// request is judged and not guessed.
func watchRuleIntAt(p *CasePins, key RuleKey, at time.Time) (int, error) {
	if p != nil {
		if _, ok := p.Rules[key]; ok {
			return p.Int(key, at), nil
		}
	}
	return RuleIntAt(key, at)
}

// UnfitNotice is NewUnfitNotice with the notice's days as the watch holds them.
func (w *ServiceWatch) UnfitNotice(svc Service, f InspectionFinding) UnfitNotice {
	return unfitNotice(svc, f, w.Pins.Int(RuleUnfitNoticeDays, f.At))
}
