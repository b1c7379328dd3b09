package web_test

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// The browser tests drive the pages in headless Chromium as people would: sign in on the
// development page, click, type, submit. `go test ./web -run Browser -screenshots
// ../docs/screenshots` also saves a picture of each page for the README.
var screenshots = flag.String("screenshots", "", "save page screenshots (PNG) in this directory")

// chromium finds Debian's Chromium (CHROMIUM overrides). A missing browser fails the
// test with the way to install it: browser tests never skip silently.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("the browser tests need Chromium: apt-get install chromium (or set CHROMIUM to its path)")
	return ""
}

type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
}

func newBrowser(t *testing.T, h *harness) *browser {
	t.Helper()
	// Not t.TempDir: Chromium's helper processes may still write there for a moment after
	// the browser closed, and a failed removal would fail the test.
	profile, err := os.MkdirTemp("", "dsmarket-chromium-")
	require.NoError(t, err)
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium(t)), chromedp.NoSandbox,
		chromedp.UserDataDir(profile), chromedp.WindowSize(1280, 900),
		// This machine's network is closed: no background connections to try and fail.
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		// A Korean civil servant's browser: the pages follow its language until one switches.
		chromedp.Flag("lang", "ko-KR"), chromedp.Flag("accept-lang", "ko-KR,ko"))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	ctx, cancel := context.WithTimeout(bctx, 3*time.Minute)
	t.Cleanup(func() {
		cancel()
		cancelBrowser()
		cancelAlloc()
		_ = os.RemoveAll(profile)
	})
	require.NoError(t, chromedp.Run(ctx), "start Chromium")
	return &browser{t: t, ctx: ctx, base: h.url}
}

func (b *browser) run(actions ...chromedp.Action) {
	b.t.Helper()
	require.NoError(b.t, chromedp.Run(b.ctx, actions...))
}

func (b *browser) open(path string) {
	b.t.Helper()
	b.run(chromedp.Navigate(b.base+path), chromedp.WaitReady("main h1", chromedp.ByQuery))
	b.requireReadable()
	b.requireFitsAPhone()
}

func (b *browser) text(sel string) string {
	b.t.Helper()
	var s string
	b.run(chromedp.Text(sel, &s, chromedp.ByQuery))
	return strings.TrimSpace(s)
}

func (b *browser) count(sel string) int {
	b.t.Helper()
	var n int
	b.run(chromedp.Evaluate(`document.querySelectorAll(`+jsString(sel)+`).length`, &n))
	return n
}

