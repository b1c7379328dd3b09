package models

import (
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Caps on free text as it arrives at the edge. They are generous on purpose: a model's own
// cap (a title of 200, a description of 4000) is stricter and speaks of the field; these
// only keep a request from carrying megabytes in one string or an ID.
const (
	MaxTextRunes       = 10_000 // a string anywhere in a JSON body or a form
	MaxPathParamRunes  = 200    // an ID in a path
	MaxQueryParamRunes = 500    // a filter, a search or a page token
)

// TextProblem says why s is not text the system accepts, or returns "" when it is. Text
// must be valid UTF-8, hold at most maxRunes characters and no control character; when
// multiline, a tab, a newline and a carriage return just before a newline are allowed.
//
// The reasons are practical, not aesthetic: PostgreSQL refuses NUL in text and jsonb, so a
// NUL accepted here fails the case's workflow later, after the caller was told 201; other
// control characters are invisible in the pages, forge lines in logs and exports, and no
// user types them.
func TextProblem(s string, maxRunes int, multiline bool) string {
	return TextRefusal(s, maxRunes, multiline).English()
}

// TextRefusal is TextProblem as a keyed text, nil when s is text the system accepts: for a
// caller that answers in the visitor's language.
func TextRefusal(s string, maxRunes int, multiline bool) *Text {
	if !utf8.ValidString(s) {
		return Msg("invalid.text_encoding", "encoding", "UTF-8")
	}
	n := 0
	for i, r := range s {
		n++
		if !unicode.IsControl(r) {
			continue
		}
		allowed := multiline && (r == '\n' || r == '\t' || (r == '\r' && i+1 < len(s) && s[i+1] == '\n'))
		if !allowed {
			code := fmt.Sprintf("%04X", r)
			if multiline {
				return Msg("invalid.text_control_char_multiline", "code", code)
			}
			return Msg("invalid.text_control_char", "code", code)
		}
	}
	if n > maxRunes {
		return Msg("invalid.max_chars", "max", itoa(int64(maxRunes)))
	}
	return nil
}

// paramNameProblem says why a query parameter's name is refused: the problem of its text,
// as the sentence of the name.
func paramNameProblem(problem *Text) *Text { return Nested("invalid.text_param_name", problem) }

// Nested is the sentence key says of a part of a value (a parameter's name, a map's key),
// with problem, the refusal of that part, in its {@problem}.
func Nested(key string, problem *Text) *Text {
	t := Msg(key, "problem", problem.Key)
	for k, v := range problem.Args {
		t.Args[k] = v
	}
	return t
}

// Param is a named parameter of a request's path.
type Param struct{ Name, Value string }

// CheckParams refuses path and query parameters that are not text: an ID in a path and a
// filter in a query are single-line, so no control character at all is allowed. Path
// parameters are named as the route names them (id), query parameters by their key; the
// answer names every bad one, in a stable order.
func CheckParams(path []Param, query url.Values) error {
	var fe Fields
	for _, p := range path {
		if t := TextRefusal(p.Value, MaxPathParamRunes, false); t != nil {
			fe.AddText(p.Name, t)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(query)) {
		if t := TextRefusal(key, MaxQueryParamRunes, false); t != nil {
			fe.AddText(strconv.Quote(key), paramNameProblem(t))
			continue
		}
		for _, v := range query[key] {
			if t := TextRefusal(v, MaxQueryParamRunes, false); t != nil {
				fe.AddText(key, t)
				break
			}
		}
	}
	return fe.Err()
}

// CheckForm refuses a posted form whose values are not text; a form's fields may span
// lines (a reason, a report).
func CheckForm(form url.Values) error {
	var fe Fields
	for _, key := range slices.Sorted(maps.Keys(form)) {
		for _, v := range form[key] {
			if t := TextRefusal(v, MaxTextRunes, true); t != nil {
				fe.AddText(key, t)
				break
			}
		}
	}
	return fe.Err()
}

// Composed is s with its Hangul, and every other character a canonical composition
// exists for, composed (Unicode normal form C). A Mac writes Korean in file names, and
// often in what is pasted from them, as loose jamo (ㅋ+ㅡ+ㄹ… for 클): such a search found
// nothing and such a title was stored apart from the same words typed, though both read
// alike. CJK compatibility ideographs are kept as they are: NFC would turn them into their
// unified twins, and a Korean name's hanja may be written with one on purpose (the
// readings of 樂 or 更 differ by it).
func Composed(s string) string {
	if norm.NFC.IsNormalString(s) {
		return s
	}
	var b strings.Builder
	start := 0
	for i, r := range s {
		if isCompatibilityIdeograph(r) {
			b.WriteString(norm.NFC.String(s[start:i]))
			b.WriteRune(r)
			start = i + utf8.RuneLen(r)
		}
	}
	b.WriteString(norm.NFC.String(s[start:]))
	return b.String()
}

func isCompatibilityIdeograph(r rune) bool {
	return (r >= 0xF900 && r <= 0xFAFF) || (r >= 0x2F800 && r <= 0x2FA1F)
}
