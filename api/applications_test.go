package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

func TestApplications_Create(t *testing.T) {
	h := newHarness(t)
	t.Run("create201_then200_SameKey", func(t *testing.T) {
		body := applicationInput(pv1BusinessNo, allDocuments(models.TypeCloud)...)
		first := h.do("POST", "/api/v1/applications", h.provider(), body, "Idempotency-Key", "app-1")
		require.Equal(t, http.StatusCreated, first.status, first.String())
		created := first.json(t)
		id := created["id"].(string)
		require.Regexp(t, `^APP-\d{4}-\d{6}$`, id)
		require.Equal(t, "document_check", created["status"])
		require.Equal(t, "application-"+id, created["workflow_id"])
		require.Equal(t, "/api/v1/applications/"+id, first.header.Get("Location"))

		again := h.do("POST", "/api/v1/applications", h.provider(), body, "Idempotency-Key", "app-1")
		require.Equal(t, http.StatusOK, again.status, again.String())
		require.Equal(t, id, again.json(t)["id"])
		// Another provider's identical key is their own.
		other := h.do("POST", "/api/v1/applications", h.provider2(), applicationInput(pv2BusinessNo, allDocuments(models.TypeCloud)...), "Idempotency-Key", "app-1")
		require.Equal(t, http.StatusCreated, other.status, other.String())
		require.NotEqual(t, id, other.json(t)["id"])

		a := h.application(id)
		require.Equal(t, "PV-0001", a["provider"].(map[string]any)["org"], "the org comes from the token")
		require.Equal(t, "jung.provider", a["applied_by"])
		require.Equal(t, true, a["eligibility"].(map[string]any)["eligible"])
		require.Empty(t, a["missing_kinds"])
		open := a["open_tasks"].([]any)
		require.Len(t, open, 1)
		require.Equal(t, "document_check", open[0].(map[string]any)["kind"])
	})
	t.Run("create201_MissingDocumentsAskedAtOnce", func(t *testing.T) {
		noCSAP := documents(models.DocApplicationForm, models.DocCorporateRegistry, models.DocBusinessRegistration,
			models.DocCreditRating, models.DocServiceOverview, models.DocCapabilityProof, models.DocSLAPolicy)
		r := h.do("POST", "/api/v1/applications", h.provider(), applicationInput(pv1BusinessNo, noCSAP...))
		require.Equal(t, http.StatusCreated, r.status, r.String())
		require.Equal(t, "supplement_requested", r.json(t)["status"])
		a := h.application(r.json(t)["id"].(string))
		require.Equal(t, []any{"csap_certificate"}, a["missing_kinds"])
		require.NotEmpty(t, a["supplement_due"])
		require.Empty(t, a["open_tasks"], "the provider's move: no one's task")
	})
	t.Run("create201_SchoolServiceNeedsNoCSAP", func(t *testing.T) {
		in := applicationInput(pv1BusinessNo, documents(models.RequiredDocuments(models.TypeCloud, false, true)...)...)
		in.SchoolEducationOnly = true
		r := h.do("POST", "/api/v1/applications", h.provider(), in)
		require.Equal(t, http.StatusCreated, r.status, r.String())
		require.Equal(t, "document_check", r.json(t)["status"])
	})
	t.Run("create201_IneligibleWithReason", func(t *testing.T) {
		in := applicationInput(pv1BusinessNo, allDocuments(models.TypeCloud)...)
		in.Provider.CreditRating, in.Provider.FoundedOn = "CCC", "2010-01-01"
		r := h.do("POST", "/api/v1/applications", h.provider(), in)
		require.Equal(t, http.StatusCreated, r.status, r.String())
		require.Equal(t, "ineligible", r.json(t)["status"])
		a := h.application(r.json(t)["id"].(string))
		require.Contains(t, a["reason"], "CCC")
		require.Equal(t, false, a["eligibility"].(map[string]any)["eligible"])
	})
	t.Run("create422_SameKeyOtherBody", func(t *testing.T) {
		body := applicationInput(pv1BusinessNo, allDocuments(models.TypeCloud)...)
		h.do("POST", "/api/v1/applications", h.provider(), body, "Idempotency-Key", "app-2")
		body.Service.Name = "다른 서비스"
		p := h.do("POST", "/api/v1/applications", h.provider(), body, "Idempotency-Key", "app-2").problem(t, 422)
		require.Contains(t, p.Detail, "Idempotency-Key")
	})
	withField := func(f func(*models.ApplicationInput)) models.ApplicationInput {
		in := applicationInput(pv1BusinessNo, allDocuments(models.TypeCloud)...)
		f(&in)
		return in
	}
	for _, tc := range []struct {
		name   string
		token  string
		body   any
		status int
		field  string
	}{
		{"create400_NotJSON", h.provider(), "{not json", 400, ""},
		{"create401_NoToken", "", applicationInput(pv1BusinessNo), 401, ""},
		{"create403_Agency", h.agency(), applicationInput(pv1BusinessNo), 403, ""},
		{"create403_Operator", h.operator(), applicationInput(pv1BusinessNo), 403, ""},
		{"create422_UnknownField", h.provider(), `{"service":{},"provider":{},"brokr":true}`, 422, "brokr"},
		{"create422_ServiceType", h.provider(), withField(func(in *models.ApplicationInput) { in.Service.Type = "hardware" }), 422, "service.type"},
		{"create422_SubtypeOfOtherType", h.provider(), withField(func(in *models.ApplicationInput) { in.Service.Subtype = "consulting" }), 422, "service.subtype"},
		{"create422_BusinessNo", h.provider(), withField(func(in *models.ApplicationInput) { in.Provider.BusinessNo = "1018112345" }), 422, "provider.business_no"},
		{"create422_NotTheRegisteredBusinessNo", h.provider(), withField(func(in *models.ApplicationInput) { in.Provider.BusinessNo = "999-99-99999" }), 422, "provider.business_no"},
		{"create422_CreditRating", h.provider(), withField(func(in *models.ApplicationInput) { in.Provider.CreditRating = "Z" }), 422, "provider.credit_rating"},
		{"create422_FoundedInFuture", h.provider(), withField(func(in *models.ApplicationInput) { in.Provider.FoundedOn = "2999-01-01" }), 422, "provider.founded_on"},
		{"create422_BusinessStatus", h.provider(), withField(func(in *models.ApplicationInput) { in.Provider.BusinessStatus = "dormant" }), 422, "provider.business_status"},
		{"create422_DocumentKind", h.provider(), withField(func(in *models.ApplicationInput) { in.Documents[0].Kind = "brochure" }), 422, "documents[0].kind"},
		{"create422_DocumentDigest", h.provider(), withField(func(in *models.ApplicationInput) { in.Documents[1].SHA256 = "abc" }), 422, "documents[1].sha256"},
		{"create422_BrokerString", h.provider(), `{"broker":"yes"}`, 422, "broker"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := countApplications(t, h)
			p := h.do("POST", "/api/v1/applications", tc.token, tc.body).problem(t, tc.status)
			if tc.field != "" {
				require.NotEmpty(t, p.Errors, p)
				require.Equal(t, tc.field, p.Errors[0].Field, p)
			}
			require.Equal(t, before, countApplications(t, h), "a refused request starts nothing")
		})
	}
}