func jsString(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

// signIn picks the seeded user on the development sign-in page.
func (b *browser) signIn(sub string) {
	b.t.Helper()
	b.open("/ui/login")
	b.run(chromedp.Click(`button[data-sub="`+sub+`"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`form[action="/ui/logout"]`, chromedp.ByQuery))
	b.requireReadable()
}

func (b *browser) signOut() {
	b.t.Helper()
	b.run(chromedp.Click(`form[action="/ui/logout"] button`, chromedp.ByQuery),
		chromedp.WaitVisible(`button[data-sub]`, chromedp.ByQuery))
}

// submit clicks the submit button of the form posting to action and waits for the next
// page to show sel.
func (b *browser) submit(action, waitFor string) {
	b.t.Helper()
	b.run(chromedp.Click(`form[action="`+action+`"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(waitFor, chromedp.ByQuery))
}

func (b *browser) shot(name string) {
	b.t.Helper()
	if *screenshots == "" {
		return
	}
	var png []byte
	b.run(chromedp.FullScreenshot(&png, 100))
	require.NoError(b.t, os.WriteFile(filepath.Join(*screenshots, name+".png"), png, 0o644))
}

func TestBrowserOperatorDocumentCheck(t *testing.T) {
	h := newHarness(t)
	appID := h.newApplication()
	taskID := h.openTask(parkOperator, appID, models.TaskDocumentCheck)
	b := newBrowser(t, h)

	b.signIn("park.operator")
	require.Equal(t, "받은 작업함", b.text("main h1"), "an operator starts in the inbox")
	b.shot("ui-inbox-operator")
	b.run(chromedp.Click(`a[href="/ui/tasks/`+taskID+`"]`, chromedp.ByQuery), chromedp.WaitVisible(`#form-h`, chromedp.ByQuery))
	require.Contains(t, b.text("#case-h"), appID, "the task opens the case summary")
	b.shot("ui-task-document-check")

	b.run(chromedp.Click(`#f-outcome-0`, chromedp.ByQuery), chromedp.SendKeys(`#f-note`, "서류 완비", chromedp.ByQuery))
	b.submit("/ui/tasks/"+taskID, ".flash")
	require.Contains(t, b.text(".flash"), taskID)
	require.Zero(t, b.count(`a[href="/ui/tasks/`+taskID+`"]`), "the task left the inbox")

	a, err := h.apps.Get(context.Background(), leeAuditor, appID)
	require.NoError(t, err)
	require.NotEqual(t, models.AppDocumentCheck, a.Status)
	require.Equal(t, models.ActionDocumentsAccepted, a.Steps[len(a.Steps)-1].Action)
}

func TestBrowserExpertReview(t *testing.T) {
	h := newHarness(t)
	appID, taskID := h.inExpertReview()
	b := newBrowser(t, h)

	b.signIn("cho.expert")
	b.run(chromedp.Click(`a[href="/ui/tasks/`+taskID+`"]`, chromedp.ByQuery), chromedp.WaitVisible(`#form-h`, chromedp.ByQuery))
	// The opinion without the review criteria: refused, with the message beside each item.
	b.run(chromedp.Click(`#f-opinion-0`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-comment`, "가용성·백업 확인", chromedp.ByQuery))
	b.submit("/ui/tasks/"+taskID, ".error-summary")
	require.NotEmpty(t, b.text(`[id="f-criteria.eligibility"] .field-error`), "the error stands beside its field")
	var checked bool
	b.run(chromedp.Evaluate(`document.getElementById('f-opinion-0').checked`, &checked))
	require.True(t, checked, "the refused form comes back filled in")
	b.shot("ui-task-expert-review-errors")
	a, err := h.apps.Get(context.Background(), leeAuditor, appID)
	require.NoError(t, err)
	require.Empty(t, a.Reviews, "a refused review records nothing")

	// Every item: pass, and security n/a (the CSAP certificate replaces it).
	for _, id := range []string{"f-criteria.eligibility-0", "f-criteria.management-0", "f-criteria.security-2", "f-criteria.stability-0", "f-criteria.support-0"} {
		b.run(chromedp.Click(`[id="`+id+`"]`, chromedp.ByQuery))
	}
	b.submit("/ui/tasks/"+taskID, ".flash")
	require.Contains(t, b.text(".flash"), taskID)

	a, err = h.apps.Get(context.Background(), leeAuditor, appID)
	require.NoError(t, err)
	require.Len(t, a.Reviews, 1)
	require.Equal(t, "cho.expert", a.Reviews[0].Expert)
	require.Equal(t, "suitable", a.Reviews[0].Opinion)
	require.Equal(t, models.ReviewVerdict("na"), a.Reviews[0].Criteria.Security)
}

// TestBrowserOrderToDeliveryRequest runs Process 2 in the browser: the agency requests a
// proposal, the provider submits one, the agency evaluates (≥ 85) and records agreement.
func TestBrowserOrderToDeliveryRequest(t *testing.T) {
	h := newHarness(t)
	b := newBrowser(t, h)

	b.signIn("kim.agency")
	require.Equal(t, "받은 작업함", b.text("main h1"), "an agency starts with what waits on it")
	b.open("/ui/services")
	b.shot("ui-services-agency")
	b.open("/ui/orders/new?service=SVC-0001")
	b.run(chromedp.SendKeys(`#f-title`, "민원포털 클라우드 전환", chromedp.ByQuery),
		chromedp.SendKeys(`#f-budget_krw`, "120,000,000", chromedp.ByQuery),
		chromedp.SetValue(`#f-proposal_due`, inDays(7), chromedp.ByQuery))
	// The amount is read back as typed: a zero too many would read 12억.
	require.Equal(t, "1억 2,000만 원", b.text("#f-budget_krw-reading"))
	b.shot("ui-order-new")
	b.submit("/ui/orders", `#order-status`)
	var loc string
	b.run(chromedp.Location(&loc))
	orderID := strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], b.base+"/ui/orders/")
	require.Regexp(t, `^ORD-\d{4}-\d{6}$`, orderID)
	require.Equal(t, "제안요청", b.text("#order-status"))
	b.signOut()

	b.signIn("jung.provider")
	b.open("/ui/orders/" + orderID)
	b.run(chromedp.SendKeys(`#f-price_krw`, "1100000000", chromedp.ByQuery))
	require.Equal(t, "11억 원", b.text("#f-price_krw-reading"), "a zero too many, seen")
	b.run(chromedp.SendKeys(`#f-price_krw`, "\b", chromedp.ByQuery),
		chromedp.SendKeys(`#f-summary`, "IaaS 4 vCPU x 20, 36개월", chromedp.ByQuery))
	require.Equal(t, "1억 1,000만 원", b.text("#f-price_krw-reading"))
	b.submit("/ui/orders/"+orderID+"/proposal", `#order-status[data-status="proposal_submitted"]`)
	b.signOut()

	b.signIn("kim.agency")
	b.open("/ui/orders/" + orderID)
	// The agency reads who it deals with by name, and that the proposal is in.
	require.Contains(t, b.text("#order-summary"), "행정안전부")
	require.Contains(t, b.text("#order-summary"), "(주)한빛클라우드")
	require.Equal(t, "1", b.text(".badge-unread"), "the proposal's news, unread")
	for _, f := range []struct{ id, v string }{
		{"scores[0].criterion", "기술능력"}, {"scores[0].score", "70"}, {"scores[0].max", "80"},
		{"scores[1].criterion", "가격"}, {"scores[1].score", "18"}, {"scores[1].max", "20"},
	} {
		b.run(chromedp.SendKeys(`[id="f-`+f.id+`"]`, f.v, chromedp.ByQuery))
	}
	b.shot("ui-order-evaluation")
	b.submit("/ui/orders/"+orderID+"/evaluation", `#order-status[data-status="negotiating"]`)
	b.run(chromedp.Click(`#f-agreed-0`, chromedp.ByQuery),
		chromedp.SendKeys(`#f-final_price_krw`, "105000000", chromedp.ByQuery),
		chromedp.SendKeys(`#f-terms`, "SLA 99.9%, 36개월", chromedp.ByQuery))
	b.submit("/ui/orders/"+orderID+"/negotiation", `#order-status[data-status="delivery_requested"]`)
	b.shot("ui-order-delivery-requested")
	require.Zero(t, b.count(`form[action^="/ui/orders/`+orderID+`/"]`), "nothing left to do on a concluded order")

	o, err := h.orders.Get(context.Background(), kimAgency, orderID)
	require.NoError(t, err)
	require.Equal(t, models.OrderDeliveryRequested, o.Status)
	require.Equal(t, "88", o.EvaluationTotal.String())
	require.Equal(t, models.KRW(105_000_000), *o.FinalPriceKRW)
	require.NotEmpty(t, o.ContractID)
}

func TestBrowserAuditorTimeline(t *testing.T) {
	h := newHarness(t)
	orderID := h.newOrder()
	ctx := context.Background()
	_, err := h.orders.SubmitProposal(ctx, jungProvider, orderID, "", models.ProposalInput{PriceKRW: 110_000_000, Summary: "IaaS 36개월"})
	require.NoError(t, err)
	_, err = h.orders.Evaluate(ctx, kimAgency, orderID, "", []models.ScoreInput{{Criterion: "기술능력", Score: 60, Max: 80}, {Criterion: "가격", Score: 18, Max: 20}})
	require.NoError(t, err)
	b := newBrowser(t, h)

	b.signIn("lee.auditor")
	require.Equal(t, "감사: 사건 조회", b.text("main h1"))
	b.shot("ui-audit")
	b.run(chromedp.Click(`a[href="/ui/cases/order-`+orderID+`"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`table.timeline`, chromedp.ByQuery))
	require.Equal(t, "85점 미만", b.text("#case-status"), "78 points do not qualify")
	require.Equal(t, 3, b.count(`table.timeline tbody tr`), "request, proposal, evaluation")
	timeline := b.text(`table.timeline tbody`)
	for _, who := range []string{"kim.agency", "jung.provider"} {
		require.Contains(t, timeline, who, "who acted")
	}
	require.Contains(t, timeline, "78", "why: the total")
	var href string
	var ok bool
	b.run(chromedp.AttributeValue(`#temporal-link`, "href", &href, &ok, chromedp.ByQuery))
	require.Equal(t, "http://localhost:8233/namespaces/default/workflows/order-"+orderID, href)
	b.shot("ui-case-timeline")

	b.open("/ui/orders/" + orderID)
	require.Zero(t, b.count(`form[action^="/ui/orders/"]`), "no forms for auditors")

	b.open("/ui/lang?to=en&back=" + "/ui/cases/order-" + orderID)
	require.Equal(t, "Not qualified", b.text("#case-status"), "the English switch")
}

// TestBrowserContractAndNotice: an agency registers a direct contract late and sees it
// marked so; an operator records a closure on a service's page and the public notice board
// lists the service.
func TestBrowserContractAndNotice(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService()
	b := newBrowser(t, h)

	b.signIn("kim.agency")
	b.open("/ui/contracts/new?service=SVC-0001")
	b.run(chromedp.SendKeys(`#f-title`, "민원포털 유지관리 수의계약", chromedp.ByQuery),
		chromedp.SetValue(`#f-contracted_on`, inDays(-40), chromedp.ByQuery),
		chromedp.SendKeys(`#f-amount_krw`, "48,000,000", chromedp.ByQuery),
		chromedp.SetValue(`#f-period_from`, inDays(-40), chromedp.ByQuery),
		chromedp.SetValue(`#f-period_to`, inDays(300), chromedp.ByQuery))
	b.submit("/ui/contracts", `#contract-status`)
	require.Equal(t, "지연 등록", b.text("#contract-late"), "registered 40 days after the contract date")
	b.shot("ui-contract-late")
	// A change registered with the amended contract, as the page's form sends it.
	var at string
	b.run(chromedp.Evaluate(`location.pathname`, &at))
	amended := filepath.Join(t.TempDir(), "변경계약서.pdf")
	require.NoError(t, os.WriteFile(amended, minimalPDF("변경계약서 (browser)"), 0o600))
	b.run(chromedp.SetValue(`#f-changed_on`, inDays(0), chromedp.ByQuery),
		chromedp.SendKeys(`#f-reason`, "계약 기간 연장", chromedp.ByQuery),
		chromedp.SetValue(`#f-period_to`, inDays(400), chromedp.ByQuery),
		chromedp.SetValue(`[id="f-documents[0].kind"]`, "contract", chromedp.ByQuery),
		chromedp.SetUploadFiles(`[id="f-documents[0].file"]`, []string{amended}, chromedp.ByQuery))
	// The registration's notice stands until the page is replaced: wait for the change.
	b.submit(at+"/changes", `#changes tr[data-change="1"]`)
	require.Equal(t, 1, b.count(`#changes a[data-document]`), "the change links its file")
	require.Equal(t, "변경계약서.pdf", b.text(`#changes a[data-document]`))
	b.signOut()

	b.signIn("park.operator")
	b.open("/ui/services/" + svc)
	b.run(chromedp.SetValue(`#f-kind`, "business_status", chromedp.ByQuery),
		chromedp.SendKeys(`#f-value`, "closed", chromedp.ByQuery),
		chromedp.SetValue(`#f-effective_on`, inDays(0), chromedp.ByQuery),
		chromedp.SendKeys(`#f-source`, "국세청 휴폐업 조회", chromedp.ByQuery))
	b.shot("ui-service-inspection")
	b.submit("/ui/services/"+svc+"/events", ".flash")
	require.Eventually(t, func() bool {
		s, err := h.store.GetService(context.Background(), svc)
		return err == nil && s.Status == models.ServiceRemoved
	}, 15*time.Second, 50*time.Millisecond)
	b.open("/ui/notices")
	require.Equal(t, 1, b.count(`tr[data-service="`+svc+`"]`), "the unfit service is on the notice board")
	b.shot("ui-notices")
}
