package models

import (
	"slices"
	"testing"
	"time"
)

// amendedSelection is the rule table with the experts' review period amended from 14 to
// 21 days and the quorum from 1/2 to 2/3, both from 2026-03-05, in force for the test
// (the old versions are kept).
func amendedSelection(t *testing.T) time.Time {
	t.Helper()
	from := seoulDate(2026, time.March, 5)
	old := Rules
	UseRules(append(slices.Clone(Rules),
		Rule{Key: RuleExpertReviewDays, Value: "21", Type: RuleTypeInteger, Unit: "calendar days", Source: "가상 개정 고시", EffectiveFrom: from},
		Rule{Key: RuleCommitteeQuorum, Value: "2/3", Type: RuleTypeFraction, Unit: "members", Source: "가상 개정 고시", EffectiveFrom: from}))
	t.Cleanup(func() { UseRules(old) })
	return from
}

// pinnedApp is a complete application opened at at, pinned to the table then (nil pins
// when pinned is false: started before cases pinned their rules).
func pinnedApp(t *testing.T, at time.Time, pinned bool, scale int) *Application {
	t.Helper()
	req, err := ParseApplication(validAppInput(), tProvider.Org, tProvider.Sub, at)
	if err != nil {
		t.Fatal(err)
	}
	var pins *CasePins
	if pinned {
		pins = PinRules(Rules, at, scale, ApplicationRuleKeys...)
	}
	return NewPinnedApplication(testAppID, "application-"+testAppID, req, tProvider, at, pins)
}

// reviewDue assigns the two experts at at and returns their review tasks' due time.
func reviewDue(t *testing.T, a *Application, at time.Time) time.Time {
	t.Helper()
	completeOK(t, a, at, selOperator, TaskDocumentCheck, TaskCompletion{Outcome: "accept"})
	completeOK(t, a, at, selOperator, TaskAssignExperts, TaskCompletion{Experts: []string{"ex-lee", "ex-park"}}, selCandidates()...)
	return findOpen(t, a, TaskExpertReview, selExpertLee).DueAt
}

// decide runs the reviews and a session of five where three select, decided at at.
func decide(t *testing.T, a *Application, at time.Time) CommitteeOutcome {
	t.Helper()
	completeOK(t, a, at, selExpertLee, TaskExpertReview, reviewBody("suitable", false, VerdictNA))
	completeOK(t, a, at, selExpertPark, TaskExpertReview, reviewBody("suitable", false, VerdictNA))
	a.JoinSession(at, testSession(t, "CS-2026-03", "2026-03-20"), nil)
	for _, m := range testMembers[:3] {
		completeOK(t, a, at, member(m), TaskCommitteeVote, TaskCompletion{Vote: "select"})
	}
	d, ok := a.DecideSession(at, "CS-2026-03")
	if !ok {
		t.Fatalf("not decided: %+v", d)
	}
	return d.Outcome
}

// An application keeps the versions in force when it started, even for steps after an
// amendment took effect; one started after gets the new versions; one without pins reads
// the table at each step, as before pins existed.
func TestApplicationKeepsItsPinnedRules(t *testing.T) {
	from := amendedSelection(t)
	later := from.Add(48 * time.Hour) // every step after the amendment
	for _, tc := range []struct {
		name    string
		started time.Time
		pinned  bool
		days    int
		outcome CommitteeOutcome // three of five present and selecting: a quorum of 1/2, not of 2/3
	}{
		{"StartedBefore", tNow, true, 14, OutcomeSelected},
		{"StartedAfter", from.Add(time.Hour), true, 21, OutcomeDeferred},
		{"WithoutPins", tNow, false, 21, OutcomeDeferred},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := pinnedApp(t, tc.started, tc.pinned, 0)
			if got, want := reviewDue(t, a, later), AddCalendarDays(later, tc.days); !got.Equal(want) {
				t.Fatalf("review due %s, want %s (%d days)", got, want, tc.days)
			}
			if got := decide(t, a, later); got != tc.outcome {
				t.Fatalf("outcome %s, want %s", got, tc.outcome)
			}
		})
	}
}

