package models

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// rulesJSON is the rule table the binary ships with. A deployment may replace it with a
// file of the same form (RULES_FILE, docs/rules.md).
//
//go:embed rules.json
var rulesJSON []byte

// DefaultRuleFile returns the built-in rule file, the starting point of an amendment.
func DefaultRuleFile() []byte { return bytes.Clone(rulesJSON) }

// ruleFile is the form of a rule file: a comment for its readers and the versions.
type ruleFile struct {
	Comment string      `json:"comment,omitempty"`
	Rules   []ruleEntry `json:"rules"`
}

// ruleEntry is one rule version as the file writes it.
type ruleEntry struct {
	Key                string   `json:"key"`
	Value              string   `json:"value"`
	Type               RuleType `json:"type"`
	Unit               string   `json:"unit"`
	Source             string   `json:"source"`
	SourceEn           string   `json:"source_en,omitempty"`
	EffectiveFrom      string   `json:"effective_from"`
	AppliesToOpenCases bool     `json:"applies_to_open_cases,omitempty"`
	OpenCasesSource    string   `json:"applies_to_open_cases_source,omitempty"`
}

// ParseRuleTable reads a rule file and checks it whole, returning every problem at once
// (errors.Join), each naming the entry by index and key: whoever amends the table fixes
// the file in one pass rather than one error per run. A table that passes has a version
// of every key the code reads from 2020-10-01 on, without gaps or two versions on one
// day, each value of its key's type, with a source.
func ParseRuleTable(data []byte) ([]Rule, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f ruleFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("not a rule file: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("not a rule file: more than one JSON value")
	}
	if f.Rules == nil {
		return nil, errors.New(`not a rule file: no "rules" array`)
	}
	var problems []error
	add := func(i int, key, format string, args ...any) {
		name := key
		if name == "" {
			name = "(no key)"
		}
		problems = append(problems, fmt.Errorf("rules[%d] %s: %s", i, name, fmt.Sprintf(format, args...)))
	}
	table := make([]Rule, 0, len(f.Rules))
	// first is each key's earliest version; seen finds two versions of a key on one day.
	first := map[RuleKey]time.Time{}
	seen := map[RuleKey]map[time.Time]int{}
	for i, e := range f.Rules {
		key := RuleKey(e.Key)
		want, known := ruleTypes[key]
		switch {
		case !known:
			add(i, e.Key, "is not a rule key the code reads (see docs/rules.md for the keys)")
		case e.Type != want:
			add(i, e.Key, "type %q, want %q: every version of a key has its type", e.Type, want)
		default:
			if err := CheckRuleValue(want, e.Value); err != nil {
				add(i, e.Key, "value: %v", err)
			}
		}
		if strings.TrimSpace(e.Unit) == "" {
			add(i, e.Key, "unit is empty")
		}
		if strings.TrimSpace(e.Source) == "" {
			add(i, e.Key, "source is empty: name the legal text the version comes from")
		}
		switch {
		case e.AppliesToOpenCases && strings.TrimSpace(e.OpenCasesSource) == "":
			add(i, e.Key, "applies_to_open_cases without applies_to_open_cases_source: name the text that makes "+
				"the version apply to cases already running (by default a case keeps the version it started under)")
		case !e.AppliesToOpenCases && e.OpenCasesSource != "":
			add(i, e.Key, "applies_to_open_cases_source without applies_to_open_cases: true")
		}
		from, err := ParseDate(e.EffectiveFrom)
		switch {
		case err != nil:
			add(i, e.Key, "effective_from %q: %v", e.EffectiveFrom, err)
		case from.Before(systemStart):
			add(i, e.Key, "effective_from %s is before %s, when the regime began", from, DateOf(systemStart))
		case known:
			if j, dup := seen[key][from.Time]; dup {
				add(i, e.Key, "overlaps rules[%d]: both take effect on %s; an amendment is a version with a later date", j, from)
				break
			}
			if seen[key] == nil {
				seen[key] = map[time.Time]int{}
			}
			seen[key][from.Time] = i
			if t, ok := first[key]; !ok || from.Before(t) {
				first[key] = from.Time
			}
		}
		table = append(table, Rule{Key: key, Value: e.Value, Type: e.Type, Unit: e.Unit, Source: e.Source, SourceEn: strings.TrimSpace(e.SourceEn),
			EffectiveFrom: from.Time, AppliesToOpenCases: e.AppliesToOpenCases, OpenCasesSource: e.OpenCasesSource})
	}
	for _, key := range RuleKeys() {
		t, ok := first[key]
		switch {
		case ok && !t.Equal(systemStart):
			problems = append(problems, fmt.Errorf("%s: a gap: its first version takes effect on %s, not on %s, "+
				"when the regime began", key, DateOf(t), DateOf(systemStart)))
		case !ok && !slices.ContainsFunc(f.Rules, func(e ruleEntry) bool { return e.Key == string(key) }):
			problems = append(problems, fmt.Errorf("%s: no version; the code reads this rule", key))
		}
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	return table, nil
}

// RuleTableKeys counts the distinct keys of table.
func RuleTableKeys(table []Rule) int {
	keys := map[RuleKey]bool{}
	for _, r := range table {
		keys[r.Key] = true
	}
	return len(keys)
}

// UseRules makes table, as ParseRuleTable returned it, the rule table of the process
// (RULES_FILE). It is for the start of a process, before any request or workflow reads a
// rule: the table is read without a lock.
func UseRules(table []Rule) { Rules, QualityRules = arrangeRules(table) }

// arrangeRules copies table with the regular inspection's versions last, so that
// QualityRules is the tail of Rules: the same entries, not copies, whatever the file's
// order (an amendment is appended at its end).
func arrangeRules(table []Rule) (all, quality []Rule) {
	all = make([]Rule, 0, len(table))
	for _, inQuality := range []bool{false, true} {
		for _, r := range table {
			if qualityKeys[r.Key] == inQuality {
				all = append(all, r)
			}
		}
	}
	all = slices.Clip(all)
	return all, all[len(all)-countQuality(table):]
}

func countQuality(table []Rule) int {
	n := 0
	for _, r := range table {
		if qualityKeys[r.Key] {
			n++
		}
	}
	return n
}

// embeddedRules is the built-in table. It is checked by the same ParseRuleTable as any
// file; a built-in file that fails is a defect of the build, which the table test catches
// before a binary is made.
func embeddedRules() (all, quality []Rule) {
	table, err := ParseRuleTable(rulesJSON)
	if err != nil {
		panic("models/rules.json: " + err.Error())
	}
	return arrangeRules(table)
}
