package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// TestQualityCaseInTheUI: the year's cycle opens a case; the provider reports from the
// case's page with a file (a bad number first, the file kept), the operator opens the
// file and pre-reviews it, and completes the
// quality_inspection task from the inbox; the auditor reads it all without forms.
func TestQualityCaseInTheUI(t *testing.T) {
	h := newHarness(t)
	svc := h.ownQualityService()
	year := time.Now().In(models.Seoul).Year()
	qcID := models.QualityCaseID(svc, year)
	_, err := h.quality.StartCycle(context.Background(), parkOperator)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		items, _, err := h.quality.List(context.Background(), parkOperator, app.QualityCaseQuery{ServiceID: svc})
		return err == nil && len(items) == 1
	}, 30*time.Second, 100*time.Millisecond, "the cycle opens the case of %s", svc)

	p := h.visitor()
	p.signIn("jung.provider")
	require.Contains(t, p.get("/ui/quality").body, `href="/ui/quality/`+qcID+`"`)
	page := p.get("/ui/quality/" + qcID)
	require.Contains(t, page.body, `action="/ui/quality/`+qcID+`/report"`)
	require.Contains(t, page.body, `enctype="multipart/form-data"`, "the report carries its files")
	// A refused report keeps the file it uploaded; the corrected one references it.
	sent := hiddenFields(t, page.body)
	sent.Set("summary", "연간 가용성 99.95%, 장애 2건")
	sent.Set("availability_pct", "abc")
	sent.Set("incidents", "2")
	sent.Set("documents[0].kind", "sla_policy")
	sla := minimalPDF("가용성 측정 보고")
	r := p.postFiles("/ui/quality/"+qcID+"/report", sent, map[string]upload{"documents[0].file": {"가용성.pdf", sla}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, `id="e-availability_pct">숫자여야 합니다<`)
	require.Contains(t, r.body, `id="kept-0"`, "the uploaded file is kept")
	kept := hiddenFields(t, r.body)
	docID := kept.Get("documents[0].document_id")
	require.NotEmpty(t, docID)
	kept.Set("summary", "연간 가용성 99.95%, 장애 2건")
	kept.Set("availability_pct", "99.95")
	kept.Set("incidents", "2")
	kept.Set("documents[0].kind", "sla_policy")
	r = p.postFiles("/ui/quality/"+qcID+"/report", kept, nil)
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	qc, err := h.quality.Get(context.Background(), parkOperator, qcID)
	require.NoError(t, err)
	require.Len(t, qc.Report.Documents, 1)
	require.Equal(t, docID, qc.Report.Documents[0].DocumentID)
	require.Equal(t, "가용성.pdf", qc.Report.Documents[0].Filename)

	o := h.visitor()
	o.signIn("park.operator")
	page = o.get("/ui/quality/" + qcID)
	require.Contains(t, page.body, `action="/ui/quality/`+qcID+`/prereview"`)
	require.Contains(t, page.body, `href="/ui/documents/`+docID+`"`, "the operator opens the report's file from the case")
	got := o.get("/ui/documents/" + docID)
	require.Equal(t, http.StatusOK, got.status)
	require.Equal(t, string(sla), got.body)
	r = o.post("/ui/quality/"+qcID+"/prereview", url.Values{"accepted": {"true"}, "note": {"보고서 완비"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	taskID := h.openTask(parkOperator, qcID, models.TaskQualityInspection)
	// The case names the service as the catalog does in each language: an English inbox
	// reads the English name, a Korean one the Korean name.
	catalog, err := h.store.GetService(context.Background(), svc)
	require.NoError(t, err)
	require.NotEmpty(t, catalog.NameEn, "the seed names SVC-0001 in English")
	require.Contains(t, o.get("/ui/inbox").body, html.EscapeString(fmt.Sprintf("품질점검 %d년 1차: %s", year, catalog.Name)))
	o.get("/ui/lang?to=en&back=%2Fui%2Finbox")
	require.Contains(t, o.get("/ui/inbox").body, html.EscapeString(fmt.Sprintf("Quality inspection %d/1: %s", year, catalog.NameEn)))
	p.get("/ui/lang?to=en&back=%2Fui%2Fnotifications")
	require.Contains(t, p.get("/ui/notifications").body, html.EscapeString(fmt.Sprintf("Quality report request %d: %s", year, catalog.NameEn)))
	o.get("/ui/lang?to=ko&back=%2Fui%2Finbox")
	task := o.get("/ui/tasks/" + taskID)
	require.Contains(t, task.body, `id="quality-summary"`, "the task opens the quality case")
	require.Contains(t, task.body, `name="on_site"`)
	r = o.post("/ui/tasks/"+taskID, url.Values{"outcome": {"fit"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	qc, err = h.quality.Get(context.Background(), leeAuditor, qcID)
	require.NoError(t, err)
	require.Equal(t, models.QualityFit, qc.Status)

	a := h.visitor()
	a.signIn("lee.auditor")
	page = a.get("/ui/quality/" + qcID)
	require.Equal(t, http.StatusOK, page.status)
	require.NotContains(t, page.body, `action="/ui/quality/`, "no forms for auditors")
	require.Equal(t, http.StatusOK, a.get("/ui/cases/"+qc.WorkflowID).status)
	require.Equal(t, http.StatusForbidden, a.post("/ui/quality/"+qcID+"/prereview", url.Values{"accepted": {"true"}}).status)
}
