package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/internal/temporaltest"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
	"github.com/dsmarket/dsmarket/worker"
)

func TestMain(m *testing.M) {
	code := m.Run()
	temporaltest.Stop()
	os.Exit(code)
}

// harness is the whole system in one test: a fresh seeded database, the shared Temporal
// dev server, a worker on a task queue of the test's own, and the API on httptest.
type harness struct {
	t      *testing.T
	url    string
	store  *store.Store
	tc     client.Client
	key    *auth.DevKey
	server *api.Server
	tq     string
}

var nonWord = regexp.MustCompile(`[^A-Za-z0-9]+`)

func newHarness(t *testing.T) *harness {
	t.Helper()
	dsn := storetest.NewDSN(t)
	storetest.SeparateOrderNumbers(t, dsn) // the Temporal server is shared by every test
	st, err := store.Open(context.Background(), dsn)
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	_, err = store.Seed(context.Background(), st, time.Now())
	require.NoError(t, err)
	_, tc := temporaltest.Server(t)
	tq := "t-" + nonWord.ReplaceAllString(t.Name(), "-") + "-" + fmt.Sprint(time.Now().UnixNano())
	quiet := slog.New(slog.DiscardHandler)
	w := worker.NewOn(tc, tq, &activities.Activities{Store: st, Logger: quiet})
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)
	key, err := auth.NewDevKey([]byte("test-secret-test-secret-test-secret!"))
	require.NoError(t, err)
	srv := api.New(api.Deps{Store: st, Temporal: tc, Verifier: key, TemporalUIURL: "http://localhost:8233", Logger: quiet,
		Orders: &app.Orders{Store: st, Temporal: tc, TaskQueue: tq, Logger: quiet}})
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &harness{t: t, url: ts.URL, store: st, tc: tc, key: key, server: srv, tq: tq}
}

func (h *harness) token(role models.Role, org, sub string) string {
	tok, err := h.key.Sign(models.Actor{Sub: sub, Role: role, Org: org}, time.Now(), time.Hour)
	require.NoError(h.t, err)
	return tok
}

// The seeded parties: SVC-0001 belongs to PV-0001.
func (h *harness) agency() string    { return h.token(models.RoleAgency, "AG-0001", "kim.agency") }
func (h *harness) agency2() string   { return h.token(models.RoleAgency, "AG-0002", "choi.agency") }
func (h *harness) provider() string  { return h.token(models.RoleProvider, "PV-0001", "jung.provider") }
func (h *harness) provider2() string { return h.token(models.RoleProvider, "PV-0002", "han.provider") }
func (h *harness) auditor() string   { return h.token(models.RoleAuditor, "BAI", "lee.auditor") }
func (h *harness) operator() string  { return h.token(models.RoleOperator, "NIA", "park.operator") }

type response struct {
	status int
	header http.Header
	body   []byte
}

// String is the body, cut short for failure messages.
func (r response) String() string {
	if len(r.body) > 600 {
		return string(r.body[:600]) + "…"
	}
	return string(r.body)
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.body, &m), string(r.body))
	return m
}

// problem checks an RFC 9457 answer and returns it.
func (r response) problem(t *testing.T, status int) api.Problem {
	t.Helper()
	require.Equal(t, status, r.status, r.String())
	require.Equal(t, "application/problem+json", r.header.Get("Content-Type"))
	var p api.Problem
	require.NoError(t, json.Unmarshal(r.body, &p))
	require.Equal(t, status, p.Status)
	require.NotEmpty(t, p.Title)
	require.NotEmpty(t, p.Type)
	return p
}

func (h *harness) do(method, path, token string, body any, headers ...string) response {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		require.NoError(h.t, err)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, h.url+path, rd)
	require.NoError(h.t, err)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(h.t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(h.t, err)
	return response{status: res.StatusCode, header: res.Header, body: raw}
}

func orderBody(serviceID string) map[string]any {
	return map[string]any{"service_id": serviceID, "title": "민원포털 클라우드 전환", "budget_krw": 120_000_000,
		"proposal_due": models.DateOf(time.Now()).AddDate(0, 0, 7).Format(time.DateOnly)}
}

// newOrder opens an order on SVC-0001 as AG-0001 and returns its ID.
func (h *harness) newOrder() string {
	h.t.Helper()
	r := h.do("POST", "/api/v1/orders", h.agency(), orderBody("SVC-0001"))
	require.Equal(h.t, http.StatusCreated, r.status, string(r.body))
	return r.json(h.t)["id"].(string)
}

func (h *harness) orderStatus(id string) string {
	h.t.Helper()
	r := h.do("GET", "/api/v1/orders/"+id, h.agency(), nil)
	require.Equal(h.t, http.StatusOK, r.status, string(r.body))
	return r.json(h.t)["status"].(string)
}

var (
	validProposal = map[string]any{"price_krw": 110_000_000, "summary": "IaaS 4 vCPU x 20, 36개월"}
	score90       = map[string]any{"scores": []map[string]any{{"criterion": "기술", "score": 72, "max": 80}, {"criterion": "가격", "score": 18, "max": 20}}}
	score84       = map[string]any{"scores": []map[string]any{{"criterion": "기술", "score": 66, "max": 80}, {"criterion": "가격", "score": 18, "max": 20}}}
	agreed        = map[string]any{"agreed": true, "final_price_krw": 105_000_000, "terms": "SLA 99.9%"}
)
