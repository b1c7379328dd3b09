package models

import (
	"errors"
	"strings"
	"testing"
)

// TestWriteReviewReport: the operator writes the report over the case's draft while the
// application awaits the committee, on an agenda or not, until the first vote on it; the
// step names the text by its length and digest; refusals change nothing.
func TestWriteReviewReport(t *testing.T) {
	a := appAwaitingCommittee(t)
	draft := a.ReviewReport
	if draft == "" || a.ReviewReportBy != "" {
		t.Fatalf("the case drafts the report from the opinions: %q by %q", draft, a.ReviewReportBy)
	}
	report := "전문가 2인 모두 적합 의견. 가용성 99.95% 보장, 백업·복구 절차 확인."
	if err := a.WriteReviewReport(tJoinAt, selOperator, ReviewReportInput{Report: "  " + report + "\n"}); err != nil {
		t.Fatal(err)
	}
	if a.ReviewReport != report || a.ReviewReportBy != selOperator.Sub || !a.ReviewReportAt.Equal(tJoinAt) {
		t.Fatalf("report %q by %q at %v", a.ReviewReport, a.ReviewReportBy, a.ReviewReportAt)
	}
	last := a.Steps[len(a.Steps)-1]
	if last.Action != ActionReviewReportWritten || last.Actor != selOperator || last.NoteText.Key != "application.review_report_written" ||
		!strings.Contains(last.Note, "SHA-256 ") || strings.Contains(last.Note, report) {
		t.Fatalf("step %+v", last)
	}

	steps := len(a.Steps)
	for _, tc := range []struct {
		name  string
		a     *Application
		x     Actor
		in    string
		code  string
		field string
	}{
		{"Expert", a, selExpertLee, report, EFORBIDDEN, ""},
		{"Empty", a, selOperator, " \n ", EINVALID, "report"},
		{"TooLong", a, selOperator, strings.Repeat("가", MaxReviewReport+1), EINVALID, "report"},
		{"InReview", appAssigned(t), selOperator, report, ECONFLICT, ""},
		{"Selected", appSelected(t), selOperator, report, ECONFLICT, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(tc.a.Steps)
			wantErr(t, tc.a.CheckWriteReviewReport(tJoinAt, tc.x, ReviewReportInput{Report: tc.in}), tc.code, tc.field)
			wantErr(t, tc.a.WriteReviewReport(tJoinAt, tc.x, ReviewReportInput{Report: tc.in}), tc.code, tc.field)
			if len(tc.a.Steps) != before {
				t.Fatal("a refusal recorded a step")
			}
		})
	}
	if len(a.Steps) != steps || a.ReviewReport != report {
		t.Fatal("a refusal changed the report")
	}

	s := appInSession(t, map[string]string{testMembers[4]: "employed by the provider"})
	if err := s.WriteReviewReport(tJoinAt, selOperator, ReviewReportInput{Report: report}); err != nil {
		t.Fatalf("on the agenda, before any vote: %v", err)
	}
	completeOK(t, s, tVoteAt, member(testMembers[0]), TaskCommitteeVote, TaskCompletion{Vote: "select"})
	err := s.WriteReviewReport(tVoteAt, selOperator, ReviewReportInput{Report: report + " 수정"})
	wantErr(t, err, ECONFLICT, "")
	var me *Error
	if !errors.As(err, &me) || me.Text == nil || !strings.Contains(me.Text.In(LangKO), "투표가 시작되어") {
		t.Fatalf("refusal %v", err)
	}
}
