package models

import (
	"encoding/json"
	"fmt"
	"time"
)

// CompileOCDS merges a process's releases, oldest first, into its compiled release by the
// OCDS 1.1 merge rules: a later value replaces an earlier one field by field; null removes
// a field; objects merge recursively; an array of objects that all have an id merges item
// by item on the id (a new id is appended); any other array is replaced whole. The
// compiled release's tag is "compiled", its date the latest release's, and its id the ocid
// and that date.
func CompileOCDS(releases []OCDSRelease) (map[string]any, error) {
	if len(releases) == 0 {
		return nil, fmt.Errorf("compile: no releases")
	}
	compiled := map[string]any{}
	for _, r := range releases {
		raw, err := json.Marshal(r)
		if err != nil {
			return nil, err
		}
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, err
		}
		delete(m, "id")
		delete(m, "date")
		delete(m, "tag")
		MergeOCDS(compiled, m)
	}
	last := releases[len(releases)-1]
	date := last.Date.Format(time.RFC3339Nano)
	compiled["id"] = last.OCID + "-" + date
	compiled["date"] = date
	compiled["tag"] = []any{"compiled"}
	return compiled, nil
}

// MergeOCDS merges src into dst (both decoded JSON objects) by the OCDS merge rules. src's
// values are taken, not copied: it must not be used afterwards.
func MergeOCDS(dst, src map[string]any) {
	for k, v := range src {
		switch v := v.(type) {
		case nil:
			delete(dst, k)
		case map[string]any:
			d, ok := dst[k].(map[string]any)
			if !ok {
				d = map[string]any{}
				dst[k] = d
			}
			MergeOCDS(d, v)
		case []any:
			if old, ok := dst[k].([]any); ok && identified(v) && identified(old) {
				dst[k] = mergeByID(old, v)
			} else if identified(v) {
				dst[k] = mergeByID(nil, v)
			} else {
				dst[k] = v
			}
		default:
			dst[k] = v
		}
	}
}

// identified reports whether a is a non-empty array of objects that all have an id.
func identified(a []any) bool {
	if len(a) == 0 {
		return false
	}
	for _, v := range a {
		o, ok := v.(map[string]any)
		if !ok || o["id"] == nil {
			return false
		}
	}
	return true
}

// mergeByID merges each object of src into the object of dst with the same id, or appends
// it; ids compare as their JSON text, so that 1 and "1" are different ids, as in JSON.
func mergeByID(dst, src []any) []any {
	key := func(o map[string]any) string {
		b, _ := json.Marshal(o["id"]) // an id is a string or a number
		return string(b)
	}
	at := map[string]int{}
	for i, v := range dst {
		at[key(v.(map[string]any))] = i
	}
	for _, v := range src {
		o := v.(map[string]any)
		k := key(o)
		if i, ok := at[k]; ok {
			MergeOCDS(dst[i].(map[string]any), o)
			continue
		}
		merged := map[string]any{}
		MergeOCDS(merged, o)
		at[k] = len(dst)
		dst = append(dst, merged)
	}
	return dst
}
