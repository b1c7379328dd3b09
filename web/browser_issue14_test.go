package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestBrowserIssue14DoneWhen walks issue 14's "Done when" in the browser, as an agency's
// clerk meets it on the demo data: search 보안 on the catalog page, save the search,
// download its CSV (BOM, Korean intact), compare two services side by side, evaluate and
// choose one, register the direct contract from the search; then the statistics page
// counts the contract and the OCDS feed the statistics page links to publishes it as a
// direct award related to the chosen service's framework.
func TestBrowserIssue14DoneWhen(t *testing.T) {
	h := newHarness(t)
	b := newBrowser(t, h)
	today := models.DateOf(time.Now())

	b.signIn("kim.agency")
	statsPath := "/ui/stats?from=" + today.String() + "&to=" + today.String()
	b.open(statsPath)
	before := contractsOnPage(t, b.text(`[data-figure="contracts"]`))

	// 1. Search 보안 on the catalog page and save the search.
	b.open("/ui/services")
	b.run(chromedp.SendKeys(`#f-q`, "보안", chromedp.ByQuery))
	// The page before the search has the table too: wait for the one that answers 보안.
	b.run(chromedp.Click(`form[action="/ui/services"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitReady(`#save-search input[name="q"][value="보안"]`, chromedp.ByQuery))
	require.Contains(t, b.text("#services tbody"), "보안")
	b.run(chromedp.SendKeys(`#f-search-title`, "보안관제 수의계약 검토", chromedp.ByQuery))
	b.submit("/ui/searches", "#search-summary")
	require.Equal(t, "open", attr(b, "#search-outcome", "data-outcome"))
	var ids []string
	b.run(chromedp.Evaluate(`Array.from(document.querySelectorAll('#search-results input[name=compare]')).map(function (e) { return e.value; })`, &ids))
	require.GreaterOrEqual(t, len(ids), 2, "보안 finds several services")
	require.LessOrEqual(t, len(ids), models.MaxSearchResults)
	first, second := ids[0], ids[1]

	// 2. The CSV download: UTF-8 with a BOM so that Excel reads Korean, one row per result,
	// and the download is recorded on the search.
	csv := b.download("#download-csv")
	require.Equal(t, http.StatusOK, csv.Status)
	require.Equal(t, []int{0xEF, 0xBB, 0xBF}, firstBytes(b, "#download-csv", 3), "a BOM for Excel")
	require.Contains(t, csv.Body, "보안관제 수의계약 검토")
	for _, id := range ids {
		require.Contains(t, csv.Body, id)
	}
	b.open(pathOf(b))
	require.Contains(t, b.text("#search-downloads"), "csv")

	// 3. Compare two services side by side: their catalogs (features, prices) in columns.
	b.run(chromedp.Click(`[id="cmp-`+first+`"]`, chromedp.ByQuery), chromedp.Click(`[id="cmp-`+second+`"]`, chromedp.ByQuery))
	b.run(chromedp.Click(`form[method="get"][action^="/ui/searches/"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#search-compare`, chromedp.ByQuery))
	header := b.text("#search-compare thead")
	require.Contains(t, header, first)
	require.Contains(t, header, second)
	require.Contains(t, b.text("#search-compare tbody"), "원", "the price lines are compared")

	// 4. Evaluate by the agency's own criteria and choose the second service.
	fill := func(sel, v string) { b.run(chromedp.SendKeys(sel, v, chromedp.ByQuery)) }
	fill(`#f-ev-crit-0`, "가격")
	fill(`#f-ev-weight-0`, "40")
	fill(`#f-ev-crit-1`, "기능")
	fill(`#f-ev-weight-1`, "60")
	for id, s := range map[string][2]string{first: {"70", "60"}, second: {"80", "95"}} {
		fill(`[id="f-ev-score.`+id+`.0"]`, s[0])
		fill(`[id="f-ev-score.`+id+`.1"]`, s[1])
	}
	b.run(chromedp.Click(`[id="f-ev-chosen-`+second+`"]`, chromedp.ByQuery))
	fill(`[id="f-ev-reason"]`, "보안관제 기능과 가격에서 가장 높은 점수")
	b.run(chromedp.Click(`form[action$="/evaluation"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#contract-chosen`, chromedp.ByQuery))
	require.Equal(t, "1", attr(b, `#search-ranking tbody tr:first-child`, "data-rank"))
	require.Contains(t, b.text(`#search-ranking tbody tr:first-child`), second)
	searchPage := pathOf(b)

	// 5. Register the direct contract from the search: the form comes with the chosen
	// service and the search.
	b.run(chromedp.Click(`#contract-chosen`, chromedp.ByQuery), chromedp.WaitVisible(`#contract-search`, chromedp.ByQuery))
	var serviceID string
	b.run(chromedp.Value(`#f-service_id`, &serviceID, chromedp.ByQuery))
	require.Equal(t, second, serviceID)
	fill(`#f-title`, "통합 보안관제 서비스 이용")
	b.run(chromedp.SetValue(`#f-contracted_on`, today.String(), chromedp.ByQuery),
		chromedp.SetValue(`#f-period_from`, today.String(), chromedp.ByQuery),
		chromedp.SetValue(`#f-period_to`, today.AddDate(0, 0, 364).Format(time.DateOnly), chromedp.ByQuery))
	fill(`#f-amount_krw`, "84000000")
	b.submit("/ui/contracts", "#contract-summary")
	contractID := strings.TrimSpace(b.text("h1 .muted"))
	require.Regexp(t, `^CT-`, contractID)
	b.open(searchPage)
	require.Equal(t, "contracted", attr(b, "#search-outcome", "data-outcome"))
	require.Equal(t, contractID, b.text("#search-contract"))

	// 6. The statistics of the day count it.
	b.open(statsPath)
	require.Equal(t, before+1, contractsOnPage(t, b.text(`[data-figure="contracts"]`)))

	// 7. The OCDS feed, opened from the statistics page, publishes it: a direct award whose
	// related process is the chosen service's framework.
	feed := b.download("#ocds-feed")
	require.Equal(t, http.StatusOK, feed.Status)
	release := findRelease(t, h.url, feed.Body, contractID)
	require.Equal(t, "direct", release.Tender.ProcurementMethod)
	require.Len(t, release.RelatedProcesses, 1)
	require.Equal(t, []string{"framework"}, release.RelatedProcesses[0].Relationship)
	require.True(t, strings.HasSuffix(release.RelatedProcesses[0].Identifier, "-"+second), release.RelatedProcesses[0].Identifier)
	require.Equal(t, int64(84000000), release.Contracts[0].Value.Amount)
	require.Equal(t, "KRW", release.Contracts[0].Value.Currency)

	// The chosen service's page links the framework's record in the open data.
	b.open("/ui/services/" + second)
	record := b.download("#service-ocds")
	require.Equal(t, http.StatusOK, record.Status)
	require.Contains(t, record.Body, `"compiledRelease"`)
	require.Contains(t, record.Body, release.RelatedProcesses[0].Identifier)
}

var contractsCount = regexp.MustCompile(`(?:합계|Total)\s*([0-9][0-9,]*)`)

// contractsOnPage reads "합계 1,149 · …" of the statistics page's summary.
func contractsOnPage(t *testing.T, text string) int {
	t.Helper()
	m := contractsCount.FindStringSubmatch(text)
	require.NotNil(t, m, "no count in %q", text)
	n, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	require.NoError(t, err)
	return n
}

// firstBytes are the first n bytes the link downloads: fetch's text() drops a BOM.
func firstBytes(b *browser, linkSel string, n int) []int {
	b.t.Helper()
	var out []int
	b.run(chromedp.Evaluate(`void (window.__bytes = null, fetch(document.querySelector(`+jsString(linkSel)+`).href).then(function (r) {
		return r.arrayBuffer(); }).then(function (buf) { window.__bytes = Array.from(new Uint8Array(buf).slice(0, `+strconv.Itoa(n)+`)); }))`, nil),
		chromedp.Poll(`window.__bytes`, &out))
	return out
}

func attr(b *browser, sel, name string) string {
	b.t.Helper()
	var v string
	var ok bool
	b.run(chromedp.AttributeValue(sel, name, &v, &ok, chromedp.ByQuery))
	return v
}

// pathOf is the path of the page the browser shows.
func pathOf(b *browser) string {
	b.t.Helper()
	var loc string
	b.run(chromedp.Location(&loc))
	p := strings.TrimPrefix(loc, b.base)
	p, _, _ = strings.Cut(p, "?")
	return p
}

type ocdsRelease struct {
	OCID   string `json:"ocid"`
	Tender struct {
		ProcurementMethod string `json:"procurementMethod"`
	} `json:"tender"`
	RelatedProcesses []struct {
		Relationship []string `json:"relationship"`
		Identifier   string   `json:"identifier"`
	} `json:"relatedProcesses"`
	Contracts []struct {
		Value struct {
			Amount   int64  `json:"amount"`
			Currency string `json:"currency"`
		} `json:"value"`
	} `json:"contracts"`
}

// findRelease follows the feed's links.next from its first page until the contract's
// release, as a reader of the open data would.
func findRelease(t *testing.T, base, firstPage, contractID string) ocdsRelease {
	t.Helper()
	page := firstPage
	for range 100 {
		var pkg struct {
			Version  string        `json:"version"`
			Releases []ocdsRelease `json:"releases"`
			Links    struct {
				Next string `json:"next"`
			} `json:"links"`
		}
		require.NoError(t, json.Unmarshal([]byte(page), &pkg))
		require.Equal(t, "1.1", pkg.Version)
		for _, r := range pkg.Releases {
			if strings.HasSuffix(r.OCID, "-"+contractID) {
				return r
			}
		}
		require.NotEmpty(t, pkg.Releases, "the feed ended without %s", contractID)
		next := pkg.Links.Next
		if i := strings.Index(next, "/api/v1/"); i >= 0 {
			next = base + next[i:]
		}
		resp, err := http.Get(next) //nolint:gosec,noctx // the test's own server
		require.NoError(t, err)
		body, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		require.NoError(t, err)
		page = string(body)
	}
	t.Fatalf("%s not in the first 100 pages of the feed", contractID)
	return ocdsRelease{}
}