// countApplications reads how many application numbers were drawn: a refused request
// draws none and so can have started no workflow.
func countApplications(t *testing.T, h *harness) int64 {
	var n int64
	require.NoError(t, h.store.DB().Raw("SELECT last_value FROM application_id_seq").Scan(&n).Error)
	return n
}

func TestApplications_Visibility(t *testing.T) {
	h := newHarness(t)
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	for _, tc := range []struct {
		name   string
		token  string
		status int
	}{
		{"get200_Provider", h.provider(), 200},
		{"get200_Operator", h.operator(), 200},
		{"get200_Expert", h.expert("cho.expert"), 200},
		{"get200_Committee", h.member("song.committee"), 200},
		{"get200_Auditor", h.auditor(), 200},
		{"get404_OtherProvider", h.provider2(), 404},
		{"get403_Agency", h.agency(), 403},
		{"get401_NoToken", "", 401},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do("GET", "/api/v1/applications/"+id, tc.token, nil)
			if tc.status == 200 {
				require.Equal(t, 200, r.status, r.String())
				require.Equal(t, id, r.json(t)["id"])
				return
			}
			p := r.problem(t, tc.status)
			require.NotContains(t, p.Detail, "PV-0001", "a 404 never reveals the owner")
		})
	}
	t.Run("get404_Unknown", func(t *testing.T) {
		h.do("GET", "/api/v1/applications/APP-2026-999999", h.provider(), nil).problem(t, 404)
		h.do("GET", "/api/v1/applications/..%2F..%2Fetc", h.operator(), nil).problem(t, 404)
	})
	t.Run("list200_OwnOnly", func(t *testing.T) {
		var mine []any
		require.Eventually(t, func() bool { // the projection is written when the workflow starts
			mine = h.do("GET", "/api/v1/applications", h.provider(), nil).json(t)["items"].([]any)
			return len(mine) == 1
		}, 10e9, 50e6)
		require.Equal(t, id, mine[0].(map[string]any)["id"])
		theirs := h.do("GET", "/api/v1/applications", h.provider2(), nil).json(t)["items"].([]any)
		require.Empty(t, theirs)
		all := h.do("GET", "/api/v1/applications?status=document_check", h.operator(), nil).json(t)["items"].([]any)
		require.Len(t, all, 1)
		none := h.do("GET", "/api/v1/applications?status=selected", h.auditor(), nil).json(t)["items"].([]any)
		require.Empty(t, none)
	})
	for _, tc := range []struct{ name, query, field string }{
		{"list422_Status", "?status=done", "status"},
		{"list422_PageSize", "?page_size=0", "page_size"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := h.do("GET", "/api/v1/applications"+tc.query, h.operator(), nil).problem(t, 422)
			require.Equal(t, tc.field, p.Errors[0].Field)
		})
	}
	t.Run("list403_Agency", func(t *testing.T) {
		h.do("GET", "/api/v1/applications", h.agency(), nil).problem(t, 403)
	})
}

