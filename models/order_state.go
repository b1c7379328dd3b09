package models

import (
	"strings"
	"time"
)

// Order is the state of one catalog order. The workflow owns it; the API shows it; the
// PostgreSQL projection is a copy for lists. Every change goes through a method below,
// which checks who may act, in which state, with which input, and records a Step.
type Order struct {
	ID          string      `json:"id"`
	WorkflowID  string      `json:"workflow_id"`
	Status      OrderStatus `json:"status"`
	Title       string      `json:"title"`
	ServiceID   string      `json:"service_id"`
	ServiceName string      `json:"service_name"`
	ServiceType ServiceType `json:"service_type"`
	AgencyOrg   string      `json:"agency_org"`
	ProviderOrg string      `json:"provider_org"`
	BudgetKRW   KRW         `json:"budget_krw"`
	ProposalDue Date        `json:"proposal_due"`
	// ProposalDeadline is the instant the proposal window closes: the end of ProposalDue.
	ProposalDeadline    time.Time   `json:"proposal_deadline"`
	Proposal            *Proposal   `json:"proposal,omitempty"`
	Evaluation          *Evaluation `json:"evaluation,omitempty"`
	EvaluationTotal     *Points     `json:"evaluation_total"`
	NegotiationDeadline *time.Time  `json:"negotiation_deadline"`
	FinalPriceKRW       *KRW        `json:"final_price_krw"`
	Terms               string      `json:"terms,omitempty"`
	ContractID          string      `json:"contract_id,omitempty"`
	// Reason says why the order ended other than by a delivery request.
	Reason              string     `json:"reason,omitempty"`
	RequestedAt         time.Time  `json:"requested_at"`
	ProposalSubmittedAt *time.Time `json:"proposal_submitted_at,omitempty"`
	EvaluatedAt         *time.Time `json:"evaluated_at,omitempty"`
	DeliveryRequestedAt *time.Time `json:"delivery_requested_at,omitempty"`
	ClosedAt            *time.Time `json:"closed_at,omitempty"`
	Steps               []Step     `json:"steps"`
	// Pins are the rule versions the order started under (nil for orders started before
	// cases pinned them) and the sandbox's time scale.
	Pins *CasePins `json:"pins,omitempty"`
}

// Pin fixes the rules and time scale the order keeps to its end. In the sandbox the
// proposal window shrinks too, so that every wait of the case runs faster.
func (o *Order) Pin(p *CasePins) {
	o.Pins = p
	o.ProposalDeadline = p.Shorten(o.RequestedAt, o.ProposalDeadline)
}

// NewOrder opens an order in proposal_requested.
func NewOrder(id, workflowID string, req OrderRequest, svc Service, agencyOrg string, by Actor, now time.Time) *Order {
	now = now.In(Seoul)
	o := &Order{
		ID: id, WorkflowID: workflowID, Status: OrderProposalRequested,
		Title: req.Title, ServiceID: svc.ID, ServiceName: svc.Name, ServiceType: svc.Type,
		AgencyOrg: agencyOrg, ProviderOrg: svc.Provider.Org, BudgetKRW: req.BudgetKRW,
		ProposalDue: req.ProposalDue, ProposalDeadline: req.ProposalDue.EndOfDay(),
		RequestedAt: now,
	}
	o.record(now, by, ActionProposalRequested, Msg("order.proposal_due", "due", req.ProposalDue.String()))
	return o
}

// Version counts the changes so far; projections keep the highest version they saw.
func (o *Order) Version() int { return len(o.Steps) }

func (o *Order) record(now time.Time, by Actor, action string, note *Text) {
	o.Steps = append(o.Steps, keyedStep(now, by, action, string(o.Status), note))
}

func (o *Order) close(now time.Time, by Actor, status OrderStatus, action string, reason *Text) {
	o.Status = status
	o.Reason = reason.English()
	t := now
	o.ClosedAt = &t
	o.record(now, by, action, reason)
}

// VisibleTo reports whether an actor may see this order at all. Others get "not found".
func (o *Order) VisibleTo(a Actor) bool { return partyOrAuditor(a, o.AgencyOrg, o.ProviderOrg) }

