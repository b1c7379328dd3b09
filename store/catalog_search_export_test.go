package store

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// SearchPlan is how SearchServices reads rank 0 (names) or 2 (descriptions) of q for a
// page of limit rows: the gram the index fetches by, and whether it walks instead.
func SearchPlan(ctx context.Context, s *Store, q string, rank, limit int) (gram string, walk bool, err error) {
	err = s.withConn(ctx, func(conn *pgx.Conn) error {
		gram, walk = s.currentGramStats(ctx, conn).plan(q, searchRank(rank), 0, limit)
		return nil
	})
	return gram, walk, err
}
