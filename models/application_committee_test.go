package models

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// --- committee ----------------------------------------------------------------------

func TestJoinSession(t *testing.T) {
	a := appAwaitingCommittee(t)
	s := testSession(t, "CS-2026-03", "2026-03-20")
	v := a.Version()
	a.JoinSession(tJoinAt, s, map[string]string{"cm-3": "spouse is the provider (배우자)", "cm-9": "not a member of this session"})
	if a.Session == nil || a.Session.ID != s.ID || a.AwaitsSession() {
		t.Fatalf("session %+v", a.Session)
	}
	var voters []string
	for _, task := range a.Tasks {
		if task.Kind != TaskCommitteeVote {
			continue
		}
		voters = append(voters, task.Assignee.Sub)
		if task.Status != TaskOpen || task.SessionID != s.ID || task.Assignee.Role != RoleCommittee ||
			!task.DueAt.Equal(time.Date(2026, 3, 21, 0, 0, 0, 0, Seoul)) {
			t.Fatalf("vote task %+v", task)
		}
	}
	if !slices.Equal(voters, []string{"cm-chair", "cm-2", "cm-4", "cm-5"}) {
		t.Fatalf("vote tasks for %v", voters)
	}
	if len(a.Votes) != 1 || a.Votes[0] != (CommitteeVote{SessionID: s.ID, Member: "cm-3", Recused: true,
		Reason: "conflict of interest: spouse is the provider (배우자)", At: tJoinAt}) {
		t.Fatalf("votes %+v", a.Votes)
	}
	steps := a.Steps[v:]
	if len(steps) != 2 || steps[0].Action != ActionJoinedSession || steps[0].Actor != SystemActor ||
		steps[1].Action != ActionRecused || steps[1].Actor != (Actor{Sub: "cm-3", Role: RoleCommittee}) {
		t.Fatalf("steps %+v", steps)
	}
	// Joining again, or another session, changes nothing while on an agenda.
	n, v := len(a.Tasks), a.Version()
	a.JoinSession(tJoinAt, testSession(t, "CS-2026-04", "2026-04-20"), nil)
	if a.Session.ID != s.ID || len(a.Tasks) != n || a.Version() != v {
		t.Fatal("joined a second session")
	}
	// An application that does not wait for the committee joins nothing.
	b := appAssigned(t)
	b.JoinSession(tJoinAt, s, nil)
	if b.Session != nil || b.Status != AppExpertReview {
		t.Fatal("joined before the review closed")
	}
}

