package web_test

import (
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// requireFitsAPhone fails when the page, laid out on a phone's width, is wider than the
// screen: the style sheet lets wide tables scroll inside themselves and stacks the rest, so
// anything else that runs off to the side is a fault of the page.
func (b *browser) requireFitsAPhone() {
	b.t.Helper()
	var wider, parted, partedWide []string
	b.run(chromedp.EmulateViewport(360, 780), chromedp.Evaluate(widerJS, &wider), chromedp.Evaluate(partedJS, &parted),
		chromedp.EmulateViewport(1280, 900), chromedp.Evaluate(partedJS, &partedWide))
	require.Empty(b.t, wider, "the page is wider than a phone's screen (360 px)")
	require.Empty(b.t, parted, "on a phone (360 px), a filter's label ends a line and its control starts the next")
	require.Empty(b.t, partedWide, "on a desktop (1280 px), a filter's label ends a line and its control starts the next")
}

// partedJS names the labels of the pages' filter rows that do not share a line with the
// control they name: a row wraps on a narrow screen, and a label left at the end of one line
// reads as naming whatever begins the next. A field of its own (label above its input, as
// the statistics' dates) is one item of the row and is not looked into.
const partedJS = `(function () {
  var out = [];
  document.querySelectorAll('form.filter label[for]').forEach(function (l) {
    var c = document.getElementById(l.htmlFor);
    if (!c || l.closest('.field')) return;
    var a = l.getBoundingClientRect(), b = c.getBoundingClientRect();
    if (a.bottom <= b.top || b.bottom <= a.top) out.push(location.pathname + ': ' + l.textContent.trim());
  });
  return out;
})()`

// widerJS names the page's width and its first elements past the screen's right edge, the
// tables that scroll inside themselves and what they hold left out; nothing when it fits.
const widerJS = `(function () {
  var d = document.documentElement;
  if (d.scrollWidth <= d.clientWidth) return [];
  var out = [location.pathname + ' is ' + d.scrollWidth + ' px wide'];
  document.querySelectorAll('main *').forEach(function (e) {
    if (out.length > 5 || e.closest('table.list, table.timeline, table.scores')) return;
    var right = Math.round(e.getBoundingClientRect().right);
    if (right > d.clientWidth) out.push(e.tagName.toLowerCase() + (e.className ? '.' + e.className : '') + ' to ' + right);
  });
  return out;
})()`

// TestBrowserEveryMenuPageReads opens, as each role, every page of the role's menu and
// checks each the way open checks every page (AA contrast, a phone's width): the menu's
// pages are where everyone goes, and a page no other browser test opens is checked here.
func TestBrowserEveryMenuPageReads(t *testing.T) {
	h := newHarness(t)
	b := newBrowser(t, h)
	for _, sub := range []string{"park.operator", "kim.agency", "jung.provider", "cho.expert", "hwang.committee", "lee.auditor"} {
		b.signIn(sub)
		var menu []string
		b.run(chromedp.Evaluate(`[...document.querySelectorAll('header nav a')].map(a => a.getAttribute('href'))`, &menu))
		require.NotEmpty(t, menu, sub)
		for _, path := range menu {
			b.open(path)
		}
		b.signOut()
	}
}
