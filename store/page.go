package store

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

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

// keysetPage cuts rows to a page of size. Lists read size+1 rows so that the extra row
// tells, without a count, whether another page follows; next is then the token of the
// page's last row, and "" on the last page.
func keysetPage[R any](rows []R, size int, token func(last R) string) (page []R, next string) {
	if len(rows) <= size {
		return rows, ""
	}
	rows = rows[:size]
	return rows, token(rows[size-1])
}

// filter is one condition of a list; the zero filter adds none.
type filter struct {
	sql  string
	args []any
}

// eq filters on col = v, unless v is its type's zero value, which every list filter reads
// as "any".
func eq[T comparable](col string, v T) filter {
	var zero T
	if v == zero {
		return filter{}
	}
	return filter{sql: col + " = ?", args: []any{v}}
}

// where adds the filters to tx in the order given.
func where(tx *gorm.DB, filters ...filter) *gorm.DB {
	for _, f := range filters {
		if f.sql != "" {
			tx = tx.Where(f.sql, f.args...)
		}
	}
	return tx
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
