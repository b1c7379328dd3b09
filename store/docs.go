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
