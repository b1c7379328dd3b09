package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
)

// Languages: Korean is the default of a Korean public system; English for foreign staff
// and providers.
const (
	langKO = "ko"
	langEN = "en"
)

// langOf is the visitor's choice, Korean unless they switched.
func langOf(c *gin.Context) string {
	if v, _ := c.Cookie(langCookie); v == langEN {
		return langEN
	}
	return langKO
}

// translate returns the text of key in lang; a key missing from the catalog shows as
// itself, which the catalog test forbids for every key the templates use.
func translate(lang, key string) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	if lang == langEN {
		return m[1]
	}
	return m[0]
}

// label translates an enumerated value (a status, a kind, a role) under its namespace,
// falling back to the value itself for one the catalog does not know yet.
func label(lang, ns, value string) string {
	key := ns + "." + value
	if _, ok := messages[key]; !ok {
		return strings.ReplaceAll(value, "_", " ")
	}
	return translate(lang, key)
}

// The texts are data, not code (STYLE.md, "Messages are data"): one file per language,
// messages/<lang>.json, a flat object of key → text whose keys are kept sorted so that a
// translator edits one line per text and a diff shows only what changed.
//
//go:embed messages/*.json
var messageFS embed.FS

// catalogLangs are the catalog's languages, in the order of a message's texts.
var catalogLangs = [2]string{langKO, langEN}

// messages is the catalog: key → {Korean, English}. It is read once when the package
// loads; messagesErr says why it could not be, and New refuses to start on it, so a
// broken file stops the program at start-up instead of showing bare keys on pages.
var messages, messagesErr = loadCatalog(messageFS)

// loadCatalog reads the message file of each language and refuses a key that is in one
// file and not the other: it would show an empty text in that language.
func loadCatalog(fsys fs.FS) (map[string][2]string, error) {
	catalog := map[string][2]string{}
	var files [len(catalogLangs)]map[string]string
	for i, lang := range catalogLangs {
		name := "messages/" + lang + ".json"
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("web: message catalog: %w", err)
		}
		if err := json.Unmarshal(b, &files[i]); err != nil {
			return nil, fmt.Errorf("web: message catalog %s%s: %w", name, lineOf(b, err), err)
		}
		if len(files[i]) == 0 {
			return nil, fmt.Errorf("web: message catalog %s: no messages", name)
		}
		for key, text := range files[i] {
			m := catalog[key]
			m[i] = text
			catalog[key] = m
		}
	}
	var missing []string
	for key := range catalog {
		for i, lang := range catalogLangs {
			if _, ok := files[i][key]; !ok {
				missing = append(missing, fmt.Sprintf("%q has no %s text", key, lang))
			}
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, fmt.Errorf("web: message catalog: messages/%s.json and messages/%s.json disagree: %s",
			catalogLangs[0], catalogLangs[1], strings.Join(missing, "; "))
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
