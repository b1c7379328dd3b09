package web

import (
	"go/ast"
	"strings"
	"testing"

	"github.com/dsmarket/dsmarket/internal/srcconst"
	"github.com/dsmarket/dsmarket/models"
)

// TestEveryActionHasALabel: every step action the domain declares (a constant Action… of
// models) is named in both languages, so that no timeline shows its code; the list is read
// from the source, so a new action without a label fails here rather than on a page.
func TestEveryActionHasALabel(t *testing.T) {
	actions, err := srcconst.Strings("../models", func(_ *ast.ValueSpec, name string) bool {
		return strings.HasPrefix(name, "Action")
	})
	if err != nil {
		t.Fatal(err)
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

// TestEveryListStatusHasALabel: each status a list's filter offers (routes.go) reads as a
// word in both languages, not as its code.
func TestEveryListStatusHasALabel(t *testing.T) {
	var all []string
	add := func(ss ...string) { all = append(all, ss...) }
	for _, s := range models.AllOrderStatuses {
		add(string(s))
	}
	for _, s := range models.AllApplicationStatuses {
		add(string(s))
	}
	for _, s := range models.AllDirectContractStatuses {
		add(string(s))
	}
	for _, s := range models.ChangeRequestStatuses {
		add(string(s))
	}
	for _, s := range models.AllQualityStatuses {
		add(string(s))
	}
	for _, lang := range []string{langKO, langEN} {
		for _, s := range all {
			if _, ok := lookup(lang, "status."+s); !ok {
				t.Errorf("%s: no label status.%s", lang, s)
			}
		}
	}
}
