package web

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The golden tests render every page template with fixed data, built by hand, and compare
// the HTML with web/testdata/golden/<name>.html. After a deliberate change to a template,
// rewrite the files and read the diff:
//
//	go test ./web/ -run Golden -update
var update = flag.Bool("update", false, "rewrite golden files")

const (
	fixtureCSRF = "csrf-fixture"
	fixtureKey  = "ui-key-fixture"
	goldenDir   = "testdata/golden"
)

type goldenCase struct {
	name string
	tmpl string
	p    page
	// check asserts what the fixture says the page must show, beyond the golden compare.
	check func(t *testing.T, body string, doc *html.Node)
}

func goldenCases() []goldenCase {
	var cs []goldenCase
	cs = append(cs, signinGoldenCases()...)
	cs = append(cs, inboxGoldenCases()...)
	cs = append(cs, ordersGoldenCases()...)
	cs = append(cs, applicationsGoldenCases()...)
	cs = append(cs, auditorGoldenCases()...)
	cs = append(cs, servicesGoldenCases()...)
	cs = append(cs, contractsGoldenCases()...)
	cs = append(cs, qualityGoldenCases()...)
	cs = append(cs, changesGoldenCases()...)
	cs = append(cs, errorGoldenCases()...)
	cs = append(cs, directoryGoldenCases()...)
	cs = append(cs, personReadsGoldenCases()...)
	cs = append(cs, rulesGoldenCases()...)
	cs = append(cs, searchesGoldenCases()...)
	cs = append(cs, auditLogGoldenCases()...)
	cs = append(cs, statsGoldenCases()...)
	return append(cs, applyGoldenCases()...)
}

// TestGoldenPages renders every page and compares it with its golden file, then checks
// what every page must be: well-formed, in the visitor's language, with a label for every
// field, unique ids, errors beside their fields, no form for the auditor.
func TestGoldenPages(t *testing.T) {
	ps, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	seen, covered := map[string]bool{}, map[string]bool{}
	for _, gc := range goldenCases() {
		if seen[gc.name] {
			t.Fatalf("two golden cases named %s", gc.name)
		}
		seen[gc.name], covered[gc.tmpl] = true, true
		t.Run(gc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := ps.render(&buf, gc.tmpl, gc.p); err != nil {
				t.Fatal(err)
			}
			body := buf.String()
			compareGolden(t, filepath.Join(goldenDir, gc.name+".html"), buf.Bytes())

			doc, err := html.Parse(strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			checkWellFormed(t, body)
			checkPage(t, gc.p, body, doc)
			if gc.check != nil {
				gc.check(t, body, doc)
			}
		})
	}
	// Every page template has a case.
	for name := range ps.sets {
		if !covered[name] {
			t.Errorf("page %s has no golden case", name)
		}
	}
}

// TestGoldenFilesHaveCases finds golden files left behind by a renamed or removed case.
func TestGoldenFilesHaveCases(t *testing.T) {
	names := map[string]bool{}
	for _, gc := range goldenCases() {
		names[gc.name+".html"] = true
	}
	entries, err := os.ReadDir(goldenDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !names[e.Name()] {
			if *update {
				if err := os.Remove(filepath.Join(goldenDir, e.Name())); err != nil {
					t.Fatal(err)
				}
				continue
			}
			t.Errorf("golden file %s has no case; remove it or run with -update", e.Name())
		}
	}
}

func compareGolden(t *testing.T, file string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run with -update after checking the change):\n%s", file, lineDiff(string(want), string(got)))
	}
}

// lineDiff shows the first differing line of want and got with a few lines around it.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	var b strings.Builder
	fmt.Fprintf(&b, "first difference at line %d (golden %d lines, rendered %d lines)\n", i+1, len(w), len(g))
	from := max(0, i-2)
	for j := from; j < i; j++ {
		fmt.Fprintf(&b, "  %s\n", w[j])
	}
	for j := i; j < min(len(w), i+3); j++ {
		fmt.Fprintf(&b, "- %s\n", w[j])
	}
	for j := i; j < min(len(g), i+3); j++ {
		fmt.Fprintf(&b, "+ %s\n", g[j])
	}
	return b.String()
}
