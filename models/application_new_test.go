package models

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// --- NewApplication -----------------------------------------------------------------

func TestNewApplication(t *testing.T) {
	ineligible := func(in *ApplicationInput) { in.Provider.CreditRating = "CCC" }
	for _, tc := range []struct {
		name    string
		mutate  []func(*ApplicationInput)
		status  ApplicationStatus
		missing []DocumentKind
		tasks   []TaskKind
	}{
		{"OK_DocumentCheck", nil, AppDocumentCheck, nil, []TaskKind{TaskDocumentCheck}},
		{"OK_SchoolEducationCloudWithoutCSAP", []func(*ApplicationInput){dropDocs(DocCSAPCertificate),
			func(in *ApplicationInput) { in.SchoolEducationOnly = true }}, AppDocumentCheck, nil, []TaskKind{TaskDocumentCheck}},
		{"OK_SupportNeedsNoCloudDocuments", []func(*ApplicationInput){dropDocs(DocCSAPCertificate, DocSLAPolicy),
			func(in *ApplicationInput) { in.Service.Type, in.Service.Subtype = "support", "migration" }}, AppDocumentCheck, nil, []TaskKind{TaskDocumentCheck}},
		{"Ineligible", []func(*ApplicationInput){ineligible}, AppIneligible, nil, nil},
		{"IneligibleBeforeMissingDocuments", []func(*ApplicationInput){ineligible, dropDocs(DocSLAPolicy)}, AppIneligible, []DocumentKind{DocSLAPolicy}, nil},
		{"MissingDocuments", []func(*ApplicationInput){dropDocs(DocSLAPolicy, DocApplicationForm)}, AppSupplementRequested,
			[]DocumentKind{DocApplicationForm, DocSLAPolicy}, nil},
		{"MissingCSAPOutsideSchools", []func(*ApplicationInput){dropDocs(DocCSAPCertificate)}, AppSupplementRequested,
			[]DocumentKind{DocCSAPCertificate}, nil},
		{"MissingBrokerDocuments", []func(*ApplicationInput){func(in *ApplicationInput) { in.Broker = true }}, AppSupplementRequested,
			[]DocumentKind{DocBrokerAgreement, DocCapabilitySplit}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := newTestApp(t, tc.mutate...)
			if a.Status != tc.status {
				t.Fatalf("status %s, want %s (%s)", a.Status, tc.status, a.Reason)
			}
			if !slices.Equal(a.MissingKinds, tc.missing) {
				t.Fatalf("missing %v, want %v", a.MissingKinds, tc.missing)
			}
			if got := openKinds(a); !slices.Equal(got, tc.tasks) {
				t.Fatalf("open tasks %v, want %v", got, tc.tasks)
			}
			if a.ID != testAppID || a.WorkflowID != "application-"+testAppID || a.AppliedBy != "choi" || !a.AppliedAt.Equal(tNow) {
				t.Fatalf("identity %s %s %s %s", a.ID, a.WorkflowID, a.AppliedBy, a.AppliedAt)
			}
			if a.Steps[0].Action != ActionApplied || a.Steps[0].Actor != tProvider {
				t.Fatalf("first step %+v", a.Steps[0])
			}
			if a.Steps[1].Action != ActionEligibilityChecked || a.Steps[1].Actor != SystemActor || a.Steps[1].Note != a.Eligibility.Reason {
				t.Fatalf("second step %+v", a.Steps[1])
			}
			if a.Status.Final() != (a.ClosedAt != nil) {
				t.Fatalf("final %v, closed at %v", a.Status.Final(), a.ClosedAt)
			}
		})
	}
}

func TestNewApplicationIneligibleEndsAtOnce(t *testing.T) {
	a := newTestApp(t, func(in *ApplicationInput) { in.Provider.DebarredUntil = "2026-03-02" })
	if a.Status != AppIneligible || a.Eligibility.Eligible || a.ClosedAt == nil || !a.ClosedAt.Equal(tNow) {
		t.Fatalf("status %s eligibility %+v closed %v", a.Status, a.Eligibility, a.ClosedAt)
	}
	if a.Reason == "" || a.Reason != a.Eligibility.Reason || !strings.Contains(a.Reason, "debarment") {
		t.Fatalf("reason %q", a.Reason)
	}
	if len(a.Tasks) != 0 || a.Version() != 2 {
		t.Fatalf("tasks %v, version %d", a.Tasks, a.Version())
	}
	if last := a.Steps[len(a.Steps)-1]; last.Status != string(AppIneligible) {
		t.Fatalf("last step %+v", last)
	}
	if _, ok := a.NextReminder(); ok {
		t.Fatal("an ineligible application waits for no one")
	}
}

