package models

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

// ApplicationStatus is where an application for selection (심사신청) stands.
type ApplicationStatus string

// Application statuses (API.md).
const (
	AppDocumentCheck       ApplicationStatus = "document_check"       // 서류 확인
	AppSupplementRequested ApplicationStatus = "supplement_requested" // 보완요청
	AppExpertReview        ApplicationStatus = "expert_review"        // 전문가 검토
	AppSiteVisit           ApplicationStatus = "site_visit"           // 현장실사·기업면담
	AppAwaitingCommittee   ApplicationStatus = "awaiting_committee"   // 심사위원회 대기
	AppSelected            ApplicationStatus = "selected"             // 선정
	AppNotSelected         ApplicationStatus = "not_selected"         // 미선정
	AppReturned            ApplicationStatus = "returned"             // 반려
	AppIneligible          ApplicationStatus = "ineligible"           // 부적격
	AppWithdrawn           ApplicationStatus = "withdrawn"            // 철회
)

// AllApplicationStatuses lists every status, for filters and SQL checks.
var AllApplicationStatuses = []ApplicationStatus{
	AppDocumentCheck, AppSupplementRequested, AppExpertReview, AppSiteVisit, AppAwaitingCommittee,
	AppSelected, AppNotSelected, AppReturned, AppIneligible, AppWithdrawn,
}

func (s ApplicationStatus) String() string { return string(s) }

// Final reports whether no further step can follow.
func (s ApplicationStatus) Final() bool {
	switch s {
	case AppSelected, AppNotSelected, AppReturned, AppIneligible, AppWithdrawn:
		return true
	}
	return false
}

// ParseApplicationStatus accepts the statuses above.
func ParseApplicationStatus(s string) (ApplicationStatus, error) {
	return oneOf(s, AllApplicationStatuses, "invalid.application_status")
}

// CreditRating is a grade on the Korean corporate credit scale (AAA … D).
type CreditRating string

// creditScale lists the grades from best to worst.
var creditScale = []CreditRating{"AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-",
	"BB+", "BB", "BB-", "B+", "B", "B-", "CCC+", "CCC", "CCC-", "CC", "C", "D"}

// ParseCreditRating accepts a grade of the scale.
func ParseCreditRating(s string) (CreditRating, error) {
	return oneOf(strings.ToUpper(strings.TrimSpace(s)), creditScale, "invalid.credit_grade")
}

// Below reports whether r is a worse grade than floor. A grade not on the scale is below
// every floor: an unknown rating never passes a check.
func (r CreditRating) Below(floor CreditRating) bool {
	i := slices.Index(creditScale, r)
	return i < 0 || i > slices.Index(creditScale, floor)
}

// BusinessStatus is a company's legal state of business.
type BusinessStatus string

// Business statuses (API.md).
const (
	BusinessActive                 BusinessStatus = "active"
	BusinessSuspended              BusinessStatus = "suspended" // 휴업
	BusinessClosed                 BusinessStatus = "closed"    // 폐업
	BusinessBankrupt               BusinessStatus = "bankrupt"  // 부도·파산
	BusinessRehabilitationApproved BusinessStatus = "rehabilitation_approved"
)

var businessStatuses = []BusinessStatus{BusinessActive, BusinessSuspended, BusinessClosed, BusinessBankrupt, BusinessRehabilitationApproved}

// ParseBusinessStatus accepts the statuses above.
func ParseBusinessStatus(s string) (BusinessStatus, error) {
	return oneOf(s, businessStatuses, "invalid.business_status")
}

// Applicant is the company as its application describes it.
type Applicant struct {
	Org            string         `json:"org"`
	BusinessNo     string         `json:"business_no"`
	Name           string         `json:"name"`
	FoundedOn      Date           `json:"founded_on"`
	CreditRating   CreditRating   `json:"credit_rating"`
	BusinessStatus BusinessStatus `json:"business_status"`
	Size           ProviderSize   `json:"size"`
	DebarredUntil  *Date          `json:"debarred_until,omitempty"`
}

// Eligibility is the outcome of the management-state check (경영상태·적격성).
type Eligibility struct {
	Eligible bool   `json:"eligible"`
	Reason   string `json:"reason"`
}

// CheckEligibility applies the eligibility rules in force on the application date:
// a credit rating below the floor is ineligible unless the company was founded within the
// exemption period; closed, suspended or bankrupt companies are ineligible unless a court
// approved a rehabilitation plan; a company under debarment on that date is ineligible.
func CheckEligibility(p Applicant, appliedOn Date) Eligibility {
	ok, why := checkEligibility(p, appliedOn)
	return Eligibility{Eligible: ok, Reason: why.English()}
}

// checkEligibility is CheckEligibility with its reason keyed, which the application's
// eligibility step keeps for the pages.
func checkEligibility(p Applicant, appliedOn Date) (bool, *Text) {
	return checkEligibilityPinned(p, appliedOn, nil)
}

