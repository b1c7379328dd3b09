package models

import (
	"errors"
	"fmt"
	"time"
)

// CheckPastKept reports every version of base that was in force at now (its effective day
// has begun) and that table does not hold unchanged: removed, or with another value, type,
// unit or open-cases flag. Cases started under such a version pinned it and are judged by
// it to their end, and the audit log names it; a table that rewrites it would judge new
// readings of those cases by a rule that never was. An amendment adds a version from a day
// to come; it never edits one in force. A version only table has (a later amendment) is
// not base's to judge. The problems are joined, one per version, like ParseRuleTable's:
// edited the versions table holds with another reading, missing those it lacks (a file
// written before the binary's table gained a version, or one that dropped it).
func CheckPastKept(table, base []Rule, now time.Time) (edited, missing error) {
	type at struct {
		key RuleKey
		day string
	}
	have := make(map[at]Rule, len(table))
	for _, r := range table {
		have[at{r.Key, r.EffectiveFrom.Format(time.DateOnly)}] = r
	}
	var edits, gone []error
	for _, b := range base {
		if b.EffectiveFrom.After(now) {
			continue
		}
		day := b.EffectiveFrom.Format(time.DateOnly)
		r, ok := have[at{b.Key, day}]
		switch {
		case !ok:
			gone = append(gone, fmt.Errorf("%s@%s: the version in force since %s is missing; a version in force is never removed", b.Key, day, day))
		case r.Value != b.Value || r.Unit != b.Unit || r.Type != b.Type || r.AppliesToOpenCases != b.AppliesToOpenCases:
			edits = append(edits, fmt.Errorf("%s@%s: the version in force since %s is edited (value %q, was %q); add a version from a day to come instead",
				b.Key, day, day, r.Value, b.Value))
		}
	}
	return errors.Join(edits...), errors.Join(gone...)
}

// BuiltinRules is the rule table built into the binary, whatever RULES_FILE says.
func BuiltinRules() []Rule {
	all, _ := embeddedRules()
	return all
}
