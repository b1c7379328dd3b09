package models

import (
	"errors"
	"strings"
	"testing"
	"time"
)

var tOperator = Actor{Sub: "park.operator", Role: RoleOperator, Org: "NIA"}

// inspectionNow is 2 March 2026, 10:00 Seoul: "today" for the tables below.
var inspectionNow = time.Date(2026, 3, 2, 10, 0, 0, 0, Seoul)

func ev(kind, value, effective string) InspectionEventInput {
	return InspectionEventInput{Kind: kind, Value: value, EffectiveOn: effective, Source: "NICE평가정보 공시"}
}

func TestParseInspectionEvent(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       InspectionEventInput
		value    string // the normalized value
		errField string
	}{
		// Every credit grade is accepted and written in upper case.
		{"OK_CreditAAA", ev("credit_rating", "AAA", "2026-03-02"), "AAA", ""},
		{"OK_CreditLowerCase", ev("credit_rating", " bbb- ", "2026-03-01"), "BBB-", ""},
		{"OK_CreditD", ev("credit_rating", "D", "2026-03-01"), "D", ""},
		{"ErrCreditUnknown", ev("credit_rating", "A++", "2026-03-01"), "", "value"},
		{"ErrCreditEmpty", ev("credit_rating", "", "2026-03-01"), "", "value"},
		// Every business status.
		{"OK_Active", ev("business_status", "active", "2026-03-01"), "active", ""},
		{"OK_Suspended", ev("business_status", "suspended", "2026-03-01"), "suspended", ""},
		{"OK_Closed", ev("business_status", "closed", "2026-03-01"), "closed", ""},
		{"OK_Bankrupt", ev("business_status", "bankrupt", "2026-03-01"), "bankrupt", ""},
		{"OK_Rehabilitation", ev("business_status", "rehabilitation_approved", "2026-03-01"), "rehabilitation_approved", ""},
		{"ErrStatusDefault", ev("business_status", "default", "2026-03-01"), "", "value"},
		{"ErrStatusUpperCase", ev("business_status", "CLOSED", "2026-03-01"), "", "value"},
		// Debarment: the last day; one that already ended is still a fact to record.
		{"OK_Debarment", ev("debarment", "2026-08-31", "2026-03-01"), "2026-08-31", ""},
		{"OK_DebarmentEnded", ev("debarment", "2025-12-31", "2026-03-01"), "2025-12-31", ""},
		{"ErrDebarmentNotDate", ev("debarment", "6 months", "2026-03-01"), "", "value"},
		// CSAP.
		{"OK_CSAPValid", ev("csap", "valid:2030-06-30", "2026-03-01"), "valid:2030-06-30", ""},
		{"OK_CSAPValidThroughToday", ev("csap", "valid:2026-03-02", "2026-03-01"), "valid:2026-03-02", ""},
		{"OK_CSAPValidFiveYears", ev("csap", "valid:2031-03-01", "2026-03-01"), "valid:2031-03-01", ""},
		{"ErrCSAPValidOverFiveYears", ev("csap", "valid:2031-03-02", "2026-03-01"), "", "value"},
		{"ErrCSAPValidYesterday", ev("csap", "valid:2026-03-01", "2026-03-01"), "", "value"},
		{"OK_CSAPCancelled", ev("csap", "cancelled", "2026-03-01"), "cancelled", ""},
		{"OK_CSAPExpired", ev("csap", "expired", "2026-03-01"), "expired", ""},
		{"ErrCSAPRevoked", ev("csap", "revoked", "2026-03-01"), "", "value"},
		{"ErrCSAPValidNoDate", ev("csap", "valid:", "2026-03-01"), "", "value"},
		{"ErrCSAPBareDate", ev("csap", "2030-06-30", "2026-03-01"), "", "value"},
		// The other fields.
		{"ErrKind", ev("rating", "A", "2026-03-01"), "", "kind"},
		{"OK_EffectiveToday", ev("credit_rating", "A", "2026-03-02"), "A", ""},
		{"ErrEffectiveTomorrow", ev("credit_rating", "A", "2026-03-03"), "", "effective_on"},
		{"ErrEffectiveNotDate", ev("credit_rating", "A", "03/01/2026"), "", "effective_on"},
		{"ErrSourceMissing", InspectionEventInput{Kind: "credit_rating", Value: "A", EffectiveOn: "2026-03-01", Source: "  "}, "", "source"},
		{"ErrSourceTooLong", InspectionEventInput{Kind: "credit_rating", Value: "A", EffectiveOn: "2026-03-01", Source: strings.Repeat("가", 201)}, "", "source"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := ParseInspectionEvent(tc.in, inspectionNow)
			if tc.errField != "" {
				var me *Error
				if !errors.As(err, &me) || me.Code != EINVALID || me.Fields[0].Field != tc.errField {
					t.Fatalf("want invalid %s, got %v", tc.errField, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if e.Value != tc.value {
				t.Fatalf("value %q, want %q", e.Value, tc.value)
			}
		})
	}
}

func TestParseInspectionEventNamesEveryField(t *testing.T) {
	_, err := ParseInspectionEvent(InspectionEventInput{Kind: "x", EffectiveOn: "never"}, inspectionNow)
	var me *Error
	if !errors.As(err, &me) {
		t.Fatal(err)
	}
	var fields []string
	for _, f := range me.Fields {
		fields = append(fields, f.Field)
	}
	if strings.Join(fields, ",") != "kind,effective_on,source" {
		t.Fatalf("fields %v", fields)
	}
}

func TestDecideInspection(t *testing.T) {
	decide := func(t *testing.T, in InspectionEventInput) InspectionDecision {
		t.Helper()
		e, err := ParseInspectionEvent(in, inspectionNow)
		if err != nil {
			t.Fatal(err)
		}
		return DecideInspection(e)
	}
	for _, tc := range []struct {
		name string
		in   InspectionEventInput
		want InspectionOutcome
		word string // the reason names it
	}{
		{"Closed", ev("business_status", "closed", "2026-02-27"), InspectionUnfit, "closed"},
		{"Bankrupt", ev("business_status", "bankrupt", "2026-02-27"), InspectionUnfit, "bankrupt"},
		{"Suspended", ev("business_status", "suspended", "2026-02-27"), InspectionRereview, "suspended"},
		{"Active", ev("business_status", "active", "2026-02-27"), InspectionFit, "active"},
		{"Rehabilitation", ev("business_status", "rehabilitation_approved", "2026-02-27"), InspectionFit, "rehabilitation_approved"},
		// The floor of the rule table is B-: B- meets it, CCC+ is the first grade below.
		{"CreditAAA", ev("credit_rating", "AAA", "2026-03-01"), InspectionFit, "meets B-"},
		{"CreditBMinus", ev("credit_rating", "B-", "2026-03-01"), InspectionFit, "meets B-"},
		{"CreditCCCPlus", ev("credit_rating", "CCC+", "2026-03-01"), InspectionRereview, "below the floor B-"},
		{"CreditD", ev("credit_rating", "D", "2026-03-01"), InspectionRereview, "below the floor"},
		// A debarment covers the effective date through its last day.
		{"DebarmentEndedDayBefore", ev("debarment", "2026-02-28", "2026-03-01"), InspectionFit, "ended on 2026-02-28"},
		{"DebarmentEndsOnEffectiveDate", ev("debarment", "2026-03-01", "2026-03-01"), InspectionRereview, "debarred until 2026-03-01"},
		{"DebarmentLater", ev("debarment", "2026-09-30", "2026-03-01"), InspectionRereview, "re-review"},
		{"CSAPCancelled", ev("csap", "cancelled", "2026-03-01"), InspectionUnfit, "CSAP cancelled"},
		{"CSAPExpired", ev("csap", "expired", "2026-03-01"), InspectionUnfit, "CSAP expired"},
		{"CSAPRenewed", ev("csap", "valid:2030-12-31", "2026-03-01"), InspectionFit, "valid until 2030-12-31"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := decide(t, tc.in)
			if d.Outcome != tc.want {
				t.Fatalf("outcome %s, want %s (%s)", d.Outcome, tc.want, d.Reason)
			}
			if !strings.Contains(d.Reason, tc.word) {
				t.Fatalf("reason %q lacks %q", d.Reason, tc.word)
			}
		})
	}
}

