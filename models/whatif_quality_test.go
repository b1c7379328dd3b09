package models

import (
	"testing"
	"time"
)

// proposedVersion is a proposed version of key, parsed as the what-if parses it.
func proposedVersion(t *testing.T, key RuleKey, value, from string, open bool) Rule {
	t.Helper()
	p := ProposedRule{Key: string(key), Value: value, EffectiveFrom: from, Source: "개정 고시"}
	if open {
		p.AppliesToOpenCases, p.OpenCasesSource = true, "부칙 제2조 (진행 중인 건에도 적용)"
	}
	rs, err := ParseWhatIf(WhatIfInput{Rules: []ProposedRule{p}}, Rules)
	if err != nil {
		t.Fatal(err)
	}
	return rs[0]
}

func TestQualityCaseWhatIf(t *testing.T) {
	now := qOpenAt.Add(24 * time.Hour)
	pinned := func(t testing.TB) *QualityCase { return qPinned(t, Rules, qOpenAt, 0) }
	for _, tc := range []struct {
		name   string
		c      func(testing.TB) *QualityCase
		rule   Rule
		effect string // "" when the version would do nothing
	}{
		{"PinnedKeeps", pinned, proposedVersion(t, RuleQualityReportDays, "45", "2027-04-01", false), EffectKept},
		{"UnpinnedPastItsStep", qNewCase, proposedVersion(t, RuleQualityReportDays, "45", "2027-04-01", false), ""},
		{"UnpinnedBeforeItsStep", qNewCase, proposedVersion(t, RuleQualityPreReviewDays, "10", "2027-04-01", false), EffectAtNextStep},
		{"UnpinnedPreReviewPast", qSubmitted, proposedVersion(t, RuleQualityPreReviewDays, "10", "2027-04-01", false), ""},
		{"UnpinnedRoundsToCome", qPreReviewed, proposedVersion(t, RuleQualityInspectionDays, "21", "2027-04-01", false), EffectAtNextStep},
		{"OpenCasesMoveTheReportDeadline", pinned, proposedVersion(t, RuleQualityReportDays, "45", "2027-03-05", true), EffectDeadlineMoved},
		{"OpenCasesMadeLate", pinned, proposedVersion(t, RuleQualityReportDays, "1", "2027-03-05", true), EffectBecomesLate},
		{"OpenCasesUnpinnedReportPast", qNewCase, proposedVersion(t, RuleQualityReportDays, "45", "2027-03-05", true), ""},
		{"OpenCasesRemediationBound", pinned, proposedVersion(t, RuleQualityRemediationMaxDays, "90", "2027-03-05", true), EffectThresholdChanged},
		{"OpenCasesPreReviewPast", func(t testing.TB) *QualityCase {
			c := pinned(t)
			if err := c.SubmitReport(qSubmitAt, qProvider, qReport()); err != nil {
				t.Fatal(err)
			}
			return c
		}, proposedVersion(t, RuleQualityPreReviewDays, "10", "2027-03-05", true), ""},
		{"SameValueNothing", pinned, proposedVersion(t, RuleQualityReportDays, "30", "2027-04-01", true), ""},
		{"OtherKindsRule", pinned, proposedVersion(t, RuleNegotiationDays, "14", "2027-04-01", true), ""},
		{"ClosedNothing", func(t testing.TB) *QualityCase {
			c := qPreReviewed(t)
			if err := c.Inspect(qInspectAt, qOperator, QualityInspectionInput{Outcome: "fit"}); err != nil {
				t.Fatal(err)
			}
			return c
		}, proposedVersion(t, RuleQualityInspectionDays, "21", "2027-04-01", false), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c(t)
			e, ok := c.WhatIf(tc.rule, now)
			if tc.effect == "" {
				if ok {
					t.Fatalf("want nothing, got %+v", e)
				}
				return
			}
			if !ok || e.Effect != tc.effect || e.CaseKind != "quality_case" || e.CaseID != c.ID || e.Proposed != tc.rule.Value {
				t.Fatalf("want %s, got %+v %v", tc.effect, e, ok)
			}
		})
	}

	// The moved deadline is where Repin would put it.
	c, rule := pinned(t), proposedVersion(t, RuleQualityReportDays, "45", "2027-03-05", true)
	e, _ := c.WhatIf(rule, now)
	c.Repin(rule.EffectiveFrom, rule.Key, PinnedRule{Value: rule.Value, EffectiveFrom: DateOf(rule.EffectiveFrom)})
	if !e.DeadlineBefore.Equal(qReportEnd) || !e.DeadlineAfter.Equal(c.ReportDeadline) || e.Held != "30" || e.HeldFrom != RegimeStart {
		t.Fatalf("%+v, Repin's deadline %s", e, c.ReportDeadline)
	}
}

func TestServiceWatchWhatIf(t *testing.T) {
	now := inspectionNow.Add(time.Hour)
	unfit := func(t *testing.T) *ServiceWatch {
		w := pinnedWatch(t)
		if _, err := w.Record(inspectionNow, tOperator, ev("business_status", "closed", "2026-03-02")); err != nil {
			t.Fatal(err)
		}
		return w
	}
	unpinned := func(t *testing.T) *ServiceWatch { return newTestWatch(t, "2029-06-30") }
	for _, tc := range []struct {
		name   string
		w      func(*testing.T) *ServiceWatch
		rule   Rule
		effect string
	}{
		{"PinnedKeeps", pinnedWatch, proposedVersion(t, RuleMinCreditRating, "BB", "2026-04-01", false), EffectKept},
		{"UnpinnedNextFact", unpinned, proposedVersion(t, RuleMinCreditRating, "BB", "2026-04-01", false), EffectAtNextStep},
		{"OpenCasesFloor", pinnedWatch, proposedVersion(t, RuleMinCreditRating, "BB", "2026-04-01", true), EffectThresholdChanged},
		{"OpenCasesNotice", pinnedWatch, proposedVersion(t, RuleUnfitNoticeDays, "30", "2026-04-01", true), EffectAtNextStep},
		{"UnpinnedCSAP", unpinned, proposedVersion(t, RuleCSAPValidYears, "3", "2026-04-01", false), EffectAtNextStep},
		{"SameValueNothing", pinnedWatch, proposedVersion(t, RuleCSAPValidYears, "5", "2026-04-01", true), ""},
		{"OtherKindsRule", pinnedWatch, proposedVersion(t, RuleQualityReportDays, "45", "2026-04-01", true), ""},
		{"RemovedNothing", unfit, proposedVersion(t, RuleMinCreditRating, "BB", "2026-04-01", true), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := tc.w(t)
			e, ok := w.WhatIf(tc.rule, now)
			if tc.effect == "" {
				if ok {
					t.Fatalf("want nothing, got %+v", e)
				}
				return
			}
			if !ok || e.Effect != tc.effect || e.CaseKind != "service_watch" || e.CaseID != w.ServiceID || e.Status != string(w.Status) {
				t.Fatalf("want %s, got %+v %v", tc.effect, e, ok)
			}
		})
	}
}
