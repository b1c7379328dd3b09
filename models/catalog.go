package models

import (
	"strings"
	"time"
)

// ServiceType is the kind of digital service (클라우드컴퓨팅법 제20조③).
type ServiceType string

// Service types.
const (
	TypeCloud       ServiceType = "cloud"       // 클라우드컴퓨팅서비스
	TypeSupport     ServiceType = "support"     // 클라우드 지원서비스
	TypeConvergence ServiceType = "convergence" // 지능정보기술 등 융합서비스
)

// Subtype refines ServiceType.
type Subtype string

// Subtypes, each belonging to one ServiceType.
const (
	SubIaaS        Subtype = "iaas"
	SubPaaS        Subtype = "paas"
	SubSaaS        Subtype = "saas"
	SubConsulting  Subtype = "consulting"
	SubOperations  Subtype = "operations"
	SubMigration   Subtype = "migration"
	SubConvergence Subtype = "convergence"
)

var subtypeOf = map[Subtype]ServiceType{
	SubIaaS: TypeCloud, SubPaaS: TypeCloud, SubSaaS: TypeCloud,
	SubConsulting: TypeSupport, SubOperations: TypeSupport, SubMigration: TypeSupport,
	SubConvergence: TypeConvergence,
}

var serviceTypes = []ServiceType{TypeCloud, TypeSupport, TypeConvergence}

// ParseServiceType accepts cloud, support or convergence.
func ParseServiceType(s string) (ServiceType, error) {
	return oneOf(s, serviceTypes, "invalid.service_type")
}

// ParseSubtype accepts the seven subtypes.
func ParseSubtype(s string) (Subtype, error) {
	if _, ok := subtypeOf[Subtype(s)]; ok {
		return Subtype(s), nil
	}
	return "", refusal("invalid.subtype")
}

// Type returns the service type a subtype belongs to.
func (s Subtype) Type() ServiceType { return subtypeOf[s] }

// ServiceStatus is where a service stands in the catalog.
type ServiceStatus string

// Service statuses.
const (
	ServiceRegistered ServiceStatus = "registered"
	ServiceSuspended  ServiceStatus = "suspended"
	ServiceRemoved    ServiceStatus = "removed"
)

// Orderable reports whether agencies may start a catalog order on a service in this status.
func (s ServiceStatus) Orderable() bool { return s == ServiceRegistered }

// ProviderSize is the company size class used in statistics (SME share).
type ProviderSize string

// Provider sizes.
const (
	SizeSME     ProviderSize = "sme"
	SizeMidsize ProviderSize = "midsize"
	SizeLarge   ProviderSize = "large"
)

var providerSizes = []ProviderSize{SizeSME, SizeMidsize, SizeLarge}

// ParseProviderSize accepts sme, midsize or large.
func ParseProviderSize(s string) (ProviderSize, error) {
	return oneOf(s, providerSizes, "invalid.provider_size")
}

// AgencyKind classifies buyers for statistics.
type AgencyKind string

// Agency kinds.
const (
	AgencyNational AgencyKind = "national"           // 국가기관
	AgencyPublic   AgencyKind = "public_institution" // 공공기관
	AgencyLocal    AgencyKind = "local_government"   // 지방자치단체
	AgencySchool   AgencyKind = "school"             // 교육기관
)

// Provider is a company offering services (제공기업). Org is the organization ID its
// users' tokens carry.
type Provider struct {
	Org        string       `json:"org"`
	Name       string       `json:"name"`
	NameEn     string       `json:"name_en,omitempty"`
	BusinessNo string       `json:"business_no"`
	Size       ProviderSize `json:"size"`
	FoundedOn  *Date        `json:"founded_on,omitempty"`
}

// Agency is a public buyer (이용기관).
type Agency struct {
	Org    string     `json:"org"`
	Name   string     `json:"name"`
	NameEn string     `json:"name_en,omitempty"`
	Kind   AgencyKind `json:"kind"`
}

