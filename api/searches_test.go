package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

// searchBody saves a search for the exact name of serviceID, which finds it and few others.
func (h *harness) searchBody(serviceID string) map[string]any {
	h.t.Helper()
	r := h.do("GET", "/api/v1/services/"+serviceID, "", nil)
	require.Equal(h.t, http.StatusOK, r.status, r.String())
	return map[string]any{"title": "민원 챗봇 수의계약 검토", "q": r.json(h.t)["name"]}
}

// fixtureSearchBody finds SVC-0001 by its name ("한빛 클라우드 서버 (IaaS)") and few others.
var fixtureSearchBody = map[string]any{"title": "민원 포털 수의계약 검토", "q": "한빛 클라우드 서버"}

// newSearch saves fixtureSearchBody as AG-0001's and returns its ID.
func (h *harness) newSearch() string {
	h.t.Helper()
	r := h.do("POST", "/api/v1/searches", h.agency(), fixtureSearchBody)
	require.Equal(h.t, http.StatusCreated, r.status, r.String())
	return r.json(h.t)["id"].(string)
}

// exerciseSearches is the searches' part of TestOpenAPI_LiveResponses.
func exerciseSearches(t *testing.T, h *harness, call caller) {
	t.Helper()
	body := h.searchBody("SVC-0003")
	sr := call("POST", "/api/v1/searches", h.agency(), body, 201, "Idempotency-Key", "openapi-sr").json(t)
	id := sr["id"].(string)
	call("POST", "/api/v1/searches", h.agency(), body, 200, "Idempotency-Key", "openapi-sr")
	call("POST", "/api/v1/searches", h.agency(), map[string]any{"title": "전체", "q": ""}, 422)
	call("POST", "/api/v1/searches", h.agency(), map[string]any{"title": "vCPU 단가", "q": body["q"],
		"price_item": "vcpu", "max_unit_price_krw": 1_000_000}, 201)
	call("POST", "/api/v1/searches", h.agency(), map[string]any{"title": "vCPU 단가", "q": "",
		"max_unit_price_krw": -1}, 422)
	call("POST", "/api/v1/searches", h.agency(), `{"title":`, 400)
	call("POST", "/api/v1/searches", h.auditor(), body, 403)
	call("POST", "/api/v1/searches", "", body, 401)
	call("GET", "/api/v1/searches", h.agency(), nil, 200)
	call("GET", "/api/v1/searches?page_size=1", h.auditor(), nil, 200)
	call("GET", "/api/v1/searches?page_size=0", h.auditor(), nil, 422)
	call("GET", "/api/v1/searches", h.provider(), nil, 403)
	call("GET", "/api/v1/searches/"+id, h.auditor(), nil, 200)
	call("GET", "/api/v1/searches/"+id+"?format=csv", h.agency(), nil, 200)
	call("GET", "/api/v1/searches/"+id+"?format=xml", h.agency(), nil, 422)
	call("GET", "/api/v1/searches/"+id, h.agency2(), nil, 404)
	ev := evaluationOf("SVC-0003")
	call("POST", "/api/v1/searches/"+id+"/evaluation", h.agency(), ev, 200, "Idempotency-Key", "openapi-ev")
	call("POST", "/api/v1/searches/"+id+"/evaluation", h.agency2(), ev, 404)
	call("POST", "/api/v1/searches/"+id+"/evaluation", h.agency(), evaluationOf("SVC-9999"), 422)
	call("POST", "/api/v1/searches/"+id+"/outcome", h.agency(), map[string]any{"outcome": "contracted", "reason": "x"}, 422)
	call("POST", "/api/v1/searches/"+id+"/outcome", h.agency(), map[string]any{"outcome": "cancelled", "reason": "예산 삭감"}, 200)
	call("POST", "/api/v1/searches/"+id+"/outcome", h.agency(), map[string]any{"outcome": "none_suitable", "reason": "x"}, 409)
	call("POST", "/api/v1/searches/"+id+"/evaluation", h.agency(), ev, 409)
}

func evaluationOf(serviceID string) map[string]any {
	return map[string]any{
		"criteria": []map[string]any{{"name": "가격", "weight": 60}, {"name": "보안", "weight": 40}},
		"scores": []map[string]any{{"service_id": serviceID, "criterion": "가격", "score": 80},
			{"service_id": serviceID, "criterion": "보안", "score": 95}},
		"chosen": serviceID, "reason": "보안 점수가 가장 높음",
	}
}

