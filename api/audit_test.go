package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/models"
)

func TestAudit_SchemasMatchGoTypes(t *testing.T) {
	doc := servedOpenAPI(t)
	for name, v := range map[string]any{"AuditHead": api.AuditHead{}, "AuditVerification": api.AuditVerification{}, "AuditEntry": api.AuditEntry{}} {
		s := doc.Components.Schemas[name]
		require.NotNil(t, s, "components.schemas.%s", name)
		props, required := schemaFields(s.Value)
		all, always := goJSONFields(reflect.TypeOf(v))
		require.ElementsMatch(t, all, props, "properties of %s", name)
		require.ElementsMatch(t, always, required, "required of %s", name)
	}
}

// TestAudit_HeadAndVerify drives an order through REST, so that its decisions reach the log
// the way production writes them, then reads the head as anyone, verifies as the auditor,
// and verifies again after a superuser rewrote a decision.
func TestAudit_HeadAndVerify(t *testing.T) {
	h := newHarness(t)
	doc := servedOpenAPI(t)
	head := func() map[string]any {
		t.Helper()
		r := h.do("GET", "/api/v1/audit/head", "", nil) // public: no token
		require.Equal(t, http.StatusOK, r.status, r.String())
		var v api.AuditHead
		requireDecodes(t, r.body, &v)
		requireMatches(t, doc.Components.Schemas["AuditHead"].Value, v)
		return r.json(t)
	}
	verify := func(token string) response {
		t.Helper()
		return h.do("GET", "/api/v1/audit/verify", token, nil)
	}

	// The seed writes no case: the log is empty, its head the genesis.
	require.Equal(t, map[string]any{"seq": float64(0), "hash": strings.Repeat("0", 64), "at": nil}, head())
	r := verify(h.auditor())
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, map[string]any{"ok": true, "checked": float64(0), "first_broken": nil}, r.json(t))

	id := h.newOrder()
	r = h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), validProposal, "Idempotency-Key", "audit-proposal")
	require.Equal(t, http.StatusOK, r.status, r.String())
	// Opened and proposal submitted: two decisions, once each, however often the
	// projection is written.
	require.Eventually(t, func() bool { return head()["seq"] == float64(2) }, 30*time.Second, 100*time.Millisecond)
	hd := head()
	require.Regexp(t, `^[0-9a-f]{64}$`, hd["hash"])
	require.NotNil(t, hd["at"])

	r = verify(h.auditor())
	require.Equal(t, http.StatusOK, r.status, r.String())
	var v api.AuditVerification
	requireDecodes(t, r.body, &v)
	requireMatches(t, doc.Components.Schemas["AuditVerification"].Value, v)
	require.Equal(t, api.AuditVerification{OK: true, Checked: 2}, v)

	// Only auditors verify.
	for _, tok := range []string{h.agency(), h.provider(), h.operator()} {
		verify(tok).problem(t, http.StatusForbidden)
	}
	verify("").problem(t, http.StatusUnauthorized)

	// A superuser rewrites who opened the order, with the append-only triggers off.
	err := h.store.DB().Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`SET LOCAL session_replication_role = replica`).Error; err != nil {
			return err
		}
		return tx.Exec(`UPDATE audit_log SET actor_sub = 'choi.agency' WHERE seq = 1`).Error
	})
	require.NoError(t, err)
	r = verify(h.auditor())
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, map[string]any{"ok": false, "checked": float64(1), "first_broken": float64(1)}, r.json(t))
	// The head itself is unchanged: an outsider holding it learns nothing from it alone,
	// which is why verify recomputes every row.
	require.Equal(t, hd, head())
}

// exerciseAudit answers the live OpenAPI test's calls on the audit routes, after the
// cases it drove have filled the log.
func exerciseAudit(t *testing.T, h *harness, call caller) {
	t.Helper()
	call("GET", "/api/v1/audit/head", "", nil, 200)
	call("GET", "/api/v1/audit/head", "not-a-token", nil, 401)
	v := call("GET", "/api/v1/audit/verify", h.auditor(), nil, 200).json(t)
	require.Equal(t, true, v["ok"], v)
	call("GET", "/api/v1/audit/verify", h.operator(), nil, 403)
	call("GET", "/api/v1/audit/verify", "", nil, 401)
	page := call("GET", "/api/v1/audit/log?case_type=order&page_size=2", h.auditor(), nil, 200).json(t)
	require.Len(t, page["items"], 2, page)
	call("GET", "/api/v1/audit/log?case_type=nothing&from=2026-11-02&to=2026-11-01", h.auditor(), nil, 422)
	call("GET", "/api/v1/audit/log", h.operator(), nil, 403)
}

// requireDecodes decodes body into v refusing unknown fields: the answer has exactly the
// fields of the Go type the document describes.
func requireDecodes(t *testing.T, body []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(v), string(body))
}

// Each decision in the log names the request that made it: an action's X-Request-Id, also
// when the action is retried with its Idempotency-Key (the first request's); the opening
// step names the request that opened the case. A request ID that is not plain text is
// replaced, not stored.
func TestAudit_DecisionsNameTheirRequest(t *testing.T) {
	h := newHarness(t)
	r := h.do("POST", "/api/v1/orders", h.agency(), orderBody("SVC-0001"), "X-Request-Id", "req-open-1")
	require.Equal(t, http.StatusCreated, r.status, r.String())
	id := r.json(t)["id"].(string)
	r = h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), validProposal,
		"Idempotency-Key", "audit-req-proposal", "X-Request-Id", "req-proposal-1")
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, "req-proposal-1", r.header.Get("X-Request-Id"))
	r = h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), validProposal,
		"Idempotency-Key", "audit-req-proposal", "X-Request-Id", "req-proposal-retry")
	require.Equal(t, http.StatusOK, r.status, r.String())
	r = h.do("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), score90, "X-Request-Id", "bad id; DROP")
	require.Equal(t, http.StatusOK, r.status, r.String())
	evalRequest := r.header.Get("X-Request-Id")
	require.Regexp(t, `^[0-9a-f]{16}$`, evalRequest, "a request ID that is not plain is replaced")

	requests := func() map[string]string {
		require.NoError(t, h.store.SealAudit(context.Background()))
		var rows []struct {
			Action    string
			RequestID *string
		}
		require.NoError(t, h.store.DB().Raw(`SELECT action, request_id FROM audit_log WHERE case_id = ? ORDER BY step_no`, id).
			Scan(&rows).Error)
		out := map[string]string{}
		for _, row := range rows {
			out[row.Action] = ""
			if row.RequestID != nil {
				out[row.Action] = *row.RequestID
			}
		}
		return out
	}
	require.Eventually(t, func() bool { return len(requests()) == 3 }, 30*time.Second, 100*time.Millisecond)
	got := requests()
	require.Equal(t, "req-open-1", got[models.ActionProposalRequested], "the opening step names the request that opened the case")
	require.True(t, strings.HasPrefix(got[models.ActionProposalSubmitted], "req-proposal-1."), got)
	require.True(t, strings.HasPrefix(got[models.ActionEvaluated], evalRequest+"."), got)
}
