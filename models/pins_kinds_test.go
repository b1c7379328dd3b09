package models

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

// amendedRule is the rule table with one more version of key, from from (the old version
// is kept).
func amendedRule(key RuleKey, value string, from time.Time) []Rule {
	typ, _ := RuleTypeOf(key)
	return append(slices.Clone(Rules), Rule{Key: key, Value: value, Type: typ, Unit: "calendar days",
		Source: "가상 개정 고시", EffectiveFrom: from})
}

// pinnedContract is newTestContract pinned as the app pins it: the versions of table in
// force on the contract date, at scale.
func pinnedContract(t *testing.T, table []Rule, contractedOn string, at time.Time, scale int) *DirectContract {
	t.Helper()
	c := newTestContract(t, contractedOn, at)
	c.Pin(PinRules(table, c.ContractedOn.Time, scale, DirectContractRuleKeys...))
	return c
}

func announceOn(t *testing.T, c *DirectContract, at time.Time, changedOn string) *ContractChange {
	t.Helper()
	if err := c.RegisterChange(at, tAgency, ContractChangeInput{ChangedOn: changedOn, Reason: "과업 범위 조정"}); err != nil {
		t.Fatal(err)
	}
	return &c.Changes[len(c.Changes)-1]
}

// A contract keeps the registration period in force on its contract date: one signed
// before the amendment (30 → 20 days from 2026-02-15) keeps 30 days for itself, its
// changes and its close; one signed after gets 20, its own due date included.
func TestDirectContractKeepsItsPinnedRules(t *testing.T) {
	table := amendedRule(RuleDirectContractDays, "20", seoulDate(2026, time.February, 15))
	for _, tc := range []struct {
		name, contractedOn, due, changeDue string
		days                               int
		late                               bool
	}{
		{"SignedBefore", "2026-01-30", "2026-03-01", "2026-03-31", 30, true},
		{"SignedAfter", "2026-02-20", "2026-03-12", "2026-03-21", 20, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := pinnedContract(t, table, tc.contractedOn, tNow, 0)
			if c.RegistrationDue.String() != tc.due || c.Late != tc.late {
				t.Fatalf("due %s late %v, want %s late %v (registered %s)", c.RegistrationDue, c.Late, tc.due, tc.late, tNow)
			}
			if !strings.Contains(c.Steps[0].Note, "registration due "+tc.due) ||
				c.Steps[0].NoteText.English() != c.Steps[0].Note {
				t.Fatalf("the registration's step states another due date: %q (keyed %q)", c.Steps[0].Note, c.Steps[0].NoteText.English())
			}
			if ch := announceOn(t, c, tNow, "2026-03-01"); ch.RegistrationDue.String() != tc.changeDue {
				t.Fatalf("change due %s, want %s", ch.RegistrationDue, tc.changeDue)
			}
			if want := AddCalendarDays(c.PeriodTo.EndOfDay(), tc.days); !c.ClosesAt.Equal(want) {
				t.Fatalf("closes %s, want %s", c.ClosesAt, want)
			}
		})
	}
}

// A contract without pins reads the table on the date of each step, as before pins: under
// the amended table a change dated after the amendment gets 20 days. Pinned to the same
// table on its contract date, a contract signed before it gets what it always did.
func TestDirectContractWithoutPinsReadsTheTable(t *testing.T) {
	old := Rules
	UseRules(amendedRule(RuleDirectContractDays, "20", seoulDate(2026, time.February, 15)))
	t.Cleanup(func() { UseRules(old) })
	c := newTestContract(t, "2026-01-30", tNow)
	if c.RegistrationDue.String() != "2026-03-01" {
		t.Fatalf("due %s: the version of the contract date is 30 days", c.RegistrationDue)
	}
	if ch := announceOn(t, c, tNow, "2026-03-01"); ch.RegistrationDue.String() != "2026-03-21" {
		t.Fatalf("change due %s: the version of the change date is 20 days", ch.RegistrationDue)
	}
}

// Pinned to the table in force on its contract date, with no scale, a contract is the
// contract it was without pins, step by step.
func TestDirectContractPinnedAsBefore(t *testing.T) {
	plain := newTestContract(t, "2026-01-30", tNow)
	pinned := pinnedContract(t, Rules, "2026-01-30", tNow, 0)
	for _, c := range []*DirectContract{plain, pinned} {
		announceOn(t, c, tNow, "2026-03-01")
		for next, ok := c.NextEvent(); ok; next, ok = c.NextEvent() {
			c.Advance(next)
		}
	}
	pinned.Pins = nil
	a, _ := json.Marshal(plain)
	b, _ := json.Marshal(pinned)
	if string(a) != string(b) {
		t.Fatalf("without pins:\n%s\npinned:\n%s", a, b)
	}
	if plain.Changes[0].Status != ChangeOverdue || plain.Changes[0].RemindedAt == nil {
		t.Fatalf("the change was to be reminded, then overdue: %+v", plain.Changes[0])
	}
}

