package models

import (
	"maps"
	"slices"
)

// An organization in a text ({$agency}) is recorded by its code: a workflow knows the
// codes of a case's parties, not their names, and a name read in a workflow would not
// replay. The activity that writes the text looks the names up (NameOrganizations), so
// that the provider reads "행정안전부(AG-0001)에서" rather than a bare code; a text written
// before, or whose organization was not found, shows the code alone.

// orgNameArg is the argument that holds the name, in lang, of the organization in arg.
func orgNameArg(arg, lang string) string { return arg + "@" + lang }

// organization is the {$arg} placeholder in lang: the name and the code, or the code.
func (t *Text) organization(lang, arg string) string {
	code := t.Args[arg]
	name := t.Args[orgNameArg(arg, lang)]
	if name == "" {
		name = t.Args[orgNameArg(arg, LangKO)] // an organization without an English name
	}
	switch {
	case name == "":
		return code
	case lang == LangEN:
		return name + " (" + code + ")"
	default:
		return name + "(" + code + ")"
	}
}

// OrganizationArgs are the arguments of t that its texts show as organizations ({$arg}),
// in either language, sorted; those of a sub-sentence ({@name}, nest) included, as it is
// shown with the same arguments.
func (t *Text) OrganizationArgs() []string {
	if t == nil {
		return nil
	}
	return t.organizationArgsOf(t.Key, 0)
}

func (t *Text) organizationArgsOf(key string, depth int) []string {
	args := organizationArgs[key]
	if depth >= 3 || len(subSentenceArgs[key]) == 0 {
		return args
	}
	args = slices.Clone(args)
	for _, name := range subSentenceArgs[key] {
		args = append(args, t.organizationArgsOf(t.Args[name], depth+1)...)
	}
	slices.Sort(args)
	return slices.Compact(args)
}

// organizationArgs are OrganizationArgs by key, read once from the domain's catalog: every
// notification written asks, and few texts have any; subSentenceArgs, the arguments each
// key shows as a sub-sentence.
var organizationArgs, subSentenceArgs = indexPlaceholders(domainMessages, "$"), indexPlaceholders(domainMessages, "@")

func indexPlaceholders(catalog map[string][2]string, kind string) map[string][]string {
	out := map[string][]string{}
	for key, texts := range catalog {
		var args []string
		for _, s := range texts {
			for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
				if m[1] == kind && !slices.Contains(args, m[2]) {
					args = append(args, m[2])
				}
			}
		}
		if len(args) > 0 {
			slices.Sort(args)
			out[key] = args
		}
	}
	return out
}

// NameOrganizations returns a copy of t whose organizations are named by name (the
// Korean and English names of a code; ok false for one not found), and whether any was.
// t itself is left as it is: it may be a workflow's own value.
func (t *Text) NameOrganizations(name func(code string) (ko, en string, ok bool)) (*Text, bool) {
	args := t.OrganizationArgs()
	if len(args) == 0 {
		return t, false
	}
	named := &Text{Key: t.Key, Args: maps.Clone(t.Args)}
	found := false
	for _, arg := range args {
		ko, en, ok := name(t.Args[arg])
		if !ok || ko == "" {
			continue
		}
		named.Args[orgNameArg(arg, LangKO)] = ko
		if en != "" {
			named.Args[orgNameArg(arg, LangEN)] = en
		}
		found = true
	}
	return named, found
}
