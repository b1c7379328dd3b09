package api_test

import (
	"context"
	"errors"
	"fmt"
	enumspb "go.temporal.io/api/enums/v1"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"

	"github.com/dsmarket/dsmarket/models"
)

var ownServices atomic.Int64

// ownService copies SVC-0001 (PV-0001's, registered) to a service of the test's own and
// returns its ID. Watches are keyed by service (service-<ID>) and every test shares one
// Temporal server, so each test watches services no other test touches. csap is the last
// valid day of its CSAP certificate, "" for none.
func (h *harness) ownService(csap string) string {
	h.t.Helper()
	id := fmt.Sprintf("SVC-%09d", 900_000_000+ownServices.Add(1))
	var until *string
	if csap != "" {
		until = &csap
	}
	require.NoError(h.t, h.store.DB().Exec(`
		INSERT INTO services (id, provider_org, name, name_en, description, type, subtype, status, selected_on, csap_valid_until)
		SELECT ?, provider_org, name || ' ' || ?, name_en, description, type, subtype, 'registered', selected_on, ?::date
		FROM services WHERE id = 'SVC-0001'`, id, id, until).Error)
	return id
}

// notified reports whether the outbox holds the notification key among org's latest 50.
func (h *harness) notified(org, key string) bool {
	h.t.Helper()
	sent, err := h.store.ListNotifications(context.Background(), org, 50)
	require.NoError(h.t, err)
	for _, n := range sent {
		if n.Key == key {
			return true
		}
	}
	return false
}

func eventBody(kind, value, effective string) map[string]any {
	return map[string]any{"kind": kind, "value": value, "effective_on": effective, "source": "NICE평가정보 등급 공시"}
}

func dayOffset(n int) string { return models.DateOf(time.Now()).AddDate(0, 0, n).Format(time.DateOnly) }

// watchStarted reports whether the service's watch workflow exists.
func (h *harness) watchStarted(serviceID string) bool {
	h.t.Helper()
	_, err := h.tc.DescribeWorkflowExecution(context.Background(), flow.ServiceWatchWorkflowID(serviceID), "")
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		return false
	}
	require.NoError(h.t, err)
	return true
}

func TestServiceEvents_Record200(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService("2029-06-30")
	path := "/api/v1/services/" + svc + "/events"

	// The first fact starts the watch and is in the answer.
	r := h.do("POST", path, h.operator(), eventBody("credit_rating", "a", dayOffset(-1)), "Idempotency-Key", "nice-1")
	require.Equal(t, http.StatusOK, r.status, r.String())
	w := r.json(t)
	require.Equal(t, svc, w["service_id"])
	require.Equal(t, "watching", w["status"])
	require.Equal(t, "2029-06-30", w["csap_valid_until"])
	require.Len(t, w["events"], 1)
	e := w["events"].([]any)[0].(map[string]any)
	require.Equal(t, "A", e["value"], "the grade is normalized")
	require.Equal(t, "park.operator", e["recorded_by"])
	f := w["findings"].([]any)[0].(map[string]any)
	require.Equal(t, "fit", f["outcome"])
	require.Equal(t, "park.operator", f["by"].(map[string]any)["sub"])
	require.NotEmpty(t, f["at"])
	require.True(t, h.watchStarted(svc))

	// The same key again is the same fact: answered, not recorded twice.
	r = h.do("POST", path, h.operator(), eventBody("credit_rating", "a", dayOffset(-1)), "Idempotency-Key", "nice-1")
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Len(t, r.json(t)["events"], 1)

	// A rating below B- is a re-review ground: the operators are told.
	r = h.do("POST", path, h.operator2(), eventBody("credit_rating", "CCC+", today()))
	require.Equal(t, http.StatusOK, r.status, r.String())
	w = r.json(t)
	require.Equal(t, "rereview_required", w["status"])
	require.Len(t, w["findings"], 2)
	require.Contains(t, w["findings"].([]any)[1].(map[string]any)["reason"], "below the floor B-")
	require.True(t, h.notified("NIA", flow.ServiceWatchWorkflowID(svc)+"/rereview-2"), "the operators' notification is in the outbox")

	// A CSAP renewal moves the validity, in the record and in the catalog.
	r = h.do("POST", path, h.operator(), eventBody("csap", "valid:"+dayOffset(365), today()))
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, dayOffset(365), r.json(t)["csap_valid_until"])
	require.Eventually(t, func() bool {
		c := h.do("GET", "/api/v1/services/"+svc, "", nil).json(t)
		return c["csap_valid_until"] == dayOffset(365) && c["status"] == "registered"
	}, 10*time.Second, 50*time.Millisecond)

	// The operator and auditors read the record; the auditor's history has the findings.
	for _, tok := range []string{h.operator(), h.auditor()} {
		r = h.do("GET", path, tok, nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
		require.Equal(t, "rereview_required", r.json(t)["status"])
		require.Len(t, r.json(t)["events"], 3)
	}
	hist := h.do("GET", "/api/v1/cases/service-"+svc+"/history", h.auditor(), nil)
	require.Equal(t, http.StatusOK, hist.status, hist.String())
	hj := hist.json(t)
	require.Equal(t, "service", hj["case_type"])
	require.Equal(t, svc, hj["case_id"])
	require.Equal(t, "rereview_required", hj["status"])
	decisions := hj["decisions"].([]any)
	require.Len(t, decisions, 3)
	require.Equal(t, "inspection_rereview", decisions[1].(map[string]any)["action"])
	require.Equal(t, "seo.operator", decisions[1].(map[string]any)["actor"].(map[string]any)["sub"])

	// Once the projection caught up, it answers the same when the workflow cannot.
	require.Eventually(t, func() bool {
		p, err := h.store.GetServiceWatch(context.Background(), svc)
		return err == nil && len(p.Findings) == 3
	}, 10*time.Second, 50*time.Millisecond)
}

