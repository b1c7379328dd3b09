package models

import (
	"slices"
	"strings"
	"testing"
)

func TestReleaseExpert(t *testing.T) {
	a := appAssigned(t)
	completeOK(t, a, tReviewAt, selExpertLee, TaskExpertReview, reviewBody("suitable", false, VerdictNA))

	// Who may release, and whom.
	wantErr(t, a.CheckReleaseExpert(tReviewAt, selExpertPark, ReleaseExpertInput{Expert: "ex-park"}), EFORBIDDEN, "")
	wantErr(t, a.CheckReleaseExpert(tReviewAt, selOperator, ReleaseExpertInput{Expert: "ex-lee"}), ECONFLICT, "") // reviewed
	wantErr(t, a.CheckReleaseExpert(tReviewAt, selOperator, ReleaseExpertInput{Expert: "ex-choi"}), ECONFLICT, "")

	if err := a.ReleaseExpert(tReviewAt, selOperator, ReleaseExpertInput{Expert: "ex-park"}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Experts, []string{"ex-lee"}) || !slices.Equal(a.ReleasedExperts, []string{"ex-park"}) {
		t.Fatalf("experts %v, released %v", a.Experts, a.ReleasedExperts)
	}
	if got := openKinds(a); !slices.Equal(got, []TaskKind{TaskAssignExperts}) {
		t.Fatalf("open tasks %v, want only the operators' assignment", got)
	}
	if a.Status != AppExpertReview {
		t.Fatalf("status %s: the review waits for the replacement", a.Status)
	}
	if s := a.Steps[len(a.Steps)-1]; s.Action != ActionExpertReleased || s.Actor != selOperator {
		t.Fatalf("last step %+v", s)
	}
	// A second release of the same expert finds nothing to release.
	wantErr(t, a.CheckReleaseExpert(tReviewAt, selOperator, ReleaseExpertInput{Expert: "ex-park"}), ECONFLICT, "")

	// The replacement: not someone already on the review, nor the released expert.
	task := findOpen(t, a, TaskAssignExperts, selOperator)
	wantErr(t, completeErr(a, tReviewAt, selOperator, task.ID, TaskCompletion{Experts: []string{"ex-lee"}}, selCandidates()...), EINVALID, "experts[0]")
	wantErr(t, completeErr(a, tReviewAt, selOperator, task.ID, TaskCompletion{Experts: []string{"ex-park"}}, selCandidates()...), EINVALID, "experts[0]")
	completeOK(t, a, tReviewAt, selOperator, TaskAssignExperts, TaskCompletion{Experts: []string{"ex-choi"}}, selCandidates()...)
	if !slices.Equal(a.Experts, []string{"ex-lee", "ex-choi"}) {
		t.Fatalf("experts %v", a.Experts)
	}
	choi := Actor{Sub: "ex-choi", Role: RoleExpert, Org: "EXPERTS"}
	completeOK(t, a, tReviewAt, choi, TaskExpertReview, reviewBody("suitable", false, VerdictNA))
	if a.Status != AppAwaitingCommittee {
		t.Fatalf("status %s after the replacement reviewed", a.Status)
	}
}

// The last remaining expert's review does not close the review while a released expert's
// place is still open.
func TestReleaseExpertHoldsTheReviewOpen(t *testing.T) {
	a := appAssigned(t)
	if err := a.ReleaseExpert(tReviewAt, selOperator, ReleaseExpertInput{Expert: "ex-park"}); err != nil {
		t.Fatal(err)
	}
	completeOK(t, a, tReviewAt, selExpertLee, TaskExpertReview, reviewBody("suitable", false, VerdictNA))
	if a.Status != AppExpertReview {
		t.Fatalf("status %s: closed without the replacement's review", a.Status)
	}
}

