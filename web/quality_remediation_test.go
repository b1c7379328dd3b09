package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestProviderReportsTheRemediation: a quality case whose first round asked for a
// remediation is the provider's turn in its inbox; from the case's page the provider says
// what it remediated (a blank summary is refused beside its box), and the second round
// opens at once, the report shown on the case.
func TestProviderReportsTheRemediation(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	svc, id := h.openQualityCase()
	pct, incidents := 99.5, int64(0)
	_, err := h.quality.SubmitReport(ctx, jungProvider, svc, "", models.QualityReportInput{Summary: "연간 운영 보고",
		AvailabilityPct: &pct, Incidents: &incidents})
	require.NoError(t, err)
	accepted := true
	_, err = h.quality.PreReview(ctx, parkOperator, id, "", models.PreReviewInput{Accepted: &accepted})
	require.NoError(t, err)
	_, err = h.tasks.Complete(ctx, parkOperator, id+"-T01", "", models.TaskCompletion{Outcome: "remediate",
		Reason: "백업 복구 훈련 미실시", Due: inDays(30)})
	require.NoError(t, err)

	p := h.visitor()
	p.signIn("jung.provider")
	require.Eventually(t, func() bool {
		return strings.Contains(p.get("/ui/inbox").body, `data-turn="`+id+`"`)
	}, 15*time.Second, 50*time.Millisecond, "the remediation is the provider's turn")
	page := p.get("/ui/quality/" + id)
	require.Contains(t, page.body, `action="/ui/quality/`+id+`/remediation"`)

	r := p.post("/ui/quality/"+id+"/remediation", url.Values{"remediation": {" "}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, `id="e-remediation"`, "the refusal stands beside its box")
	require.Contains(t, r.body, "보완조치 내용", "and the summary names the box by its label")
	r = p.post("/ui/quality/"+id+"/remediation", url.Values{"remediation": {"분기 복구 훈련을 시행했습니다"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)

	c, err := h.quality.Get(ctx, parkOperator, id)
	require.NoError(t, err)
	require.Equal(t, models.QualityInspecting, c.Status)
	require.Equal(t, 2, c.Round)
	require.Len(t, c.Remediations, 1)
	require.Eventually(t, func() bool {
		body := p.get("/ui/quality/" + id).body
		return strings.Contains(body, `id="quality-remediations"`) && strings.Contains(body, "분기 복구 훈련을 시행했습니다") &&
			!strings.Contains(body, `/remediation"`)
	}, 15*time.Second, 50*time.Millisecond, "the page shows the report and no more form")
	require.Eventually(t, func() bool {
		return !strings.Contains(p.get("/ui/inbox").body, `data-turn="`+id+`"`)
	}, 15*time.Second, 50*time.Millisecond, "no longer the provider's turn once the projection has it")
}
