package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// FuzzRoutes sends each input to every route of the real router, in process, with the
// real app layer on a real database and dev server, and a token of a role the route admits:
//
//   - param fills every path parameter; "@" stands for the route's own case (made once, see
//     setUp), so that "@\x00" is a real ID with a NUL after it;
//   - query is the raw query string;
//   - raw, when not empty, is the body as sent; otherwise the body is the route's good body
//     with key (a dotted path: provider.name, documents.0.filename) set to value, which is
//     JSON if it parses as JSON and a string otherwise.
//
// It asserts that no answer is a 5xx; that a refused request (4xx) made the API write no
// row and start no workflow; and that every accepted create reaches its projection.
// Without -fuzz it runs the seeds below, which hold NUL, control characters, invalid UTF-8,
// huge strings, dates before 2020-10-01 and %00 in path and query.
func FuzzRoutes(f *testing.F) {
	for _, s := range []struct {
		param, query, key, value string
		raw                      []byte
	}{
		{param: "@"}, // every route with its good body: the accepted creates
		{param: "@", query: "page_size=10&status=open&q=%ED%95%9C%EB%B9%9B"},
		{param: "@\x00", query: "q=%00", key: "title", value: "probe\x00title"},
		{param: "SVC-0001\x00", query: "q=%00&status=%00&page_token=%00", key: "reason", value: "예산\x00삭감"},
		{param: "@", key: "service_id", value: "SVC-0001\x00"},
		{param: "@", key: "summary", value: "a\x1b[31mb\x7f"},
		{param: "@\n", query: "type=cloud%0D%0A&q=%1B", key: "note", value: "a\rb"},
		{param: "@\xff", query: "q=%FF%FE", raw: []byte("{\"title\":\"\xff\xfe\",\"reason\":\"\xc3\x28\"}")},
		{param: "@", key: "provider.name", value: "(주)\x00한빛"},
		{param: "@", key: "documents.0.filename", value: "a\u0085.pdf"},
		{param: "@", key: "changes.description", value: "\x00"},
		{param: "@", key: "description", value: strings.Repeat("가", 10_001)},
		{param: strings.Repeat("A", 300), query: "page_token=" + strings.Repeat("x", 600),
			raw: []byte(`{"reason":"` + strings.Repeat("x", 200_000) + `"}`)},
		{param: "@", key: "effective_on", value: "2020-09-30"},
		{param: "@", key: "contracted_on", value: "2020-09-30"},
		{param: "@", key: "period_from", value: "2019-01-01"},
		{param: "@", key: "period_to", value: "9999-12-31"},
		{param: "@", key: "changed_on", value: "0001-01-01"},
		{param: "@", key: "held_on", value: "1999-12-31"},
		{param: "@", key: "proposal_due", value: "2020-09-30"},
		{param: "@", key: "changes.csap_valid_until", value: "2020-09-30"},
		{param: "@", raw: []byte(`{"kind":"csap","value":"valid:2029-01-01","effective_on":"2020-09-30","source":"KISA"}`)},
		{param: "@", raw: []byte(`{"kind":"credit_rating","value":"AAA","effective_on":"2020-09-01","source":"NICE"}`)},
		{param: "@", key: "title", value: `""`}, // a contract without a title
		{param: "%00", raw: []byte(`null`)},
		{param: "", raw: []byte(`[]`)},
		{param: "@/../x", raw: []byte(`{"a":`)},
		{param: "@", key: "budget_krw", value: "1e400"},
	} {
		f.Add(s.param, s.query, s.key, s.value, s.raw)
	}
	sys := newFuzzSystem(f)
	f.Fuzz(func(t *testing.T, param, query, key, value string, raw []byte) {
		h := sys.base
		h.t = t
		sys.setUp(t, &h)
		roles := map[string]string{}
		for _, r := range h.server.Routes {
			roles[r.Method+" "+r.Path] = r.Roles
		}
		routes := sys.engine.Routes()
		require.NotEmpty(t, routes)
		tally := map[int]int{}
		for _, rt := range routes {
			route := rt.Method + " " + rt.Path
			who, ok := roles[route]
			require.True(t, ok, "%s is served but not in the route table with its roles", route)
			path := fillParams(rt.Path, param, sys.fixtureFor)
			body := fuzzBody(t, rt.Method, rt.Path, key, value, raw)
			tally[sys.check(t, &h, rt.Method, rt.Path, path, query, tokenFor(&h, who), body)]++
		}
		t.Logf("%d routes: %v (status: count)", len(routes), tally)
	})
}

