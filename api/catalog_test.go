package api_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"
)

func TestCatalog(t *testing.T) {
	h := newHarness(t)
	list := func(q string) []any {
		r := h.do("GET", "/api/v1/services?"+q, "", nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
		return r.json(t)["items"].([]any)
	}
	require.NotEmpty(t, list("q="+url.QueryEscape("클라우드")), "Korean names are findable")
	// The same word as a Mac writes it, in loose jamo (NFD), finds the same services.
	composed, decomposed := list("q="+url.QueryEscape("클라우드")), list("q="+url.QueryEscape(norm.NFD.String("클라우드")))
	require.Equal(t, composed, decomposed, "a search in loose jamo finds what the composed one does")
	require.NotEmpty(t, list("q=cloud"), "English names are findable")
	for _, s := range list("type=support&page_size=500") {
		require.Equal(t, "support", s.(map[string]any)["type"])
	}
	for _, s := range list("sme=true&page_size=500") {
		require.Equal(t, "sme", s.(map[string]any)["provider"].(map[string]any)["size"])
	}
	// Paging walks the whole catalog once.
	seen, token := map[string]bool{}, ""
	for {
		r := h.do("GET", "/api/v1/services?page_size=100&page_token="+url.QueryEscape(token), "", nil).json(t)
		for _, s := range r["items"].([]any) {
			id := s.(map[string]any)["id"].(string)
			require.False(t, seen[id])
			seen[id] = true
		}
		if token = r["next_page_token"].(string); token == "" {
			break
		}
	}
	require.GreaterOrEqual(t, len(seen), 400)

	r := h.do("GET", "/api/v1/services/SVC-0001", "", nil).json(t)
	require.Equal(t, "PV-0001", r["provider"].(map[string]any)["org"])
	require.Regexp(t, `^\d{4}-\d{2}-\d{2}$`, r["selected_on"])
	h.do("GET", "/api/v1/services/SVC-9999", "", nil).problem(t, 404)
	for _, q := range []string{"type=blockchain", "subtype=iaas&type=support", "page_size=0", "page_size=501", "sme=maybe", "page_token=not-a-token!"} {
		h.do("GET", "/api/v1/services?"+q, "", nil).problem(t, 422)
	}
}

func TestSystemRoutes(t *testing.T) {
	h := newHarness(t)
	require.Equal(t, 200, h.do("GET", "/healthz", "", nil).status)
	r := h.do("GET", "/readyz", "", nil)
	require.Equal(t, 200, r.status, r.String())
	h.do("GET", "/api/v1/services", "", nil)
	m := h.do("GET", "/metrics", "", nil)
	require.Contains(t, string(m.body), `dsmarket_http_requests_total{method="GET",route="/api/v1/services",status="200"}`)
	rules := h.do("GET", "/api/v1/rules", "", nil).json(t)
	require.Equal(t, "Asia/Seoul", rules["time_zone"])
	first := rules["items"].([]any)[0].(map[string]any)
	require.NotEmpty(t, first["source"])
	require.NotEmpty(t, first["source_en"], "the source named in English too")
}