func TestNewApplicationDocumentCheckTask(t *testing.T) {
	a := newTestApp(t)
	if len(a.Tasks) != 1 {
		t.Fatalf("tasks %+v", a.Tasks)
	}
	task := a.Tasks[0]
	days := RuleInt(RuleDocumentCheckDays, tNow)
	if task.ID != "APP-2026-000001-T01" || task.Kind != TaskDocumentCheck || task.CaseType != "application" ||
		task.CaseID != testAppID || task.WorkflowID != a.WorkflowID || task.Assignee != (Assignee{Role: RoleOperator}) ||
		!task.CreatedAt.Equal(tNow) || !task.DueAt.Equal(tNow.AddDate(0, 0, days)) || task.Status != TaskOpen || task.Title == "" {
		t.Fatalf("task %+v", task)
	}
	if a.SupplementDue != nil || a.SupplementDeadline != nil {
		t.Fatal("no supplement pending")
	}
	if !a.Eligibility.Eligible || len(a.MissingKinds) != 0 {
		t.Fatalf("eligibility %+v missing %v", a.Eligibility, a.MissingKinds)
	}
}

func TestNewApplicationSupplementDue(t *testing.T) {
	days := RuleInt(RuleSupplementDays, tNow)
	if days != 10 {
		t.Fatalf("supplement days %d, the rule table says 10", days)
	}
	for _, tc := range []struct {
		name     string
		now      time.Time
		due      string
		deadline time.Time
	}{
		{"MorningSeoul", tNow, "2026-03-12", time.Date(2026, 3, 13, 0, 0, 0, 0, Seoul)},
		// 01:00 on 2026-03-02 in Seoul is still 2026-03-01 in UTC: the date is Seoul's.
		{"UTCStillYesterday", time.Date(2026, 3, 1, 16, 0, 0, 0, time.UTC), "2026-03-12", time.Date(2026, 3, 12, 15, 0, 0, 0, time.UTC)},
		{"LastMinuteOfDay", time.Date(2026, 3, 2, 23, 59, 0, 0, Seoul), "2026-03-12", time.Date(2026, 3, 13, 0, 0, 0, 0, Seoul)},
		{"AcrossMonthEnd", time.Date(2026, 2, 25, 9, 0, 0, 0, Seoul), "2026-03-07", time.Date(2026, 3, 8, 0, 0, 0, 0, Seoul)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := validAppInput()
			dropDocs(DocSLAPolicy)(&in)
			req, err := ParseApplication(in, "PV-0001", "choi", tc.now)
			if err != nil {
				t.Fatal(err)
			}
			a := NewApplication(testAppID, "application-"+testAppID, req, tProvider, tc.now)
			if a.Status != AppSupplementRequested || a.SupplementDue == nil || a.SupplementDeadline == nil {
				t.Fatalf("status %s due %v", a.Status, a.SupplementDue)
			}
			if a.SupplementDue.String() != tc.due || a.SupplementDue.String() != DateOf(tc.now).AddDate(0, 0, days).Format(time.DateOnly) {
				t.Fatalf("due %s, want %s", a.SupplementDue, tc.due)
			}
			if !a.SupplementDeadline.Equal(tc.deadline) || !a.SupplementDeadline.Equal(a.SupplementDue.EndOfDay()) {
				t.Fatalf("deadline %s, want %s", a.SupplementDeadline, tc.deadline)
			}
			if a.AppliedAt.Location() != Seoul {
				t.Fatalf("applied at %s, not in Seoul", a.AppliedAt)
			}
			last := a.Steps[len(a.Steps)-1]
			if last.Action != ActionSupplementRequest || last.Actor != SystemActor ||
				!strings.Contains(last.Note, string(DocSLAPolicy)) || !strings.Contains(last.Note, tc.due) {
				t.Fatalf("step %+v", last)
			}
		})
	}
}
