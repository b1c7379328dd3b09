package models

import (
	"encoding/json"
	"fmt"
	"regexp"
	"time"
)

// OCDS open data (issue 14, items 4 and 5; docs/ocds.md): every published change to the
// catalog and to contracts is one release of the Open Contracting Data Standard 1.1. The
// selection of a service is the framework stage (one contracting process per service);
// each catalog order and each direct contract is a process of its own whose
// relatedProcesses point to the framework of its service.

// OCDSVersion is the version of the standard the packages follow.
const OCDSVersion = "1.1"

// DefaultOCDSPrefix is the placeholder ocid prefix of a publisher that has not registered
// one with the Open Contracting Partnership (OCDS_PREFIX).
const DefaultOCDSPrefix = "ocds-xxxxxx"

// DefaultOCDSPublisherName names the publisher of the packages unless OCDS_PUBLISHER_NAME
// does.
const DefaultOCDSPublisherName = "디지털서비스 전문계약 (dsmarket)"

// ocdsPrefix is an ocid prefix as the standard assigns them: "ocds-" and six characters.
var ocdsPrefix = regexp.MustCompile(`^ocds-[A-Za-z0-9]{6}$`)

// OCDSPublisher is the publisher's configuration: the ocid prefix, its name on every
// package, and where the API is reached, for the packages' URIs (PUBLIC_BASE_URL; empty:
// the address the request came to).
type OCDSPublisher struct {
	Prefix  string
	Name    string
	BaseURL string
}

// ParseOCDSPublisher validates the configuration, with the defaults for what is empty.
func ParseOCDSPublisher(prefix, name, baseURL string) (OCDSPublisher, error) {
	p := OCDSPublisher{Prefix: prefix, Name: name, BaseURL: baseURL}
	if p.Prefix == "" {
		p.Prefix = DefaultOCDSPrefix
	}
	if p.Name == "" {
		p.Name = DefaultOCDSPublisherName
	}
	if !ocdsPrefix.MatchString(p.Prefix) {
		return OCDSPublisher{}, fmt.Errorf(`OCDS_PREFIX=%q: an ocid prefix is "ocds-" and six letters or digits, e.g. %s`,
			prefix, DefaultOCDSPrefix)
	}
	return p, nil
}

// Or is p with the defaults for what is unset, for an app built without configuration.
func (p OCDSPublisher) Or() OCDSPublisher {
	if p.Prefix == "" {
		p.Prefix = DefaultOCDSPrefix
	}
	if p.Name == "" {
		p.Name = DefaultOCDSPublisherName
	}
	return p
}

// OCID is the ocid of a process: the prefix and the process's ID (SVC-0001,
// ORD-2026-000001, CT-2026-000001).
func (p OCDSPublisher) OCID(process string) string { return p.Prefix + "-" + process }

// Process is the process an ocid names, if it carries this publisher's prefix.
func (p OCDSPublisher) Process(ocid string) (string, bool) {
	head := p.Prefix + "-"
	if len(ocid) <= len(head) || ocid[:len(head)] != head {
		return "", false
	}
	return ocid[len(head):], true
}

// OCDSChange is one published change as the feed keeps it: a snapshot of what was
// published, from which the release is built, so that a release never changes.
type OCDSChange struct {
	Seq     int64
	Process string
	// Kind is the process's kind: framework (a service's selection), catalog (an order),
	// direct (a direct contract).
	Kind string
	// Change is what happened: selected, changed, suspended, reinstated, removed,
	// unfit_notice (framework); contracted (catalog, direct); amended, closed (direct).
	Change   string
	At       time.Time
	Snapshot json.RawMessage
}

// OCDSRelease is an OCDS 1.1 release, with the fields dsmarket publishes.
type OCDSRelease struct {
	OCID             string               `json:"ocid"`
	ID               string               `json:"id"`
	Date             time.Time            `json:"date"`
	Tag              []string             `json:"tag"`
	InitiationType   string               `json:"initiationType"`
	Language         string               `json:"language"`
	Parties          []OCDSParty          `json:"parties"`
	Buyer            *OCDSOrganization    `json:"buyer,omitempty"`
	Tender           *OCDSTender          `json:"tender,omitempty"`
	Awards           []OCDSAward          `json:"awards,omitempty"`
	Contracts        []OCDSContract       `json:"contracts,omitempty"`
	RelatedProcesses []OCDSRelatedProcess `json:"relatedProcesses,omitempty"`
}

// OCDSOrganization references a party by its ID (the organization's, never a person's).
type OCDSOrganization struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// OCDSParty is an organization taking part in a process, with its roles.
type OCDSParty struct {
	ID    string   `json:"id"`
	Name  string   `json:"name"`
	Roles []string `json:"roles"`
}