// partyOrAuditor reports whether a is the agency or the provider of a case between them,
// or an auditor, who sees every case.
func partyOrAuditor(a Actor, agencyOrg, providerOrg string) bool {
	switch a.Role {
	case RoleAuditor:
		return true
	case RoleAgency:
		return a.Org == agencyOrg
	case RoleProvider:
		return a.Org == providerOrg
	}
	return false
}

var errOrderNotFound = Refuse(ENOTFOUND, Msg("error.order_not_found"))

// mayAct checks that a is the party of the order who takes this step.
func (o *Order) mayAct(a Actor, role Role, org string) error {
	if !o.VisibleTo(a) {
		return errOrderNotFound
	}
	if a.Role != role || a.Org != org {
		return Refuse(EFORBIDDEN, Msg("error.order_party_only", "role", "role."+string(role)))
	}
	return nil
}

// mayStep checks that a is the party who takes the step, and that the order is in the
// one state the step follows.
func (o *Order) mayStep(a Actor, role Role, org string, from OrderStatus, action string) error {
	if err := o.mayAct(a, role, org); err != nil {
		return err
	}
	if o.Status != from {
		return Conflict(action, o.Status)
	}
	return nil
}

// CheckSubmitProposal validates a proposal without changing anything.
func (o *Order) CheckSubmitProposal(now time.Time, a Actor, in ProposalInput) error {
	if err := o.mayStep(a, RoleProvider, o.ProviderOrg, OrderProposalRequested, "submit a proposal"); err != nil {
		return err
	}
	if !now.Before(o.ProposalDeadline) {
		return Refuse(ECONFLICT, Msg("error.due_passed", "action", "do.submit_a_proposal", "due", o.ProposalDue.String()))
	}
	_, err := in.parse(now, a.Sub)
	return err
}

// SubmitProposal records the provider's proposal.
func (o *Order) SubmitProposal(now time.Time, a Actor, in ProposalInput) error {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if err := o.CheckSubmitProposal(now, a, in); err != nil {
		return err
	}
	p, err := in.parse(now, a.Sub)
	if err != nil {
		return err
	}
	o.Proposal = &p
	o.Status = OrderProposalSubmitted
	t := now
	o.ProposalSubmittedAt = &t
	o.record(now, a, ActionProposalSubmitted, withFiles(Msg("order.price", "price", itoa(int64(in.PriceKRW))), p.Documents))
	return nil
}

// CheckEvaluate validates an evaluation without changing anything.
func (o *Order) CheckEvaluate(now time.Time, a Actor, scores []ScoreInput) error {
	if err := o.mayStep(a, RoleAgency, o.AgencyOrg, OrderProposalSubmitted, "evaluate the proposal"); err != nil {
		return err
	}
	_, err := parseScores(scores, o.Pins.Int(RuleQualifyingScore, now))
	return err
}

// Evaluate scores the proposal: a qualifying total opens the negotiation window, any
// other ends the order as not qualified.
func (o *Order) Evaluate(now time.Time, a Actor, scores []ScoreInput) error {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if err := o.CheckEvaluate(now, a, scores); err != nil {
		return err
	}
	threshold := o.Pins.Int(RuleQualifyingScore, now)
	ev, _ := parseScores(scores, threshold)
	ev.EvaluatedAt, ev.EvaluatedBy = now, a.Sub
	o.Evaluation = &ev
	total := ev.Total
	o.EvaluationTotal = &total
	t := now
	o.EvaluatedAt = &t
	if !ev.Qualified {
		o.close(now, a, OrderNotQualified, ActionEvaluated,
			Msg("order.below_threshold", "total", ev.Total.String(), "threshold", itoa(int64(threshold))))
		return nil
	}
	deadline := o.Pins.AddDays(now, o.Pins.Int(RuleNegotiationDays, now))
	o.NegotiationDeadline = &deadline
	o.Status = OrderNegotiating
	o.record(now, a, ActionEvaluated, Msg("order.qualified", "total", ev.Total.String(),
		"threshold", itoa(int64(threshold)), "deadline", deadline.In(Seoul).Format(time.RFC3339)))
	return nil
}

