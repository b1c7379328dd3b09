package store

import (
	"context"
	"fmt"
	"slices"
	"time"
)

// AttachDocuments marks the uploaded documents ids as taken by a request at at, for good:
// an attached file is part of a case's record and is never purged. It returns the ids that
// cannot be attached because their bytes were purged (or are being purged) first. The
// purge's update and this one lock the same row, so exactly one of them wins.
func (s *Store) AttachDocuments(ctx context.Context, ids []string, at time.Time) (purged []string, err error) {
	if len(ids) == 0 {
		return nil, nil
	}
	db := s.db.WithContext(ctx)
	if err := db.Exec(`UPDATE documents SET attached_at = ?
		WHERE id IN ? AND attached_at IS NULL AND purged_at IS NULL`, at, ids).Error; err != nil {
		return nil, fmt.Errorf("attach documents: %w", err)
	}
	if err := db.Raw(`SELECT id FROM documents WHERE id IN ? AND purged_at IS NOT NULL ORDER BY id`, ids).
		Scan(&purged).Error; err != nil {
		return nil, fmt.Errorf("attach documents: %w", err)
	}
	return purged, nil
}

// PurgeUnattachedDocuments gives up the bytes of at most limit documents uploaded before
// cutoff and never attached, oldest first, as of now: it marks them purged (from then on
// they can be neither attached nor downloaded) and returns their IDs, for the caller to
// delete their bytes and then say so (ContentPurged).
func (s *Store) PurgeUnattachedDocuments(ctx context.Context, cutoff, now time.Time, limit int) ([]string, error) {
	var ids []string
	err := s.db.WithContext(ctx).Raw(`UPDATE documents SET purged_at = ?
		WHERE id IN (SELECT id FROM documents WHERE attached_at IS NULL AND purged_at IS NULL AND created_at < ?
		             ORDER BY created_at LIMIT ?)
		  AND attached_at IS NULL AND purged_at IS NULL
		RETURNING id`, now, cutoff, limit).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("purge unattached documents: %w", err)
	}
	slices.Sort(ids)
	return ids, nil
}

// DocumentsToEmpty lists at most limit documents marked purged whose bytes the storage has
// not yet been confirmed to have removed, oldest first: a purge interrupted between the
// mark and the deletion is finished by the next run.
func (s *Store) DocumentsToEmpty(ctx context.Context, limit int) ([]string, error) {
	var ids []string
	err := s.db.WithContext(ctx).Raw(`SELECT id FROM documents
		WHERE purged_at IS NOT NULL AND content_purged_at IS NULL ORDER BY purged_at, id LIMIT ?`, limit).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("documents to empty: %w", err)
	}
	return ids, nil
}

// ContentPurged records that the storage removed the bytes of the purged document id.
func (s *Store) ContentPurged(ctx context.Context, id string, at time.Time) error {
	err := s.db.WithContext(ctx).Exec(`UPDATE documents SET content_purged_at = ?
		WHERE id = ? AND purged_at IS NOT NULL AND content_purged_at IS NULL`, at, id).Error
	if err != nil {
		return fmt.Errorf("document %s: content purged: %w", id, err)
	}
	return nil
}

// KnownDocuments returns which of ids have a document's row. A row is never deleted (a
// purge keeps it), so bytes whose key is not among them belong to no document.
func (s *Store) KnownDocuments(ctx context.Context, ids []string) (map[string]bool, error) {
	known := make(map[string]bool, len(ids))
	if len(ids) == 0 {
		return known, nil
	}
	var found []string
	if err := s.db.WithContext(ctx).Raw(`SELECT id FROM documents WHERE id IN ?`, ids).Scan(&found).Error; err != nil {
		return nil, fmt.Errorf("known documents: %w", err)
	}
	for _, id := range found {
		known[id] = true
	}
	return known, nil
}
