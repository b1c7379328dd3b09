package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// servedOpenAPI loads the document exactly as GET /api/v1/openapi.json serves it and
// validates it as OpenAPI 3, examples and formats included.
func servedOpenAPI(t *testing.T) *openapi3.T {
	t.Helper()
	rec := httptest.NewRecorder()
	api.New(api.Deps{App: app.New(app.Deps{})}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/openapi.json", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	require.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	require.True(t, json.Valid(rec.Body.Bytes()), "the served document is not JSON")

	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(rec.Body.Bytes())
	require.NoError(t, err)
	ctx := openapi3.WithValidationOptions(context.Background(),
		openapi3.EnableSchemaFormatValidation(), openapi3.EnableExamplesValidation(), openapi3.EnableMultiError())
	require.NoError(t, doc.Validate(ctx))
	return doc
}

func TestOpenAPI_Valid(t *testing.T) {
	doc := servedOpenAPI(t)
	require.Equal(t, "3.0.3", doc.OpenAPI)

	// The conventions every client needs are stated where clients read first.
	for _, s := range []string{"whole KRW", "RFC 3339", "offset", "YYYY-MM-DD", "Asia/Seoul", "calendar days", "RFC 9457"} {
		require.Contains(t, doc.Info.Description, s, "info.description")
	}

	bearer := doc.Components.SecuritySchemes["bearerAuth"]
	require.NotNil(t, bearer, "components.securitySchemes.bearerAuth")
	require.Equal(t, "http", bearer.Value.Type)
	require.Equal(t, "bearer", bearer.Value.Scheme)
	require.Equal(t, "JWT", bearer.Value.BearerFormat)
	for _, claim := range []string{"`sub`", "`role`", "`org`"} {
		require.Contains(t, bearer.Value.Description, claim)
	}
	// No document-wide security: public operations must not inherit one.
	require.Empty(t, doc.Security)

	problem := doc.Components.Schemas["Problem"]
	require.NotNil(t, problem)
	require.ElementsMatch(t, []string{"type", "title", "status", "detail", "instance", "errors"}, openapiKeys(problem.Value.Properties))
	fe := problem.Value.Properties["errors"].Value.Items.Value
	require.ElementsMatch(t, []string{"field", "message"}, openapiKeys(fe.Properties))

	require.Equal(t, []string{"proposal_requested", "proposal_submitted", "negotiating", "not_qualified",
		"delivery_requested", "lapsed", "cancelled"}, openapiEnum(t, doc, "OrderStatus"))
	require.Equal(t, []string{"registered", "suspended", "removed"}, openapiEnum(t, doc, "ServiceStatus"))
	require.Equal(t, []string{"cloud", "support", "convergence"}, openapiEnum(t, doc, "ServiceType"))
	require.Equal(t, []string{"iaas", "paas", "saas", "consulting", "operations", "migration", "convergence"}, openapiEnum(t, doc, "Subtype"))
	var contractStatuses []string
	for _, st := range models.AllDirectContractStatuses {
		contractStatuses = append(contractStatuses, string(st))
	}
	require.Equal(t, contractStatuses, openapiEnum(t, doc, "DirectContractStatus"))
}

var ginPathParam = regexp.MustCompile(`:([A-Za-z0-9_]+)`)

// openAPIPath turns a gin pattern into an OpenAPI path: /orders/:id → /orders/{id}.
func openAPIPath(ginPath string) string { return ginPathParam.ReplaceAllString(ginPath, "{$1}") }

// routeRoles is the x-roles a route must declare: its Roles split by spaces, with
// "any role" meaning every role a token may carry.
func routeRoles(r api.Route) []string {
	if r.Roles == "any role" {
		out := make([]string, len(models.AllRoles))
		for i, role := range models.AllRoles {
			out[i] = string(role)
		}
		return out
	}
	return strings.Fields(r.Roles)
}

var bilingualSummary = regexp.MustCompile(`^[A-Z][\x20-\x7e]* \([^()]*\p{Hangul}[^()]*\)$`)

func TestOpenAPI_EveryRouteDocumented(t *testing.T) {
	doc := servedOpenAPI(t)
	routes := map[string]api.Route{}
	for _, r := range api.New(api.Deps{App: app.New(app.Deps{})}).Routes {
		k := strings.ToLower(r.Method) + " " + openAPIPath(r.Path)
		require.NotContains(t, routes, k, "route listed twice")
		routes[k] = r
	}
	require.NotEmpty(t, routes)

	documented := map[string]*openapi3.Operation{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			documented[strings.ToLower(method)+" "+path] = op
		}
	}
	var missing, phantom []string
	for k := range routes {
		if documented[k] == nil {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if _, ok := routes[k]; !ok {
			phantom = append(phantom, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(phantom)
	require.Empty(t, missing, "routes missing from api/openapi.json")
	require.Empty(t, phantom, "operations in api/openapi.json that are no route")

	opIDs := map[string]string{}
	for k, r := range routes {
		op := documented[k]
		t.Run(k, func(t *testing.T) {
			require.NotEmpty(t, op.OperationID)
			require.NotContains(t, opIDs, op.OperationID, "operationId reused")
			opIDs[op.OperationID] = k
			require.Regexp(t, bilingualSummary, op.Summary, `summary must read "English (한국어)"`)
			require.NotEmpty(t, op.Description)

			// x-roles is the route's roles, in the same order.
			var roles []string
			raw, err := json.Marshal(op.Extensions["x-roles"])
			require.NoError(t, err)
			require.NoError(t, json.Unmarshal(raw, &roles), "x-roles must be an array of strings: %s", raw)
			require.Equal(t, routeRoles(r), roles, "x-roles")
			public := r.Roles == "public"
			if !public {
				for _, role := range roles {
					_, err := models.ParseRole(role)
					require.NoError(t, err, "x-roles %q", role)
				}
			}

			// Security: a bearer token on every non-public operation, none on public ones.
			if public {
				require.True(t, op.Security == nil || len(*op.Security) == 0, "a public operation must not require a token")
			} else {
				require.NotNil(t, op.Security, "security")
				require.Equal(t, openapi3.SecurityRequirements{{"bearerAuth": []string{}}}, *op.Security)
			}

			pathParams := ginPathParam.FindAllStringSubmatch(r.Path, -1)
			status := func(code int) bool { return op.Responses.Status(code) != nil }
			require.True(t, status(http.StatusOK) || status(http.StatusCreated) || status(http.StatusAccepted), "a success response")
			require.True(t, status(http.StatusInternalServerError), "500")
			require.True(t, status(http.StatusUnauthorized), "401 (a sent token is always verified)")
			if !public && r.Roles != "any role" {
				require.True(t, status(http.StatusForbidden), "403 for other roles")
			}
			if len(pathParams) > 0 {
				require.True(t, status(http.StatusNotFound), "404 for an unknown id")
			}
			for _, m := range pathParams {
				p := op.Parameters.GetByInAndName("path", m[1])
				require.NotNil(t, p, "path parameter %s", m[1])
				require.True(t, p.Required)
			}

			// Every error is a problem+json Problem.
			for code, resp := range op.Responses.Map() {
				if code[0] != '4' && code[0] != '5' {
					continue
				}
				mt := resp.Value.Content.Get("application/problem+json")
				require.NotNil(t, mt, "%s: application/problem+json", code)
				require.Equal(t, "#/components/schemas/Problem", mt.Schema.Ref, code)
				require.Len(t, resp.Value.Content, 1, code)
			}

			if r.Method != http.MethodPost && r.Method != http.MethodPatch {
				require.Nil(t, op.RequestBody, "only POSTs and PATCHes take a body")
				return
			}
			// Every POST or PATCH opens a case or takes a step on one: safe to retry with a key.
			key := op.Parameters.GetByInAndName("header", "Idempotency-Key")
			require.NotNil(t, key, "Idempotency-Key header")
			require.False(t, key.Required)
			require.True(t, status(http.StatusUnprocessableEntity), "422 for a bad Idempotency-Key")
			if len(pathParams) > 0 {
				require.True(t, status(http.StatusConflict), "409 for a case in the wrong state")
			}
			if bodilessPOST[k] {
				require.Nil(t, op.RequestBody, "this POST takes no body")
				return
			}
			for _, code := range []int{400, 413, 422} {
				require.True(t, status(code), "%d for a bad body", code)
			}
			require.NotNil(t, op.RequestBody)
			require.True(t, op.RequestBody.Value.Required)
			if multipartPOST[k] {
				mt := op.RequestBody.Value.Content.Get("multipart/form-data")
				require.NotNil(t, mt, "multipart/form-data body")
				require.Len(t, op.RequestBody.Value.Content, 1)
				requireClosedSchema(t, mt.Schema)
				return
			}
			mt := op.RequestBody.Value.Content.Get("application/json")
			require.NotNil(t, mt, "application/json body")
			requireClosedSchema(t, mt.Schema)
		})
	}
	create := documented["post /api/v1/orders"]
	for _, code := range []int{200, 201, 409, 503} {
		require.NotNil(t, create.Responses.Status(code), "POST /api/v1/orders %d", code)
	}
}

// bodilessPOST are the POSTs whose request is the path alone: the handler reads no body.
var bodilessPOST = map[string]bool{"post /api/v1/committee/sessions/{id}/close": true, "post /api/v1/quality-cycles": true}

// multipartPOST are the POSTs whose body is multipart/form-data (a file), not JSON.
var multipartPOST = map[string]bool{"post /api/v1/documents": true}

// optionalBodies are request schemas whose every field is optional (`{}` is a valid body).
var optionalBodies = map[string]bool{"#/components/schemas/WithdrawInput": true,
	"#/components/schemas/ChangeFields":      true, // every field optional; minProperties 1
	"#/components/schemas/OrganizationPatch": true, "#/components/schemas/PersonPatch": true,
	"#/components/schemas/MySettings": true}

// requireClosedSchema checks that a request schema refuses unknown fields, as the decoder
// does, down through its nested objects.
func requireClosedSchema(t *testing.T, s *openapi3.SchemaRef) {
	t.Helper()
	if len(s.Value.OneOf) > 0 {
		for _, alt := range s.Value.OneOf {
			requireClosedSchema(t, alt)
		}
		return
	}
	require.NotNil(t, s.Value.AdditionalProperties.Has, "%s: additionalProperties", s.Ref)
	require.False(t, *s.Value.AdditionalProperties.Has, "%s: additionalProperties", s.Ref)
	if !optionalBodies[s.Ref] {
		require.NotEmpty(t, s.Value.Required, "%s: required", s.Ref)
	}
	for _, p := range s.Value.Properties {
		switch {
		case p.Value.Type.Is("object"):
			requireClosedSchema(t, p)
		case p.Value.Type.Is("array") && p.Value.Items.Value.Type.Is("object"):
			requireClosedSchema(t, p.Value.Items)
		}
	}
}

// TestOpenAPI_SchemasMatchGoTypes keeps the document from drifting from the Go types:
// the fields of each schema are the JSON fields of its type (a response field is
// required exactly when Go always writes it), and real values validate.
func TestOpenAPI_SchemasMatchGoTypes(t *testing.T) {
	doc := servedOpenAPI(t)
	schema := func(name string) *openapi3.Schema {
		t.Helper()
		s := doc.Components.Schemas[name]
		require.NotNil(t, s, "components.schemas.%s", name)
		return s.Value
	}

	responses := map[string]any{
		"Service": models.Service{}, "Provider": models.Provider{}, "ServicePage": api.Page[models.Service]{},
		"Order": models.Order{}, "OrderPage": api.Page[models.Order]{}, "Step": models.Step{}, "Actor": models.Actor{},
		"Proposal": models.Proposal{}, "Evaluation": models.Evaluation{}, "Score": models.Score{},
		"OrderCreated": app.Created{}, "Problem": api.Problem{}, "FieldError": models.FieldError{},
		"CaseHistory": api.CaseHistory{}, "Rule": api.RuleView{},
		"Application": models.Application{}, "ApplicationView": app.ApplicationView{}, "ApplicationPage": api.Page[models.Application]{},
		"ApplicationCreated": app.Created{}, "ApplicationService": models.ApplicationService{}, "Applicant": models.Applicant{},
		"Eligibility": models.Eligibility{}, "Document": models.Document{}, "ExpertReview": models.ExpertReview{},
		"ReviewCriteria": models.ReviewCriteria{}, "SiteVisitReport": models.SiteVisitReport{}, "SessionRef": models.SessionRef{},
		"CommitteeVote": models.CommitteeVote{}, "CommitteeDecision": models.CommitteeDecision{},
		"Task": models.Task{}, "Assignee": models.Assignee{}, "TaskPage": api.Page[models.Task]{},
		"CommitteeSession": models.CommitteeSession{}, "AgendaItem": models.AgendaItem{},
		"SessionPage": api.Page[models.CommitteeSession]{}, "SessionCreated": app.Created{},
		"ServiceWatch": models.ServiceWatch{}, "InspectionEvent": models.InspectionEvent{},
		"InspectionFinding": models.InspectionFinding{}, "UnfitNotice": models.UnfitNotice{}, "NoticeList": api.NoticeList{},
		"DirectContract": models.DirectContract{}, "ContractChange": models.ContractChange{},
		"DirectContractPage": api.Page[models.DirectContract]{}, "ContractCreated": app.Created{},
		"QualityCase": models.QualityCase{}, "QualityReport": models.QualityReport{}, "QualityFinding": models.QualityFinding{},
		"PreReview": models.PreReview{}, "QualityInspection": models.QualityInspection{},
		"QualityCasePage": api.Page[models.QualityCase]{}, "QualityCycleStarted": app.QualityCycleStarted{},
		"ChangeRequest": models.ChangeRequest{}, "FieldChange": models.FieldChange{}, "ChangeCreated": app.ChangeCreated{},
		"ChangeRequestPage": api.Page[models.ChangeRequest]{}, "ServiceChange": models.ServiceChange{}, "ServiceChanges": api.ServiceChanges{},
		"Organization": models.Organization{}, "OrganizationPage": api.Page[models.Organization]{},
		"Person": models.User{}, "MyRecord": models.User{}, "PersonPage": api.Page[models.User]{}, "Relation": models.Relation{}, "RelationList": api.RelationList{},
		"Notification": models.Notification{}, "NotificationPage": api.Page[models.Notification]{},
		"NotificationsRead": models.NotificationsRead{},
		"RegistryChange":    models.RegistryChange{}, "RegistryFieldChange": models.FieldChange{},
		"RegistryChangePage": api.Page[models.RegistryChange]{},
		"DocumentDownload":   models.DocumentDownload{}, "DocumentDownloadPage": api.Page[models.DocumentDownload]{},
		"StoredDocument": app.Uploaded{},
		"Search":         models.Search{}, "SearchQuery": models.SearchQuery{}, "SearchResult": models.SearchResult{},
		"SearchProvider": models.SearchProvider{}, "SearchDownload": models.SearchDownload{},
		"SearchEvaluation": models.SearchEvaluation{}, "SearchTotal": models.SearchTotal{},
		"SearchCriterion": models.SearchCriterion{}, "SearchScore": models.SearchScore{},
		"SearchPage": api.Page[models.Search]{},
		"Stats":      models.Stats{}, "ServiceStats": models.ServiceStats{}, "ContractStats": models.ContractStats{},
		"LeadTimeStats": models.LeadTimeStats{}, "CountBucket": models.CountBucket{}, "AmountBucket": models.AmountBucket{},
		"PriceLine": models.PriceLine{},
	}
	for name, v := range responses {
		t.Run("fields/"+name, func(t *testing.T) {
			props, required := schemaFields(schema(name))
			all, always := goJSONFields(reflect.TypeOf(v))
			require.ElementsMatch(t, all, props, "properties of %s", name)
			require.ElementsMatch(t, always, required, "required of %s: the fields Go always writes", name)
		})
	}
	requests := map[string]any{
		"CreateOrderInput": app.CreateOrderInput{}, "ProposalInput": models.ProposalInput{},
		"EvaluationInput": api.EvaluationInput{}, "ScoreInput": models.ScoreInput{},
		"NegotiationInput": models.NegotiationInput{}, "CancelInput": models.CancelInput{},
		"DirectContractInput": models.DirectContractInput{}, "ContractChangeInput": models.ContractChangeInput{},
		"ApplicationInput": models.ApplicationInput{}, "ApplicationServiceInput": models.ApplicationServiceInput{},
		"ApplicantInput": models.ApplicantInput{}, "DocumentInput": models.DocumentInput{},
		"SupplementInput": api.SupplementInput{}, "WithdrawInput": models.WithdrawInput{},
		"TaskCompletion": models.TaskCompletion{}, "ReviewCriteriaInput": models.ReviewCriteria{},
		"SessionInput": models.SessionInput{},
	}
	requests["SearchInput"] = models.SearchInput{}
	requests["SearchEvaluationInput"] = models.SearchEvaluationInput{}
	requests["SearchOutcomeInput"] = models.SearchOutcomeInput{}
	requests["InspectionEventInput"] = models.InspectionEventInput{}
	requests["QualityReportInput"] = models.QualityReportInput{}
	requests["PreReviewInput"] = models.PreReviewInput{}
	requests["ChangeRequestInput"] = models.ChangeRequestInput{}
	requests["ChangeFields"] = models.ChangeFields{}
	requests["DecideChangeInput"] = models.DecideChangeInput{}
	requests["OrganizationInput"], requests["OrganizationPatch"] = models.OrganizationInput{}, models.OrganizationPatch{}
	requests["PersonInput"], requests["PersonPatch"] = models.PersonInput{}, models.PersonPatch{}
	requests["RelationInput"] = models.RelationInput{}
	requests["MySettings"] = models.MySettings{}
	requests["ReadThroughInput"] = models.ReadThroughInput{}
	for name, v := range requests {
		t.Run("fields/"+name, func(t *testing.T) {
			all, _ := goJSONFields(reflect.TypeOf(v))
			require.ElementsMatch(t, all, openapiProperties(schema(name)), "properties of %s", name)
		})
	}

	// Real values, built the way the server builds them, validate.
	now := time.Date(2026, 3, 2, 14, 5, 0, 0, models.Seoul)
	founded := models.Date{Time: time.Date(2015, 4, 1, 0, 0, 0, 0, models.Seoul)}
	selected := models.DateOf(now.AddDate(-1, 0, 0))
	csap := models.DateOf(now.AddDate(3, 0, 0))
	svc := models.Service{ID: "SVC-0001", Name: "한빛 클라우드 서버", NameEn: "Hanbit Cloud Server",
		Description: "가상서버", DescriptionEn: "virtual servers", Type: models.TypeCloud, Subtype: models.SubIaaS,
		Status: models.ServiceRegistered, SelectedOn: &selected, CSAPValidUntil: &csap,
		Provider: models.Provider{Org: "PV-0001", Name: "(주)한빛클라우드", NameEn: "Hanbit Cloud", BusinessNo: "101-81-12345",
			Size: models.SizeSME, FoundedOn: &founded},
		UpdatedAt: now, Version: 3, Features: []string{"가용성 99.95% SLA"},
		Prices: []models.PriceLine{{Item: "가상서버 vCPU", Unit: "vCPU-month", UnitPriceKRW: 32000, Conditions: "월 단위"},
			{Item: "인터넷 송신 트래픽", Unit: "GB", UnitPriceKRW: 0}}}
	bare := models.Service{ID: "SVC-0002", Name: "컨설팅", Type: models.TypeSupport, Subtype: models.SubConsulting,
		Status: models.ServiceSuspended, SelectedOn: &models.Date{}, // a zero date is written as null
		Provider: models.Provider{Org: "PV-0002", Name: "(주)두리", BusinessNo: "102-86-54321", Size: models.SizeLarge}, UpdatedAt: now.UTC(),
		Version: 1, Features: []string{}, Prices: []models.PriceLine{}} // the store never reads null
	requireMatches(t, schema("Service"), svc)
	requireMatches(t, schema("Service"), bare)
	requireMatches(t, schema("ServicePage"), api.Page[models.Service]{Items: []models.Service{svc, bare}, NextPageToken: "U1ZDLTAwMDI"})
	requireMatches(t, schema("ServicePage"), api.Page[models.Service]{Items: []models.Service{}})

	agency := models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"}
	provider := models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: "PV-0001"}
	open := func(id string) *models.Order {
		req, err := models.ParseOrderRequest("SVC-0001", "민원포털 클라우드 전환", 120_000_000, "2026-03-09", models.DateOf(now))
		require.NoError(t, err)
		return models.NewOrder(id, "order-"+id, req, svc, agency.Org, agency, now)
	}
	var orders []models.Order
	check := func(o *models.Order, status models.OrderStatus) {
		t.Helper()
		require.Equal(t, status, o.Status)
		requireMatches(t, schema("Order"), o)
		orders = append(orders, *o)
	}

	o := open("ORD-2026-000001")
	check(o, models.OrderProposalRequested)
	require.NoError(t, o.SubmitProposal(now.Add(time.Hour), provider, models.ProposalInput{PriceKRW: 110_000_000, Summary: "IaaS 4 vCPU x 20"}))
	check(o, models.OrderProposalSubmitted)
	require.NoError(t, o.Evaluate(now.Add(2*time.Hour), agency, []models.ScoreInput{{Criterion: "기술", Score: 72.5, Max: 80}, {Criterion: "가격", Score: 18, Max: 20}}))
	check(o, models.OrderNegotiating)
	agreed := true
	require.NoError(t, o.Negotiate(now.Add(3*time.Hour), agency, models.NegotiationInput{Agreed: &agreed, FinalPriceKRW: 105_000_000, Terms: "SLA 99.9%"}))
	check(o, models.OrderDeliveryRequested)

	o = open("ORD-2026-000002")
	require.NoError(t, o.SubmitProposal(now.Add(time.Hour), provider, models.ProposalInput{PriceKRW: 1, Summary: "x"}))
	require.NoError(t, o.Evaluate(now.Add(2*time.Hour), agency, []models.ScoreInput{{Criterion: "종합", Score: 84.99, Max: 100}}))
	check(o, models.OrderNotQualified)
	require.Equal(t, "84.99", o.EvaluationTotal.String())

	o = open("ORD-2026-000003")
	require.NoError(t, o.Cancel(now.Add(time.Hour), agency, models.CancelInput{Reason: "예산 삭감"}))
	check(o, models.OrderCancelled)

	o = open("ORD-2026-000004")
	o.LapseProposal(now.AddDate(0, 0, 8)) // the workflow's own step: actor role "system"
	check(o, models.OrderLapsed)

	requireMatches(t, schema("OrderPage"), api.Page[models.Order]{Items: orders, NextPageToken: ""})
	requireMatches(t, schema("CaseHistory"), api.CaseHistory{WorkflowID: orders[3].WorkflowID, CaseType: "order", CaseID: orders[3].ID,
		Status: string(orders[3].Status), Decisions: orders[3].Steps, TemporalUIURL: "http://localhost:8233/namespaces/default/workflows/order-ORD-2026-000001",
		Rules: []string{"catalog_order.negotiation_days@2020-10-01", "catalog_order.qualifying_score@2020-10-01"}, TimeScale: 8640})
	requireMatches(t, schema("OrderCreated"), app.Created{ID: "ORD-2026-000001", Status: string(models.OrderProposalRequested), WorkflowID: "order-ORD-2026-000001", Created: true})
	requireMatches(t, schema("Actor"), agency)
	requireMatches(t, schema("Problem"), api.Problem{Type: "urn:dsmarket:problem:invalid", Title: "입력값 오류 (Invalid field)", Status: 422,
		Detail: "one or more fields are invalid", Instance: "/api/v1/orders", Errors: []models.FieldError{{Field: "budget_krw", Message: "must be a positive whole amount in KRW"}}})
	requireMatches(t, schema("Problem"), api.Problem{Type: "urn:dsmarket:problem:unavailable", Title: "일시적 장애 (Service unavailable)", Status: 503,
		Detail: "not ready", Errors: []models.FieldError{}})

	// Selection: one application walked from its supplement to its registration, and the
	// others' endings, each state as the API writes it.
	views := selectionValues(t, now)
	var apps []models.Application
	for _, v := range views {
		requireMatches(t, schema("ApplicationView"), v)
		requireMatches(t, schema("Application"), v.Application)
		apps = append(apps, v.Application)
	}
	requireMatches(t, schema("ApplicationPage"), api.Page[models.Application]{Items: apps, NextPageToken: "QVBQLTIwMjYtMDAwMDAx"})
	chosen := views[len(views)-1].Application
	require.Equal(t, models.AppSelected, chosen.Status)
	requireMatches(t, schema("TaskPage"), api.Page[models.Task]{Items: chosen.Tasks})
	requireMatches(t, schema("ApplicationCreated"), app.Created{ID: "APP-2026-000001", Status: string(models.AppSupplementRequested), WorkflowID: "application-APP-2026-000001"})
	requireMatches(t, schema("CaseHistory"), api.CaseHistory{WorkflowID: chosen.WorkflowID, CaseType: "application", CaseID: chosen.ID,
		Status: string(chosen.Status), Decisions: chosen.Steps, TemporalUIURL: "http://localhost:8233/namespaces/default/workflows/" + chosen.WorkflowID,
		Rules: []string{}})
	operator := models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"}
	closedAt := now.Add(50 * time.Hour)
	session := models.CommitteeSession{ID: chosen.Session.ID, WorkflowID: chosen.Session.WorkflowID, HeldOn: chosen.Session.HeldOn,
		Members: chosen.Session.Members, Status: models.SessionClosed, OpenedBy: operator.Sub, OpenedAt: now, ClosedBy: operator.Sub, ClosedAt: &closedAt,
		Agenda: []models.AgendaItem{{ApplicationID: chosen.ID, WorkflowID: chosen.WorkflowID, ServiceName: chosen.Service.Name,
			JoinedAt: now.Add(40 * time.Hour), Decision: &chosen.Decisions[0]}},
		Steps: []models.Step{{At: now, Actor: operator, Action: "session_opened", Status: "open", Note: "chair song.committee; 5 members"},
			{At: closedAt, Actor: operator, Action: "session_closed", Status: "closed"}}}
	empty := models.CommitteeSession{ID: "CS-2026-0002", WorkflowID: "committee-CS-2026-0002", HeldOn: models.DateOf(now),
		Members: []string{"song.committee"}, Status: models.SessionOpen, Agenda: []models.AgendaItem{}, OpenedBy: operator.Sub, OpenedAt: now,
		Steps: []models.Step{{At: now, Actor: operator, Action: "session_opened", Status: "open"}}}
	requireMatches(t, schema("CommitteeSession"), session)
	requireMatches(t, schema("CommitteeSession"), empty)
	requireMatches(t, schema("SessionPage"), api.Page[models.CommitteeSession]{Items: []models.CommitteeSession{session, empty}})
	requireMatches(t, schema("SessionCreated"), app.Created{ID: "CS-2026-0002", Status: "open", WorkflowID: "committee-CS-2026-0002"})
	inspectionSchemaValues(t, schema, now)
	contractSchemaValues(t, schema, now)

	// Bodies the server accepts validate against the request schemas.
	asRequest := func(name string, v any) {
		t.Helper()
		require.NoError(t, schema(name).VisitJSON(jsonRoundTrip(t, v), openapi3.VisitAsRequest(), openapi3.EnableFormatValidation(), openapi3.MultiErrors()), name)
	}
	asRequest("CreateOrderInput", app.CreateOrderInput{ServiceID: "SVC-0001", Title: "민원포털", BudgetKRW: 120_000_000, ProposalDue: "2026-03-09"})
	asRequest("ProposalInput", models.ProposalInput{PriceKRW: 110_000_000, Summary: "IaaS"})
	asRequest("EvaluationInput", api.EvaluationInput{Scores: []models.ScoreInput{{Criterion: "기술", Score: 72.25, Max: 80}}})
	asRequest("NegotiationInput", models.NegotiationInput{Agreed: &agreed, FinalPriceKRW: 105_000_000, Terms: "SLA"})
	failed := false
	asRequest("NegotiationInput", models.NegotiationInput{Agreed: &failed, Reason: "단가 불일치"})
	asRequest("CancelInput", models.CancelInput{Reason: "예산 삭감"})
	asRequest("ApplicationInput", applicationInput(pv1BusinessNo, allDocuments(models.TypeCloud)...))
	asRequest("ApplicationInput", models.ApplicationInput{Service: models.ApplicationServiceInput{Name: "x", Type: "support", Subtype: "consulting", Description: "y"},
		Provider: models.ApplicantInput{BusinessNo: "101-81-12345", Name: "n", FoundedOn: "2025-01-01", CreditRating: "b-", BusinessStatus: "rehabilitation_approved",
			Size: "large", DebarredUntil: "2024-12-31"}, Broker: true, SchoolEducationOnly: true, Documents: []models.DocumentInput{}})
	asRequest("SupplementInput", api.SupplementInput{Documents: documents(models.DocCSAPCertificate)})
	asRequest("WithdrawInput", models.WithdrawInput{})
	asRequest("WithdrawInput", models.WithdrawInput{Reason: "사업 계획 변경"})
	yes := true
	pass := models.ReviewCriteria{Eligibility: "pass", Management: "pass", Security: "na", Stability: "pass", Support: "pass"}
	for _, body := range []models.TaskCompletion{
		{Outcome: "accept"},
		{Outcome: "supplement", MissingKinds: []string{"sla_policy"}, Note: "SLA 정책 누락"},
		{Outcome: "return", Note: "허위 서류"},
		{Experts: []string{"cho.expert", "yoo.expert"}},
		{Opinion: "suitable", SiteVisit: &yes, Comment: "현장 확인 필요", Criteria: &pass},
		{HeldOn: "2026-03-03", Report: "데이터센터 확인"},
		{Vote: "select"},
		{Vote: "defer", Reason: "자료 보완 후 재심"},
		{Recuse: true, Reason: "최근 자문 수행"},
		{Outcome: "remediate", Reason: "SLA 미달", Due: "2026-04-30"},
		{Outcome: "fit", OnSite: true},
		{OnSite: true, Reason: "백업 설비 현장 확인"},
	} {
		asRequest("TaskCompletion", body)
	}
	asRequest("SessionInput", models.SessionInput{HeldOn: "2026-03-20", Members: []string{"song.committee", "lim.committee"}})

	// And the document is not looser than the server where it matters.
	for name, body := range map[string]string{
		"CreateOrderInput": `{"service_id":"SVC-0001","title":"t","budget_krw":1.5,"proposal_due":"2026-03-09"}`,
		"ProposalInput":    `{"price_krw":1,"summary":"s","extra":1}`,
		"EvaluationInput":  `{"scores":[{"criterion":"a","score":1.234,"max":10}]}`,
		"NegotiationInput": `{"agreed":false}`,
		"CancelInput":      `{}`,
		"ApplicationInput": `{"service":{"name":"x","type":"cloud","subtype":"saas","description":"d","extra":1},"provider":{"business_no":"101-81-12345","name":"n","founded_on":"2020-01-01","credit_rating":"A","business_status":"active","size":"sme"}}`,
		"DocumentInput":    `{"kind":"brochure","filename":"a.pdf","sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}`,
		"SupplementInput":  `{"documents":[]}`,
		"WithdrawInput":    `{"reason":"x","why":"y"}`,
		"TaskCompletion":   `{"outcome":"accept","experts":["cho.expert"]}`,
		"SessionInput":     `{"held_on":"2026-03-20","members":[]}`,
		"DirectContractInput": `{"service_id":"SVC-0001","title":"t","contracted_on":"2026-03-02","amount_krw":1,` +
			`"period_from":"2026-03-02","period_to":"2026-03-31","method":"catalog"}`,
		"ContractChangeInput": `{"changed_on":"2026-03-02","reason":"r","amount_krw":0}`,
	} {
		var v any
		require.NoError(t, json.Unmarshal([]byte(body), &v))
		require.Error(t, schema(name).VisitJSON(v, openapi3.VisitAsRequest()), "%s accepts %s", name, body)
	}
}

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

// requireMatches checks that v, written as the server writes it, validates against s.
func requireMatches(t *testing.T, s *openapi3.Schema, v any) {
	t.Helper()
	err := s.VisitJSON(jsonRoundTrip(t, v), openapi3.VisitAsResponse(), openapi3.EnableFormatValidation(), openapi3.MultiErrors())
	require.NoError(t, err, "%T does not match its schema", v)
}

func jsonRoundTrip(t *testing.T, v any) any {
	t.Helper()
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(raw, &out))
	return out
}

// goJSONFields returns the JSON names of a struct's fields, and those encoding/json always
// writes (no omitempty).
func goJSONFields(typ reflect.Type) (all, always []string) {
	for i := 0; i < typ.NumField(); i++ {
		f := typ.Field(i)
		if !f.IsExported() {
			continue
		}
		if f.Anonymous && f.Tag.Get("json") == "" && f.Type.Kind() == reflect.Struct {
			// An embedded struct's fields are written as the outer struct's own.
			a, w := goJSONFields(f.Type)
			all, always = append(all, a...), append(always, w...)
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		all = append(all, name)
		if !slices.Contains(strings.Split(opts, ","), "omitempty") {
			always = append(always, name)
		}
	}
	return all, always
}

// schemaFields returns the properties and required fields of a response schema, across
// the parts of an allOf.
func schemaFields(s *openapi3.Schema) (props, required []string) {
	props, required = openapiKeys(s.Properties), slices.Clone(s.Required)
	for _, part := range s.AllOf {
		p, r := schemaFields(part.Value)
		props, required = append(props, p...), append(required, r...)
	}
	return props, required
}

// openapiProperties returns the properties of a schema, across its oneOf alternatives.
func openapiProperties(s *openapi3.Schema) []string {
	set := map[string]bool{}
	for k := range s.Properties {
		set[k] = true
	}
	for _, alt := range s.OneOf {
		for _, k := range openapiProperties(alt.Value) {
			set[k] = true
		}
	}
	return openapiKeys(set)
}

func openapiKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func openapiEnum(t *testing.T, doc *openapi3.T, name string) []string {
	t.Helper()
	s := doc.Components.Schemas[name]
	require.NotNil(t, s, name)
	out := make([]string, len(s.Value.Enum))
	for i, v := range s.Value.Enum {
		out[i] = fmt.Sprint(v)
	}
	return out
}

// selectionValues walks applications through the models as their workflows do, and
// returns each state as the API shows it: the last one is selected and registered.
func selectionValues(t *testing.T, now time.Time) []app.ApplicationView {
	t.Helper()
	provider := models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: "PV-0001"}
	operator := models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"}
	var out []app.ApplicationView
	at := now
	snap := func(a *models.Application, status models.ApplicationStatus) {
		t.Helper()
		require.Equal(t, status, a.Status, a.Reason)
		// A deep copy, as a query answer is: the walk goes on changing a's lists in place.
		raw, err := json.Marshal(a)
		require.NoError(t, err)
		var c models.Application
		require.NoError(t, json.Unmarshal(raw, &c))
		out = append(out, *app.ViewOf(&c, models.Actor{Role: models.RoleAuditor}, at))
	}
	open := func(id string, in models.ApplicationInput) *models.Application {
		t.Helper()
		req, err := models.ParseApplication(in, provider.Org, provider.Sub, at)
		require.NoError(t, err)
		return models.NewApplication(id, flow.ApplicationWorkflowID(id), req, provider, at)
	}
	complete := func(a *models.Application, by models.Actor, body models.TaskCompletion, candidates ...models.ExpertCandidate) {
		t.Helper()
		at = at.Add(time.Hour)
		for _, task := range a.OpenTasks(at) {
			if task.AssignedTo(by) {
				require.NoError(t, a.CompleteTask(at, by, models.CompleteTaskInput{TaskID: task.ID, Body: body, Candidates: candidates}))
				return
			}
		}
		t.Fatalf("no open task of %s on %s", by.Sub, a.ID)
	}

	// Ineligible at once; withdrawn in the document check.
	bad := applicationInput(pv1BusinessNo, allDocuments(models.TypeCloud)...)
	bad.Provider.CreditRating, bad.Provider.FoundedOn = "CCC", "2010-01-01"
	snap(open("APP-2026-000001", bad), models.AppIneligible)
	a := open("APP-2026-000002", applicationInput(pv1BusinessNo, allDocuments(models.TypeCloud)...))
	snap(a, models.AppDocumentCheck)
	require.NoError(t, a.Withdraw(at.Add(time.Minute), provider, models.WithdrawInput{}))
	snap(a, models.AppWithdrawn)

	// The walk: the CSAP certificate is missing, then supplemented.
	a = open("APP-2026-000003", applicationInput(pv1BusinessNo, documents(models.DocApplicationForm, models.DocCorporateRegistry,
		models.DocBusinessRegistration, models.DocCreditRating, models.DocServiceOverview, models.DocCapabilityProof, models.DocSLAPolicy)...))
	snap(a, models.AppSupplementRequested)
	at = at.Add(time.Hour)
	require.NoError(t, a.Supplement(at, provider, documents(models.DocCSAPCertificate)))
	snap(a, models.AppDocumentCheck)
	complete(a, operator, models.TaskCompletion{Outcome: "accept", Note: "서류 완비"})
	snap(a, models.AppExpertReview)
	complete(a, operator, models.TaskCompletion{Experts: []string{"cho.expert", "yoo.expert"}},
		models.ExpertCandidate{Sub: "cho.expert", IsExpert: true}, models.ExpertCandidate{Sub: "yoo.expert", IsExpert: true})
	snap(a, models.AppExpertReview)
	yes, no := true, false
	criteria := models.ReviewCriteria{Eligibility: "pass", Management: "pass", Security: "na", Stability: "pass", Support: "pass"}
	complete(a, models.Actor{Sub: "cho.expert", Role: models.RoleExpert, Org: "ETRI"},
		models.TaskCompletion{Opinion: "suitable", SiteVisit: &yes, Comment: "백업 설비 현장 확인", Criteria: &criteria})
	complete(a, models.Actor{Sub: "yoo.expert", Role: models.RoleExpert, Org: "KAIST"},
		models.TaskCompletion{Opinion: "suitable", SiteVisit: &no, Criteria: &criteria})
	snap(a, models.AppSiteVisit)
	at = at.Add(24 * time.Hour)
	complete(a, operator, models.TaskCompletion{HeldOn: models.DateOf(at).String(), Report: "데이터센터와 백업 설비 확인"})
	snap(a, models.AppAwaitingCommittee)

	members := []string{"song.committee", "lim.committee", "jang.committee", "kwon.committee", "hwang.committee"}
	ref := models.SessionRef{ID: "CS-2026-0001", WorkflowID: "committee-CS-2026-0001", HeldOn: models.DateOf(at), Members: members}
	a.JoinSession(at, ref, map[string]string{"hwang.committee": "worked for the provider within 3 years (재직)"})
	snap(a, models.AppAwaitingCommittee)
	member := func(sub string) models.Actor { return models.Actor{Sub: sub, Role: models.RoleCommittee, Org: "MSIT"} }
	complete(a, member("song.committee"), models.TaskCompletion{Vote: "select"})
	complete(a, member("lim.committee"), models.TaskCompletion{Vote: "select"})
	complete(a, member("jang.committee"), models.TaskCompletion{Vote: "reject", Reason: "운영 인력 부족"})
	complete(a, member("kwon.committee"), models.TaskCompletion{Recuse: true, Reason: "최근 자문 수행"})
	d, ok := a.DecideSession(at.Add(time.Hour), ref.ID)
	require.True(t, ok)
	require.Equal(t, models.OutcomeSelected, d.Outcome, d.Reason)
	a.Register(at.Add(time.Hour), "DS-2026-0001", "SVC-1001")
	snap(a, models.AppSelected)
	return out
}
