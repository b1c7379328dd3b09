package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestListStatusFilter: a list page shows the cases of the status its filter picks, and
// its next page keeps the filter; a status the list does not have is refused, naming the
// field, as the REST list refuses it.
func TestListStatusFilter(t *testing.T) {
	h := newHarness(t)
	checking := h.newApplication()
	reviewed, _ := h.inExpertReview()
	require.Eventually(t, func() bool {
		a, err := h.store.GetApplication(context.Background(), reviewed)
		return err == nil && a.Status == models.AppExpertReview
	}, 15*time.Second, 50*time.Millisecond)

	v := h.visitor()
	v.signIn("park.operator")
	page := v.get("/ui/applications?status=expert_review")
	require.Equal(t, http.StatusOK, page.status, page.body)
	require.Contains(t, page.body, `<tr data-application="`+reviewed+`">`)
	require.NotContains(t, page.body, `<tr data-application="`+checking+`">`)
	require.Contains(t, page.body, `<option value="expert_review" selected>전문가 검토</option>`)
	require.Contains(t, v.get("/ui/applications").body, `<tr data-application="`+checking+`">`, "no filter: every status")

	bad := v.get("/ui/applications?status=approved")
	require.Equal(t, http.StatusUnprocessableEntity, bad.status)
	require.Contains(t, bad.body, `<code>status</code>`)
}

// TestListsDownloadAsCSV: the quality cases and the contracts lists download whole as CSV
// with their filter, for a spreadsheet; each reader gets the cases the list shows them,
// and a status the list does not have is refused as the page refuses it.
func TestListsDownloadAsCSV(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	_, caseID := h.openQualityCase()
	k, err := h.contracts.Create(ctx, kimAgency, models.DirectContractInput{ServiceID: "SVC-0001", Title: "민원포털 유지관리 수의계약",
		ContractedOn: inDays(-3), AmountKRW: 48_000_000, PeriodFrom: inDays(-3), PeriodTo: inDays(300),
		Method: string(models.MethodDirect)}, "")
	require.NoError(t, err)

	lines := func(r pageResp) []string {
		t.Helper()
		require.Equal(t, http.StatusOK, r.status, r.body)
		require.True(t, strings.HasPrefix(r.body, "\ufeff"), "a BOM for spreadsheets")
		return strings.Split(strings.TrimSuffix(strings.TrimPrefix(r.body, "\ufeff"), "\r\n"), "\r\n")
	}
	op := h.visitor()
	op.signIn("park.operator")
	page := op.get("/ui/quality?status=report_requested")
	require.Contains(t, page.body, `href="/ui/quality.csv?status=report_requested"`)
	// The case's projection is its workflow's write: the file holds it a moment later.
	var got []string
	require.Eventually(t, func() bool {
		got = lines(op.get("/ui/quality.csv?status=report_requested"))
		return strings.Contains(strings.Join(got[1:], "\n"), caseID+",")
	}, 15*time.Second, 50*time.Millisecond)
	require.Equal(t, strings.Join(qualityColumns, ","), got[0])
	for _, l := range got[1:] {
		require.Contains(t, l, ",report_requested,")
	}
	require.Len(t, lines(op.get("/ui/quality.csv?status=fit")), 1, "the header alone: no case is fit yet")
	bad := op.get("/ui/quality.csv?status=approved")
	require.Equal(t, http.StatusUnprocessableEntity, bad.status)
	require.Contains(t, bad.body, "<code>status</code>", "a refused file is an error page")

	agency := h.visitor()
	agency.signIn("kim.agency")
	require.Contains(t, agency.get("/ui/contracts").body, `href="/ui/contracts.csv"`)
	// The contract's first write is its workflow's: the list shows it a moment later.
	require.Eventually(t, func() bool {
		return strings.Contains(strings.Join(lines(agency.get("/ui/contracts.csv")), "\n"),
			k.ID+",민원포털 유지관리 수의계약,registered,direct,AG-0001,")
	}, 15*time.Second, 50*time.Millisecond)
	other := h.visitor()
	other.signIn("choi.agency")
	require.NotContains(t, other.get("/ui/contracts.csv").body, k.ID, "another agency's contract is not in its file")

	// Every list with a status filter offers its file; each opens with its header.
	orderID := h.newOrder()
	require.Contains(t, strings.Join(lines(agency.get("/ui/orders.csv?status=proposal_requested")), "\n"), orderID+",")
	appID := h.newApplication()
	// The application's first write is its workflow's: the list shows it a moment later.
	require.Eventually(t, func() bool {
		return strings.Contains(strings.Join(lines(op.get("/ui/applications.csv")), "\n"), appID+",")
	}, 15*time.Second, 50*time.Millisecond)
	for path, first := range map[string]string{"/ui/orders.csv": "id,title,status,", "/ui/applications.csv": "id,status,service_name,",
		"/ui/changes.csv": "id,status,path,"} {
		v := op
		if path == "/ui/orders.csv" {
			v = agency
		}
		require.True(t, strings.HasPrefix(lines(v.get(path))[0], first), path)
	}
	require.Equal(t, http.StatusForbidden, op.get("/ui/orders.csv").status, "orders are the agencies' and providers'")
}

// qualityColumns is the quality cases file's header, as an operator's spreadsheet reads it.
var qualityColumns = []string{"id", "year", "service_id", "service_name", "provider_org", "status", "report_due",
	"report_submitted_at", "availability_pct", "incidents", "prereview_due_at", "round", "remediation_due", "reason",
	"opened_at", "closed_at"}
