package layout

import (
	"bytes"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/dsmarket/dsmarket/"

// maxLines is where a production file becomes two ideas (STYLE.md).
const maxLines = 400

// pkg is one folder of production Go files: the imports of its non-test files and their
// line counts.
type pkg struct {
	imports map[string]bool
	lines   map[string]int
}

// production reads every non-test Go file of the module outside testdata and tools/, by
// folder relative to the module's root.
func production(t *testing.T) map[string]*pkg {
	t.Helper()
	root := moduleRoot(t)
	pkgs := map[string]*pkg{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
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
		f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.ImportsOnly)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(rel))
		p := pkgs[dir]
		if p == nil {
			p = &pkg{imports: map[string]bool{}, lines: map[string]int{}}
			pkgs[dir] = p
		}
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			p.imports[path] = true
		}
		p.lines[filepath.ToSlash(rel)] = bytes.Count(src, []byte("\n"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(pkgs) < 10 {
		t.Fatalf("found only %d packages under %s", len(pkgs), root)
	}
	return pkgs
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

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