// The evidence is what an agency downloads: the hash recomputes from the JSON's results,
// the CSV opens in Excel with Korean intact, and each download is recorded.
func TestSearches_DownloadsAndHash(t *testing.T) {
	h := newHarness(t)
	body := h.searchBody("SVC-0003")
	r := h.do("POST", "/api/v1/searches", h.agency(), body)
	require.Equal(t, http.StatusCreated, r.status, r.String())
	var saved struct {
		ID      string            `json:"id"`
		SHA256  string            `json:"sha256"`
		Count   int               `json:"count"`
		Results []json.RawMessage `json:"results"`
	}
	require.NoError(t, json.Unmarshal(r.body, &saved))
	require.Equal(t, "/api/v1/searches/"+saved.ID, r.header.Get("Location"))
	require.Equal(t, saved.Count, len(saved.Results))

	// Recomputed as docs/searches.md says: the results re-encoded compactly, without HTML
	// escaping, fields in their order.
	var canonical bytes.Buffer
	canonical.WriteByte('[')
	for i, raw := range saved.Results {
		if i > 0 {
			canonical.WriteByte(',')
		}
		require.NoError(t, json.Compact(&canonical, unescapeHTML(raw)))
	}
	canonical.WriteByte(']')
	sum := sha256.Sum256(canonical.Bytes())
	require.Equal(t, hex.EncodeToString(sum[:]), saved.SHA256)

	c := h.do("GET", "/api/v1/searches/"+saved.ID+"?format=csv", h.agency(), nil)
	require.Equal(t, http.StatusOK, c.status, c.String())
	require.True(t, bytes.HasPrefix(c.body, []byte{0xEF, 0xBB, 0xBF}), "starts with a BOM")
	cr := csv.NewReader(bytes.NewReader(c.body[3:]))
	cr.FieldsPerRecord = -1 // the heading lines are pairs, the results rows of eight
	rows, err := cr.ReadAll()
	require.NoError(t, err)
	require.Equal(t, []string{"title", "민원 챗봇 수의계약 검토"}, rows[1][:2])
	require.Equal(t, body["q"], rows[len(rows)-saved.Count][2], "the first result's Korean name, intact")

	got := h.do("GET", "/api/v1/searches/"+saved.ID, h.auditor(), nil).json(t)
	downloads := got["downloads"].([]any)
	require.Len(t, downloads, 2)
	require.Equal(t, "csv", downloads[0].(map[string]any)["format"])
	require.Equal(t, "lee.auditor", downloads[1].(map[string]any)["by"])
	h.do("GET", "/api/v1/searches/"+saved.ID, h.agency2(), nil).problem(t, http.StatusNotFound)
}

// unescapeHTML undoes encoding/json's HTML escaping, which the canonical form leaves out.
func unescapeHTML(raw []byte) []byte {
	for _, p := range [][2]string{{`\u003c`, "<"}, {`\u003e`, ">"}, {`\u0026`, "&"}} {
		raw = bytes.ReplaceAll(raw, []byte(p[0]), []byte(p[1]))
	}
	return raw
}

func TestSearches_TooManyResultsAsksToNarrow(t *testing.T) {
	h := newHarness(t)
	p := h.do("POST", "/api/v1/searches", h.agency(), map[string]any{"title": "전체", "q": ""}).problem(t, http.StatusUnprocessableEntity)
	require.Len(t, p.Errors, 1)
	require.Equal(t, "q", p.Errors[0].Field)
	require.Contains(t, p.Errors[0].Message, "narrow")
}