// TestDecideInspectionUsesRuleInForce: a stricter floor from a later date applies to
// facts effective from that date only.
func TestDecideInspectionUsesRuleInForce(t *testing.T) {
	saved := Rules
	t.Cleanup(func() { Rules = saved })
	Rules = append(append([]Rule(nil), saved...),
		Rule{Key: RuleMinCreditRating, Value: "B+", Unit: "credit grade", Source: "amended (test)", EffectiveFrom: seoulDate(2026, time.March, 1)})
	e := InspectionEvent{Kind: InspectCreditRating, Value: "B", EffectiveOn: mustDate(t, "2026-02-28")}
	if d := DecideInspection(e); d.Outcome != InspectionFit {
		t.Fatalf("before the amendment: %v", d)
	}
	e.EffectiveOn = mustDate(t, "2026-03-01")
	if d := DecideInspection(e); d.Outcome != InspectionRereview || !strings.Contains(d.Reason, "B+") {
		t.Fatalf("from the amendment: %v", d)
	}
}

func newTestWatch(t *testing.T, csap string) *ServiceWatch {
	t.Helper()
	svc := Service{ID: "SVC-0001", Name: "한빛 클라우드 서버", Provider: Provider{Org: "PV-0001", Name: "(주)한빛클라우드"}}
	if csap != "" {
		svc.CSAPValidUntil = datePtr(t, csap)
	}
	return NewServiceWatch(svc)
}

