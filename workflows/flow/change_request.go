package flow

import "github.com/dsmarket/dsmarket/models"

// ChangeRequestWorkflowID is the business key of an information change's workflow:
// change-CR-2026-000001.
func ChangeRequestWorkflowID(id string) string { return "change-" + id }

// ChangeRequestWorkflowType is the registered type name of the change request workflow.
const ChangeRequestWorkflowType = "ChangeRequest"

// Names of the change request workflow's handlers.
const (
	UpdateDecideChange = "decide-change"
	QueryChangeRequest = "change-request"
	// UpdateRereviewDecided carries the decision of a rereview-path request's re-review
	// (models.ChangeRereviewDecision), sent by the re-review's application
	// (activities.ConfirmRereview, RequestUnfitRemoval).
	UpdateRereviewDecided = "rereview-decided"
)

// ChangeRereviewDecidedID is the Update ID of a re-review's decision on its change request:
// one per application, so a retried activity sends the same Update.
func ChangeRereviewDecidedID(applicationID string) string { return "rereview-decided-" + applicationID }

// ChangeRequestInput opens a provider's change request. Parsed is what the API validated
// against the catalog; Service is the catalog entry it was checked against.
type ChangeRequestInput struct {
	ChangeRequestID string
	Parsed          models.ParsedChange
	Service         models.Service
	RequestedBy     models.Actor
	// State and Rounds carry a request that waited through many reminders into its next
	// run (continue-as-new); nil and 0 for a new request.
	State  *models.ChangeRequest `json:",omitempty"`
	Rounds int                   `json:",omitempty"`
	// RequestID is the API request that opened the case, for the audit log (Step.Request).
	RequestID string `json:",omitempty"`
	// Pins are the rule versions in force when the request was made and the sandbox's time
	// scale (models.CasePins); absent in requests made before they existed.
	Pins *models.CasePins `json:",omitempty"`
}

// ChangeRequestResult is how the change request ended.
type ChangeRequestResult struct {
	Status                models.ChangeRequestStatus
	RereviewApplicationID string
}

// DecideChangeInput is the operator's decision on an approval-path change request.
type DecideChangeInput struct {
	Actor    models.Actor
	Decision models.DecideChangeInput
}
