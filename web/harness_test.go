package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/internal/oidctest"
	"github.com/dsmarket/dsmarket/internal/systest"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/web"
)

func TestMain(m *testing.M) { systest.Main(m) }

// harness is the whole system behind the pages (systest.New with the UI): a fresh seeded
// database, the shared Temporal dev server, a worker on the test's own task queue, and the
// API with the UI on httptest. url uses the name localhost, which browsers treat as a
// secure origin, so the Secure session cookie works over plain HTTP as it does under
// `make run`.
type harness struct {
	t           *testing.T
	tc          client.Client
	contracts   *app.Contracts
	inspections *app.Inspections
	quality     *app.Quality
	changes     *app.Changes
	url         string
	store       *store.Store
	key         *auth.DevKey
	orders      *app.Orders
	apps        *app.Applications
	tasks       *app.Tasks
	directory   *app.Directory
	committee   *app.Committee
	documents   *app.Documents
}

// harnessOption changes the UI's configuration; baseURL is the server's address.
type harnessOption func(cfg *web.Config, baseURL string)

func newHarness(t *testing.T, opts ...harnessOption) *harness {
	t.Helper()
	return newHarnessOf(t, nil, opts...)
}

// newHarnessOf is newHarness over a system built with sys besides the UI.
func newHarnessOf(t *testing.T, sys []systest.Option, opts ...harnessOption) *harness {
	t.Helper()
	s := systest.New(t, append(sys, systest.WithUI(func(a *app.App, baseURL string) (api.UI, error) {
		cfg := web.Config{SessionSecret: []byte("ui-session-secret-ui-session-secret!!"), DevSignIn: true}
		for _, o := range opts {
			o(&cfg, localhost(baseURL))
		}
		return web.New(a, cfg)
	}))...)
	a := s.App
	return &harness{t: t, url: localhost(s.URL), store: s.Store, key: s.Key, tc: s.Temporal, contracts: a.Contracts,
		inspections: a.Inspections, quality: a.Quality, changes: a.Changes, orders: a.Orders, apps: a.Applications, tasks: a.Tasks,
		directory: a.Directory, committee: a.Committee, documents: a.Documents}
}

func localhost(u string) string { return strings.Replace(u, "127.0.0.1", "localhost", 1) }

// The seeded people (store/seeddata/demo.json).
var (
	kimAgency    = models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"}
	choiAgency   = models.Actor{Sub: "choi.agency", Role: models.RoleAgency, Org: "AG-0002"}
	jungProvider = models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: "PV-0001"}
	parkOperator = models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"}
	choExpert    = models.Actor{Sub: "cho.expert", Role: models.RoleExpert, Org: "ETRI"}
	leeAuditor   = models.Actor{Sub: "lee.auditor", Role: models.RoleAuditor, Org: "BAI"}
)

const pv1BusinessNo = "101-81-12341"

func documents(kinds ...models.DocumentKind) []models.DocumentInput {
	out := make([]models.DocumentInput, len(kinds))
	for i, k := range kinds {
		sum := sha256.Sum256([]byte(k))
		out[i] = models.DocumentInput{Kind: string(k), Filename: string(k) + ".pdf", SHA256: hex.EncodeToString(sum[:]), Size: 1 << 20}
	}
	return out
}

// newApplication applies for a SaaS as jung.provider with the given documents (all that a
// cloud service requires when none are given) and returns its ID.
func (h *harness) newApplication(docs ...models.DocumentInput) string {
	h.t.Helper()
	if docs == nil {
		docs = documents(models.RequiredDocuments(models.TypeCloud, false, false)...)
	}
	in := models.ApplicationInput{
		Service: models.ApplicationServiceInput{Name: "한빛 민원 접수 클라우드", Type: "cloud", Subtype: "saas",
			Description: "온라인 민원 접수와 처리 현황 안내를 제공하는 SaaS"},
		Provider: models.ApplicantInput{BusinessNo: pv1BusinessNo, Name: "(주)한빛클라우드", FoundedOn: "2015-04-01",
			CreditRating: "BBB", BusinessStatus: "active", Size: "sme"},
		Documents: docs,
	}
	out, err := h.apps.Create(context.Background(), jungProvider, in, "")
	require.NoError(h.t, err)
	return out.ID
}

// openTask waits for the open task of kind on the case in by's inbox (the projection is
// written right after the step that opened the task) and returns its ID.
func (h *harness) openTask(by models.Actor, caseID string, kind models.TaskKind) string {
	h.t.Helper()
	var id string
	require.Eventually(h.t, func() bool {
		items, _, err := h.tasks.List(context.Background(), by, app.TaskQuery{Status: models.TaskOpen, Kind: kind}, 100, "")
		if err != nil {
			return false
		}
		for _, t := range items {
			if t.CaseID == caseID {
				id = t.ID
				return true
			}
		}
		return false
	}, 15*time.Second, 50*time.Millisecond, "no open %s task of %s", kind, caseID)
	return id
}