func TestCommitteeVote(t *testing.T) {
	for _, tc := range []struct {
		name    string
		by      Actor
		taskOf  string
		body    TaskCompletion
		code    string
		field   string
		recused bool
	}{
		{"OK_Select", member("cm-2"), "cm-2", TaskCompletion{Vote: "select"}, "", "", false},
		{"OK_Reject", member("cm-2"), "cm-2", TaskCompletion{Vote: "reject"}, "", "", false},
		{"OK_Defer", member("cm-2"), "cm-2", TaskCompletion{Vote: "defer"}, "", "", false},
		{"OK_VoteWithReason", member("cm-2"), "cm-2", TaskCompletion{Vote: "reject", Reason: "보안 우려"}, "", "", false},
		{"OK_Recuse", member("cm-2"), "cm-2", TaskCompletion{Recuse: true, Reason: "2024년 자문 수행"}, "", "", true},
		{"ErrRecuseWithoutReason", member("cm-2"), "cm-2", TaskCompletion{Recuse: true}, EINVALID, "reason", false},
		{"ErrRecuseBlankReason", member("cm-2"), "cm-2", TaskCompletion{Recuse: true, Reason: "  "}, EINVALID, "reason", false},
		{"ErrRecuseAndVote", member("cm-2"), "cm-2", TaskCompletion{Recuse: true, Vote: "select", Reason: "r"}, EINVALID, "vote", false},
		{"ErrNoVote", member("cm-2"), "cm-2", TaskCompletion{}, EINVALID, "vote", false},
		{"ErrBadVote", member("cm-2"), "cm-2", TaskCompletion{Vote: "abstain"}, EINVALID, "vote", false},
		{"ErrReasonTooLong", member("cm-2"), "cm-2", TaskCompletion{Recuse: true, Reason: strings.Repeat("가", 2001)}, EINVALID, "reason", false},
		{"ErrFieldOfAnotherKind", member("cm-2"), "cm-2", TaskCompletion{Vote: "select", Outcome: "accept"}, EINVALID, "outcome", false},
		{"ErrAnotherMembersTask", member("cm-4"), "cm-2", TaskCompletion{Vote: "select"}, EFORBIDDEN, "", false},
		{"ErrNonMemberCommittee", member("cm-9"), "cm-2", TaskCompletion{Vote: "select"}, EFORBIDDEN, "", false},
		{"ErrOperator", selOperator, "cm-2", TaskCompletion{Vote: "select"}, EFORBIDDEN, "", false},
		{"ErrRecusedMemberHasNoTask", member("cm-3"), "cm-3", TaskCompletion{Vote: "select"}, ENOTFOUND, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := appInSession(t, map[string]string{"cm-3": "did work for the provider (용역·자문)"})
			id := "APP-2026-000001-T99"
			for _, task := range a.Tasks {
				if task.Kind == TaskCommitteeVote && task.Assignee.Sub == tc.taskOf {
					id = task.ID
				}
			}
			v, votes := a.Version(), len(a.Votes)
			err := completeErr(a, tVoteAt, tc.by, id, tc.body)
			wantErr(t, err, tc.code, tc.field)
			if a.Status != AppAwaitingCommittee {
				t.Fatalf("status %s", a.Status)
			}
			if err != nil {
				if a.Version() != v || len(a.Votes) != votes {
					t.Fatal("a refused vote changed the case")
				}
				return
			}
			got := a.Votes[len(a.Votes)-1]
			if got.Member != tc.by.Sub || got.SessionID != "CS-2026-03" || got.Recused != tc.recused || string(got.Vote) != tc.body.Vote {
				t.Fatalf("vote %+v", got)
			}
			last := a.Steps[len(a.Steps)-1]
			if last.Actor != tc.by {
				t.Fatalf("step %+v", last)
			}
			if tc.recused {
				if last.Action != ActionRecused || last.Note != strings.TrimSpace(tc.body.Reason) {
					t.Fatalf("step %+v", last)
				}
			} else if last.Action != ActionVoted || strings.Contains(last.Note, tc.body.Vote) {
				t.Fatalf("the trail must not reveal the vote before the close: %+v", last)
			}
		})
	}
}

