package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
)

// SaveChangeRequest writes the projection of a change request; an older version never
// replaces a newer one.
func (s *Store) SaveChangeRequest(ctx context.Context, cr *models.ChangeRequest) error {
	return s.saveProjection(ctx, projection{
		table: "change_requests", what: "change request " + cr.ID, key: col("id", cr.ID),
		columns: []column{
			// The request's own columns are fixed at submission; later versions carry only its decision.
			col("workflow_id", cr.WorkflowID).writtenOnce(), col("service_id", cr.ServiceID).writtenOnce(),
			col("provider_org", cr.ProviderOrg).writtenOnce(), col("path", string(cr.Path)).writtenOnce(),
			col("status", string(cr.Status)), col("requested_at", cr.RequestedAt).writtenOnce(),
			col("closed_at", cr.ClosedAt),
		},
		version: cr.Version(), doc: cr,
		audit: auditCase{"change_request", cr.ID, cr.WorkflowID}, steps: cr.Steps,
	})
}

// ApplyServiceChanges applies an approved change request to the catalog row and appends
// its fields to the service's history, in one transaction. It is idempotent: a request
// whose history rows exist was applied before, and nothing changes again. An approval
// writes the approval-path fields (names, descriptions, a subtype within the same type, the
// catalog's features and prices); the criteria fields (type, CSAP, SLA, the provider's
// identity) are applied only for a rereview-path request, whose re-review selected the
// service again. Every applied request raises the service's version by one.
func (s *Store) ApplyServiceChanges(ctx context.Context, cr *models.ChangeRequest, at time.Time) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Two runs of one apply at once (a retry while the first is still running) would
		// both find no history and raise the version twice; the second waits here, and its
		// count, a statement after the first's commit, sees the first's rows.
		if err := tx.Exec(`SELECT 1 FROM services WHERE id = ? FOR UPDATE`, cr.ServiceID).Error; err != nil {
			return fmt.Errorf("apply change request %s: %w", cr.ID, err)
		}
		var done int64
		if err := tx.Table("service_changes").Where("change_request_id = ?", cr.ID).Count(&done).Error; err != nil {
			return fmt.Errorf("apply change request %s: %w", cr.ID, err)
		}
		if done > 0 {
			return nil
		}
		// The old values as the catalog holds them now, under the lock: another request on
		// the same field may have been applied since this one was asked.
		var cur serviceView
		if err := tx.Table("services AS s").Select(serviceViewColumns).Joins("JOIN providers p ON p.org = s.provider_org").
			Where("s.id = ?", cr.ServiceID).Take(&cur).Error; err != nil {
			return notFound(err, models.Msg("error.service_id_not_found", "service", cr.ServiceID))
		}
		current := cur.model()
		// Each applied request is one more version of the service, whatever it changes; the
		// history rows above make a retry return before this, so the version rises once.
		set := map[string]any{"updated_at": at, "version": gorm.Expr("version + 1")}
		provider := map[string]any{}
		for _, c := range cr.Changes {
			switch c.Field {
			case "name", "name_en", "description", "description_en", "subtype":
				set[c.Field] = c.New
			case "features", "features_en", "prices":
				set[c.Field] = gorm.Expr("?::jsonb", c.New) // a JSON array (models.FeaturesJSON, PricesJSON)
			case "type", "csap_valid_until", "sla", "provider_name", "business_no":
				if cr.Path != models.ChangeRereview {
					return models.Errorf(models.EINVALID, "field %s is applied only after its re-review", c.Field)
				}
				// The type moves with its subtype (one CHECK over both); the provider's identity is
				// the organization's, for all its services. The CSAP date moves the catalog through
				// the service's watch, which the re-review told (activities.ConfirmRereview), and
				// the SLA statement is the re-review's document: both are history rows only.
				switch c.Field {
				case "type":
					set["type"] = c.New
				case "provider_name":
					provider["name"] = c.New
				case "business_no":
					provider["business_no"] = c.New
				}
			default:
				return models.Errorf(models.EINVALID, "field %s is not applied by an approval", c.Field)
			}
			if err := tx.Exec(`
				INSERT INTO service_changes (service_id, change_request_id, field, old_value, new_value,
					requested_by, approved_by, applied_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
				cr.ServiceID, cr.ID, c.Field, oldValue(current, c), c.New, cr.RequestedBy, cr.DecidedBy, at).Error; err != nil {
				return fmt.Errorf("apply change request %s: %w", cr.ID, err)
			}
		}
		// The row was read under the lock above, so it is there to update.
		if err := tx.Table("services").Where("id = ?", cr.ServiceID).Updates(set).Error; err != nil {
			return fmt.Errorf("apply change request %s: %w", cr.ID, err)
		}
		if len(provider) > 0 {
			// A business number another organization holds is left to the operators to settle
			// in the registry: the error is retried (not a business failure), so the re-review's
			// decision is applied once they have, and the Temporal UI shows why it waits.
			if err := tx.Table("providers").Where("org = ?", cr.ProviderOrg).Updates(provider).Error; err != nil {
				return fmt.Errorf("apply change request %s to the provider: %w", cr.ID, err)
			}
		}
		return nil
	})
}

// ListServiceChanges is a page of a service's applied changes, oldest first, keyset-paged
// on when each was applied.
func (s *Store) ListServiceChanges(ctx context.Context, serviceID string, size int, token string) ([]models.ServiceChange, string, error) {
	size = pageSize(size)
	after, afterID, err := decodeKeyedToken(token, parseTokenTime)
	if err != nil {
		return nil, "", err
	}
	type row struct {
		ID              int64
		ServiceID       string
		ChangeRequestID string
		Field           string
		OldValue        string
		NewValue        string
		RequestedBy     string
		ApprovedBy      string
		AppliedAt       time.Time
	}
	var rows []row
	tx := s.db.WithContext(ctx).Table("service_changes").
		Select("id, service_id, change_request_id, field, old_value, new_value, requested_by, approved_by, applied_at").
		Where("service_id = ?", serviceID)
	if afterID != "" {
		id, perr := strconv.ParseInt(afterID, 10, 64)
		if perr != nil {
			return nil, "", errPageToken()
		}
		tx = tx.Where("(applied_at, id) > (?, ?)", after, id)
	}
	if err := tx.Order("applied_at, id").Limit(size + 1).Scan(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("service changes of %s: %w", serviceID, err)
	}
	rows, next := keysetPage(rows, size, func(last row) string {
		return encodeKeyedToken(last.AppliedAt.UTC().Format(time.RFC3339Nano), strconv.FormatInt(last.ID, 10))
	})
	out := make([]models.ServiceChange, len(rows))
	for i, r := range rows {
		out[i] = models.ServiceChange{ServiceID: r.ServiceID, ChangeRequestID: r.ChangeRequestID, Field: r.Field,
			Old: r.OldValue, New: r.NewValue, RequestedBy: r.RequestedBy, ApprovedBy: r.ApprovedBy,
			AppliedAt: r.AppliedAt.In(models.Seoul)}
	}
	return out, next, nil
}

// oldValue is what c replaces: the catalog's value, or the request's own where the catalog
// holds none (the SLA statement) or has moved already (the CSAP date, which the service's
// watch may have written before this apply).
func oldValue(svc models.Service, c models.FieldChange) string {
	if v, ok := models.CatalogValue(svc, c.Field); ok && c.Field != "csap_valid_until" {
		return v
	}
	return c.Old
}
