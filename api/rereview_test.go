package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// findRereview pages through the applications in expert review, as the operator lists
// them, for the re-review of serviceID.
func (h *harness) findRereview(serviceID string) map[string]any {
	h.t.Helper()
	token := ""
	for {
		r := h.do("GET", "/api/v1/applications?status=expert_review&page_size=500&page_token="+token, h.operator(), nil)
		require.Equal(h.t, http.StatusOK, r.status, r.String())
		page := r.json(h.t)
		for _, it := range page["items"].([]any) {
			a := it.(map[string]any)
			if rr, ok := a["rereview"].(map[string]any); ok && rr["service_id"] == serviceID {
				return a
			}
		}
		next, _ := page["next_page_token"].(string)
		if next == "" {
			return nil
		}
		token = next
	}
}

// decideRereview takes re-review id of svc from its assign_experts task through two
// experts' reviews (each giving opinion) to a committee session whose three members all
// vote vote, and closes the session.
func (h *harness) decideRereview(svc, id, assignTask, opinion string, vote map[string]any) {
	h.t.Helper()
	h.complete(h.operator(), assignTask, map[string]any{"experts": []string{"cho.expert", "yoo.expert"}})
	h.complete(h.expert("cho.expert"), h.openTask(h.expert("cho.expert"), id, models.TaskExpertReview), reviewBody(opinion, false))
	a := h.complete(h.expert("yoo.expert"), h.openTask(h.expert("yoo.expert"), id, models.TaskExpertReview), reviewBody(opinion, false))
	require.Equal(h.t, "awaiting_committee", a["status"])
	sid := h.openSession("rr-session-" + svc)
	h.awaitSession(id, sid)
	for _, m := range []string{"song.committee", "lim.committee", "kwon.committee"} {
		h.complete(h.member(m), h.openTask(h.member(m), id, models.TaskCommitteeVote), vote)
	}
	r := h.do("POST", "/api/v1/committee/sessions/"+sid+"/close", h.operator(), nil, "Idempotency-Key", "rr-close-"+svc)
	require.Equal(h.t, http.StatusOK, r.status, r.String())
}

// A re-review ground of the continuous inspection starts the re-review: the same
// Application workflow, at expert review, with the operator's assign_experts task in the
// inbox; the fact recorded again under its key starts nothing more.
func TestRereview_StartedByContinuousInspection(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService("")
	path := "/api/v1/services/" + svc + "/events"
	r := h.do("POST", path, h.operator(), eventBody("credit_rating", "CCC+", dayOffset(-1)), "Idempotency-Key", "rr-"+svc)
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, "rereview_required", r.json(t)["status"])

	var a map[string]any
	require.Eventually(t, func() bool { a = h.findRereview(svc); return a != nil }, 10*time.Second, 100*time.Millisecond,
		"no re-review of %s in GET /api/v1/applications", svc)
	id := a["id"].(string)
	require.Regexp(t, `^APP-\d{4}-\d{6}$`, id)
	require.Equal(t, "application-"+id, a["workflow_id"])
	require.Equal(t, "expert_review", a["status"])
	require.Equal(t, svc, a["service_id"])
	require.Equal(t, "PV-0001", a["provider"].(map[string]any)["org"])
	rr := a["rereview"].(map[string]any)
	require.Equal(t, "inspection", rr["from"])
	require.True(t, strings.HasPrefix(rr["case_ref"].(string), "service-"+svc+"/rereview-"), rr["case_ref"])
	require.Contains(t, rr["ground"], "CCC+")
	steps := a["steps"].([]any)
	require.Equal(t, models.ActionRereviewOpened, steps[0].(map[string]any)["action"])

	// The operator's inbox has the assignment; the provider sees its re-review.
	require.NotEmpty(t, h.openTask(h.operator(), id, models.TaskAssignExperts))
	r = h.do("GET", "/api/v1/applications/"+id, h.provider(), nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	// A re-review is not the provider's to withdraw.
	r = h.do("POST", "/api/v1/applications/"+id+"/withdraw", h.provider(), map[string]any{"reason": "철회"})
	require.Equal(t, http.StatusConflict, r.status, r.String())

	// The same fact under the same key is the same fact: one re-review.
	r = h.do("POST", path, h.operator(), eventBody("credit_rating", "CCC+", dayOffset(-1)), "Idempotency-Key", "rr-"+svc)
	require.Equal(t, http.StatusOK, r.status, r.String())
	var n int64
	require.NoError(t, h.store.DB().Raw(`SELECT count(*) FROM rereviews WHERE service_id = ?`, svc).Scan(&n).Error)
	require.EqualValues(t, 1, n)
}

