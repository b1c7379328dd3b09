package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

func changeBody(changes map[string]any) map[string]any {
	return map[string]any{"changes": changes, "reason": "서비스 소개 갱신"}
}

// newChange opens a change request on svc as PV-0001's provider and returns its answer.
func (h *harness) newChange(svc string, changes map[string]any) map[string]any {
	h.t.Helper()
	r := h.do("POST", "/api/v1/services/"+svc+"/change-requests", h.provider(), changeBody(changes))
	require.Equal(h.t, http.StatusCreated, r.status, r.String())
	return r.json(h.t)
}

// awaitChange waits for the change request's workflow to end and returns it as the API shows it.
func (h *harness) awaitChange(id string) map[string]any {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	require.NoError(h.t, h.tc.GetWorkflow(ctx, flow.ChangeRequestWorkflowID(id), "").Get(ctx, nil))
	r := h.do("GET", "/api/v1/change-requests/"+id, h.operator(), nil)
	require.Equal(h.t, http.StatusOK, r.status, r.String())
	return r.json(h.t)
}

// awaitRereview waits until the change request's re-review has started and returns the
// request as the API shows it: it stays open, waiting for the re-review's decision.
func (h *harness) awaitRereview(id string) map[string]any {
	h.t.Helper()
	var cr map[string]any
	require.Eventually(h.t, func() bool {
		r := h.do("GET", "/api/v1/change-requests/"+id, h.operator(), nil)
		cr = r.json(h.t)
		return r.status == http.StatusOK && cr["status"] == "rereview_started"
	}, 30*time.Second, 100*time.Millisecond, "change request %s never started its re-review", id)
	return cr
}

func TestChangeRequests_Create201AndRetry200(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService("")
	path := "/api/v1/services/" + svc + "/change-requests"
	body := changeBody(map[string]any{"description": "새 소개"})
	r := h.do("POST", path, h.provider(), body, "Idempotency-Key", "cr-1")
	require.Equal(t, http.StatusCreated, r.status, r.String())
	first := r.json(t)
	require.Regexp(t, `^CR-\d{4}-\d{6}$`, first["id"])
	require.Equal(t, "submitted", first["status"])
	require.Equal(t, "approval", first["path"])
	require.Equal(t, "change-"+first["id"].(string), first["workflow_id"])
	require.Equal(t, "/api/v1/change-requests/"+first["id"].(string), r.header.Get("Location"))

	r = h.do("POST", path, h.provider(), body, "Idempotency-Key", "cr-1")
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, first["id"], r.json(t)["id"])

	other := changeBody(map[string]any{"description": "다른 소개"})
	r = h.do("POST", path, h.provider(), other, "Idempotency-Key", "cr-1")
	r.problem(t, http.StatusUnprocessableEntity)

	// The provider and operators see it; another provider does not.
	id := first["id"].(string)
	require.Equal(t, http.StatusOK, h.do("GET", "/api/v1/change-requests/"+id, h.provider(), nil).status)
	require.Equal(t, http.StatusOK, h.do("GET", "/api/v1/change-requests/"+id, h.auditor(), nil).status)
	h.do("GET", "/api/v1/change-requests/"+id, h.provider2(), nil).problem(t, http.StatusNotFound)
	h.do("GET", "/api/v1/change-requests/CR-1999-000001", h.operator(), nil).problem(t, http.StatusNotFound)

	require.Eventually(t, func() bool { // the projection is written when the workflow starts
		var p struct{ Items []models.ChangeRequest }
		r := h.do("GET", "/api/v1/change-requests?status=submitted", h.provider(), nil)
		_ = decodeChangeJSON(r.body, &p)
		return r.status == http.StatusOK && len(p.Items) == 1 && p.Items[0].ID == id
	}, 10*time.Second, 50*time.Millisecond)
	var p struct{ Items []models.ChangeRequest }
	require.NoError(t, decodeChangeJSON(h.do("GET", "/api/v1/change-requests", h.provider2(), nil).body, &p))
	require.Empty(t, p.Items)
	h.do("GET", "/api/v1/change-requests?status=bogus", h.operator(), nil).problem(t, http.StatusUnprocessableEntity)
	h.do("GET", "/api/v1/change-requests", h.agency(), nil).problem(t, http.StatusForbidden)
}

