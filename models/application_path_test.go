package models

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// --- the whole path, visibility, reminders ------------------------------------------

func TestSelectionPathRecordsEveryStep(t *testing.T) {
	a := newTestApp(t, dropDocs(DocCSAPCertificate))
	versions := []int{a.Version()}
	grew := func(what string) {
		t.Helper()
		if a.Version() <= versions[len(versions)-1] {
			t.Fatalf("%s: version %d did not grow", what, a.Version())
		}
		versions = append(versions, a.Version())
	}
	if err := a.Supplement(tNow.Add(30*time.Minute), tProvider, docInputs(DocCSAPCertificate)); err != nil {
		t.Fatal(err)
	}
	grew("supplement")
	completeOK(t, a, tCheckAt, selOperator, TaskDocumentCheck, TaskCompletion{Outcome: "accept"})
	grew("accept")
	completeOK(t, a, tAssignAt, selOperator2, TaskAssignExperts, TaskCompletion{Experts: []string{"ex-lee", "ex-park"}}, selCandidates()...)
	grew("assign")
	completeOK(t, a, tReviewAt, selExpertLee, TaskExpertReview, reviewBody("suitable", true, VerdictNA))
	grew("review 1")
	completeOK(t, a, tReviewAt, selExpertPark, TaskExpertReview, reviewBody("suitable", false, VerdictNA))
	grew("review 2")
	completeOK(t, a, tVisitAt, selOperator, TaskSiteVisit, TaskCompletion{HeldOn: "2026-03-04", Report: "현장 확인"})
	grew("site visit")
	a.JoinSession(tJoinAt, testSession(t, "CS-2026-03", "2026-03-20"), map[string]string{"cm-5": "배우자"})
	grew("join")
	for _, m := range []string{"cm-chair", "cm-2", "cm-3"} {
		completeOK(t, a, tVoteAt, member(m), TaskCommitteeVote, TaskCompletion{Vote: "select"})
		grew("vote " + m)
	}
	completeOK(t, a, tVoteAt, member("cm-4"), TaskCommitteeVote, TaskCompletion{Recuse: true, Reason: "전 직장"})
	grew("recuse")
	if _, ok := a.DecideSession(tDecideAt, "CS-2026-03"); !ok {
		t.Fatal("not decided")
	}
	grew("decide")
	a.Register(tDecideAt.AddDate(0, 0, 1), "제2026-001호", "SVC-0001")
	grew("register")

	type who struct{ action, sub string }
	var got []who
	for i, s := range a.Steps {
		got = append(got, who{s.Action, s.Actor.Sub})
		if s.Actor.Sub == "" || s.Actor.Role == "" || s.At.IsZero() || s.At.Location() != Seoul || s.Status == "" {
			t.Errorf("step %d incomplete: %+v", i, s)
		}
		if i > 0 && s.At.Before(a.Steps[i-1].At) {
			t.Errorf("step %d goes back in time", i)
		}
		if _, err := ParseApplicationStatus(s.Status); err != nil {
			t.Errorf("step %d status %q", i, s.Status)
		}
	}
	want := []who{
		{ActionApplied, "choi"}, {ActionEligibilityChecked, "dsmarket"}, {ActionSupplementRequest, "dsmarket"},
		{ActionSupplemented, "choi"}, {ActionDocumentsAccepted, "nia-lee"}, {ActionExpertsAssigned, "nia-kim"},
		{ActionSiteVisitRequested, "ex-lee"}, {ActionReviewed, "ex-lee"}, {ActionReviewed, "ex-park"},
		{ActionSiteVisitRequested, "dsmarket"}, {ActionSiteVisitReported, "nia-lee"}, {ActionReviewClosed, "dsmarket"},
		{ActionJoinedSession, "dsmarket"}, {ActionRecused, "cm-5"},
		{ActionVoted, "cm-chair"}, {ActionVoted, "cm-2"}, {ActionVoted, "cm-3"}, {ActionRecused, "cm-4"},
		{ActionDecided, "cm-chair"}, {ActionRegistered, "dsmarket"},
	}
	if !slices.Equal(got, want) {
		t.Fatalf("steps\n got %v\nwant %v", got, want)
	}
	if a.Status != AppSelected || a.ServiceID != "SVC-0001" || len(openKinds(a)) != 0 {
		t.Fatalf("status %s service %s open %v", a.Status, a.ServiceID, openKinds(a))
	}
	// Task IDs are numbered in order and unique.
	for i, task := range a.Tasks {
		if want := TaskID(testAppID, i+1); task.ID != want {
			t.Fatalf("task %d is %s, want %s", i, task.ID, want)
		}
	}
}

