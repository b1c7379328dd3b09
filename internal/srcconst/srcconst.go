// Package srcconst reads the string constants a package declares from its source, for the
// tests that hold a table (the rules' types, the pages' labels) to every value the code
// declares: a value added to the code alone then fails a test instead of a page.
package srcconst

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
)

// Strings returns the value of every constant or variable of the Go files in dir (tests
// left out) that keep selects by its declaration and name and whose value is a string
// literal, in the order of the files and of the source.
func Strings(dir string, keep func(spec *ast.ValueSpec, name string) bool) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var out []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			return nil, err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			spec, ok := n.(*ast.ValueSpec)
			if !ok {
				return true
			}
			for i, id := range spec.Names {
				if i >= len(spec.Values) || !keep(spec, id.Name) {
					continue
				}
				if lit, ok := spec.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					v, _ := strconv.Unquote(lit.Value)
					out = append(out, v)
				}
			}
			return true
		})
	}
	return out, nil
}
