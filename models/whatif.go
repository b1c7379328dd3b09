package models

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ProposedRule is a rule version proposed for the table (POST /rules/what-if): the same
// fields as an entry of the rule file.
type ProposedRule struct {
	Key                string `json:"key"`
	Value              string `json:"value"`
	EffectiveFrom      string `json:"effective_from"`
	Source             string `json:"source"`
	AppliesToOpenCases bool   `json:"applies_to_open_cases,omitempty"`
	OpenCasesSource    string `json:"applies_to_open_cases_source,omitempty"`
}

// WhatIfInput is the body of POST /rules/what-if.
type WhatIfInput struct {
	Rules []ProposedRule `json:"rules"`
}

// MaxProposedRules bounds a what-if: an amendment touches a handful of numbers.
const MaxProposedRules = 50

// ParseWhatIf checks proposed versions against table, as the rule file's check does, and
// returns them as rules. A version on the day of an existing one of its key is refused:
// an amendment adds a version, it never edits one.
func ParseWhatIf(in WhatIfInput, table []Rule) ([]Rule, error) {
	var fe Fields
	if len(in.Rules) == 0 || len(in.Rules) > MaxProposedRules {
		fe.AddText("rules", Msg("invalid.whatif_rules_count", "max", itoa(MaxProposedRules)))
		return nil, fe.Err()
	}
	var out []Rule
	for i, p := range in.Rules {
		field := func(name string) string { return fmt.Sprintf("rules[%d].%s", i, name) }
		key := RuleKey(strings.TrimSpace(p.Key))
		typ, known := RuleTypeOf(key)
		current, err := LookupRule(table, key, time.Date(9999, 1, 1, 0, 0, 0, 0, Seoul))
		if !known || err != nil {
			fe.AddText(field("key"), Msg("invalid.whatif_rule_key"))
			continue
		}
		value := strings.TrimSpace(p.Value)
		if err := CheckRuleValue(typ, value); err != nil {
			fe.AddErr(field("value"), err)
		}
		from, err := ParseDate(strings.TrimSpace(p.EffectiveFrom))
		switch {
		case err != nil:
			fe.AddErr(field("effective_from"), err)
		case from.Before(RegimeStart.Time):
			fe.AddText(field("effective_from"), Msg("invalid.whatif_before_regime", "date", RegimeStart.String()))
		case slices.ContainsFunc(append(slices.Clone(table), out...), func(r Rule) bool { return r.Key == key && r.EffectiveFrom.Equal(from.Time) }):
			fe.AddText(field("effective_from"), Msg("invalid.whatif_version_same_day", "rule", string(key)))
		}
		if strings.TrimSpace(p.Source) == "" {
			fe.AddText(field("source"), Msg("invalid.whatif_source"))
		}
		if p.AppliesToOpenCases && strings.TrimSpace(p.OpenCasesSource) == "" {
			fe.AddText(field("applies_to_open_cases_source"), Msg("invalid.whatif_open_cases_source"))
		}
		out = append(out, Rule{Key: key, Value: value, Type: typ, Unit: current.Unit, Source: strings.TrimSpace(p.Source),
			EffectiveFrom: from.Time, AppliesToOpenCases: p.AppliesToOpenCases, OpenCasesSource: strings.TrimSpace(p.OpenCasesSource)})
	}
	if err := fe.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// The effects a proposed version has on an open case.
const (
	// EffectKept: the case holds the version it started under, and the proposal does not
	// apply to open cases.
	EffectKept = "kept"
	// EffectAtNextStep: the case started before cases pinned their rules, so it reads the
	// table when its step comes; on or after the proposal's date it would read the new value.
	EffectAtNextStep = "applies_at_next_step"
	// EffectDeadlineMoved and EffectBecomesLate: the proposal applies to open cases and moves
	// a running deadline; a deadline that would be past when the version takes effect
	// ends the window then.
	EffectDeadlineMoved = "deadline_moved"
	EffectBecomesLate   = "becomes_late"
	// EffectThresholdChanged: the proposal applies to open cases and changes a threshold the
	// case has still to be judged by.
	EffectThresholdChanged = "threshold_changed"
)

// RuleEffect is what one proposed version would do to one open case.
type RuleEffect struct {
	CaseKind string  `json:"case_kind"`
	CaseID   string  `json:"case_id"`
	Status   string  `json:"status"`
	Rule     RuleKey `json:"rule"`
	// Held is the value the case holds (pinned) or would read now, and HeldFrom its version.
	Held           string     `json:"held"`
	HeldFrom       Date       `json:"held_from"`
	Proposed       string     `json:"proposed"`
	ProposedFrom   Date       `json:"proposed_from"`
	Effect         string     `json:"effect"`
	DeadlineBefore *time.Time `json:"deadline_before,omitempty"`
	DeadlineAfter  *time.Time `json:"deadline_after,omitempty"`
}

// WhatIf says what the proposed version p would do to the open order o, at now, by the
// same rules the order's steps apply; ok is false when it would do nothing.
func (o *Order) WhatIf(p Rule, now time.Time) (RuleEffect, bool) {
	held, pinned, ok := o.Pins.weighed(o.Status.Final(), OrderRuleKeys, p, now)
	if !ok {
		return RuleEffect{}, false
	}
	// Both of an order's rules are read at its evaluation: pending until it negotiates.
	pending := o.Status != OrderNegotiating
	e := proposedEffect(CaseKindOrder, o.ID, string(o.Status), p, held)
	switch {
	case !pinned:
		// It reads the table when its step comes, and nothing reaches it before: a version
		// applying to open cases is sent only to cases that hold pins.
		if !pending {
			return RuleEffect{}, false // the step that reads it is past
		}
		e.Effect = EffectAtNextStep
	case !p.AppliesToOpenCases:
		e.Effect = EffectKept
	case pending:
		e.Effect = EffectAtNextStep
		if p.Key == RuleQualifyingScore {
			e.Effect = EffectThresholdChanged
		}
	case p.Key == RuleNegotiationDays && o.EvaluatedAt != nil && o.NegotiationDeadline != nil:
		days, _ := strconv.Atoi(p.Value)
		after := o.Pins.AddDays(*o.EvaluatedAt, days)
		e.Effect = deadlineMoved(&e, o.NegotiationDeadline, &after, laterOf(now, p.EffectiveFrom))
	default:
		return RuleEffect{}, false
	}
	return e, true
}

// proposedEffect is the part of a what-if's answer every case kind fills the same way: the
// case, and the version it holds beside the one proposed.
func proposedEffect(kind, id, status string, p Rule, held PinnedRule) RuleEffect {
	return RuleEffect{CaseKind: kind, CaseID: id, Status: status, Rule: p.Key, Held: held.Value,
		HeldFrom: held.EffectiveFrom, Proposed: p.Value, ProposedFrom: DateOf(p.EffectiveFrom)}
}

// deadlineMoved puts a deadline a version moves in e and names the effect, the same for every
// case kind: moved, or late at once when the new one is not after takesEffect.
func deadlineMoved(e *RuleEffect, before, after *time.Time, takesEffect time.Time) string {
	e.DeadlineBefore, e.DeadlineAfter = before, after
	if !after.After(takesEffect) {
		return EffectBecomesLate
	}
	return EffectDeadlineMoved
}

// held is the version of key the case holds, and whether it is pinned; a case without
// pins holds the table's version in force at now.
func (p *CasePins) held(key RuleKey, now time.Time) (PinnedRule, bool) {
	if p != nil {
		if r, ok := p.Rules[key]; ok {
			return r, true
		}
	}
	r, err := ruleInForce(Rules, key, now)
	if err != nil {
		return PinnedRule{}, false
	}
	return PinnedRule{Value: r.Value, EffectiveFrom: DateOf(r.EffectiveFrom)}, false
}

// weighed is the version of proposed's key the case holds, whether it is pinned, and
// whether the proposal would change it at all: a closed case (or one the kind's own
// condition rules out), a key the kind does not read, or the value the case already holds
// is left out of a what-if before its kind looks further.
func (p *CasePins) weighed(closed bool, keys []RuleKey, proposed Rule, now time.Time) (held PinnedRule, pinned, ok bool) {
	if closed || !slices.Contains(keys, proposed.Key) {
		return PinnedRule{}, false, false
	}
	held, pinned = p.held(proposed.Key, now)
	return held, pinned, held.Value != proposed.Value
}

func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