func TestServiceWatchRecord(t *testing.T) {
	w := newTestWatch(t, "2029-06-30")
	if w.Status != WatchWatching || w.Version() != 0 || w.CSAPValidUntil.String() != "2029-06-30" {
		t.Fatalf("new watch %+v", w)
	}
	steps := []struct {
		in     InspectionEventInput
		status WatchStatus
	}{
		{ev("credit_rating", "A", "2026-03-01"), WatchWatching},
		{ev("credit_rating", "CCC", "2026-03-01"), WatchRereviewRequired},
		// A fit fact does not clear a re-review ground: only the re-review may.
		{ev("credit_rating", "AA", "2026-03-02"), WatchRereviewRequired},
		{ev("csap", "valid:2030-06-30", "2026-03-02"), WatchRereviewRequired},
		{ev("business_status", "closed", "2026-03-02"), WatchUnfit},
	}
	for i, s := range steps {
		at := inspectionNow.Add(time.Duration(i) * time.Hour)
		f, err := w.Record(at, tOperator, s.in)
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if w.Status != s.status || f.By != tOperator || !f.At.Equal(at) || w.Version() != i+1 {
			t.Fatalf("step %d: status %s, finding %+v", i, w.Status, f)
		}
	}
	if w.CSAPValidUntil.String() != "2030-06-30" {
		t.Fatalf("the renewal moves the validity: %s", w.CSAPValidUntil)
	}
	if w.Events[0].RecordedBy != "park.operator" || w.Events[0].Source == "" {
		t.Fatalf("event %+v", w.Events[0])
	}
	got := w.Steps()
	want := []string{"inspection_fit/watching", "inspection_rereview/rereview_required", "inspection_fit/rereview_required",
		"inspection_fit/rereview_required", "inspection_unfit/unfit"}
	for i, s := range got {
		if s.Action+"/"+s.Status != want[i] || s.Note == "" || s.Actor != tOperator {
			t.Fatalf("step %d: %+v", i, s)
		}
	}
	// Removed: nothing more is recorded.
	err := w.CheckRecord(inspectionNow, tOperator, ev("credit_rating", "AAA", "2026-03-02"))
	if code(err) != ECONFLICT || !strings.Contains(ErrorMessage(err), "removed") {
		t.Fatalf("after unfit: %v", err)
	}
}

