package models

import (
	"errors"
	"slices"
	"testing"
	"time"
)

// watchStatuses are the statuses a watch's timeline shows, step by step.
func watchStatuses(w *ServiceWatch) []string {
	var out []string
	for _, s := range w.Steps() {
		out = append(out, s.Action+":"+s.Status)
	}
	return out
}

// TestServiceWatchRereviewConfirmed: a re-review that selects the service again clears its
// ground; with two grounds open the watch waits for both; the same ground confirmed again
// changes nothing; the timeline shows the confirmation with the status it left, as the
// watch itself does.
func TestServiceWatchRereviewConfirmed(t *testing.T) {
	w := newTestWatch(t, "2029-06-30")
	at := func(h int) time.Time { return inspectionNow.Add(time.Duration(h) * time.Hour) }
	mustRecord := func(h int, in InspectionEventInput) {
		t.Helper()
		if _, err := w.Record(at(h), tOperator, in); err != nil {
			t.Fatal(err)
		}
	}
	mustRecord(0, ev("credit_rating", "CCC", "2026-03-01"))
	mustRecord(1, ev("debarment", "2026-03-01", "2026-03-01"))
	if w.Status != WatchRereviewRequired {
		t.Fatalf("status %s", w.Status)
	}
	refuses := func(own bool, app, code string, fields ...string) {
		t.Helper()
		err := w.ConfirmRereview(at(2), own, "service-SVC-0001/rereview-1", app)
		if ErrorCode(err) != code {
			t.Fatalf("own=%v app=%q: %v, want %s", own, app, err, code)
		}
		var got []string
		var e *Error
		if errors.As(err, &e) {
			for _, f := range e.Fields {
				got = append(got, f.Field)
			}
		}
		if !slices.Equal(got, fields) {
			t.Fatalf("fields %v, want %v", got, fields)
		}
	}
	refuses(false, "APP-2026-000100", EINVALID, "case_ref")
	refuses(true, " ", EINVALID, "application_id")
	if w.Version() != 2 {
		t.Fatalf("a refusal changes nothing: version %d", w.Version())
	}

	if err := w.ConfirmRereview(at(3), true, "service-SVC-0001/rereview-1", "APP-2026-000100"); err != nil {
		t.Fatal(err)
	}
	if w.Status != WatchRereviewRequired || w.Version() != 3 {
		t.Fatalf("one of two grounds confirmed: %s, version %d", w.Status, w.Version())
	}
	if err := w.ConfirmRereview(at(4), true, "service-SVC-0001/rereview-1", "APP-2026-000100"); err != nil || w.Version() != 3 {
		t.Fatalf("the same ground again: %v, version %d", err, w.Version())
	}
	mustRecord(5, ev("credit_rating", "A", "2026-03-02"))
	if err := w.ConfirmRereview(at(6), true, "service-SVC-0001/rereview-2", "APP-2026-000101"); err != nil {
		t.Fatal(err)
	}
	if w.Status != WatchWatching || w.Version() != 5 {
		t.Fatalf("both grounds confirmed: %s, version %d", w.Status, w.Version())
	}
	want := []string{"inspection_rereview:rereview_required", "inspection_rereview:rereview_required",
		"rereview_confirmed:rereview_required", "inspection_fit:rereview_required", "rereview_confirmed:watching"}
	if got := watchStatuses(w); !slices.Equal(got, want) {
		t.Fatalf("timeline %v, want %v", got, want)
	}
	last := w.Steps()[4]
	if last.Actor != SystemActor || !last.At.Equal(at(6)) || last.NoteText == nil || last.Note != "re-review APP-2026-000101 confirmed the selection" {
		t.Fatalf("confirmation step %+v", last)
	}

	// A ground found after the confirmations opens again; a removed service is past them.
	mustRecord(7, ev("credit_rating", "CCC", "2026-03-02"))
	mustRecord(8, ev("business_status", "closed", "2026-03-02"))
	if err := w.ConfirmRereview(at(9), true, "service-SVC-0001/rereview-7", "APP-2026-000102"); ErrorCode(err) != ECONFLICT {
		t.Fatalf("confirmation of an unfit service: %v", err)
	}
	if got := watchStatuses(w); got[5] != "inspection_rereview:rereview_required" || got[6] != "inspection_unfit:unfit" {
		t.Fatalf("timeline %v", got)
	}
}

// TestServiceWatchStepsOrderConfirmationsAndRules: a confirmation and a rule version applied
// between the same two findings stand in the order they came.
func TestServiceWatchStepsOrderConfirmationsAndRules(t *testing.T) {
	for _, tc := range []struct {
		name       string
		afterRules int
		want       []string
	}{
		{"ConfirmedFirst", 0, []string{"inspection_rereview", "rereview_confirmed", "rule_applied"}},
		{"RuleFirst", 1, []string{"inspection_rereview", "rule_applied", "rereview_confirmed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newTestWatch(t, "")
			if _, err := w.Record(inspectionNow, tOperator, ev("credit_rating", "CCC", "2026-03-01")); err != nil {
				t.Fatal(err)
			}
			w.RulesApplied = []WatchRuleApplied{{At: inspectionNow.Add(time.Hour), Rule: RuleMinCreditRating, Value: "B+",
				EffectiveFrom: mustDate(t, "2026-03-01"), AfterFindings: 1}}
			w.RereviewsConfirmed = []RereviewConfirmation{{CaseRef: "service-SVC-0001/rereview-1", ApplicationID: "APP-2026-000100",
				At: inspectionNow.Add(2 * time.Hour), AfterFindings: 1, AfterRules: tc.afterRules}}
			var got []string
			for _, s := range w.Steps() {
				got = append(got, s.Action)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("timeline %v, want %v", got, tc.want)
			}
		})
	}
}
