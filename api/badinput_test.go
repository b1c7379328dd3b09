package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
	"golang.org/x/text/unicode/norm"

	"github.com/dsmarket/dsmarket/models"
)

// Bad input is refused at the edge with 422 naming the field, before anything is started
// or stored (issue 10). Each case below was answered 201/200 (and the case then lost in
// PostgreSQL) or 500 before text was checked at the edge.
func TestBadInput_TextRefused422(t *testing.T) {
	h := newHarness(t)
	orderWith := func(key, value string) map[string]any {
		b := orderBody("SVC-0001")
		b[key] = value
		return b
	}
	appWith := func(edit func(in *models.ApplicationInput)) models.ApplicationInput {
		in := applicationInput(pv1BusinessNo, allDocuments(models.TypeCloud)...)
		edit(&in)
		return in
	}
	contractWith := func(key, value string) map[string]any {
		b := contractBody("SVC-0001", 3)
		b[key] = value
		return b
	}
	counts := func() [3]int64 {
		return [3]int64{countOrders(t, h), countApplications(t, h), countContracts(t, h)}
	}
	for _, tc := range []struct {
		name  string
		path  string
		token string
		body  any
		field string
	}{
		{"order_TitleNUL", "/api/v1/orders", h.agency(), orderWith("title", "probe\u0000title"), "title"},
		{"order_ServiceIDNUL", "/api/v1/orders", h.agency(), orderWith("service_id", "SVC-0001\u0000"), "service_id"},
		{"order_TitleEscape", "/api/v1/orders", h.agency(), orderWith("title", "red \u001b[31m"), "title"},
		{"order_TitleLoneCR", "/api/v1/orders", h.agency(), orderWith("title", "a\rb"), "title"},
		{"order_TitleInvalidUTF8", "/api/v1/orders", h.agency(),
			`{"service_id":"SVC-0001","title":"probe` + "\xff" + `","budget_krw":1000,"proposal_due":"` + day(7) + `"}`, "title"},
		{"order_ProposalDueNUL", "/api/v1/orders", h.agency(), orderWith("proposal_due", "2026-03-09\u0000"), "proposal_due"},
		{"application_ServiceNameNUL", "/api/v1/applications", h.provider(),
			appWith(func(in *models.ApplicationInput) { in.Service.Name = "한빛\u0000" }), "service.name"},
		{"application_DocumentFilenameC1", "/api/v1/applications", h.provider(),
			appWith(func(in *models.ApplicationInput) { in.Documents[1].Filename = "a\u0085.pdf" }), "documents[1].filename"},
		{"application_DescriptionHuge", "/api/v1/applications", h.provider(),
			appWith(func(in *models.ApplicationInput) {
				in.Service.Description = strings.Repeat("가", models.MaxTextRunes+1)
			}),
			"service.description"},
		{"application_NestedInvalidUTF8", "/api/v1/applications", h.provider(),
			`{"service":{"name":"n","type":"cloud","subtype":"saas","description":"d"},"provider":{"business_no":"` + pv1BusinessNo +
				`","name":"` + "\xc3\x28" + `","founded_on":"2015-04-01","credit_rating":"BBB","business_status":"active","size":"sme"}}`,
			"provider.name"},
		// A member named twice is read one way here and another elsewhere (the last here,
		// and regardless of case): refused, naming it.
		{"order_ServiceIDTwice", "/api/v1/orders", h.agency(),
			`{"service_id":"SVC-0001","title":"t","budget_krw":1000,"proposal_due":"` + day(7) + `","service_id":"SVC-0002"}`, "service_id"},
		{"order_ServiceIDInTwoCases", "/api/v1/orders", h.agency(),
			`{"service_id":"SVC-0001","SERVICE_ID":"SVC-0002","title":"t","budget_krw":1000,"proposal_due":"` + day(7) + `"}`, "SERVICE_ID"},
		{"contract_TitleNUL", "/api/v1/contracts", h.agency(), contractWith("title", "민원\u0000"), "title"},
		{"contract_ServiceIDNewline", "/api/v1/contracts", h.agency(), contractWith("service_id", "SVC-0001\n\u0007"), "service_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := counts()
			p := h.do("POST", tc.path, tc.token, tc.body).problem(t, http.StatusUnprocessableEntity)
			require.Contains(t, fieldsOf(p), tc.field, p)
			require.Equal(t, before, counts(), "a refused request draws no case number, so it started nothing")
		})
	}

	t.Run("cancel_ReasonNUL", func(t *testing.T) {
		r := h.do("POST", "/api/v1/orders", h.agency(), orderBody("SVC-0001"))
		require.Equal(t, http.StatusCreated, r.status, r.String())
		created := r.json(t)
		id, wid := created["id"].(string), created["workflow_id"].(string)
		p := h.do("POST", "/api/v1/orders/"+id+"/cancel", h.agency(), map[string]any{"reason": "예산\u0000삭감"}).problem(t, 422)
		require.Equal(t, []string{"reason"}, fieldsOf(p))
		require.Equal(t, "proposal_requested", h.orderStatus(id))
		d, err := h.tc.DescribeWorkflowExecution(context.Background(), wid, "")
		require.NoError(t, err)
		require.Equal(t, enums.WORKFLOW_EXECUTION_STATUS_RUNNING, d.WorkflowExecutionInfo.Status, "the update was never sent")
		// The order still takes a good cancellation: nothing was half done.
		ok := h.do("POST", "/api/v1/orders/"+id+"/cancel", h.agency(), map[string]any{"reason": "예산 삭감"})
		require.Equal(t, http.StatusOK, ok.status, ok.String())
	})

	for _, tc := range []struct {
		name, path, token, field string
	}{
		{"catalog_QueryNUL", "/api/v1/services?q=%00", "", "q"},
		{"catalog_QueryInvalidUTF8", "/api/v1/services?q=%FF", "", "q"},
		{"catalog_QueryTab", "/api/v1/services?type=cloud%09", "", "type"},
		{"catalog_QueryTooLong", "/api/v1/services?page_token=" + strings.Repeat("x", models.MaxQueryParamRunes+1), "", "page_token"},
		{"catalog_PathNUL", "/api/v1/services/SVC-0001%00", "", "id"},
		{"catalog_PathNewline", "/api/v1/services/SVC-0001%0A/changes", "", "id"},
		{"order_PathTooLong", "/api/v1/orders/" + strings.Repeat("A", models.MaxPathParamRunes+1), h.agency(), "id"},
		{"history_PathEscape", "/api/v1/cases/order-%1B/history", h.auditor(), "workflow_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := h.do("GET", tc.path, tc.token, nil).problem(t, http.StatusUnprocessableEntity)
			require.Equal(t, []string{tc.field}, fieldsOf(p), p)
		})
	}

	t.Run("evaluation_ScoreTwice", func(t *testing.T) {
		r := h.do("POST", "/api/v1/orders", h.agency(), orderBody("SVC-0001"))
		require.Equal(t, http.StatusCreated, r.status, r.String())
		id := r.json(t)["id"].(string)
		r = h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), map[string]any{"price_krw": 1000, "summary": "IaaS"})
		require.Equal(t, http.StatusOK, r.status, r.String())
		p := h.do("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(),
			`{"scores":[{"criterion":"가격","score":20,"max":20},{"criterion":"기술","score":20,"max":80,"score":80}]}`).problem(t, 422)
		require.Equal(t, []string{"scores[1].score"}, fieldsOf(p))
		require.Equal(t, "proposal_submitted", h.orderStatus(id), "the evaluation was never sent")
	})

	t.Run("action_PathNUL", func(t *testing.T) {
		before := counts()
		p := h.do("POST", "/api/v1/orders/ORD-2026-000001%00/cancel", h.agency(), map[string]any{"reason": "x"}).problem(t, 422)
		require.Equal(t, []string{"id"}, fieldsOf(p))
		require.Equal(t, before, counts())
	})
	// Who may not call a route learns that first: the role check precedes the text check.
	t.Run("auth_BeforeText", func(t *testing.T) {
		h.do("GET", "/api/v1/orders/ORD%00", "", nil).problem(t, http.StatusUnauthorized)
		h.do("GET", "/api/v1/orders/ORD%00", h.operator(), nil).problem(t, http.StatusForbidden)
	})
	// Text that is merely unusual passes: Korean, line breaks and tabs in free text.
	t.Run("OK_Multiline", func(t *testing.T) {
		r := h.do("POST", "/api/v1/orders", h.agency(), orderWith("title", "민원포털\t클라우드 전환"))
		require.Equal(t, http.StatusCreated, r.status, r.String())
		r = h.do("GET", "/api/v1/services?q="+"%ED%95%9C%EB%B9%9B", "", nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
	})
}

