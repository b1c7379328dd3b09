package models

import (
	"slices"
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
