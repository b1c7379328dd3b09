package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// SaveServiceWatch writes the projection of a service's watch. As for every case, a write
// replaces the stored row only if it carries a newer version, so a late retry of an older
// state never hides a newer one.
func (s *Store) SaveServiceWatch(ctx context.Context, w *models.ServiceWatch) error {
	workflowID := flow.ServiceWatchWorkflowID(w.ServiceID)
	return s.saveProjection(ctx, projection{
		table: "service_watches", what: "watch of " + w.ServiceID, key: col("service_id", w.ServiceID),
		columns: []column{
			col("workflow_id", workflowID), col("status", string(w.Status)),
			dateCol("csap_valid_until", w.CSAPValidUntil),
		},
		version: w.Version(), doc: w,
		audit: auditCase{"service", w.ServiceID, workflowID}, steps: w.Steps(),
	})
}

// GetServiceWatch returns the stored copy of a service's watch. The workflow holds the
// authoritative state; this copy may lag it by the activity that is writing it.
func (s *Store) GetServiceWatch(ctx context.Context, serviceID string) (*models.ServiceWatch, error) {
	var doc []byte
	err := s.db.WithContext(ctx).Table("service_watches").Select("doc").
		Where("service_id = ?", serviceID).Limit(1).Row().Scan(&doc)
	if err != nil {
		if isNoRows(err) {
			return nil, models.Refuse(models.ENOTFOUND, models.Msg("error.inspection_record_not_found", "service", serviceID))
		}
		return nil, fmt.Errorf("get watch of %s: %w", serviceID, err)
	}
	return decodeDoc[models.ServiceWatch]("watch of service", serviceID, doc)
}

// UnwatchedServiceIDs returns, in ID order after the ID after, at most limit catalog
// services that are not removed and have no watch yet: a keyset page, so that a sweep over
// 50,000 services costs one index range scan per page and never repeats a service.
func (s *Store) UnwatchedServiceIDs(ctx context.Context, after string, limit int) ([]string, error) {
	var ids []string
	err := s.db.WithContext(ctx).Raw(`
		SELECT s.id FROM services s
		WHERE s.status IN ? AND s.id > ?
		  AND NOT EXISTS (SELECT 1 FROM service_watches w WHERE w.service_id = s.id)
		ORDER BY s.id
		LIMIT ?`, listedStatuses, after, pageSize(limit)).Scan(&ids).Error
	if err != nil {
		return nil, fmt.Errorf("unwatched services after %q: %w", after, err)
	}
	return ids, nil
}

