package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/models"
)

// day is the Seoul date n days from today, as the API writes dates.
func day(n int) string { return models.DateOf(time.Now()).AddDate(0, 0, n).Format(time.DateOnly) }

// contractBody registers a direct contract for serviceID concluded daysAgo days ago, for a
// year from that day.
func contractBody(serviceID string, daysAgo int) map[string]any {
	return map[string]any{"service_id": serviceID, "title": "민원포털 클라우드 운영", "contracted_on": day(-daysAgo),
		"amount_krw": 48_000_000, "period_from": day(-daysAgo), "period_to": day(365 - daysAgo), "method": "direct"}
}

// newContract registers a contract of AG-0001 on SVC-0001 (provider PV-0001) and returns its ID.
func (h *harness) newContract(body map[string]any) string {
	h.t.Helper()
	r := h.do("POST", "/api/v1/contracts", h.agency(), body)
	require.Equal(h.t, http.StatusCreated, r.status, r.String())
	return r.json(h.t)["id"].(string)
}

// closedContract registers a contract whose period's window ended before today, and waits
// until its workflow has closed it.
func (h *harness) closedContract() string {
	h.t.Helper()
	body := contractBody("SVC-0001", 100)
	body["period_to"] = day(-60)
	id := h.newContract(body)
	require.Eventually(h.t, func() bool {
		r := h.do("GET", "/api/v1/contracts/"+id, h.agency(), nil)
		return r.status == http.StatusOK && r.json(h.t)["status"] == "closed"
	}, 10*time.Second, 50*time.Millisecond)
	return id
}

// serviceOf returns a registered service of the provider org, found in the public catalog.
func (h *harness) serviceOf(org string) string {
	h.t.Helper()
	r := h.do("GET", "/api/v1/services?page_size=500", "", nil)
	require.Equal(h.t, http.StatusOK, r.status, r.String())
	for _, it := range r.json(h.t)["items"].([]any) {
		svc := it.(map[string]any)
		if svc["provider"].(map[string]any)["org"] == org && svc["status"] == "registered" {
			return svc["id"].(string)
		}
	}
	h.t.Fatalf("no registered service of %s in the first page of the catalog", org)
	return ""
}

func announcement(changedOn string) map[string]any {
	return map[string]any{"changed_on": changedOn, "reason": "과업 범위 조정"}
}

func fieldsOf(p api.Problem) []string {
	out := []string{}
	for _, e := range p.Errors {
		out = append(out, e.Field)
	}
	return out
}

// countContracts reads how many contract numbers were drawn: a refused request draws none
// and so can have started no workflow.
func countContracts(t *testing.T, h *harness) int64 {
	var n int64
	require.NoError(t, h.store.DB().Raw("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM direct_contract_id_seq").Scan(&n).Error)
	return n
}

