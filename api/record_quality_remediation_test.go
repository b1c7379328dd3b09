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

// TestRecordQualityRemediationHistory runs a quality case on the real server through REST:
// report → pre-review → remediate → the provider's remediation report, which opens the
// second round at once (its wait's timer cancelled) → fit. With -record it writes the
// case's history for the replay test (`go test ./api -run TestRecordQualityRemediationHistory
// -record`): the first recorded with the remediation report, beside the histories recorded
// before it existed, which never receive it.
func TestRecordQualityRemediationHistory(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	svc := h.ownQualityService()
	started, err := h.app.Quality.StartCycle(ctx, models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"})
	require.NoError(t, err)
	require.NoError(t, h.tc.GetWorkflow(ctx, started.WorkflowID, "").Get(ctx, nil))
	qc, wid := models.QualityCaseID(svc, started.Year), flow.QualityCaseWorkflowID(svc, started.Year)
	require.Eventually(t, func() bool { // the report finds its case in the projection
		r := h.do("GET", "/api/v1/quality-cases?service_id="+svc, h.operator(), nil)
		return r.status == http.StatusOK && len(r.json(t)["items"].([]any)) == 1
	}, 30*time.Second, 100*time.Millisecond, "the cycle opens the case of %s", svc)

	r := h.do("POST", "/api/v1/services/"+svc+"/quality-reports", h.provider(), qualityReportBody())
	require.Equal(t, http.StatusOK, r.status, r.String())
	r = h.do("POST", "/api/v1/quality-cases/"+qc+"/prereview", h.operator(), map[string]any{"accepted": true})
	require.Equal(t, http.StatusOK, r.status, r.String())
	due := models.DateOf(time.Now()).AddDate(0, 0, 30).Format(time.DateOnly)
	h.complete(h.operator(), h.openTask(h.operator(), qc, models.TaskQualityInspection),
		map[string]any{"outcome": "remediate", "reason": "백업 복구 훈련 미실시", "due": due})
	r = h.do("POST", "/api/v1/quality-cases/"+qc+"/remediation", h.provider(), map[string]any{"summary": "분기 복구 훈련을 시행했습니다"})
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, "inspecting", r.json(t)["status"])
	h.complete(h.operator(), qc+"-T02", map[string]any{"outcome": "fit"})
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))
	c := h.readQualityCase(qc)
	require.Equal(t, models.QualityFit, c.Status)
	require.Equal(t, 2, c.Round)

	h.recordHistory(t, ctx, wid, "quality_remediation_reported_then_fit", qualityCaseEventBudget)
}