// A direct contract that names a search must be for a service it froze; the first such
// contract ends the search as contracted, and the search takes no second one.
func TestSearches_ContractFromSearch(t *testing.T) {
	h := newHarness(t)
	id := h.do("POST", "/api/v1/searches", h.agency(), h.searchBody("SVC-0003")).json(t)["id"].(string)

	outside := contractBody("SVC-0001", 5)
	outside["search_id"] = id
	p := h.do("POST", "/api/v1/contracts", h.agency(), outside).problem(t, http.StatusUnprocessableEntity)
	require.Equal(t, "service_id", p.Errors[0].Field)

	foreign := contractBody("SVC-0003", 5)
	foreign["search_id"] = id
	p = h.do("POST", "/api/v1/contracts", h.agency2(), foreign).problem(t, http.StatusUnprocessableEntity)
	require.Equal(t, "search_id", p.Errors[0].Field)

	inside := contractBody("SVC-0003", 5)
	inside["search_id"] = id
	r := h.do("POST", "/api/v1/contracts", h.agency(), inside, "Idempotency-Key", "from-search")
	require.Equal(t, http.StatusCreated, r.status, r.String())
	contract := r.json(t)["id"].(string)
	r = h.do("POST", "/api/v1/contracts", h.agency(), inside, "Idempotency-Key", "from-search")
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, contract, r.json(t)["id"])

	sr := h.do("GET", "/api/v1/searches/"+id, h.agency(), nil).json(t)
	require.Equal(t, "contracted", sr["outcome"])
	require.Equal(t, contract, sr["contract_id"])

	p = h.do("POST", "/api/v1/contracts", h.agency(), inside, "Idempotency-Key", "second").problem(t, http.StatusUnprocessableEntity)
	require.Equal(t, "search_id", p.Errors[0].Field)
	h.do("POST", "/api/v1/searches/"+url.PathEscape(id)+"/outcome", h.agency(),
		map[string]any{"outcome": "cancelled", "reason": "늦음"}).problem(t, http.StatusConflict)
}

// TestSearches_PriceCeiling: a search saved with the catalog's price ceiling freezes what
// GET /services finds with it, in its order, and keeps the ceiling in its query and its
// CSV; a bad ceiling is a 422 on its field and saves nothing.
func TestSearches_PriceCeiling(t *testing.T) {
	h := newHarness(t)
	filter := "q=" + url.QueryEscape("클라우드") + "&price_item=vcpu&max_unit_price_krw=30000"
	var page struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	r := h.do("GET", "/api/v1/services?page_size=500&"+filter, "", nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.NoError(t, json.Unmarshal(r.body, &page))
	require.NotEmpty(t, page.Items)
	all := h.do("GET", "/api/v1/services?page_size=500&q="+url.QueryEscape("클라우드"), "", nil).json(t)["items"].([]any)
	require.Less(t, len(page.Items), len(all), "the ceiling leaves some of the query's services out")

	r = h.do("POST", "/api/v1/searches", h.agency(), map[string]any{"title": "vCPU 단가 검토", "q": "클라우드",
		"price_item": "vcpu", "max_unit_price_krw": 30000})
	require.Equal(t, http.StatusCreated, r.status, r.String())
	var saved struct {
		ID    string `json:"id"`
		Query struct {
			PriceItem string `json:"price_item"`
			Max       *int64 `json:"max_unit_price_krw"`
		} `json:"query"`
		Results []struct {
			ServiceID string `json:"service_id"`
		} `json:"results"`
	}
	require.NoError(t, json.Unmarshal(r.body, &saved))
	require.Equal(t, "vcpu", saved.Query.PriceItem)
	require.Equal(t, int64(30000), *saved.Query.Max)
	require.Len(t, saved.Results, len(page.Items))
	for i, s := range page.Items {
		require.Equal(t, s.ID, saved.Results[i].ServiceID)
	}

	c := h.do("GET", "/api/v1/searches/"+saved.ID+"?format=csv", h.agency(), nil)
	require.Equal(t, http.StatusOK, c.status, c.String())
	cr := csv.NewReader(bytes.NewReader(c.body[3:]))
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	require.NoError(t, err)
	require.Contains(t, rows, []string{"price_item", "vcpu"})
	require.Contains(t, rows, []string{"max_unit_price_krw", "30000"})

	before := len(h.do("GET", "/api/v1/searches", h.agency(), nil).json(t)["items"].([]any))
	for _, bad := range []string{`-1`, `1.5`} {
		p := h.do("POST", "/api/v1/searches", h.agency(), `{"title":"t","q":"클라우드","max_unit_price_krw":`+bad+`}`).
			problem(t, http.StatusUnprocessableEntity)
		require.Equal(t, "max_unit_price_krw", p.Errors[0].Field, bad)
	}
	for _, bad := range []string{`"30000"`, `"abc"`, `{}`} {
		p := h.do("POST", "/api/v1/searches", h.agency(), `{"title":"t","q":"클라우드","max_unit_price_krw":`+bad+`}`).
			problem(t, http.StatusUnprocessableEntity)
		require.Equal(t, "max_unit_price_krw", p.Errors[0].Field, bad)
		require.Equal(t, "must be a number", p.Errors[0].Message, bad)
	}
	require.Len(t, h.do("GET", "/api/v1/searches", h.agency(), nil).json(t)["items"].([]any), before, "a refused search saves nothing")
}
