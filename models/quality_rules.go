package models

import (
	"fmt"
	"strconv"
	"time"
)

// The rule keys of the regular quality inspection (Process 4). Their values live only in
// the rule table, models/rules.json.
const (
	RuleQualityReportDays         RuleKey = "quality.report_days"
	RuleQualityCycleCalendar      RuleKey = "quality.cycle_calendar"
	RuleQualityPreReviewDays      RuleKey = "quality.prereview_days"
	RuleQualityInspectionDays     RuleKey = "quality.inspection_days"
	RuleQualityRemediationMaxDays RuleKey = "quality.remediation_max_days"
)

// qualityKeys are the numbers of the regular inspection. The regulation (고시 제6–8조)
// says that services selected more than a year ago report once a year and are inspected;
// it leaves the calendar and the periods to the operator, so their versions in the rule
// table are dsmarket's operating defaults, kept as data so that NIA can change them with
// a new effective date. QualityRules (declared with Rules) holds their versions: the tail
// of the main table, the same entries, listed by /api/v1/rules with the others.
var qualityKeys = map[RuleKey]bool{
	RuleQualityReportDays: true, RuleQualityCycleCalendar: true, RuleQualityPreReviewDays: true,
	RuleQualityInspectionDays: true, RuleQualityRemediationMaxDays: true,
}

// LookupRule returns the rule for key in force at at in table: the one with the latest
// EffectiveFrom not after at. RuleAt is the same lookup on Rules.
func LookupRule(table []Rule, key RuleKey, at time.Time) (Rule, error) {
	var found *Rule
	for i := range table {
		r := &table[i]
		if r.Key != key || r.EffectiveFrom.After(at) {
			continue
		}
		if found == nil || r.EffectiveFrom.After(found.EffectiveFrom) {
			found = r
		}
	}
	if found == nil {
		return Rule{}, fmt.Errorf("no rule %s in force at %s", key, at.Format(time.RFC3339))
	}
	return *found, nil
}

// LookupRuleInt returns an integer rule of table in force at at, the key's first rule for
// an instant before the table begins (see RuleInt). A table passes ParseRuleTable before
// it is used, so an unknown key or a malformed value is a programming error.
func LookupRuleInt(table []Rule, key RuleKey, at time.Time) int {
	r, err := ruleInForce(table, key, at)
	if err != nil {
		panic(err)
	}
	n, err := ruleInt(r)
	if err != nil {
		panic(err)
	}
	return n
}

func qualityDays(key RuleKey, at time.Time) int { return LookupRuleInt(QualityRules, key, at) }

// CycleCalendar is the yearly moment of the regular inspection: a month, day, hour and
// minute in Seoul.
type CycleCalendar struct {
	Month        time.Month
	Day          int
	Hour, Minute int
}

// ParseCycleCalendar reads "MM-DD hh:mm". 29 February is refused: the cycle must happen
// every year.
func ParseCycleCalendar(s string) (CycleCalendar, error) {
	t, err := time.ParseInLocation("01-02 15:04", s, Seoul)
	if err != nil {
		return CycleCalendar{}, refusal("invalid.cycle_calendar", "value", strconv.Quote(s))
	}
	c := CycleCalendar{Month: t.Month(), Day: t.Day(), Hour: t.Hour(), Minute: t.Minute()}
	// 2025 is not a leap year: a day missing from it does not occur every year.
	if probe := c.In(2025); probe.Month() != c.Month || probe.Day() != c.Day {
		return CycleCalendar{}, refusal("invalid.cycle_calendar_yearly", "value", strconv.Quote(s))
	}
	return c, nil
}

// In returns the instant of the cycle in year.
func (c CycleCalendar) In(year int) time.Time {
	return time.Date(year, c.Month, c.Day, c.Hour, c.Minute, 0, 0, Seoul)
}

func (c CycleCalendar) String() string {
	return fmt.Sprintf("%02d-%02d %02d:%02d", int(c.Month), c.Day, c.Hour, c.Minute)
}

// QualityCycleCalendarAt returns the calendar of the regular inspection in force at at.
func QualityCycleCalendarAt(at time.Time) CycleCalendar {
	r, err := LookupRule(QualityRules, RuleQualityCycleCalendar, at)
	if err != nil {
		panic(err)
	}
	c, err := ParseCycleCalendar(r.Value)
	if err != nil {
		panic(fmt.Sprintf("rule %s: %v", r.Key, err))
	}
	return c
}

// QualityCycleDate returns the instant of year's cycle, by the calendar in force at the
// start of that year.
func QualityCycleDate(year int) time.Time {
	return QualityCycleCalendarAt(seoulDate(year, time.January, 1)).In(year)
}

// QualityCycleCutoff is the last selection date a service may have to be inspected in
// year's cycle: the cycle date minus the years of the rule (선정 1년 경과). A service
// selected on the cutoff date has been selected for exactly that long on the cycle day.
func QualityCycleCutoff(year int) Date {
	at := QualityCycleDate(year)
	return DateOf(at.AddDate(-RuleInt(RuleQualityAfterYears, at), 0, 0))
}