func TestApplications_Supplement(t *testing.T) {
	h := newHarness(t)
	noCSAP := documents(models.DocApplicationForm, models.DocCorporateRegistry, models.DocBusinessRegistration,
		models.DocCreditRating, models.DocServiceOverview, models.DocCapabilityProof, models.DocSLAPolicy)
	id := h.newApplication(noCSAP...)
	path := "/api/v1/applications/" + id + "/documents"
	csap := map[string]any{"documents": documents(models.DocCSAPCertificate)}
	t.Run("action404_OtherProvider", func(t *testing.T) {
		h.do("POST", path, h.provider2(), csap).problem(t, 404)
	})
	t.Run("action403_Operator", func(t *testing.T) {
		h.do("POST", path, h.operator(), csap).problem(t, 403)
	})
	t.Run("action422_NoDocuments", func(t *testing.T) {
		p := h.do("POST", path, h.provider(), map[string]any{"documents": []any{}}).problem(t, 422)
		require.Equal(t, "documents", p.Errors[0].Field)
	})
	t.Run("action422_DocumentKind", func(t *testing.T) {
		bad := documents(models.DocCSAPCertificate)
		bad[0].Kind = "brochure"
		p := h.do("POST", path, h.provider(), map[string]any{"documents": bad}).problem(t, 422)
		require.Equal(t, "documents[0].kind", p.Errors[0].Field)
		require.Equal(t, "supplement_requested", h.application(id)["status"])
	})
	t.Run("action200_SupplementThenDocumentCheck", func(t *testing.T) {
		r := h.do("POST", path, h.provider(), csap, "Idempotency-Key", "sup-1")
		require.Equal(t, 200, r.status, r.String())
		a := r.json(t)
		require.Equal(t, "document_check", a["status"])
		require.Empty(t, a["missing_kinds"])
		require.Len(t, a["documents"], 8)
		// A retry of the same request returns the first answer, not a 409.
		r = h.do("POST", path, h.provider(), csap, "Idempotency-Key", "sup-1")
		require.Equal(t, 200, r.status, r.String())
		// The operators' queue has the document check.
		h.openTask(h.operator2(), id, models.TaskDocumentCheck)
	})
	t.Run("action409_SupplementInDocumentCheck", func(t *testing.T) {
		p := h.do("POST", path, h.provider(), csap).problem(t, 409)
		require.Contains(t, p.Detail, "document_check", "detail names the current state")
	})
}

func TestApplications_Withdraw(t *testing.T) {
	h := newHarness(t)
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	task := h.openTask(h.operator(), id, models.TaskDocumentCheck)
	path := "/api/v1/applications/" + id + "/withdraw"
	t.Run("action404_OtherProvider", func(t *testing.T) {
		h.do("POST", path, h.provider2(), map[string]any{"reason": "x"}).problem(t, 404)
	})
	t.Run("action403_Auditor", func(t *testing.T) {
		h.do("POST", path, h.auditor(), map[string]any{}).problem(t, 403)
	})
	t.Run("action422_UnknownField", func(t *testing.T) {
		p := h.do("POST", path, h.provider(), map[string]any{"why": "x"}).problem(t, 422)
		require.Equal(t, "why", p.Errors[0].Field)
	})
	t.Run("action200_Withdrawn", func(t *testing.T) {
		r := h.do("POST", path, h.provider(), map[string]any{"reason": "사업 계획 변경"})
		require.Equal(t, 200, r.status, r.String())
		a := r.json(t)
		require.Equal(t, "withdrawn", a["status"])
		require.Equal(t, "사업 계획 변경", a["reason"])
		require.Empty(t, a["open_tasks"], "the operators' task is cancelled")
	})
	t.Run("action409_WithdrawAgain", func(t *testing.T) {
		p := h.do("POST", path, h.provider(), map[string]any{}).problem(t, 409)
		require.Contains(t, p.Detail, "withdrawn")
	})
	t.Run("task409_CancelledTask", func(t *testing.T) {
		p := h.do("POST", "/api/v1/tasks/"+task+"/complete", h.operator(), map[string]any{"outcome": "accept"}).problem(t, 409)
		require.Contains(t, p.Detail, "cancelled")
	})
	t.Run("history200_Auditor", func(t *testing.T) {
		r := h.do("GET", "/api/v1/cases/application-"+id+"/history", h.auditor(), nil)
		require.Equal(t, 200, r.status, r.String())
		hist := r.json(t)
		require.Equal(t, "application", hist["case_type"])
		require.Equal(t, "withdrawn", hist["status"])
		steps := hist["decisions"].([]any)
		require.Equal(t, "withdrawn", steps[len(steps)-1].(map[string]any)["action"])
		require.Contains(t, hist["temporal_ui_url"], "/workflows/application-"+id)
		h.do("GET", "/api/v1/cases/application-"+id+"/history", h.operator(), nil).problem(t, 403)
		h.do("GET", "/api/v1/cases/application-APP-2020-999999/history", h.auditor(), nil).problem(t, 404)
	})
}
