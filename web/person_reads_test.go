package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestPersonReadsPages: an operator opens an expert's page (the record, its relations and
// its change log: one read); the auditor finds that read, by whom, from the person's page;
// the expert sees it from their settings, by office only, and sees the auditor's reads of
// the log that names them.
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
	require.Len(t, lines, 6, "the header and five reads: the auditor's three of the log (its pages above), the two of the record")
	require.Contains(t, lines[1], "cho.expert,access_log,lee.auditor,auditor,BAI,")
	require.Contains(t, lines[5], "cho.expert,record,park.operator,operator,NIA,"+reads[0].RequestID+",127.0.0.1,")
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
	require.Equal(t, 4, strings.Count(page.body, "<td>개인정보 접속기록에서 봄</td>"), "the auditor's reads of the log, the CSV's too")
	require.Contains(t, page.body, "<td>운영기관</td>")
	require.NotContains(t, page.body, "park.operator", "the staff's names are not the person's to learn")
	require.NotContains(t, page.body, "lee.auditor")
}

// TestPersonReadChecksPage: while last month's access log is unchecked the auditors' page
// says so; an auditor records a check of it with the form (a refusal names the field and
// records nothing), comes back to the log of that month with the check listed, and the
// page no longer says it is due; an operator may not record one.
func TestPersonReadChecksPage(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	first, last := models.LastMonth(time.Now())
	au := h.visitor()
	au.signIn("lee.auditor")
	page := au.get("/ui/audit/person-reads")
	require.Contains(t, page.body, `id="check-due"`)
	require.Contains(t, page.body, `id="f-check-from" name="from" value="`+first.String()+`"`, "the form offers last month")

	r := au.post("/ui/audit/person-read-checks", url.Values{"from": {first.String()}, "to": {last.String()}, "outcome": {"findings"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, `id="e-check-note">`)
	checks, _, err := h.store.ListPersonReadChecks(ctx, 10, "")
	require.NoError(t, err)
	require.Empty(t, checks, "a refused check records nothing")

	r = au.post("/ui/audit/person-read-checks", url.Values{"from": {first.String()}, "to": {last.String()},
		"outcome": {"findings"}, "note": {"야간 열람 1건 소명 받음"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.Equal(t, "/ui/audit/person-reads?done=check&from="+first.String()+"&to="+last.String(), r.location)
	page = au.get(r.location)
	require.Contains(t, page.body, "점검 결과를 기록했습니다")
	require.Contains(t, page.body, "<td>"+first.String()+" ~ "+last.String()+"</td><td><strong>확인 필요 사항 있음</strong></td>")
	require.NotContains(t, page.body, `id="check-due"`)

	op := h.visitor()
	op.signIn("park.operator")
	require.Equal(t, http.StatusForbidden, op.post("/ui/audit/person-read-checks", url.Values{"from": {first.String()},
		"to": {last.String()}, "outcome": {"no_findings"}}).status)
	checks, _, err = h.store.ListPersonReadChecks(ctx, 10, "")
	require.NoError(t, err)
	require.Len(t, checks, 1)
	require.Equal(t, "lee.auditor", checks[0].By.Sub)
}

// TestAuditRegistryChangesPage: an operator changes an organization and declares a
// relation for an expert; the auditor finds both from the audit page, narrowed to that
// operator, each leading to its record; the operator may not read it.
func TestAuditRegistryChangesPage(t *testing.T) {
	h := newHarness(t)
	op := h.visitor()
	op.signIn("park.operator")
	o, err := h.store.GetOrganization(context.Background(), "PV-0001")
	require.NoError(t, err)
	r := op.post("/ui/organizations/PV-0001", url.Values{"name": {o.Name}, "name_en": {o.NameEn},
		"business_no": {o.BusinessNo}, "size": {"large"}, "founded_on": {o.FoundedOn.String()}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	r = op.post("/ui/people/cho.expert/relations", url.Values{"business_no": {"101-81-12341"}, "kind": {"work"}, "since": {"2025-03-01"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.Equal(t, http.StatusForbidden, op.get("/ui/audit/registry-changes").status)

	au := h.visitor()
	au.signIn("lee.auditor")
	require.Contains(t, au.get("/ui/audit").body, `href="/ui/audit/registry-changes"`)
	page := au.get("/ui/audit/registry-changes?actor=park.operator")
	require.Equal(t, http.StatusOK, page.status, page.body)
	require.Equal(t, 2, strings.Count(page.body, "<tr data-change="), "the operator's two changes alone")
	require.Contains(t, page.body, `<a href="/ui/organizations/PV-0001">`)
	require.Contains(t, page.body, `<a href="/ui/people/cho.expert">`)
	require.Contains(t, page.body, "대기업", "the size as it reads")
	page = au.get("/ui/audit/registry-changes?actor=park.operator&kind=organization")
	require.Equal(t, 1, strings.Count(page.body, "<tr data-change="))
	require.Equal(t, http.StatusUnprocessableEntity, au.get("/ui/audit/registry-changes?kind=bank").status)
}