// Service is a selected digital service in the catalog.
type Service struct {
	ID             string        `json:"id"`
	Name           string        `json:"name"`
	NameEn         string        `json:"name_en,omitempty"`
	Description    string        `json:"description,omitempty"`
	DescriptionEn  string        `json:"description_en,omitempty"`
	Type           ServiceType   `json:"type"`
	Subtype        Subtype       `json:"subtype"`
	Status         ServiceStatus `json:"status"`
	SelectedOn     *Date         `json:"selected_on,omitempty"`
	CSAPValidUntil *Date         `json:"csap_valid_until,omitempty"`
	Provider       Provider      `json:"provider"`
	UpdatedAt      time.Time     `json:"updated_at"`
	// Version is 1 at registration and one more with each applied change request, so
	// that a frozen search names the catalog the agency saw.
	Version  int      `json:"version"`
	Features []string `json:"features"`
	// FeaturesEn are the key features in English, for the English pages; absent when the
	// provider gave none.
	FeaturesEn []string    `json:"features_en,omitempty"`
	Prices     []PriceLine `json:"prices"`
}

// ServiceFilter is a catalog search. Zero values mean "any".
type ServiceFilter struct {
	Q       string
	Type    ServiceType
	Subtype Subtype
	SME     *bool
	CSAP    *bool
	// PriceItem and MaxUnitPriceKRW keep services with a price line whose item contains
	// PriceItem (ignoring case) at a unit price of at most MaxUnitPriceKRW; either may be
	// unset (ParsePriceCeiling).
	PriceItem       string
	MaxUnitPriceKRW *KRW
	PageSize        int
	PageToken       string
}

// Page limits of every list (API.md).
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// maxQuery bounds a free-text search, in characters.
const maxQuery = 100

// NormalizeQuery trims, composes (Composed) and bounds a free-text search so that it
// cannot be abused.
func NormalizeQuery(q string) (string, error) {
	q = strings.TrimSpace(Composed(q))
	if len([]rune(q)) > maxQuery {
		return "", refusal("invalid.max_chars", "max", itoa(maxQuery))
	}
	return q, nil
}

// Role is what a token's holder does in the system.
type Role string

// Roles (SPEC.md).
const (
	RoleProvider  Role = "provider"
	RoleOperator  Role = "operator"
	RoleExpert    Role = "expert"
	RoleCommittee Role = "committee"
	RoleAgency    Role = "agency"
	RoleAuditor   Role = "auditor"
	RoleSystem    Role = "system" // the workflow itself, for timers and signals; never in a token
)

// AllRoles are the roles a token may carry.
var AllRoles = []Role{RoleProvider, RoleOperator, RoleExpert, RoleCommittee, RoleAgency, RoleAuditor}

// ParseRole accepts the roles a token may carry.
func ParseRole(s string) (Role, error) {
	return oneOf(s, AllRoles, "invalid.role")
}

// Actor is who did something: the subject, role and organization of a verified token.
type Actor struct {
	Sub  string `json:"sub"`
	Role Role   `json:"role"`
	Org  string `json:"org"`
}

// SystemActor is the workflow acting on its own, at a deadline or on a signal.
var SystemActor = Actor{Sub: "dsmarket", Role: RoleSystem, Org: "NIA"}

// User is a person who signs in: the development sign-in's and token printer's people, and
// the expert pool and committee roster the operator keeps (API.md, "People and
// organizations"). Affiliation is where an expert or member works (Org is the organization
// their token carries); Email and Language address the notifications sent to them, and
// EmailNotifications says which of them they receive by e-mail (EmailAll, EmailMine,
// EmailNone). NameEn is the name in English, for the English pages ("" when none is given).
type User struct {
	Sub                string `json:"sub"`
	Name               string `json:"name"`
	NameEn             string `json:"name_en"`
	Role               Role   `json:"role"`
	Org                string `json:"org"`
	Affiliation        string `json:"affiliation"`
	Email              string `json:"email"`
	Language           string `json:"language"`
	Active             bool   `json:"active"`
	EmailNotifications string `json:"email_notifications"`
}
