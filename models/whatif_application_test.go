package models

import (
	"testing"
	"time"
)

// proposed is a version of key proposed from 2026-03-04 (the day after tReviewAt),
// applying to open cases when open.
func proposed(key RuleKey, value string, open bool) Rule {
	return Rule{Key: key, Value: value, Source: "개정 고시", EffectiveFrom: seoulDate(2026, time.March, 4), AppliesToOpenCases: open}
}

// inReview is an application whose experts were assigned at tAssignAt, pinned or not.
func inReview(t *testing.T, pinned bool) *Application {
	t.Helper()
	a := pinnedApp(t, tNow, pinned, 0)
	reviewDue(t, a, tAssignAt)
	return a
}

func TestApplicationWhatIf(t *testing.T) {
	now := tReviewAt
	for _, tc := range []struct {
		name   string
		app    func(t *testing.T) *Application
		rule   Rule
		effect string // "" when the version would do nothing
	}{
		{"PinnedKeeps", func(t *testing.T) *Application { return inReview(t, true) }, proposed(RuleExpertReviewDays, "21", false), EffectKept},
		{"UnpinnedPastItsStep", func(t *testing.T) *Application { return inReview(t, false) }, proposed(RuleExpertReviewDays, "21", false), ""},
		{"UnpinnedBeforeItsStep", func(t *testing.T) *Application { return pinnedApp(t, tNow, false, 0) }, proposed(RuleExpertReviewDays, "21", false), EffectAtNextStep},
		{"UnpinnedTableDoesNotMoveARunningTask", func(t *testing.T) *Application { return inReview(t, false) }, proposed(RuleExpertReviewDays, "21", true), ""},
		{"PinnedOpenMovesTheReview", func(t *testing.T) *Application { return inReview(t, true) }, proposed(RuleExpertReviewDays, "21", true), EffectDeadlineMoved},
		{"PinnedOpenMakesTheReviewLate", func(t *testing.T) *Application { return inReview(t, true) }, proposed(RuleExpertReviewDays, "1", true), EffectBecomesLate},
		{"PinnedOpenLaterStep", func(t *testing.T) *Application { return inReview(t, true) }, proposed(RuleSiteVisitDays, "30", true), EffectAtNextStep},
		{"QuorumOpen", func(t *testing.T) *Application { return inReview(t, true) }, proposed(RuleCommitteeQuorum, "2/3", true), EffectThresholdChanged},
		{"QuorumUnpinned", func(t *testing.T) *Application { return inReview(t, false) }, proposed(RuleCommitteeQuorum, "2/3", false), EffectAtNextStep},
		{"QuorumPinned", func(t *testing.T) *Application { return inReview(t, true) }, proposed(RuleCommitteeQuorum, "2/3", false), EffectKept},
		{"EligibilityJudgedAtTheOpening", func(t *testing.T) *Application { return pinnedApp(t, tNow, false, 0) }, proposed(RuleMinCreditRating, "A-", true), ""},
		{"SameValue", func(t *testing.T) *Application { return inReview(t, true) }, proposed(RuleExpertReviewDays, "14", true), ""},
		{"NotAnApplicationRule", func(t *testing.T) *Application { return inReview(t, true) }, proposed(RuleNegotiationDays, "14", true), ""},
		{"Closed", func(t *testing.T) *Application { return appSelected(t) }, proposed(RuleCommitteeQuorum, "2/3", true), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.app(t)
			e, ok := a.WhatIf(tc.rule, now)
			if tc.effect == "" {
				if ok {
					t.Fatalf("it would do nothing: %+v", e)
				}
				return
			}
			if !ok || e.Effect != tc.effect || e.CaseKind != "application" || e.CaseID != a.ID || e.Rule != tc.rule.Key ||
				e.Proposed != tc.rule.Value || e.Status != string(a.Status) {
				t.Fatalf("effect %+v %v, want %s", e, ok, tc.effect)
			}
		})
	}
}

// A moved review deadline is counted from the assignment, as Repin counts it: the what-if
// and the case agree.
func TestApplicationWhatIfDeadlineAgreesWithRepin(t *testing.T) {
	a := inReview(t, true)
	rule := proposed(RuleExpertReviewDays, "21", true)
	e, ok := a.WhatIf(rule, tReviewAt)
	if !ok || e.DeadlineBefore == nil || e.DeadlineAfter == nil {
		t.Fatalf("%+v %v", e, ok)
	}
	if want := AddCalendarDays(tAssignAt, 14); !e.DeadlineBefore.Equal(want) {
		t.Fatalf("before %s, want %s", e.DeadlineBefore, want)
	}
	a.Repin(rule.EffectiveFrom, rule.Key, PinnedRule{Value: rule.Value, EffectiveFrom: DateOf(rule.EffectiveFrom)})
	if due := findOpen(t, a, TaskExpertReview, selExpertLee).DueAt; !due.Equal(*e.DeadlineAfter) {
		t.Fatalf("repinned due %s, what-if said %s", due, e.DeadlineAfter)
	}
	if e.Held != "14" || e.HeldFrom != RegimeStart {
		t.Fatalf("held %s from %s", e.Held, e.HeldFrom)
	}
}

// A supplement window is a running deadline of its own.
func TestApplicationWhatIfSupplement(t *testing.T) {
	a := pinnedApp(t, tNow, true, 0)
	completeOK(t, a, tCheckAt, selOperator, TaskDocumentCheck, TaskCompletion{Outcome: "supplement",
		MissingKinds: []string{string(DocSLAPolicy)}, Note: "SLA 보완"})
	e, ok := a.WhatIf(proposed(RuleSupplementDays, "15", true), tReviewAt)
	if !ok || e.Effect != EffectDeadlineMoved || !e.DeadlineBefore.Equal(*a.SupplementDeadline) ||
		!e.DeadlineAfter.Equal(DateOf(AddCalendarDays(tCheckAt, 15)).EndOfDay()) {
		t.Fatalf("%+v %v", e, ok)
	}
	// The document check after the supplement is a step still to come.
	if e, ok := a.WhatIf(proposed(RuleDocumentCheckDays, "7", false), tReviewAt); !ok || e.Effect != EffectKept {
		t.Fatalf("%+v %v", e, ok)
	}
}
