package models

import (
	"strings"
	"time"
)

// RereviewFrom names the process that found a re-review ground (재심사 사유).
type RereviewFrom string

// Where a re-review comes from (SPEC.md, Process 4).
const (
	RereviewFromQuality    RereviewFrom = "quality"    // the regular inspection's quality case
	RereviewFromInspection RereviewFrom = "inspection" // the continuous inspection's service watch
	RereviewFromChange     RereviewFrom = "change"     // an information change touching a selection criterion
)

var rereviewFroms = []RereviewFrom{RereviewFromQuality, RereviewFromInspection, RereviewFromChange}

// ParseRereviewFrom accepts the origins above.
func ParseRereviewFrom(s string) (RereviewFrom, error) {
	return oneOf(s, rereviewFroms, "invalid.rereview_from")
}

// Re-review outcomes carried out after the committee's decision.
const (
	RereviewConfirmed      = "confirmed"       // selected again: the service stays registered
	RereviewUnfitRequested = "unfit_requested" // not selected: the service must leave the catalog
)

// RereviewRef makes an application a re-review (재심사) of a selected service: the selection
// process's steps from expert review on, run again for a catalog entry. CaseRef is the
// quality case or the service watch whose ground started it; one re-review per case ref.
type RereviewRef struct {
	ServiceID string       `json:"service_id"`
	Ground    string       `json:"ground"`
	From      RereviewFrom `json:"from"`
	CaseRef   string       `json:"case_ref"`
	// CSAPValidUntil is the catalog's CSAP validity when the re-review opened: with one, the
	// security review items are skipped as for an application carrying the certificate.
	CSAPValidUntil *Date `json:"csap_valid_until,omitempty"`
	// Outcome is set once the decision is carried out: confirmed or unfit_requested.
	Outcome string `json:"outcome,omitempty"`
	// GroundText is Ground keyed, for a page in the visitor's language, when the process
	// that found it keyed it (an inspection's finding, an information change); re-reviews
	// opened before have none and read their English ground.
	GroundText *Text `json:"ground_text,omitempty"`
}

// Re-review step actions, as the audit trail names them.
const (
	ActionRereviewOpened    = "rereview_opened"
	ActionRereviewConfirmed = "rereview_confirmed"
	ActionRereviewUnfit     = "rereview_unfit_requested"
)

// RereviewRequest is what a re-review knows of a catalog service: its name, type and
// description, and its provider as registered. Documents, credit rating and business status
// are not asked again: the service was selected before, and the ground is the re-review's
// subject.
func RereviewRequest(svc Service) ApplicationRequest {
	p := Applicant{Org: svc.Provider.Org, BusinessNo: svc.Provider.BusinessNo, Name: svc.Provider.Name, Size: svc.Provider.Size}
	if svc.Provider.FoundedOn != nil {
		p.FoundedOn = *svc.Provider.FoundedOn
	}
	return ApplicationRequest{
		Service:   ApplicationService{Name: svc.Name, NameEn: svc.NameEn, Type: svc.Type, Subtype: svc.Subtype, Description: svc.Description},
		Provider:  p,
		Documents: []Document{},
	}
}

// NewRereview opens the re-review of a selected service. Document check and eligibility
// are skipped (the service was selected before); the case starts at expert review with the
// operator's assign_experts task open, and goes on through the selection's own steps:
// experts without a conflict of interest, their reviews, a site visit when asked, the
// committee with its quorum and majority, deferral to the next session.
func NewRereview(id, workflowID string, req ApplicationRequest, ref RereviewRef, by Actor, now time.Time) *Application {
	return openRereview(id, workflowID, req, ref, by, now, nil)
}