func TestServiceEvents_Record403(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService("")
	path := "/api/v1/services/" + svc + "/events"
	body := eventBody("business_status", "closed", today())
	for _, tok := range []string{h.agency(), h.provider(), h.auditor(), h.expert("cho.expert"), h.member("song.committee")} {
		h.do("POST", path, tok, body).problem(t, http.StatusForbidden)
	}
	h.do("POST", path, "", body).problem(t, http.StatusUnauthorized)
	for _, tok := range []string{h.agency(), h.provider(), h.expert("cho.expert")} {
		h.do("GET", path, tok, nil).problem(t, http.StatusForbidden)
	}
	require.False(t, h.watchStarted(svc), "a refused request starts nothing")
	require.Equal(t, "registered", h.do("GET", "/api/v1/services/"+svc, "", nil).json(t)["status"])
}

func TestServiceEvents_Record404(t *testing.T) {
	h := newHarness(t)
	h.do("POST", "/api/v1/services/SVC-9999/events", h.operator(), eventBody("credit_rating", "A", today())).problem(t, http.StatusNotFound)
	h.do("POST", "/api/v1/services/not-a-service/events", h.operator(), eventBody("credit_rating", "A", today())).problem(t, http.StatusNotFound)
	// A service without a watch yet has no record to read.
	svc := h.ownService("")
	p := h.do("GET", "/api/v1/services/"+svc+"/events", h.auditor(), nil).problem(t, http.StatusNotFound)
	require.Contains(t, p.Detail, "no inspection record")
	h.do("GET", "/api/v1/cases/service-"+svc+"/history", h.auditor(), nil).problem(t, http.StatusNotFound)
}

func TestServiceEvents_Record422(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService("2029-06-30")
	path := "/api/v1/services/" + svc + "/events"
	for _, tc := range []struct {
		body  any
		field string
	}{
		{eventBody("rating", "A", today()), "kind"},
		{eventBody("credit_rating", "A++", today()), "value"},
		{eventBody("business_status", "paused", today()), "value"},
		{eventBody("debarment", "six months", today()), "value"},
		{eventBody("csap", "revoked", today()), "value"},
		{eventBody("csap", "valid:"+dayOffset(-1), today()), "value"},
		{eventBody("credit_rating", "A", dayOffset(1)), "effective_on"},
		{map[string]any{"kind": "credit_rating", "value": "A", "effective_on": today()}, "source"},
		{map[string]any{"kind": "credit_rating", "value": "A", "effective_on": today(), "source": "x", "note": "y"}, "note"},
		{map[string]any{"kind": "credit_rating", "value": 7, "effective_on": today(), "source": "x"}, "value"},
	} {
		p := h.do("POST", path, h.operator(), tc.body).problem(t, http.StatusUnprocessableEntity)
		require.Equal(t, tc.field, p.Errors[0].Field, "%v", tc.body)
	}
	h.do("POST", path, h.operator(), `{"kind":`).problem(t, http.StatusBadRequest)
	h.do("POST", path, h.operator(), eventBody("credit_rating", "A", today()), "Idempotency-Key", "has space").problem(t, http.StatusUnprocessableEntity)
	require.False(t, h.watchStarted(svc), "an invalid fact starts no watch")
}

