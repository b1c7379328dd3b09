package web

import (
	"regexp"
	"slices"
	"strings"

	"golang.org/x/net/html"
)

// A few helpers over the parsed page, enough for the checks of golden_checks_test.go.

func walk(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode || n.Type == html.TextNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

func hasAncestor(n *html.Node, tag string) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == tag {
			return true
		}
	}
	return false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// selectorPart is one compound selector: tag, .class, #id and [attr="value"] parts.
var selectorPart = regexp.MustCompile(`^([a-z0-9]*)((?:[.#][A-Za-z0-9_-]+|\[[a-z-]+="[^"]*"\])*)$`)

var selectorPiece = regexp.MustCompile(`[.#][A-Za-z0-9_-]+|\[([a-z-]+)="([^"]*)"\]`)

// find returns the elements under n matching any of the selectors, each a descendant
// chain of compound selectors ("table.timeline tbody tr", `form[action="/x"]`).
func find(n *html.Node, selectors ...string) []*html.Node {
	var out []*html.Node
	walk(n, func(c *html.Node) {
		if c.Type != html.ElementNode || c == n {
			return
		}
		for _, s := range selectors {
			if matchChain(c, n, splitSelector(s)) {
				out = append(out, c)
				return
			}
		}
	})
	return out
}

// splitSelector splits on spaces outside brackets.
func splitSelector(s string) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range s {
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth--
		case r == ' ' && depth == 0:
			if i > start {
				parts = append(parts, s[start:i])
			}
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

func matchChain(n, root *html.Node, chain []string) bool {
	if !matchCompound(n, chain[len(chain)-1]) {
		return false
	}
	rest := chain[:len(chain)-1]
	for p := n.Parent; len(rest) > 0 && p != nil && p != root; p = p.Parent {
		if p.Type == html.ElementNode && matchCompound(p, rest[len(rest)-1]) {
			rest = rest[:len(rest)-1]
		}
	}
	return len(rest) == 0
}

func matchCompound(n *html.Node, sel string) bool {
	m := selectorPart.FindStringSubmatch(sel)
	if m == nil {
		panic("unsupported selector " + sel)
	}
	if m[1] != "" && n.Data != m[1] {
		return false
	}
	for _, piece := range selectorPiece.FindAllStringSubmatch(m[2], -1) {
		switch p := piece[0]; p[0] {
		case '.':
			if !slices.Contains(strings.Fields(attr(n, "class")), p[1:]) {
				return false
			}
		case '#':
			if attr(n, "id") != p[1:] {
				return false
			}
		default:
			if !hasAttr(n, piece[1]) || attr(n, piece[1]) != piece[2] {
				return false
			}
		}
	}
	return true
}

func findOne(t checker, n *html.Node, selector string) *html.Node {
	t.Helper()
	got := find(n, selector)
	if len(got) != 1 {
		t.Fatalf("%d elements match %s, want 1", len(got), selector)
	}
	return got[0]
}