// TestContracts_EndToEnd registers a contract 40 days after it was concluded (late),
// announces a change, completes it in time and reads the history as the auditor, through
// REST only.
func TestContracts_EndToEnd(t *testing.T) {
	h := newHarness(t)
	r := h.do("POST", "/api/v1/contracts", h.agency(), contractBody("SVC-0001", 40), "Idempotency-Key", "e2e-contract-1")
	require.Equal(t, http.StatusCreated, r.status, r.String())
	created := r.json(t)
	id := created["id"].(string)
	require.Regexp(t, `^CT-\d{4}-\d{6}$`, id)
	require.Equal(t, "registered", created["status"])
	require.Equal(t, "contract-"+id, created["workflow_id"])
	require.Equal(t, "/api/v1/contracts/"+id, r.header.Get("Location"))

	c := h.do("GET", "/api/v1/contracts/"+id, h.agency(), nil).json(t)
	require.Equal(t, true, c["late"], "registered 40 days after the contract date")
	require.Equal(t, day(-10), c["registration_due"], "contracted_on + 30 days")
	require.Equal(t, "direct", c["method"])
	require.Equal(t, "PV-0001", c["provider_org"])
	require.NotEmpty(t, c["service_name"])

	r = h.do("PATCH", "/api/v1/contracts/"+id, h.agency(), announcement(day(0)), "Idempotency-Key", "e2e-change-1")
	require.Equal(t, http.StatusOK, r.status, r.String())
	c = r.json(t)
	require.Equal(t, "change_pending", c["status"])
	ch := c["changes"].([]any)[0].(map[string]any)
	require.Equal(t, "pending", ch["status"])
	require.Equal(t, day(30), ch["registration_due"])
	require.NotEmpty(t, ch["announced_at"])
	require.NotEmpty(t, ch["remind_at"])

	details := map[string]any{"changed_on": day(0), "reason": "과업 범위 조정 확정", "amount_krw": 52_000_000, "period_to": day(400)}
	r = h.do("PATCH", "/api/v1/contracts/"+id, h.agency(), details)
	require.Equal(t, http.StatusOK, r.status, r.String())
	c = r.json(t)
	require.Equal(t, "registered", c["status"])
	require.EqualValues(t, 52_000_000, c["amount_krw"])
	require.Equal(t, day(400), c["period_to"])
	ch = c["changes"].([]any)[0].(map[string]any)
	require.Equal(t, "registered", ch["status"])
	require.Equal(t, false, ch["late"])
	require.Len(t, c["changes"], 1, "the details completed the announced change")

	// The provider of the service reads it too; the auditor reads its decisions.
	require.Equal(t, http.StatusOK, h.do("GET", "/api/v1/contracts/"+id, h.provider(), nil).status)
	r = h.do("GET", "/api/v1/cases/contract-"+id+"/history", h.auditor(), nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	hist := r.json(t)
	require.Equal(t, "contract", hist["case_type"])
	require.Equal(t, id, hist["case_id"])
	require.Equal(t, "registered", hist["status"])
	require.Contains(t, hist["temporal_ui_url"], "/workflows/contract-"+id)
	actions := []string{}
	for _, d := range hist["decisions"].([]any) {
		actions = append(actions, d.(map[string]any)["action"].(string))
	}
	require.Equal(t, []string{"contract_registered", "change_announced", "change_registered"}, actions)
	first := hist["decisions"].([]any)[0].(map[string]any)
	require.Equal(t, "kim.agency", first["actor"].(map[string]any)["sub"])
	require.Contains(t, first["note"], "registered late")
}

func TestContracts_Create(t *testing.T) {
	h := newHarness(t)
	t.Run("create201_SearchAttributesAndProjection", func(t *testing.T) {
		id := h.newContract(contractBody("SVC-0001", 3))
		desc, err := h.tc.DescribeWorkflow(context.Background(), flow.DirectContractWorkflowID(id), "")
		require.NoError(t, err)
		for key, want := range map[string]string{"DsCaseType": "contract", "DsServiceId": "SVC-0001",
			"DsAgencyOrg": "AG-0001", "DsProviderOrg": "PV-0001", "DsCaseStatus": "registered"} {
			got, ok := desc.TypedSearchAttributes.GetKeyword(temporal.NewSearchAttributeKeyKeyword(key))
			require.True(t, ok, key)
			require.Equal(t, want, got, key)
		}
		require.Eventually(t, func() bool {
			c, err := h.store.GetDirectContract(context.Background(), id)
			reg, rerr := h.store.GetContract(context.Background(), id)
			return err == nil && !c.Late && rerr == nil && reg.Method == models.MethodDirect
		}, 10*time.Second, 50*time.Millisecond, "projection and contract register written")
	})
	t.Run("create201_SuspendedService", func(t *testing.T) {
		require.NoError(t, h.store.SetServiceStatus(context.Background(), "SVC-0005", models.ServiceSuspended))
		h.newContract(contractBody("SVC-0005", 1))
	})
	t.Run("create200_SameKey", func(t *testing.T) {
		body := contractBody("SVC-0001", 5)
		first := h.do("POST", "/api/v1/contracts", h.agency(), body, "Idempotency-Key", "ct-1")
		require.Equal(t, http.StatusCreated, first.status, first.String())
		before := countContracts(t, h)
		again := h.do("POST", "/api/v1/contracts", h.agency(), body, "Idempotency-Key", "ct-1")
		require.Equal(t, http.StatusOK, again.status, again.String())
		require.Equal(t, first.json(t)["id"], again.json(t)["id"])
		require.Equal(t, first.header.Get("Location"), again.header.Get("Location"))
		require.Equal(t, before, countContracts(t, h), "a retry draws no number")
		// Another agency's identical key is its own.
		other := h.do("POST", "/api/v1/contracts", h.agency2(), body, "Idempotency-Key", "ct-1")
		require.Equal(t, http.StatusCreated, other.status)
		require.NotEqual(t, first.json(t)["id"], other.json(t)["id"])
	})
	t.Run("create422_SameKeyOtherBody", func(t *testing.T) {
		h.do("POST", "/api/v1/contracts", h.agency(), contractBody("SVC-0001", 5), "Idempotency-Key", "ct-2")
		p := h.do("POST", "/api/v1/contracts", h.agency(), contractBody("SVC-0001", 6), "Idempotency-Key", "ct-2").problem(t, 422)
		require.Contains(t, p.Detail, "Idempotency-Key")
	})
	require.NoError(t, h.store.SetServiceStatus(context.Background(), "SVC-0007", models.ServiceRemoved))
	with := func(key string, value any) map[string]any {
		b := contractBody("SVC-0001", 3)
		if value == nil {
			delete(b, key)
		} else {
			b[key] = value
		}
		return b
	}
	for _, tc := range []struct {
		name   string
		token  string
		body   any
		status int
		fields []string
	}{
		{"create400_NotJSON", h.agency(), "{not json", 400, nil},
		{"create401_NoToken", "", contractBody("SVC-0001", 3), 401, nil},
		{"create403_Provider", h.provider(), contractBody("SVC-0001", 3), 403, nil},
		{"create403_Auditor", h.auditor(), contractBody("SVC-0001", 3), 403, nil},
		{"create422_AmountZero", h.agency(), with("amount_krw", 0), 422, []string{"amount_krw"}},
		{"create422_AmountString", h.agency(), with("amount_krw", "4천8백만"), 422, []string{"amount_krw"}},
		{"create422_AmountFraction", h.agency(), with("amount_krw", 1.5), 422, []string{"amount_krw"}},
		{"create422_ContractedTomorrow", h.agency(), with("contracted_on", day(1)), 422, []string{"contracted_on"}},
		{"create422_ContractedBeforeSystem", h.agency(), with("contracted_on", "2020-09-30"), 422, []string{"contracted_on"}},
		{"create422_DateFormat", h.agency(), with("period_from", "2026.03.02"), 422, []string{"period_from"}},
		{"create422_PeriodReversed", h.agency(), with("period_to", day(-4)), 422, []string{"period_to"}},
		{"create422_MethodCatalog", h.agency(), with("method", "catalog"), 422, []string{"method"}},
		{"create422_MethodMissing", h.agency(), with("method", nil), 422, []string{"method"}},
		{"create422_TitleTooLong", h.agency(), with("title", strings.Repeat("가", 201)), 422, []string{"title"}},
		{"create422_UnknownField", h.agency(), with("budget_krw", 1), 422, []string{"budget_krw"}},
		{"create422_UnknownService", h.agency(), with("service_id", "SVC-9999"), 422, []string{"service_id"}},
		{"create422_RemovedService", h.agency(), with("service_id", "SVC-0007"), 422, []string{"service_id"}},
		{"create422_Empty", h.agency(), map[string]any{}, 422,
			[]string{"service_id", "amount_krw", "contracted_on", "period_from", "period_to", "method"}}, // title is optional (API.md)
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := countContracts(t, h)
			p := h.do("POST", "/api/v1/contracts", tc.token, tc.body).problem(t, tc.status)
			if tc.fields != nil {
				require.ElementsMatch(t, tc.fields, fieldsOf(p), p)
			}
			require.Equal(t, before, countContracts(t, h), "a refused request starts nothing")
		})
	}
}

