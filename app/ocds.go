package app

import (
	"context"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// OCDS publishes the catalog and the contracts as OCDS 1.1 open data (docs/ocds.md): the
// feed of every published change, a page at a time, and the record of one process. Both
// are public.
type OCDS struct {
	Store     *store.Store
	Publisher models.OCDSPublisher
	Clock     func() time.Time
}

// OCDSPage is one page of the feed: its releases in feed order, the token of the page
// after it (given even at the end of the feed, so that a reader keeps its place), and the
// date of its latest release (now, for an empty page).
type OCDSPage struct {
	Releases      []models.OCDSRelease
	NextPageToken string
	PublishedDate time.Time
}

// Releases returns up to size releases after the position token names (the start of the
// feed when empty); with since set, only those published at or after it.
func (o *OCDS) Releases(ctx context.Context, since time.Time, size int, token string) (OCDSPage, error) {
	after, err := store.ParseOCDSFeedToken(token)
	if err != nil {
		return OCDSPage{}, err
	}
	changes, err := o.Store.OCDSChanges(ctx, after, since, size)
	if err != nil {
		return OCDSPage{}, err
	}
	page := OCDSPage{Releases: make([]models.OCDSRelease, len(changes)), PublishedDate: o.Clock().In(models.Seoul)}
	for i, c := range changes {
		if page.Releases[i], err = o.Publisher.Release(c); err != nil {
			return OCDSPage{}, err
		}
		after, page.PublishedDate = c.Seq, page.Releases[i].Date
	}
	page.NextPageToken = store.OCDSFeedToken(after)
	return page, nil
}

// Record returns the record of the process ocid names, with its releases and the release
// compiled from them; an ocid of another prefix, or of a process never published, is not
// found.
func (o *OCDS) Record(ctx context.Context, ocid string) (models.OCDSRecord, error) {
	process, ok := o.Publisher.Process(ocid)
	if !ok {
		return models.OCDSRecord{}, models.Refuse(models.ENOTFOUND, models.Msg("error.ocds_record_other_prefix", "ocid", ocid, "prefix", o.Publisher.Prefix))
	}
	changes, err := o.Store.OCDSProcessChanges(ctx, process)
	if err != nil {
		return models.OCDSRecord{}, err
	}
	if len(changes) == 0 {
		return models.OCDSRecord{}, models.Refuse(models.ENOTFOUND, models.Msg("error.ocds_record_not_found", "ocid", ocid))
	}
	rec := models.OCDSRecord{OCID: ocid, Releases: make([]models.OCDSRelease, len(changes))}
	for i, c := range changes {
		if rec.Releases[i], err = o.Publisher.Release(c); err != nil {
			return models.OCDSRecord{}, err
		}
	}
	rec.CompiledRelease, err = models.CompileOCDS(rec.Releases)
	return rec, err
}
