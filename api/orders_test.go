package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

func TestOrders_OK_FullProcessToDeliveryRequested(t *testing.T) {
	h := newHarness(t)
	id := h.newOrder()
	r := h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), validProposal)
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, "proposal_submitted", r.json(t)["status"])

	r = h.do("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), score90)
	require.Equal(t, http.StatusOK, r.status, r.String())
	o := r.json(t)
	require.Equal(t, "negotiating", o["status"])
	require.EqualValues(t, 90, o["evaluation_total"])
	require.NotEmpty(t, o["negotiation_deadline"])

	r = h.do("POST", "/api/v1/orders/"+id+"/negotiation", h.agency(), agreed)
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, "delivery_requested", r.json(t)["status"])
	require.EqualValues(t, 105_000_000, r.json(t)["final_price_krw"])

	// The provider sees the same order; the projection and the contract were written.
	r = h.do("GET", "/api/v1/orders/"+id, h.provider(), nil)
	require.Equal(t, http.StatusOK, r.status)
	require.Len(t, r.json(t)["steps"], 5)
	require.Eventually(t, func() bool {
		c, err := h.store.GetContract(context.Background(), models.ContractIDForOrder(id))
		return err == nil && c.AmountKRW == 105_000_000
	}, 10e9, 50e6)
	p, err := h.store.GetOrder(context.Background(), id)
	require.NoError(t, err)
	require.Equal(t, models.OrderDeliveryRequested, p.Status)

	// Auditors read the case's decisions with a link to the Web UI.
	r = h.do("GET", "/api/v1/cases/order-"+id+"/history", h.auditor(), nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Contains(t, r.json(t)["temporal_ui_url"], "/namespaces/default/workflows/order-"+id)
	require.Len(t, r.json(t)["decisions"], 5)
}

func TestOrders_Create(t *testing.T) {
	h := newHarness(t)
	t.Run("create201_then200_SameKey", func(t *testing.T) {
		body := orderBody("SVC-0001")
		first := h.do("POST", "/api/v1/orders", h.agency(), body, "Idempotency-Key", "abc-1")
		require.Equal(t, http.StatusCreated, first.status, string(first.body))
		again := h.do("POST", "/api/v1/orders", h.agency(), body, "Idempotency-Key", "abc-1")
		require.Equal(t, http.StatusOK, again.status, string(again.body))
		require.Equal(t, first.json(t)["id"], again.json(t)["id"])
		require.Equal(t, "/api/v1/orders/"+first.json(t)["id"].(string), first.header.Get("Location"))
		// Another caller's identical key is their own.
		other := h.do("POST", "/api/v1/orders", h.agency2(), body, "Idempotency-Key", "abc-1")
		require.Equal(t, http.StatusCreated, other.status)
		require.NotEqual(t, first.json(t)["id"], other.json(t)["id"])
	})
	t.Run("create422_SameKeyOtherBody", func(t *testing.T) {
		h.do("POST", "/api/v1/orders", h.agency(), orderBody("SVC-0001"), "Idempotency-Key", "abc-2")
		b := orderBody("SVC-0001")
		b["budget_krw"] = 1
		p := h.do("POST", "/api/v1/orders", h.agency(), b, "Idempotency-Key", "abc-2").problem(t, 422)
		require.Contains(t, p.Detail, "Idempotency-Key")
	})
	for _, tc := range []struct {
		name   string
		token  string
		body   any
		status int
		field  string
	}{
		{"create400_NotJSON", h.agency(), "{not json", 400, ""},
		{"create400_Empty", h.agency(), "", 400, ""},
		{"create400_TwoObjects", h.agency(), `{"title":"a"} {"title":"b"}`, 400, ""},
		{"create401_NoToken", "", orderBody("SVC-0001"), 401, ""},
		{"create401_BadToken", "garbage", orderBody("SVC-0001"), 401, ""},
		{"create403_Provider", h.provider(), orderBody("SVC-0001"), 403, ""},
		{"create403_Auditor", h.auditor(), orderBody("SVC-0001"), 403, ""},
		{"create422_UnknownField", h.agency(), `{"service_id":"SVC-0001","titel":"x"}`, 422, "titel"},
		{"create422_BudgetString", h.agency(), `{"service_id":"SVC-0001","budget_krw":"1억"}`, 422, "budget_krw"},
		{"create422_UnknownService", h.agency(), orderBody("SVC-9999"), 422, "service_id"},
		{"create422_MissingTitle", h.agency(), map[string]any{"service_id": "SVC-0001", "budget_krw": 1, "proposal_due": "2099-01-01"}, 422, "title"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := countOrders(t, h)
			p := h.do("POST", "/api/v1/orders", tc.token, tc.body).problem(t, tc.status)
			if tc.field != "" {
				require.Equal(t, tc.field, p.Errors[0].Field, p)
			}
			require.Equal(t, before, countOrders(t, h), "a refused request starts nothing")
		})
	}
	t.Run("create409_ServiceSuspended", func(t *testing.T) {
		require.NoError(t, h.store.SetServiceStatus(context.Background(), "SVC-0005", models.ServiceSuspended))
		p := h.do("POST", "/api/v1/orders", h.agency(), orderBody("SVC-0005")).problem(t, 409)
		require.Contains(t, p.Detail, "suspended")
	})
}

