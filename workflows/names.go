// Package workflows holds one durable workflow per process of SPEC.md. Every decision is
// made by models; the workflow holds the state, the timers and the human steps (Updates).
package workflows

import (
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
)

// TaskQueue is the one task queue of dsmarket's workers.
const TaskQueue = "dsmarket"

// OrderWorkflowID is the business key of a catalog order's workflow: one order, one
// workflow, so a repeated start can never make a second case.
func OrderWorkflowID(orderID string) string { return "order-" + orderID }

// Names of the order workflow's handlers.
const (
	UpdateSubmitProposal = "submit-proposal"
	UpdateEvaluate       = "evaluate"
	UpdateNegotiate      = "negotiate"
	UpdateCancel         = "cancel"
	SignalServiceRemoved = "service-removed"
	QueryOrder           = "order"
)

// Custom search attributes, so that auditors can filter cases in the Temporal Web UI.
// They must be registered with the server (the dev server gets them at start).
var (
	SACaseType    = temporal.NewSearchAttributeKeyKeyword("DsCaseType")
	SACaseStatus  = temporal.NewSearchAttributeKeyKeyword("DsCaseStatus")
	SAServiceType = temporal.NewSearchAttributeKeyKeyword("DsServiceType")
	SAServiceID   = temporal.NewSearchAttributeKeyKeyword("DsServiceId")
	SAProviderOrg = temporal.NewSearchAttributeKeyKeyword("DsProviderOrg")
	SAAgencyOrg   = temporal.NewSearchAttributeKeyKeyword("DsAgencyOrg")
)

// SearchAttributeKeys lists every custom search attribute, for registration.
var SearchAttributeKeys = []temporal.SearchAttributeKey{
	SACaseType, SACaseStatus, SAServiceType, SAServiceID, SAProviderOrg, SAAgencyOrg,
}

// ApplicationWorkflowID is the business key of an application's workflow.
func ApplicationWorkflowID(applicationID string) string {
	return models.ApplicationWorkflowID(applicationID)
}

// SessionWorkflowID is the business key of a committee session's workflow.
func SessionWorkflowID(sessionID string) string { return "committee-" + sessionID }

// Names of the application workflow's handlers.
const (
	UpdateCompleteTask    = "complete-task"
	UpdateSupplement      = "supplement"
	UpdateWithdraw        = "withdraw"
	QueryApplication      = "application"
	SignalSessionOpened   = "session-opened"   // a session opened: an application waiting for one may join
	SignalSessionClosing  = "session-closing"  // the session closes: count the votes and answer
	SignalSessionJoined   = "session-joined"   // the session put the application on its agenda
	SignalSessionRejected = "session-rejected" // the session closed before the join arrived
)

// Names of the committee session workflow's handlers.
const (
	UpdateCloseSession  = "close-session"
	QuerySession        = "session"
	SignalJoinSession   = "join-session"
	SignalSessionResult = "session-result"
)

// ServiceWatchWorkflowID is the business key of a catalog service's continuous inspection
// (상시점검): one service, one watch.
func ServiceWatchWorkflowID(serviceID string) string { return models.ServiceWatchWorkflowID(serviceID) }

// Names of the service watch's handlers, and the Schedule of the nightly sweep that starts
// missing watches.
const (
	UpdateRecordEvent      = "record-event"
	QueryServiceWatch      = "service-watch"
	ServiceWatchScheduleID = "dsmarket-service-watch"
	// UpdateDeclareUnfit removes a service found unfit by the regular quality inspection
	// through the watch's own unfit steps (activities.Activities.DeclareUnfit).
	UpdateDeclareUnfit = activities.UpdateDeclareUnfit
)

// DirectContractWorkflowID is the business key of a direct contract's registration
// workflow: one contract, one workflow.
func DirectContractWorkflowID(contractID string) string { return "contract-" + contractID }

// Names of the direct contract workflow's handlers.
const (
	UpdateRegisterChange = "register-change"
	QueryDirectContract  = "contract"
)

// ChangeRequestWorkflowID is the business key of an information change's workflow:
// change-CR-2026-000001.
func ChangeRequestWorkflowID(id string) string { return models.ChangeRequestWorkflowID(id) }

// Names of the change request workflow's handlers.
const (
	UpdateDecideChange = "decide-change"
	QueryChangeRequest = "change-request"
)