// Facts and documents dated before 2020-10-01, when the digital service contract system
// came into force, are refused naming the field: a csap fact used to panic into a 500 and
// a credit_rating fact flagged AAA as below B-.
func TestBadInput_BeforeRegime422(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService("2029-06-30")
	for _, tc := range []struct {
		name, method, path, token string
		body                      any
		field                     string
	}{
		{"event_CSAP", "POST", "/api/v1/services/" + svc + "/events", h.operator(), eventBody("csap", "valid:2029-06-30", "2020-09-30"), "effective_on"},
		{"event_CSAPExpired", "POST", "/api/v1/services/" + svc + "/events", h.operator(), eventBody("csap", "expired", "1999-01-01"), "effective_on"},
		{"event_CreditAAA", "POST", "/api/v1/services/" + svc + "/events", h.operator(), eventBody("credit_rating", "AAA", "2020-09-30"), "effective_on"},
		{"event_DebarmentEndedBefore", "POST", "/api/v1/services/" + svc + "/events", h.operator(), eventBody("debarment", "2019-12-31", day(-1)), "value"},
		{"contract_PeriodFrom", "POST", "/api/v1/contracts", h.agency(), func() map[string]any {
			b := contractBody("SVC-0001", 3)
			b["period_from"] = "2020-09-30"
			return b
		}(), "period_from"},
		{"contract_PeriodToFarFuture", "POST", "/api/v1/contracts", h.agency(), func() map[string]any {
			b := contractBody("SVC-0001", 3)
			b["period_to"] = "9999-12-31"
			return b
		}(), "period_to"},
		{"change_CSAP", "POST", "/api/v1/services/SVC-0001/change-requests", h.provider(),
			changeBody(map[string]any{"csap_valid_until": "2020-09-30"}), "changes.csap_valid_until"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := countContracts(t, h)
			p := h.do(tc.method, tc.path, tc.token, tc.body).problem(t, http.StatusUnprocessableEntity)
			require.Equal(t, []string{tc.field}, fieldsOf(p), p)
			require.Equal(t, before, countContracts(t, h))
		})
	}
	require.False(t, h.watchStarted(svc), "no refused fact started the service's watch")
	// The first day of the regime is a date like any other.
	r := h.do("POST", "/api/v1/services/"+svc+"/events", h.operator(), eventBody("credit_rating", "AAA", "2020-10-01"))
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Eventually(t, func() bool { return h.watchStarted(svc) }, 10*time.Second, 50*time.Millisecond)
}

