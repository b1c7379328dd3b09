package store

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/dsmarket/dsmarket/models"
)

// Each case projection (orders, applications, committee sessions) keeps the case as the
// workflow last wrote it in a jsonb column "doc"; these read it back the same way for all.

// getDoc reads the doc of the row with this id from table; noun names the case in errors.
func getDoc[T any](ctx context.Context, s *Store, table, noun, id string) (*T, error) {
	var doc []byte
	err := s.db.WithContext(ctx).Table(table).Select("doc").Where("id = ?", id).Limit(1).Row().Scan(&doc)
	if err != nil {
		if isNoRows(err) {
			return nil, models.Errorf(models.ENOTFOUND, "%s %s not found", noun, id)
		}
		return nil, fmt.Errorf("get %s %s: %w", noun, id, err)
	}
	return decodeDoc[T](noun, id, doc)
}

func decodeDoc[T any](noun, id string, doc []byte) (*T, error) {
	var v T
	if err := json.Unmarshal(doc, &v); err != nil {
		return nil, fmt.Errorf("decode %s %s: %w", noun, id, err)
	}
	return &v, nil
}

type docRow struct {
	ID  string
	Doc []byte
}

// listDocs pages through the docs of a table newest first (by ID, which grows with time),
// where filters hold; the page token is the last ID of the page before.
func listDocs[T any](ctx context.Context, s *Store, table, noun string, requested int, pageToken string,
	filters ...filter) ([]T, string, error) {
	before, err := decodePageToken(pageToken)
	if err != nil {
		return nil, "", err
	}
	size := pageSize(requested)
	tx := where(s.db.WithContext(ctx).Table(table).Select("id, doc"), filters...)
	if before != "" {
		tx = tx.Where("id < ?", before)
	}
	var rows []docRow
	if err := tx.Order("id DESC").Limit(size + 1).Scan(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list %s: %w", table, err)
	}
	rows, next := keysetPage(rows, size, func(r docRow) string { return encodePageToken(r.ID) })
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
