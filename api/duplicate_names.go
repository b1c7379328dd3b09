package api

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode"
)

// A JSON object that names a member twice is read by each reader its own way: Go's
// decoder keeps the last, many others the first, and it matches names regardless of case,
// so {"service_id":"SVC-0001","SERVICE_ID":"SVC-0002"} orders SVC-0002 here while a
// gateway, a log or the caller's own code may have read SVC-0001. An order, a vote or a
// price must mean one thing to everyone who reads the request, so such a body is refused,
// naming the member, before it is decoded.

// frame is an object or array being read: its path, and for an object the names seen (by
// their case fold) and whether the next token is a name.
type frame struct {
	path     string
	object   bool
	names    map[string]bool
	wantName bool
	name     string // the member being read
	index    int    // the array element being read
}

// duplicateName is the path of the first member a body names twice within one object,
// names that differ only in case counting as the same (as the decoder matches them); ""
// when there is none or the body is not JSON (the decoder then says why).
func duplicateName(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var stack []*frame
	// child is the path of the value now beginning in the innermost frame.
	child := func() string {
		if len(stack) == 0 {
			return ""
		}
		f := stack[len(stack)-1]
		if f.object {
			return join(f.path, f.name)
		}
		return f.path + "[" + strconv.Itoa(f.index) + "]"
	}
	// done ends a value in the innermost frame: an object wants a name next, an array its
	// next element.
	done := func() {
		if len(stack) == 0 {
			return
		}
		if f := stack[len(stack)-1]; f.object {
			f.wantName = true
		} else {
			f.index++
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		if len(stack) > 0 {
			if f := stack[len(stack)-1]; f.object && f.wantName {
				if name, ok := tok.(string); ok {
					key := fold(name)
					if f.names[key] {
						return join(f.path, name)
					}
					f.names[key], f.name, f.wantName = true, name, false
					continue
				}
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{path: child(), object: true, names: map[string]bool{}, wantName: true})
		case json.Delim('['):
			stack = append(stack, &frame{path: child()})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				return ""
			}
			done()
		default:
			done()
		}
	}
}

// fold is a name's case fold: each rune the least of its Unicode simple-folding orbit, so
// that two names fold alike exactly when strings.EqualFold holds for them.
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		b.WriteRune(least)
	}
	return b.String()
}
