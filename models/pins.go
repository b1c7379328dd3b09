package models

import (
	"maps"
	"slices"
	"strconv"
	"time"
)

// CasePins is what a case fixes when it starts, so that it is judged to the end by the
// rules it began under (a contract signed under a rule is judged by it) and its history
// replays the same whatever the rule table holds later. It travels in the workflow's
// input; a case started before pins existed has none and reads the table at each step,
// as it always did.
type CasePins struct {
	// Rules are the versions in force when the case started, of the keys the case kind
	// uses.
	Rules map[RuleKey]PinnedRule `json:"rules,omitempty"`
	// TimeScale, above 1, makes every period of the case that many times shorter: the
	// development sandbox (DSMARKET_TIME_SCALE), where a 10-day window closes in 100
	// seconds at 8640.
	TimeScale int `json:"time_scale,omitempty"`
}

// PinnedRule is one rule version a case holds: its value and the day it took effect, which
// names the version.
type PinnedRule struct {
	Value         string `json:"value"`
	EffectiveFrom Date   `json:"effective_from"`
}

// OrderRuleKeys are the rules a catalog order uses.
var OrderRuleKeys = []RuleKey{RuleQualifyingScore, RuleNegotiationDays}

// The statuses in which a case of each kind is open: what the what-if and the nightly
// sending of rule versions to open cases go through.
var (
	OrderOpenStatuses          = []OrderStatus{OrderProposalRequested, OrderProposalSubmitted, OrderNegotiating}
	ApplicationOpenStatuses    = []ApplicationStatus{AppDocumentCheck, AppSupplementRequested, AppExpertReview, AppSiteVisit, AppAwaitingCommittee}
	DirectContractOpenStatuses = []DirectContractStatus{ContractRegistered, ContractChangePending, ContractChangeOverdue}
)

// PinRules pins the versions of keys in force in table at instant at, with the sandbox's
// time scale (1 or less: real time). A key with no version in force then is left out, and
// the case reads the table for it.
func PinRules(table []Rule, at time.Time, scale int, keys ...RuleKey) *CasePins {
	p := &CasePins{Rules: map[RuleKey]PinnedRule{}}
	if scale > 1 {
		p.TimeScale = scale
	}
	for _, k := range keys {
		if r, err := LookupRule(table, k, at); err == nil {
			p.Rules[k] = PinnedRule{Value: r.Value, EffectiveFrom: DateOf(r.EffectiveFrom)}
		}
	}
	return p
}

// Int is the integer rule key as the case holds it, or, for a case without pins, the
// table's version in force at at.
func (p *CasePins) Int(key RuleKey, at time.Time) int {
	if p != nil {
		if r, ok := p.Rules[key]; ok {
			if n, err := strconv.Atoi(r.Value); err == nil {
				return n
			}
		}
	}
	return RuleInt(key, at)
}

// AddDays is t plus n calendar days in Seoul, or, in the sandbox, n days shortened by
// the case's time scale.
func (p *CasePins) AddDays(t time.Time, n int) time.Time {
	if p == nil || p.TimeScale <= 1 {
		return AddCalendarDays(t, n)
	}
	return t.Add(time.Duration(n) * 24 * time.Hour / time.Duration(p.TimeScale))
}

// Shorten is the instant at which a wait from now until due ends in the sandbox: the same
// wait shortened by the case's time scale. Without a scale it is due.
func (p *CasePins) Shorten(now, due time.Time) time.Time {
	if p == nil || p.TimeScale <= 1 || !due.After(now) {
		return due
	}
	return now.Add(due.Sub(now) / time.Duration(p.TimeScale))
}

// Window is the due date and the instant a window of days opened at from closes: the end
// of the due date (Seoul), or in the sandbox the same wait shortened by the case's time
// scale, with the due date the day it then ends. A supplement's and a quality report's
// windows are counted so.
func (p *CasePins) Window(from time.Time, days int) (Date, time.Time) {
	due := DateOf(AddCalendarDays(from, days))
	end := due.EndOfDay()
	if deadline := p.Shorten(from, end); !deadline.Equal(end) {
		return DateOf(deadline), deadline
	}
	return due, end
}

// Versions names the rule versions the case holds, "key@YYYY-MM-DD", for its page and its
// history.
func (p *CasePins) Versions() []string {
	if p == nil {
		return nil
	}
	out := make([]string, 0, len(p.Rules))
	for _, k := range slices.Sorted(maps.Keys(p.Rules)) {
		out = append(out, string(k)+"@"+p.Rules[k].EffectiveFrom.String())
	}
	return out
}

// newer reports whether r is a later version of key than the one p holds (any version is,
// when p holds none of key).
func (p *CasePins) newer(key RuleKey, r PinnedRule) bool {
	cur, ok := p.Rules[key]
	return !ok || r.EffectiveFrom.After(cur.EffectiveFrom.Time)
}

// takes reports whether a running case whose pins are p takes r as its version of key:
// one without pins reads the table at each step anyway, a closed one has no step left to
// judge, a key of another kind is not its to hold, and a version no later than the one it
// holds would undo what a later one decided.
func (p *CasePins) takes(final bool, keys []RuleKey, key RuleKey, r PinnedRule) bool {
	return p != nil && !final && slices.Contains(keys, key) && p.newer(key, r)
}

// with is p holding r for key; p itself is left as it is, since the case's earlier states
// (a what-if's original, a projection being written) may share it.
func (p *CasePins) with(key RuleKey, r PinnedRule) *CasePins {
	out := *p
	out.Rules = maps.Clone(p.Rules)
	if out.Rules == nil {
		out.Rules = map[RuleKey]PinnedRule{}
	}
	out.Rules[key] = r
	return &out
}

// ruleAppliedNote names the version a running case took. The order's text says nothing of
// orders, so every kind shares it.
func ruleAppliedNote(key RuleKey, r PinnedRule) *Text {
	return Msg("order.rule_applied", "rule", string(key), "value", r.Value, "from", r.EffectiveFrom.String())
}

// ActionRuleApplied records that a rule version that applies to open cases reached the
// case while it ran (the rules-changed signal).
const ActionRuleApplied = "rule_applied"

// Repin gives a running order a newer version of one of its rules whose entry says it
// applies to open cases. A negotiation running under the old window is judged by the new
// one from the evaluation on. It reports whether anything changed: an older or the same
// version, a rule orders do not use, or an order without pins (which reads the table at
// each step anyway) is left as it is.
func (o *Order) Repin(now time.Time, key RuleKey, r PinnedRule) bool {
	now = now.In(Seoul)
	if !o.Pins.takes(o.Status.Final(), OrderRuleKeys, key, r) {
		return false
	}
	if key == RuleQualifyingScore && o.Status == OrderNegotiating {
		return false // judged already
	}
	o.Pins = o.Pins.with(key, r)
	o.record(now, SystemActor, ActionRuleApplied, ruleAppliedNote(key, r))
	if key == RuleNegotiationDays && o.Status == OrderNegotiating && o.EvaluatedAt != nil {
		deadline := o.Pins.AddDays(*o.EvaluatedAt, o.Pins.Int(key, now))
		o.NegotiationDeadline = &deadline
	}
	return true
}
