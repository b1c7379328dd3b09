package models

import (
	"fmt"
	"slices"
	"strconv"
)

// RuleType is how a rule's value is written and read. Each key has one type for all its
// versions: code that reads a key as a number must never meet a grade in a later version.
type RuleType string

// The rule types.
const (
	// RuleTypeInteger is a whole number of 0 or more: "85", "10".
	RuleTypeInteger RuleType = "integer"
	// RuleTypeGrade is a grade of the corporate credit scale eligibility compares with.
	RuleTypeGrade RuleType = "grade"
	// RuleTypeFraction is a share "n/d" with 0 ≤ n ≤ d and d > 0, such as a quorum.
	RuleTypeFraction RuleType = "fraction"
	// RuleTypeCadence is how often something recurs: one of CommitteeCadences.
	RuleTypeCadence RuleType = "cadence"
	// RuleTypeCalendar is a yearly moment "MM-DD hh:mm" in Seoul (ParseCycleCalendar).
	RuleTypeCalendar RuleType = "calendar"
)

// ruleTypes is every rule key the code reads, with its type. A key the code declares
// must be here (the table test parses the declarations), and a rule file must hold a
// version of each: a key without one would leave its reader without a value.
var ruleTypes = map[RuleKey]RuleType{
	RuleQualifyingScore:                RuleTypeInteger,
	RuleNegotiationDays:                RuleTypeInteger,
	RuleDirectContractDays:             RuleTypeInteger,
	RuleQualityAfterYears:              RuleTypeInteger,
	RuleUnfitNoticeDays:                RuleTypeInteger,
	RuleMinCreditRating:                RuleTypeGrade,
	RuleNewCompanyExemptYears:          RuleTypeInteger,
	RuleCSAPValidYears:                 RuleTypeInteger,
	RuleCommitteeMaxMembers:            RuleTypeInteger,
	RuleCommitteeCadence:               RuleTypeCadence,
	RuleConflictEmploymentYears:        RuleTypeInteger,
	RuleCommitteeQuorum:                RuleTypeFraction,
	RuleSupplementDays:                 RuleTypeInteger,
	RuleDocumentCheckDays:              RuleTypeInteger,
	RuleAssignExpertsDays:              RuleTypeInteger,
	RuleExpertReviewDays:               RuleTypeInteger,
	RuleSiteVisitDays:                  RuleTypeInteger,
	RuleContractReminderDays:           RuleTypeInteger,
	RuleChangeApprovalDays:             RuleTypeInteger,
	RuleTaskFollowUpDays:               RuleTypeInteger,
	RuleEvaluationReminderDays:         RuleTypeInteger,
	RuleQualityReportReminderDays:      RuleTypeInteger,
	RuleQualityRemediationReminderDays: RuleTypeInteger,
	RuleQualityReportDays:              RuleTypeInteger,
	RuleQualityCycleCalendar:           RuleTypeCalendar,
	RuleQualityPreReviewDays:           RuleTypeInteger,
	RuleQualityInspectionDays:          RuleTypeInteger,
	RuleQualityRemediationMaxDays:      RuleTypeInteger,
}

// RuleTypeOf returns the type of key's values, and false for a key the code does not know.
func RuleTypeOf(key RuleKey) (RuleType, bool) {
	t, ok := ruleTypes[key]
	return t, ok
}

// RuleKeys lists every rule key the code reads, in order.
func RuleKeys() []RuleKey {
	return sortedKeys(ruleTypes)
}

// CheckRuleValue reports whether v is a value of type t, written the one way the table
// writes it: "010" or "03-02 9:00" would read the same but differ as text, and the
// value's text is what a case pins and a page shows.
func CheckRuleValue(t RuleType, v string) error {
	switch t {
	case RuleTypeInteger:
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || strconv.Itoa(n) != v {
			return refusal("invalid.rule_value_integer", "value", strconv.Quote(v), "min", "0")
		}
	case RuleTypeGrade:
		if !slices.Contains(creditScale, CreditRating(v)) {
			return refusal("invalid.rule_value_grade", "value", strconv.Quote(v))
		}
	case RuleTypeFraction:
		var n, d int
		if _, err := fmt.Sscanf(v, "%d/%d", &n, &d); err != nil || d <= 0 || n < 0 || n > d || fmt.Sprintf("%d/%d", n, d) != v {
			return refusal("invalid.rule_value_fraction", "value", strconv.Quote(v), "min", "0")
		}
	case RuleTypeCadence:
		// The cadences the worker's Schedule can follow (committee_cadence.go).
		if _, err := ParseCommitteeCadence(v); err != nil {
			return err
		}
	case RuleTypeCalendar:
		c, err := ParseCycleCalendar(v)
		if err != nil {
			return err
		}
		if c.String() != v {
			return refusal("invalid.rule_value_calendar", "value", strconv.Quote(v), "calendar", c.String())
		}
	default:
		return refusal("invalid.rule_type", "type", strconv.Quote(string(t)))
	}
	return nil
}