// A re-review the committee does not select takes the service out of the catalog through
// its watch (declare-unfit): removed, the watch unfit, and no new catalog entry or notice;
// the expert assignment still refuses a conflicted expert.
func TestRereview_NotSelectedRemovesTheService(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService(dayOffset(700)) // a CSAP certificate: the security items are skipped
	r := h.do("POST", "/api/v1/services/"+svc+"/events", h.operator(), eventBody("credit_rating", "CCC", dayOffset(-1)), "Idempotency-Key", "rr-"+svc)
	require.Equal(t, http.StatusOK, r.status, r.String())
	var a map[string]any
	require.Eventually(t, func() bool { a = h.findRereview(svc); return a != nil }, 10*time.Second, 100*time.Millisecond)
	id := a["id"].(string)

	assign := h.openTask(h.operator(), id, models.TaskAssignExperts)
	p := h.do("POST", "/api/v1/tasks/"+assign+"/complete", h.operator(),
		map[string]any{"experts": []string{"kang.expert", "cho.expert"}}).problem(t, 422)
	require.Equal(t, "experts[0]", p.Errors[0].Field)
	h.decideRereview(svc, id, assign, "unsuitable", map[string]any{"vote": "reject", "reason": "재무 회복 불확실"})

	require.Eventually(t, func() bool {
		a = h.application(id)
		rr, _ := a["rereview"].(map[string]any)
		return a["status"] == "not_selected" && rr["outcome"] == models.RereviewUnfitRequested
	}, 15*time.Second, 100*time.Millisecond, "the re-review's decision is carried out")
	require.Nil(t, a["notice_no"])
	require.Equal(t, svc, a["service_id"])

	w := h.do("GET", "/api/v1/services/"+svc+"/events", h.operator(), nil).json(t)
	require.Equal(t, "unfit", w["status"])
	findings := w["findings"].([]any)
	require.Contains(t, findings[len(findings)-1].(map[string]any)["reason"], id)
	var status string
	require.NoError(t, h.store.DB().Raw(`SELECT status FROM services WHERE id = ?`, svc).Scan(&status).Error)
	require.Equal(t, string(models.ServiceRemoved), status)
	var outcome string
	require.NoError(t, h.store.DB().Raw(`SELECT outcome FROM rereviews WHERE application_id = ?`, id).Scan(&outcome).Error)
	require.Equal(t, models.RereviewUnfitRequested, outcome)

	// The re-review's history, for the replay test of the Application workflow's re-review
	// branch (`go test ./api -run TestRereview_NotSelectedRemovesTheService -record`).
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	wid := flow.ApplicationWorkflowID(id)
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))
	h.recordHistory(t, ctx, wid, "application_rereview_not_selected", 200)
}

