package flow

import "github.com/dsmarket/dsmarket/models"

// OrderWorkflowID is the business key of a catalog order's workflow: one order, one
// workflow, so a repeated start can never make a second case.
func OrderWorkflowID(orderID string) string { return "order-" + orderID }

// OrderWorkflowType is the registered type name of the order workflow.
const OrderWorkflowType = "Order"

// Names of the order workflow's handlers.
const (
	UpdateSubmitProposal = "submit-proposal"
	UpdateEvaluate       = "evaluate"
	UpdateNegotiate      = "negotiate"
	UpdateCancel         = "cancel"
	SignalServiceRemoved = "service-removed"
	QueryOrder           = "order"
)

// OrderInput opens a catalog order. Service is the catalog entry the API checked; the
// workflow confirms it is still orderable before the provider is asked.
type OrderInput struct {
	OrderID     string
	Request     models.OrderRequest
	Service     models.Service
	RequestedBy models.Actor
	// RequestID is the API request that opened the case, for the audit log (Step.Request).
	RequestID string `json:",omitempty"`
	// Pins are the rule versions in force at the start and the sandbox's time scale
	// (models.CasePins); absent in orders started before they existed.
	Pins *models.CasePins `json:",omitempty"`
}

// OrderResult is how the order ended.
type OrderResult struct {
	Status     models.OrderStatus
	ContractID string
}

// SubmitProposalInput is the provider's proposal.
type SubmitProposalInput struct {
	Actor    models.Actor
	Proposal models.ProposalInput
}

// EvaluateInput is the agency's scoring.
type EvaluateInput struct {
	Actor  models.Actor
	Scores []models.ScoreInput
}

// NegotiateInput is the agency's record of the negotiation.
type NegotiateInput struct {
	Actor       models.Actor
	Negotiation models.NegotiationInput
}

// CancelInput is the agency's cancellation.
type CancelInput struct {
	Actor  models.Actor
	Cancel models.CancelInput
}

// ServiceRemovedSignal tells an order in flight that its service left the catalog.
type ServiceRemovedSignal struct {
	Reason string
	// ReasonText is Reason keyed, when the system found it (an inspection's finding); a
	// reason the operator typed has none.
	ReasonText *models.Text `json:",omitempty"`
}
