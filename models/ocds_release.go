package models

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The operator, procuring entity of every framework: it runs the selection of services.
const (
	OCDSOperatorOrg  = "NIA"
	OCDSOperatorName = "한국지능정보사회진흥원 (National Information Society Agency)"
)

// Procurement method details, as the issue and the regime name them.
const (
	ocdsSelectionDetails = "digital service selection (디지털서비스 선정): a framework for catalog orders and direct contracts"
	ocdsCatalogDetails   = "catalog order (카탈로그계약)"
	ocdsDirectDetails    = "direct contract (수의계약)"
)

// ocdsOrgSnap is an organization as a snapshot holds it.
type ocdsOrgSnap struct {
	Org  string `json:"org"`
	Name string `json:"name"`
}

func (o ocdsOrgSnap) ref() OCDSOrganization { return OCDSOrganization{ID: o.Org, Name: o.Name} }

// ocdsServiceSnap is a service as the feed kept it (ocds_service_snapshot, migration
// 00021), with the unfit notice's reason for an unfit_notice change.
type ocdsServiceSnap struct {
	ID            string      `json:"id"`
	Name          string      `json:"name"`
	NameEn        string      `json:"name_en"`
	Description   string      `json:"description"`
	DescriptionEn string      `json:"description_en"`
	Status        string      `json:"status"`
	SelectedOn    *Date       `json:"selected_on"`
	Version       int         `json:"version"`
	Provider      ocdsOrgSnap `json:"provider"`
	Reason        string      `json:"reason"`
	NoticeFrom    *Date       `json:"notice_from"`
	// Features and English are kept by the snapshots written since migration 00030: a
	// release built from an older snapshot says what it said when it was written.
	Features []string         `json:"features"`
	English  *ocdsServiceText `json:"english"`
}

// ocdsServiceText is a service's texts in English as a snapshot keeps them.
type ocdsServiceText struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Features    []string `json:"features"`
}

// ocdsContractSnap is a contract as the feed kept it (ocds_contract_snapshot).
type ocdsContractSnap struct {
	ID      string  `json:"id"`
	Method  string  `json:"method"`
	OrderID *string `json:"order_id"`
	Service struct {
		ID     string  `json:"id"`
		Name   *string `json:"name"`
		NameEn *string `json:"name_en"` // since migration 00030
	} `json:"service"`
	Agency       ocdsOrgSnap          `json:"agency"`
	Provider     ocdsOrgSnap          `json:"provider"`
	Title        string               `json:"title"`
	AmountKRW    int64                `json:"amount_krw"`
	ContractedOn *Date                `json:"contracted_on"`
	BudgetKRW    *int64               `json:"budget_krw"`
	RequestedAt  *time.Time           `json:"requested_at"`
	ProposalDue  *Date                `json:"proposal_due"`
	Status       string               `json:"status"`
	PeriodFrom   *Date                `json:"period_from"`
	PeriodTo     *Date                `json:"period_to"`
	Changes      []ocdsContractChange `json:"changes"`
}

type ocdsContractChange struct {
	No         int    `json:"no"`
	ChangedOn  *Date  `json:"changed_on"`
	Reason     string `json:"reason"`
	AmountKRW  *int64 `json:"amount_krw"`
	PeriodFrom *Date  `json:"period_from"`
	PeriodTo   *Date  `json:"period_to"`
	Title      string `json:"title"`
}

// Release builds the release of one published change from its snapshot alone: the same
// change always gives the same release.
func (p OCDSPublisher) Release(c OCDSChange) (OCDSRelease, error) {
	r := OCDSRelease{OCID: p.OCID(c.Process), ID: c.Process + "-" + strconv.FormatInt(c.Seq, 10),
		Date: c.At.In(Seoul), InitiationType: "tender", Language: "ko"}
	var err error
	switch c.Kind {
	case "framework":
		var s ocdsServiceSnap
		if err = json.Unmarshal(c.Snapshot, &s); err == nil {
			err = frameworkRelease(&r, c.Change, s)
		}
	case "catalog", "direct":
		var s ocdsContractSnap
		if err = json.Unmarshal(c.Snapshot, &s); err == nil {
			err = p.contractRelease(&r, c, s)
		}
	default:
		err = fmt.Errorf("unknown process kind %q", c.Kind)
	}
	if err != nil {
		return OCDSRelease{}, fmt.Errorf("OCDS release of change %d (%s %s): %w", c.Seq, c.Kind, c.Process, err)
	}
	return r, nil
}