func TestVisibleTo(t *testing.T) {
	a := newTestApp(t)
	for _, tc := range []struct {
		name string
		x    Actor
		want bool
	}{
		{"OwnProvider", tProvider, true},
		{"ColleagueOfProvider", Actor{Sub: "other", Role: RoleProvider, Org: "PV-0001"}, true},
		{"OtherProvider", selOtherProvider, false},
		{"ProviderWithoutOrg", Actor{Sub: "choi", Role: RoleProvider}, false},
		{"Operator", selOperator, true},
		{"Expert", selExpertLee, true},
		{"Committee", member("cm-2"), true},
		{"Auditor", selAuditor, true},
		{"Agency", tAgency, false},
		{"AgencyWithProvidersOrg", Actor{Sub: "x", Role: RoleAgency, Org: "PV-0001"}, false},
		{"System", SystemActor, false},
		{"NoRole", Actor{Sub: "x", Org: "PV-0001"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := a.VisibleTo(tc.x); got != tc.want {
				t.Fatalf("VisibleTo = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRemindOverdue(t *testing.T) {
	a := newTestApp(t)
	due := a.Tasks[0].DueAt
	if !due.Equal(time.Date(2026, 3, 7, 10, 0, 0, 0, Seoul)) {
		t.Fatalf("due %s", due)
	}
	if next, ok := a.NextReminder(); !ok || !next.Equal(due) {
		t.Fatalf("next reminder %s %v", next, ok)
	}
	if got := a.RemindOverdue(due.Add(-time.Nanosecond)); len(got) != 0 {
		t.Fatalf("reminded before due: %+v", got)
	}
	if a.OpenTasks(due.Add(-time.Nanosecond))[0].Overdue {
		t.Fatal("overdue before due")
	}
	v := a.Version()
	got := a.RemindOverdue(due.UTC())
	if len(got) != 1 || got[0].ID != a.Tasks[0].ID || got[0].RemindedAt == nil || !got[0].RemindedAt.Equal(due) {
		t.Fatalf("reminded %+v", got)
	}
	if a.Tasks[0].Status != TaskOpen || a.Tasks[0].RemindedAt == nil {
		t.Fatalf("an overdue task stays open: %+v", a.Tasks[0])
	}
	last := a.Steps[len(a.Steps)-1]
	if a.Version() != v+1 || last.Action != ActionReminded || last.Actor != SystemActor || !strings.Contains(last.Note, a.Tasks[0].ID) {
		t.Fatalf("step %+v", last)
	}
	if again := a.RemindOverdue(due.AddDate(0, 0, 3)); len(again) != 0 || a.Version() != v+1 {
		t.Fatalf("reminded twice: %+v", again)
	}
	if _, ok := a.NextReminder(); ok {
		t.Fatal("a reminded task needs no further reminder")
	}
	open := a.OpenTasks(due.AddDate(0, 0, 3))
	if len(open) != 1 || !open[0].Overdue {
		t.Fatalf("open %+v", open)
	}
	if a.Tasks[0].Overdue {
		t.Fatal("OpenTasks must not write Overdue into the case")
	}
	// The late task can still be completed; the next task gets its own reminder.
	late := due.AddDate(0, 0, 3)
	completeOK(t, a, late, selOperator, TaskDocumentCheck, TaskCompletion{Outcome: "accept"})
	next, ok := a.NextReminder()
	if !ok || !next.Equal(late.AddDate(0, 0, RuleInt(RuleAssignExpertsDays, late))) {
		t.Fatalf("next reminder %s %v", next, ok)
	}
}

func TestNextReminderPicksEarliest(t *testing.T) {
	a := appExpertReview(t)
	completeOK(t, a, tAssignAt, selOperator, TaskAssignExperts, TaskCompletion{Experts: []string{"ex-lee", "ex-park"}}, selCandidates()...)
	reviewDue := tAssignAt.AddDate(0, 0, RuleInt(RuleExpertReviewDays, tAssignAt))
	if next, ok := a.NextReminder(); !ok || !next.Equal(reviewDue) {
		t.Fatalf("next %s %v, want %s", next, ok, reviewDue)
	}
	got := a.RemindOverdue(reviewDue)
	if len(got) != 2 {
		t.Fatalf("reminded %d tasks, want both experts", len(got))
	}
	completeOK(t, a, reviewDue, selExpertLee, TaskExpertReview, reviewBody("suitable", false, VerdictNA))
	if _, ok := a.NextReminder(); ok {
		t.Fatal("the remaining task was already reminded")
	}
}
