package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestAuditorReadsTheDecisionLog: the auditor finds an order's opening in the decision
// log, filters the log by person, checks the chain, and is told which filter is wrong;
// nobody else opens the log.
func TestAuditorReadsTheDecisionLog(t *testing.T) {
	h := newHarness(t)
	orderID := h.newOrder()
	v := h.visitor()
	v.signIn("lee.auditor")

	r := v.get("/ui/audit")
	require.Contains(t, r.body, `href="/ui/audit/log"`)

	r = v.get("/ui/audit/log")
	require.Equal(t, http.StatusOK, r.status, r.body)
	require.Contains(t, r.body, `<a href="/ui/cases/order-`+orderID+`">`+orderID+`</a>`)
	require.Contains(t, r.body, "kim.agency")
	require.NotContains(t, r.body, `id="audit-verified"`, "the chain is checked on request only")

	r = v.get("/ui/audit/log?actor=kim.agency&case_type=order")
	require.Equal(t, http.StatusOK, r.status, r.body)
	require.Contains(t, r.body, orderID)
	r = v.get("/ui/audit/log?actor=nobody.here")
	require.Equal(t, http.StatusOK, r.status, r.body)
	require.NotContains(t, r.body, orderID)

	r = v.get("/ui/audit/log?verify=1")
	require.Equal(t, http.StatusOK, r.status, r.body)
	require.Contains(t, r.body, `id="audit-verified"`)
	require.Contains(t, r.body, "체인이 온전합니다")

	r = v.get("/ui/audit/log?case_type=nothing&from=2026-02-30")
	require.Equal(t, http.StatusUnprocessableEntity, r.status, r.body)
	require.Contains(t, r.body, "<code>case_type</code>")
	require.Contains(t, r.body, "YYYY-MM-DD")

	// The file holds the rows the filter selects, every page of them, for a spreadsheet.
	r = v.get("/ui/audit/log.csv?actor=kim.agency")
	require.Equal(t, http.StatusOK, r.status, r.body)
	require.True(t, strings.HasPrefix(r.body, "\ufeffseq,case_type,case_id,workflow_id,"), r.body)
	lines := strings.Split(strings.TrimSpace(r.body), "\r\n")
	require.Greater(t, len(lines), 1, r.body)
	for _, l := range lines[1:] {
		require.Contains(t, l, ",kim.agency,agency,AG-0001,", "only the agency's steps")
	}
	require.Contains(t, r.body, ",order,"+orderID+",order-"+orderID+",")
	require.Equal(t, http.StatusUnprocessableEntity, v.get("/ui/audit/log.csv?to=tomorrow").status)

	// Anyone reads the head the log ends at on the public statistics page, to keep it.
	head, err := h.store.AuditHead(context.Background())
	require.NoError(t, err)
	require.Positive(t, head.Seq)
	r = h.visitor().get("/ui/stats")
	require.Equal(t, http.StatusOK, r.status, r.body)
	require.Contains(t, r.body, `<dd data-figure="audit-seq">`+strconv.FormatInt(head.Seq, 10)+`</dd>`)
	require.Contains(t, r.body, `<code data-figure="audit-hash">`+head.Hash+`</code>`)

	w := h.visitor()
	w.signIn("park.operator")
	require.Equal(t, http.StatusForbidden, w.get("/ui/audit/log").status, "the log is the auditor's")
	require.Equal(t, http.StatusForbidden, w.get("/ui/audit/log.csv").status)
}
