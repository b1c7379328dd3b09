package web_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// download fetches the link's address in the page, with the visitor's session, as a click
// would download it: its status, its bytes as text and its Content-Disposition.
type download struct {
	Status      int    `json:"status"`
	Body        string `json:"body"`
	Disposition string `json:"disposition"`
}

func (b *browser) download(linkSel string) download {
	b.t.Helper()
	var d download
	b.run(chromedp.Evaluate(`void (window.__download = null, fetch(document.querySelector(`+jsString(linkSel)+`).href).then(function (r) {
		return r.text().then(function (t) { window.__download = {status: r.status, body: t, disposition: r.headers.get("Content-Disposition")}; });
	}))`, nil), chromedp.Poll(`window.__download`, &d))
	return d
}

// change sets a field's value as a person would, so that the page's script sees it.
func change(sel, value string) chromedp.Action {
	return chromedp.Evaluate(`(function (el) { el.value = `+jsString(value)+`; el.dispatchEvent(new Event("change")); })(document.querySelector(`+jsString(sel)+`))`, nil)
}

// TestBrowserProviderAppliesWithUploads: a provider applies in the browser with two PDF
// files, the required documents following the type as it is chosen; the application
// references the uploaded files, and the operator downloads one from the document check.
func TestBrowserProviderAppliesWithUploads(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	dir := t.TempDir()
	formPDF, overviewPDF := minimalPDF("신청서 (browser)"), minimalPDF("서비스 개요서 (browser)")
	formPath, overviewPath := filepath.Join(dir, "신청서.pdf"), filepath.Join(dir, "overview.pdf")
	require.NoError(t, os.WriteFile(formPath, formPDF, 0o600))
	require.NoError(t, os.WriteFile(overviewPath, overviewPDF, 0o600))
	b := newBrowser(t, h)

	b.signIn("jung.provider")
	b.run(chromedp.Click(`a[href="/ui/applications/new"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`form[action="/ui/applications"]`, chromedp.ByQuery))
	var businessNo string
	b.run(chromedp.Value(`[id="f-provider.business_no"]`, &businessNo, chromedp.ByQuery))
	require.Equal(t, pv1BusinessNo, businessNo, "the registry's facts fill the form")
	csapMarked := func() bool {
		var hidden bool
		b.run(chromedp.Evaluate(`document.querySelector('tr[data-rule="csap"] [data-required]').hidden`, &hidden))
		return !hidden
	}
	require.False(t, csapMarked(), "no type chosen: the CSAP certificate is not required")
	b.run(change(`[id="f-service.type"]`, "cloud"))
	require.True(t, csapMarked(), "a cloud service requires the CSAP certificate")
	b.run(change(`[id="f-service.type"]`, "support"))
	require.False(t, csapMarked())

	// Without the service's name: refused, with the files kept, so that they need not be
	// chosen again.
	b.run(chromedp.SetValue(`[id="f-service.subtype"]`, "consulting", chromedp.ByQuery),
		chromedp.SendKeys(`[id="f-service.description"]`, "공공기관 클라우드 전환 컨설팅", chromedp.ByQuery),
		chromedp.SendKeys(`[id="f-provider.credit_rating"]`, "BBB", chromedp.ByQuery),
		chromedp.SetUploadFiles(`[id="f-documents.application_form"]`, []string{formPath}, chromedp.ByQuery),
		chromedp.SetUploadFiles(`[id="f-documents.service_overview"]`, []string{overviewPath}, chromedp.ByQuery))
	b.shot("ui-apply-provider")
	b.submit("/ui/applications", ".error-summary")
	require.NotEmpty(t, b.text(`[id="e-service.name"]`), "the error beside the name")
	require.Equal(t, 2, b.count(`input[type=hidden][name^="document_id."]`), "both files are kept")
	var path string
	b.run(chromedp.Evaluate(`location.pathname`, &path))
	require.Equal(t, "/ui/applications/new", path, "the script sent the form and showed the answer in place")
	b.run(change(`[id="f-service.type"]`, "cloud"))
	require.True(t, csapMarked(), "the answer's page has its script too")
	b.run(change(`[id="f-service.type"]`, "support"))
	require.Contains(t, b.text(`[id="kept-documents.application_form"]`), "신청서.pdf")
	b.run(chromedp.SendKeys(`[id="f-service.name"]`, "한빛 전환 컨설팅", chromedp.ByQuery))
	b.submit("/ui/applications", ".flash")
	appID := strings.TrimSpace(b.text("main h1 .muted"))
	require.Contains(t, b.text(".flash"), appID)
	require.Equal(t, 2, b.count(`a[data-document]`), "the page links both files")

	a, err := h.apps.Get(ctx, jungProvider, appID)
	require.NoError(t, err)
	require.Len(t, a.Documents, 2)
	var formID string
	for _, d := range a.Documents {
		require.NotEmpty(t, d.DocumentID, "%s references its uploaded file", d.Kind)
		if d.Kind == models.DocApplicationForm {
			formID = d.DocumentID
			require.Equal(t, "신청서.pdf", d.Filename)
		}
	}

	// The other required documents come as a supplement (by name and digest, to keep the
	// test short); then the operator checks the documents.
	require.Eventually(t, func() bool {
		a, err := h.apps.Get(ctx, jungProvider, appID)
		return err == nil && a.Status == models.AppSupplementRequested
	}, 15*time.Second, 50*time.Millisecond)
	_, err = h.apps.Supplement(ctx, jungProvider, appID, "", documents(models.DocCorporateRegistry, models.DocBusinessRegistration,
		models.DocCreditRating, models.DocCapabilityProof))
	require.NoError(t, err)
	taskID := h.openTask(parkOperator, appID, models.TaskDocumentCheck)
	b.signOut()
	b.signIn("park.operator")
	b.run(chromedp.Click(`a[href="/ui/tasks/`+taskID+`"]`, chromedp.ByQuery), chromedp.WaitVisible(`#form-h`, chromedp.ByQuery))
	link := `a[data-document="` + formID + `"]`
	require.Equal(t, "신청서.pdf", b.text(link))
	b.shot("ui-task-document-check-files")
	got := b.download(link)
	require.Equal(t, 200, got.Status)
	require.Equal(t, string(formPDF), got.Body, "the operator gets the file's bytes")
	require.Contains(t, got.Disposition, "attachment;")
}

// TestBrowserCommitteeSession: the operator opens a session in the browser with members of
// the roster, the application awaiting the committee joins its agenda, the members vote,
// and the operator closes the session and sees the decision.
func TestBrowserCommitteeSession(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	appID := h.awaitingCommittee()
	members := []string{"song.committee", "lim.committee", "jang.committee"}
	b := newBrowser(t, h)

	b.signIn("park.operator")
	b.run(chromedp.Click(`a[href="/ui/committee"]`, chromedp.ByQuery), chromedp.WaitVisible(`#roster`, chromedp.ByQuery))
	for _, m := range members {
		b.run(chromedp.Click(`#roster tr[data-sub="`+m+`"] input[name="members"]`, chromedp.ByQuery))
	}
	b.run(chromedp.Click(`#roster tr[data-sub="lim.committee"] input[name="chair"]`, chromedp.ByQuery))
	b.shot("ui-committee-open")
	b.submit("/ui/committee", "#session-summary")
	sessionID := strings.TrimSpace(b.text("main h1 .muted"))
	require.Contains(t, b.text(".flash"), sessionID)
	s, err := h.committee.Get(ctx, parkOperator, sessionID)
	require.NoError(t, err)
	require.Equal(t, []string{"lim.committee", "jang.committee", "song.committee"}, s.Members, "the chair first, then the roster's order")

	// The application joins the agenda; the members vote from their inboxes, but for
	// jang.committee, who advises the provider (the seed's conflict) and is recused.
	for _, m := range []string{"song.committee", "lim.committee"} {
		by := models.Actor{Sub: m, Role: models.RoleCommittee, Org: "MSIT"}
		_, err := h.tasks.Complete(ctx, by, h.openTask(by, appID, models.TaskCommitteeVote), "", models.TaskCompletion{Vote: "select"})
		require.NoError(t, err)
	}
	b.open("/ui/committee/" + sessionID)
	require.Equal(t, 1, b.count(`#agenda tr[data-application="`+appID+`"]`), "the application is on the agenda")
	b.submit("/ui/committee/"+sessionID+"/close", ".flash")
	// Closing answers once every application has counted its votes, or says it is closing.
	require.Eventually(t, func() bool {
		b.open("/ui/committee/" + sessionID)
		return b.count(`strong.outcome[data-outcome="selected"]`) == 1
	}, 30*time.Second, 500*time.Millisecond, "the decision is shown")
	require.Contains(t, b.text(`#agenda .decision`), "위원 3명 중 2명 출석 (제척 1명)")
	b.shot("ui-committee-closed")
	require.Zero(t, b.count(`form[action="/ui/committee/`+sessionID+`/close"]`), "a closed session has no close form")
	require.Eventually(t, func() bool {
		a, err := h.apps.Get(ctx, parkOperator, appID)
		return err == nil && a.Status == models.AppSelected
	}, 15*time.Second, 50*time.Millisecond, "the application is selected")
}

// TestBrowserProviderReportsQualityWithAFile: the provider's yearly quality report sends
// its file with the form, as a supplement does (the script, with its progress bar); a
// refused report keeps the file; the operator opens it from the case.
func TestBrowserProviderReportsQualityWithAFile(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	_, qcID := h.openQualityCase()
	report := minimalPDF("가용성 측정 보고 (browser)")
	path := filepath.Join(t.TempDir(), "가용성.pdf")
	require.NoError(t, os.WriteFile(path, report, 0o600))
	b := newBrowser(t, h)

	b.signIn("jung.provider")
	b.open("/ui/quality/" + qcID)
	action := "/ui/quality/" + qcID + "/report"
	b.run(chromedp.SendKeys(`#f-summary`, "연간 가용성 99.95%, 장애 2건", chromedp.ByQuery),
		chromedp.SendKeys(`#f-availability_pct`, "구십구", chromedp.ByQuery),
		chromedp.SendKeys(`#f-incidents`, "2", chromedp.ByQuery),
		chromedp.SetValue(`[id="f-documents[0].kind"]`, "sla_policy", chromedp.ByQuery),
		chromedp.SetUploadFiles(`[id="f-documents[0].file"]`, []string{path}, chromedp.ByQuery))
	b.submit(action, ".error-summary")
	require.NotEmpty(t, b.text(`#e-availability_pct`), "the error beside the number")
	require.Contains(t, b.text(`#kept-0`), "가용성.pdf", "the file is kept")
	var at string
	b.run(chromedp.Evaluate(`location.pathname`, &at))
	require.Equal(t, "/ui/quality/"+qcID, at, "the script sent the form and showed the answer in place")
	b.run(chromedp.SetValue(`#f-availability_pct`, "99.95", chromedp.ByQuery))
	b.submit(action, ".flash")
	require.Equal(t, 1, b.count(`a[data-document]`), "the case links the report's file")

	qc, err := h.quality.Get(ctx, parkOperator, qcID)
	require.NoError(t, err)
	require.Equal(t, models.QualityReportSubmitted, qc.Status)
	require.Len(t, qc.Report.Documents, 1)
	docID := qc.Report.Documents[0].DocumentID
	require.NotEmpty(t, docID)
	b.signOut()
	b.signIn("park.operator")
	b.open("/ui/quality/" + qcID)
	got := b.download(`a[data-document="` + docID + `"]`)
	require.Equal(t, 200, got.Status)
	require.Equal(t, string(report), got.Body, "the operator gets the file's bytes")
}