// inExpertReview walks a new application to cho.expert's review task and returns the
// application's and the task's IDs.
func (h *harness) inExpertReview() (appID, taskID string) {
	h.t.Helper()
	ctx := context.Background()
	appID = h.newApplication()
	_, err := h.tasks.Complete(ctx, parkOperator, h.openTask(parkOperator, appID, models.TaskDocumentCheck), "",
		models.TaskCompletion{Outcome: "accept", Note: "서류 완비"})
	require.NoError(h.t, err)
	_, err = h.tasks.Complete(ctx, parkOperator, h.openTask(parkOperator, appID, models.TaskAssignExperts), "",
		models.TaskCompletion{Experts: []string{"cho.expert"}})
	require.NoError(h.t, err)
	return appID, h.openTask(choExpert, appID, models.TaskExpertReview)
}

// awaitingCommittee is an application whose expert found it suitable, awaiting the
// committee.
func (h *harness) awaitingCommittee() string {
	h.t.Helper()
	ctx := context.Background()
	appID, reviewID := h.inExpertReview()
	noVisit := false
	_, err := h.tasks.Complete(ctx, choExpert, reviewID, "", models.TaskCompletion{Opinion: "suitable", SiteVisit: &noVisit,
		Comment: "가용성·백업 확인", Criteria: &models.ReviewCriteria{Eligibility: "pass", Management: "pass", Security: "na",
			Stability: "pass", Support: "pass"}})
	require.NoError(h.t, err)
	require.Eventually(h.t, func() bool {
		a, err := h.apps.Get(ctx, parkOperator, appID)
		return err == nil && a.Status == models.AppAwaitingCommittee
	}, 15*time.Second, 50*time.Millisecond)
	return appID
}

// newOrder opens an order on SVC-0001 (PV-0001's) as kim.agency.
func (h *harness) newOrder() string {
	h.t.Helper()
	return h.newOrderOn("SVC-0001")
}

// newOrderOn opens an order on a service of PV-0001 as kim.agency.
func (h *harness) newOrderOn(serviceID string) string {
	h.t.Helper()
	out, err := h.orders.Create(context.Background(), kimAgency, app.CreateOrderInput{ServiceID: serviceID,
		Title: "민원포털 클라우드 전환", BudgetKRW: 120_000_000, ProposalDue: inDays(7)}, "")
	require.NoError(h.t, err)
	// Lists read the projection, which the workflow writes right after it starts.
	require.Eventually(h.t, func() bool {
		o, err := h.store.GetOrder(context.Background(), out.ID)
		return err == nil && o.ID == out.ID
	}, 15*time.Second, 50*time.Millisecond, "order %s not projected", out.ID)
	return out.ID
}

var ownServices atomic.Int64

// ownService copies SVC-0001 (PV-0001's) to a service of the test's own: a service's
// watch workflow is keyed by its ID, and the tests of this package share one Temporal
// server.
func (h *harness) ownService() string {
	h.t.Helper()
	id := fmt.Sprintf("SVC-%09d", 800_000_000+ownServices.Add(1))
	require.NoError(h.t, h.store.DB().Exec(`
		INSERT INTO services (id, provider_org, name, name_en, description, type, subtype, status, selected_on, csap_valid_until)
		SELECT ?, provider_org, name || ' ' || ?, name_en, description, type, subtype, 'registered', selected_on, csap_valid_until
		FROM services WHERE id = 'SVC-0001'`, id, id).Error)
	return id
}

var qualityServices atomic.Int64

// ownQualityService copies SVC-0001 to a service of the test's own, selected long enough
// ago to be due in this year's quality cycle, and makes every other service of the test's
// database too recent to be due, so that the test's cycle opens exactly one case. Quality
// cases are keyed by service and year, and only SVC-<4–6 digits> IDs map to case IDs.
func (h *harness) ownQualityService() string {
	h.t.Helper()
	id := fmt.Sprintf("SVC-%06d", 960_000+qualityServices.Add(1))
	require.NoError(h.t, h.store.DB().Exec(`UPDATE services SET selected_on = current_date
		WHERE id NOT BETWEEN 'SVC-960000' AND 'SVC-969999'`).Error)
	require.NoError(h.t, h.store.DB().Exec(`
		INSERT INTO services (id, provider_org, name, name_en, description, type, subtype, status, selected_on, csap_valid_until)
		SELECT ?, provider_org, name || ' ' || ?, name_en, description, type, subtype, 'registered', DATE '2024-01-10', DATE '2029-01-09'
		FROM services WHERE id = 'SVC-0001'`, id, id).Error)
	return id
}

