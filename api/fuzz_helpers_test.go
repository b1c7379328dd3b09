package api_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/internal/systest"
	"github.com/dsmarket/dsmarket/internal/temporaltest"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// The route fuzz test's system: the harness's, built once for all inputs (a *testing.F
// cannot make a harness), with two additions that make "a refused request changed
// nothing" exact rather than a matter of waiting. The API's app layer talks to PostgreSQL
// through a connection of its own application_name, and a trigger on every table notes
// which connection wrote each row, so a write by the API is told apart from the worker's
// asynchronous projection writes of earlier cases. And the API's Temporal client is a spy
// that notes every workflow the app layer asks to start, so a start caused by a request is
// told apart from starts by activities.

const (
	apiConn    = "fuzz-api"
	workerConn = "fuzz-worker"
	testConn   = "fuzz-test"
)

type fuzzSystem struct {
	base   harness // t is set per input
	engine *gin.Engine
	spy    *startSpy
	// api is the API's store, whose sealer chains staged audit steps after a request
	// has answered: apiWriteMark lets it finish first.
	api *store.Store

	once     sync.Once
	ready    bool
	fixtures map[string]string
}

func newFuzzSystem(tb testing.TB) *fuzzSystem {
	tb.Helper()
	ctx := context.Background()
	dsn := systest.Database(tb)
	open := func(name string) *store.Store {
		st, err := store.Open(ctx, withApplicationName(tb, dsn, name))
		require.NoError(tb, err)
		tb.Cleanup(func() { _ = st.Close() })
		return st
	}
	apiStore, workerStore, testStore := open(apiConn), open(workerConn), open(testConn)
	_, err := store.Seed(ctx, testStore, time.Now())
	require.NoError(tb, err)
	installWriteLog(tb, testStore)

	_, tc := temporaltest.Server(tb)
	tq := systest.StartWorker(tb, tc, workerStore)
	key := systest.DevKey(tb)
	spy := &startSpy{Client: tc}
	a := app.New(app.Deps{Store: apiStore, Temporal: spy, TaskQueue: tq, Logger: systest.Quiet, TemporalUIURL: systest.TemporalUIURL})
	srv := api.New(api.Deps{App: a, Verifier: key})
	ts := httptest.NewServer(srv)
	tb.Cleanup(ts.Close)
	engine, ok := srv.Handler.(*gin.Engine)
	require.True(tb, ok, "api.New serves a gin engine")
	return &fuzzSystem{
		base:   harness{url: ts.URL, store: testStore, tc: tc, key: key, server: srv, tq: tq, app: a},
		engine: engine, spy: spy, api: apiStore,
	}
}

func withApplicationName(tb testing.TB, dsn, name string) string {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		return dsn + " application_name=" + name
	}
	u, err := url.Parse(dsn)
	require.NoError(tb, err)
	q := u.Query()
	q.Set("application_name", name)
	u.RawQuery = q.Encode()
	return u.String()
}

// installWriteLog notes every row written to any table with the writing connection's name.
func installWriteLog(tb testing.TB, st *store.Store) {
	tb.Helper()
	for _, stmt := range []string{
		`CREATE TABLE fuzz_writes (seq bigserial PRIMARY KEY, conn text NOT NULL, tbl text NOT NULL, op text NOT NULL)`,
		`CREATE FUNCTION fuzz_note_write() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			INSERT INTO fuzz_writes (conn, tbl, op) VALUES (current_setting('application_name'), TG_TABLE_NAME, TG_OP);
			RETURN NULL;
		END $$`,
		`DO $$
		DECLARE t text;
		BEGIN
			FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'fuzz_writes'
			LOOP
				EXECUTE format('CREATE TRIGGER fuzz_note_write AFTER INSERT OR UPDATE OR DELETE ON %I
					FOR EACH ROW EXECUTE FUNCTION fuzz_note_write()', t);
			END LOOP;
		END $$`,
	} {
		require.NoError(tb, st.DB().Exec(stmt).Error)
	}
}

// apiWriteMark is the last row the API's connection wrote.
func (s *fuzzSystem) apiWriteMark(t *testing.T) int64 {
	require.NoError(t, s.api.SealAudit(context.Background()))
	var n int64
	require.NoError(t, s.base.store.DB().Raw(`SELECT coalesce(max(seq), 0) FROM fuzz_writes WHERE conn = ?`, apiConn).Scan(&n).Error)
	return n
}

// apiWritesSince lists the rows the API's connection wrote after mark, as table:operation.
func (s *fuzzSystem) apiWritesSince(t *testing.T, mark int64) []string {
	var out []string
	require.NoError(t, s.base.store.DB().Raw(`SELECT tbl || ':' || op FROM fuzz_writes WHERE conn = ? AND seq > ? ORDER BY seq`,
		apiConn, mark).Scan(&out).Error)
	return out
}

// startSpy notes the ID of every workflow the app layer asks Temporal to start.
type startSpy struct {
	client.Client
	mu  sync.Mutex
	ids []string
}

func (s *startSpy) note(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids = append(s.ids, id)
}