// checkEligibilityPinned is checkEligibility under the rules an application holds (nil:
// the table's in force on appliedOn).
func checkEligibilityPinned(p Applicant, appliedOn Date, pins *CasePins) (bool, *Text) {
	at := appliedOn.Time
	switch p.BusinessStatus {
	case BusinessClosed, BusinessSuspended, BusinessBankrupt:
		return false, Msg("eligibility.business_status", "status", "business."+string(p.BusinessStatus))
	}
	if p.DebarredUntil != nil && !p.DebarredUntil.Before(at) {
		return false, Msg("eligibility.debarred", "until", p.DebarredUntil.String(), "applied", appliedOn.String())
	}
	floor := pins.Grade(RuleMinCreditRating, at)
	if p.CreditRating.Below(floor) {
		years := pins.Int(RuleNewCompanyExemptYears, at)
		exemptUntil := p.FoundedOn.AddDate(years, 0, 0)
		if !p.FoundedOn.IsZero() && at.Before(exemptUntil) {
			return true, Msg("eligibility.rating_exempt", "rating", string(p.CreditRating), "floor", string(floor),
				"founded", p.FoundedOn.String(), "years", itoa(int64(years)))
		}
		return false, Msg("eligibility.rating_below", "rating", string(p.CreditRating), "floor", string(floor),
			"founded", p.FoundedOn.String(), "years", itoa(int64(years)))
	}
	return true, Msg("eligibility.ok", "rating", string(p.CreditRating), "floor", string(floor),
		"status", "business."+string(p.BusinessStatus))
}

// ApplicationServiceInput is the service part of POST /applications.
type ApplicationServiceInput struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Subtype     string `json:"subtype"`
	Description string `json:"description"`
	// NameEn and DescriptionEn are the service in English, for the English pages and the
	// catalog it enters if selected (optional).
	NameEn        string `json:"name_en,omitempty"`
	DescriptionEn string `json:"description_en,omitempty"`
	// Features and Prices are the catalog the service enters the catalog with, if selected
	// (optional; ParseCatalog); FeaturesEn the features in English (optional).
	Features   []string    `json:"features,omitempty"`
	FeaturesEn []string    `json:"features_en,omitempty"`
	Prices     []PriceLine `json:"prices,omitempty"`
}

// ApplicantInput is the provider part of POST /applications.
type ApplicantInput struct {
	BusinessNo     string `json:"business_no"`
	Name           string `json:"name"`
	FoundedOn      string `json:"founded_on"`
	CreditRating   string `json:"credit_rating"`
	BusinessStatus string `json:"business_status"`
	Size           string `json:"size"`
	DebarredUntil  string `json:"debarred_until,omitempty"`
}

// ApplicationInput is the body of POST /applications.
type ApplicationInput struct {
	Service             ApplicationServiceInput `json:"service"`
	Provider            ApplicantInput          `json:"provider"`
	Broker              bool                    `json:"broker"`
	SchoolEducationOnly bool                    `json:"school_education_only"`
	Documents           []DocumentInput         `json:"documents"`
}

// ApplicationService is the service an application asks to have selected.
type ApplicationService struct {
	Name string `json:"name"`
	// NameEn is the English name its provider gave, or the catalog's of a service under
	// re-review (RereviewRequest); empty when there is none.
	NameEn      string      `json:"name_en,omitempty"`
	Type        ServiceType `json:"type"`
	Subtype     Subtype     `json:"subtype"`
	Description string      `json:"description"`
	// DescriptionEn is the description in English the provider gave (optional).
	DescriptionEn string      `json:"description_en,omitempty"`
	Features      []string    `json:"features,omitempty"`
	FeaturesEn    []string    `json:"features_en,omitempty"`
	Prices        []PriceLine `json:"prices,omitempty"`
}

// ApplicationRequest is a validated application.
type ApplicationRequest struct {
	Service             ApplicationService `json:"service"`
	Provider            Applicant          `json:"provider"`
	Broker              bool               `json:"broker"`
	SchoolEducationOnly bool               `json:"school_education_only"`
	Documents           []Document         `json:"documents"`
}

var businessNoPattern = regexp.MustCompile(`^[0-9]{3}-[0-9]{2}-[0-9]{5}$`)

// MaxDescription bounds a service description: the catalog shows it, the case carries it.
const MaxDescription = 4000