func openRereview(id, workflowID string, req ApplicationRequest, ref RereviewRef, by Actor, now time.Time, pins *CasePins) *Application {
	now = now.In(Seoul)
	ref.Outcome = ""
	a := &Application{
		ID: id, WorkflowID: workflowID, Status: AppExpertReview,
		Service: req.Service, Provider: req.Provider, Broker: req.Broker, SchoolEducationOnly: req.SchoolEducationOnly,
		AppliedAt: now, AppliedBy: by.Sub, Documents: req.Documents,
		RequiredKinds: []DocumentKind{}, MissingKinds: []DocumentKind{},
		Experts: []string{}, Reviews: []ExpertReview{}, Votes: []CommitteeVote{}, Decisions: []CommitteeDecision{},
		ServiceID: ref.ServiceID, Rereview: &ref, Pins: pins,
		Tasks: []Task{}, Steps: []Step{},
	}
	if a.Documents == nil {
		a.Documents = []Document{}
	}
	a.Eligibility = Eligibility{Eligible: true, Reason: "re-review of selected service " + ref.ServiceID + ": document check and eligibility were passed at its selection"}
	opened := Msg("rereview.opened", "service", ref.ServiceID, "name", a.Service.Name,
		"from", "rereview.from."+string(ref.From), "case", ref.CaseRef, "ground", ref.Ground)
	if g := ref.GroundText; g != nil && g.Key != "" {
		opened = nest(Msg("rereview.opened_why", "service", ref.ServiceID, "name", a.Service.Name,
			"from", "rereview.from."+string(ref.From), "case", ref.CaseRef), "ground", g)
	}
	a.record(now, by, ActionRereviewOpened, opened)
	a.openTask(now, TaskAssignExperts, Assignee{Role: RoleOperator}, RuleAssignExpertsDays, "",
		Msg("task.title.rereview_assign_experts", a.serviceName()...))
	return a
}

// Settled reports whether nothing more is to be done: a final status with, for a selection,
// the service registered and, for a re-review decided, its outcome carried out.
func (a *Application) Settled() bool {
	if !a.Status.Final() {
		return false
	}
	if a.Rereview != nil {
		return (a.Status != AppSelected && a.Status != AppNotSelected) || a.Rereview.Outcome != ""
	}
	return a.Status != AppSelected || a.ServiceID != ""
}

// ConfirmRereview records that the committee selected the service again: it stays
// registered, with its notice and catalog entry as they are.
func (a *Application) ConfirmRereview(now time.Time) bool {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if a.Rereview == nil || a.Status != AppSelected || a.Rereview.Outcome != "" {
		return false
	}
	a.Rereview.Outcome = RereviewConfirmed
	t := now
	a.ClosedAt = &t
	a.Reason = "re-review: selection confirmed; service " + a.Rereview.ServiceID + " stays registered"
	a.record(now, SystemActor, ActionRereviewConfirmed, verbatim(a.Reason))
	return true
}

// RequestUnfit records that the committee did not select the service again: it must leave
// the catalog as unfit, which the service's watch carries out.
func (a *Application) RequestUnfit(now time.Time) bool {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if a.Rereview == nil || a.Status != AppNotSelected || a.Rereview.Outcome != "" {
		return false
	}
	a.Rereview.Outcome = RereviewUnfitRequested
	a.record(now, SystemActor, ActionRereviewUnfit, Msg("rereview.unfit_requested", "service", a.Rereview.ServiceID, "reason", a.Reason))
	return true
}

// UnfitReason is the reason a service leaves the catalog after its re-review.
func (a *Application) UnfitReason() string {
	return strings.TrimSpace(a.UnfitReasonText().English())
}

// UnfitReasonText is UnfitReason keyed, for a page in the visitor's language; nil for an
// application that is no re-review.
func (a *Application) UnfitReasonText() *Text {
	if a.Rereview == nil {
		return nil
	}
	if g := a.Rereview.GroundText; g != nil && g.Key != "" {
		return nest(Msg("rereview.not_selected_why", "application", a.ID, "reason", a.Reason), "ground", g)
	}
	return Msg("rereview.not_selected", "application", a.ID, "ground", a.Rereview.Ground, "reason", a.Reason)
}
