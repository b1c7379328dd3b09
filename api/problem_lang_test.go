package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// A caller that prefers Korean (Accept-Language) reads a refusal's reasons in Korean, as
// the web pages show them; any other caller reads the REST contract's English, unchanged.
// The answer says its language and that it varies with the header.
func TestProblemsInTheCallersLanguage(t *testing.T) {
	h := newHarness(t)
	ko := func(key string, pairs ...string) string { return models.Msg(key, pairs...).In(models.LangKO) }
	en := func(key string, pairs ...string) string { return models.Msg(key, pairs...).English() }

	// A body with a field no order has: refused at the edge.
	unknown := orderBody("SVC-0001")
	unknown["colour"] = "red"
	for _, tc := range []struct {
		name, accept, lang string
	}{
		{"NoHeader", "", models.LangEN},
		{"Korean", "ko", models.LangKO},
		{"KoreanRegion", "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", models.LangKO},
		{"EnglishBeforeKorean", "en-US,en;q=0.9,ko;q=0.8", models.LangEN},
		{"KoreanAfterAnUnknownOne", "fr-FR, ko;q=0.5", models.LangKO},
		{"NeitherLanguage", "fr, de;q=0.8", models.LangEN},
		{"Malformed", ";;q=x", models.LangEN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var headers []string
			if tc.accept != "" {
				headers = []string{"Accept-Language", tc.accept}
			}
			r := h.do("POST", "/api/v1/orders", h.agency(), unknown, headers...)
			p := r.problem(t, http.StatusUnprocessableEntity)
			require.Equal(t, tc.lang, r.header.Get("Content-Language"))
			require.Contains(t, r.header.Values("Vary"), "Accept-Language")
			require.Equal(t, []string{"colour"}, fieldsOf(p))
			if tc.lang == models.LangKO {
				require.Equal(t, ko("error.invalid_fields"), p.Detail)
				require.Equal(t, ko("invalid.unknown_field"), p.Errors[0].Message)
			} else {
				require.Equal(t, "one or more fields are invalid", p.Detail)
				require.Equal(t, "is not a known field", p.Errors[0].Message)
			}
		})
	}

	korean := []string{"Accept-Language", "ko-KR"}
	t.Run("DomainRefusalThroughTheWorkflow", func(t *testing.T) {
		created := h.do("POST", "/api/v1/orders", h.agency(), orderBody("SVC-0001"))
		require.Equal(t, http.StatusCreated, created.status, created.String())
		id := created.json(t)["id"].(string)
		r := h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), map[string]any{"price_krw": 1000, "summary": "IaaS"})
		require.Equal(t, http.StatusOK, r.status, r.String())
		bad := map[string]any{"scores": []map[string]any{{"criterion": "기술", "score": 90, "max": 80}}}
		enP := h.do("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), bad).problem(t, http.StatusUnprocessableEntity)
		koP := h.do("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), bad, korean...).problem(t, http.StatusUnprocessableEntity)
		require.Equal(t, fieldsOf(enP), fieldsOf(koP))
		require.Equal(t, []string{"scores[0].score"}, fieldsOf(enP))
		require.Equal(t, en("invalid.order_score_exceeds_max", "max", "80"), enP.Errors[0].Message)
		require.Equal(t, ko("invalid.order_score_exceeds_max", "max", "80"), koP.Errors[0].Message)
		require.NotEqual(t, enP.Errors[0].Message, koP.Errors[0].Message)
	})

	t.Run("QueryFilters", func(t *testing.T) {
		p := h.do("GET", "/api/v1/tasks?scope=everyone&page_size=0", h.operator(), nil, korean...).problem(t, http.StatusUnprocessableEntity)
		require.Equal(t, []string{"page_size", "scope"}, fieldsOf(p))
		require.Equal(t, ko("invalid.whole_number_range", "min", "1", "max", "500"), p.Errors[0].Message)
		require.Equal(t, ko("invalid.task_scope"), p.Errors[1].Message)
		p = h.do("GET", "/api/v1/tasks?scope=everyone&page_size=0", h.operator(), nil).problem(t, http.StatusUnprocessableEntity)
		require.Equal(t, "must be a whole number from 1 to 500", p.Errors[0].Message)
		require.Equal(t, "must be mine or all", p.Errors[1].Message)
	})

	t.Run("NotFoundAndForbidden", func(t *testing.T) {
		p := h.do("GET", "/api/v1/contracts/CT-2000-999999", h.agency(), nil, korean...).problem(t, http.StatusNotFound)
		require.Equal(t, ko("error.contract_not_found"), p.Detail)
		p = h.do("GET", "/api/v1/services/SVC-9999", "", nil, korean...).problem(t, http.StatusNotFound)
		require.Equal(t, ko("error.service_id_not_found", "service", "SVC-9999"), p.Detail)
		p = h.do("GET", "/api/v1/no-such-thing", h.agency(), nil, korean...).problem(t, http.StatusNotFound)
		require.Equal(t, ko("error.no_such_resource", "path", "/api/v1/no-such-thing"), p.Detail)
		p = h.do("POST", "/api/v1/orders", h.provider(), orderBody("SVC-0001"), korean...).problem(t, http.StatusForbidden)
		require.Equal(t, ko("error.role_may_not", "role", "provider"), p.Detail)
		p = h.do("POST", "/api/v1/orders", h.provider(), orderBody("SVC-0001")).problem(t, http.StatusForbidden)
		require.Equal(t, "role provider may not do this", p.Detail)
	})
}