// Nil pins change nothing: an application opened by NewPinnedApplication without pins is
// NewApplication's, step for step.
func TestApplicationNilPinsUnchanged(t *testing.T) {
	plain := newTestApp(t, dropDocs(DocSLAPolicy))
	a := pinnedApp(t, tNow, false, 0)
	a2 := newTestApp(t)
	if a.Pins != nil || plain.Pins != nil {
		t.Fatalf("pins %+v %+v", a.Pins, plain.Pins)
	}
	if !slices.EqualFunc(a.Tasks, a2.Tasks, func(x, y Task) bool { return x.ID == y.ID && x.DueAt.Equal(y.DueAt) }) {
		t.Fatalf("tasks %+v, want %+v", a.Tasks, a2.Tasks)
	}
	if want := DateOf(AddCalendarDays(tNow, RuleInt(RuleSupplementDays, tNow))); *plain.SupplementDue != want ||
		!plain.SupplementDeadline.Equal(want.EndOfDay()) {
		t.Fatalf("supplement due %s, deadline %s", plain.SupplementDue, plain.SupplementDeadline)
	}
	if v := a.Pins.Versions(); v != nil {
		t.Fatalf("versions %v", v)
	}
}

// The pins name the versions the application holds, for its page and history.
func TestApplicationPinsNameTheirVersions(t *testing.T) {
	a := pinnedApp(t, tNow, true, 0)
	v := a.Pins.Versions()
	if len(v) != len(ApplicationRuleKeys) || !slices.Contains(v, string(RuleCommitteeQuorum)+"@"+RegimeStart.String()) {
		t.Fatalf("versions %v", v)
	}
	if n, d := a.Pins.Fraction(RuleCommitteeQuorum, tNow); n != 1 || d != 2 {
		t.Fatalf("quorum %d/%d", n, d)
	}
	if g := a.Pins.Grade(RuleMinCreditRating, tNow); g != "B-" {
		t.Fatalf("floor %s", g)
	}
}

// A raised eligibility floor reaches applications opened after it, not those pinned before.
func TestApplicationEligibilityUnderPins(t *testing.T) {
	old := Rules
	UseRules(append(slices.Clone(Rules), Rule{Key: RuleMinCreditRating, Value: "A-", Type: RuleTypeGrade, Unit: "grade",
		Source: "가상 개정 고시", EffectiveFrom: seoulDate(2026, time.January, 1)}))
	t.Cleanup(func() { UseRules(old) })
	req, err := ParseApplication(validAppInput(), tProvider.Org, tProvider.Sub, tNow) // rated BBB, founded 2015
	if err != nil {
		t.Fatal(err)
	}
	before := &CasePins{Rules: map[RuleKey]PinnedRule{RuleMinCreditRating: {Value: "B-", EffectiveFrom: RegimeStart}}}
	if a := NewPinnedApplication(testAppID, "w", req, tProvider, tNow, before); a.Status != AppDocumentCheck {
		t.Fatalf("pinned to B-: %s (%s)", a.Status, a.Reason)
	}
	if a := NewPinnedApplication(testAppID, "w", req, tProvider, tNow, PinRules(Rules, tNow, 0, ApplicationRuleKeys...)); a.Status != AppIneligible {
		t.Fatalf("pinned to A-: %s", a.Status)
	}
}

