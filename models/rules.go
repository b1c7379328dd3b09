package models

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Seoul is the business time zone. Every "day" in the rules is a calendar day in Seoul:
// a deadline of N days from an instant is the same wall-clock time N calendar days later,
// and a due date (YYYY-MM-DD) ends at midnight Seoul time at the end of that date.
var Seoul = mustLoadSeoul()

func mustLoadSeoul() *time.Location {
	loc, err := time.LoadLocation("Asia/Seoul")
	if err != nil {
		// Korea has kept UTC+9 without daylight saving since 1988; a fixed zone is exact for
		// every date this system handles, and avoids depending on the host's tzdata.
		return time.FixedZone("KST", 9*60*60)
	}
	return loc
}

// RuleKey names a number of the regulation.
type RuleKey string

// The rule keys. Their values live only in the rule table, models/rules.json; a key added
// here needs its type in ruleTypes and a version in that file.
const (
	RuleQualifyingScore         RuleKey = "catalog_order.qualifying_score"
	RuleNegotiationDays         RuleKey = "catalog_order.negotiation_days"
	RuleDirectContractDays      RuleKey = "direct_contract.registration_days"
	RuleQualityAfterYears       RuleKey = "quality.regular_inspection_after_years"
	RuleUnfitNoticeDays         RuleKey = "quality.unfit_notice_min_days"
	RuleMinCreditRating         RuleKey = "eligibility.min_credit_rating"
	RuleNewCompanyExemptYears   RuleKey = "eligibility.new_company_exempt_years"
	RuleCSAPValidYears          RuleKey = "csap.valid_years"
	RuleCommitteeMaxMembers     RuleKey = "committee.max_members"
	RuleCommitteeCadence        RuleKey = "committee.cadence"
	RuleConflictEmploymentYears RuleKey = "conflict.employment_years"
	RuleCommitteeQuorum         RuleKey = "committee.quorum"
	RuleSupplementDays          RuleKey = "selection.supplement_days"
	RuleDocumentCheckDays       RuleKey = "selection.document_check_days"
	RuleAssignExpertsDays       RuleKey = "selection.assign_experts_days"
	RuleExpertReviewDays        RuleKey = "selection.expert_review_days"
	RuleSiteVisitDays           RuleKey = "selection.site_visit_days"
	RuleContractReminderDays    RuleKey = "direct_contract.reminder_days_before"
	RuleChangeApprovalDays      RuleKey = "change_request.approval_days"
	// RuleTaskFollowUpDays, RuleEvaluationReminderDays and the quality reminders are read
	// by the nightly housekeeping at its run, not pinned by a case: a reminder decides
	// nothing.
	RuleTaskFollowUpDays               RuleKey = "inbox.overdue_followup_days"
	RuleEvaluationReminderDays         RuleKey = "catalog_order.evaluation_reminder_days"
	RuleQualityReportReminderDays      RuleKey = "quality.report_reminder_days_before"
	RuleQualityRemediationReminderDays RuleKey = "quality.remediation_reminder_days_before"
)

// Rule is one number of the regulation with where it comes from and from when it applies.
// A change of regulation is a new Rule with a later EffectiveFrom, never an edit.
type Rule struct {
	Key    RuleKey
	Value  string // as the source states it: "85", "10", "B-", "monthly"
	Unit   string // points, calendar days, years, grade, members, cadence
	Source string
	// SourceEn names the source for an English reader; optional (a page in English shows
	// Source where it is empty), since the legal text itself is the Korean.
	SourceEn      string
	EffectiveFrom time.Time // midnight Seoul time
	// Type is how Value reads; the same for every version of Key (RuleTypeOf).
	Type RuleType
	// AppliesToOpenCases: the version applies also to cases that started under an earlier
	// one, which by default keep that one to the end (a contract signed under a rule is
	// judged by it). OpenCasesSource is the legal text that says so.
	AppliesToOpenCases bool
	OpenCasesSource    string
}

func seoulDate(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, Seoul) }

// systemStart is when the Digital Service Specialized Contract System came into force.
var systemStart = seoulDate(2020, time.October, 1)

// Rules is the rule table: the file models/rules.json built into the binary, or the one a
// deployment gives (UseRules). Sources are the public texts of the system. The regular
// quality inspection's rules (QualityRules) are its last entries.
var Rules, QualityRules = embeddedRules()

// RuleAt returns the rule for key in force at instant at: the one with the latest
// EffectiveFrom not after at.
func RuleAt(key RuleKey, at time.Time) (Rule, error) { return LookupRule(Rules, key, at) }

