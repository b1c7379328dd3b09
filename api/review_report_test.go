package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestReviewReport: the operator writes the review result report over the case's draft
// while the application awaits the committee, on the agenda too, until a member votes;
// then the committee selects it. With -record it writes the run's history for the replay
// test (`go test ./api -run TestReviewReport -record`).
func TestReviewReport(t *testing.T) {
	h := newHarness(t)
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	path := "/api/v1/applications/" + id + "/review-report"
	report := map[string]any{"report": "전문가 1인 적합 의견. 월 가용성 99.95% 보장, 백업·복구 절차 확인. 상정을 권고함."}

	h.do("POST", path, h.operator(), report).problem(t, http.StatusConflict) // still in the document check
	h.complete(h.expert("cho.expert"), h.inExpertReview(id), reviewBody("suitable", false))
	require.Eventually(t, func() bool { return h.application(id)["status"] == string(models.AppAwaitingCommittee) },
		10*time.Second, 50*time.Millisecond)
	draft := h.application(id)
	require.NotEmpty(t, draft["review_report"], "the case drafts it from the opinions")
	require.Nil(t, draft["review_report_by"])
	require.Equal(t, true, draft["review_report_open"])

	h.do("POST", path, h.expert("cho.expert"), report).problem(t, http.StatusForbidden)
	h.do("POST", path, h.provider(), report).problem(t, http.StatusForbidden)
	p := h.do("POST", path, h.operator(), map[string]any{"report": "  "}).problem(t, http.StatusUnprocessableEntity)
	require.Equal(t, "report", p.Errors[0].Field)
	h.do("POST", "/api/v1/applications/APP-2026-999999/review-report", h.operator(), report).problem(t, http.StatusNotFound)

	r := h.do("POST", path, h.operator(), report, "Idempotency-Key", "report-"+id)
	require.Equal(t, http.StatusOK, r.status, r.String())
	got := r.json(t)
	require.Equal(t, report["report"], got["review_report"])
	require.Equal(t, "park.operator", got["review_report_by"])
	require.Equal(t, string(models.AppAwaitingCommittee), got["status"])
	steps := len(got["steps"].([]any))
	r = h.do("POST", path, h.operator(), report, "Idempotency-Key", "report-"+id)
	require.Equal(t, http.StatusOK, r.status, "a retry answers the same")
	require.Len(t, r.json(t)["steps"], steps, "and records nothing more")
	h.do("POST", path, h.operator(), map[string]any{"report": "다른 내용"}, "Idempotency-Key", "report-"+id).
		problem(t, http.StatusUnprocessableEntity)

	session := h.openSession("report-" + id)
	h.awaitSession(id, session)
	revised := map[string]any{"report": report["report"].(string) + " 현장실사 생략 사유: 인증 보유."}
	r = h.do("POST", path, h.operator2(), revised)
	require.Equal(t, http.StatusOK, r.status, "on the agenda, before any vote: %s", r.String())
	require.Equal(t, "seo.operator", r.json(t)["review_report_by"])
	for _, m := range []string{"song.committee", "lim.committee", "kwon.committee"} {
		h.complete(h.member(m), h.openTask(h.member(m), id, models.TaskCommitteeVote), map[string]any{"vote": "select"})
	}
	require.Equal(t, false, h.application(id)["review_report_open"])
	p = h.do("POST", path, h.operator(), report).problem(t, http.StatusConflict)
	require.Contains(t, p.Detail, "begun to vote")
	r = h.do("POST", "/api/v1/committee/sessions/"+session+"/close", h.operator(), nil)
	require.Equal(t, http.StatusOK, r.status, r.String())

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	wid := flow.ApplicationWorkflowID(id)
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))
	final := h.application(id)
	require.Equal(t, string(models.AppSelected), final["status"])
	require.Equal(t, revised["report"], final["review_report"])
	h.recordHistory(t, ctx, wid, "application_review_report_written_then_selected", 100)
}
