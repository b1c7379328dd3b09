package models

import (
	"encoding/json"
	"errors"
	"go/ast"
	"strings"
	"testing"

	"github.com/dsmarket/dsmarket/internal/srcconst"
)

// codeTable is the rule table as it was written in Go before it became models/rules.json:
// moving it to data must not have changed a value.
var codeTable = map[RuleKey]string{
	RuleQualifyingScore: "85", RuleNegotiationDays: "10", RuleDirectContractDays: "30",
	RuleQualityAfterYears: "1", RuleUnfitNoticeDays: "20", RuleMinCreditRating: "B-",
	RuleNewCompanyExemptYears: "3", RuleCSAPValidYears: "5", RuleCommitteeMaxMembers: "20",
	RuleCommitteeCadence: "monthly", RuleConflictEmploymentYears: "3", RuleCommitteeQuorum: "1/2",
	RuleSupplementDays: "10", RuleDocumentCheckDays: "5", RuleAssignExpertsDays: "5",
	RuleExpertReviewDays: "14", RuleSiteVisitDays: "21", RuleContractReminderDays: "3",
	RuleChangeApprovalDays: "7", RuleTaskFollowUpDays: "7", RuleEvaluationReminderDays: "7", RuleQualityReportReminderDays: "7", RuleQualityRemediationReminderDays: "7",
	RuleQualityReportDays: "30", RuleQualityCycleCalendar: "03-02 09:00",
	RuleQualityPreReviewDays: "7", RuleQualityInspectionDays: "14", RuleQualityRemediationMaxDays: "180",
}

func TestParseRuleTable_Embedded(t *testing.T) {
	table, err := ParseRuleTable(DefaultRuleFile())
	if err != nil {
		t.Fatal(err)
	}
	if len(table) != len(codeTable) || RuleTableKeys(table) != len(ruleTypes) {
		t.Fatalf("%d rules of %d keys, want %d of %d", len(table), RuleTableKeys(table), len(codeTable), len(ruleTypes))
	}
	for _, r := range table {
		if want := codeTable[r.Key]; r.Value != want {
			t.Errorf("%s = %q, want %q as the code had it", r.Key, r.Value, want)
		}
		// The shipped table names every source in English too, for the English pages.
		if !r.EffectiveFrom.Equal(systemStart) || r.Source == "" || r.SourceEn == "" || r.Unit == "" || r.AppliesToOpenCases {
			t.Errorf("%s: %+v", r.Key, r)
		}
		if typ, _ := RuleTypeOf(r.Key); r.Type != typ {
			t.Errorf("%s: type %s, want %s", r.Key, r.Type, typ)
		}
	}
	// The process's table is the embedded one, arranged with the quality rules last.
	if len(Rules) != len(table) || len(QualityRules) != len(qualityKeys) {
		t.Fatalf("Rules %d, QualityRules %d", len(Rules), len(QualityRules))
	}
	if got, _ := RuleAt(RuleMinCreditRating, tNow); got.Source != "디지털서비스 심사 및 선정 등에 관한 고시 (신용평가등급 B- 이상)" {
		t.Errorf("credit rating source %q", got.Source)
	}
	if got, _ := RuleAt(RuleMinCreditRating, tNow); got.SourceEn != "Notice on the Review and Selection of Digital Services (credit rating B- or better)" {
		t.Errorf("credit rating source in English %q", got.SourceEn)
	}
}

