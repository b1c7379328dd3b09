package store

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"time"
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
		return "", errPageToken()
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

// A list sorted on a column before the ID (a date, a due time) pages on both: its token is
// "<the column's value>|<last ID>", opaque like every other token.
const keysetSep = "|"

func encodeKeyedToken(sortKey, lastID string) string {
	return encodePageToken(sortKey + keysetSep + lastID)
}

// decodeKeyedToken reads a token of encodeKeyedToken, the column's value through parse;
// the first page's token ("") gives zero values.
func decodeKeyedToken[K any](token string, parse func(string) (K, error)) (sortKey K, lastID string, err error) {
	raw, err := decodePageToken(token)
	if err != nil || raw == "" {
		return sortKey, "", err
	}
	key, id, ok := strings.Cut(raw, keysetSep)
	k, perr := parse(key)
	if !ok || id == "" || perr != nil {
		return sortKey, "", errPageToken()
	}
	return k, id, nil
}

// keyedRow is a row of a list sorted on a column before its ID, selected as "sort".
type keyedRow[K any] struct {
	ID   string
	Sort K
	Doc  []byte
}

// docPage reads the page tx selects (in its order, size+1 rows at most) and decodes each
// doc as a noun; token writes the next page's token from the page's last row. what names
// the list in errors.
func docPage[K, T any](tx *gorm.DB, size int, what, noun string, token func(last keyedRow[K]) string) ([]T, string, error) {
	var rows []keyedRow[K]
	if err := tx.Limit(size + 1).Scan(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list %s: %w", what, err)
	}
	rows, next := keysetPage(rows, size, token)
	out := make([]T, len(rows))
	for i, r := range rows {
		v, err := decodeDoc[T](noun, r.ID, r.Doc)
		if err != nil {
			return nil, "", err
		}
		out[i] = *v
	}
	return out, next, nil
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

// in filters on col being one of vs; none means "any".
func in[T any](col string, vs []T) filter {
	if len(vs) == 0 {
		return filter{}
	}
	return filter{sql: col + " IN ?", args: []any{vs}}
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

// errPageToken refuses a page token this list did not give.
func errPageToken() error {
	return models.FieldInvalid("page_token", models.Msg("invalid.page_token"))
}

func invalidField(field, message string) error {
	return models.Invalid([]models.FieldError{{Field: field, Message: message}})
}

// rowPage reads the page q selects, ordered by its key column orderBy (size+1 rows at most,
// see keysetPage), and answers each row as its model; key is a row's key for the next
// page's token, what names the list in an error.
func rowPage[R any, M any](q *gorm.DB, orderBy string, size int, what string, key func(R) string, model func(R) M) ([]M, string, error) {
	var rows []R
	if err := q.Order(orderBy).Limit(size + 1).Scan(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("%s: %w", what, err)
	}
	rows, next := keysetPage(rows, size, func(last R) string { return encodePageToken(key(last)) })
	out := make([]M, len(rows))
	for i, r := range rows {
		out[i] = model(r)
	}
	return out, next, nil
}

// newestFirst reads the page of q's rows, newest first by the time column col and then by
// id (a bigserial), after the token's row, and answers each row as its model: the logs of
// who read what. The token is the last row's time and ID.
func newestFirst[R any, M any](q *gorm.DB, col string, size int, token, what string, key func(R) (time.Time, int64), model func(R) M) ([]M, string, error) {
	before, beforeID, err := decodeKeyedToken(token, parseTokenTime)
	if err != nil {
		return nil, "", err
	}
	if beforeID != "" {
		n, err := strconv.ParseInt(beforeID, 10, 64)
		if err != nil {
			return nil, "", errPageToken()
		}
		q = q.Where("("+col+", id) < (?, ?)", before, n)
	}
	size = pageSize(size)
	var rows []R
	if err := q.Order(col + " DESC, id DESC").Limit(size + 1).Scan(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("%s: %w", what, err)
	}
	rows, next := keysetPage(rows, size, func(last R) string {
		at, id := key(last)
		return encodeKeyedToken(at.UTC().Format(time.RFC3339Nano), strconv.FormatInt(id, 10))
	})
	out := make([]M, len(rows))
	for i, r := range rows {
		out[i] = model(r)
	}
	return out, next, nil
}

// parseTokenTime reads the time of a token of a list sorted by a time column, written
// as UTC in RFC 3339 with nanoseconds.
func parseTokenTime(v string) (time.Time, error) { return time.Parse(time.RFC3339Nano, v) }
