package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestOpenAPI_LiveResponses runs the real server and validates every answer against the
// document: each status must be documented for its operation, with its content type and
// schema. Request bodies the server accepts must validate against the request schemas.
func TestOpenAPI_LiveResponses(t *testing.T) {
	doc := servedOpenAPI(t)
	h := newHarness(t)
	ctx := context.Background()
	seen := map[string]bool{}

	call := func(method, path, token string, body any, want int, headers ...string) response {
		t.Helper()
		r := h.do(method, path, token, body, headers...)
		require.Equal(t, want, r.status, "%s %s: %s", method, path, r.String())
		template, op := openapiOperation(t, doc, method, path)
		seen[fmt.Sprintf("%s %s %d", method, template, r.status)] = true
		if isJSON := op.RequestBody != nil && op.RequestBody.Value.Content.Get("application/json") != nil; body != nil && r.status < 300 && isJSON {
			raw, ok := body.(string)
			if !ok {
				b, err := json.Marshal(body)
				require.NoError(t, err)
				raw = string(b)
			}
			var v any
			require.NoError(t, json.Unmarshal([]byte(raw), &v))
			s := op.RequestBody.Value.Content.Get("application/json").Schema.Value
			require.NoError(t, s.VisitJSON(v, openapi3.VisitAsRequest(), openapi3.EnableFormatValidation()),
				"request body of %s %s: %s", method, template, raw)
		}
		resp := op.Responses.Status(r.status)
		require.NotNil(t, resp, "%s %s answered %d, which the document does not list", method, template, r.status)
		ct, _, err := mime.ParseMediaType(r.header.Get("Content-Type"))
		require.NoError(t, err)
		mt := resp.Value.Content.Get(ct)
		require.NotNil(t, mt, "%s %s %d: content type %s is not documented", method, template, r.status, ct)
		if ct == "application/json" || ct == "application/problem+json" {
			var v any
			require.NoError(t, json.Unmarshal(r.body, &v))
			require.NoError(t, mt.Schema.Value.VisitJSON(v, openapi3.VisitAsResponse(), openapi3.EnableFormatValidation(), openapi3.MultiErrors()),
				"%s %s %d: %s", method, template, r.status, r.String())
		}
		for name := range resp.Value.Headers {
			if name == "Location" {
				require.NotEmpty(t, r.header.Get(name), "%s %s %d: header %s", method, template, r.status, name)
			}
		}
		return r
	}

	expert := h.token(models.RoleExpert, "NIA", "oh.expert")

	// System and catalog.
	call("GET", "/healthz", "", nil, 200)
	call("GET", "/readyz", "", nil, 200)
	call("GET", "/metrics", "", nil, 200)
	call("GET", "/api/v1/openapi.json", "", nil, 200)
	call("GET", "/api/v1/rules", "", nil, 200)
	call("GET", "/api/v1/rules", "", nil, 401, "Authorization", "Bearer not-a-token")
	page := call("GET", "/api/v1/services?page_size=3&sme=true", "", nil, 200).json(t)
	require.NotEmpty(t, page["next_page_token"])
	call("GET", "/api/v1/services?page_size=3&page_token="+page["next_page_token"].(string), "", nil, 200)
	call("GET", "/api/v1/services?type=cloud&subtype=iaas&csap=true&q=클라우드", h.agency(), nil, 200)
	call("GET", "/api/v1/services?type=cloud&subtype=consulting&page_size=0", "", nil, 422)
	call("GET", "/api/v1/services/SVC-0001", "", nil, 200)
	call("GET", "/api/v1/services/SVC-9999", "", nil, 404)
	call("GET", "/api/v1/me", h.agency(), nil, 200)
	call("GET", "/api/v1/me", "", nil, 401)

	// A catalog order to its delivery request, with the errors on the way.
	body := orderBody("SVC-0001")
	created := call("POST", "/api/v1/orders", h.agency(), body, 201, "Idempotency-Key", "openapi-1").json(t)
	call("POST", "/api/v1/orders", h.agency(), body, 200, "Idempotency-Key", "openapi-1")
	// The proposal it requests is the provider's turn (read once the workflow projected it).
	require.Eventually(t, func() bool {
		r := h.do("GET", "/api/v1/me/turns", h.provider(), nil)
		return r.status == 200 && strings.Contains(string(r.body), `"case_id":"`+created["id"].(string)+`"`)
	}, 15*time.Second, 50*time.Millisecond, "the proposal request is the provider's turn")
	turns := call("GET", "/api/v1/me/turns?page_size=1", h.provider(), nil, 200).json(t)
	require.Len(t, turns["items"], 1)
	require.True(t, strings.HasSuffix(turns["items"].([]any)[0].(map[string]any)["due_at"].(string), "+09:00"),
		"a due time in Seoul's offset, as every time the API answers: %v", turns["items"])
	call("GET", "/api/v1/me/turns", h.agency(), nil, 200)
	call("GET", "/api/v1/me/turns?page_size=0", h.agency(), nil, 422)
	call("GET", "/api/v1/me/turns?page_token=not-a-token", h.provider(), nil, 422)
	call("GET", "/api/v1/me/turns", h.operator(), nil, 403)
	// The open order is named by a what-if of its negotiation window.
	whatIf := map[string]any{"rules": []map[string]any{{"key": "catalog_order.negotiation_days", "value": "14",
		"effective_from": models.DateOf(time.Now()).AddDate(0, 1, 0).Format(time.DateOnly), "source": "개정안"}}}
	answer := call("POST", "/api/v1/rules/what-if", h.auditor(), whatIf, 200).json(t)
	require.NotEmpty(t, answer["effects"], "the open order")
	call("POST", "/api/v1/rules/what-if", h.operator(), map[string]any{"rules": []any{}}, 422)
	call("POST", "/api/v1/rules/what-if", h.provider(), whatIf, 403)
	other := orderBody("SVC-0001")
	other["title"] = "다른 요청"
	call("POST", "/api/v1/orders", h.agency(), other, 422, "Idempotency-Key", "openapi-1")
	call("POST", "/api/v1/orders", "", body, 401)
	call("POST", "/api/v1/orders", h.provider(), body, 403)
	call("POST", "/api/v1/orders", h.agency(), `{"service_id":`, 400)
	call("POST", "/api/v1/orders", h.agency(), `{"title":"`+strings.Repeat("가", 1<<19)+`"}`, 413)
	call("POST", "/api/v1/orders", h.agency(), map[string]any{"service_id": "SVC-0001", "budget": 1}, 422)
	require.NoError(t, h.store.SetServiceStatus(ctx, "SVC-0002", models.ServiceSuspended))
	call("POST", "/api/v1/orders", h.agency(), orderBody("SVC-0002"), 409)

	id := created["id"].(string)
	call("GET", "/api/v1/orders", h.agency(), nil, 200)
	call("GET", "/api/v1/orders?status=proposal_requested&page_size=1", h.auditor(), nil, 200)
	call("GET", "/api/v1/orders?status=done", h.agency(), nil, 422)
	call("GET", "/api/v1/orders", expert, nil, 403)
	call("GET", "/api/v1/orders", h.operator(), nil, 403)
	call("GET", "/api/v1/orders/"+id, h.provider(), nil, 200)
	call("GET", "/api/v1/orders/"+id, h.agency2(), nil, 404)
	call("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), score90, 409)
	call("POST", "/api/v1/orders/"+id+"/proposal", h.agency(), validProposal, 403)
	call("POST", "/api/v1/orders/"+id+"/proposal", h.provider2(), validProposal, 404)
	call("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), map[string]any{"price_krw": 0, "summary": ""}, 422)
	call("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), validProposal, 200, "Idempotency-Key", "openapi-p")
	call("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), score90, 200)
	call("POST", "/api/v1/orders/"+id+"/negotiation", h.agency(), map[string]any{"agreed": true}, 422)
	call("POST", "/api/v1/orders/"+id+"/negotiation", h.agency(), agreed, 200)
	call("POST", "/api/v1/orders/"+id+"/cancel", h.agency(), map[string]any{"reason": "늦음"}, 409)
	call("GET", "/api/v1/cases/order-"+id+"/history", h.auditor(), nil, 200)
	call("GET", "/api/v1/cases/order-"+id+"/history", h.agency(), nil, 403)
	call("GET", "/api/v1/cases/order-ORD-2020-999999/history", h.auditor(), nil, 404)

	// The other endings: cancelled, not qualified on a decimal total, lapsed on failure.
	id2 := h.newOrder()
	call("POST", "/api/v1/orders/"+id2+"/cancel", h.agency(), map[string]any{"reason": "예산 삭감"}, 200)
	id3 := h.newOrder()
	call("POST", "/api/v1/orders/"+id3+"/proposal", h.provider(), validProposal, 200)
	decimal := map[string]any{"scores": []map[string]any{{"criterion": "종합", "score": 84.99, "max": 100}}}
	o := call("POST", "/api/v1/orders/"+id3+"/evaluation", h.agency(), decimal, 200).json(t)
	require.Equal(t, "not_qualified", o["status"])
	id4 := h.newOrder()
	call("POST", "/api/v1/orders/"+id4+"/proposal", h.provider(), validProposal, 200)
	call("POST", "/api/v1/orders/"+id4+"/evaluation", h.agency(), score90, 200)
	call("POST", "/api/v1/orders/"+id4+"/negotiation", h.agency(), map[string]any{"agreed": false, "reason": "단가 불일치"}, 200)
	call("GET", "/api/v1/orders?page_size=500", h.auditor(), nil, 200)

	// Selection: applications, the inbox and a committee session, with their errors.
	full := applicationInput(pv1BusinessNo, allDocuments(models.TypeCloud)...)
	app1 := call("POST", "/api/v1/applications", h.provider(), full, 201, "Idempotency-Key", "openapi-a").json(t)["id"].(string)
	call("POST", "/api/v1/applications", h.provider(), full, 200, "Idempotency-Key", "openapi-a")
	changed := applicationInput(pv1BusinessNo, allDocuments(models.TypeCloud)...)
	changed.Broker = true
	call("POST", "/api/v1/applications", h.provider(), changed, 422, "Idempotency-Key", "openapi-a")
	call("POST", "/api/v1/applications", "", full, 401)
	call("POST", "/api/v1/applications", h.agency(), full, 403)
	call("POST", "/api/v1/applications", h.provider(), `{"service":`, 400)
	call("POST", "/api/v1/applications", h.provider(), `{"service":{"description":"`+strings.Repeat("가", 1<<19)+`"}}`, 413)
	call("POST", "/api/v1/applications", h.provider(), applicationInput("1-2-3"), 422)
	noCSAP := documents(models.DocApplicationForm, models.DocCorporateRegistry, models.DocBusinessRegistration,
		models.DocCreditRating, models.DocServiceOverview, models.DocCapabilityProof, models.DocSLAPolicy)
	app2 := call("POST", "/api/v1/applications", h.provider(), applicationInput(pv1BusinessNo, noCSAP...), 201).json(t)["id"].(string)
	call("GET", "/api/v1/applications", h.provider(), nil, 200)
	call("GET", "/api/v1/applications?status=document_check&page_size=1", h.operator(), nil, 200)
	call("GET", "/api/v1/applications?status=done", h.operator(), nil, 422)
	call("GET", "/api/v1/applications", h.agency(), nil, 403)
	call("GET", "/api/v1/applications", "", nil, 401)
	call("GET", "/api/v1/applications/"+app2, h.expert("cho.expert"), nil, 200)
	call("GET", "/api/v1/applications/"+app2, h.provider2(), nil, 404)
	supplement := map[string]any{"documents": documents(models.DocCSAPCertificate)}
	call("POST", "/api/v1/applications/"+app2+"/documents", h.provider2(), supplement, 404)
	call("POST", "/api/v1/applications/"+app2+"/documents", h.operator(), supplement, 403)
	call("POST", "/api/v1/applications/"+app2+"/documents", h.provider(), map[string]any{"documents": []any{}}, 422)
	call("POST", "/api/v1/applications/"+app2+"/documents", h.provider(), `[`, 400)
	call("POST", "/api/v1/applications/"+app2+"/documents", h.provider(), supplement, 200, "Idempotency-Key", "openapi-s")
	call("POST", "/api/v1/applications/"+app2+"/documents", h.provider(), supplement, 409)
	call("POST", "/api/v1/applications/"+app2+"/withdraw", h.provider(), map[string]any{}, 200)
	call("POST", "/api/v1/applications/"+app2+"/withdraw", h.provider(), map[string]any{"reason": "다시"}, 409)
	call("POST", "/api/v1/applications/"+app2+"/withdraw", h.agency(), map[string]any{}, 403)
	call("GET", "/api/v1/cases/application-"+app2+"/history", h.auditor(), nil, 200)

	check := h.openTask(h.operator(), app1, models.TaskDocumentCheck)
	call("GET", "/api/v1/tasks?status=open&kind=document_check", h.operator(), nil, 200)
	call("GET", "/api/v1/tasks?page_size=2", h.auditor(), nil, 200)
	call("GET", "/api/v1/tasks?kind=review", h.operator(), nil, 422)
	call("GET", "/api/v1/tasks?scope=all&overdue=true", h.operator(), nil, 200)
	call("GET", "/api/v1/tasks?scope=all", h.expert("cho.expert"), nil, 403)
	call("GET", "/api/v1/tasks?overdue=true&status=done", h.operator(), nil, 422)
	call("GET", "/api/v1/tasks", h.provider(), nil, 403)
	call("GET", "/api/v1/tasks/"+check, h.operator2(), nil, 200)
	call("GET", "/api/v1/tasks/"+check, h.expert("cho.expert"), nil, 404)
	call("POST", "/api/v1/tasks/"+check+"/complete", h.expert("cho.expert"), map[string]any{"outcome": "accept"}, 403)
	call("POST", "/api/v1/tasks/"+check+"/complete", h.operator(), map[string]any{"experts": []string{"cho.expert"}}, 422)
	call("POST", "/api/v1/tasks/"+check+"/complete", h.operator(), `{"outcome":`, 400)
	call("POST", "/api/v1/tasks/"+app1+"-T99/complete", h.operator(), map[string]any{"outcome": "accept"}, 404)
	a := call("POST", "/api/v1/tasks/"+check+"/complete", h.operator(), map[string]any{"outcome": "accept"}, 200, "Idempotency-Key", "openapi-t").json(t)
	call("POST", "/api/v1/tasks/"+check+"/complete", h.operator(), map[string]any{"outcome": "accept"}, 409)
	assign := a["open_tasks"].([]any)[0].(map[string]any)["id"].(string)
	call("POST", "/api/v1/tasks/"+assign+"/complete", h.operator(), map[string]any{"experts": []string{"cho.expert"}}, 200)
	release := "/api/v1/applications/" + app1 + "/release-expert"
	call("POST", release, h.operator(), map[string]any{"expert": "cho.expert"}, 422)
	call("POST", release, h.operator(), map[string]any{"expert": "yoo.expert", "reason": "기한 경과"}, 409)
	call("POST", release, h.expert("cho.expert"), map[string]any{"expert": "cho.expert", "reason": "x"}, 403)
	released := call("POST", release, h.operator(), map[string]any{"expert": "cho.expert", "reason": "기한 경과"}, 200).json(t)
	reassign := released["open_tasks"].([]any)[0].(map[string]any)["id"].(string)
	call("POST", "/api/v1/tasks/"+reassign+"/complete", h.operator(), map[string]any{"experts": []string{"yoo.expert"}}, 200)
	review := h.openTask(h.expert("yoo.expert"), app1, models.TaskExpertReview)
	call("POST", "/api/v1/tasks/"+review+"/complete", h.expert("yoo.expert"), reviewBody("suitable", false), 200)
	reportPath := "/api/v1/applications/" + app1 + "/review-report"
	call("POST", reportPath, h.operator(), map[string]any{"report": "적합 의견 1건, 상정 권고."}, 200, "Idempotency-Key", "openapi-rr")
	call("POST", reportPath, h.operator(), map[string]any{"report": ""}, 422)
	call("POST", reportPath, h.expert("cho.expert"), map[string]any{"report": "x"}, 403)
	call("POST", reportPath, h.operator(), `{"report":`, 400)

	session := call("POST", "/api/v1/committee/sessions", h.operator(), sessionBody(committeeMembers...), 201, "Idempotency-Key", "openapi-c").json(t)["id"].(string)
	call("POST", "/api/v1/committee/sessions", h.operator(), sessionBody(committeeMembers...), 200, "Idempotency-Key", "openapi-c")
	call("POST", "/api/v1/committee/sessions", h.operator(), sessionBody("kim.agency"), 422)
	call("POST", "/api/v1/committee/sessions", h.member("song.committee"), sessionBody("song.committee"), 403)
	call("GET", "/api/v1/committee/sessions", h.member("song.committee"), nil, 200)
	call("GET", "/api/v1/committee/sessions?status=open&page_size=10", h.auditor(), nil, 200)
	call("GET", "/api/v1/committee/sessions?status=adjourned", h.operator(), nil, 422)
	call("GET", "/api/v1/committee/sessions", expert, nil, 403)
	vote := h.openTask(h.member("song.committee"), app1, models.TaskCommitteeVote)
	call("POST", "/api/v1/tasks/"+vote+"/complete", h.member("song.committee"), map[string]any{"vote": "select"}, 200)
	call("POST", reportPath, h.operator(), map[string]any{"report": "늦은 수정"}, 409)
	call("GET", "/api/v1/committee/sessions/"+session, h.operator(), nil, 200)
	call("GET", "/api/v1/committee/sessions/CS-2020-9999", h.operator(), nil, 404)
	call("POST", "/api/v1/committee/sessions/"+session+"/close", h.member("song.committee"), nil, 403)
	call("POST", "/api/v1/committee/sessions/"+session+"/close", h.operator(), nil, 422, "Idempotency-Key", "has space")
	call("POST", "/api/v1/committee/sessions/"+session+"/close", h.operator(), nil, 200)
	call("POST", "/api/v1/committee/sessions/"+session+"/close", h.operator(), nil, 409)
	call("GET", "/api/v1/committee/sessions/"+session, h.auditor(), nil, 200)
	call("GET", "/api/v1/cases/committee-"+session+"/history", h.auditor(), nil, 200)
	call("GET", "/api/v1/applications/"+app1, h.operator(), nil, 200)

	// Direct contracts, with their errors.
	exerciseContracts(t, h, call)

	// Continuous inspection and unfit notices, with their errors.
	exerciseInspection(t, h, call)

	// The regular quality inspection, from the cycle to an unfit verdict, with its errors.
	exerciseQuality(t, h, call)

	// Information changes: approval and re-review paths, with their errors.
	exerciseChanges(t, h, call)

	// The decision log those cases wrote: its head and its verification.
	exerciseAudit(t, h, call)

	// Uploads and downloads of documents, with their errors.
	exerciseDocuments(t, h, call)

	// The registry: organizations, the pool and declared relations, with their errors.
	exerciseDirectory(t, h, call)

	// OCDS open data: the feed of the changes above, a record, with their errors.
	exerciseOcds(t, h, call)

	// Frozen direct-award searches, with their errors.
	exerciseSearches(t, h, call)

	// Statistics, with their errors.
	exerciseStats(t, call)

	// Every documented operation was exercised with at least its success answer.
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ok := false
			for _, code := range []int{200, 201, 202} {
				if op.Responses.Status(code) != nil && seen[fmt.Sprintf("%s %s %d", method, path, code)] {
					ok = true
				}
			}
			require.True(t, ok, "%s %s was not exercised", method, path)
		}
	}
}

// openapiOperation finds the documented operation a concrete request path belongs to.
func openapiOperation(t *testing.T, doc *openapi3.T, method, path string) (string, *openapi3.Operation) {
	t.Helper()
	path, _, _ = strings.Cut(path, "?")
	for template, item := range doc.Paths.Map() {
		pattern := "^" + regexp.MustCompile(`\\\{[^/]+\\\}`).ReplaceAllString(regexp.QuoteMeta(template), `[^/]+`) + "$"
		if regexp.MustCompile(pattern).MatchString(path) {
			op := item.GetOperation(method)
			require.NotNil(t, op, "%s %s is not documented", method, template)
			return template, op
		}
	}
	t.Fatalf("no documented path matches %s", path)
	return "", nil
}
