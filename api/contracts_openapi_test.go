package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// contractSchemaValues walks a direct contract through the models as its workflow does and
// checks each state, and the bodies the server accepts, against the document's schemas.
func contractSchemaValues(t *testing.T, schema func(string) *openapi3.Schema, now time.Time) {
	t.Helper()
	agency := models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"}
	svc := models.Service{ID: "SVC-0001", Name: "한빛 클라우드 서버", Type: models.TypeCloud, Provider: models.Provider{Org: "PV-0001"}}
	in := models.DirectContractInput{ServiceID: "SVC-0001", Title: "민원포털 클라우드 운영", ContractedOn: "2026-01-21",
		AmountKRW: 48_000_000, PeriodFrom: "2026-02-01", PeriodTo: "2026-06-30", Method: "direct"}
	req, err := models.ParseDirectContract(in, models.DateOf(now))
	require.NoError(t, err)
	c := models.NewDirectContract("CT-2026-000001", "contract-CT-2026-000001", req, svc, agency, now)
	var states []models.DirectContract
	check := func(status models.DirectContractStatus) {
		t.Helper()
		require.Equal(t, status, c.Status)
		requireMatches(t, schema("DirectContract"), c)
		for _, ch := range c.Changes {
			requireMatches(t, schema("ContractChange"), ch)
		}
		states = append(states, *c)
	}
	check(models.ContractRegistered)
	require.NoError(t, c.RegisterChange(now.Add(time.Hour), agency, models.ContractChangeInput{ChangedOn: models.DateOf(now).String(), Reason: "과업 범위 조정"}))
	check(models.ContractChangePending)
	due := c.Changes[0].Deadline()
	c.Advance(*c.Changes[0].RemindAt)
	c.Advance(due)
	check(models.ContractChangeOverdue)
	amount, to := int64(52_000_000), "2026-07-31"
	require.NoError(t, c.RegisterChange(due.Add(time.Hour), agency, models.ContractChangeInput{ChangedOn: models.DateOf(now).String(),
		Reason: "확정", AmountKRW: &amount, PeriodTo: &to}))
	check(models.ContractRegistered)
	title, from := "민원포털 운영 (변경)", "2026-02-15"
	require.NoError(t, c.RegisterChange(due.Add(2*time.Hour), agency, models.ContractChangeInput{ChangedOn: models.DateOf(due).String(),
		Reason: "명칭 변경", Title: &title, PeriodFrom: &from}))
	c.Advance(c.ClosesAt)
	check(models.ContractClosed)

	requireMatches(t, schema("DirectContractPage"), api.Page[models.DirectContract]{Items: states, NextPageToken: "Q1QtMjAyNi0wMDAwMDE"})
	requireMatches(t, schema("DirectContractPage"), api.Page[models.DirectContract]{Items: []models.DirectContract{}})
	requireMatches(t, schema("ContractCreated"), app.Created{ID: c.ID, Status: string(models.ContractRegistered), WorkflowID: c.WorkflowID})
	requireMatches(t, schema("CaseHistory"), api.CaseHistory{WorkflowID: c.WorkflowID, CaseType: "contract", CaseID: c.ID,
		Status: string(c.Status), Decisions: c.Steps, TemporalUIURL: "http://localhost:8233/namespaces/default/workflows/" + c.WorkflowID, Rules: []string{}})

	asRequest := func(name string, v any) {
		t.Helper()
		require.NoError(t, schema(name).VisitJSON(jsonRoundTrip(t, v), openapi3.VisitAsRequest(), openapi3.EnableFormatValidation(), openapi3.MultiErrors()), name)
	}
	asRequest("DirectContractInput", in)
	asRequest("ContractChangeInput", models.ContractChangeInput{ChangedOn: "2026-03-02", Reason: "예고"})
	asRequest("ContractChangeInput", models.ContractChangeInput{ChangedOn: "2026-03-02", Reason: "확정", AmountKRW: &amount,
		PeriodFrom: &from, PeriodTo: &to, Title: &title})
}

// exerciseContracts calls every contract route with its answers, for the live check of the
// document against the server.
func exerciseContracts(t *testing.T, h *harness, call func(method, path, token string, body any, want int, headers ...string) response) {
	t.Helper()
	body := contractBody("SVC-0001", 40)
	id := call("POST", "/api/v1/contracts", h.agency(), body, 201, "Idempotency-Key", "openapi-ct").json(t)["id"].(string)
	call("POST", "/api/v1/contracts", h.agency(), body, 200, "Idempotency-Key", "openapi-ct")
	call("POST", "/api/v1/contracts", h.agency(), contractBody("SVC-0001", 41), 422, "Idempotency-Key", "openapi-ct")
	call("POST", "/api/v1/contracts", "", body, 401)
	call("POST", "/api/v1/contracts", h.provider(), body, 403)
	call("POST", "/api/v1/contracts", h.agency(), `{"service_id":`, 400)
	call("POST", "/api/v1/contracts", h.agency(), `{"title":"`+strings.Repeat("가", 1<<19)+`"}`, 413)
	call("POST", "/api/v1/contracts", h.agency(), contractBody("SVC-9999", 1), 422)
	call("GET", "/api/v1/contracts", h.agency(), nil, 200)
	call("GET", "/api/v1/contracts?status=registered&page_size=1", h.auditor(), nil, 200)
	call("GET", "/api/v1/contracts?status=late", h.auditor(), nil, 422)
	call("GET", "/api/v1/contracts", h.operator(), nil, 403)
	call("GET", "/api/v1/contracts", "", nil, 401)
	call("GET", "/api/v1/contracts/"+id, h.provider(), nil, 200)
	call("GET", "/api/v1/contracts/"+id, h.agency2(), nil, 404)
	call("GET", "/api/v1/contracts/"+id, h.operator(), nil, 403)
	call("PATCH", "/api/v1/contracts/"+id, h.agency(), announcement(day(0)), 200, "Idempotency-Key", "openapi-chg")
	call("PATCH", "/api/v1/contracts/"+id, h.agency(), map[string]any{"changed_on": day(0), "reason": "확정", "amount_krw": 50_000_000}, 200)
	call("PATCH", "/api/v1/contracts/"+id, h.agency(), map[string]any{"changed_on": day(1), "reason": "r"}, 422)
	call("PATCH", "/api/v1/contracts/"+id, h.agency(), `{"changed_on":`, 400)
	call("PATCH", "/api/v1/contracts/"+id, h.agency(), announcement(day(0)), 422, "Idempotency-Key", "has space")
	call("PATCH", "/api/v1/contracts/"+id, h.provider(), announcement(day(0)), 403)
	call("PATCH", "/api/v1/contracts/"+id, h.agency2(), announcement(day(0)), 404)
	call("PATCH", "/api/v1/contracts/"+h.closedContract(), h.agency(), announcement(day(-70)), 409)
	call("GET", "/api/v1/cases/contract-"+id+"/history", h.auditor(), nil, 200)
}