func TestContracts_Visibility(t *testing.T) {
	h := newHarness(t)
	mine := h.newContract(contractBody("SVC-0001", 3))
	theirs := h.do("POST", "/api/v1/contracts", h.agency2(), contractBody(h.serviceOf("PV-0002"), 3))
	require.Equal(t, http.StatusCreated, theirs.status, theirs.String())
	for _, tc := range []struct {
		name   string
		token  string
		status int
	}{
		{"get200_Agency", h.agency(), 200},
		{"get200_Provider", h.provider(), 200},
		{"get200_Auditor", h.auditor(), 200},
		{"get404_OtherAgency", h.agency2(), 404},
		{"get404_OtherProvider", h.provider2(), 404},
		{"get403_Operator", h.operator(), 403},
		{"get401_NoToken", "", 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do("GET", "/api/v1/contracts/"+mine, tc.token, nil)
			if tc.status == 200 {
				require.Equal(t, 200, r.status, r.String())
				require.Equal(t, mine, r.json(t)["id"])
				return
			}
			p := r.problem(t, tc.status)
			require.NotContains(t, p.Detail, "AG-0001", "a 404 never reveals the owner")
		})
	}
	t.Run("get404_Unknown", func(t *testing.T) {
		h.do("GET", "/api/v1/contracts/CT-2026-999999", h.agency(), nil).problem(t, 404)
		h.do("GET", "/api/v1/contracts/CT-ORD-2026-000001", h.auditor(), nil).problem(t, 404)
	})
	t.Run("list200_Scoped", func(t *testing.T) {
		ids := func(token, query string) []string {
			r := h.do("GET", "/api/v1/contracts"+query, token, nil)
			require.Equal(t, 200, r.status, r.String())
			out := []string{}
			for _, it := range r.json(t)["items"].([]any) {
				out = append(out, it.(map[string]any)["id"].(string))
			}
			return out
		}
		theirID := theirs.json(t)["id"].(string)
		// Lists read the projection, which the workflows write right after their start.
		require.Eventually(t, func() bool {
			r := h.do("GET", "/api/v1/contracts", h.auditor(), nil)
			var page struct{ Items []any }
			return r.status == 200 && json.Unmarshal(r.body, &page) == nil && len(page.Items) == 2
		}, 10*time.Second, 50*time.Millisecond)
		require.Equal(t, []string{mine}, ids(h.agency(), ""))
		require.Equal(t, []string{theirID}, ids(h.agency2(), ""))
		require.Equal(t, []string{mine}, ids(h.provider(), ""), "PV-0001 provides SVC-0001")
		require.Equal(t, []string{theirID}, ids(h.provider2(), ""), "PV-0002 provides the other service")
		require.Equal(t, []string{theirID, mine}, ids(h.auditor(), ""), "newest first")
		require.Equal(t, []string{theirID, mine}, ids(h.auditor(), "?status=registered"))
		require.Empty(t, ids(h.auditor(), "?status=closed"))
		r := h.do("GET", "/api/v1/contracts?page_size=1", h.auditor(), nil).json(t)
		require.Len(t, r["items"], 1)
		require.NotEmpty(t, r["next_page_token"])
		r = h.do("GET", "/api/v1/contracts?page_size=1&page_token="+r["next_page_token"].(string), h.auditor(), nil).json(t)
		require.Equal(t, mine, r["items"].([]any)[0].(map[string]any)["id"])
		require.Empty(t, r["next_page_token"])
	})
	t.Run("list422_BadQuery", func(t *testing.T) {
		require.Equal(t, []string{"status"}, fieldsOf(h.do("GET", "/api/v1/contracts?status=late", h.auditor(), nil).problem(t, 422)))
		h.do("GET", "/api/v1/contracts?page_size=0", h.auditor(), nil).problem(t, 422)
		h.do("GET", "/api/v1/contracts?page_token=***", h.auditor(), nil).problem(t, 422)
	})
	t.Run("list403_Operator", func(t *testing.T) {
		h.do("GET", "/api/v1/contracts", h.operator(), nil).problem(t, 403)
	})
}

