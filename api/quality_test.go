package api_test

import (
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

var qualityServices atomic.Int64

// ownQualityService copies SVC-0001 (PV-0001's) to a service of the test's own, selected
// long enough ago to be due in this year's cycle, and makes every other service of the
// test's database too recent to be due, so that the test's cycle opens exactly one case.
// Quality cases are keyed by service and year (quality-<ID>-<year>) on a server every test
// shares (one per test binary), and only SVC-<4–6 digits> IDs map to case and task IDs: the
// copy's number is 6 digits, counted in the test binary.
func (h *harness) ownQualityService() string {
	h.t.Helper()
	id := fmt.Sprintf("SVC-%06d", 950_000+qualityServices.Add(1))
	require.NoError(h.t, h.store.DB().Exec(`UPDATE services SET selected_on = current_date
		WHERE id NOT BETWEEN 'SVC-950000' AND 'SVC-999999'`).Error)
	require.NoError(h.t, h.store.DB().Exec(`
		INSERT INTO services (id, provider_org, name, name_en, description, type, subtype, status, selected_on, csap_valid_until)
		SELECT ?, provider_org, name || ' ' || ?, name_en, description, type, subtype, 'registered', DATE '2024-01-10', DATE '2029-01-09'
		FROM services WHERE id = 'SVC-0001'`, id, id).Error)
	return id
}

func qualityReportBody() map[string]any {
	return map[string]any{"summary": "연간 가용성 99.95%, 장애 2건 (SLA 준수)", "availability_pct": 99.95, "incidents": 2,
		"documents": documents(models.DocSLAPolicy)}
}

type caller func(method, path, token string, body any, want int, headers ...string) response

// exerciseQuality runs the regular quality inspection through REST only: the operator
// starts the year's cycle, the provider reports, the operator pre-reviews and completes the
// quality_inspection task as unfit; the service is removed through its watch, its notice
// is published and the auditor reads the case's history. The errors on the way, too.
func exerciseQuality(t *testing.T, h *harness, call caller) {
	t.Helper()
	svc := h.ownQualityService()
	year := time.Now().In(models.Seoul).Year()
	qc := models.QualityCaseID(svc, year)

	call("POST", "/api/v1/quality-cycles", h.provider(), nil, 403)
	started := call("POST", "/api/v1/quality-cycles", h.operator(), nil, 202, "Idempotency-Key", "qc-cycle").json(t)
	require.Equal(t, float64(year), started["year"])
	again := call("POST", "/api/v1/quality-cycles", h.operator(), nil, 202).json(t)
	require.Equal(t, started["workflow_id"], again["workflow_id"], "the same cycle, by its business key")

	// The cycle opens the case; the list (the projection) shows it.
	require.Eventually(t, func() bool {
		r := h.do("GET", "/api/v1/quality-cases?service_id="+svc, h.operator(), nil)
		return r.status == http.StatusOK && len(r.json(t)["items"].([]any)) == 1
	}, 30*time.Second, 100*time.Millisecond, "the cycle opens the case of %s", svc)
	call("GET", "/api/v1/quality-cases?service_id="+svc+"&year="+fmt.Sprint(year)+"&status=report_requested", h.auditor(), nil, 200)
	mine := call("GET", "/api/v1/quality-cases?page_size=10", h.provider(), nil, 200).json(t)
	for _, it := range mine["items"].([]any) {
		require.Equal(t, "PV-0001", it.(map[string]any)["provider_org"])
	}
	call("GET", "/api/v1/quality-cases?status=closed", h.operator(), nil, 422)
	call("GET", "/api/v1/quality-cases", h.agency(), nil, 403)
	c := call("GET", "/api/v1/quality-cases/"+qc, h.provider(), nil, 200).json(t)
	require.Equal(t, "report_requested", c["status"])
	call("GET", "/api/v1/quality-cases/"+qc, h.provider2(), nil, 404)
	call("GET", "/api/v1/quality-cases/QC-2020-0001", h.operator(), nil, 404)

	// The provider's report.
	report := "/api/v1/services/" + svc + "/quality-reports"
	call("POST", report, h.agency(), qualityReportBody(), 403)
	call("POST", report, h.provider2(), qualityReportBody(), 404)
	none := call("POST", "/api/v1/services/SVC-0001/quality-reports", h.provider(), qualityReportBody(), 404).problem(t, 404)
	require.Contains(t, none.Detail, "no open quality case", "PV-0001's own service, selected today: no case")
	call("POST", report, h.provider(), map[string]any{"summary": "x", "incidents": 0}, 422)
	call("POST", report, h.provider(), `{"summary":`, 400)
	c = call("POST", report, h.provider(), qualityReportBody(), 200, "Idempotency-Key", "qc-report").json(t)
	require.Equal(t, "report_submitted", c["status"])
	call("POST", report, h.provider(), qualityReportBody(), 200, "Idempotency-Key", "qc-report")
	call("POST", report, h.provider(), qualityReportBody(), 409)

	// The operator's pre-review opens the first round.
	prereview := "/api/v1/quality-cases/" + qc + "/prereview"
	call("POST", prereview, h.provider(), map[string]any{"accepted": true}, 403)
	call("POST", prereview, h.operator(), map[string]any{"accepted": false}, 422)
	call("POST", "/api/v1/quality-cases/QC-2020-0001/prereview", h.operator(), map[string]any{"accepted": true}, 404)
	c = call("POST", prereview, h.operator(), map[string]any{"accepted": true, "note": "보고서 적정"}, 200).json(t)
	require.Equal(t, float64(1), c["round"])
	call("POST", prereview, h.operator(), map[string]any{"accepted": true}, 409)

	// The inspection round is a task in the operators' inbox.
	task := h.openTask(h.operator(), qc, models.TaskQualityInspection)
	tk := call("GET", "/api/v1/tasks/"+task, h.operator2(), nil, 200).json(t)
	require.Equal(t, "quality", tk["case_type"])
	call("GET", "/api/v1/tasks/"+task, h.auditor(), nil, 200)
	call("GET", "/api/v1/tasks/"+task, h.expert("cho.expert"), nil, 404)
	complete := "/api/v1/tasks/" + task + "/complete"
	call("POST", complete, h.operator(), map[string]any{"vote": "select"}, 422)
	call("POST", complete, h.operator(), map[string]any{"outcome": "unfit"}, 422)         // no reason
	call("POST", complete, h.expert("cho.expert"), map[string]any{"outcome": "fit"}, 404) // not theirs to know
	due := models.DateOf(time.Now()).AddDate(0, 0, 30).Format(time.DateOnly)
	c = call("POST", complete, h.operator(), map[string]any{"outcome": "remediate", "reason": "백업 복구 훈련 미실시", "due": due}, 200).json(t)
	require.Equal(t, "remediating", c["status"])

	// The provider reports its remediation; the second round opens at once.
	remediation := "/api/v1/quality-cases/" + qc + "/remediation"
	done := map[string]any{"summary": "분기 복구 훈련을 시행했습니다"}
	call("POST", remediation, h.operator(), done, 403)
	call("POST", remediation, h.provider2(), done, 404)
	call("POST", remediation, h.provider(), map[string]any{"summary": " "}, 422)
	call("POST", remediation, h.provider(), `{"summary":`, 400)
	c = call("POST", remediation, h.provider(), done, 200, "Idempotency-Key", "qc-remediation").json(t)
	require.Equal(t, "inspecting", c["status"])
	require.Equal(t, float64(2), c["round"])
	require.Len(t, c["remediations"], 1)
	call("POST", remediation, h.provider(), done, 200, "Idempotency-Key", "qc-remediation")
	call("POST", remediation, h.provider(), done, 409)
	task = qc + "-T02"
	require.Eventually(t, func() bool {
		r := h.do("GET", "/api/v1/tasks/"+task, h.operator(), nil)
		return r.status == http.StatusOK && r.json(t)["status"] == "open"
	}, 30*time.Second, 100*time.Millisecond, "the second round's task %s opens", task)
	complete = "/api/v1/tasks/" + task + "/complete"
	c = call("POST", complete, h.operator(), map[string]any{"on_site": true, "reason": "현장 확인 필요"}, 200).json(t)
	require.Equal(t, true, c["on_site"])
	unfit := map[string]any{"outcome": "unfit", "reason": "SLA 미달 및 보안 취약점 미조치", "on_site": true}
	c = call("POST", complete, h.operator(), unfit, 200, "Idempotency-Key", "qc-unfit").json(t)
	require.Equal(t, "unfit", c["status"])
	call("POST", complete, h.operator(), unfit, 409)

	// The verdict removes the service through its watch: catalog, notice.
	require.Eventually(t, func() bool {
		r := h.do("GET", "/api/v1/services/"+svc, "", nil)
		return r.status == http.StatusOK && r.json(t)["status"] == "removed"
	}, 30*time.Second, 100*time.Millisecond, "the unfit service leaves the catalog")
	// The notice follows the removal, a step later.
	require.Eventually(t, func() bool {
		for _, n := range h.do("GET", "/api/v1/notices", "", nil).json(t)["items"].([]any) {
			if n.(map[string]any)["service_id"] == svc {
				require.Contains(t, n.(map[string]any)["reason"], qc)
				return true
			}
		}
		return false
	}, 30*time.Second, 100*time.Millisecond, "the notice of %s is published", svc)
	call("GET", "/api/v1/notices", "", nil, 200)
	call("GET", "/api/v1/services/"+svc+"/events", h.auditor(), nil, 200)

	hist := call("GET", "/api/v1/cases/"+flow.QualityCaseWorkflowID(svc, year)+"/history", h.auditor(), nil, 200).json(t)
	require.Equal(t, "quality", hist["case_type"])
	require.Equal(t, qc, hist["case_id"])
	require.Equal(t, "unfit", hist["status"])
	require.GreaterOrEqual(t, len(hist["decisions"].([]any)), 5)
	call("GET", "/api/v1/cases/"+flow.QualityCaseWorkflowID(svc, year)+"/history", h.provider(), nil, 403)
	call("GET", "/api/v1/cases/quality-SVC-0001-1999/history", h.auditor(), nil, 404)
}

// TestQuality_EndToEnd: the whole regular inspection through REST only.
func TestQuality_EndToEnd(t *testing.T) {
	h := newHarness(t)
	exerciseQuality(t, h, func(method, path, token string, body any, want int, headers ...string) response {
		t.Helper()
		r := h.do(method, path, token, body, headers...)
		require.Equal(t, want, r.status, "%s %s: %s", method, path, r.String())
		return r
	})
}

// TestQuality_TaskCompletionStillAnswersApplications: an application's task still answers
// the application's view (the inbox's answer for quality tasks is the quality case).
func TestQuality_TaskCompletionStillAnswersApplications(t *testing.T) {
	h := newHarness(t)
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	task := h.openTask(h.operator(), id, models.TaskDocumentCheck)
	out := h.complete(h.operator(), task, map[string]any{"outcome": "accept"})
	require.Equal(t, id, out["id"])
	require.Contains(t, out, "open_tasks")
}