// API.md lists title among the optional fields of POST /contracts: a client that follows it
// gets its contract, named after the service.
func TestContracts_TitleOptional201(t *testing.T) {
	h := newHarness(t)
	body := contractBody("SVC-0001", 3)
	delete(body, "title")
	r := h.do("POST", "/api/v1/contracts", h.agency(), body)
	require.Equal(t, http.StatusCreated, r.status, r.String())
	id := r.json(t)["id"].(string)
	got := h.do("GET", "/api/v1/contracts/"+id, h.agency(), nil)
	require.Equal(t, http.StatusOK, got.status, got.String())
	c := got.json(t)
	require.Equal(t, c["service_name"].(string)+" 수의계약", c["title"])
	// The projection, which lists read, holds the same title.
	require.Eventually(t, func() bool {
		var title string
		err := h.store.DB().Raw("SELECT title FROM direct_contracts WHERE id = ?", id).Scan(&title).Error
		return err == nil && title == c["title"]
	}, 10*time.Second, 50*time.Millisecond)
	// A blank title is no title; a given one stays.
	body["title"] = "  "
	require.Equal(t, http.StatusCreated, h.do("POST", "/api/v1/contracts", h.agency(), body).status)
	body["title"] = "민원포털 운영"
	r = h.do("POST", "/api/v1/contracts", h.agency(), body)
	require.Equal(t, http.StatusCreated, r.status, r.String())
	got = h.do("GET", "/api/v1/contracts/"+r.json(t)["id"].(string), h.agency(), nil)
	require.Equal(t, "민원포털 운영", got.json(t)["title"])
}

// TestText_ComposedAtTheEdge: a title sent in loose jamo (NFD, as a Mac writes Korean) is
// stored composed, so that the catalog's and the lists' searches find it as typed, while a
// compatibility ideograph in it stays as sent.
func TestText_ComposedAtTheEdge(t *testing.T) {
	h := newHarness(t)
	b := orderBody("SVC-0001")
	b["title"] = norm.NFD.String("민원포털 클라우드 전환") + " \uf900"
	r := h.do("POST", "/api/v1/orders", h.agency(), b)
	require.Equal(t, http.StatusCreated, r.status, r.String())
	got := h.do("GET", "/api/v1/orders/"+r.json(t)["id"].(string), h.agency(), nil).json(t)
	require.Equal(t, "민원포털 클라우드 전환 \uf900", got["title"])
}