// ParseApplication validates the body of POST /applications for a provider org on a
// date. Every invalid field is named; nothing is decided about eligibility here.
func ParseApplication(in ApplicationInput, org string, by string, now time.Time) (ApplicationRequest, error) {
	var fe Fields
	today := DateOf(now)
	var req ApplicationRequest
	req.Broker, req.SchoolEducationOnly = in.Broker, in.SchoolEducationOnly

	s := in.Service
	req.Service.Name = strings.TrimSpace(s.Name)
	if req.Service.Name == "" || len([]rune(req.Service.Name)) > 200 {
		fe.AddText("service.name", Msg("invalid.required_max_chars", "max", "200"))
	}
	typ, err := ParseServiceType(s.Type)
	if err != nil {
		fe.AddErr("service.type", err)
	}
	sub, err := ParseSubtype(s.Subtype)
	switch {
	case err != nil:
		fe.AddErr("service.subtype", err)
	case typ != "" && sub.Type() != typ:
		fe.AddText("service.subtype", Msg("invalid.subtype_of_other_type", "subtype", string(sub), "type", string(sub.Type()), "chosen", string(typ)))
	}
	req.Service.Type, req.Service.Subtype = typ, sub
	req.Service.Description = strings.TrimSpace(s.Description)
	if req.Service.Description == "" || len([]rune(req.Service.Description)) > MaxDescription {
		fe.AddText("service.description", Msg("invalid.required_max_chars", "max", itoa(MaxDescription)))
	}
	req.Service.NameEn, req.Service.DescriptionEn = strings.TrimSpace(s.NameEn), strings.TrimSpace(s.DescriptionEn)
	if len([]rune(req.Service.NameEn)) > 200 {
		fe.AddText("service.name_en", Msg("invalid.max_chars", "max", "200"))
	}
	if len([]rune(req.Service.DescriptionEn)) > MaxDescription {
		fe.AddText("service.description_en", Msg("invalid.max_chars", "max", itoa(MaxDescription)))
	}
	before := len(fe)
	if cat := parseCatalog("service.", s.Features, s.Prices, &fe); len(fe) == before && len(cat.Features)+len(cat.Prices) > 0 {
		req.Service.Features, req.Service.Prices = cat.Features, cat.Prices
	}
	if en := ParseFeatures("service.features_en", s.FeaturesEn, &fe); len(en) > 0 {
		req.Service.FeaturesEn = en
	}

	p := in.Provider
	a := Applicant{Org: org, BusinessNo: strings.TrimSpace(p.BusinessNo), Name: strings.TrimSpace(p.Name)}
	if !businessNoPattern.MatchString(a.BusinessNo) {
		fe.AddText("provider.business_no", Msg("invalid.business_no_shape", "shape", "000-00-00000"))
	}
	if a.Name == "" || len([]rune(a.Name)) > 200 {
		fe.AddText("provider.name", Msg("invalid.required_max_chars", "max", "200"))
	}
	if d, err := ParseDate(p.FoundedOn); err != nil {
		fe.AddErr("provider.founded_on", err)
	} else if d.After(today.Time) {
		fe.AddText("provider.founded_on", Msg("invalid.after_today", "today", today.String()))
	} else {
		a.FoundedOn = d
	}
	if a.CreditRating, err = ParseCreditRating(p.CreditRating); err != nil {
		fe.AddErr("provider.credit_rating", err)
	}
	if a.BusinessStatus, err = ParseBusinessStatus(p.BusinessStatus); err != nil {
		fe.AddErr("provider.business_status", err)
	}
	if a.Size, err = ParseProviderSize(p.Size); err != nil {
		fe.AddErr("provider.size", err)
	}
	if strings.TrimSpace(p.DebarredUntil) != "" {
		if d, err := ParseDate(p.DebarredUntil); err != nil {
			fe.AddErr("provider.debarred_until", err)
		} else {
			a.DebarredUntil = &d
		}
	}
	req.Provider = a
	req.Documents = parseDocuments("documents", in.Documents, ApplicationDocumentKinds, by, now.In(Seoul), &fe)
	if err := fe.Err(); err != nil {
		return ApplicationRequest{}, err
	}
	return req, nil
}

// ReviewVerdict is an expert's verdict on one review criterion.
type ReviewVerdict string

// Verdicts.
const (
	VerdictPass ReviewVerdict = "pass"
	VerdictFail ReviewVerdict = "fail"
	VerdictNA   ReviewVerdict = "na"
)

// ReviewCriteria are the review items of SPEC.md, Process 1 step 3: (1) a digital service
// of one of the three types, (2) management state, (3-1) security, (3-2) operational
// stability, (3-3) support.
type ReviewCriteria struct {
	Eligibility ReviewVerdict `json:"eligibility"`
	Management  ReviewVerdict `json:"management"`
	Security    ReviewVerdict `json:"security"`
	Stability   ReviewVerdict `json:"stability"`
	Support     ReviewVerdict `json:"support"`
}

// ExpertReview is one expert's opinion (전문가 검토의견).
type ExpertReview struct {
	Expert    string         `json:"expert"`
	Opinion   string         `json:"opinion"`
	SiteVisit bool           `json:"site_visit"`
	Comment   string         `json:"comment"`
	Criteria  ReviewCriteria `json:"criteria"`
	At        time.Time      `json:"at"`
}

// SiteVisitReport is the operator's report of a site visit and company interview.
type SiteVisitReport struct {
	HeldOn     Date      `json:"held_on"`
	Report     string    `json:"report"`
	ReportedBy string    `json:"reported_by"`
	At         time.Time `json:"at"`
}
