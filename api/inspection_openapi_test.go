package api_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/models"
)

// inspectionSchemaValues walks a service's watch through the models as its workflow does
// and checks every state, the notice and the case history against their schemas; and the
// request schema against bodies the server accepts and refuses.
func inspectionSchemaValues(t *testing.T, schema func(string) *openapi3.Schema, now time.Time) {
	t.Helper()
	operator := models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"}
	csap := models.DateOf(now.AddDate(1, 0, 0))
	svc := models.Service{ID: "SVC-0001", Name: "한빛 클라우드 서버", CSAPValidUntil: &csap,
		Provider: models.Provider{Org: "PV-0001", Name: "(주)한빛클라우드"}}
	today := models.DateOf(now).String()
	inputs := []models.InspectionEventInput{
		{Kind: "credit_rating", Value: "a-", EffectiveOn: today, Source: "NICE평가정보"},
		{Kind: "debarment", Value: models.DateOf(now.AddDate(0, 6, 0)).String(), EffectiveOn: today, Source: "조달청 제재 공고"},
		{Kind: "csap", Value: "valid:" + models.DateOf(now.AddDate(3, 0, 0)).String(), EffectiveOn: today, Source: "KISA"},
		{Kind: "business_status", Value: "rehabilitation_approved", EffectiveOn: today, Source: "법원 회생계획 인가"},
		{Kind: "business_status", Value: "closed", EffectiveOn: today, Source: "국세청 휴폐업 조회"},
	}
	w := models.NewServiceWatch(models.Service{ID: "SVC-0002"}) // no certificate: csap_valid_until is null
	requireMatches(t, schema("ServiceWatch"), w)
	w = models.NewServiceWatch(svc)
	requireMatches(t, schema("ServiceWatch"), w)
	var last models.InspectionFinding
	for i, in := range inputs {
		require.NoError(t, schema("InspectionEventInput").VisitJSON(jsonRoundTrip(t, in), openapi3.VisitAsRequest(),
			openapi3.EnableFormatValidation()), "%+v", in)
		f, err := w.Record(now.Add(time.Duration(i)*time.Hour), operator, in)
		require.NoError(t, err)
		requireMatches(t, schema("ServiceWatch"), w)
		requireMatches(t, schema("InspectionFinding"), f)
		requireMatches(t, schema("InspectionEvent"), w.Events[i])
		last = f
	}
	require.Equal(t, models.WatchUnfit, w.Status)
	expired := models.NewServiceWatch(svc)
	f, ok := expired.ExpireCSAP(csap.EndOfDay())
	require.True(t, ok)
	requireMatches(t, schema("InspectionFinding"), f) // by the system actor
	notice := models.NewUnfitNotice(svc, last)
	requireMatches(t, schema("UnfitNotice"), notice)
	requireMatches(t, schema("NoticeList"), api.NoticeList{Items: []models.UnfitNotice{notice, models.NewUnfitNotice(svc, f)}})
	requireMatches(t, schema("NoticeList"), api.NoticeList{Items: []models.UnfitNotice{}})
	requireMatches(t, schema("CaseHistory"), api.CaseHistory{WorkflowID: "service-SVC-0001", CaseType: "service", CaseID: "SVC-0001",
		Status: string(w.Status), Decisions: w.Steps(), TemporalUIURL: "http://localhost:8233/namespaces/default/workflows/service-SVC-0001", Rules: []string{}})

	// The document is not looser than the server where it matters.
	for _, body := range []string{
		`{"kind":"credit_rating","value":"A","effective_on":"2026-03-02"}`,
		`{"kind":"rating","value":"A","effective_on":"2026-03-02","source":"s"}`,
		`{"kind":"credit_rating","value":"A","effective_on":"2026-03-02","source":"s","note":"n"}`,
		`{"kind":"credit_rating","value":"","effective_on":"2026-03-02","source":"s"}`,
		`{"kind":"credit_rating","value":"A","effective_on":"02/03/2026","source":"s"}`,
	} {
		var v any
		require.NoError(t, json.Unmarshal([]byte(body), &v))
		require.Error(t, schema("InspectionEventInput").VisitJSON(v, openapi3.VisitAsRequest(), openapi3.EnableFormatValidation()),
			"InspectionEventInput accepts %s", body)
	}
}

// exerciseInspection calls every inspection route with its answers, for the live check of
// responses against the document.
func exerciseInspection(t *testing.T, h *harness, call func(method, path, token string, body any, want int, headers ...string) response) {
	t.Helper()
	svc := h.ownService(dayOffset(400))
	path := "/api/v1/services/" + svc + "/events"
	call("GET", "/api/v1/notices", "", nil, 200)
	call("GET", "/api/v1/notices", "", nil, 401, "Authorization", "Bearer not-a-token")
	call("GET", path, h.operator(), nil, 404) // no watch yet
	fit := eventBody("credit_rating", "BBB", today())
	call("POST", path, h.operator(), fit, 200, "Idempotency-Key", "openapi-ev")
	call("POST", path, h.operator(), fit, 200, "Idempotency-Key", "openapi-ev")
	call("POST", path, h.agency(), fit, 403)
	call("POST", path, "", fit, 401)
	call("POST", "/api/v1/services/SVC-9999/events", h.operator(), fit, 404)
	call("POST", path, h.operator(), eventBody("csap", "revoked", today()), 422)
	call("POST", path, h.operator(), `{"kind":`, 400)
	call("POST", path, h.operator(), eventBody("debarment", dayOffset(30), today()), 200)
	call("GET", path, h.operator(), nil, 200)
	call("GET", path, h.auditor(), nil, 200)
	call("GET", path, h.agency(), nil, 403)
	call("POST", path, h.operator(), eventBody("csap", "cancelled", today()), 200)
	call("POST", path, h.operator(), fit, 409)
	call("GET", "/api/v1/notices", h.agency(), nil, 200)
	call("GET", "/api/v1/cases/service-"+svc+"/history", h.auditor(), nil, 200)
}