// RuleIntAt returns an integer rule in force at at, or an error when none is: before
// RegimeStart no rule of the table applies. Parsers that judge a date from a request use
// it, so that such a date becomes a field error rather than a guess.
func RuleIntAt(key RuleKey, at time.Time) (int, error) {
	r, err := RuleAt(key, at)
	if err != nil {
		return 0, err
	}
	return ruleInt(r)
}

// RuleInt returns an integer rule in force at at. It serves instants the system itself
// holds (the clock, a date a parser already admitted): for one before the table begins it
// takes the key's first rule, because a host clock set wrong or a record older than the
// parser's check must not crash a workflow task on every retry. The table passed
// ParseRuleTable, so an unknown key or a malformed value is a programming error.
func RuleInt(key RuleKey, at time.Time) int {
	return LookupRuleInt(Rules, key, at)
}

// RuleFraction returns a rule written as a fraction "n/d", such as the committee quorum,
// in force at at (the key's first rule before the table begins, as RuleInt).
func RuleFraction(key RuleKey, at time.Time) (num, den int) {
	r, err := ruleInForce(Rules, key, at)
	if err != nil {
		panic(err)
	}
	if _, err := fmt.Sscanf(r.Value, "%d/%d", &num, &den); err != nil || den <= 0 || num < 0 || num > den {
		panic(fmt.Sprintf("rule %s: %q is not a fraction n/d", key, r.Value))
	}
	return num, den
}

// ruleInForce is LookupRule, except that an instant before the key's first rule gets that
// first rule (see RuleInt for why). Only a key absent from table is an error.
func ruleInForce(table []Rule, key RuleKey, at time.Time) (Rule, error) {
	r, err := LookupRule(table, key, at)
	if err == nil {
		return r, nil
	}
	var first *Rule
	for i := range table {
		if c := &table[i]; c.Key == key && (first == nil || c.EffectiveFrom.Before(first.EffectiveFrom)) {
			first = c
		}
	}
	if first == nil {
		return Rule{}, err
	}
	return *first, nil
}

func ruleInt(r Rule) (int, error) {
	var n int
	if _, err := fmt.Sscanf(r.Value, "%d", &n); err != nil {
		return 0, fmt.Errorf("rule %s: %q is not an integer", r.Key, r.Value)
	}
	return n, nil
}

// RuleTable lists every rule ordered by key and effective date, for the README and API.
func RuleTable() []Rule {
	out := append([]Rule(nil), Rules...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Key != out[j].Key {
			return out[i].Key < out[j].Key
		}
		return out[i].EffectiveFrom.Before(out[j].EffectiveFrom)
	})
	return out
}

// AddCalendarDays returns t plus n calendar days in Seoul.
func AddCalendarDays(t time.Time, n int) time.Time { return t.In(Seoul).AddDate(0, 0, n) }

// Date is a calendar date in Seoul, written YYYY-MM-DD.
type Date struct{ time.Time }

// ParseDate parses YYYY-MM-DD as a Seoul date.
func ParseDate(s string) (Date, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, Seoul)
	if err != nil {
		return Date{}, refusal("invalid.date")
	}
	return Date{t}, nil
}

// pastDate is the day v names, refused in fe under field when it is no date or after
// today; nil when v is blank (whether a blank is allowed is the caller's to say) or refused.
func pastDate(fe *Fields, field, v string, today Date) *Date {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	d, err := ParseDate(v)
	switch {
	case err != nil:
		fe.AddErr(field, err)
		return nil
	case d.After(today.Time):
		fe.AddText(field, Msg("invalid.after_today", "today", today.String()))
		return nil
	}
	return &d
}

// DateOf returns the Seoul calendar date of instant t.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Seoul).Date()
	return Date{seoulDate(y, m, d)}
}

func (d Date) String() string { return d.Format(time.DateOnly) }

// EndOfDay is the instant a due date ends: midnight Seoul time after it.
func (d Date) EndOfDay() time.Time { return d.AddDate(0, 0, 1) }

// MarshalJSON writes "YYYY-MM-DD"; without it the embedded time.Time would write a full
// timestamp.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD" or null.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("must be a date string YYYY-MM-DD")
	}
	s := string(b[1 : len(b)-1])
	// Records written before dates had their own encoding hold a full timestamp; read
	// those as their Seoul date rather than failing a stored case.
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		*d = DateOf(t)
		return nil
	}
	return d.UnmarshalText([]byte(s))
}

// MarshalText writes YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}