// frameworkRelease is the selection of a service: the operator's tender, awarded to the
// provider for the service. Every release of a framework writes the award's status and
// description, so that the compiled release shows the latest.
func frameworkRelease(r *OCDSRelease, change string, s ocdsServiceSnap) error {
	tags := map[string]string{"selected": "award", "changed": "awardUpdate", "suspended": "awardUpdate",
		"reinstated": "awardUpdate", "removed": "awardCancellation", "unfit_notice": "awardUpdate"}
	tag, ok := tags[change]
	if !ok {
		return fmt.Errorf("unknown framework change %q", change)
	}
	r.Tag = []string{tag}
	operator := OCDSOrganization{ID: OCDSOperatorOrg, Name: OCDSOperatorName}
	supplier := s.Provider.ref()
	item := serviceItem(s.ID, s.Name, s.NameEn, s.Description)
	r.Parties = []OCDSParty{{ID: operator.ID, Name: operator.Name, Roles: []string{"procuringEntity"}},
		{ID: supplier.ID, Name: supplier.Name, Roles: []string{"supplier"}}}
	r.Tender = &OCDSTender{ID: s.ID + "-selection", Title: "디지털서비스 선정: " + s.Name, Status: "complete",
		ProcurementMethod: "open", ProcurementMethodDetails: ocdsSelectionDetails, MainProcurementCategory: "services",
		ProcuringEntity: &operator, Items: []OCDSItem{item}}
	if len(s.Features) > 0 {
		r.Tender.Description = "주요 기능: " + strings.Join(s.Features, "; ")
	}
	var titleEn string
	if en := s.English; en != nil && en.Name != "" {
		titleEn = en.Name
		r.Tender.TitleEn = "Digital service selection: " + en.Name
		r.Tender.Items[0].DescriptionEn = englishItem(en.Name, en.Description)
		item = r.Tender.Items[0]
		if len(en.Features) > 0 {
			r.Tender.DescriptionEn = "Key features: " + strings.Join(en.Features, "; ")
		}
	}
	status, description := "active", fmt.Sprintf("카탈로그 등록, 버전 %d (in the catalog, version %d)", s.Version, s.Version)
	switch s.Status {
	case string(ServiceSuspended):
		description = fmt.Sprintf("주문 정지, 버전 %d (suspended: not orderable, version %d)", s.Version, s.Version)
	case string(ServiceRemoved):
		status, description = "cancelled", "카탈로그 제외 (removed from the catalog)"
		if s.Reason != "" {
			description = "부적합 제외 (removed as unfit): " + s.Reason
		}
	}
	r.Awards = []OCDSAward{{ID: s.ID, Title: s.Name, TitleEn: titleEn, Description: description, Status: status,
		Date: dateTime(s.SelectedOn), Suppliers: []OCDSOrganization{supplier}, Items: []OCDSItem{item}}}
	return nil
}