// In the sandbox the dates of the request stay dates, and every wait derived from them
// shrinks by the scale: the close, and an announced change's reminder and window.
func TestDirectContractTimeScale(t *testing.T) {
	const scale = 8640
	c := pinnedContract(t, Rules, "2026-01-30", tNow, scale)
	closes := AddCalendarDays(c.PeriodTo.EndOfDay(), 30)
	if want := tNow.Add(closes.Sub(tNow) / scale); !c.ClosesAt.Equal(want) {
		t.Fatalf("closes %s, want %s", c.ClosesAt, want)
	}
	ch := announceOn(t, c, tNow, "2026-03-02")
	if ch.RegistrationDue.String() != "2026-04-01" {
		t.Fatalf("due %s: a date stays a date", ch.RegistrationDue)
	}
	remind := tNow.Add(seoulDate(2026, time.March, 29).Sub(tNow) / scale)
	deadline := tNow.Add(seoulDate(2026, time.April, 2).Sub(tNow) / scale)
	if ch.RemindAt == nil || !ch.RemindAt.Equal(remind) {
		t.Fatalf("remind at %v, want %s", ch.RemindAt, remind)
	}
	if next, _ := c.NextEvent(); !next.Equal(remind) {
		t.Fatalf("next event %s, want the reminder %s", next, remind)
	}
	if ev := c.Advance(remind); len(ev.Reminded) != 1 {
		t.Fatalf("not reminded at %s: %+v", remind, ev)
	}
	if next, _ := c.NextEvent(); !next.Equal(deadline) {
		t.Fatalf("next event %s, want the window's end %s", next, deadline)
	}
	if ev := c.Advance(deadline.Add(-time.Nanosecond)); ev.Any() {
		t.Fatalf("overdue before its shortened window ended: %+v", ev)
	}
	if ev := c.Advance(deadline); len(ev.Overdue) != 1 || !c.Changes[0].Late {
		t.Fatalf("not overdue at %s: %+v", deadline, ev)
	}
}

// A version that applies to open cases re-dates what a running contract waits for: its
// pending change, the reminder before it and its close; older or repeated versions, and a
// contract without pins, change nothing.
func TestDirectContractRepin(t *testing.T) {
	c := pinnedContract(t, Rules, "2026-01-30", tNow, 0)
	announceOn(t, c, tNow, "2026-03-01")
	at := seoulDate(2026, time.March, 5)
	newer := PinnedRule{Value: "14", EffectiveFrom: DateOf(at)}
	if !c.Repin(at, RuleDirectContractDays, newer) {
		t.Fatal("not applied")
	}
	ch := c.Changes[0]
	if ch.RegistrationDue.String() != "2026-03-15" || ch.RemindAt == nil || !ch.RemindAt.Equal(seoulDate(2026, time.March, 12)) {
		t.Fatalf("change %+v", ch)
	}
	if want := AddCalendarDays(c.PeriodTo.EndOfDay(), 14); !c.ClosesAt.Equal(want) {
		t.Fatalf("closes %s, want %s", c.ClosesAt, want)
	}
	if last := c.Steps[len(c.Steps)-1]; last.Action != ActionRuleApplied || last.NoteText.Args["value"] != "14" {
		t.Fatalf("last step %+v", last)
	}
	if c.Repin(at, RuleDirectContractDays, newer) {
		t.Fatal("the same version applied twice")
	}
	if c.Repin(at, RuleNegotiationDays, PinnedRule{Value: "14", EffectiveFrom: DateOf(at.AddDate(0, 0, 1))}) {
		t.Fatal("a rule contracts do not use")
	}
	// A period the change date has already outrun: overdue at the next step.
	if !c.Repin(at, RuleDirectContractDays, PinnedRule{Value: "3", EffectiveFrom: DateOf(at.AddDate(0, 0, 1))}) {
		t.Fatal("not applied")
	}
	if ev := c.Advance(at); len(ev.Overdue) != 1 {
		t.Fatalf("not overdue: %+v", ev)
	}
	if newTestContract(t, "2026-01-30", tNow).Repin(at, RuleDirectContractDays, newer) {
		t.Fatal("a contract without pins reads the table; nothing to repin")
	}
}