func TestChangeRequests_Create403404409422(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService("")
	path := "/api/v1/services/" + svc + "/change-requests"
	body := changeBody(map[string]any{"name": "새 이름"})

	h.do("POST", path, h.operator(), body).problem(t, http.StatusForbidden)
	h.do("POST", path, h.agency(), body).problem(t, http.StatusForbidden)
	h.do("POST", path, "", body).problem(t, http.StatusUnauthorized)
	// Another provider's service, and a service that does not exist.
	h.do("POST", path, h.provider2(), body).problem(t, http.StatusNotFound)
	h.do("POST", "/api/v1/services/SVC-9999/change-requests", h.provider(), body).problem(t, http.StatusNotFound)

	for name, changes := range map[string]map[string]any{
		"none":             {},
		"same value":       {"subtype": "iaas"},
		"subtype of other": {"subtype": "consulting"},
		"bad csap":         {"csap_valid_until": "2031-02-30"},
		"bad business no":  {"business_no": "12-345"},
	} {
		t.Run(name, func(t *testing.T) {
			p := h.do("POST", path, h.provider(), changeBody(changes)).problem(t, http.StatusUnprocessableEntity)
			require.NotEmpty(t, p.Errors, name)
		})
	}
	h.do("POST", path, h.provider(), map[string]any{"changes": map[string]any{"colour": "red"}, "reason": "x"}).
		problem(t, http.StatusUnprocessableEntity)
	h.do("POST", path, h.provider(), `{"changes":`).problem(t, http.StatusBadRequest)

	require.NoError(t, h.store.SetServiceStatus(context.Background(), svc, models.ServiceRemoved))
	h.do("POST", path, h.provider(), body).problem(t, http.StatusConflict)
}

func TestChangeRequests_Decide(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService("")
	id := h.newChange(svc, map[string]any{"name_en": "Hanbit Cloud Server 2"})["id"].(string)
	path := "/api/v1/change-requests/" + id + "/decision"

	h.do("POST", path, h.provider(), map[string]any{"approve": true}).problem(t, http.StatusForbidden)
	h.do("POST", path, h.operator(), map[string]any{"approve": false}).problem(t, http.StatusUnprocessableEntity)
	h.do("POST", "/api/v1/change-requests/CR-1999-000001/decision", h.operator(), map[string]any{"approve": true}).
		problem(t, http.StatusNotFound)
	r := h.do("POST", path, h.operator(), map[string]any{"approve": false, "reason": "근거 자료 부족"}, "Idempotency-Key", "d-1")
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, "rejected", r.json(t)["status"])

	cr := h.awaitChange(id)
	require.Equal(t, "rejected", cr["status"])
	// The workflow has ended: a second decision is a conflict.
	h.do("POST", path, h.operator(), map[string]any{"approve": true}).problem(t, http.StatusConflict)
	var ch struct{ Items []models.ServiceChange }
	require.NoError(t, decodeChangeJSON(h.do("GET", "/api/v1/services/"+svc+"/changes", "", nil).body, &ch))
	require.Empty(t, ch.Items)
}

