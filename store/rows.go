package store

import (
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// Row structs mirror the tables for gorm; converters below turn them into models types.
// Generated columns (the search's name_lower, text_lower and grams) are left out so that gorm
// never tries to write them.

type providerRow struct {
	Org        string
	Name       string
	NameEn     string
	BusinessNo string
	Size       string
	FoundedOn  *string // written as YYYY-MM-DD so that no time zone can shift the date
	CreatedAt  time.Time
}

func (providerRow) TableName() string { return "providers" }

type agencyRow struct {
	Org       string
	Name      string
	NameEn    string
	Kind      string
	CreatedAt time.Time
}

func (agencyRow) TableName() string { return "agencies" }

type serviceRow struct {
	ID             string
	ProviderOrg    string
	Name           string
	NameEn         string
	Description    string
	DescriptionEn  string
	Type           string
	Subtype        string
	Status         string
	SelectedOn     *string
	CSAPValidUntil *string `gorm:"column:csap_valid_until"`
	CreatedAt      time.Time
	UpdatedAt      time.Time
	Features       jsonArray // the catalog (store/catalog.go); version starts at 1
	FeaturesEn     jsonArray
	Prices         jsonArray
}

func (serviceRow) TableName() string { return "services" }

type userRow struct {
	Sub         string
	Name        string
	NameEn      string
	Role        string
	Org         string
	Affiliation string
	Email       string
	Language    string
	Active      bool
	// EmailNotifications is DEFAULT 'all' in the table, for the rows written before it.
	EmailNotifications string
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

func (userRow) TableName() string { return "users" }

func (r userRow) model() models.User {
	return models.User{Sub: r.Sub, Name: r.Name, NameEn: r.NameEn, Role: models.Role(r.Role), Org: r.Org, Affiliation: r.Affiliation,
		Email: r.Email, Language: r.Language, Active: r.Active, EmailNotifications: r.EmailNotifications}
}

// providerView reads a provider; dates come back as time.Time.
type providerView struct {
	Org        string
	Name       string
	NameEn     string
	BusinessNo string
	Size       string
	FoundedOn  *time.Time
}

func (v providerView) model() models.Provider {
	return models.Provider{Org: v.Org, Name: v.Name, NameEn: v.NameEn, BusinessNo: v.BusinessNo,
		Size: models.ProviderSize(v.Size), FoundedOn: dateFromDB(v.FoundedOn)}
}

// serviceView is a service joined with its provider, as the catalog reads it.
type serviceView struct {
	ID                 string
	Name               string
	NameEn             string
	Description        string
	DescriptionEn      string
	Type               string
	Subtype            string
	Status             string
	SelectedOn         *time.Time
	CSAPValidUntil     *time.Time `gorm:"column:csap_valid_until"`
	UpdatedAt          time.Time
	ProviderOrg        string
	ProviderName       string
	ProviderNameEn     string
	ProviderBusinessNo string
	ProviderSize       string
	ProviderFoundedOn  *time.Time
	Version            int
	Features           []byte // jsonb arrays, read by featuresOf and pricesOf
	FeaturesEn         []byte
	Prices             []byte
}

// serviceViewColumns selects a serviceView from services s joined with providers p.
const serviceViewColumns = `s.id, s.name, s.name_en, s.description, s.description_en, s.type, s.subtype,
	s.status, s.selected_on, s.csap_valid_until, s.updated_at,
	p.org AS provider_org, p.name AS provider_name, p.name_en AS provider_name_en,
	p.business_no AS provider_business_no, p.size AS provider_size, p.founded_on AS provider_founded_on,
	s.version, s.features, s.features_en, s.prices`

func (v serviceView) model() models.Service {
	return models.Service{
		ID: v.ID, Name: v.Name, NameEn: v.NameEn,
		Description: v.Description, DescriptionEn: v.DescriptionEn,
		Type: models.ServiceType(v.Type), Subtype: models.Subtype(v.Subtype),
		Status:     models.ServiceStatus(v.Status),
		SelectedOn: dateFromDB(v.SelectedOn), CSAPValidUntil: dateFromDB(v.CSAPValidUntil),
		UpdatedAt: v.UpdatedAt,
		Provider: providerView{
			Org: v.ProviderOrg, Name: v.ProviderName, NameEn: v.ProviderNameEn,
			BusinessNo: v.ProviderBusinessNo, Size: v.ProviderSize, FoundedOn: v.ProviderFoundedOn,
		}.model(),
		Version:  v.Version,
		Features: featuresOf(v.Features), Prices: pricesOf(v.Prices),
		FeaturesEn: featuresEnOf(v.FeaturesEn),
	}
}

// dateFromDB reads a PostgreSQL date, which pgx returns as midnight UTC, as the same
// calendar date in Seoul.
func dateFromDB(t *time.Time) *models.Date {
	if t == nil {
		return nil
	}
	y, m, d := t.Date()
	return &models.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, models.Seoul)}
}

// dateToDB writes a date as text; PostgreSQL parses it into the date column unchanged.
func dateToDB(d *models.Date) *string {
	if d == nil || d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}