func TestServiceEvents_Record409(t *testing.T) {
	h := newHarness(t)
	// A service removed before any watch (SVC-0077 is removed in the seed).
	p := h.do("POST", "/api/v1/services/SVC-0077/events", h.operator(), eventBody("credit_rating", "A", today())).problem(t, http.StatusConflict)
	require.Contains(t, p.Detail, "removed")
	require.False(t, h.watchStarted("SVC-0077"))
}

// TestServiceEvents_ClosureRemovesAndStopsOrders: a closure is unfit at once. The service
// leaves the catalog, its notice is up from today for 20 days, the order in flight on it
// is cancelled with the reason, and nothing more can be recorded.
func TestServiceEvents_ClosureRemovesAndStopsOrders(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService("2029-06-30")
	order := h.orderOn(svc, "Idempotency-Key", "closure-order")
	h.do("POST", "/api/v1/orders/"+order+"/proposal", h.provider(), validProposal)
	require.Eventually(t, func() bool {
		o, err := h.store.GetOrder(context.Background(), order)
		return err == nil && o.Status == models.OrderProposalSubmitted
	}, 10*time.Second, 50*time.Millisecond, "the order's projection lists it in flight")

	closure := eventBody("business_status", "closed", today())
	r := h.do("POST", "/api/v1/services/"+svc+"/events", h.operator(), closure, "Idempotency-Key", "closure-fact")
	require.Equal(t, http.StatusOK, r.status, r.String())
	w := r.json(t)
	require.Equal(t, "unfit", w["status"])
	reason := w["findings"].([]any)[0].(map[string]any)["reason"].(string)
	require.Contains(t, reason, "business closed")

	// The answer comes once the service is out of the catalog and the notice is up.
	require.Equal(t, "removed", h.do("GET", "/api/v1/services/"+svc, "", nil).json(t)["status"])
	notices := h.do("GET", "/api/v1/notices", "", nil)
	require.Equal(t, http.StatusOK, notices.status, notices.String())
	var mine map[string]any
	for _, it := range notices.json(t)["items"].([]any) {
		if n := it.(map[string]any); n["service_id"] == svc {
			mine = n
		}
	}
	require.NotNil(t, mine, "the notice is displayed")
	require.Equal(t, reason, mine["reason"])
	require.Equal(t, today(), mine["from"])
	require.Equal(t, dayOffset(20), mine["until"])
	require.Contains(t, mine["name"], svc)
	require.NotEmpty(t, mine["provider"])

	require.Eventually(t, func() bool { return h.orderStatus(order) == "cancelled" }, 10*time.Second, 50*time.Millisecond)
	o := h.do("GET", "/api/v1/orders/"+order, h.agency(), nil).json(t)
	require.Contains(t, o["reason"], "business closed")
	require.Contains(t, o["reason"], "service removed from the catalog")
	// A Korean page reads the finding in Korean, carried from the watch to the order.
	var stopped *models.Order
	require.Eventually(t, func() bool {
		var err error
		stopped, err = h.store.GetOrder(context.Background(), order)
		return err == nil && stopped.Status == models.OrderCancelled
	}, 10*time.Second, 50*time.Millisecond, "the order's projection is written before its workflow closes")
	require.True(t, h.notified("AG-0001", flow.OrderWorkflowID(order)+"/news-cancelled-agency"), "the agency is told")
	require.Equal(t, "서비스가 카탈로그에서 삭제됨: 폐업 ("+today()+"부터)", stopped.Steps[len(stopped.Steps)-1].NoteText.In(models.LangKO))

	// Removed: no more facts, no new orders; the record stays readable after the watch ended.
	h.do("POST", "/api/v1/services/"+svc+"/events", h.operator(), eventBody("credit_rating", "AAA", today())).problem(t, http.StatusConflict)
	h.do("POST", "/api/v1/orders", h.agency(), orderBody(svc)).problem(t, http.StatusConflict)
	// Retries of what was answered before the removal get their first answers.
	r = h.do("POST", "/api/v1/services/"+svc+"/events", h.operator(), closure, "Idempotency-Key", "closure-fact")
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, "unfit", r.json(t)["status"])
	require.Len(t, r.json(t)["findings"], 1, "the fact is not recorded twice")
	r = h.do("POST", "/api/v1/orders", h.agency(), orderBody(svc), "Idempotency-Key", "closure-order")
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, order, r.json(t)["id"])
	require.Equal(t, "cancelled", r.json(t)["status"])
	got := h.do("GET", "/api/v1/services/"+svc+"/events", h.auditor(), nil)
	require.Equal(t, http.StatusOK, got.status, got.String())
	require.Equal(t, "unfit", got.json(t)["status"])
	hist := h.do("GET", "/api/v1/cases/service-"+svc+"/history", h.auditor(), nil).json(t)
	require.Equal(t, "unfit", hist["status"])
	require.Equal(t, "inspection_unfit", hist["decisions"].([]any)[0].(map[string]any)["action"])
}