// openQualityCase runs this year's quality cycle over a service of the test's own
// (ownQualityService) and returns the service and its case once the case is projected.
func (h *harness) openQualityCase() (svc, caseID string) {
	h.t.Helper()
	ctx := context.Background()
	svc = h.ownQualityService()
	caseID = models.QualityCaseID(svc, time.Now().In(models.Seoul).Year())
	_, err := h.quality.StartCycle(ctx, parkOperator)
	require.NoError(h.t, err)
	require.Eventually(h.t, func() bool {
		_, err := h.quality.Get(ctx, parkOperator, caseID)
		return err == nil
	}, 30*time.Second, 100*time.Millisecond, "the cycle opens the case of %s", svc)
	return svc, caseID
}

func inDays(n int) string { return models.DateOf(time.Now()).AddDate(0, 0, n).Format(time.DateOnly) }

// browserJar keeps cookies like a browser on http://localhost: Go's cookiejar sends
// Secure cookies over https only, where browsers also send them to localhost.
type browserJar struct {
	mu sync.Mutex
	m  map[string]*http.Cookie
}

func (j *browserJar) SetCookies(_ *url.URL, cs []*http.Cookie) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.m == nil {
		j.m = map[string]*http.Cookie{}
	}
	for _, c := range cs {
		if c.MaxAge < 0 {
			delete(j.m, c.Name)
			continue
		}
		j.m[c.Name] = c
	}
}

func (j *browserJar) Cookies(*url.URL) []*http.Cookie {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]*http.Cookie, 0, len(j.m))
	for _, c := range j.m {
		out = append(out, &http.Cookie{Name: c.Name, Value: c.Value})
	}
	return out
}

// visitor is one person's browser session without a browser: cookies, no redirects
// followed unless asked.
type visitor struct {
	h   *harness
	c   *http.Client
	jar *browserJar
}

func (h *harness) visitor() *visitor {
	jar := &browserJar{}
	return &visitor{h: h, jar: jar, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type pageResp struct {
	status   int
	location string
	body     string
	header   http.Header
}

func (v *visitor) get(path string) pageResp {
	v.h.t.Helper()
	res, err := v.c.Get(v.h.url + path)
	require.NoError(v.h.t, err)
	return read(v.h.t, res)
}

// post sends a form as a same-origin browser does (Origin header), with the session's
// CSRF token unless the form already has one.
func (v *visitor) post(path string, form url.Values) pageResp {
	v.h.t.Helper()
	if form.Get("csrf_token") == "" {
		form.Set("csrf_token", v.csrf())
	}
	req, err := http.NewRequest(http.MethodPost, v.h.url+path, strings.NewReader(form.Encode()))
	require.NoError(v.h.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", v.h.url)
	res, err := v.c.Do(req)
	require.NoError(v.h.t, err)
	return read(v.h.t, res)
}

var csrfPattern = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)">`)

// csrf reads the token from a page, as the browser has it in every form.
func (v *visitor) csrf() string {
	v.h.t.Helper()
	p := v.get("/ui/services")
	m := csrfPattern.FindStringSubmatch(p.body)
	require.NotNil(v.h.t, m, "no CSRF token on the page")
	return m[1]
}

func (v *visitor) signIn(sub string) {
	v.h.t.Helper()
	r := v.post("/ui/login/dev", url.Values{"sub": {sub}, "next": {"/ui/"}})
	require.Equal(v.h.t, http.StatusSeeOther, r.status, r.body)
}

func read(t *testing.T, res *http.Response) pageResp {
	t.Helper()
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return pageResp{status: res.StatusCode, location: res.Header.Get("Location"), body: string(b), header: res.Header}
}

// withCodeFlow configures a harness's UI to sign in through iss; dev keeps the development
// sign-in beside it.
func withCodeFlow(t *testing.T, iss *oidctest.Issuer, dev bool) func(cfg *web.Config, base string) {
	return func(cfg *web.Config, base string) {
		flow, err := auth.NewCodeFlow(context.Background(), auth.CodeFlowConfig{Issuer: iss.URL, ClientID: iss.ClientID,
			ClientSecret: iss.ClientSecret, RedirectURL: base + "/ui/auth/callback"})
		require.NoError(t, err)
		cfg.CodeFlow, cfg.DevSignIn = flow, dev
	}
}
