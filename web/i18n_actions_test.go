package web

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestEveryActionHasALabel: every step action the domain declares (a constant Action… of
// models) is named in both languages, so that no timeline shows its code; the list is read
// from the source, so a new action without a label fails here rather than on a page.
func TestEveryActionHasALabel(t *testing.T) {
	files, err := filepath.Glob("../models/*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("models sources: %v", err)
	}
	fset := token.NewFileSet()
	var actions []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			spec, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, id := range spec.Names {
				if !strings.HasPrefix(id.Name, "Action") || i >= len(spec.Values) {
					continue
				}
				if lit, ok := spec.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					v, _ := strconv.Unquote(lit.Value)
					actions = append(actions, v)
				}
			}
			return true
		})
	}
	if len(actions) < 50 {
		t.Fatalf("found %d actions in models: the reading of the source is off", len(actions))
	}
	for _, a := range actions {
		for _, lang := range []string{langKO, langEN} {
			if _, ok := lookup(lang, "action."+a); !ok {
				t.Errorf("action %s has no label action.%s in %s", a, a, lang)
			}
		}
	}
}
