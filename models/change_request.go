package models

import (
	"encoding/json"
	"regexp"
	"strings"
	"time"
)

// ChangeRequest is a provider's request to change a catalog service's information
// (정보 변경, SPEC.md Process 4). A change that touches a selection criterion (the type,
// CSAP, the SLA or the provider's identity) opens a re-review; any other waits for the
// operator's approval and is then applied to the catalog, which keeps the history.
// The workflow owns it; the projection in PostgreSQL is a copy for lists.
type ChangeRequest struct {
	ID          string              `json:"id"`
	WorkflowID  string              `json:"workflow_id"`
	Path        ChangePath          `json:"path"`
	Status      ChangeRequestStatus `json:"status"`
	ServiceID   string              `json:"service_id"`
	ServiceName string              `json:"service_name"`
	// ServiceNameEn is the catalog's English name of the service when the case opened (empty
	// when it had none), for the texts an English reader reads (ServiceNameArgs).
	ServiceNameEn string        `json:"service_name_en,omitempty"`
	ProviderOrg   string        `json:"provider_org"`
	Changes       []FieldChange `json:"changes"`
	Reason        string        `json:"reason"`
	// Criteria names the selection criteria the change touches (rereview path only).
	Criteria []string `json:"criteria,omitempty"`
	// DecisionReason is the operator's reason for a rejection (or note on an approval).
	DecisionReason string     `json:"decision_reason,omitempty"`
	DecidedBy      string     `json:"decided_by,omitempty"`
	DecidedAt      *time.Time `json:"decided_at,omitempty"`
	AppliedAt      *time.Time `json:"applied_at,omitempty"`
	// RereviewApplicationID is the re-review's application, when one was started.
	RereviewApplicationID string `json:"rereview_application_id,omitempty"`
	// Documents are the files the provider sent with the request.
	Documents   []Document `json:"documents,omitempty"`
	RequestedBy string     `json:"requested_by"`
	RequestedAt time.Time  `json:"requested_at"`
	ClosedAt    *time.Time `json:"closed_at,omitempty"`
	Steps       []Step     `json:"steps"`
	// Pins are the rule versions in force when the request was made, which it keeps to its
	// end (nil for requests made before cases pinned them: those read the table at each
	// reminder), and the sandbox's time scale.
	Pins *CasePins `json:"pins,omitempty"`
}

// ChangePath is how a change request is handled.
type ChangePath string

// Change paths.
const (
	ChangeApproval ChangePath = "approval" // the operator approves, then it is applied
	ChangeRereview ChangePath = "rereview" // it touches a selection criterion: re-review
)

// ChangeRequestStatus is where a change request stands.
type ChangeRequestStatus string

// Change request statuses.
const (
	ChangeSubmitted       ChangeRequestStatus = "submitted"
	ChangeApproved        ChangeRequestStatus = "approved"
	ChangeRejected        ChangeRequestStatus = "rejected"
	ChangeRereviewStarted ChangeRequestStatus = "rereview_started"
)

// ChangeRequestStatuses lists every status, for validation of list filters.
var ChangeRequestStatuses = []ChangeRequestStatus{ChangeSubmitted, ChangeApproved, ChangeRejected, ChangeRereviewStarted}

func (s ChangeRequestStatus) String() string { return string(s) }

// Final reports whether the request can no longer move.
func (s ChangeRequestStatus) Final() bool { return s != ChangeSubmitted }

// Actions recorded in a change request's steps.
const (
	ActionChangeRequested       = "change_requested"
	ActionChangeApproved        = "change_approved"
	ActionChangeRejected        = "change_rejected"
	ActionChangeApplied         = "change_applied"
	ActionChangeRequestReminded = "change_request_reminded"
	ActionChangeRereviewOpen    = "rereview_started"
)

// ChangeRequestInput is the body of POST /services/{id}/change-requests. Every field of
// Changes is optional; at least one must be given and differ from the catalog.
type ChangeRequestInput struct {
	Changes ChangeFields `json:"changes"`
	Reason  string       `json:"reason"`
	// Documents back the change (a new CSAP certificate, an amended corporate registry):
	// uploaded files by document_id, or filename and sha256 as an application's.
	Documents []DocumentInput `json:"documents,omitempty"`
}

