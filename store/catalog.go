package store

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"

	"github.com/dsmarket/dsmarket/models"
)

// listedStatuses are the statuses the catalog search shows: a suspended service stays
// visible (agencies can see why it cannot be ordered), a removed one does not.
var listedStatuses = []string{string(models.ServiceRegistered), string(models.ServiceSuspended)}

// GetService returns a service in any status, removed ones included, so that an order or
// a notice can still show what it was about.
func (s *Store) GetService(ctx context.Context, id string) (models.Service, error) {
	var v serviceView
	err := s.db.WithContext(ctx).Table("services AS s").Select(serviceViewColumns).
		Joins("JOIN providers p ON p.org = s.provider_org").
		Where("s.id = ?", id).Take(&v).Error
	if err != nil {
		return models.Service{}, notFound(err, models.Msg("error.service_id_not_found", "service", id))
	}
	return v.model(), nil
}

// SetServiceStatus moves a service in or out of the catalog.
func (s *Store) SetServiceStatus(ctx context.Context, id string, status models.ServiceStatus) error {
	switch status {
	case models.ServiceRegistered, models.ServiceSuspended, models.ServiceRemoved:
	default:
		return models.FieldInvalid("status", models.Msg("invalid.service_status"))
	}
	res := s.db.WithContext(ctx).Exec(
		`UPDATE services SET status = ?, updated_at = now() WHERE id = ?`, string(status), id)
	if res.Error != nil {
		return fmt.Errorf("set service status: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return models.Refuse(models.ENOTFOUND, models.Msg("error.service_id_not_found", "service", id))
	}
	return nil
}

// GetAgency returns the buyer organization org.
func (s *Store) GetAgency(ctx context.Context, org string) (models.Agency, error) {
	var r agencyRow
	if err := s.db.WithContext(ctx).Where("org = ?", org).Take(&r).Error; err != nil {
		return models.Agency{}, notFound(err, models.Msg("error.agency_not_found", "org", org))
	}
	return models.Agency{Org: r.Org, Name: r.Name, NameEn: r.NameEn, Kind: models.AgencyKind(r.Kind)}, nil
}

// GetProvider returns the provider organization org.
func (s *Store) GetProvider(ctx context.Context, org string) (models.Provider, error) {
	var v providerView
	err := s.db.WithContext(ctx).Table("providers").
		Select("org, name, name_en, business_no, size, founded_on").Where("org = ?", org).Take(&v).Error
	if err != nil {
		return models.Provider{}, notFound(err, models.Msg("error.provider_not_found", "org", org))
	}
	return v.model(), nil
}

// ListUsers returns the people the development sign-in offers, by role then sub.
func (s *Store) ListUsers(ctx context.Context) ([]models.User, error) {
	var rows []userRow
	if err := s.db.WithContext(ctx).Order("role, sub").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	out := make([]models.User, len(rows))
	for i, r := range rows {
		out[i] = r.model()
	}
	return out, nil
}

// jsonArray is a jsonb array column as written: [] when empty, never NULL, which the
// columns' CHECK would refuse anyway.
type jsonArray []byte

// Value writes the array's text; PostgreSQL parses it into the jsonb column.
func (a jsonArray) Value() (driver.Value, error) {
	if len(a) == 0 {
		return "[]", nil
	}
	return string(a), nil
}

// catalogColumns is a catalog as the columns hold it.
func catalogColumns(c models.Catalog) (features, featuresEn, prices jsonArray) {
	return jsonArray(models.FeaturesJSON(c.Features)), jsonArray(models.FeaturesJSON(c.FeaturesEn)), jsonArray(models.PricesJSON(c.Prices))
}

// featuresOf reads the features column; a service read by the API always has a list.
func featuresOf(b []byte) []string {
	out := []string{}
	if len(b) > 0 {
		_ = json.Unmarshal(b, &out) // the column is written from a []string
	}
	if out == nil {
		out = []string{}
	}
	return out
}

// featuresEnOf reads the features_en column: nil when there are none, so that the JSON
// leaves them out.
func featuresEnOf(b []byte) []string {
	if out := featuresOf(b); len(out) > 0 {
		return out
	}
	return nil
}

// pricesOf reads the prices column.
func pricesOf(b []byte) []models.PriceLine {
	out := []models.PriceLine{}
	if len(b) > 0 {
		_ = json.Unmarshal(b, &out) // the column is written from []models.PriceLine
	}
	if out == nil {
		out = []models.PriceLine{}
	}
	return out
}
