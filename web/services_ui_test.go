package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestServiceInspectionToUnfitNotice: an operator records a closure on a service's page;
// the service leaves the catalog, its order in flight is stopped with the reason, and the
// public notice board shows it. Auditors read the record and may not record.
func TestServiceInspectionToUnfitNotice(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService()
	orderID := h.newOrderOn(svc)

	anon := h.visitor().get("/ui/services/" + svc)
	require.Equal(t, http.StatusOK, anon.status)
	require.NotContains(t, anon.body, `id="inspect-h"`, "the inspection record is not public")

	v := h.visitor()
	v.signIn("park.operator")
	page := v.get("/ui/services/" + svc)
	require.Contains(t, page.body, `action="/ui/services/`+svc+`/events"`)
	r := v.post("/ui/services/"+svc+"/events", url.Values{"kind": {"business_status"}, "value": {"closed"},
		"effective_on": {inDays(0)}, "source": {""}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Regexp(t, `id="e-source">[^<]+<`, r.body, "the error beside the field")
	svcRow, err := h.store.GetService(context.Background(), svc)
	require.NoError(t, err)
	require.Equal(t, models.ServiceRegistered, svcRow.Status, "a refused fact changes nothing")

	r = v.post("/ui/services/"+svc+"/events", url.Values{"kind": {"business_status"}, "value": {"closed"},
		"effective_on": {inDays(0)}, "source": {"국세청 휴폐업 조회"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.Eventually(t, func() bool {
		s, err := h.store.GetService(context.Background(), svc)
		return err == nil && s.Status == models.ServiceRemoved
	}, 15*time.Second, 50*time.Millisecond, "the unfit service leaves the catalog")
	require.Eventually(t, func() bool {
		o, err := h.orders.Get(context.Background(), kimAgency, orderID)
		return err == nil && o.Status == models.OrderCancelled
	}, 15*time.Second, 50*time.Millisecond, "the order in flight is stopped")
	page = v.get("/ui/services/" + svc)
	require.Contains(t, page.body, `data-status="removed"`)
	require.NotContains(t, page.body, `action="/ui/services/`+svc+`/events"`, "nothing more to record on a removed service")

	board := h.visitor().get("/ui/notices")
	require.Equal(t, http.StatusOK, board.status)
	require.Contains(t, board.body, `data-service="`+svc+`"`, "the public notice")
	require.Contains(t, board.body, inDays(20), "shown at least 20 days")

	a := h.visitor()
	a.signIn("lee.auditor")
	page = a.get("/ui/services/" + svc)
	require.Contains(t, page.body, `id="findings"`)
	require.NotContains(t, page.body, `/events"`, "no form for auditors")
	require.Equal(t, http.StatusForbidden, a.post("/ui/services/"+svc+"/events", url.Values{"kind": {"csap"}}).status)
	require.Equal(t, http.StatusOK, a.get("/ui/cases/service-"+svc).status, "the auditor's timeline of the service")
}

// TestInformationChangeInTheUI: the provider asks for a description change on its
// service's page, and to empty its key features; the operator approves it; the catalog
// shows the new description, no features and the history of the change. A CSAP change goes to re-review instead.
func TestInformationChangeInTheUI(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService()
	require.NoError(t, h.store.DB().Exec(`UPDATE services SET features = '["민원 접수", "처리 현황 안내"]' WHERE id = ?`, svc).Error)
	p := h.visitor()
	p.signIn("jung.provider")
	page := p.get("/ui/services/" + svc)
	require.Contains(t, page.body, `action="/ui/services/`+svc+`/change-requests"`)
	require.Contains(t, page.body, `name="features_clear"`, "a list the service has may be emptied")
	require.NotContains(t, page.body, `name="prices_clear"`, "the service has no price list to empty")
	r := p.post("/ui/services/"+svc+"/change-requests", url.Values{"reason": {"기능 추가"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status, "no change at all")
	r = p.post("/ui/services/"+svc+"/change-requests", url.Values{"features_clear": {"true"}, "features": {"새 기능"}, "reason": {"기능 정리"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status, "remove all beside new lines")
	require.Contains(t, r.body, `id="e-features">모두 지우기를 고르셨으면 이 칸은 비워 두십시오<`)
	// The new service overview goes with the request, as the form uploads it.
	r = p.postFiles("/ui/services/"+svc+"/change-requests", url.Values{"description": {"민원 접수와 처리 현황 안내 SaaS"},
		"features_clear": {"true"}, "reason": {"기능 정리"}, "documents[0].kind": {"service_overview"}},
		map[string]upload{"documents[0].file": {"서비스 개요서 v2.pdf", minimalPDF("개요서 v2")}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	crID := strings.TrimPrefix(strings.SplitN(r.location, "?", 2)[0], "/ui/changes/")
	page = p.get("/ui/changes/" + crID)
	require.Contains(t, page.body, `id="change-documents"`)
	require.Contains(t, page.body, `">서비스 개요서 v2.pdf</a>`, "the request lists its file")

	w := h.visitor()
	w.signIn("han.provider")
	require.Equal(t, http.StatusNotFound, w.get("/ui/changes/"+crID).status, "another provider's request")
	require.NotContains(t, w.get("/ui/services/"+svc).body, `/change-requests"`, "only the service's provider may ask")

	o := h.visitor()
	o.signIn("park.operator")
	require.Eventually(t, func() bool {
		return strings.Contains(o.get("/ui/changes/"+crID).body, `action="/ui/changes/`+crID+`/decision"`)
	}, 15*time.Second, 50*time.Millisecond)
	doc := regexp.MustCompile(`data-document="(DOC-[0-9a-f]{32})"`).FindStringSubmatch(o.get("/ui/changes/" + crID).body)
	require.NotNil(t, doc, "the operator's page links the request's file")
	require.Equal(t, http.StatusOK, o.get("/ui/documents/"+doc[1]).status, "the operator opens it before deciding")
	r = o.post("/ui/changes/"+crID+"/decision", url.Values{"approve": {"false"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status, "a rejection needs its reason")
	r = o.post("/ui/changes/"+crID+"/decision", url.Values{"approve": {"true"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.Eventually(t, func() bool {
		s, err := h.store.GetService(context.Background(), svc)
		return err == nil && s.Description == "민원 접수와 처리 현황 안내 SaaS" && len(s.Features) == 0
	}, 15*time.Second, 50*time.Millisecond, "the approved change is applied to the catalog, its features emptied")
	require.Contains(t, h.visitor().get("/ui/services/"+svc).body, `id="service-changes"`, "the public history of changes")

	r = p.post("/ui/services/"+svc+"/change-requests", url.Values{"csap_valid_until": {inDays(400)}, "reason": {"CSAP 갱신"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	rereview := strings.TrimPrefix(strings.SplitN(r.location, "?", 2)[0], "/ui/changes/")
	require.Eventually(t, func() bool {
		cr, err := h.changes.Get(context.Background(), parkOperator, rereview)
		return err == nil && cr.Status == models.ChangeRereviewStarted
	}, 15*time.Second, 50*time.Millisecond, "a selection criterion goes to re-review")
	require.Contains(t, o.get("/ui/changes/"+rereview).body, `id="change-awaits-rereview"`, "the request tells what it waits for")
}