// In the sandbox every period of the application is shortened by its time scale: a task's
// due time, and the supplement window, which lapses in seconds.
func TestApplicationTimeScaleShortensPeriods(t *testing.T) {
	const scale = 8640 // ten days in a hundred seconds
	a := pinnedApp(t, tNow, true, scale)
	task := findOpen(t, a, TaskDocumentCheck, selOperator)
	if got, want := task.DueAt.Sub(tNow), 5*24*time.Hour/scale; got != want {
		t.Fatalf("document check in %s, want %s", got, want)
	}
	completeOK(t, a, tNow, selOperator, TaskDocumentCheck, TaskCompletion{Outcome: "supplement",
		MissingKinds: []string{string(DocSLAPolicy)}, Note: "서약서 보완"})
	end := DateOf(AddCalendarDays(tNow, 10)).EndOfDay()
	if want := tNow.Add(end.Sub(tNow) / scale); !a.SupplementDeadline.Equal(want) || *a.SupplementDue != DateOf(want) {
		t.Fatalf("supplement deadline %s (due %s), want %s", a.SupplementDeadline, a.SupplementDue, want)
	}
	late := a.SupplementDeadline.Add(time.Second)
	if err := a.Supplement(late, tProvider, docInputs(DocSLAPolicy)); err == nil {
		t.Fatal("a supplement after the shortened deadline is refused")
	}
	if !a.ReturnUnsupplemented(late) || a.Status != AppReturned {
		t.Fatalf("status %s", a.Status)
	}
}

// A version that applies to open cases reaches a pinned application (Repin): its running
// review deadlines are counted again from their start, and the session's close reads the
// new quorum. An older or the same version, or an application without pins, is left alone.
func TestApplicationRepin(t *testing.T) {
	a := pinnedApp(t, tNow, true, 0)
	due := reviewDue(t, a, tAssignAt)
	steps := len(a.Steps)
	if !a.Repin(tReviewAt, RuleExpertReviewDays, PinnedRule{Value: "21", EffectiveFrom: DateOf(tReviewAt)}) {
		t.Fatal("not repinned")
	}
	want := AddCalendarDays(tAssignAt, 21)
	for _, task := range a.OpenTasks(tReviewAt) {
		if !task.DueAt.Equal(want) {
			t.Fatalf("task %s due %s, want %s (was %s)", task.ID, task.DueAt, want, due)
		}
	}
	if len(a.Steps) != steps+1 || a.Steps[steps].Action != ActionRuleApplied {
		t.Fatalf("steps %+v", a.Steps[steps:])
	}
	if a.Repin(tReviewAt, RuleExpertReviewDays, PinnedRule{Value: "21", EffectiveFrom: DateOf(tReviewAt)}) {
		t.Fatal("the same version twice")
	}
	if !a.Repin(tReviewAt, RuleCommitteeQuorum, PinnedRule{Value: "2/3", EffectiveFrom: DateOf(tReviewAt)}) {
		t.Fatal("quorum not repinned")
	}
	if got := decide(t, a, tDecideAt); got != OutcomeDeferred {
		t.Fatalf("three of five under 2/3: %s", got)
	}
	unpinned := pinnedApp(t, tNow, false, 0)
	if unpinned.Repin(tReviewAt, RuleExpertReviewDays, PinnedRule{Value: "21", EffectiveFrom: DateOf(tReviewAt)}) {
		t.Fatal("an application without pins reads the table")
	}
}

// A supplement window moved by a version that applies to open cases ends on the new day.
func TestApplicationRepinMovesTheSupplement(t *testing.T) {
	a := pinnedApp(t, tNow, true, 0)
	completeOK(t, a, tCheckAt, selOperator, TaskDocumentCheck, TaskCompletion{Outcome: "supplement",
		MissingKinds: []string{string(DocSLAPolicy)}, Note: "서약서 보완"})
	if !a.Repin(tReviewAt, RuleSupplementDays, PinnedRule{Value: "15", EffectiveFrom: DateOf(tReviewAt)}) {
		t.Fatal("not repinned")
	}
	want := DateOf(AddCalendarDays(tCheckAt, 15))
	if *a.SupplementDue != want || !a.SupplementDeadline.Equal(want.EndOfDay()) {
		t.Fatalf("due %s, deadline %s, want %s", a.SupplementDue, a.SupplementDeadline, want)
	}
}