// ChangeFields are the changeable fields of a catalog service. SLA is a short text (at
// most 500 characters) stating the new service level, such as "가용성 99.95%, 장애 복구 4시간"; the
// catalog keeps no SLA column, so an SLA change is always a re-review ground and its text
// goes to the re-review. CSAPValidUntil (YYYY-MM-DD) is the new certificate's last valid day.
type ChangeFields struct {
	Name           *string `json:"name,omitempty"`
	NameEn         *string `json:"name_en,omitempty"`
	Description    *string `json:"description,omitempty"`
	DescriptionEn  *string `json:"description_en,omitempty"`
	Type           *string `json:"type,omitempty"`
	Subtype        *string `json:"subtype,omitempty"`
	CSAPValidUntil *string `json:"csap_valid_until,omitempty"`
	SLA            *string `json:"sla,omitempty"`
	ProviderName   *string `json:"provider_name,omitempty"`
	BusinessNo     *string `json:"business_no,omitempty"`
	// Features and Prices replace the service's catalog as a whole (ParseCatalog); the
	// change and the history keep each as a JSON array in text.
	Features *[]string    `json:"features,omitempty"`
	Prices   *[]PriceLine `json:"prices,omitempty"`
	// FeaturesEn replaces the features in English as a whole; [] removes them.
	FeaturesEn *[]string `json:"features_en,omitempty"`
}

// FieldChange is one field's old and new value, as text.
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// DecideChangeInput is the operator's decision on an approval-path change request.
type DecideChangeInput struct {
	Approve *bool  `json:"approve"`
	Reason  string `json:"reason"`
}

// ChangeCriteria are the selection criteria a change may touch (ChangeRequest.Criteria),
// in the order a request names them: touching one sends the change to a re-review.
var ChangeCriteria = []string{"type", "csap", "sla", "provider_identity"}

// ChangeRequestIDPattern matches change request IDs: CR-<year>-<6 digits>.
var ChangeRequestIDPattern = regexp.MustCompile(`^CR-\d{4}-\d{6}$`)

// NewChangeRequest opens a change request in submitted.
func NewChangeRequest(id, workflowID string, p ParsedChange, svc Service, by Actor, now time.Time) *ChangeRequest {
	now = now.In(Seoul)
	cr := &ChangeRequest{
		ID: id, WorkflowID: workflowID, Path: p.Path, Status: ChangeSubmitted,
		ServiceID: svc.ID, ServiceName: svc.Name, ServiceNameEn: svc.NameEn, ProviderOrg: svc.Provider.Org,
		Changes: p.Changes, Reason: p.Reason, Criteria: p.Criteria, Documents: p.Documents,
		RequestedBy: by.Sub, RequestedAt: now,
	}
	note := Msg("change.needs_approval")
	if p.Path == ChangeRereview {
		// The REST note names the criteria as they are ("type, csap"); a page, by their labels.
		labels := make([]string, len(p.Criteria))
		for i, c := range p.Criteria {
			labels[i] = "chcrit." + c
		}
		note = Msg("change.needs_rereview", "criteria", strings.Join(labels, ","))
	}
	cr.record(now, by, ActionChangeRequested, note)
	return cr
}

// Version counts the changes so far; projections keep the highest version they saw.
func (cr *ChangeRequest) Version() int { return len(cr.Steps) }

func (cr *ChangeRequest) record(now time.Time, by Actor, action string, note *Text) {
	cr.Steps = append(cr.Steps, keyedStep(now, by, action, string(cr.Status), note))
}

// VisibleTo reports whether an actor may see the request: its provider, operators and
// auditors. Others get "not found".
func (cr *ChangeRequest) VisibleTo(a Actor) bool {
	switch a.Role {
	case RoleOperator, RoleAuditor:
		return true
	case RoleProvider:
		return a.Org == cr.ProviderOrg
	}
	return false
}

// CheckDecide validates the operator's decision without changing anything.
func (cr *ChangeRequest) CheckDecide(a Actor, in DecideChangeInput) error {
	if !cr.VisibleTo(a) {
		return Refuse(ENOTFOUND, Msg("error.change_request_not_found"))
	}
	if a.Role != RoleOperator {
		return Refuse(EFORBIDDEN, Msg("error.change_request_operator_only"))
	}
	if cr.AwaitsRereview() {
		return Refuse(ECONFLICT, Msg("error.change_decided_by_rereview", "request", cr.ID, "application", cr.RereviewApplicationID))
	}
	if cr.Path != ChangeApproval || cr.Status != ChangeSubmitted {
		return Conflict("decide the change request", cr.Status)
	}
	var fe Fields
	if in.Approve == nil {
		fe.AddText("approve", Msg("invalid.required"))
	}
	reason := strings.TrimSpace(in.Reason)
	if in.Approve != nil && !*in.Approve && reason == "" {
		fe.AddText("reason", Msg("invalid.change_reject_reason"))
	}
	if len([]rune(reason)) > 1000 {
		fe.AddText("reason", Msg("invalid.max_chars", "max", "1000"))
	}
	return fe.Err()
}