func TestContracts_Change(t *testing.T) {
	h := newHarness(t)
	id := h.newContract(contractBody("SVC-0001", 20))
	status := func() string {
		return h.do("GET", "/api/v1/contracts/"+id, h.agency(), nil).json(t)["status"].(string)
	}
	t.Run("patch404_OtherAgency", func(t *testing.T) {
		h.do("PATCH", "/api/v1/contracts/"+id, h.agency2(), announcement(day(0))).problem(t, 404)
		h.do("PATCH", "/api/v1/contracts/CT-2026-999999", h.agency(), announcement(day(0))).problem(t, 404)
		h.do("PATCH", "/api/v1/contracts/nonsense", h.agency(), announcement(day(0))).problem(t, 404)
	})
	t.Run("patch403_Provider", func(t *testing.T) {
		h.do("PATCH", "/api/v1/contracts/"+id, h.provider(), announcement(day(0))).problem(t, 403)
	})
	for _, tc := range []struct {
		name   string
		body   any
		status int
		fields []string
	}{
		{"patch400_NotJSON", `{"changed_on":`, 400, nil},
		{"patch422_ChangedBeforeContract", announcement(day(-21)), 422, []string{"changed_on"}},
		{"patch422_ChangedTomorrow", announcement(day(1)), 422, []string{"changed_on"}},
		{"patch422_ReasonMissing", map[string]any{"changed_on": day(0)}, 422, []string{"reason"}},
		{"patch422_AmountZero", map[string]any{"changed_on": day(0), "reason": "r", "amount_krw": 0}, 422, []string{"amount_krw"}},
		{"patch422_PeriodReversed", map[string]any{"changed_on": day(0), "reason": "r", "period_to": day(-30)}, 422, []string{"period_to"}},
		{"patch422_UnknownField", map[string]any{"changed_on": day(0), "reason": "r", "budget_krw": 1}, 422, []string{"budget_krw"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := h.do("PATCH", "/api/v1/contracts/"+id, h.agency(), tc.body).problem(t, tc.status)
			if tc.fields != nil {
				require.Equal(t, tc.fields, fieldsOf(p), p)
			}
			require.Equal(t, "registered", status(), "a refused change changes nothing")
		})
	}
	t.Run("patch200_AnnounceThenRetry", func(t *testing.T) {
		r := h.do("PATCH", "/api/v1/contracts/"+id, h.agency(), announcement(day(-2)), "Idempotency-Key", "chg-1")
		require.Equal(t, 200, r.status, r.String())
		require.Equal(t, "change_pending", r.json(t)["status"])
		again := h.do("PATCH", "/api/v1/contracts/"+id, h.agency(), announcement(day(-2)), "Idempotency-Key", "chg-1")
		require.Equal(t, 200, again.status, again.String())
		require.Len(t, again.json(t)["changes"], 1, "a retry with the same key acts once")
	})
	t.Run("patch422_DetailsForAnotherDayThanTheOpenChange", func(t *testing.T) {
		p := h.do("PATCH", "/api/v1/contracts/"+id, h.agency(), map[string]any{"changed_on": day(0), "reason": "r", "amount_krw": 1}).problem(t, 422)
		require.Equal(t, []string{"changed_on"}, fieldsOf(p))
		require.Contains(t, p.Errors[0].Message, day(-2))
	})
	t.Run("patch200_Details", func(t *testing.T) {
		r := h.do("PATCH", "/api/v1/contracts/"+id, h.agency(), map[string]any{"changed_on": day(-2), "reason": "확정", "title": "민원포털 운영 (변경)"})
		require.Equal(t, 200, r.status, r.String())
		require.Equal(t, "registered", r.json(t)["status"])
		require.Equal(t, "민원포털 운영 (변경)", r.json(t)["title"])
	})
	t.Run("patch409_Closed", func(t *testing.T) {
		closed := h.closedContract()
		p := h.do("PATCH", "/api/v1/contracts/"+closed, h.agency(), announcement(day(-70))).problem(t, 409)
		require.Contains(t, p.Detail, "closed", "detail names the current state")
		h.do("PATCH", "/api/v1/contracts/"+closed, h.agency2(), announcement(day(-70))).problem(t, 404)
	})
}
