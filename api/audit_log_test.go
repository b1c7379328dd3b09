package api_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/api"
)

// TestAuditLog_RecomputesFromTheRows: an auditor lists the decision log of two orders page
// by page and recomputes the whole chain from the rows alone, as an outsider would, and
// the filters select by person, kind of case and day; bad filters are refused by name.
func TestAuditLog_RecomputesFromTheRows(t *testing.T) {
	h := newHarness(t)
	for range 2 {
		id := h.newOrder()
		r := h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), validProposal)
		require.Equal(t, http.StatusOK, r.status, r.String())
	}
	list := func(query string) []api.AuditEntry {
		t.Helper()
		var all []api.AuditEntry
		q, _ := url.ParseQuery(query)
		for {
			r := h.do("GET", "/api/v1/audit/log?"+q.Encode(), h.auditor(), nil)
			require.Equal(t, http.StatusOK, r.status, r.String())
			var page api.Page[api.AuditEntry]
			requireDecodes(t, r.body, &page)
			all = append(all, page.Items...)
			if page.NextPageToken == "" {
				return all
			}
			q.Set("page_token", page.NextPageToken)
		}
	}

	rows := list("page_size=1")
	require.NotEmpty(t, rows)
	slices.Reverse(rows) // newest first: the chain runs the other way
	prev := "0000000000000000000000000000000000000000000000000000000000000000"
	for i, e := range rows {
		require.Equal(t, int64(i+1), e.Seq)
		require.Equal(t, prev, e.PrevHash, "seq %d", e.Seq)
		require.Equal(t, e.Hash, rehash(t, prev, e), "seq %d does not hash to its hash from its own fields", e.Seq)
		prev = e.Hash
	}
	head := h.do("GET", "/api/v1/audit/head", "", nil).json(t)
	require.Equal(t, prev, head["hash"], "the rows end at the published head")

	provider := list("actor=jung.provider")
	require.Len(t, provider, 2, "the provider's two proposals")
	for _, e := range provider {
		require.Equal(t, "jung.provider", e.ActorSub)
		require.Equal(t, "proposal_submitted", e.Action)
	}
	require.Len(t, list("case_type=order"), len(rows))
	require.Empty(t, list("case_type=application"))
	require.Empty(t, list("to=2020-10-01"), "nothing was decided on the regime's first day")

	r := h.do("GET", "/api/v1/audit/log?case_type=nothing&from=2026-13-01&to=2020-01-01&actor="+url.QueryEscape(string(bytes.Repeat([]byte("x"), 201))), h.auditor(), nil)
	require.Equal(t, http.StatusUnprocessableEntity, r.status, r.String())
	var names []string
	for _, e := range r.json(t)["errors"].([]any) {
		names = append(names, e.(map[string]any)["field"].(string))
	}
	require.ElementsMatch(t, []string{"actor", "case_type", "from"}, names, r.String())
	r = h.do("GET", "/api/v1/audit/log?from=2026-11-02&to=2026-11-01", h.auditor(), nil)
	require.Equal(t, http.StatusUnprocessableEntity, r.status, r.String())
	require.Contains(t, r.String(), `"to"`)
}

// rehash is the row's hash as store/audit.go defines it: sha256 of the previous hash and
// the row's canonical JSON, the fields seq … recorded_at in their order, compact, without
// HTML escaping.
func rehash(t *testing.T, prev string, e api.AuditEntry) string {
	t.Helper()
	canonical := struct {
		Seq          int64   `json:"seq"`
		CaseType     string  `json:"case_type"`
		CaseID       string  `json:"case_id"`
		WorkflowID   string  `json:"workflow_id"`
		StepNo       int     `json:"step_no"`
		Action       string  `json:"action"`
		ActorSub     string  `json:"actor_sub"`
		ActorRole    string  `json:"actor_role"`
		ActorOrg     string  `json:"actor_org"`
		At           string  `json:"at"`
		StatusBefore string  `json:"status_before"`
		StatusAfter  string  `json:"status_after"`
		Note         string  `json:"note"`
		RequestID    *string `json:"request_id"`
		RuleVersions string  `json:"rule_versions"`
		RecordedAt   string  `json:"recorded_at"`
	}{e.Seq, e.CaseType, e.CaseID, e.WorkflowID, e.StepNo, e.Action, e.ActorSub, e.ActorRole, e.ActorOrg, e.At,
		e.StatusBefore, e.StatusAfter, e.Note, e.RequestID, e.RuleVersions, e.RecordedAt}
	var buf bytes.Buffer
	buf.WriteString(prev)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	require.NoError(t, enc.Encode(canonical))
	sum := sha256.Sum256(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return hex.EncodeToString(sum[:])
}
