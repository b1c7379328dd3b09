package models

import (
	"strings"
	"testing"
)

// --- withdrawal ---------------------------------------------------------------------

func TestWithdraw(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T) *Application
		code  string
	}{
		{"OK_DocumentCheck", func(t *testing.T) *Application { return newTestApp(t) }, ""},
		{"OK_SupplementRequested", func(t *testing.T) *Application { return newTestApp(t, dropDocs(DocSLAPolicy)) }, ""},
		{"OK_ExpertReviewUnassigned", func(t *testing.T) *Application { return appExpertReview(t) }, ""},
		{"OK_ExpertReviewAssigned", func(t *testing.T) *Application { return appAssigned(t) }, ""},
		{"OK_SiteVisit", func(t *testing.T) *Application { return appSiteVisit(t) }, ""},
		{"OK_AwaitingCommittee", func(t *testing.T) *Application { return appAwaitingCommittee(t) }, ""},
		{"OK_InSession", func(t *testing.T) *Application { return appInSession(t, nil) }, ""},
		{"ErrSelected", func(t *testing.T) *Application { return appSelected(t) }, ECONFLICT},
		{"ErrRegistered", func(t *testing.T) *Application {
			a := appSelected(t)
			a.Register(tDecideAt, "n", "SVC-1")
			return a
		}, ECONFLICT},
		{"ErrNotSelected", func(t *testing.T) *Application {
			a := appInSession(t, nil)
			for _, m := range testMembers[:3] {
				completeOK(t, a, tVoteAt, member(m), TaskCommitteeVote, TaskCompletion{Vote: "reject"})
			}
			a.DecideSession(tDecideAt, "CS-2026-03")
			return a
		}, ECONFLICT},
		{"ErrReturned", func(t *testing.T) *Application {
			a := newTestApp(t, dropDocs(DocSLAPolicy))
			a.ReturnUnsupplemented(*a.SupplementDeadline)
			return a
		}, ECONFLICT},
		{"ErrIneligible", func(t *testing.T) *Application {
			return newTestApp(t, func(in *ApplicationInput) { in.Provider.BusinessStatus = "closed" })
		}, ECONFLICT},
		{"ErrWithdrawn", func(t *testing.T) *Application {
			a := newTestApp(t)
			if err := a.Withdraw(tNow, tProvider, WithdrawInput{}); err != nil {
				t.Fatal(err)
			}
			return a
		}, ECONFLICT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.setup(t)
			before := a.Status
			v := a.Version()
			at := tDecideAt.AddDate(0, 0, 5)
			in := WithdrawInput{Reason: "  사업 방향 변경  "}
			if err := a.CheckWithdraw(at, tProvider, in); ErrorCode(err) != tc.code {
				t.Fatalf("check: %v, want %q", err, tc.code)
			}
			err := a.Withdraw(at, tProvider, in)
			wantErr(t, err, tc.code, "")
			if err != nil {
				if !strings.Contains(ErrorMessage(err), string(before)) || a.Status != before || a.Version() != v {
					t.Fatalf("%v: status %s, want unchanged %s", err, a.Status, before)
				}
				return
			}
			if a.Status != AppWithdrawn || a.Reason != "사업 방향 변경" || a.ClosedAt == nil || !a.ClosedAt.Equal(at) {
				t.Fatalf("status %s reason %q", a.Status, a.Reason)
			}
			if len(openKinds(a)) != 0 {
				t.Fatalf("open tasks after withdrawal: %v", openKinds(a))
			}
			for _, task := range a.Tasks {
				if task.Status == TaskCancelled && (task.Note != "the application is withdrawn" || !task.CompletedAt.Equal(at)) {
					t.Fatalf("cancelled task %+v", task)
				}
			}
			last := a.Steps[len(a.Steps)-1]
			if a.Version() != v+1 || last.Action != ActionWithdrawn || last.Actor != tProvider || last.Status != string(AppWithdrawn) {
				t.Fatalf("step %+v", last)
			}
		})
	}
}

func TestWithdrawWhoAndWhy(t *testing.T) {
	for _, tc := range []struct {
		name  string
		by    Actor
		in    WithdrawInput
		code  string
		field string
	}{
		{"OK_NoReason", tProvider, WithdrawInput{}, "", ""},
		{"OK_ColleagueOfProvider", Actor{Sub: "choi2", Role: RoleProvider, Org: "PV-0001"}, WithdrawInput{Reason: "r"}, "", ""},
		{"OK_ReasonOf2000Characters", tProvider, WithdrawInput{Reason: strings.Repeat("가", 2000)}, "", ""},
		{"ErrReasonTooLong", tProvider, WithdrawInput{Reason: strings.Repeat("가", 2001)}, EINVALID, "reason"},
		{"ErrOtherProvider", selOtherProvider, WithdrawInput{}, ENOTFOUND, ""},
		{"ErrAgency", tAgency, WithdrawInput{}, ENOTFOUND, ""},
		{"ErrOperator", selOperator, WithdrawInput{}, EFORBIDDEN, ""},
		{"ErrAuditor", selAuditor, WithdrawInput{}, EFORBIDDEN, ""},
		{"ErrSystem", SystemActor, WithdrawInput{}, ENOTFOUND, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := appAssigned(t)
			err := a.Withdraw(tReviewAt, tc.by, tc.in)
			wantErr(t, err, tc.code, tc.field)
			if (err == nil) != (a.Status == AppWithdrawn) {
				t.Fatalf("error %v, status %s", err, a.Status)
			}
			if err == nil && tc.in.Reason == "" && a.Reason != "withdrawn by the provider" {
				t.Fatalf("default reason %q", a.Reason)
			}
		})
	}
}

func TestCompleteTaskAfterWithdrawal(t *testing.T) {
	a := appAssigned(t)
	task := findOpen(t, a, TaskExpertReview, selExpertLee)
	if err := a.Withdraw(tReviewAt, tProvider, WithdrawInput{}); err != nil {
		t.Fatal(err)
	}
	err := completeErr(a, tReviewAt, selExpertLee, task.ID, reviewBody("suitable", false, VerdictNA))
	wantErr(t, err, ECONFLICT, "")
	if !strings.Contains(ErrorMessage(err), "cancelled") {
		t.Fatalf("message %q", ErrorMessage(err))
	}
}
