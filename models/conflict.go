package models

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// RelationKind is how a reviewer is linked to a provider (국가계약법 시행령 제15조의4).
type RelationKind string

// Relation kinds.
const (
	RelationSelf       RelationKind = "self"       // the reviewer is the provider (or its representative)
	RelationSpouse     RelationKind = "spouse"     // the reviewer's spouse is the provider
	RelationEmployment RelationKind = "employment" // the reviewer worked for the provider
	RelationWork       RelationKind = "work"       // the reviewer did work (advice, research, service) for it
)

// Relation is a declared link between a reviewer (expert or committee member) and a
// provider, identified by business registration number. Until is the last day of the
// link; nil means it still holds.
type Relation struct {
	PersonSub  string       `json:"person_sub"`
	BusinessNo string       `json:"business_no"`
	Kind       RelationKind `json:"kind"`
	Since      *Date        `json:"since,omitempty"`
	Until      *Date        `json:"until,omitempty"`
	Note       string       `json:"note,omitempty"`
}

// ConflictOf returns why a person with these declared relations may not review a provider
// on date on, or "" if nothing stands in the way:
//   - they or their spouse is the provider: always;
//   - they were employed by it within the employment period (3 years) before on;
//   - they did work for it on or after 1 January of the year before on.
//
// Each kind of relation is named once. The reason travels as this English string (from
// the store, with an expert assignment or a session's agenda); the pages read it keyed
// again with conflictParts.
func ConflictOf(rels []Relation, businessNo string, on Date) string {
	return ConflictOfPinned(rels, businessNo, on, nil)
}

// ConflictOfPinned is ConflictOf under the employment period an application holds (its
// pins; nil: the table's in force on on).
func ConflictOfPinned(rels []Relation, businessNo string, on Date, pins *CasePins) string {
	var reasons []conflictReason
	years := pins.Int(RuleConflictEmploymentYears, on.Time)
	for _, r := range rels {
		if r.BusinessNo != businessNo {
			continue
		}
		current := r.Until == nil
		var why conflictReason
		switch r.Kind {
		case RelationSelf:
			why = conflictReason{key: "conflict.self"}
		case RelationSpouse:
			why = conflictReason{key: "conflict.spouse"}
		case RelationEmployment:
			if current || !r.Until.Before(on.AddDate(-years, 0, 0)) {
				why = conflictReason{key: "conflict.employment", arg: "years", value: itoa(int64(years))}
			}
		case RelationWork:
			since := seoulDate(on.Year()-1, time.January, 1)
			if current || !r.Until.Before(since) {
				why = conflictReason{key: "conflict.work", arg: "since", value: since.Format(time.DateOnly)}
			}
		}
		if why.key != "" && !slices.ContainsFunc(reasons, func(o conflictReason) bool { return o.key == why.key }) {
			reasons = append(reasons, why)
		}
	}
	key, pairs, ok := joinConflicts(reasons)
	if !ok {
		return ""
	}
	return Msg(key, pairs...).English()
}

// conflictReason is one reason of a conflict of interest: its key and its one argument,
// if it has one (the years of the rule table, the date work counts from).
type conflictReason struct{ key, arg, value string }

// conflictOrdinals name the reasons of a conflict.list_<n> text, in order.
var conflictOrdinals = []string{"first", "second", "third", "fourth"}

// joinConflicts is the key and argument pairs of the text saying every reason: the reason
// itself when there is one, a conflict.list_<n> of them otherwise. ok is false for none,
// for more reasons than a list holds, and for two reasons that give one argument two values.
func joinConflicts(reasons []conflictReason) (key string, pairs []string, ok bool) {
	if len(reasons) == 0 || len(reasons) > len(conflictOrdinals) {
		return "", nil, false
	}
	args := map[string]string{}
	for i, r := range reasons {
		if len(reasons) > 1 {
			pairs = append(pairs, conflictOrdinals[i], r.key)
		}
		if r.arg == "" {
			continue
		}
		if v, seen := args[r.arg]; seen && v != r.value {
			return "", nil, false
		}
		args[r.arg] = r.value
		pairs = append(pairs, r.arg, r.value)
	}
	switch len(reasons) {
	case 1:
		key = reasons[0].key
	case 2:
		key = "conflict.list_two"
	case 3:
		key = "conflict.list_three"
	default:
		key = "conflict.list_four"
	}
	return key, pairs, true
}

// conflictPattern reads one reason's English text back: its key, and the argument its
// one placeholder, if any, stands for.
type conflictPattern struct {
	key, arg string
	re       *regexp.Regexp
}

// conflictPatterns are made from the catalog's English texts, so that what ConflictOf
// writes and what conflictParts reads cannot drift apart.
var conflictPatterns = compileConflictPatterns("conflict.self", "conflict.spouse", "conflict.employment", "conflict.work")

func compileConflictPatterns(keys ...string) []conflictPattern {
	out := make([]conflictPattern, 0, len(keys))
	for _, key := range keys {
		en, ok := domainText(LangEN, key)
		if !ok {
			continue // the catalog test names the missing key
		}
		p := conflictPattern{key: key}
		var expr strings.Builder
		expr.WriteString("^")
		last := 0
		for _, m := range placeholder.FindAllStringSubmatchIndex(en, -1) {
			expr.WriteString(regexp.QuoteMeta(en[last:m[0]]) + "(.+?)")
			p.arg = en[m[4]:m[5]]
			last = m[1]
		}
		expr.WriteString(regexp.QuoteMeta(en[last:]) + "$")
		p.re = regexp.MustCompile(expr.String())
		out = append(out, p)
	}
	return out
}

// ConflictText is a conflict of interest (ConflictOf's words) keyed, for a page in the
// reader's language; one it cannot read back stays as it is.
func ConflictText(why string) *Text {
	if key, pairs, ok := conflictParts(why); ok {
		return Msg(key, pairs...)
	}
	return verbatim(why)
}

// conflictParts reads a reason ConflictOf wrote as the key and argument pairs of the same
// reason keyed; ok is false for a reason it does not recognise, which is then shown as it
// is. Reading it back, rather than carrying the keyed reason, keeps the string the store,
// the workflows and the REST contract pass along.
func conflictParts(why string) (key string, pairs []string, ok bool) {
	var reasons []conflictReason
	for _, part := range strings.Split(why, "; ") {
		i := slices.IndexFunc(conflictPatterns, func(p conflictPattern) bool { return p.re.MatchString(part) })
		if i < 0 {
			return "", nil, false
		}
		p := conflictPatterns[i]
		r := conflictReason{key: p.key}
		if p.arg != "" {
			r.arg, r.value = p.arg, p.re.FindStringSubmatch(part)[1]
		}
		reasons = append(reasons, r)
	}
	key, pairs, ok = joinConflicts(reasons)
	if !ok || Msg(key, pairs...).English() != why {
		return "", nil, false
	}
	return key, pairs, true
}