// take returns the IDs noted since the last take.
func (s *startSpy) take() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := s.ids
	s.ids = nil
	return ids
}

func (s *startSpy) ExecuteWorkflow(ctx context.Context, options client.StartWorkflowOptions, workflow any, args ...any) (client.WorkflowRun, error) {
	run, err := s.Client.ExecuteWorkflow(ctx, options, workflow, args...)
	id := options.ID
	if err == nil && run != nil {
		id = run.GetID()
	}
	s.note(id)
	return run, err
}

func (s *startSpy) SignalWithStartWorkflow(ctx context.Context, workflowID string, signalName string, signalArg any,
	options client.StartWorkflowOptions, workflow any, workflowArgs ...any) (client.WorkflowRun, error) {
	s.note(workflowID)
	return s.Client.SignalWithStartWorkflow(ctx, workflowID, signalName, signalArg, options, workflow, workflowArgs...)
}

func (s *startSpy) NewWithStartWorkflowOperation(options client.StartWorkflowOptions, workflow any, args ...any) client.WithStartWorkflowOperation {
	s.note(options.ID)
	return s.Client.NewWithStartWorkflowOperation(options, workflow, args...)
}

// startedSince returns the workflows among ids whose current run began at or after since:
// asked for and really started, not an existing case found by its business key.
func (s *fuzzSystem) startedSince(t *testing.T, ids []string, since time.Time) []string {
	var started []string
	for _, id := range ids {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		d, err := s.base.tc.DescribeWorkflowExecution(ctx, id, "")
		cancel()
		var nf *serviceerror.NotFound
		if errors.As(err, &nf) {
			continue
		}
		require.NoError(t, err, "describe %s", id)
		if !d.WorkflowExecutionInfo.StartTime.AsTime().Before(since) {
			started = append(started, id)
		}
	}
	return started
}

// setUp makes, once, a case of every kind for the routes' path parameters ("@" in an input
// stands for the route's case), using the first input's t.
func (s *fuzzSystem) setUp(t *testing.T, h *harness) {
	s.once.Do(func() {
		f := map[string]string{}
		// The detectors see what they must: a create under an Idempotency-Key writes its
		// claim through the API's connection and starts its workflow.
		s.spy.take()
		mark, start := s.apiWriteMark(t), time.Now()
		r := h.do("POST", "/api/v1/orders", h.agency(), orderBody("SVC-0001"), "Idempotency-Key", "fuzz-self-check")
		require.Equal(t, 201, r.status, r.String())
		require.NotEmpty(t, s.apiWritesSince(t, mark), "the write log sees the API's writes")
		require.Equal(t, []string{r.json(t)["workflow_id"].(string)}, s.startedSince(t, s.spy.take(), start),
			"the spy sees the API's starts")
		f["order"], f["workflow"] = r.json(t)["id"].(string), r.json(t)["workflow_id"].(string)
		f["contract"] = h.newContract(contractBody("SVC-0001", 3))
		f["search"] = h.newSearch()
		f["application"] = h.newApplication(allDocuments(models.TypeCloud)...)
		f["task"] = h.openTask(h.operator(), f["application"], models.TaskDocumentCheck)
		f["session"] = h.openSession("fuzz-session")
		f["change"] = h.newChange("SVC-0001", map[string]any{"description": "퍼즈 테스트용 소개"})["id"].(string)
		f["watched"] = h.ownService("2029-06-30")
		f["quality_service"] = h.ownQualityService()
		year := time.Now().In(models.Seoul).Year()
		f["quality_case"] = models.QualityCaseID(f["quality_service"], year)
		f["document"] = documentFixture(h)
		r = h.do("POST", "/api/v1/quality-cycles", h.operator(), nil)
		require.Equal(t, 202, r.status, r.String())
		require.Eventually(t, func() bool {
			r := h.do("GET", "/api/v1/quality-cases/"+f["quality_case"], h.operator(), nil)
			return r.status == 200
		}, 30*time.Second, 100*time.Millisecond, "the cycle opens the quality case")
		s.fixtures, s.ready = f, true
	})
	require.True(t, s.ready, "the fixtures failed in an earlier input")
}

// fixtureFor is the case a route's path parameter names.
func (s *fuzzSystem) fixtureFor(route, param string) string {
	f := s.fixtures
	switch {
	case param == "workflow_id":
		return f["workflow"]
	case strings.HasSuffix(route, "/events"):
		return f["watched"]
	case strings.HasSuffix(route, "/quality-reports"):
		return f["quality_service"]
	case strings.HasPrefix(route, "/api/v1/services/"):
		return "SVC-0001"
	case strings.HasPrefix(route, "/api/v1/ocds/records/"):
		return models.DefaultOCDSPrefix + "-SVC-0001" // the seed's first framework
	case strings.HasPrefix(route, "/api/v1/quality-cases/"):
		return f["quality_case"]
	case strings.HasPrefix(route, "/api/v1/change-requests/"):
		return f["change"]
	case strings.HasPrefix(route, "/api/v1/orders/"):
		return f["order"]
	case strings.HasPrefix(route, "/api/v1/contracts/"):
		return f["contract"]
	case strings.HasPrefix(route, "/api/v1/searches/"):
		return f["search"]
	case strings.HasPrefix(route, "/api/v1/applications/"):
		return f["application"]
	case strings.HasPrefix(route, "/api/v1/tasks/"):
		return f["task"]
	case strings.HasPrefix(route, "/api/v1/committee/sessions/"):
		return f["session"]
	case strings.HasPrefix(route, "/api/v1/documents/"):
		return f["document"]
	case strings.HasPrefix(route, "/api/v1/organizations/"):
		return "PV-0001" // the fixtures' provider organization
	case strings.HasPrefix(route, "/api/v1/people/"):
		return "cho.expert"
	}
	return "X"
}

