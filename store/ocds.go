package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// The OCDS feed (migration 00021, docs/ocds.md): triggers append a row for every published
// change in the transaction that publishes it, numbered in commit order, so that reading
// "after seq N" never skips a change committed later with a smaller number.

type ocdsFeedRow struct {
	Seq      int64
	Process  string
	Kind     string
	Change   string
	At       time.Time
	Snapshot string
}

func (r ocdsFeedRow) model() models.OCDSChange {
	return models.OCDSChange{Seq: r.Seq, Process: r.Process, Kind: r.Kind, Change: r.Change, At: r.At,
		Snapshot: json.RawMessage(r.Snapshot)}
}

const ocdsFeedColumns = "seq, process, kind, change, at, snapshot::text AS snapshot"

// OCDSChanges returns up to limit published changes after seq after, in feed order; with
// since set, only those published at or after it.
func (s *Store) OCDSChanges(ctx context.Context, after int64, since time.Time, limit int) ([]models.OCDSChange, error) {
	q := s.db.WithContext(ctx).Table("ocds_feed").Select(ocdsFeedColumns).Where("seq > ?", after)
	if !since.IsZero() {
		q = q.Where("at >= ?", since)
	}
	var rows []ocdsFeedRow
	if err := q.Order("seq").Limit(limit).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("OCDS feed after %d: %w", after, err)
	}
	return ocdsChanges(rows), nil
}

// OCDSProcessChanges returns every published change of one process, oldest first: what its
// record is compiled from. None: the process was never published.
func (s *Store) OCDSProcessChanges(ctx context.Context, process string) ([]models.OCDSChange, error) {
	var rows []ocdsFeedRow
	err := s.db.WithContext(ctx).Table("ocds_feed").Select(ocdsFeedColumns).
		Where("process = ?", process).Order("seq").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("OCDS changes of %s: %w", process, err)
	}
	return ocdsChanges(rows), nil
}

// OCDSFeedToken is the page token of the feed after position after, opaque like every list's.
func OCDSFeedToken(after int64) string { return encodePageToken(strconv.FormatInt(after, 10)) }

// ParseOCDSFeedToken reads a token of OCDSFeedToken; "" is the start of the feed.
func ParseOCDSFeedToken(token string) (int64, error) {
	raw, err := decodePageToken(token)
	if err != nil || raw == "" {
		return 0, err
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 0 {
		return 0, models.FieldInvalid("page_token", models.Msg("invalid.feed_page_token"))
	}
	return n, nil
}

func ocdsChanges(rows []ocdsFeedRow) []models.OCDSChange {
	out := make([]models.OCDSChange, len(rows))
	for i, r := range rows {
		out[i] = r.model()
	}
	return out
}