func testChangeRequest(t *testing.T, f ChangeFields, at time.Time) *ChangeRequest {
	t.Helper()
	p, err := ParseChangeRequest(ChangeRequestInput{Changes: f, Reason: "r"}, changeTestService())
	if err != nil {
		t.Fatal(err)
	}
	return NewChangeRequest("CR-2026-000001", "change-CR-2026-000001", p, changeTestService(),
		Actor{Sub: "jung.provider", Role: RoleProvider, Org: "PV-0001"}, at)
}

// A change request keeps the approval period in force when it was made; one made after
// the amendment (7 → 5 days from 2027-01-01) gets 5. Without pins each round reads the
// table at its start, and in the sandbox the rounds shrink by the scale.
func TestChangeRequestReminderDue(t *testing.T) {
	table := amendedRule(RuleChangeApprovalDays, "5", seoulDate(2027, time.January, 1))
	round := seoulDate(2027, time.February, 1).Add(10 * time.Hour) // after the amendment
	for _, tc := range []struct {
		name string
		made time.Time
		days int
	}{
		{"MadeBefore", tNow, 7},
		{"MadeAfter", seoulDate(2027, time.January, 2), 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cr := testChangeRequest(t, ChangeFields{Name: strp("n")}, tc.made)
			cr.Pin(PinRules(table, tc.made, 0, ChangeRequestRuleKeys...))
			if due, days := cr.ReminderDue(round); days != tc.days || !due.Equal(AddCalendarDays(round, tc.days)) {
				t.Fatalf("due %s after %d days, want %d", due, days, tc.days)
			}
		})
	}
	t.Run("WithoutPins", func(t *testing.T) {
		cr := testChangeRequest(t, ChangeFields{Name: strp("n")}, tNow)
		days := RuleInt(RuleChangeApprovalDays, tNow)
		if due, d := cr.ReminderDue(tNow); d != days || !due.Equal(AddCalendarDays(tNow, days)) {
			t.Fatalf("due %s after %d days", due, d)
		}
	})
	t.Run("TimeScale", func(t *testing.T) {
		cr := testChangeRequest(t, ChangeFields{Name: strp("n")}, tNow)
		cr.Pin(PinRules(Rules, tNow, 8640, ChangeRequestRuleKeys...))
		if due, days := cr.ReminderDue(tNow); days != 7 || due.Sub(tNow) != 70*time.Second {
			t.Fatalf("due %s after %d days, want 70s", due.Sub(tNow), days)
		}
	})
}

// A version that applies to open cases reaches a change request still waiting for its
// decision, once; not one decided, sent to re-review, or without pins.
func TestChangeRequestRepin(t *testing.T) {
	newer := PinnedRule{Value: "5", EffectiveFrom: DateOf(tNow)}
	pinned := func(f ChangeFields) *ChangeRequest {
		cr := testChangeRequest(t, f, tNow)
		cr.Pin(PinRules(Rules, tNow, 0, ChangeRequestRuleKeys...))
		return cr
	}
	cr := pinned(ChangeFields{Name: strp("n")})
	if !cr.Repin(tNow.Add(time.Hour), RuleChangeApprovalDays, newer) {
		t.Fatal("not applied")
	}
	if due, _ := cr.ReminderDue(tNow); !due.Equal(AddCalendarDays(tNow, 5)) || cr.Steps[len(cr.Steps)-1].Action != ActionRuleApplied {
		t.Fatalf("due %s, steps %+v", due, cr.Steps)
	}
	if cr.Repin(tNow.Add(time.Hour), RuleChangeApprovalDays, newer) {
		t.Fatal("the same version applied twice")
	}
	if pinned(ChangeFields{SLA: strp("99.9%")}).Repin(tNow, RuleChangeApprovalDays, newer) {
		t.Fatal("a re-review waits for no decision")
	}
	yes := true
	decided := pinned(ChangeFields{Name: strp("n")})
	if err := decided.Decide(tNow, Actor{Sub: "park.operator", Role: RoleOperator, Org: "NIA"}, DecideChangeInput{Approve: &yes}); err != nil {
		t.Fatal(err)
	}
	if decided.Repin(tNow, RuleChangeApprovalDays, newer) {
		t.Fatal("decided already")
	}
	if testChangeRequest(t, ChangeFields{Name: strp("n")}, tNow).Repin(tNow, RuleChangeApprovalDays, newer) {
		t.Fatal("a request without pins reads the table; nothing to repin")
	}
}
