package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/internal/systest"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

func TestMain(m *testing.M) { systest.Main(m) }

// harness is the whole system in one test (systest.New): a fresh seeded database, the
// shared Temporal dev server, a worker on a task queue of the test's own, and the API on
// httptest.
type harness struct {
	t      *testing.T
	url    string
	store  *store.Store
	tc     client.Client
	key    *auth.DevKey
	server *api.Server
	tq     string
	app    *app.App
}

func newHarness(t *testing.T) *harness {
	t.Helper()
	s := systest.New(t)
	return &harness{t: t, url: s.URL, store: s.Store, tc: s.Temporal, key: s.Key, server: s.Server, tq: s.TaskQueue, app: s.App}
}

var expertOrgs = map[string]string{"kang.expert": "KISA", "cho.expert": "ETRI", "yoo.expert": "KAIST"}

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
func (h *harness) operator2() string { return h.token(models.RoleOperator, "NIA", "seo.operator") }

// expert and member are the seeded experts (kang.expert has a declared relation with
// PV-0001) and committee members (song.committee … hwang.committee).
func (h *harness) expert(sub string) string { return h.token(models.RoleExpert, expertOrgs[sub], sub) }
func (h *harness) member(sub string) string { return h.token(models.RoleCommittee, "MSIT", sub) }

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
	return h.orderOn("SVC-0001")
}

// orderOn opens an order on serviceID as AG-0001, with the request's headers (name,
// value, …), and returns its ID.
func (h *harness) orderOn(serviceID string, headers ...string) string {
	h.t.Helper()
	r := h.do("POST", "/api/v1/orders", h.agency(), orderBody(serviceID), headers...)
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

// documents references one file per kind; the digest is the kind's, so a retry sends the
// same references.
func documents(kinds ...models.DocumentKind) []models.DocumentInput {
	out := make([]models.DocumentInput, len(kinds))
	for i, k := range kinds {
		sum := sha256.Sum256([]byte(k))
		out[i] = models.DocumentInput{Kind: string(k), Filename: string(k) + ".pdf", SHA256: hex.EncodeToString(sum[:]), Size: 1 << 20}
	}
	return out
}

// allDocuments are the documents a service of type t requires of a provider that is not a broker.
func allDocuments(t models.ServiceType) []models.DocumentInput {
	return documents(models.RequiredDocuments(t, false, false)...)
}

// applicationInput applies for a SaaS service (cloud: CSAP and SLA documents required) by
// an eligible SME with the given business number.
func applicationInput(businessNo string, docs ...models.DocumentInput) models.ApplicationInput {
	return models.ApplicationInput{
		Service: models.ApplicationServiceInput{Name: "한빛 민원 접수 클라우드", Type: "cloud", Subtype: "saas",
			Description: "온라인 민원 접수와 처리 현황 안내를 제공하는 SaaS"},
		Provider: models.ApplicantInput{BusinessNo: businessNo, Name: "(주)한빛클라우드", FoundedOn: "2015-04-01",
			CreditRating: "BBB", BusinessStatus: "active", Size: "sme"},
		Documents: docs,
	}
}

// newApplication applies as jung.provider (PV-0001) and returns the application's ID.
func (h *harness) newApplication(docs ...models.DocumentInput) string {
	h.t.Helper()
	r := h.do("POST", "/api/v1/applications", h.provider(), applicationInput(pv1BusinessNo, docs...))
	require.Equal(h.t, http.StatusCreated, r.status, r.String())
	return r.json(h.t)["id"].(string)
}

// application reads an application as the auditor sees it.
func (h *harness) application(id string) map[string]any {
	h.t.Helper()
	r := h.do("GET", "/api/v1/applications/"+id, h.auditor(), nil)
	require.Equal(h.t, http.StatusOK, r.status, r.String())
	return r.json(h.t)
}

// openTask waits until the inbox of token lists an open task of kind on case caseID (the
// projection is written by the workflow right after the step that opened the task) and
// returns its ID.
func (h *harness) openTask(token, caseID string, kind models.TaskKind) string {
	h.t.Helper()
	var id string
	require.Eventually(h.t, func() bool {
		r := h.do("GET", "/api/v1/tasks?status=open&kind="+string(kind), token, nil)
		if r.status != http.StatusOK {
			return false
		}
		for _, it := range r.json(h.t)["items"].([]any) {
			task := it.(map[string]any)
			if task["case_id"] == caseID {
				id = task["id"].(string)
				return true
			}
		}
		return false
	}, 10*time.Second, 50*time.Millisecond, "no open %s task of %s", kind, caseID)
	return id
}

// complete completes a task and requires 200; it returns the case's new state.
func (h *harness) complete(token, taskID string, body any) map[string]any {
	h.t.Helper()
	r := h.do("POST", "/api/v1/tasks/"+taskID+"/complete", token, body)
	require.Equal(h.t, http.StatusOK, r.status, r.String())
	return r.json(h.t)
}

// committeeMembers are the seeded committee; the first chairs.
// inExpertReview takes the application past the operators' document check and assigns
// cho.expert, and returns the expert's open review task.
func (h *harness) inExpertReview(id string) string {
	h.t.Helper()
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskDocumentCheck), map[string]any{"outcome": "accept"})
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskAssignExperts), map[string]any{"experts": []string{"cho.expert"}})
	return h.openTask(h.expert("cho.expert"), id, models.TaskExpertReview)
}

var committeeMembers = []string{"song.committee", "lim.committee", "jang.committee", "kwon.committee", "hwang.committee"}

func today() string { return models.DateOf(time.Now()).Format(time.DateOnly) }

// reviewBody is an expert's review of an application with a CSAP certificate (its
// security item is na).
func reviewBody(opinion string, siteVisit bool) map[string]any {
	return map[string]any{"opinion": opinion, "site_visit": siteVisit, "comment": "가용성·백업 확인",
		"criteria": map[string]any{"eligibility": "pass", "management": "pass", "security": "na", "stability": "pass", "support": "pass"}}
}

// pv1BusinessNo is the seeded business number of PV-0001, jung.provider's organization:
// an application must carry its organization's registered number.
const (
	pv1BusinessNo = "101-81-12341"
	pv2BusinessNo = "138-86-16233"
)
