package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestInboxListsReportsAwaitingPreReview: a quality report waiting for the operators'
// pre-review holds no task, so the operators' inbox lists it beside their tasks, with its
// due time and a link to the case; once pre-reviewed it leaves the list. A provider's
// inbox has no such list (it has no inbox at all).
func TestInboxListsReportsAwaitingPreReview(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	svc, id := h.openQualityCase()

	op := h.visitor()
	op.signIn("park.operator")
	require.NotContains(t, op.get("/ui/inbox").body, `data-quality="`+id+`"`, "no report yet: nothing to pre-review")

	pct, incidents := 99.5, int64(0)
	_, err := h.quality.SubmitReport(ctx, jungProvider, svc, "", models.QualityReportInput{Summary: "연간 운영 보고",
		AvailabilityPct: &pct, Incidents: &incidents})
	require.NoError(t, err)
	var page pageResp
	require.Eventually(t, func() bool {
		page = op.get("/ui/inbox")
		return page.status == http.StatusOK && strings.Contains(page.body, `data-quality="`+id+`"`)
	}, 15*time.Second, 50*time.Millisecond, "the submitted report is in the operators' inbox")
	require.Contains(t, page.body, `<a href="/ui/quality/`+id+`">`+id+`</a>`)
	require.Contains(t, page.body, "사전검토를 기다리는 품질보고서")
	require.NotContains(t, op.get("/ui/inbox?overdue=true").body, `data-quality="`+id+`"`, "the overdue filter holds tasks alone")

	accepted := true
	_, err = h.quality.PreReview(ctx, parkOperator, id, "", models.PreReviewInput{Accepted: &accepted, Note: "접수"})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		return !strings.Contains(op.get("/ui/inbox").body, `data-quality="`+id+`"`)
	}, 15*time.Second, 50*time.Millisecond, "pre-reviewed: it leaves the list")
}