// SetServiceCSAPValidUntil records a renewed CSAP certificate in the catalog, so that the
// service's page and the catalog's csap filter show the validity the watch follows.
func (s *Store) SetServiceCSAPValidUntil(ctx context.Context, id string, until models.Date) error {
	res := s.db.WithContext(ctx).Exec(
		`UPDATE services SET csap_valid_until = ?::date, updated_at = now() WHERE id = ?`, dateToDB(&until), id)
	if res.Error != nil {
		return fmt.Errorf("set CSAP validity of %s: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return models.Refuse(models.ENOTFOUND, models.Msg("error.service_id_not_found", "service", id))
	}
	return nil
}

// SaveUnfitNotice publishes the notice of a service removed as unfit, once: a retried
// activity finds the first notice and leaves it as it was.
func (s *Store) SaveUnfitNotice(ctx context.Context, n models.UnfitNotice, publishedAt time.Time) error {
	reason, err := textJSON(n.ReasonText)
	if err != nil {
		return fmt.Errorf("save unfit notice of %s: %w", n.ServiceID, err)
	}
	err = s.db.WithContext(ctx).Exec(`
		INSERT INTO unfit_notices (service_id, service_name, provider_name, reason, shown_from, shown_until, published_at,
			service_name_en, provider_name_en, reason_text)
		VALUES (?, ?, ?, ?, ?::date, ?::date, ?, ?, ?, ?::jsonb)
		ON CONFLICT (service_id) DO NOTHING`,
		n.ServiceID, n.Name, n.Provider, n.Reason, dateToDB(&n.From), dateToDB(&n.Until), createdAt(publishedAt),
		n.NameEn, n.ProviderEn, reason).Error
	if err != nil {
		return fmt.Errorf("save unfit notice of %s: %w", n.ServiceID, err)
	}
	return nil
}

// maxNotices bounds the notices one answer lists. Notices stay up for about three weeks,
// so even a bad month removes far fewer services than this.
const maxNotices = models.MaxPageSize

// CurrentUnfitNotices lists the notices displayed today (Seoul, by the store's clock),
// newest first: the first page of UnfitNoticesPage at its largest size (the web page).
func (s *Store) CurrentUnfitNotices(ctx context.Context) ([]models.UnfitNotice, error) {
	out, _, err := s.UnfitNoticesPage(ctx, maxNotices, "")
	return out, err
}

// UnfitNoticesPage is a page of the notices displayed today, newest first (the day it went
// up, then when it was published, then the service), keyset-paged on those three.
func (s *Store) UnfitNoticesPage(ctx context.Context, size int, token string) ([]models.UnfitNotice, string, error) {
	size = pageSize(size)
	after, afterID, err := decodeKeyedToken(token, parseNoticeKey)
	if err != nil {
		return nil, "", err
	}
	today := s.today().String()
	var rows []noticeRow
	tx := s.db.WithContext(ctx).Table("unfit_notices").
		Select("service_id, service_name, provider_name, reason, shown_from, shown_until, published_at, "+
			"service_name_en, provider_name_en, reason_text::text AS reason_text").
		Where("shown_from <= ?::date AND shown_until >= ?::date", today, today)
	if afterID != "" {
		tx = tx.Where("(shown_from, published_at, service_id) < (?::date, ?, ?)", after.from, after.published, afterID)
	}
	if err := tx.Order("shown_from DESC, published_at DESC, service_id DESC").Limit(size + 1).Scan(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("current unfit notices: %w", err)
	}
	rows, next := keysetPage(rows, size, func(last noticeRow) string {
		return encodeKeyedToken(dateFromDB(&last.ShownFrom).String()+","+last.PublishedAt.UTC().Format(time.RFC3339Nano), last.ServiceID)
	})
	out := make([]models.UnfitNotice, len(rows))
	for i, r := range rows {
		out[i] = models.UnfitNotice{ServiceID: r.ServiceID, Name: r.ServiceName, Provider: r.ProviderName,
			Reason: r.Reason, From: *dateFromDB(&r.ShownFrom), Until: *dateFromDB(&r.ShownUntil),
			NameEn: r.ServiceNameEn, ProviderEn: r.ProviderNameEn, ReasonText: textFromJSON(r.ReasonText)}
	}
	return out, next, nil
}

type noticeRow struct {
	ServiceID, ServiceName, ProviderName, Reason string
	ShownFrom, ShownUntil, PublishedAt           time.Time
	ServiceNameEn, ProviderNameEn                string
	ReasonText                                   *string
}

// noticeKey is where a page of notices ends: the day the last one went up and when it
// was published (its service is the token's ID).
type noticeKey struct {
	from      string
	published time.Time
}

func parseNoticeKey(s string) (noticeKey, error) {
	from, published, ok := strings.Cut(s, ",")
	if !ok {
		return noticeKey{}, errors.New("no comma")
	}
	if _, err := time.Parse(time.DateOnly, from); err != nil {
		return noticeKey{}, err
	}
	t, err := time.Parse(time.RFC3339Nano, published)
	return noticeKey{from: from, published: t}, err
}

// ListOpenServiceWatches lists the watches that have not ended (not unfit), by service ID,
// one keyset page at a time, as their projections last saw them: for the rules' what-if
// and the nightly sending of rule versions to open cases.
func (s *Store) ListOpenServiceWatches(ctx context.Context, size int, pageToken string) ([]models.ServiceWatch, string, error) {
	after, err := decodePageToken(pageToken)
	if err != nil {
		return nil, "", err
	}
	n := pageSize(size)
	var rows []struct {
		ServiceID string
		Doc       []byte
	}
	err = s.db.WithContext(ctx).Raw(`
		SELECT service_id, doc FROM service_watches
		WHERE status <> ? AND service_id > ?
		ORDER BY service_id
		LIMIT ?`, string(models.WatchUnfit), after, n+1).Scan(&rows).Error
	if err != nil {
		return nil, "", fmt.Errorf("open watches after %q: %w", after, err)
	}
	next := ""
	if len(rows) > n {
		rows = rows[:n]
		next = encodePageToken(rows[n-1].ServiceID)
	}
	out := make([]models.ServiceWatch, len(rows))
	for i, r := range rows {
		w, err := decodeDoc[models.ServiceWatch]("watch of service", r.ServiceID, r.Doc)
		if err != nil {
			return nil, "", err
		}
		out[i] = *w
	}
	return out, next, nil
}
