package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/dsmarket/dsmarket/internal/temporaltest"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// Budgets of the regular quality inspection on a real server: a case through report,
// pre-review and one round, and a cycle's run that opens two cases.
const (
	qualityCaseEventBudget  = 80
	qualityCycleEventBudget = 40
)

// TestRecordQualityHistories runs quality cases on the real server, through REST, as far
// as runs in seconds (the report and remediation timers do not): report → pre-review →
// fit, and report → pre-review → unfit (the service removed through its watch); and the
// cycle's run that opened them, and the watch the unfit verdict went through. Each history is held to its budget; with -record they are
// written for workflows' replay test (`go test ./api -run TestRecordQualityHistories -record`).
func TestRecordQualityHistories(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	fit, unfit := h.ownQualityService(), h.ownQualityService()
	year := time.Now().In(models.Seoul).Year()

	r := h.do("POST", "/api/v1/quality-cycles", h.operator(), nil)
	require.Equal(t, http.StatusAccepted, r.status, r.String())
	cycle := r.json(t)["workflow_id"].(string)
	require.NoError(t, h.tc.GetWorkflow(ctx, cycle, "").Get(ctx, nil))

	verdicts := map[string]map[string]any{
		fit:   {"outcome": "fit"},
		unfit: {"outcome": "unfit", "reason": "SLA 미달 및 보안 취약점 미조치"},
	}
	for svc, verdict := range verdicts {
		qc := models.QualityCaseID(svc, year)
		require.Eventually(t, func() bool {
			r := h.do("GET", "/api/v1/quality-cases?service_id="+svc, h.operator(), nil)
			return r.status == http.StatusOK && len(r.json(t)["items"].([]any)) == 1
		}, 30*time.Second, 100*time.Millisecond, "the cycle opens the case of %s", svc)
		r := h.do("POST", "/api/v1/services/"+svc+"/quality-reports", h.provider(), qualityReportBody())
		require.Equal(t, http.StatusOK, r.status, r.String())
		r = h.do("POST", "/api/v1/quality-cases/"+qc+"/prereview", h.operator(), map[string]any{"accepted": true})
		require.Equal(t, http.StatusOK, r.status, r.String())
		h.complete(h.operator(), h.openTask(h.operator(), qc, models.TaskQualityInspection), verdict)
		require.NoError(t, h.tc.GetWorkflow(ctx, flow.QualityCaseWorkflowID(svc, year), "").Get(ctx, nil))
	}
	svc, err := h.store.GetService(ctx, unfit)
	require.NoError(t, err)
	require.Equal(t, models.ServiceRemoved, svc.Status)
	require.NoError(t, h.tc.GetWorkflow(ctx, flow.ServiceWatchWorkflowID(unfit), "").Get(ctx, nil), "the watch ends")

	for _, rec := range []struct {
		name, workflowID string
		budget           int
	}{
		{"quality_fit_after_report", flow.QualityCaseWorkflowID(fit, year), qualityCaseEventBudget},
		{"quality_unfit_after_report", flow.QualityCaseWorkflowID(unfit, year), qualityCaseEventBudget},
		{"quality_cycle_two_cases", cycle, qualityCycleEventBudget},
		{"service_watch_declared_unfit", flow.ServiceWatchWorkflowID(unfit), watchEventBudget},
	} {
		t.Run(rec.name, func(t *testing.T) {
			events := temporaltest.History(ctx, t, h.tc, rec.workflowID, "")
			largest := 0
			for _, e := range events {
				largest = max(largest, proto.Size(e))
			}
			require.LessOrEqual(t, len(events), rec.budget, "history events")
			require.Less(t, largest, eventSizeBudget, "largest event in bytes")
			t.Logf("%s: %d history events, largest event %d bytes", rec.name, len(events), largest)
			if !*record {
				return
			}
			temporaltest.WriteHistory(t, rec.name, events)
		})
	}
}
