package models

import (
	"regexp"
	"strings"
	"time"
)

// OrgKind tells a provider organization from a buying agency.
type OrgKind string

// Organization kinds (API.md, "People and organizations").
const (
	OrgProvider OrgKind = "provider"
	OrgAgency   OrgKind = "agency"
)

// Organization is a registered provider or agency, as the operator keeps it: the org ID is
// the one its people's tokens carry. Providers have a business number, size and founding
// date; agencies a kind.
type Organization struct {
	Org        string       `json:"org"`
	Kind       OrgKind      `json:"kind"`
	Name       string       `json:"name"`
	NameEn     string       `json:"name_en"`
	BusinessNo string       `json:"business_no,omitempty"`
	Size       ProviderSize `json:"size,omitempty"`
	FoundedOn  *Date        `json:"founded_on,omitempty"`
	AgencyKind AgencyKind   `json:"agency_kind,omitempty"`
}

// OrganizationInput is the body of POST /organizations.
type OrganizationInput struct {
	Org        string `json:"org"`
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	NameEn     string `json:"name_en"`
	BusinessNo string `json:"business_no"`
	Size       string `json:"size"`
	FoundedOn  string `json:"founded_on"`
	AgencyKind string `json:"agency_kind"`
}

// OrganizationPatch is the body of PATCH /organizations/{org}: the fields it names change.
// The org ID and the kind never change; people's tokens carry them.
type OrganizationPatch struct {
	Name       *string `json:"name"`
	NameEn     *string `json:"name_en"`
	BusinessNo *string `json:"business_no"`
	Size       *string `json:"size"`
	FoundedOn  *string `json:"founded_on"`
	AgencyKind *string `json:"agency_kind"`
}

// orgIDPattern is an organization ID as tokens carry it: PV-0001, AG-0012, NIA.
var orgIDPattern = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{1,31}$`)

func orgIDRefusal() *Text {
	return Msg("invalid.org_id", "min", "2", "max", "32", "example", "PV-0001")
}

// ParseOrganization validates a new organization on a date; every invalid field is named.
func ParseOrganization(in OrganizationInput, now time.Time) (Organization, error) {
	var fe Fields
	o := Organization{Org: strings.TrimSpace(in.Org), Kind: OrgKind(strings.TrimSpace(in.Kind))}
	if !orgIDPattern.MatchString(o.Org) {
		fe.AddText("org", orgIDRefusal())
	}
	if o.Kind != OrgProvider && o.Kind != OrgAgency {
		fe.AddText("kind", Msg("invalid.org_kind"))
	}
	o = o.apply(OrganizationPatch{Name: &in.Name, NameEn: &in.NameEn, BusinessNo: &in.BusinessNo, Size: &in.Size,
		FoundedOn: &in.FoundedOn, AgencyKind: &in.AgencyKind}, DateOf(now), &fe)
	if o.Kind == OrgProvider && o.FoundedOn == nil && strings.TrimSpace(in.FoundedOn) == "" {
		fe.AddText("founded_on", Msg("invalid.founded_on_required"))
	}
	if err := fe.Err(); err != nil {
		return Organization{}, err
	}
	return o, nil
}

// Patched returns the organization with the patch applied, or the fields it gets wrong.
func (o Organization) Patched(p OrganizationPatch, now time.Time) (Organization, error) {
	var fe Fields
	o = o.apply(p, DateOf(now), &fe)
	if err := fe.Err(); err != nil {
		return Organization{}, err
	}
	return o, nil
}

// apply sets the fields p names and checks the whole organization for its kind, so that a
// patch cannot leave a provider without a business number or an agency with one.
func (o Organization) apply(p OrganizationPatch, today Date, fe *Fields) Organization {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = strings.TrimSpace(*v)
		}
	}
	set(&o.Name, p.Name)
	set(&o.NameEn, p.NameEn)
	if o.Name == "" || len([]rune(o.Name)) > 200 {
		fe.AddText("name", Msg("invalid.required_max_chars", "max", "200"))
	}
	if len([]rune(o.NameEn)) > 200 {
		fe.AddText("name_en", Msg("invalid.max_chars", "max", "200"))
	}
	provider := []struct {
		field string
		given *string
	}{{"business_no", p.BusinessNo}, {"size", p.Size}, {"founded_on", p.FoundedOn}}
	switch o.Kind {
	case OrgProvider:
		if p.BusinessNo != nil {
			no, why := parseBusinessNo(*p.BusinessNo)
			if why != nil {
				fe.AddText("business_no", why)
			}
			o.BusinessNo = no
		}
		if p.Size != nil {
			size, err := ParseProviderSize(strings.TrimSpace(*p.Size))
			if err != nil {
				fe.AddText("size", Msg("invalid.provider_size"))
			}
			o.Size = size
		}
		if p.FoundedOn != nil {
			o.FoundedOn = pastDate(fe, "founded_on", *p.FoundedOn, today)
		}
		if p.AgencyKind != nil && strings.TrimSpace(*p.AgencyKind) != "" {
			fe.AddText("agency_kind", Msg("invalid.agency_only"))
		}
	case OrgAgency:
		for _, f := range provider {
			if f.given != nil && strings.TrimSpace(*f.given) != "" {
				fe.AddText(f.field, Msg("invalid.provider_only"))
			}
		}
		if p.AgencyKind != nil {
			k, err := ParseAgencyKind(strings.TrimSpace(*p.AgencyKind))
			if err != nil {
				fe.AddText("agency_kind", Msg("invalid.agency_kind"))
			}
			o.AgencyKind = k
		}
	}
	return o
}

var agencyKinds = []AgencyKind{AgencyNational, AgencyPublic, AgencyLocal, AgencySchool}

// ParseAgencyKind accepts national, public_institution, local_government or school.
func ParseAgencyKind(s string) (AgencyKind, error) {
	return oneOf(s, agencyKinds, "invalid.agency_kind")
}
