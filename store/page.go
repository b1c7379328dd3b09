package store

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"github.com/dsmarket/dsmarket/models"
)

// Lists page by keyset on the primary key: a token is the last ID of the previous page,
// so a page costs one index range scan however deep it is, and rows inserted meanwhile
// neither repeat nor shift later pages. The token is opaque to callers (base64url) so that
// the encoding can change without breaking them.

// maxIDLen bounds what a decoded token may hold; IDs are short.
const maxIDLen = 200

func encodePageToken(lastID string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(lastID))
}

// decodePageToken returns the ID after which the page starts, "" for the first page.
func decodePageToken(token string) (string, error) {
	if token == "" {
		return "", nil
	}
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(token, "="))
	if err != nil || len(b) == 0 || len(b) > maxIDLen || !utf8.Valid(b) || strings.ContainsRune(string(b), 0) {
		return "", invalidField("page_token", "is not a page token returned by this list")
	}
	return string(b), nil
}

// pageSize applies the default and the cap of API.md.
func pageSize(n int) int {
	switch {
	case n <= 0:
		return models.DefaultPageSize
	case n > models.MaxPageSize:
		return models.MaxPageSize
	}
	return n
}

func invalidField(field, message string) error {
	return &models.Error{Code: models.EINVALID, Message: "one or more fields are invalid",
		Fields: []models.FieldError{{Field: field, Message: message}}}
}

// likePattern turns user text into an ILIKE substring pattern in which % _ and \ are
// literal, so that a search for "100%" does not match everything.
func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(q) + "%"
}
