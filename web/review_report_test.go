package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReviewReportForm: on an application awaiting the committee the operator finds the
// report's form filled with the draft in the page's language, saves a report of their own,
// and everyone reading the application sees it with its author; an empty report is named
// on its field; an expert sees the report and no form.
func TestReviewReportForm(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	appID := h.awaitingCommittee()
	page := "/ui/applications/" + appID

	park := h.visitor()
	park.signIn("park.operator")
	r := park.get(page)
	require.Equal(t, http.StatusOK, r.status)
	require.Contains(t, r.body, `action="/ui/applications/`+appID+`/review-report"`)
	require.Contains(t, r.body, `<textarea id="f-report" name="report" rows="4">검토위원 1명 중 1명이 적합 의견`, "the draft, in Korean")

	r = park.post(page+"/review-report", url.Values{"report": {"  "}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, `aria-invalid="true"`)

	report := "전문가 1인 적합 의견.\n월 가용성 99.95% 보장, 백업·복구 절차 확인. 상정을 권고함."
	r = park.post(page+"/review-report", url.Values{"report": {report}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	a, err := h.apps.Get(ctx, parkOperator, appID)
	require.NoError(t, err)
	require.Equal(t, report, a.ReviewReport)
	require.Equal(t, "park.operator", a.ReviewReportBy)

	cho := h.visitor()
	cho.signIn("cho.expert")
	r = cho.get(page)
	require.Equal(t, http.StatusOK, r.status)
	require.Contains(t, r.body, `<p class="report" id="review-report">전문가 1인 적합 의견.`)
	require.Contains(t, r.body, `작성: 박지훈 <span class="muted">(park.operator)</span>`)
	require.Contains(t, r.body, "<td>검토 결과보고서 작성</td>", "the step in the timeline")
	require.NotContains(t, r.body, "/review-report\"")
}

// TestReplaceExpertForm: an operator takes an expert whose review is open off the
// application from its page, with a reason the provider then reads in the timeline; a
// reason left out is named on its field.
func TestReplaceExpertForm(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	appID, _ := h.inExpertReview()
	page := "/ui/applications/" + appID

	park := h.visitor()
	park.signIn("park.operator")
	r := park.get(page)
	require.Equal(t, http.StatusOK, r.status)
	// The registry's name, with the sub that the form sends.
	require.Contains(t, r.body, `<option value="cho.expert">조예린 (cho.expert)</option>`)
	require.Contains(t, r.body, `<dt>검토위원</dt><dd>조예린 <span class="muted">(cho.expert)</span></dd>`)
	require.Contains(t, r.body, `<td>박지훈 <span class="muted">(park.operator · 운영기관 · 한국지능정보사회진흥원 NIA)</span></td>`)

	r = park.post(page+"/release-expert", url.Values{"expert": {"cho.expert"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, `id="f-rx-reason"`)
	require.Contains(t, r.body, `aria-invalid="true"`)

	r = park.post(page+"/release-expert", url.Values{"expert": {"cho.expert"}, "reason": {"검토 기한 경과, 연락 두절"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	a, err := h.apps.Get(ctx, parkOperator, appID)
	require.NoError(t, err)
	require.Equal(t, []string{"cho.expert"}, a.ReleasedExperts)

	jung := h.visitor()
	jung.signIn("jung.provider")
	r = jung.get(page)
	require.Equal(t, http.StatusOK, r.status)
	// The provider reads the reason, not who was taken off (unnamedReviewers).
	require.Contains(t, r.body, "운영기관이 검토위원 한 명을 이 신청의 검토에서 제외했습니다(검토 기한 경과, 연락 두절)")
	require.NotContains(t, r.body, "cho.expert")
	require.NotContains(t, r.body, "/release-expert\"", "no form for the provider")
	r = park.get(page)
	require.Contains(t, r.body, "운영기관이 cho.expert 위원을 이 신청의 검토에서 제외했습니다(검토 기한 경과, 연락 두절)")
}
