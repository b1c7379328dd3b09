package web

import (
	"html/template"
	"strconv"
	"strings"
	"text/template/parse"
)

// formLabels reads, from a page's templates, the label each form field is shown with: the
// name and label key of every (field …) and (pick …) call, and field.<name> for a group of
// (choices …). The error summary sits above the fields it lists, so it cannot learn their
// labels as the page is written; the templates already say them once, and this reads them
// there. A name labelled two ways on one page (two forms each with a "reason") is left out:
// the summary then takes field.<name>, as the other fields without a call do.
func formLabels(set *template.Template) map[string]string {
	labels := map[string]string{}
	twice := map[string]bool{}
	add := func(name, key string) {
		if old, ok := labels[name]; ok && old != key {
			twice[name] = true
		}
		labels[name] = key
	}
	for _, t := range set.Templates() {
		if t.Tree != nil {
			walkCalls(t.Tree.Root, add)
		}
	}
	for name := range twice {
		delete(labels, name)
	}
	return labels
}

// walkCalls finds the label-giving calls anywhere under n.
func walkCalls(n parse.Node, add func(name, key string)) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walkCalls(c, add)
		}
	case *parse.ActionNode:
		walkCalls(n.Pipe, add)
	case *parse.TemplateNode:
		walkCalls(n.Pipe, add)
	case *parse.IfNode:
		walkBranch(&n.BranchNode, add)
	case *parse.RangeNode:
		walkBranch(&n.BranchNode, add)
	case *parse.WithNode:
		walkBranch(&n.BranchNode, add)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, cmd := range n.Cmds {
			labelCall(cmd.Args, add)
			for _, a := range cmd.Args {
				walkCalls(a, add)
			}
		}
	}
}

func walkBranch(b *parse.BranchNode, add func(name, key string)) {
	walkCalls(b.Pipe, add)
	walkCalls(b.List, add)
	walkCalls(b.ElseList, add)
}

// labelCall takes the name and label key of a (field page type name label), a (pick page
// name label ns options) or a (choices page type name ns options) written with literal
// strings; a name computed as the page runs (a list's rows) has no entry.
func labelCall(args []parse.Node, add func(name, key string)) {
	if len(args) == 0 {
		return
	}
	fn, ok := args[0].(*parse.IdentifierNode)
	if !ok {
		return
	}
	str := func(i int) (string, bool) {
		if i >= len(args) {
			return "", false
		}
		s, ok := args[i].(*parse.StringNode)
		if !ok {
			return "", false
		}
		return s.Text, true
	}
	var name, key string
	var okName, okKey bool
	switch fn.Ident {
	case "field":
		name, okName = str(3)
		if !okName && len(args) > 3 {
			name, okName = rowName(args[3])
		}
		key, okKey = str(4)
	case "pick":
		name, okName = str(2)
		key, okKey = str(3)
	case "choices":
		name, okName = str(3)
		key, okKey = "field."+name, okName
	}
	if okName && okKey {
		add(name, key)
	}
}

// rowName is the name of a field of a list's rows, (name "rules" $i "value"), as
// "rules[].value": every row's field has the row's label.
func rowName(n parse.Node) (string, bool) {
	p, ok := n.(*parse.PipeNode)
	if !ok || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 4 {
		return "", false
	}
	args := p.Cmds[0].Args
	fn, ok := args[0].(*parse.IdentifierNode)
	list, okList := args[1].(*parse.StringNode)
	field, okField := args[3].(*parse.StringNode)
	if !ok || fn.Ident != "name" || !okList || !okField {
		return "", false
	}
	return list.Text + "[]." + field.Text, true
}

// namespaced are the fields named by a value of an enumeration ("documents.csap_certificate"
// is the file of that kind of document), labelled by the value's label.
var namespaced = map[string]string{"documents": "doc"}

// Label is how the error summary names the field an error is about: the label the form
// shows it with, in the form's language. An element of a list ("experts[1]",
// "scores[0].score") is named by its list's or its own field's label and its number
// counted from one; a field no form and no catalog entry names keeps its name.
func (f *form) Label(field string) string {
	if f == nil || field == "" {
		return field
	}
	n, inner := listIndex(field)
	if n < 0 {
		if key, ok := f.labelKey(field); ok {
			return translate(f.Lang, key)
		}
		if list, value, ok := strings.Cut(field, "."); ok && namespaced[list] != "" {
			if _, known := messages[namespaced[list]+"."+value]; known {
				return label(f.Lang, namespaced[list], value)
			}
		}
		return field
	}
	// A row's field as the page labels it, else the list's label, else the field's own
	// catalog label: a page's other forms label names of their own ("kind"), not a list's.
	number := " " + strconv.Itoa(n+1)
	if key, ok := f.labels[baseField(field)+"[]."+inner]; ok {
		return translate(f.Lang, key) + number
	}
	if key, ok := f.labelKey(baseField(field)); ok {
		return translate(f.Lang, key) + number
	}
	if _, ok := messages["field."+inner]; ok && inner != "" {
		return translate(f.Lang, "field."+inner) + number
	}
	return field
}

// labelKey is the catalog key of a field's label: the page's own, else field.<name>, else
// field.<last part> for a nested name ("provider.business_no").
func (f *form) labelKey(name string) (string, bool) {
	if key, ok := f.labels[name]; ok {
		return key, true
	}
	for _, key := range []string{"field." + name, "field." + name[strings.LastIndexByte(name, '.')+1:]} {
		if _, ok := messages[key]; ok {
			return key, true
		}
	}
	return "", false
}

// listIndex is the element number of a list field's error and the name after it:
// "scores[0].score" is 0 and "score", "experts[1]" is 1 and "". A field that is not an
// element is -1.
func listIndex(field string) (int, string) {
	open := strings.IndexByte(field, '[')
	end := strings.IndexByte(field, ']')
	if open < 0 || end < open {
		return -1, ""
	}
	n, err := strconv.Atoi(field[open+1 : end])
	if err != nil {
		return -1, ""
	}
	return n, strings.TrimPrefix(field[end+1:], ".")
}