// A deactivated member's open vote becomes a recusal: the member is not present, the
// others still decide, and nothing lands in the operators' queue.
func TestReleaseMember(t *testing.T) {
	a := appInSession(t, nil)
	completeOK(t, a, tVoteAt, member("cm-chair"), TaskCommitteeVote, TaskCompletion{Vote: "select"})

	wantErr(t, a.CheckReleaseMember(tVoteAt, member("cm-2"), ReleaseMemberInput{Member: "cm-5"}), EFORBIDDEN, "")
	wantErr(t, a.CheckReleaseMember(tVoteAt, selOperator, ReleaseMemberInput{Member: "cm-chair"}), ECONFLICT, "") // voted
	wantErr(t, a.CheckReleaseMember(tVoteAt, selOperator, ReleaseMemberInput{Member: "cm-9"}), ECONFLICT, "")

	open := len(openKinds(a))
	if err := a.ReleaseMember(tVoteAt, selOperator, ReleaseMemberInput{Member: "cm-5"}); err != nil {
		t.Fatal(err)
	}
	if got := len(openKinds(a)); got != open-1 || slices.Contains(openKinds(a), TaskAssignExperts) {
		t.Fatalf("open tasks %v after the release, had %d", openKinds(a), open)
	}
	if s := a.Steps[len(a.Steps)-1]; s.Action != ActionMemberReleased || s.Actor != selOperator {
		t.Fatalf("last step %+v", s)
	}
	wantErr(t, a.CheckReleaseMember(tVoteAt, selOperator, ReleaseMemberInput{Member: "cm-5"}), ECONFLICT, "")

	completeOK(t, a, tVoteAt, member("cm-2"), TaskCommitteeVote, TaskCompletion{Vote: "select"})
	completeOK(t, a, tVoteAt, member("cm-3"), TaskCommitteeVote, TaskCompletion{Vote: "select"})
	d, ok := a.DecideSession(tDecideAt, "CS-2026-03")
	if !ok || d.Outcome != OutcomeSelected || d.Present != 3 || d.Recused != 1 {
		t.Fatalf("decision %+v ok %v", d, ok)
	}
}

// TestReplaceExpert: the operator takes a late expert off one application with a reason,
// which the step and the cancelled task keep; a release without one (a deactivation)
// keeps its words; a request without an expert or a reason is named on its field.
func TestReplaceExpert(t *testing.T) {
	for _, tc := range []struct {
		in     ReleaseExpertInput
		fields []string
	}{
		{ReleaseExpertInput{}, []string{"expert", "reason"}},
		{ReleaseExpertInput{Expert: "ex-park", Reason: "  "}, []string{"reason"}},
		{ReleaseExpertInput{Expert: "ex-park", Reason: string(make([]rune, maxNote+1))}, []string{"reason"}},
	} {
		if _, err := ParseReplaceExpert(tc.in); !slices.Equal(fieldNames(err), tc.fields) {
			t.Errorf("%+v: fields %v, want %v", tc.in, fieldNames(err), tc.fields)
		}
	}
	in, err := ParseReplaceExpert(ReleaseExpertInput{Expert: " ex-park ", Reason: " 검토 기한 7일 경과, 연락 두절 "})
	if err != nil || in.Expert != "ex-park" || in.Reason != "검토 기한 7일 경과, 연락 두절" {
		t.Fatalf("%+v %v", in, err)
	}

	a := appAssigned(t)
	if err := a.ReleaseExpert(tReviewAt, selOperator, in); err != nil {
		t.Fatal(err)
	}
	s := a.Steps[len(a.Steps)-1]
	if s.NoteText.Key != "application.expert_replaced" || !strings.Contains(s.NoteText.In(LangKO), "연락 두절") {
		t.Fatalf("step %+v", s)
	}
	i := slices.IndexFunc(a.Tasks, func(t Task) bool { return t.Kind == TaskExpertReview && t.Assignee.Sub == "ex-park" })
	if a.Tasks[i].Status != TaskCancelled || a.Tasks[i].Note != "the operator replaced the expert" {
		t.Fatalf("task %+v", a.Tasks[i])
	}

	b := appAssigned(t)
	if err := b.ReleaseExpert(tReviewAt, SystemActor, ReleaseExpertInput{Expert: "ex-park"}); err != nil {
		t.Fatal(err)
	}
	if key := b.Steps[len(b.Steps)-1].NoteText.Key; key != "application.expert_released" {
		t.Fatalf("a deactivation's step says %s", key)
	}
}