// OCDSValue is an amount in KRW.
type OCDSValue struct {
	Amount   int64  `json:"amount"`
	Currency string `json:"currency"`
}

// OCDSPeriod is a period of dates.
type OCDSPeriod struct {
	StartDate *time.Time `json:"startDate,omitempty"`
	EndDate   *time.Time `json:"endDate,omitempty"`
}

// OCDSItem is the service procured.
type OCDSItem struct {
	ID          string `json:"id"`
	Description string `json:"description"`
	// DescriptionEn is the description in English (OCDS's description_en), where the
	// snapshot kept the service's English name.
	DescriptionEn string `json:"description_en,omitempty"`
}

// OCDSTender is how the process chose its supplier.
type OCDSTender struct {
	ID                       string            `json:"id"`
	Title                    string            `json:"title"`
	TitleEn                  string            `json:"title_en,omitempty"`
	Description              string            `json:"description,omitempty"`
	DescriptionEn            string            `json:"description_en,omitempty"`
	Status                   string            `json:"status"`
	ProcurementMethod        string            `json:"procurementMethod"`
	ProcurementMethodDetails string            `json:"procurementMethodDetails"`
	MainProcurementCategory  string            `json:"mainProcurementCategory"`
	Value                    *OCDSValue        `json:"value,omitempty"`
	ProcuringEntity          *OCDSOrganization `json:"procuringEntity,omitempty"`
	Items                    []OCDSItem        `json:"items"`
	TenderPeriod             *OCDSPeriod       `json:"tenderPeriod,omitempty"`
}

// OCDSAward is the decision for a supplier.
type OCDSAward struct {
	ID          string             `json:"id"`
	Title       string             `json:"title"`
	TitleEn     string             `json:"title_en,omitempty"`
	Description string             `json:"description"`
	Status      string             `json:"status"`
	Date        *time.Time         `json:"date,omitempty"`
	Value       *OCDSValue         `json:"value,omitempty"`
	Suppliers   []OCDSOrganization `json:"suppliers"`
	Items       []OCDSItem         `json:"items"`
}

// OCDSContract is the contract signed, with its registered amendments.
type OCDSContract struct {
	ID         string          `json:"id"`
	AwardID    string          `json:"awardID"`
	Title      string          `json:"title"`
	Status     string          `json:"status"`
	Value      OCDSValue       `json:"value"`
	Period     *OCDSPeriod     `json:"period,omitempty"`
	DateSigned *time.Time      `json:"dateSigned,omitempty"`
	Amendments []OCDSAmendment `json:"amendments,omitempty"`
}

// OCDSAmendment is one registered change of a direct contract (계약 변경).
type OCDSAmendment struct {
	ID          string     `json:"id"`
	Date        *time.Time `json:"date,omitempty"`
	Rationale   string     `json:"rationale"`
	Description string     `json:"description"`
}

// OCDSRelatedProcess points from a call-off (an order, a direct contract) to its framework.
type OCDSRelatedProcess struct {
	ID           string   `json:"id"`
	Relationship []string `json:"relationship"`
	Title        string   `json:"title"`
	Scheme       string   `json:"scheme"`
	Identifier   string   `json:"identifier"`
}

// OCDSPublisherInfo is a package's publisher.
type OCDSPublisherInfo struct {
	Name string `json:"name"`
}

// OCDSLinks holds the next page of the feed: always given, so that a reader at the end of
// the feed keeps its place and asks again later for what was published since.
type OCDSLinks struct {
	Next string `json:"next"`
}

// OCDSReleasePackage is a page of the feed (GET /api/v1/ocds/releases).
type OCDSReleasePackage struct {
	URI           string            `json:"uri"`
	Version       string            `json:"version"`
	Publisher     OCDSPublisherInfo `json:"publisher"`
	PublishedDate time.Time         `json:"publishedDate"`
	Releases      []OCDSRelease     `json:"releases"`
	Links         OCDSLinks         `json:"links"`
}

// OCDSRecord is a process's releases, embedded, and the release compiled from them.
type OCDSRecord struct {
	OCID            string         `json:"ocid"`
	Releases        []OCDSRelease  `json:"releases"`
	CompiledRelease map[string]any `json:"compiledRelease"`
}

// OCDSRecordPackage is one process's record (GET /api/v1/ocds/records/{ocid}).
type OCDSRecordPackage struct {
	URI           string            `json:"uri"`
	Version       string            `json:"version"`
	Publisher     OCDSPublisherInfo `json:"publisher"`
	PublishedDate time.Time         `json:"publishedDate"`
	Records       []OCDSRecord      `json:"records"`
}