// TestRuleKeysHaveTypes: every RuleKey the package declares has a type, so that a rule
// file must give it a version; a key added to the code alone would fail here.
func TestRuleKeysHaveTypes(t *testing.T) {
	keys, err := srcconst.Strings(".", func(spec *ast.ValueSpec, _ string) bool {
		id, ok := spec.Type.(*ast.Ident)
		return ok && id.Name == "RuleKey"
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range keys {
		if _, ok := RuleTypeOf(RuleKey(key)); !ok {
			t.Errorf("rule key %s has no type in ruleTypes", key)
		}
	}
	if len(keys) != len(ruleTypes) {
		t.Errorf("%d keys declared, %d with a type", len(keys), len(ruleTypes))
	}
}

// editedRuleFile is the embedded file after edit.
func editedRuleFile(t *testing.T, edit func(f *ruleFile)) []byte {
	t.Helper()
	var f ruleFile
	if err := json.Unmarshal(rulesJSON, &f); err != nil {
		t.Fatal(err)
	}
	edit(&f)
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// entry finds key's first entry in f.
func entry(t *testing.T, f *ruleFile, key RuleKey) *ruleEntry {
	t.Helper()
	for i := range f.Rules {
		if f.Rules[i].Key == string(key) {
			return &f.Rules[i]
		}
	}
	t.Fatalf("no %s", key)
	return nil
}

func TestParseRuleTable_Problems(t *testing.T) {
	set := func(key RuleKey, change func(e *ruleEntry)) func(f *ruleFile) {
		return func(f *ruleFile) { change(entry(t, f, key)) }
	}
	value := func(key RuleKey, v string) func(f *ruleFile) {
		return set(key, func(e *ruleEntry) { e.Value = v })
	}
	amend := func(e ruleEntry) func(f *ruleFile) { return func(f *ruleFile) { f.Rules = append(f.Rules, e) } }
	negotiation := ruleEntry{Key: string(RuleNegotiationDays), Value: "14", Type: RuleTypeInteger, Unit: "calendar days",
		Source: "hypothetical amendment", EffectiveFrom: "2027-01-01"}
	withOpen := negotiation
	withOpen.AppliesToOpenCases = true
	for _, tc := range []struct {
		name string
		edit func(f *ruleFile)
		want string
	}{
		{"ErrUnknownKey", set(RuleNegotiationDays, func(e *ruleEntry) { e.Key = "catalog_order.negotiation_weeks" }),
			"rules[1] catalog_order.negotiation_weeks: is not a rule key"},
		{"ErrKeyMissing", func(f *ruleFile) { f.Rules = f.Rules[1:] }, "catalog_order.qualifying_score: no version"},
		{"ErrType", set(RuleCommitteeQuorum, func(e *ruleEntry) { e.Type = RuleTypeInteger }), `type "integer", want "fraction"`},
		{"ErrTypeUnknown", set(RuleNegotiationDays, func(e *ruleEntry) { e.Type = "days" }), `type "days", want "integer"`},
		{"ErrIntegerNegative", value(RuleNegotiationDays, "-1"), "rules[1] catalog_order.negotiation_days: value"},
		{"ErrIntegerText", value(RuleNegotiationDays, "ten"), `"ten" is not a whole number`},
		{"ErrIntegerPadded", value(RuleNegotiationDays, "010"), `"010" is not a whole number`},
		{"ErrGrade", value(RuleMinCreditRating, "b-"), `"b-" is not a grade`},
		{"ErrFractionOverOne", value(RuleCommitteeQuorum, "3/2"), `"3/2" is not a fraction`},
		{"ErrFractionZero", value(RuleCommitteeQuorum, "1/0"), `"1/0" is not a fraction`},
		{"ErrCadence", value(RuleCommitteeCadence, "fortnightly"), `"fortnightly"`},
		{"ErrCalendarLeapDay", value(RuleQualityCycleCalendar, "02-29 09:00"), "does not occur every year"},
		{"ErrCalendarForm", value(RuleQualityCycleCalendar, "03-02 9:00"), "is not written MM-DD hh:mm"},
		{"ErrSource", set(RuleNegotiationDays, func(e *ruleEntry) { e.Source = " " }), "source is empty"},
		{"ErrUnit", set(RuleNegotiationDays, func(e *ruleEntry) { e.Unit = "" }), "unit is empty"},
		{"ErrDate", set(RuleNegotiationDays, func(e *ruleEntry) { e.EffectiveFrom = "2027-13-01" }), `effective_from "2027-13-01"`},
		{"ErrBeforeRegime", set(RuleNegotiationDays, func(e *ruleEntry) { e.EffectiveFrom = "2020-09-30" }),
			"effective_from 2020-09-30 is before 2020-10-01"},
		{"ErrGap", set(RuleNegotiationDays, func(e *ruleEntry) { e.EffectiveFrom = "2021-01-01" }), "catalog_order.negotiation_days: a gap"},
		{"ErrOverlap", amend(ruleEntry{Key: string(RuleNegotiationDays), Value: "14", Type: RuleTypeInteger, Unit: "calendar days",
			Source: "a second version the same day", EffectiveFrom: "2020-10-01"}), "overlaps rules[1]"},
		{"ErrOpenCasesSource", amend(withOpen), "applies_to_open_cases without applies_to_open_cases_source"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseRuleTable(editedRuleFile(t, tc.edit))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("%v, want %q", err, tc.want)
			}
		})
	}
	withOpen.OpenCasesSource = "부칙 제2조 (시행 중인 계약에도 적용)"
	if _, err := ParseRuleTable(editedRuleFile(t, amend(withOpen))); err != nil {
		t.Errorf("a version for open cases with its source: %v", err)
	}
}

func TestParseRuleTable_EveryProblemAtOnce(t *testing.T) {
	b := editedRuleFile(t, func(f *ruleFile) {
		f.Rules[0].Value = "eighty-five"
		f.Rules[1].Source = ""
		f.Rules[2].EffectiveFrom = "2019-01-01"
	})
	_, err := ParseRuleTable(b)
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) || len(joined.Unwrap()) != 3 {
		t.Fatalf("%v, want three problems", err)
	}
	for i, want := range []string{"rules[0] catalog_order.qualifying_score", "rules[1] catalog_order.negotiation_days",
		"rules[2] direct_contract.registration_days"} {
		if got := joined.Unwrap()[i].Error(); !strings.HasPrefix(got, want) {
			t.Errorf("problem %d: %q, want it to name %s", i, got, want)
		}
	}
}