func TestServiceWatchCheckRecord(t *testing.T) {
	w := newTestWatch(t, "")
	for _, tc := range []struct {
		name string
		by   Actor
		in   InspectionEventInput
		code string
	}{
		{"OK", tOperator, ev("debarment", "2026-12-31", "2026-03-01"), ""},
		// A confirmed re-review of an information change records the renewed certificate.
		{"OK_System", SystemActor, ev("csap", CSAPValidValue("2030-01-01"), "2026-03-01"), ""},
		{"ErrAgency", tAgency, ev("debarment", "2026-12-31", "2026-03-01"), EFORBIDDEN},
		{"ErrProvider", tProvider, ev("csap", "valid:2030-01-01", "2026-03-01"), EFORBIDDEN},
		{"ErrInvalid", tOperator, ev("debarment", "soon", "2026-03-01"), EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := code(w.CheckRecord(inspectionNow, tc.by, tc.in)); got != tc.code {
				t.Fatalf("code %q, want %q", got, tc.code)
			}
			if w.Version() != 0 || len(w.Events) != 0 {
				t.Fatal("a check changed the watch")
			}
		})
	}
}

func TestServiceWatchExpireCSAP(t *testing.T) {
	w := newTestWatch(t, "2026-03-31")
	deadline, ok := w.CSAPDeadline()
	if !ok || !deadline.Equal(time.Date(2026, 4, 1, 0, 0, 0, 0, Seoul)) {
		t.Fatalf("deadline %v %v: the end of 31 March, Seoul", deadline, ok)
	}
	if _, ok := w.ExpireCSAP(deadline.Add(-time.Second)); ok {
		t.Fatal("expired one second before the end of the last valid day")
	}
	f, ok := w.ExpireCSAP(deadline)
	if !ok || w.Status != WatchUnfit || f.Outcome != InspectionUnfit || f.By != SystemActor ||
		!strings.Contains(f.Reason, "CSAP expired") || !strings.Contains(f.Reason, "2026-03-31") {
		t.Fatalf("at the deadline: %v %+v", ok, f)
	}
	if _, ok := w.ExpireCSAP(deadline.Add(time.Hour)); ok || w.Version() != 1 {
		t.Fatal("expired twice")
	}
	if _, ok := newTestWatch(t, "").CSAPDeadline(); ok {
		t.Fatal("a service without CSAP has no deadline")
	}
}

func TestUnfitNotice(t *testing.T) {
	svc := Service{ID: "SVC-0001", Name: "한빛 클라우드 서버", Provider: Provider{Name: "(주)한빛클라우드"}}
	// A decision at 23:30 Seoul on 2 March is dated 2 March, although it is 14:30 UTC.
	f := InspectionFinding{At: time.Date(2026, 3, 2, 14, 30, 0, 0, time.UTC), Outcome: InspectionUnfit, Reason: "폐업"}
	n := NewUnfitNotice(svc, f)
	if n.From.String() != "2026-03-02" || n.Until.String() != "2026-03-22" || n.Provider != "(주)한빛클라우드" || n.Name != svc.Name {
		t.Fatalf("notice %+v", n)
	}
	for day, shown := range map[string]bool{
		"2026-03-01": false, "2026-03-02": true, "2026-03-12": true, "2026-03-22": true, "2026-03-23": false,
	} {
		if n.ShownOn(mustDate(t, day)) != shown {
			t.Errorf("shown on %s: want %v", day, shown)
		}
	}
}