func TestDecideSession(t *testing.T) {
	type vote struct {
		member string
		body   TaskCompletion
	}
	sel, rej, def := TaskCompletion{Vote: "select"}, TaskCompletion{Vote: "reject"}, TaskCompletion{Vote: "defer"}
	recuse := TaskCompletion{Recuse: true, Reason: "최근 자문"}
	for _, tc := range []struct {
		name      string
		conflicts map[string]string
		votes     []vote
		outcome   CommitteeOutcome
		status    ApplicationStatus
		present   int
		recused   int
	}{
		{"Selected3Of5", nil, []vote{{"cm-chair", sel}, {"cm-2", sel}, {"cm-3", sel}}, OutcomeSelected, AppSelected, 3, 0},
		{"Selected2Of3Present", nil, []vote{{"cm-chair", sel}, {"cm-2", sel}, {"cm-3", rej}}, OutcomeSelected, AppSelected, 3, 0},
		{"NotSelected", nil, []vote{{"cm-chair", rej}, {"cm-2", rej}, {"cm-3", rej}, {"cm-4", def}}, OutcomeNotSelected, AppNotSelected, 4, 0},
		{"DeferredNoMajority", nil, []vote{{"cm-chair", rej}, {"cm-2", rej}, {"cm-3", sel}, {"cm-4", def}}, OutcomeDeferred, AppAwaitingCommittee, 4, 0},
		{"DeferredNoQuorum", nil, []vote{{"cm-chair", sel}, {"cm-2", sel}}, OutcomeDeferred, AppAwaitingCommittee, 2, 0},
		{"DeferredTie", nil, []vote{{"cm-chair", sel}, {"cm-2", sel}, {"cm-3", rej}, {"cm-4", rej}}, OutcomeDeferred, AppAwaitingCommittee, 4, 0},
		{"DeferredByVote", nil, []vote{{"cm-chair", def}, {"cm-2", def}, {"cm-3", sel}}, OutcomeDeferred, AppAwaitingCommittee, 3, 0},
		{"DeferredNoVotes", nil, nil, OutcomeDeferred, AppAwaitingCommittee, 0, 0},
		{"RecusedAreNotPresent", map[string]string{"cm-5": "spouse"}, []vote{{"cm-4", recuse}, {"cm-chair", sel}, {"cm-2", sel}},
			OutcomeDeferred, AppAwaitingCommittee, 2, 2},
		{"SelectedDespiteRecusals", map[string]string{"cm-5": "spouse"}, []vote{{"cm-4", recuse}, {"cm-chair", sel}, {"cm-2", sel}, {"cm-3", def}},
			OutcomeSelected, AppSelected, 3, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := appInSession(t, tc.conflicts)
			for _, v := range tc.votes {
				completeOK(t, a, tVoteAt, member(v.member), TaskCommitteeVote, v.body)
			}
			v := a.Version()
			d, ok := a.DecideSession(tDecideAt, "CS-2026-03")
			if !ok || d.Outcome != tc.outcome || a.Status != tc.status {
				t.Fatalf("decision %+v ok %v status %s", d, ok, a.Status)
			}
			if d.Members != 5 || d.Present != tc.present || d.Recused != tc.recused || d.SessionID != "CS-2026-03" || d.Reason == "" {
				t.Fatalf("decision %+v", d)
			}
			if len(a.Decisions) != 1 || a.Decisions[0] != d {
				t.Fatalf("decisions %+v", a.Decisions)
			}
			if len(openKinds(a)) != 0 {
				t.Fatalf("open tasks after the close: %v", openKinds(a))
			}
			for _, task := range a.Tasks {
				if task.Kind == TaskCommitteeVote && task.Status == TaskCancelled && !task.CompletedAt.Equal(tDecideAt) {
					t.Fatalf("cancelled task %+v", task)
				}
			}
			last := a.Steps[len(a.Steps)-1]
			if a.Version() != v+1 || last.Action != ActionDecided || last.Actor.Sub != "cm-chair" || last.Actor.Role != RoleCommittee || last.Note != d.Reason {
				t.Fatalf("step %+v", last)
			}
			switch tc.outcome {
			case OutcomeSelected:
				if a.ClosedAt != nil {
					t.Fatal("a selected application closes when registered")
				}
			case OutcomeNotSelected:
				if a.ClosedAt == nil || !a.Status.Final() || a.Reason != d.Reason {
					t.Fatalf("closed %v reason %q", a.ClosedAt, a.Reason)
				}
			case OutcomeDeferred:
				if a.Session != nil || !a.AwaitsSession() {
					t.Fatal("a deferred application waits for the next session")
				}
			}
			// Closing the same session again decides nothing.
			if _, ok := a.DecideSession(tDecideAt, "CS-2026-03"); ok || len(a.Decisions) != 1 {
				t.Fatal("decided twice")
			}
		})
	}
}