// A re-review the committee selects again confirms the service and clears its ground on
// the watch (confirm-rereview): the watch is back to watching and says by which re-review;
// a later closure still removes the service. The watch's history is recorded for the
// replay test (`go test ./api -run TestRereview_SelectedClearsTheGround -record`).
func TestRereview_SelectedClearsTheGround(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService(dayOffset(700))
	events := "/api/v1/services/" + svc + "/events"
	r := h.do("POST", events, h.operator(), eventBody("credit_rating", "CCC", dayOffset(-1)), "Idempotency-Key", "rr-"+svc)
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, "rereview_required", r.json(t)["status"])
	var a map[string]any
	require.Eventually(t, func() bool { a = h.findRereview(svc); return a != nil }, 10*time.Second, 100*time.Millisecond)
	id := a["id"].(string)

	h.decideRereview(svc, id, h.openTask(h.operator(), id, models.TaskAssignExperts), "suitable", map[string]any{"vote": "select"})

	var w map[string]any
	require.Eventually(t, func() bool {
		w = h.do("GET", events, h.operator(), nil).json(t)
		return w["status"] == "watching"
	}, 15*time.Second, 100*time.Millisecond, "the confirmed re-review clears the ground")
	confirmed := w["rereviews_confirmed"].([]any)
	require.Len(t, confirmed, 1)
	require.Equal(t, id, confirmed[0].(map[string]any)["application_id"])
	require.Equal(t, flow.ServiceWatchRereviewRef(svc, 1), confirmed[0].(map[string]any)["case_ref"])
	a = h.application(id)
	require.Equal(t, "selected", a["status"])
	require.Equal(t, models.RereviewConfirmed, a["rereview"].(map[string]any)["outcome"])
	var status string
	require.NoError(t, h.store.DB().Raw(`SELECT status FROM services WHERE id = ?`, svc).Scan(&status).Error)
	require.Equal(t, string(models.ServiceRegistered), status, "the service stays in the catalog")

	// The auditor's timeline of the watch names the re-review.
	hist := h.do("GET", "/api/v1/cases/"+flow.ServiceWatchWorkflowID(svc)+"/history", h.auditor(), nil)
	require.Equal(t, http.StatusOK, hist.status, hist.String())
	decisions := hist.json(t)["decisions"].([]any)
	last := decisions[len(decisions)-1].(map[string]any)
	require.Equal(t, models.ActionRereviewConfirmed, last["action"])
	require.Equal(t, "watching", last["status"])
	require.Contains(t, last["note"], id)

	r = h.do("POST", events, h.operator(), eventBody("business_status", "closed", today()))
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, "unfit", r.json(t)["status"])
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	wid := flow.ServiceWatchWorkflowID(svc)
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))
	h.recordHistory(t, ctx, wid, "service_watch_rereview_confirmed_then_unfit", watchEventBudget)
}

// An information change renewing the CSAP certificate goes to re-review; once the
// committee selects the service again, the renewal is recorded on the service's watch as
// the system's fact: the catalog shows the new validity and the watch's expiry moves with
// it, so the service is not removed at the old certificate's end.
func TestRereview_ConfirmedChangeRenewsTheCSAP(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService(dayOffset(30))
	renewed := dayOffset(1500)
	cr := h.newChange(svc, map[string]any{"csap_valid_until": renewed})
	crID := cr["id"].(string)
	cr = h.awaitRereview(crID)
	id := cr["rereview_application_id"].(string)
	require.NotEmpty(t, id)

	h.decideRereview(svc, id, h.openTask(h.operator(), id, models.TaskAssignExperts), "suitable", map[string]any{"vote": "select"})

	var w map[string]any
	require.Eventually(t, func() bool {
		r := h.do("GET", "/api/v1/services/"+svc+"/events", h.operator(), nil)
		if r.status != http.StatusOK {
			return false
		}
		w = r.json(t)
		return w["csap_valid_until"] == renewed
	}, 15*time.Second, 100*time.Millisecond, "the watch holds the renewed certificate")
	require.Equal(t, "watching", w["status"])
	facts := w["events"].([]any)
	last := facts[len(facts)-1].(map[string]any)
	require.Equal(t, "csap", last["kind"])
	require.Equal(t, models.SystemActor.Sub, last["recorded_by"])
	require.Contains(t, last["source"], crID)
	require.Contains(t, last["source"], id)
	var csap string
	require.NoError(t, h.store.DB().Raw(`SELECT csap_valid_until::text FROM services WHERE id = ?`, svc).Scan(&csap).Error)
	require.Equal(t, renewed, csap, "the catalog shows the renewed validity")
	a := h.application(id)
	require.Equal(t, models.RereviewConfirmed, a["rereview"].(map[string]any)["outcome"])
	cr = h.awaitChange(crID)
	require.Equal(t, "approved", cr["status"], "the re-review decided the request")
	require.NotEmpty(t, cr["applied_at"])
}