// contractRelease is a call-off of a service's framework: a catalog order concluded by its
// delivery request, or a direct contract with its amendments and its end.
func (p OCDSPublisher) contractRelease(r *OCDSRelease, c OCDSChange, s ocdsContractSnap) error {
	buyer, supplier := s.Agency.ref(), s.Provider.ref()
	r.Buyer = &buyer
	r.Parties = []OCDSParty{{ID: buyer.ID, Name: buyer.Name, Roles: []string{"buyer", "procuringEntity"}},
		{ID: supplier.ID, Name: supplier.Name, Roles: []string{"supplier"}}}
	serviceName := s.Service.ID
	if s.Service.Name != nil {
		serviceName = *s.Service.Name
	}
	r.RelatedProcesses = []OCDSRelatedProcess{{ID: "framework", Relationship: []string{"framework"},
		Title: "디지털서비스 선정: " + serviceName, Scheme: "ocid", Identifier: p.OCID(s.Service.ID)}}
	value := OCDSValue{Amount: s.AmountKRW, Currency: "KRW"}
	contract := OCDSContract{ID: s.ID, AwardID: c.Process, Title: s.Title, Status: "active", Value: value,
		DateSigned: dateTime(s.ContractedOn)}
	if s.Status == string(ContractClosed) {
		contract.Status = "terminated"
	}
	if s.PeriodFrom != nil || s.PeriodTo != nil {
		contract.Period = &OCDSPeriod{StartDate: dateTime(s.PeriodFrom), EndDate: dateTime(s.PeriodTo)}
	}
	for _, ch := range s.Changes {
		contract.Amendments = append(contract.Amendments, OCDSAmendment{ID: strconv.Itoa(ch.No),
			Date: dateTime(ch.ChangedOn), Rationale: ch.Reason, Description: ch.describe()})
	}
	r.Contracts = []OCDSContract{contract}
	switch c.Change {
	case "contracted":
		r.Tag = []string{"award", "contract"}
	case "amended":
		r.Tag = []string{"contractAmendment"}
		return nil // the tender and the award stand as first published
	case "closed":
		r.Tag = []string{"contractTermination"}
		return nil
	default:
		return fmt.Errorf("unknown contract change %q", c.Change)
	}
	item := serviceItem(s.Service.ID, serviceName, "", "")
	if en := s.Service.NameEn; en != nil && *en != "" {
		item.DescriptionEn = *en
	}
	method, details := "selective", ocdsCatalogDetails
	if c.Kind == "direct" {
		method, details = "direct", ocdsDirectDetails
	}
	r.Tender = &OCDSTender{ID: c.Process, Title: s.Title, Status: "complete", ProcurementMethod: method,
		ProcurementMethodDetails: details, MainProcurementCategory: "services", ProcuringEntity: &buyer,
		Items: []OCDSItem{item}}
	if s.BudgetKRW != nil {
		r.Tender.Value = &OCDSValue{Amount: *s.BudgetKRW, Currency: "KRW"}
	}
	if s.RequestedAt != nil {
		start := s.RequestedAt.In(Seoul)
		r.Tender.TenderPeriod = &OCDSPeriod{StartDate: &start}
		if s.ProposalDue != nil {
			end := s.ProposalDue.EndOfDay()
			r.Tender.TenderPeriod.EndDate = &end
		}
	}
	// The award's value is the contract's as first registered: an amendment changes the
	// contract, not the award.
	r.Awards = []OCDSAward{{ID: c.Process, Title: s.Title, Description: details, Status: "active",
		Date: dateTime(s.ContractedOn), Value: &value, Suppliers: []OCDSOrganization{supplier}, Items: []OCDSItem{item}}}
	return nil
}

// describe says what a change of a direct contract set.
func (ch ocdsContractChange) describe() string {
	d := fmt.Sprintf("변경 %d (change no. %d)", ch.No, ch.No)
	if ch.AmountKRW != nil {
		d += fmt.Sprintf("; amount %d KRW", *ch.AmountKRW)
	}
	if ch.PeriodFrom != nil {
		d += "; period from " + ch.PeriodFrom.String()
	}
	if ch.PeriodTo != nil {
		d += "; period to " + ch.PeriodTo.String()
	}
	if ch.Title != "" {
		d += "; title " + ch.Title
	}
	return d
}

// serviceItem is the service as the item procured.
func serviceItem(id, name, nameEn, description string) OCDSItem {
	d := name
	if nameEn != "" {
		d += " (" + nameEn + ")"
	}
	if description != "" {
		d += ": " + description
	}
	return OCDSItem{ID: id, Description: d}
}

// englishItem is the service item's description in English: its name, and its description
// when it has one in English.
func englishItem(name, description string) string {
	if description == "" {
		return name
	}
	return name + ": " + description
}

// dateTime is a calendar date as the instant it begins in Seoul, nil for none.
func dateTime(d *Date) *time.Time {
	if d == nil || d.IsZero() {
		return nil
	}
	t := d.In(Seoul)
	return &t
}