func TestDeferredJoinsNextSession(t *testing.T) {
	a := appInSession(t, map[string]string{"cm-5": "spouse"})
	completeOK(t, a, tVoteAt, member("cm-chair"), TaskCommitteeVote, TaskCompletion{Vote: "select"})
	completeOK(t, a, tVoteAt, member("cm-2"), TaskCommitteeVote, TaskCompletion{Vote: "select"})
	old := findOpen(t, a, TaskCommitteeVote, member("cm-3"))
	if d, _ := a.DecideSession(tDecideAt, "CS-2026-03"); d.Outcome != OutcomeDeferred {
		t.Fatalf("decision %+v", d)
	}
	// A vote on the closed session's task is refused.
	wantErr(t, completeErr(a, tDecideAt, member("cm-3"), old.ID, TaskCompletion{Vote: "select"}), ECONFLICT, "")

	next := testSession(t, "CS-2026-04", "2026-04-17")
	next.Members = []string{"cm-chair", "cm-2", "cm-3"}
	a.JoinSession(tDecideAt.AddDate(0, 0, 1), next, nil)
	if a.Session == nil || a.Session.ID != "CS-2026-04" || len(openKinds(a)) != 3 {
		t.Fatalf("session %+v open %v", a.Session, openKinds(a))
	}
	completeOK(t, a, tDecideAt.AddDate(0, 0, 28), member("cm-3"), TaskCommitteeVote, TaskCompletion{Vote: "reject"})
	completeOK(t, a, tDecideAt.AddDate(0, 0, 28), member("cm-2"), TaskCommitteeVote, TaskCompletion{Vote: "reject"})
	// The earlier session's two select votes and recusal do not count in this one.
	d, ok := a.DecideSession(tDecideAt.AddDate(0, 0, 28), "CS-2026-04")
	if !ok || d.Outcome != OutcomeNotSelected || d.Present != 2 || d.Select != 0 || d.Recused != 0 || d.Members != 3 {
		t.Fatalf("decision %+v", d)
	}
	if len(a.Decisions) != 2 || a.Status != AppNotSelected {
		t.Fatalf("decisions %+v status %s", a.Decisions, a.Status)
	}
}

func TestDecideSessionNotOnAgenda(t *testing.T) {
	a := appInSession(t, nil)
	d, ok := a.DecideSession(tDecideAt, "CS-2026-99")
	if ok || d.Outcome != OutcomeWithdrawn || d.SessionID != "CS-2026-99" || len(a.Decisions) != 0 || a.Session.ID != "CS-2026-03" {
		t.Fatalf("decision %+v ok %v", d, ok)
	}
	w := appInSession(t, nil)
	if err := w.Withdraw(tVoteAt, tProvider, WithdrawInput{Reason: "사업 철수"}); err != nil {
		t.Fatal(err)
	}
	d, ok = w.DecideSession(tDecideAt, "CS-2026-03")
	if ok || d.Outcome != OutcomeWithdrawn || !strings.Contains(d.Reason, "withdrawn") || w.Status != AppWithdrawn {
		t.Fatalf("decision %+v ok %v status %s", d, ok, w.Status)
	}
}

func TestRegister(t *testing.T) {
	a := appSelected(t)
	regAt := tDecideAt.AddDate(0, 0, 3)
	a.Register(regAt, "제2026-031호", "SVC-0425")
	if a.NoticeNo != "제2026-031호" || a.ServiceID != "SVC-0425" || a.SelectedOn == nil || a.SelectedOn.String() != "2026-03-23" ||
		a.ClosedAt == nil || !a.ClosedAt.Equal(regAt) || a.Status != AppSelected || !strings.Contains(a.Reason, "제2026-031호") {
		t.Fatalf("registered %+v", a)
	}
	last := a.Steps[len(a.Steps)-1]
	if last.Action != ActionRegistered || last.Actor != SystemActor || !strings.Contains(last.Note, "SVC-0425") {
		t.Fatalf("step %+v", last)
	}
	v := a.Version()
	a.Register(regAt.AddDate(0, 0, 1), "제2026-032호", "SVC-0426")
	if a.Version() != v || a.ServiceID != "SVC-0425" {
		t.Fatal("registered twice")
	}
	b := appAwaitingCommittee(t)
	b.Register(regAt, "n", "s")
	if b.ServiceID != "" || b.NoticeNo != "" {
		t.Fatal("registered an application that was not selected")
	}
}