func TestParseRuleTable_NotARuleFile(t *testing.T) {
	for name, in := range map[string]string{
		"ErrNotJSON":       "rules:\n  - key: x",
		"ErrUnknownField":  `{"rules": [], "version": 2}`,
		"ErrEntryField":    `{"rules": [{"key": "committee.cadence", "valu": "monthly"}]}`,
		"ErrNoRules":       `{"comment": "empty"}`,
		"ErrTwoValues":     `{"rules": []} {"rules": []}`,
		"ErrValueIsNumber": `{"rules": [{"key": "catalog_order.negotiation_days", "value": 10}]}`,
	} {
		if _, err := ParseRuleTable([]byte(in)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestAmendNegotiationDaysByData is the amendment: 10 days become 14 from
// 2027-01-01, by a version appended to the file, and nothing else.
func TestAmendNegotiationDaysByData(t *testing.T) {
	table, err := ParseRuleTable(editedRuleFile(t, func(f *ruleFile) {
		f.Rules = append(f.Rules, ruleEntry{Key: string(RuleNegotiationDays), Value: "14", Type: RuleTypeInteger,
			Unit: "calendar days", Source: "조달청 디지털서비스 카탈로그계약 업무처리 기준 개정 (가정)", EffectiveFrom: "2027-01-01"})
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(table) != len(codeTable)+1 || RuleTableKeys(table) != len(ruleTypes) {
		t.Fatalf("%d rules of %d keys", len(table), RuleTableKeys(table))
	}
	for at, want := range map[string]int{"2026-12-31": 10, "2027-01-01": 14, "2030-06-01": 14, "2020-10-01": 10} {
		d, _ := ParseDate(at)
		if got := LookupRuleInt(table, RuleNegotiationDays, d.Time); got != want {
			t.Errorf("LookupRuleInt at %s = %d, want %d", at, got, want)
		}
	}
	// Before the regime, the first version, as RuleInt does on the process's table.
	if got := LookupRuleInt(table, RuleNegotiationDays, seoulDate(2019, 1, 1)); got != 10 {
		t.Errorf("before the regime: %d", got)
	}
	if r, _ := LookupRule(table, RuleNegotiationDays, seoulDate(2027, 1, 1).Add(-1)); r.Value != "10" {
		t.Errorf("the last instant of 2026 in Seoul: %q", r.Value)
	}
	if RuleInt(RuleNegotiationDays, seoulDate(2027, 1, 1)) != 10 {
		t.Error("the process's table changed without UseRules")
	}
}

// TestUseRules: a deployment's table replaces the process's, quality rules included, even
// when its amendment of a quality rule comes last in the file.
func TestUseRules(t *testing.T) {
	savedRules, savedQuality := Rules, QualityRules
	t.Cleanup(func() { Rules, QualityRules = savedRules, savedQuality })
	table, err := ParseRuleTable(editedRuleFile(t, func(f *ruleFile) {
		f.Rules = append(f.Rules,
			ruleEntry{Key: string(RuleQualityReportDays), Value: "45", Type: RuleTypeInteger, Unit: "calendar days",
				Source: "hypothetical amendment", EffectiveFrom: "2028-01-01"},
			ruleEntry{Key: string(RuleNegotiationDays), Value: "14", Type: RuleTypeInteger, Unit: "calendar days",
				Source: "hypothetical amendment", EffectiveFrom: "2027-01-01"})
	}))
	if err != nil {
		t.Fatal(err)
	}
	UseRules(table)
	if len(Rules) != len(table) || len(QualityRules) != len(qualityKeys)+1 {
		t.Fatalf("Rules %d, QualityRules %d", len(Rules), len(QualityRules))
	}
	for i := range QualityRules {
		if !qualityKeys[QualityRules[i].Key] || &Rules[len(Rules)-len(QualityRules)+i] != &QualityRules[i] {
			t.Errorf("QualityRules[%d] %s is not the tail of Rules", i, QualityRules[i].Key)
		}
	}
	if RuleInt(RuleNegotiationDays, seoulDate(2027, 1, 1)) != 14 || qualityDays(RuleQualityReportDays, seoulDate(2028, 1, 1)) != 45 {
		t.Error("the amendments are not in force")
	}
	table[0].Value = "1"
	if RuleInt(RuleQualifyingScore, tNow) != 85 {
		t.Error("UseRules kept the caller's slice")
	}
}
