package web

import (
	"embed"
	"fmt"
	"io/fs"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
)

// Languages: Korean is the default of a Korean public system; English for foreign staff
// and providers.
const (
	langKO = models.LangKO
	langEN = models.LangEN
)

// langOf is the visitor's choice: the language they switched to, else the one their
// browser prefers (Accept-Language), else Korean.
func langOf(c *gin.Context) string {
	if v, _ := c.Cookie(langCookie); v == langEN || v == langKO {
		return v
	}
	return models.AcceptedLang(c.GetHeader("Accept-Language"), langKO)
}

// translate returns the text of key in lang; a key missing from the catalog shows as
// itself, which the catalog test forbids for every key the templates use.
func translate(lang, key string) string {
	if s, ok := lookup(lang, key); ok {
		return s
	}
	return key
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
var catalogLangs = models.CatalogLangs

// messages is the catalog: key → {Korean, English}. It is read once when the package
// loads; messagesErr says why it could not be, and New refuses to start on it, so a
// broken file stops the program at start-up instead of showing bare keys on pages.
var messages, messagesErr = loadCatalog(messageFS)

// loadCatalog reads the UI's message files with the one loader the domain's catalog is
// read by too.
func loadCatalog(fsys fs.FS) (map[string][2]string, error) {
	catalog, err := models.LoadCatalog(fsys)
	if err == nil {
		err = models.CatalogErr()
	}
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	return catalog, nil
}

// lookup finds a key of the UI's catalog, for the labels a domain text names (a status).
func lookup(lang, key string) (string, bool) { return models.LookupIn(messages, lang, key) }

// Labels is lookup for another writer of domain texts (the e-mails), so that a status reads
// there as it reads on the pages.
func Labels(lang, key string) (string, bool) { return lookup(lang, key) }

// say renders a domain text in lang, or fallback (the English string of the REST
// contract) for a case recorded before its texts were keyed.
func say(lang string, t *models.Text, fallback string) string {
	if t == nil {
		return fallback
	}
	return t.ForReader().Format(lang, lookup)
}
