package models

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// Dates before the regime began (2020-10-01) are refused where they are parsed, naming the
// field; rule lookups never panic on one that reaches them anyway.

func fieldsOfErr(t *testing.T, err error) []string {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || e.Code != EINVALID {
		t.Fatalf("want an invalid-field error, got %v", err)
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Field)
	}
	return out
}

func TestParseRegimeDate(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"2020-10-01", true},
		{"2026-03-02", true},
		{"2999-12-31", true},
		{"2020-09-30", false},
		{"1999-01-01", false},
		{"0001-01-01", false},
		{"3000-01-01", false},
		{"9999-12-31", false},
		{"2020-10-1", false},
		{"", false},
	} {
		t.Run(tc.in, func(t *testing.T) {
			d, err := ParseRegimeDate(tc.in)
			if (err == nil) != tc.ok {
				t.Fatalf("ParseRegimeDate(%q) = %v, %v", tc.in, d, err)
			}
		})
	}
	if RegimeStart.String() != "2020-10-01" {
		t.Fatalf("RegimeStart = %s", RegimeStart)
	}
}

// TestParseInspectionEvent_BeforeRegime: a fact dated before the regime used to panic (csap:
// no CSAP validity rule in force) or to pass as a finding (credit_rating: no floor, so AAA
// was "below" it). Every kind is now refused, naming effective_on.
func TestParseInspectionEvent_BeforeRegime(t *testing.T) {
	for _, in := range []InspectionEventInput{
		ev("csap", "valid:2026-12-31", "2020-09-30"),
		ev("csap", "expired", "2019-01-01"),
		ev("credit_rating", "AAA", "2020-09-30"),
		ev("business_status", "closed", "2000-01-01"),
		ev("debarment", "2026-12-31", "0001-01-01"),
	} {
		t.Run(in.Kind+"_"+in.EffectiveOn, func(t *testing.T) {
			_, err := ParseInspectionEvent(in, inspectionNow)
			if got := fieldsOfErr(t, err); !slices.Equal(got, []string{"effective_on"}) {
				t.Fatalf("fields %v, want effective_on", got)
			}
		})
	}
	t.Run("DebarmentEndedBeforeRegime", func(t *testing.T) {
		_, err := ParseInspectionEvent(ev("debarment", "2019-12-31", "2026-03-01"), inspectionNow)
		if got := fieldsOfErr(t, err); !slices.Equal(got, []string{"value"}) {
			t.Fatalf("fields %v, want value", got)
		}
	})
	t.Run("OK_FirstDay", func(t *testing.T) {
		e, err := ParseInspectionEvent(ev("credit_rating", "AAA", "2020-10-01"), inspectionNow)
		if err != nil {
			t.Fatal(err)
		}
		if d := DecideInspection(e); d.Outcome != InspectionFit {
			t.Fatalf("AAA on the first day: %+v", d)
		}
	})
}

// TestDecideInspection_StoredBeforeRegime: a fact stored before its parser refused such
// dates is judged by the first rule, not by an empty floor that every grade is below.
func TestDecideInspection_StoredBeforeRegime(t *testing.T) {
	old := Date{seoulDate(2020, time.September, 1)}
	if d := DecideInspection(InspectionEvent{Kind: InspectCreditRating, Value: "AAA", EffectiveOn: old}); d.Outcome != InspectionFit {
		t.Fatalf("AAA before the regime: %+v", d)
	}
	if d := DecideInspection(InspectionEvent{Kind: InspectCreditRating, Value: "CCC", EffectiveOn: old}); d.Outcome != InspectionRereview {
		t.Fatalf("CCC before the regime: %+v", d)
	}
}

func TestRuleLookups_BeforeRegime(t *testing.T) {
	before := seoulDate(2019, time.January, 1)
	if _, err := RuleIntAt(RuleCSAPValidYears, before); err == nil {
		t.Fatal("RuleIntAt before the regime: want an error")
	}
	if n, err := RuleIntAt(RuleCSAPValidYears, tNow); err != nil || n != 5 {
		t.Fatalf("RuleIntAt now = %d, %v", n, err)
	}
	// The clock of a host set to 2019 measures by the first rules instead of panicking.
	for _, k := range []RuleKey{RuleCSAPValidYears, RuleNegotiationDays, RuleDirectContractDays, RuleCommitteeMaxMembers} {
		if got, want := RuleInt(k, before), RuleInt(k, RegimeStart.Time); got != want {
			t.Errorf("RuleInt(%s, 2019) = %d, want the first rule's %d", k, got, want)
		}
	}
	if n, d := RuleFraction(RuleCommitteeQuorum, before); n != 1 || d != 2 {
		t.Errorf("RuleFraction before the regime = %d/%d", n, d)
	}
	if got := LookupRuleInt(QualityRules, RuleQualityReportDays, before); got != 30 {
		t.Errorf("LookupRuleInt(quality, 2019) = %d", got)
	}
	if _, err := RuleAt(RuleMinCreditRating, before); err == nil {
		t.Error("RuleAt before the regime: want an error")
	}
}

func TestParseDirectContract_Dates(t *testing.T) {
	today := DateOf(tNow)
	for _, tc := range []struct {
		name  string
		edit  func(*DirectContractInput)
		field string
	}{
		{"ErrContractedBeforeRegime", func(in *DirectContractInput) { in.ContractedOn = "2020-09-30" }, "contracted_on"},
		{"ErrPeriodFromBeforeRegime", func(in *DirectContractInput) { in.PeriodFrom = "2020-09-30" }, "period_from"},
		{"ErrPeriodToAfterHorizon", func(in *DirectContractInput) { in.PeriodTo = "9999-12-31" }, "period_to"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := contractInput()
			tc.edit(&in)
			_, err := ParseDirectContract(in, today)
			if got := fieldsOfErr(t, err); !slices.Contains(got, tc.field) {
				t.Fatalf("fields %v, want %s", got, tc.field)
			}
		})
	}
}

// TestDirectContract_TitleOptional: API.md lists title as optional; a contract without one
// is named after its service.
func TestDirectContract_TitleOptional(t *testing.T) {
	in := contractInput()
	in.Title = ""
	r, err := ParseDirectContract(in, DateOf(tNow))
	if err != nil {
		t.Fatalf("no title: %v", err)
	}
	if got := r.WithDefaultTitle("한빛 클라우드 서버").Title; got != "한빛 클라우드 서버 수의계약" {
		t.Errorf("derived title %q", got)
	}
	if got := r.WithDefaultTitle("").Title; got != "SVC-0001 수의계약" {
		t.Errorf("derived title without a service name %q", got)
	}
	long := r.WithDefaultTitle(strings.Repeat("가", 300)).Title
	if n := len([]rune(long)); n != 200 || checkText(long, 1, 200) != nil {
		t.Errorf("a derived title must fit the 200-character cap, has %d", n)
	}
	in.Title = " 민원포털 운영 "
	r, err = ParseDirectContract(in, DateOf(tNow))
	if err != nil || r.WithDefaultTitle("한빛").Title != "민원포털 운영" {
		t.Errorf("a given title stays: %q, %v", r.Title, err)
	}
}

func TestParseChangeRequest_CSAPBeforeRegime(t *testing.T) {
	_, err := ParseChangeRequest(ChangeRequestInput{Changes: ChangeFields{CSAPValidUntil: strp("2020-09-30")}, Reason: "갱신"}, changeTestService())
	if got := fieldsOfErr(t, err); !slices.Equal(got, []string{"changes.csap_valid_until"}) {
		t.Fatalf("fields %v", got)
	}
}
