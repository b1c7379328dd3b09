package web_test

import (
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// requireReadable fails when a text on the page is below WCAG 2's AA contrast against what
// it is drawn on (4.5:1, 3:1 for large text), as the browser computes the colours: the
// style sheet promises AA, and a colour that reads on white may not on the header's blue.
func (b *browser) requireReadable() {
	b.t.Helper()
	var low []string
	b.run(chromedp.Evaluate(contrastJS, &low))
	var path string
	b.run(chromedp.Evaluate(`location.pathname + location.search`, &path))
	require.Empty(b.t, low, "texts below AA contrast on %s", path)
}

// contrastJS lists each visible text below AA contrast once, by element, colours and ratio.
// The background is the first opaque one of its ancestors, with the translucent ones above
// it laid over it; the page's is white.
const contrastJS = `(function () {
  function rgba(s) {
    var m = /rgba?\(([^)]+)\)/.exec(s);
    if (!m) return null;
    var p = m[1].split(',').map(parseFloat);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  }
  function over(top, under) {
    var a = top.a;
    return {r: top.r * a + under.r * (1 - a), g: top.g * a + under.g * (1 - a), b: top.b * a + under.b * (1 - a), a: 1};
  }
  function luminance(c) {
    function ch(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
    return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
  }
  function background(el) {
    var layers = [];
    for (var e = el; e; e = e.parentElement) {
      var c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    var bg = {r: 255, g: 255, b: 255, a: 1};
    for (var i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
    return bg;
  }
  var low = [], seen = {};
  var texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (var n = texts.nextNode(); n; n = texts.nextNode()) {
    var el = n.parentElement, text = n.nodeValue.trim();
    if (!text || !el || !el.getClientRects().length) continue;
    var st = getComputedStyle(el);
    if (st.visibility !== 'visible') continue;
    var bg = background(el), fg = over(rgba(st.color), bg);
    var l1 = luminance(fg), l2 = luminance(bg);
    var ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    var size = parseFloat(st.fontSize), bold = parseInt(st.fontWeight, 10) >= 700;
    if (ratio >= (size >= 24 || (bold && size >= 18.66) ? 3 : 4.5)) continue;
    var key = el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' ' + st.color + ' on ' +
      'rgb(' + [bg.r, bg.g, bg.b].map(Math.round).join(', ') + ')';
    if (seen[key]) continue;
    seen[key] = true;
    low.push(key + ': ' + ratio.toFixed(2) + ' ("' + text.slice(0, 30) + '")');
  }
  return low;
})()`
