package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
)

// Organizations live in two tables, providers and agencies (the catalog joins providers);
// the registry reads them as one list ordered by org ID, which both tables' keys page.

// orgRow is either table's row, read as one shape.
type orgRow struct {
	Org        string
	Kind       string
	Name       string
	NameEn     string
	BusinessNo string
	Size       string
	FoundedOn  *time.Time
	AgencyKind string
}

func (r orgRow) model() models.Organization {
	return models.Organization{Org: r.Org, Kind: models.OrgKind(r.Kind), Name: r.Name, NameEn: r.NameEn,
		BusinessNo: r.BusinessNo, Size: models.ProviderSize(r.Size), FoundedOn: dateFromDB(r.FoundedOn),
		AgencyKind: models.AgencyKind(r.AgencyKind)}
}

const orgsUnion = `(SELECT org, 'provider' AS kind, name, name_en, business_no, size, founded_on, '' AS agency_kind FROM providers
	UNION ALL
	SELECT org, 'agency', name, name_en, '', '', NULL, kind FROM agencies) o`

// OrganizationFilter narrows the registry's list; zero values mean any.
type OrganizationFilter struct {
	Kind models.OrgKind
}

// ListOrganizations returns a keyset page of organizations by org ID.
func (s *Store) ListOrganizations(ctx context.Context, f OrganizationFilter, size int, token string) ([]models.Organization, string, error) {
	after, err := decodePageToken(token)
	if err != nil {
		return nil, "", err
	}
	q := s.db.WithContext(ctx).Table(orgsUnion).Where("org > ?", after)
	if f.Kind != "" {
		q = q.Where("kind = ?", string(f.Kind))
	}
	return rowPage(q, "org", size, "list organizations", func(r orgRow) string { return r.Org }, orgRow.model)
}

// GetOrganization reads one organization.
func (s *Store) GetOrganization(ctx context.Context, org string) (models.Organization, error) {
	return getOrganization(s.db.WithContext(ctx), org, false)
}

func getOrganization(tx *gorm.DB, org string, lock bool) (models.Organization, error) {
	var rows []orgRow
	q := tx.Table(orgsUnion).Where("org = ?", org)
	if err := q.Scan(&rows).Error; err != nil {
		return models.Organization{}, fmt.Errorf("organization %s: %w", org, err)
	}
	if len(rows) == 0 {
		return models.Organization{}, models.Refuse(models.ENOTFOUND, models.Msg("error.organization_not_found", "org", org))
	}
	if lock {
		table := "providers"
		if rows[0].Kind == string(models.OrgAgency) {
			table = "agencies"
		}
		if err := tx.Exec("SELECT 1 FROM "+table+" WHERE org = ? FOR UPDATE", org).Error; err != nil {
			return models.Organization{}, err
		}
	}
	return rows[0].model(), nil
}

// CreateOrganization registers o. Registering the same organization again is answered with
// it (a retried request); another organization under a taken org ID or business number is
// refused on that field.
func (s *Store) CreateOrganization(ctx context.Context, o models.Organization, by models.Actor, at time.Time) (models.Organization, bool, error) {
	var out models.Organization
	created := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// One registration at a time per org ID, across both tables.
		if err := tx.Exec("SELECT pg_advisory_xact_lock(hashtext('organization:' || ?))", o.Org).Error; err != nil {
			return err
		}
		existing, err := getOrganization(tx, o.Org, false)
		switch {
		case err == nil && sameOrganization(existing, o):
			out = existing
			return nil
		case err == nil:
			return models.FieldInvalid("org", models.Msg("invalid.org_registered_to", "name", existing.Name))
		case models.ErrorCode(err) != models.ENOTFOUND:
			return err
		}
		if err := insertOrganization(tx, o, at); err != nil {
			return err
		}
		created, out = true, o
		return recordDirectoryChange(tx, "organization", o.Org, nil, o, by, at)
	})
	if err != nil {
		return models.Organization{}, false, orgWriteError(err)
	}
	return out, created, nil
}

func insertOrganization(tx *gorm.DB, o models.Organization, at time.Time) error {
	if o.Kind == models.OrgAgency {
		return tx.Create(&agencyRow{Org: o.Org, Name: o.Name, NameEn: o.NameEn, Kind: string(o.AgencyKind), CreatedAt: at}).Error
	}
	return tx.Create(&providerRow{Org: o.Org, Name: o.Name, NameEn: o.NameEn,
		BusinessNo: o.BusinessNo, Size: string(o.Size), FoundedOn: dateToDB(o.FoundedOn), CreatedAt: at}).Error
}

// UpdateOrganization applies change to the organization under a row lock and records the
// change; an unchanged result writes nothing.
func (s *Store) UpdateOrganization(ctx context.Context, org string, by models.Actor, at time.Time,
	change func(models.Organization) (models.Organization, error)) (models.Organization, error) {
	var before models.Organization
	out, err := changeRecorded(s.db.WithContext(ctx), "organization", org, by, at,
		func(tx *gorm.DB) (models.Organization, error) {
			var err error
			before, err = getOrganization(tx, org, true)
			return before, err
		}, change, sameOrganization,
		func(tx *gorm.DB, o models.Organization) error {
			var err error
			if o.Kind == models.OrgAgency {
				err = tx.Table("agencies").Where("org = ?", org).Updates(map[string]any{
					"name": o.Name, "name_en": o.NameEn, "kind": string(o.AgencyKind)}).Error
			} else {
				err = tx.Table("providers").Where("org = ?", org).Updates(map[string]any{
					"name": o.Name, "name_en": o.NameEn, "business_no": o.BusinessNo, "size": string(o.Size),
					"founded_on": dateToDB(o.FoundedOn)}).Error
			}
			if err != nil {
				return err
			}
			return insertNotices(tx, models.OrganizationChangedNotices(before, o, by, at))
		})
	return out, orgWriteError(err)
}

func sameOrganization(a, b models.Organization) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// orgWriteError names the field a unique constraint refused.
func orgWriteError(err error) error {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		if pgErr.ConstraintName == "providers_business_no_key" {
			return models.FieldInvalid("business_no", models.Msg("invalid.business_no_registered_elsewhere"))
		}
		return models.FieldInvalid("org", models.Msg("invalid.org_registered"))
	}
	return err
}