// TestChangeRequests_EndToEnd: a description change is approved by the operator and
// appears in the catalog and its history; a CSAP change takes the re-review path.
func TestChangeRequests_EndToEnd(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService("2028-12-31")
	var before models.Service
	require.NoError(t, decodeChangeJSON(h.do("GET", "/api/v1/services/"+svc, "", nil).body, &before))

	body := changeBody(map[string]any{"description": "가상서버와 백업을 제공합니다."})
	r := h.do("POST", "/api/v1/services/"+svc+"/change-requests", h.provider(), body, "Idempotency-Key", "e2e-change")
	require.Equal(t, http.StatusCreated, r.status, r.String())
	created := r.json(t)
	require.Equal(t, "approval", created["path"])
	id := created["id"].(string)
	r = h.do("POST", "/api/v1/change-requests/"+id+"/decision", h.operator(), map[string]any{"approve": true})
	require.Equal(t, http.StatusOK, r.status, r.String())
	cr := h.awaitChange(id)
	require.Equal(t, "approved", cr["status"])
	require.NotEmpty(t, cr["applied_at"])
	// A retry of the request, its answer lost, gets the first answer though the catalog
	// now holds the value asked for; without the key the same change is refused.
	r = h.do("POST", "/api/v1/services/"+svc+"/change-requests", h.provider(), body, "Idempotency-Key", "e2e-change")
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, map[string]any{"id": id, "status": "approved", "workflow_id": created["workflow_id"], "path": "approval"}, r.json(t))
	h.do("POST", "/api/v1/services/"+svc+"/change-requests", h.provider(), body).problem(t, http.StatusUnprocessableEntity)

	var after models.Service
	require.NoError(t, decodeChangeJSON(h.do("GET", "/api/v1/services/"+svc, "", nil).body, &after))
	require.Equal(t, "가상서버와 백업을 제공합니다.", after.Description)
	require.Equal(t, before.Name, after.Name)

	r = h.do("GET", "/api/v1/services/"+svc+"/changes", "", nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	var ch struct {
		Items         []models.ServiceChange
		NextPageToken *string `json:"next_page_token"`
	}
	require.NoError(t, decodeChangeJSON(r.body, &ch))
	require.Len(t, ch.Items, 1)
	require.NotNil(t, ch.NextPageToken)
	require.Empty(t, *ch.NextPageToken, "one change: the last page")
	// The history is public: who asked and who approved by their part, never their user IDs
	// (the change request itself names them to those who may read it).
	require.Equal(t, models.ServiceChange{ServiceID: svc, ChangeRequestID: id, Field: "description",
		Old: before.Description, New: "가상서버와 백업을 제공합니다.", RequestedBy: "provider", ApprovedBy: "operator",
		AppliedAt: ch.Items[0].AppliedAt}, ch.Items[0])
	require.NotContains(t, r.String(), "park.operator")
	require.NotContains(t, r.String(), "jung.provider")
	h.do("GET", "/api/v1/services/SVC-9999/changes", "", nil).problem(t, http.StatusNotFound)

	// The auditor's history of the case.
	r = h.do("GET", "/api/v1/cases/change-"+id+"/history", h.auditor(), nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	hist := r.json(t)
	require.Equal(t, "change_request", hist["case_type"])
	require.Len(t, hist["decisions"], 3)

	// A CSAP change: re-review, nothing applied.
	rr := h.newChange(svc, map[string]any{"csap_valid_until": "2031-06-30"})
	require.Equal(t, "rereview", rr["path"])
	cr = h.awaitRereview(rr["id"].(string))
	require.NotEmpty(t, cr["rereview_application_id"])
	require.Nil(t, cr["closed_at"], "open until its re-review decides it")
	require.Equal(t, []any{"csap"}, cr["criteria"])
	h.do("POST", "/api/v1/change-requests/"+rr["id"].(string)+"/decision", h.operator(), map[string]any{"approve": true}).
		problem(t, http.StatusConflict)
	require.NoError(t, decodeChangeJSON(h.do("GET", "/api/v1/services/"+svc, "", nil).body, &after))
	require.Equal(t, "2028-12-31", after.CSAPValidUntil.String())
}

func decodeChangeJSON(b []byte, v any) error { return json.Unmarshal(b, v) }

// exerciseChanges calls every change request operation for the OpenAPI live test.
func exerciseChanges(t *testing.T, h *harness, call caller) {
	t.Helper()
	svc := h.ownService("2028-12-31")
	path := "/api/v1/services/" + svc + "/change-requests"
	body := changeBody(map[string]any{"description": "가상서버와 백업을 제공합니다."})
	id := call("POST", path, h.provider(), body, 201, "Idempotency-Key", "openapi-cr").json(t)["id"].(string)
	call("POST", path, h.provider(), body, 200, "Idempotency-Key", "openapi-cr")
	call("POST", path, h.provider2(), body, 404)
	call("POST", path, h.operator(), body, 403)
	call("POST", path, h.provider(), `{"changes":`, 400)
	call("POST", path, h.provider(), changeBody(map[string]any{}), 422)
	call("GET", "/api/v1/change-requests?status=submitted&page_size=5", h.operator(), nil, 200)
	call("GET", "/api/v1/change-requests?status=done", h.operator(), nil, 422)
	call("GET", "/api/v1/change-requests", h.agency(), nil, 403)
	call("GET", "/api/v1/change-requests/"+id, h.provider(), nil, 200)
	call("GET", "/api/v1/change-requests/"+id, h.provider2(), nil, 404)
	decision := "/api/v1/change-requests/" + id + "/decision"
	call("POST", decision, h.provider(), map[string]any{"approve": true}, 403)
	call("POST", decision, h.operator(), `{"approve":`, 400)
	call("POST", decision, h.operator(), map[string]any{"approve": false}, 422)
	call("POST", decision, h.operator(), map[string]any{"approve": true}, 200, "Idempotency-Key", "openapi-crd")
	h.awaitChange(id)
	call("POST", decision, h.operator(), map[string]any{"approve": true}, 409)
	call("GET", "/api/v1/change-requests/"+id, h.auditor(), nil, 200)
	call("GET", "/api/v1/services/"+svc+"/changes", "", nil, 200)
	call("GET", "/api/v1/services/SVC-9999/changes", "", nil, 404)
	call("GET", "/api/v1/cases/change-"+id+"/history", h.auditor(), nil, 200)
	rr := call("POST", path, h.provider(), changeBody(map[string]any{"sla": "가용성 99.95%"}), 201).json(t)
	require.Equal(t, "rereview", rr["path"])
}