// countOrders reads how many order numbers were drawn: a refused request draws none and
// so can have started no workflow (workflow IDs derive from order numbers).
func countOrders(t *testing.T, h *harness) int64 {
	var n int64
	require.NoError(t, h.store.DB().Raw("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM order_id_seq").Scan(&n).Error)
	return n
}

func TestOrders_Visibility(t *testing.T) {
	h := newHarness(t)
	id := h.newOrder()
	for _, tc := range []struct {
		name   string
		token  string
		status int
	}{
		{"get200_Agency", h.agency(), 200},
		{"get200_Provider", h.provider(), 200},
		{"get200_Auditor", h.auditor(), 200},
		{"get403_Operator", h.operator(), 403},
		{"get404_OtherAgency", h.agency2(), 404},
		{"get404_OtherProvider", h.provider2(), 404},
		{"get403_Expert", h.token(models.RoleExpert, "ETRI", "cho"), 403},
		{"get401_NoToken", "", 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do("GET", "/api/v1/orders/"+id, tc.token, nil)
			if tc.status == 200 {
				require.Equal(t, 200, r.status, r.String())
				return
			}
			p := r.problem(t, tc.status)
			require.NotContains(t, p.Detail, "AG-0001", "a 404 never reveals the owner")
		})
	}
	t.Run("get404_Unknown", func(t *testing.T) {
		h.do("GET", "/api/v1/orders/ORD-2026-999999", h.agency(), nil).problem(t, 404)
		h.do("GET", "/api/v1/orders/../../etc", h.agency(), nil).problem(t, 404)
	})
	t.Run("action404_OtherAgencyCannotCancel", func(t *testing.T) {
		h.do("POST", "/api/v1/orders/"+id+"/cancel", h.agency2(), map[string]any{"reason": "x"}).problem(t, 404)
		require.Equal(t, "proposal_requested", h.orderStatus(id))
	})
	t.Run("action404_OtherProviderCannotPropose", func(t *testing.T) {
		h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider2(), validProposal).problem(t, 404)
	})
	t.Run("list200_OwnOnly", func(t *testing.T) {
		mine := h.do("GET", "/api/v1/orders", h.agency(), nil).json(t)["items"].([]any)
		require.Len(t, mine, 1)
		theirs := h.do("GET", "/api/v1/orders", h.agency2(), nil).json(t)["items"].([]any)
		require.Empty(t, theirs)
	})
}

