package models

import (
	"fmt"
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

// ParseOrganization validates a new organization on a date; every invalid field is named.
func ParseOrganization(in OrganizationInput, now time.Time) (Organization, error) {
	var fe Fields
	o := Organization{Org: strings.TrimSpace(in.Org), Kind: OrgKind(strings.TrimSpace(in.Kind))}
	if !orgIDPattern.MatchString(o.Org) {
		fe.Add("org", "must be 2 to 32 capital letters, digits or dashes (e.g. PV-0001)")
	}
	if o.Kind != OrgProvider && o.Kind != OrgAgency {
		fe.Add("kind", "must be one of provider, agency")
	}
	o = o.apply(OrganizationPatch{Name: &in.Name, NameEn: &in.NameEn, BusinessNo: &in.BusinessNo, Size: &in.Size,
		FoundedOn: &in.FoundedOn, AgencyKind: &in.AgencyKind}, DateOf(now), &fe)
	if o.Kind == OrgProvider && o.FoundedOn == nil && strings.TrimSpace(in.FoundedOn) == "" {
		fe.Add("founded_on", "is required for a provider (YYYY-MM-DD)")
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
		fe.Add("name", "is required, at most 200 characters")
	}
	if len([]rune(o.NameEn)) > 200 {
		fe.Add("name_en", "must be at most 200 characters")
	}
	provider := []struct {
		field string
		given *string
	}{{"business_no", p.BusinessNo}, {"size", p.Size}, {"founded_on", p.FoundedOn}}
	switch o.Kind {
	case OrgProvider:
		if p.BusinessNo != nil {
			no, err := ParseBusinessNo(*p.BusinessNo)
			if err != nil {
				fe.Add("business_no", "%s", err.Error())
			}
			o.BusinessNo = no
		}
		if p.Size != nil {
			size, err := ParseProviderSize(strings.TrimSpace(*p.Size))
			if err != nil {
				fe.Add("size", "%s", err.Error())
			}
			o.Size = size
		}
		if p.FoundedOn != nil {
			o.FoundedOn = nil
			if v := strings.TrimSpace(*p.FoundedOn); v != "" {
				d, err := ParseDate(v)
				switch {
				case err != nil:
					fe.Add("founded_on", "%s", err.Error())
				case d.After(today.Time):
					fe.Add("founded_on", "cannot be after today (%s)", today)
				default:
					o.FoundedOn = &d
				}
			}
		}
		if p.AgencyKind != nil && strings.TrimSpace(*p.AgencyKind) != "" {
			fe.Add("agency_kind", "is for agencies; a provider has none")
		}
	case OrgAgency:
		for _, f := range provider {
			if f.given != nil && strings.TrimSpace(*f.given) != "" {
				fe.Add(f.field, "is for providers; an agency has none")
			}
		}
		if p.AgencyKind != nil {
			k, err := ParseAgencyKind(strings.TrimSpace(*p.AgencyKind))
			if err != nil {
				fe.Add("agency_kind", "%s", err.Error())
			}
			o.AgencyKind = k
		}
	}
	return o
}

// ParseAgencyKind accepts national, public_institution, local_government or school.
func ParseAgencyKind(s string) (AgencyKind, error) {
	switch k := AgencyKind(s); k {
	case AgencyNational, AgencyPublic, AgencyLocal, AgencySchool:
		return k, nil
	}
	return "", fmt.Errorf("must be one of national, public_institution, local_government, school")
}