// CheckNegotiate validates a negotiation outcome without changing anything.
func (o *Order) CheckNegotiate(now time.Time, a Actor, in NegotiationInput) error {
	if err := o.mayStep(a, RoleAgency, o.AgencyOrg, OrderNegotiating, "record a negotiation"); err != nil {
		return err
	}
	if o.NegotiationDeadline != nil && !now.Before(*o.NegotiationDeadline) {
		return Refuse(ECONFLICT, Msg("error.deadline_passed", "action", "do.record_a_negotiation",
			"deadline", o.NegotiationDeadline.In(Seoul).Format(time.RFC3339)))
	}
	return in.validate()
}

// Negotiate records agreement, which requests delivery and concludes the contract, or
// failure, which lets the order lapse.
func (o *Order) Negotiate(now time.Time, a Actor, in NegotiationInput) error {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if err := o.CheckNegotiate(now, a, in); err != nil {
		return err
	}
	if !*in.Agreed {
		o.close(now, a, OrderLapsed, ActionNegotiationFailed, verbatim(strings.TrimSpace(in.Reason)))
		return nil
	}
	price := KRW(in.FinalPriceKRW)
	o.FinalPriceKRW = &price
	o.Terms = strings.TrimSpace(in.Terms)
	o.record(now, a, ActionNegotiationAgreed, Msg("order.final_price", "price", itoa(int64(price))))
	o.Status = OrderDeliveryRequested
	t := now
	o.DeliveryRequestedAt = &t
	o.ClosedAt = &t
	o.ContractID = ContractIDForOrder(o.ID)
	o.record(now, a, ActionDeliveryRequested, Msg("order.delivery_requested", "contract", o.ContractID))
	return nil
}

// CheckCancel validates a cancellation without changing anything.
func (o *Order) CheckCancel(_ time.Time, a Actor, in CancelInput) error {
	if err := o.mayAct(a, RoleAgency, o.AgencyOrg); err != nil {
		return err
	}
	if o.Status.Final() {
		return Conflict("cancel", o.Status)
	}
	return in.validate()
}

// Cancel ends the order at the agency's request before the delivery request.
func (o *Order) Cancel(now time.Time, a Actor, in CancelInput) error {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if err := o.CheckCancel(now, a, in); err != nil {
		return err
	}
	o.close(now, a, OrderCancelled, ActionCancelled, verbatim(strings.TrimSpace(in.Reason)))
	return nil
}

// LapseProposal ends the order when no proposal came by the due date.
func (o *Order) LapseProposal(now time.Time) {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if o.Status == OrderProposalRequested {
		o.close(now, SystemActor, OrderLapsed, ActionProposalLapsed,
			Msg("order.proposal_lapsed", "due", o.ProposalDue.String()))
	}
}

// LapseNegotiation ends the order when the negotiation window closed without a result.
func (o *Order) LapseNegotiation(now time.Time) {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if o.Status == OrderNegotiating {
		o.close(now, SystemActor, OrderLapsed, ActionNegotiationLapsed,
			Msg("order.negotiation_lapsed", "days", itoa(int64(o.Pins.Int(RuleNegotiationDays, now)))))
	}
}

// StopServiceRemoved ends an order in flight whose service left the catalog. why is reason
// keyed when the system found it (nil for a reason a person typed): the order's note then
// reads it in its reader's language, the same English as reason.
func (o *Order) StopServiceRemoved(now time.Time, reason string, why *Text) bool {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if o.Status.Final() {
		return false
	}
	note := Msg("order.service_removed", "reason", reason)
	if why != nil && why.Key != "" {
		note = nest(Msg("order.service_removed_why"), "why", why)
	}
	o.close(now, SystemActor, OrderCancelled, ActionServiceRemoved, note)
	return true
}

// StopNotOrderable ends an order whose service turned out not to be orderable when the
// workflow started (it changed between the API's check and the start).
func (o *Order) StopNotOrderable(now time.Time, status ServiceStatus) {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if !o.Status.Final() {
		o.close(now, SystemActor, OrderCancelled, ActionServiceUnorderable,
			Msg("order.not_orderable", "status", "svcstatus."+string(status)))
	}
}