// Decide records the operator's decision: approved (to be applied) or rejected.
func (cr *ChangeRequest) Decide(now time.Time, a Actor, in DecideChangeInput) error {
	if err := cr.CheckDecide(a, in); err != nil {
		return err
	}
	now = now.In(Seoul)
	cr.DecisionReason = strings.TrimSpace(in.Reason)
	cr.DecidedBy = a.Sub
	cr.DecidedAt = &now
	if *in.Approve {
		cr.Status = ChangeApproved
		cr.record(now, a, ActionChangeApproved, verbatim(cr.DecisionReason))
		return nil
	}
	cr.Status = ChangeRejected
	cr.ClosedAt = &now
	cr.record(now, a, ActionChangeRejected, verbatim(cr.DecisionReason))
	return nil
}

// Applied records that the approved changes are in the catalog.
func (cr *ChangeRequest) Applied(now time.Time) {
	now = now.In(Seoul)
	cr.AppliedAt = &now
	cr.ClosedAt = &now
	cr.record(now, SystemActor, ActionChangeApplied, Msg("change.applied", "fields", itoa(int64(len(cr.Changes)))))
}

// ReminderDue is when the operators are reminded of a decision still pending in a round of
// waiting that began at start, and the days the round lasts: the approval rule the request
// holds (or the table's in force at start), shortened in the sandbox.
func (cr *ChangeRequest) ReminderDue(start time.Time) (time.Time, int) {
	days := cr.Pins.Int(RuleChangeApprovalDays, start)
	return cr.Pins.AddDays(start, days), days
}

// Reminded records that the operators were reminded of a pending decision.
func (cr *ChangeRequest) Reminded(now time.Time, days int) {
	cr.record(now, SystemActor, ActionChangeRequestReminded, Msg("change.reminded", "days", itoa(int64(days))))
}

// RereviewStarted records a rereview-path request's re-review: applicationID is the
// re-review's application, "" when the operators were asked to open it. With await and an
// application the request stays open for the re-review's decision (RereviewDecided);
// otherwise it ends here, as every such request did before December 2026.
func (cr *ChangeRequest) RereviewStarted(now time.Time, applicationID string, await bool) {
	now = now.In(Seoul)
	cr.Status = ChangeRereviewStarted
	cr.RereviewApplicationID = applicationID
	if !await || applicationID == "" {
		cr.ClosedAt = &now
	}
	note := Msg("change.rereview_asked", "criteria", cr.criteriaLabels())
	if applicationID != "" {
		note = Msg("change.rereview_started", "application", applicationID, "criteria", cr.criteriaLabels())
	}
	cr.record(now, SystemActor, ActionChangeRereviewOpen, note)
}

// ApplyTo returns svc with the approved changes applied (approval-path fields only).
func (cr *ChangeRequest) ApplyTo(svc Service) Service {
	for _, c := range cr.Changes {
		switch c.Field {
		case "name":
			svc.Name = c.New
		case "name_en":
			svc.NameEn = c.New
		case "description":
			svc.Description = c.New
		case "description_en":
			svc.DescriptionEn = c.New
		case "subtype":
			svc.Subtype = Subtype(c.New)
		case "features":
			_ = json.Unmarshal([]byte(c.New), &svc.Features) // written by FeaturesJSON
		case "features_en":
			svc.FeaturesEn = nil // an empty list is no English
			_ = json.Unmarshal([]byte(c.New), &svc.FeaturesEn)
		case "prices":
			_ = json.Unmarshal([]byte(c.New), &svc.Prices) // written by PricesJSON
		}
	}
	return svc
}

// ServiceChange is one applied change in the catalog's history of a service.
type ServiceChange struct {
	ServiceID       string    `json:"service_id"`
	ChangeRequestID string    `json:"change_request_id"`
	Field           string    `json:"field"`
	Old             string    `json:"old"`
	New             string    `json:"new"`
	RequestedBy     string    `json:"requested_by"`
	ApprovedBy      string    `json:"approved_by"`
	AppliedAt       time.Time `json:"applied_at"`
}
