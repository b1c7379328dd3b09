package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
)

// ListQualityDueServices returns, in ID order, up to limit registered services selected on
// or before cutoff whose ID is greater than after ("" for the first), and whether more
// follow. The yearly cycle pages with it: the last ID of a page is the next page's after,
// so a page costs one index range scan however far the cycle has come, and a service
// registered meanwhile is either in a later page or not, never twice.
func (s *Store) ListQualityDueServices(ctx context.Context, after string, cutoff models.Date, limit int) ([]models.QualityDueService, bool, error) {
	if cutoff.IsZero() {
		return nil, false, invalidField("cutoff", "is required")
	}
	limit = pageSize(limit)
	var rows []struct {
		ID          string
		Name        string
		NameEn      string
		Type        string
		ProviderOrg string
		SelectedOn  time.Time
	}
	// One row more than the page tells whether another page follows, without a count.
	err := s.db.WithContext(ctx).Table("services").
		Select("id, name, name_en, type, provider_org, selected_on").
		Where("status = ? AND selected_on <= ?::date AND id > ?", string(models.ServiceRegistered), dateToDB(&cutoff), after).
		Order("id").Limit(limit + 1).Scan(&rows).Error
	if err != nil {
		return nil, false, fmt.Errorf("list services due for quality inspection: %w", err)
	}
	more := len(rows) > limit
	if more {
		rows = rows[:limit]
	}
	out := make([]models.QualityDueService, len(rows))
	for i, r := range rows {
		out[i] = models.QualityDueService{ID: r.ID, Name: r.Name, NameEn: r.NameEn, Type: models.ServiceType(r.Type),
			ProviderOrg: r.ProviderOrg, SelectedOn: *dateFromDB(&r.SelectedOn)}
	}
	return out, more, nil
}

// SaveQualityCase writes the projection of a quality case and of its inspection tasks, in
// one transaction, so that the inbox never shows tasks of a state the case list does not.
// As for orders, only a newer version replaces the stored row; when it does not, the
// tasks are left alone too, since they belong to the same (or a newer) state.
func (s *Store) SaveQualityCase(ctx context.Context, c *models.QualityCase) error {
	return s.saveProjection(ctx, projection{
		table: "quality_cases", what: "quality case " + c.ID, key: col("id", c.ID),
		columns: []column{
			col("workflow_id", c.WorkflowID), col("year", c.Year), col("status", string(c.Status)),
			col("service_id", c.ServiceID), col("service_name", c.ServiceName), col("provider_org", c.ProviderOrg),
			dateCol("report_due", &c.ReportDue), dateCol("remediation_due", c.RemediationDue),
			col("opened_at", c.OpenedAt), col("closed_at", c.ClosedAt),
		},
		version: c.Version(), doc: c,
		audit: auditCase{"quality", c.ID, c.WorkflowID}, steps: c.Steps,
		onWritten: func(tx *gorm.DB) error { return saveTasks(tx, c.Tasks, c.Version()) },
	})
}