// TestNotices_ShownThenGone: the public list holds the notices whose days include today
// (Seoul): one ending today is shown, one that ended yesterday or starts tomorrow is not.
func TestNotices_ShownThenGone(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	date := func(s string) models.Date { d, err := models.ParseDate(s); require.NoError(t, err); return d }
	for _, n := range []models.UnfitNotice{
		{ServiceID: "SVC-0010", Name: "ten", Provider: "p", Reason: "폐업", From: date(dayOffset(-21)), Until: date(dayOffset(-1))},
		{ServiceID: "SVC-0011", Name: "eleven", Provider: "p", Reason: "부도", From: date(dayOffset(-20)), Until: date(today())},
		{ServiceID: "SVC-0012", Name: "twelve", Provider: "p", Reason: "CSAP 인증 취소", From: date(dayOffset(1)), Until: date(dayOffset(21))},
		{ServiceID: "SVC-0013", Name: "thirteen", Provider: "p", Reason: "CSAP 인증 만료", From: date(today()), Until: date(dayOffset(20))},
	} {
		require.NoError(t, h.store.SaveUnfitNotice(ctx, n, time.Now()))
	}
	r := h.do("GET", "/api/v1/notices", "", nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	var ids []string
	for _, it := range r.json(t)["items"].([]any) {
		ids = append(ids, it.(map[string]any)["service_id"].(string))
	}
	require.Equal(t, []string{"SVC-0013", "SVC-0011"}, ids, "newest first; the expired and the future ones are not shown")
	// A token is not needed, and a sent one must be valid.
	h.do("GET", "/api/v1/notices", h.agency(), nil)
	h.do("GET", "/api/v1/notices", "", nil, "Authorization", "Bearer nope").problem(t, http.StatusUnauthorized)
}

// TestServiceEvents_TerminatedWatchResumesFromItsRecord: a watch terminated by hand (an
// operator in the Temporal Web UI, say) starts again with the next fact, from the record its
// projection kept, not from nothing.
func TestServiceEvents_TerminatedWatchResumesFromItsRecord(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	svc := h.ownService("2029-06-30")
	path := "/api/v1/services/" + svc + "/events"
	r := h.do("POST", path, h.operator(), eventBody("credit_rating", "CCC", today()), "Idempotency-Key", "ccc-fact")
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Eventually(t, func() bool {
		p, err := h.store.GetServiceWatch(ctx, svc)
		return err == nil && len(p.Findings) == 1
	}, 10*time.Second, 50*time.Millisecond)
	require.NoError(t, h.tc.TerminateWorkflow(ctx, flow.ServiceWatchWorkflowID(svc), "", "test: terminated by hand"))

	// A retry of the first fact, its answer lost, records no second fact and starts no
	// new run.
	r = h.do("POST", path, h.operator(), eventBody("credit_rating", "CCC", today()), "Idempotency-Key", "ccc-fact")
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Len(t, r.json(t)["events"], 1)
	d, err := h.tc.DescribeWorkflowExecution(ctx, flow.ServiceWatchWorkflowID(svc), "")
	require.NoError(t, err)
	require.Equal(t, enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED, d.WorkflowExecutionInfo.Status, "the retry started no run")

	r = h.do("POST", path, h.operator(), eventBody("credit_rating", "A", today()))
	require.Equal(t, http.StatusOK, r.status, r.String())
	w := r.json(t)
	require.Equal(t, "rereview_required", w["status"], "the ground recorded before the termination stands")
	require.Len(t, w["events"], 2)
	require.Eventually(t, func() bool {
		p, err := h.store.GetServiceWatch(ctx, svc)
		return err == nil && len(p.Findings) == 2
	}, 10*time.Second, 50*time.Millisecond, "the projection moves on from the resumed record")
}