func TestOrders_Actions(t *testing.T) {
	h := newHarness(t)
	id := h.newOrder()
	t.Run("action409_EvaluateBeforeProposal", func(t *testing.T) {
		p := h.do("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), score90).problem(t, 409)
		require.Contains(t, p.Detail, "proposal_requested", "detail names the current state")
	})
	t.Run("action403_AgencyCannotPropose", func(t *testing.T) {
		h.do("POST", "/api/v1/orders/"+id+"/proposal", h.agency(), validProposal).problem(t, 403)
	})
	t.Run("action422_ProposalFields", func(t *testing.T) {
		p := h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), map[string]any{"price_krw": 0, "summary": ""}).problem(t, 422)
		fields := []string{}
		for _, e := range p.Errors {
			fields = append(fields, e.Field)
		}
		require.ElementsMatch(t, []string{"price_krw", "summary"}, fields)
		require.Equal(t, "proposal_requested", h.orderStatus(id))
	})
	t.Run("action200_Proposal", func(t *testing.T) {
		r := h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), validProposal, "Idempotency-Key", "p1")
		require.Equal(t, 200, r.status, r.String())
		// A retry of the same request returns the first answer, not a 409.
		r = h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), validProposal, "Idempotency-Key", "p1")
		require.Equal(t, 200, r.status, r.String())
		require.Equal(t, "proposal_submitted", r.json(t)["status"])
	})
	t.Run("action409_SecondProposal", func(t *testing.T) {
		h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), validProposal).problem(t, 409)
	})
	t.Run("action422_ScoreAboveMax", func(t *testing.T) {
		bad := map[string]any{"scores": []map[string]any{{"criterion": "기술", "score": 81, "max": 80}}}
		p := h.do("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), bad).problem(t, 422)
		require.Equal(t, "scores[0].score", p.Errors[0].Field)
	})
	t.Run("action200_Below85NotQualified", func(t *testing.T) {
		r := h.do("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), score84)
		require.Equal(t, 200, r.status, r.String())
		require.Equal(t, "not_qualified", r.json(t)["status"])
		require.EqualValues(t, 84, r.json(t)["evaluation_total"])
	})
	t.Run("action409_CancelAfterEnd", func(t *testing.T) {
		p := h.do("POST", "/api/v1/orders/"+id+"/cancel", h.agency(), map[string]any{"reason": "x"}).problem(t, 409)
		require.Contains(t, p.Detail, "not_qualified")
	})
}

func TestOrders_CancelAndNegotiationFailure(t *testing.T) {
	h := newHarness(t)
	id := h.newOrder()
	h.do("POST", "/api/v1/orders/"+id+"/cancel", h.agency(), map[string]any{}).problem(t, 422)
	r := h.do("POST", "/api/v1/orders/"+id+"/cancel", h.agency(), map[string]any{"reason": "예산 삭감"})
	require.Equal(t, 200, r.status, r.String())
	require.Equal(t, "cancelled", r.json(t)["status"])

	id2 := h.newOrder()
	h.do("POST", "/api/v1/orders/"+id2+"/proposal", h.provider(), validProposal)
	h.do("POST", "/api/v1/orders/"+id2+"/evaluation", h.agency(), score90)
	h.do("POST", "/api/v1/orders/"+id2+"/negotiation", h.agency(), map[string]any{"agreed": false}).problem(t, 422)
	r = h.do("POST", "/api/v1/orders/"+id2+"/negotiation", h.agency(), map[string]any{"agreed": false, "reason": "단가 불일치"})
	require.Equal(t, 200, r.status, r.String())
	require.Equal(t, "lapsed", r.json(t)["status"])
}

func TestErrors(t *testing.T) {
	h := newHarness(t)
	h.do("GET", "/api/v1/nothing-here", "", nil).problem(t, 404)
	p := h.do("DELETE", "/api/v1/services", "", nil).problem(t, 405)
	require.Contains(t, p.Detail, "DELETE")
	big := `{"title":"` + strings.Repeat("가", 1<<19) + `"}`
	h.do("POST", "/api/v1/orders", h.agency(), big).problem(t, 413)
	h.do("POST", "/api/v1/orders", h.agency(), orderBody("SVC-0001"), "Idempotency-Key", "has space").problem(t, 422)
	h.do("GET", "/api/v1/me", "", nil, "Authorization", "Basic abc").problem(t, 401)
	// The auditor route refuses other roles.
	h.do("GET", "/api/v1/cases/order-ORD-2026-000001/history", h.agency(), nil).problem(t, 403)
}
