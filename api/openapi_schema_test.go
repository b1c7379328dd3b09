package api_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

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
