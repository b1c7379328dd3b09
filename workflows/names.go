// Package workflows holds one durable workflow per process of SPEC.md. Every decision is
// made by models; the workflow holds the state, the timers and the human steps (Updates).
package workflows

import "go.temporal.io/sdk/temporal"

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