// goodBody is a body each route accepts in some state of its case, the starting point of
// an input's changes.
func goodBody(method, route string) any {
	switch method + " " + route {
	case "POST /api/v1/orders":
		return orderBody("SVC-0001")
	case "POST /api/v1/orders/:id/proposal":
		return validProposal
	case "POST /api/v1/orders/:id/evaluation":
		return score90
	case "POST /api/v1/orders/:id/negotiation":
		return agreed
	case "POST /api/v1/orders/:id/cancel":
		return map[string]any{"reason": "예산 삭감"}
	case "POST /api/v1/contracts":
		return contractBody("SVC-0001", 3)
	case "PATCH /api/v1/contracts/:id":
		return announcement(day(-1))
	case "POST /api/v1/searches":
		return fixtureSearchBody
	case "POST /api/v1/searches/:id/evaluation":
		return evaluationOf("SVC-0001")
	case "POST /api/v1/searches/:id/outcome":
		return map[string]any{"outcome": "none_suitable", "reason": "요건 미충족"}
	case "POST /api/v1/applications":
		return applicationInput(pv1BusinessNo, allDocuments(models.TypeCloud)...)
	case "POST /api/v1/applications/:id/documents":
		return map[string]any{"documents": documents(models.DocSLAPolicy)}
	case "POST /api/v1/applications/:id/withdraw":
		return map[string]any{"reason": "사업 계획 변경"}
	case "POST /api/v1/tasks/:id/complete":
		return map[string]any{"outcome": "accept", "note": "서류 확인"}
	case "POST /api/v1/committee/sessions":
		return sessionBody(committeeMembers...)
	case "POST /api/v1/services/:id/events":
		return eventBody("credit_rating", "AAA", day(-1))
	case "POST /api/v1/services/:id/quality-reports":
		return qualityReportBody()
	case "POST /api/v1/quality-cases/:id/prereview":
		return map[string]any{"accepted": true, "note": "보고서 적정"}
	case "POST /api/v1/quality-cases/:id/remediation":
		return map[string]any{"summary": "분기 복구 훈련을 시행했습니다"}
	case "POST /api/v1/services/:id/change-requests":
		return changeBody(map[string]any{"sla": "가용성 99.95%"})
	case "POST /api/v1/change-requests/:id/decision":
		return map[string]any{"approve": true, "reason": "기준 무관 변경"}
	case "POST /api/v1/organizations":
		return map[string]any{"org": "PV-0960", "kind": "provider", "name": "(주)가온", "business_no": "124-82-00262",
			"size": "sme", "founded_on": "2018-01-02"}
	case "PATCH /api/v1/organizations/:id":
		return map[string]any{"name_en": "Hanbit Cloud Co., Ltd."}
	case "POST /api/v1/people":
		return map[string]any{"sub": "baek.expert", "role": "expert", "name": "백서진", "email": "baek@yonsei.example"}
	case "PATCH /api/v1/people/:id":
		return map[string]any{"affiliation": "한국전자통신연구원"}
	case "POST /api/v1/people/:id/relations", "POST /api/v1/me/relations":
		return map[string]any{"business_no": "124-82-00262", "kind": "work", "since": "2025-01-02"}
	}
	return nil
}

// projectionOf is the table an accepted create's case must reach, by route.
var projectionOf = map[string]string{
	"POST /api/v1/orders":                       "orders",
	"POST /api/v1/contracts":                    "direct_contracts",
	"POST /api/v1/searches":                     "searches",
	"POST /api/v1/applications":                 "applications",
	"POST /api/v1/committee/sessions":           "committee_sessions",
	"POST /api/v1/services/:id/change-requests": "change_requests",
}

// tokenFor is a token of the first role that may call a route, of the organization that
// owns the fixtures; "" for a public route, which the catalog's clients call anonymously.
func tokenFor(h *harness, roles string) string {
	switch role, _, _ := strings.Cut(roles, " "); role {
	case "public":
		return ""
	case "agency", "any":
		return h.agency()
	case "provider":
		return h.provider()
	case "operator":
		return h.operator()
	case "auditor":
		return h.auditor()
	case "expert":
		return h.expert("cho.expert")
	case "committee":
		return h.member(committeeMembers[0])
	}
	h.t.Fatalf("no token for roles %q", roles)
	return ""
}
