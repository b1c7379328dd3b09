package models

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// RegistryChange is one entry of the registry's change log (directory_changes): who
// registered or changed an organization, a person or a declared relation, when, and each
// field's value before and after. The log is append-only and written in the change's own
// transaction, so it is complete.
type RegistryChange struct {
	ID      int64  `json:"id"`
	Subject string `json:"subject"` // organization, person or relation
	// SubjectID is the organization's ID, or the person's subject (a relation's too).
	SubjectID string    `json:"subject_id"`
	Action    string    `json:"action"` // created or changed
	By        Actor     `json:"by"`
	At        time.Time `json:"at"`
	// Changes are the fields that differ, by name; a registration lists every field it set.
	Changes []FieldChange `json:"changes"`
}

// RegistryDiff is the fields whose values differ between two JSON objects of a registry
// record (before is nil for a registration), sorted by name, each value as its JSON text
// without the quotes of a string.
func RegistryDiff(before, after []byte) ([]FieldChange, error) {
	var b, a map[string]json.RawMessage
	if len(before) > 0 {
		if err := json.Unmarshal(before, &b); err != nil {
			return nil, fmt.Errorf("registry change: before: %w", err)
		}
	}
	if err := json.Unmarshal(after, &a); err != nil {
		return nil, fmt.Errorf("registry change: after: %w", err)
	}
	names := make([]string, 0, len(a)+len(b))
	for k := range a {
		names = append(names, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	out := []FieldChange{}
	for _, k := range names {
		old, nw := jsonValue(b[k]), jsonValue(a[k])
		if old != nw {
			out = append(out, FieldChange{Field: k, Old: old, New: nw})
		}
	}
	return out, nil
}

// jsonValue is a JSON value as a person reads it: a string without its quotes, null and
// absence as "", anything else as written.
func jsonValue(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}
