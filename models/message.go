package models

import (
	"bytes"
	"cmp"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Languages of the message files: Korean is the default of a Korean public system,
// English is the language of the REST API's texts and of foreign staff.
const (
	LangKO = "ko"
	LangEN = "en"
)

// CatalogLangs are the languages of a catalog, in the order of a message's texts.
var CatalogLangs = [2]string{LangKO, LangEN}

// Text is a message of the domain kept as data (STYLE.md, "Messages are data"): a key of
// models/messages/<lang>.json and the values of its placeholders. The state keeps it
// beside the English string of the REST contract, so that a page can show the same
// reason in the visitor's language; a number of the rule table arrives as an argument,
// never as part of a sentence.
type Text struct {
	Key  string            `json:"key"`
	Args map[string]string `json:"args,omitempty"`
}

// Msg builds a Text from its key and pairs of argument name and value.
func Msg(key string, pairs ...string) *Text {
	t := &Text{Key: key}
	if len(pairs) > 0 {
		t.Args = make(map[string]string, len(pairs)/2)
		for i := 0; i+1 < len(pairs); i += 2 {
			t.Args[pairs[i]] = pairs[i+1]
		}
	}
	return t
}

// verbatim is a text a person typed (a reason, a note) or one not keyed yet: it reads the
// same in every language and is kept as the English string alone.
func verbatim(s string) *Text { return &Text{Args: map[string]string{"text": s}} }

// Lookup finds the text of a key in a language; it says false for a key it does not know.
type Lookup func(lang, key string) (string, bool)

// In renders t in lang from the domain's catalog.
func (t *Text) In(lang string) string { return t.Format(lang, nil) }

// English is the text the REST contract carries.
func (t *Text) English() string { return t.In(LangEN) }

// placeholder is {name}, an argument shown as it is, {@name}, an argument that is itself a
// key: a sub-sentence (shown with the same arguments) or a label such as
// status.negotiating, which the UI's catalog may know better than the domain's, or
// {@@name}, a list of labels separated by commas, shown each in its language and joined
// by ", ", or {#name}, a whole amount written with thousands separators (48,000,000): the
// argument stays the bare number, so a text recorded before it reads the same way, or
// {$name}, an organization's code, shown with its name in the reader's language when the
// writer of the text found one (Text.NameOrganizations), or {%name}, a catalog service's
// name as its case recorded it, in English when it recorded the English one too
// (ServiceNameArgs).
var placeholder = regexp.MustCompile(`\{(@{0,2}|#|\$|%)([a-z_]+)\}`)

// Format renders t in lang, asking the domain's catalog first and then more (nil for
// none). A key nobody knows shows as itself; the catalog tests forbid that for every key
// the domain uses.
func (t *Text) Format(lang string, more Lookup) string {
	if t == nil {
		return ""
	}
	if t.Key == "" {
		return t.Args["text"]
	}
	find := func(key string) (string, bool) {
		if s, ok := domainText(lang, key); ok {
			return s, true
		}
		if more != nil {
			return more(lang, key)
		}
		return "", false
	}
	s, ok := find(t.Key)
	if !ok {
		return t.Key
	}
	return t.expand(lang, s, find, 0)
}

// expand fills the placeholders of s; depth stops a key that names itself.
func (t *Text) expand(lang, s string, find func(string) (string, bool), depth int) string {
	return placeholder.ReplaceAllStringFunc(s, func(ph string) string {
		m := placeholder.FindStringSubmatch(ph)
		v, ok := t.Args[m[2]]
		if !ok {
			return ph
		}
		switch m[1] {
		case "":
			return v
		case "#":
			return grouped(v)
		case "$":
			return t.organization(lang, m[2])
		case "%":
			return t.service(lang, m[2])
		case "@@":
			// A text recorded before its list was of labels holds "a, b": the same kinds.
			labels := strings.Split(v, ",")
			for i, l := range labels {
				labels[i] = label(strings.TrimSpace(l), find)
			}
			return strings.Join(labels, ", ")
		}
		if sub, ok := find(v); ok && depth < 3 {
			return t.expand(lang, sub, find, depth+1)
		}
		return label(v, find)
	})
}

// label is the text of a label key; a label nobody translates shows as the value it names
// (status.negotiating as negotiating).
func label(key string, find func(string) (string, bool)) string {
	if s, ok := find(key); ok {
		return s
	}
	_, value, found := strings.Cut(key, ".")
	if !found {
		return key
	}
	return value
}

//go:embed messages/*.json
var messageFS embed.FS

// domainMessages is the domain's catalog, read once when the package loads.
var domainMessages, domainMessagesErr = LoadCatalog(messageFS)

// CatalogErr says why the domain's catalog could not be read, nil when it was: a program
// refuses to start on it rather than show bare keys.
func CatalogErr() error { return domainMessagesErr }

// DomainKeys are the keys of the domain's catalog.
func DomainKeys() []string {
	return sortedKeys(domainMessages)
}

// sortedKeys lists m's keys in order, so that a listing does not follow map order; it is
// never nil, as the listings always were.
func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func domainText(lang, key string) (string, bool) { return LookupIn(domainMessages, lang, key) }

// LookupIn finds the text of key in lang in a catalog LoadCatalog read (Korean first,
// English second); it says false for a key the catalog does not know.
func LookupIn(catalog map[string][2]string, lang, key string) (string, bool) {
	m, ok := catalog[key]
	if !ok {
		return "", false
	}
	if lang == LangEN {
		return m[1], true
	}
	return m[0], true
}

// LoadCatalog reads messages/<lang>.json of each language, flat objects of key → text
// whose keys are kept sorted so that a translator edits one line per text. It refuses a
// key that is in one file and not the other: it would show an empty text in that
// language. The web UI's catalog is read by the same loader.
func LoadCatalog(fsys fs.FS) (map[string][2]string, error) {
	catalog := map[string][2]string{}
	var files [len(CatalogLangs)]map[string]string
	for i, lang := range CatalogLangs {
		name := "messages/" + lang + ".json"
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("message catalog: %w", err)
		}
		if err := json.Unmarshal(b, &files[i]); err != nil {
			return nil, fmt.Errorf("message catalog %s%s: %w", name, lineOf(b, err), err)
		}
		if len(files[i]) == 0 {
			return nil, fmt.Errorf("message catalog %s: no messages", name)
		}
		for key, text := range files[i] {
			m := catalog[key]
			m[i] = text
			catalog[key] = m
		}
	}
	var missing []string
	for key := range catalog {
		for i, lang := range CatalogLangs {
			if _, ok := files[i][key]; !ok {
				missing = append(missing, fmt.Sprintf("%q has no %s text", key, lang))
			}
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, fmt.Errorf("message catalog: messages/%s.json and messages/%s.json disagree: %s",
			CatalogLangs[0], CatalogLangs[1], strings.Join(missing, "; "))
	}
	return catalog, nil
}

// lineOf is ":<line>" of a JSON error in b, "" if the error has no place: the decoder
// counts bytes, and a translator reads lines.
func lineOf(b []byte, err error) string {
	var offset int64 = -1
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		offset = syntax.Offset
	case errors.As(err, &typ):
		offset = typ.Offset
	}
	if offset < 0 || offset > int64(len(b)) {
		return ""
	}
	return fmt.Sprintf(":%d", bytes.Count(b[:offset], []byte("\n"))+1)
}

// itoa writes a whole number of the rule table or a count as an argument.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// grouped writes a whole number with a comma every three digits; anything else is left as
// it is.
func grouped(v string) string {
	digits := strings.TrimPrefix(v, "-")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return v
	}
	var b strings.Builder
	b.WriteString(v[:len(v)-len(digits)])
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
