package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPersonReadsPages: an operator opens an expert's page (the record, its relations and
// its change log: one read); the auditor finds that read, by whom, from the person's page;
// the expert sees it from their settings, by office only.
func TestPersonReadsPages(t *testing.T) {
	h := newHarness(t)
	op := h.visitor()
	op.signIn("park.operator")
	require.Equal(t, http.StatusOK, op.get("/ui/people/cho.expert").status)
	reads, _, err := h.store.PersonReads(context.Background(), "cho.expert", 10, "")
	require.NoError(t, err)
	require.Len(t, reads, 1, "one page, one read")
	require.Equal(t, "park.operator", reads[0].Sub)
	require.Equal(t, http.StatusForbidden, op.get("/ui/people/cho.expert/reads").status, "not the operators' to read")

	au := h.visitor()
	au.signIn("lee.auditor")
	page := au.get("/ui/people/cho.expert")
	require.Contains(t, page.body, `href="/ui/people/cho.expert/reads"`)
	require.Contains(t, page.body, `id="reads-logged"`, "the reader is told the page is logged")
	page = au.get("/ui/people/cho.expert/reads")
	require.Equal(t, http.StatusOK, page.status, page.body)
	require.Contains(t, page.body, "park.operator")
	require.Contains(t, page.body, "<code>"+reads[0].RequestID+"</code>")
	require.Equal(t, 2, strings.Count(page.body, "<td>상세 정보를 엶</td>"), "the operator's read and the auditor's own")
	require.Equal(t, http.StatusNotFound, au.get("/ui/people/nobody/reads").status)

	// Across people: the auditor's access log, its readers, a reader's reads, the CSV.
	page = au.get("/ui/audit")
	require.Contains(t, page.body, `href="/ui/audit/person-reads"`)
	page = au.get("/ui/audit/person-reads")
	require.Equal(t, http.StatusOK, page.status, page.body)
	require.Contains(t, page.body, `data-reader="park.operator"`)
	require.Contains(t, page.body, `data-reader="lee.auditor"`)
	page = au.get("/ui/audit/person-reads?actor=park.operator")
	require.Equal(t, 1, strings.Count(page.body, "<td>상세 정보를 엶</td>"), "the operator's read alone")
	require.NotContains(t, page.body, `data-reader="lee.auditor"`)
	csv := au.get("/ui/audit/person-reads.csv?subject=cho.expert")
	require.Equal(t, http.StatusOK, csv.status, csv.body)
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(csv.body, "\ufeff")), "\n")
	require.Equal(t, "subject_sub,action,sub,role,org,request_id,client_ip,read_at", strings.TrimSpace(lines[0]))
	require.Len(t, lines, 3, "the header and two reads")
	require.Contains(t, lines[2], "cho.expert,record,park.operator,operator,NIA,"+reads[0].RequestID+",127.0.0.1,")
	require.Equal(t, http.StatusUnprocessableEntity, au.get("/ui/audit/person-reads?from=someday").status)
	require.Equal(t, http.StatusForbidden, op.get("/ui/audit/person-reads").status)
	require.Contains(t, op.get("/ui/people").body, `id="reads-logged"`)

	ex := h.visitor()
	ex.signIn("cho.expert")
	page = ex.get("/ui/me/settings")
	require.Contains(t, page.body, `href="/ui/me/reads"`)
	page = ex.get("/ui/me/reads")
	require.Equal(t, http.StatusOK, page.status, page.body)
	require.Equal(t, 2, strings.Count(page.body, "<td>상세 정보를 엶</td>"))
	require.Contains(t, page.body, "<td>운영기관</td>")
	require.NotContains(t, page.body, "park.operator", "the staff's names are not the person's to learn")
	require.NotContains(t, page.body, "lee.auditor")
}
