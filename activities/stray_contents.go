package activities

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
)

// strayGrace is how old bytes without a document's row must be before they are removed: an
// upload writes its row within its request, seconds after its bytes, so a day leaves no
// doubt that the row will never come.
const strayGrace = 24 * time.Hour

// strayPage and strayPages bound one night's sweep (100,000 keys, some seconds of
// listing); a store larger than that is swept in parts, night after night, as each night
// starts at a random point of the keys and wraps around.
const (
	strayPage  = 1000
	strayPages = 100
)

// PurgeStrayContents removes the bytes that no document's row names, which a crash
// between the two writes of an upload leaves (the bytes are written first, so that no row
// is ever without its file), and returns how many it removed. Only keys in the form of a
// document ID are taken, and only bytes older than strayGrace; a document's row is never
// deleted, so no document loses its file to it. Deleting bytes already gone is harmless,
// so a retry repeats nothing.
func (a *Activities) PurgeStrayContents(ctx context.Context) (int64, error) {
	if a.Documents == nil {
		a.logger().WarnContext(ctx, "stray document bytes kept: this worker has no document storage")
		return 0, nil
	}
	before := a.now().Add(-strayGrace)
	start := fmt.Sprintf("DOC-%02x", rand.IntN(256)) //nolint:gosec // G404: where a sweep starts is no secret
	var removed int64
	after, wrapped := start, false
	for range strayPages {
		keys, err := a.Documents.Keys(ctx, after, before, strayPage)
		if err != nil {
			return removed, temporalerr.Wrap(err)
		}
		if wrapped {
			keys = keysBelow(keys, start)
		}
		n, err := a.removeStray(ctx, keys)
		removed += n
		if err != nil {
			return removed, err
		}
		switch {
		case len(keys) == strayPage:
			after = keys[len(keys)-1]
		case !wrapped:
			after, wrapped = "", true
		default:
			return removed, nil
		}
	}
	a.logger().WarnContext(ctx, "stray document bytes: the night's sweep stopped at its bound; the next night goes on",
		"pages", strayPages, "removed", removed)
	return removed, nil
}

// keysBelow is the part of keys (in order) before start: the second pass ends where the
// first began.
func keysBelow(keys []string, start string) []string {
	for i, k := range keys {
		if k >= start {
			return keys[:i]
		}
	}
	return keys
}

// removeStray deletes the bytes of the keys that are document IDs without a row.
func (a *Activities) removeStray(ctx context.Context, keys []string) (int64, error) {
	ids := make([]string, 0, len(keys))
	for _, k := range keys {
		if models.DocumentIDPattern.MatchString(k) {
			ids = append(ids, k)
		}
	}
	known, err := a.Store.KnownDocuments(ctx, ids)
	if err != nil {
		return 0, temporalerr.Wrap(err)
	}
	var removed int64
	for _, id := range ids {
		if known[id] {
			continue
		}
		if err := a.Documents.Delete(ctx, id); err != nil {
			return removed, temporalerr.Wrap(fmt.Errorf("delete the stray bytes %s from %s: %w", id, a.Documents, err))
		}
		removed++
		a.logger().InfoContext(ctx, "stray document bytes removed", "key", id, "grace", strayGrace.String())
	}
	return removed, nil
}
