package activities

import (
	"context"
	"fmt"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
)

// purgeBatch and purgeBatches bound one night's purge: what is left waits for the next
// night, so that one run stays well inside its activity timeout.
const (
	purgeBatch   = 200
	purgeBatches = 25
)

// PurgeUnattachedDocuments removes the bytes of uploaded files that no request named
// within models.UnattachedDocumentDays of their upload, and returns how many it purged.
// Each file is first marked purged (from then on no request can take it and no one can
// download it), then its bytes are deleted and the deletion recorded; a run interrupted in
// between is finished by the next one, and deleting bytes already gone is harmless. The
// file's record, and the record of its downloads, stay.
func (a *Activities) PurgeUnattachedDocuments(ctx context.Context) (int64, error) {
	if a.Documents == nil {
		a.logger().WarnContext(ctx, "unattached documents kept: this worker has no document storage")
		return 0, nil
	}
	now := a.now()
	cutoff := now.AddDate(0, 0, -models.UnattachedDocumentDays)
	var purged int64
	for range purgeBatches {
		ids, err := a.Store.PurgeUnattachedDocuments(ctx, cutoff, now, purgeBatch)
		if err != nil {
			return purged, temporalerr.Wrap(err)
		}
		purged += int64(len(ids))
		if len(ids) < purgeBatch {
			break
		}
	}
	for range purgeBatches {
		ids, err := a.Store.DocumentsToEmpty(ctx, purgeBatch)
		if err != nil {
			return purged, temporalerr.Wrap(err)
		}
		for _, id := range ids {
			if err := a.Documents.Delete(ctx, id); err != nil {
				return purged, temporalerr.Wrap(fmt.Errorf("delete the bytes of document %s from %s: %w", id, a.Documents, err))
			}
			if err := a.Store.ContentPurged(ctx, id, a.now()); err != nil {
				return purged, temporalerr.Wrap(err)
			}
			a.logger().InfoContext(ctx, "unattached document purged", "document", id,
				"unattached_days", models.UnattachedDocumentDays)
		}
		if len(ids) < purgeBatch {
			break
		}
	}
	return purged, nil
}
