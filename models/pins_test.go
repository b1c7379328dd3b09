package models

import (
	"slices"
	"testing"
	"time"
)

// amended is the rule table with the negotiation window amended from 10 to 14 days from
// 2027-01-01 (a new version; the old one is kept).
func amended() []Rule {
	return append(slices.Clone(Rules), Rule{Key: RuleNegotiationDays, Value: "14", Unit: "calendar days",
		Source: "가상 개정 고시", EffectiveFrom: seoulDate(2027, time.January, 1)})
}

// An order keeps the rule versions in force when it started, even when it is evaluated
// after an amendment took effect; one started after gets the new version.
func TestOrderKeepsItsPinnedRules(t *testing.T) {
	table := amended()
	for _, tc := range []struct {
		name      string
		startedAt time.Time
		days      int
	}{
		{"StartedBefore", tNow, 10},
		{"StartedAfter", seoulDate(2027, time.January, 2), 14},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := newTestOrder(t)
			o.Pin(PinRules(table, tc.startedAt, 0, OrderRuleKeys...))
			evaluateAt := seoulDate(2027, time.February, 1) // after the amendment in both cases
			if err := o.SubmitProposal(tNow, tProvider, ProposalInput{PriceKRW: 1, Summary: "s"}); err != nil {
				t.Fatal(err)
			}
			if err := o.Evaluate(evaluateAt, tAgency, []ScoreInput{{"a", 90, 100}}); err != nil {
				t.Fatal(err)
			}
			if want := AddCalendarDays(evaluateAt, tc.days); !o.NegotiationDeadline.Equal(want) {
				t.Fatalf("deadline %s, want %s (%d days)", o.NegotiationDeadline, want, tc.days)
			}
			if o.Pins.Int(RuleNegotiationDays, evaluateAt) != tc.days {
				t.Fatalf("pins %+v", o.Pins)
			}
		})
	}
}

// An order without pins (started before they existed) reads the table at each step.
func TestOrderWithoutPinsReadsTheTable(t *testing.T) {
	o := newTestOrder(t)
	if err := o.SubmitProposal(tNow, tProvider, ProposalInput{PriceKRW: 1, Summary: "s"}); err != nil {
		t.Fatal(err)
	}
	if err := o.Evaluate(tNow, tAgency, []ScoreInput{{"a", 90, 100}}); err != nil {
		t.Fatal(err)
	}
	if want := AddCalendarDays(tNow, RuleInt(RuleNegotiationDays, tNow)); !o.NegotiationDeadline.Equal(want) {
		t.Fatalf("deadline %s, want %s", o.NegotiationDeadline, want)
	}
}

// In the sandbox every period of the case shrinks by the pinned scale: at 8640 the 10-day
// negotiation window is 100 seconds, and the proposal window shrinks alike.
func TestPinsTimeScale(t *testing.T) {
	o := newTestOrder(t)
	fullProposal := o.ProposalDeadline.Sub(o.RequestedAt)
	o.Pin(PinRules(Rules, tNow, 8640, OrderRuleKeys...))
	if got := o.ProposalDeadline.Sub(o.RequestedAt); got != fullProposal/8640 {
		t.Fatalf("proposal window %s, want %s", got, fullProposal/8640)
	}
	if err := o.SubmitProposal(tNow, tProvider, ProposalInput{PriceKRW: 1, Summary: "s"}); err != nil {
		t.Fatal(err)
	}
	if err := o.Evaluate(tNow, tAgency, []ScoreInput{{"a", 90, 100}}); err != nil {
		t.Fatal(err)
	}
	if got := o.NegotiationDeadline.Sub(tNow); got != 100*time.Second {
		t.Fatalf("negotiation window %s, want 100s", got)
	}
	if v := o.Pins.Versions(); !slices.Equal(v, []string{"catalog_order.negotiation_days@2020-10-01", "catalog_order.qualifying_score@2020-10-01"}) {
		t.Fatalf("versions %v", v)
	}
}

// A pinned threshold decides the evaluation: 82 points qualify under a pinned 80.
func TestPinnedThreshold(t *testing.T) {
	o := newTestOrder(t)
	o.Pin(&CasePins{Rules: map[RuleKey]PinnedRule{RuleQualifyingScore: {Value: "80", EffectiveFrom: DateOf(tNow)}}})
	if err := o.SubmitProposal(tNow, tProvider, ProposalInput{PriceKRW: 1, Summary: "s"}); err != nil {
		t.Fatal(err)
	}
	if err := o.Evaluate(tNow, tAgency, []ScoreInput{{"a", 82, 100}}); err != nil {
		t.Fatal(err)
	}
	if o.Status != OrderNegotiating {
		t.Fatalf("status %s: 82 qualifies under a pinned 80", o.Status)
	}
}