var paramPattern = regexp.MustCompile(`[:*][A-Za-z_]+`)

// fillParams puts param in every parameter of route; "@" stands for the route's case.
func fillParams(route, param string, fixture func(route, name string) string) string {
	return paramPattern.ReplaceAllStringFunc(route, func(p string) string {
		if rest, ok := strings.CutPrefix(param, "@"); ok {
			return fixture(route, p[1:]) + rest
		}
		return param
	})
}

// fuzzBody is raw, or the route's good body with key set to value; nil for a GET.
func fuzzBody(t *testing.T, method, route, key, value string, raw []byte) []byte {
	if method == http.MethodGet {
		return nil
	}
	if len(raw) > 0 {
		return raw
	}
	good := goodBody(method, route)
	if good == nil && key == "" {
		return nil
	}
	b, err := json.Marshal(good)
	require.NoError(t, err)
	var doc any = map[string]any{}
	if good != nil {
		require.NoError(t, json.Unmarshal(b, &doc))
	}
	if key != "" {
		var v any = value
		if json.Valid([]byte(value)) {
			v = json.RawMessage(value)
		}
		doc = setPath(doc, strings.Split(key, "."), v)
	}
	out, err := json.Marshal(doc)
	require.NoError(t, err)
	return out
}

// setPath sets the value at a dotted path of maps and array indexes, making maps on the way.
func setPath(doc any, path []string, v any) any {
	if len(path) == 0 {
		return v
	}
	switch d := doc.(type) {
	case []any:
		if i, err := strconv.Atoi(path[0]); err == nil && i >= 0 && i < len(d) {
			d[i] = setPath(d[i], path[1:], v)
			return d
		}
	case map[string]any:
		d[path[0]] = setPath(d[path[0]], path[1:], v)
		return d
	}
	return setPath(map[string]any{}, path, v)
}

// check sends one request in process and holds it to the invariants.
func (s *fuzzSystem) check(t *testing.T, h *harness, method, route, path, query, token string, body []byte) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req := httptest.NewRequestWithContext(ctx, method, "/", rd)
	// Set after parsing, so that a path with a NUL or an invalid escape reaches the router
	// as a client's decoded path would.
	req.URL.Path, req.URL.RawPath, req.URL.RawQuery = path, "", query
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	s.spy.take()
	mark := s.apiWriteMark(t)
	start := time.Now()
	rec := httptest.NewRecorder()
	s.base.server.ServeHTTP(rec, req)
	what := method + " " + strconv.QuoteToASCII(path) + "?" + strconv.QuoteToASCII(query)
	answer := rec.Body.String()
	if len(answer) > 400 {
		answer = answer[:400] + "…"
	}
	require.Less(t, rec.Code, 500, "%s answered %d: %s", what, rec.Code, answer)
	asked := s.spy.take()
	if rec.Code >= 400 {
		require.Empty(t, s.apiWritesSince(t, mark), "%s was refused (%d) but the API wrote rows", what, rec.Code)
		require.Empty(t, s.startedSince(t, asked, start), "%s was refused (%d) but started workflows", what, rec.Code)
		return rec.Code
	}
	table, creates := projectionOf[method+" "+route]
	if !creates || rec.Code != http.StatusCreated {
		return rec.Code
	}
	var created struct {
		ID string `json:"id"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &created), answer)
	require.NotEmpty(t, created.ID, answer)
	require.Eventually(t, func() bool {
		var n int64
		err := s.base.store.DB().Raw("SELECT count(*) FROM "+table+" WHERE id = ?", created.ID).Scan(&n).Error
		return err == nil && n == 1
	}, 30*time.Second, 50*time.Millisecond, "%s created %s, which never reached %s", what, created.ID, table)
	return rec.Code
}
