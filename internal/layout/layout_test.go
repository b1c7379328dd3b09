package layout

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/dsmarket/dsmarket/internal/devenv/temporalcli"
)

const module = "github.com/dsmarket/dsmarket/"

// maxLines is where a production file becomes two ideas (STYLE.md).
const maxLines = 400

// pkg is one folder of production Go files: the imports of its non-test files, their
// line counts and the string literals in each.
type pkg struct {
	imports  map[string]bool
	lines    map[string]int
	literals map[string][]string
}

// production reads every non-test Go file of the module outside testdata and tools/, by
// folder relative to the module's root. The tests share one reading.
func production(t *testing.T) map[string]*pkg {
	t.Helper()
	pkgs, err := readProduction()
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

var readProduction = sync.OnceValues(func() (map[string]*pkg, error) {
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	root, err := temporalcli.ModuleRoot(wd)
	if err != nil {
		return nil, err
	}
	pkgs := map[string]*pkg{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() {
			if name := d.Name(); rel != "." && (strings.HasPrefix(name, ".") || name == "testdata" || name == "node_modules" || rel == "tools" || rel == "bin") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(rel))
		p := pkgs[dir]
		if p == nil {
			p = &pkg{imports: map[string]bool{}, lines: map[string]int{}, literals: map[string][]string{}}
			pkgs[dir] = p
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			p.imports[path] = true
		}
		p.lines[filepath.ToSlash(rel)] = bytes.Count(src, []byte("\n"))
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if v, err := strconv.Unquote(lit.Value); err == nil {
					p.literals[filepath.ToSlash(rel)] = append(p.literals[filepath.ToSlash(rel)], v)
				}
			}
			return true
		})
		return nil
	})
	if err == nil && len(pkgs) < 10 {
		err = fmt.Errorf("found only %d packages under %s", len(pkgs), root)
	}
	return pkgs, err
})

func TestNoProductionFileIsTwoIdeas(t *testing.T) {
	for dir, p := range production(t) {
		if strings.HasPrefix(dir, "internal/") {
			continue // development and test tools
		}
		for file, n := range p.lines {
			if n > maxLines {
				t.Errorf("%s has %d lines: past %d a file is two ideas; split it along the idea (STYLE.md)", file, n, maxLines)
			}
		}
	}
}

// TestImportsPointOneWay holds the dependencies of STYLE.md's layout: the domain is pure
// Go, the workflow contracts are a leaf, the app starts workflows but runs no activity,
// and internal/ is for development and test tools, which only the binary's dev and bench
// commands use.
func TestImportsPointOneWay(t *testing.T) {
	pkgs := production(t)
	for _, rule := range []struct {
		pkg string
		// may are the module's packages it may import (nil: any); notOwn those it may
		// not; notExt the prefixes of other modules it may not import.
		may, notOwn, notExt []string
		why                 string
	}{
		{"models", []string{}, nil, []string{"github.com/gin-gonic/", "gorm.io/", "go.temporal.io/"},
			"the domain is pure Go: no other package of ours, no gin, gorm or Temporal"},
		{"workflows/flow", []string{"models"}, nil, nil,
			"the workflow contracts are a leaf that activities, app and models may import"},
		{"app", nil, []string{"activities", "api", "web", "worker"}, nil,
			"the app starts workflows and sends Updates; it runs no activity and knows no HTTP"},
		{"store", []string{"models", "workflows/flow"}, nil, nil,
			"the store is persistence: it knows the domain and the contracts, not who calls it"},
		{"activities", nil, []string{"app", "api", "web", "workflows"}, nil,
			"activities are called by workflows, never the other way round"},
		{"api", nil, []string{"web", "workflows", "activities"}, nil,
			"the REST API goes through the app"},
		{"web", nil, []string{"workflows", "activities"}, nil,
			"the web inbox goes through the app"},
	} {
		p := pkgs[rule.pkg]
		if p == nil {
			t.Errorf("no package %s", rule.pkg)
			continue
		}
		for imp := range p.imports {
			own, isOwn := strings.CutPrefix(imp, module)
			bad := isOwn && ((rule.may != nil && !slices.Contains(rule.may, own)) || slices.Contains(rule.notOwn, own))
			bad = bad || slices.ContainsFunc(rule.notExt, func(prefix string) bool { return strings.HasPrefix(imp, prefix) })
			if bad {
				t.Errorf("%s imports %s: %s", rule.pkg, imp, rule.why)
			}
		}
	}
	for dir, p := range pkgs {
		if strings.HasPrefix(dir, "internal/") || strings.HasPrefix(dir, "cmd/") {
			continue
		}
		for imp := range p.imports {
			if strings.HasPrefix(imp, module+"internal/") {
				t.Errorf("%s imports %s: internal/ holds development and test tools only", dir, imp)
			}
		}
	}
}

// workflowIDPrefix matches the text a workflow ID is made of before its business key
// (flow.OrderWorkflowID's "order-", flow.QualityCaseWorkflowID's "quality-%s-%d", ...).
var workflowIDPrefix = regexp.MustCompile(`^((application|change|committee|contract|order|service)-|quality-%s-%d|quality-cycle-%d)$`)

// TestOnlyFlowMintsWorkflowIDs: a workflow's ID is its business key, written by one
// function in workflows/flow; a copy of its text elsewhere would start or signal the
// wrong workflow the day the two differ (issue 11: no "committee-"+id in activities/).
func TestOnlyFlowMintsWorkflowIDs(t *testing.T) {
	pkgs := production(t)
	if lits := pkgs["workflows/flow"].literals; !slices.ContainsFunc(slices.Concat(slices.Collect(maps.Values(lits))...), workflowIDPrefix.MatchString) {
		t.Fatal("workflows/flow mints no workflow ID this test recognizes: update workflowIDPrefix")
	}
	for dir, p := range pkgs {
		if dir == "workflows/flow" || strings.HasPrefix(dir, "internal/") {
			continue
		}
		for file, lits := range p.literals {
			for _, v := range lits {
				if workflowIDPrefix.MatchString(v) {
					t.Errorf("%s writes the workflow ID text %q: call its ID function in workflows/flow", file, v)
				}
			}
		}
	}
}
