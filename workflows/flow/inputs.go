package flow

import (
	"time"

	"github.com/dsmarket/dsmarket/models"
)

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

// SessionResult is what the session decided.
type SessionResult struct {
	Agenda []models.AgendaItem
}

// DirectContractInput registers a direct contract. Service is the catalog entry the API
// checked, reduced to the names the case shows.
type DirectContractInput struct {
	ContractID   string
	Request      models.DirectContractRequest
	Service      models.Service
	RegisteredBy models.Actor
	// RegisteredAt is when the API accepted the registration: the instant that decides
	// whether it was late, whatever the delay until the workflow's first task.
	RegisteredAt time.Time
	// State carries the contract across a continue-as-new; nil on the first run.
	State *models.DirectContract
	// RequestID is the API request that opened the case, for the audit log (Step.Request).
	RequestID string `json:",omitempty"`
	// Pins are the rule versions in force on the contract date and the sandbox's time scale
	// (models.CasePins); absent in contracts registered before they existed. A later run
	// finds them in State.
	Pins *models.CasePins `json:",omitempty"`
}

// DirectContractResult is how the registration ended.
type DirectContractResult struct {
	Status  models.DirectContractStatus
	Late    bool
	Changes int
}

// RegisterChangeInput is the agency's change: an announcement or the details.
type RegisterChangeInput struct {
	Actor  models.Actor
	Change models.ContractChangeInput
}

// HousekeepingResult says what a run cleaned up.
type HousekeepingResult struct {
	PurgedIdempotencyKeys int64
	// RulesSentToCases counts the orders sent rule versions that apply to open cases.
	RulesSentToCases int64 `json:",omitempty"`
}

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

// RulesChangedSignal carries rule versions whose entries say they apply to open cases;
// a case takes those newer than the ones it holds (models.Order.Repin).
type RulesChangedSignal struct {
	Rules map[models.RuleKey]models.PinnedRule
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
}

// QualityCaseInput opens the year's quality case of one service.
type QualityCaseInput struct {
	Service models.QualityDueService
	Year    int
	// Pins are the rule versions in force at the start and the sandbox's time scale
	// (models.CasePins), as the cycle's listing activity recorded them; absent in cases
	// started before they existed.
	Pins *models.CasePins `json:",omitempty"`
}

// QualityCaseResult is how the case ended.
type QualityCaseResult struct {
	Status   models.QualityStatus
	Rounds   int
	Findings int
}

// SubmitQualityReportInput is the provider's report.
type SubmitQualityReportInput struct {
	Actor  models.Actor
	Report models.QualityReportInput
}

// QualityPreReviewInput is the operator's pre-review.
type QualityPreReviewInput struct {
	Actor     models.Actor
	PreReview models.PreReviewInput
}

// QualityInspectInput is the inspection team's record of a round.
type QualityInspectInput struct {
	Actor      models.Actor
	Inspection models.QualityInspectionInput
}

// QualityCycleInput is the state of the year's cycle, carried from run to run.
type QualityCycleInput struct {
	// Year is the cycle's year; 0 is the Seoul year when the first run starts.
	Year int
	// Cutoff is the last selection date inspected; zero: the cycle computes it, selected more
	// than the rule's years before the cycle day (models.QualityCycleCutoffStrict; cycles
	// recorded before version 1 of "quality-cutoff-more-than-a-year" used QualityCycleCutoff).
	Cutoff models.Date
	// After is the last service ID whose case start is confirmed; "" before the first page.
	After string
	// PageSize is 0 for QualityCyclePageSize; larger values are cut to it.
	PageSize int
	// Started counts the cases this cycle opened, AlreadyStarted those it found open or done
	// (a second cycle of the same year), Runs the runs so far, this one included.
	Started, AlreadyStarted, Runs int
	// TimeScale, above 1, is the development sandbox's factor of a cycle started by hand
	// under it: the cases it opens pin it. The Schedule's cycles run in real time.
	TimeScale int `json:",omitempty"`
}

// QualityCycleResult is what the whole cycle did, over all its runs.
type QualityCycleResult struct {
	Year                          int
	Cutoff                        models.Date
	Started, AlreadyStarted, Runs int
}

// ApplicationResult is how the application ended.
type ApplicationResult struct {
	Status    models.ApplicationStatus
	NoticeNo  string
	ServiceID string
}

// CompleteTaskInput completes one of the application's tasks (every kind: document
// check, expert assignment, review, site visit, committee vote).
type CompleteTaskInput struct {
	Actor models.Actor
	Task  models.CompleteTaskInput
}

// SupplementInput is the provider's supplementary documents.
type SupplementInput struct {
	Actor     models.Actor
	Documents []models.DocumentInput
}

// WithdrawInput is the provider's withdrawal.
type WithdrawInput struct {
	Actor    models.Actor
	Withdraw models.WithdrawInput
}

// ReleaseExpertInput is the input of UpdateReleaseExpert.
type ReleaseExpertInput struct {
	Actor   models.Actor
	Release models.ReleaseExpertInput
}

// ReleaseMemberInput is the input of UpdateReleaseMember.
type ReleaseMemberInput struct {
	Actor   models.Actor
	Release models.ReleaseMemberInput
}

// SessionOpenedSignal tells a waiting application that a session opened.
type SessionOpenedSignal struct {
	SessionID string
}

// SessionClosingSignal asks an application on the agenda to count its votes.
type SessionClosingSignal struct {
	SessionID string
}

// SessionRejectedSignal tells an application that its join came after the session closed.
type SessionRejectedSignal struct {
	SessionID string
}

// SessionJoinedSignal tells an application that it is on the session's agenda.
type SessionJoinedSignal struct {
	SessionID string
}

// SessionInput opens a committee session.
type SessionInput struct {
	SessionID string
	Request   models.SessionRequest
	OpenedBy  models.Actor
	// RequestID is the API request that opened the case, for the audit log (Step.Request).
	RequestID string `json:",omitempty"`
}

// CloseSessionInput is the operator's close of a session.
type CloseSessionInput struct {
	Actor models.Actor
}

// JoinSessionSignal puts an application on a session's agenda.
type JoinSessionSignal struct {
	ApplicationID string
	WorkflowID    string
	ServiceName   string
}

// SessionResultSignal is an application's answer to the close: its decision.
type SessionResultSignal struct {
	ApplicationID string
	Decision      models.CommitteeDecision
}

// ServiceWatchResult is how a watch ended: it ends only when the service is found unfit.
type ServiceWatchResult struct {
	Status models.WatchStatus
	Reason string
}

// RecordEventInput is a continuous-inspection fact as the operator records it.
type RecordEventInput struct {
	Actor models.Actor
	Event models.InspectionEventInput
}

// ServiceWatchSweepInput is where a sweep resumes: after the last service of the page
// before, with the count so far. The Schedule starts it empty.
type ServiceWatchSweepInput struct {
	After    string
	PageSize int // 0 for models.MaxPageSize
	Ensured  int
}

// ServiceWatchSweepResult says how many watches the sweep started or found running.
type ServiceWatchSweepResult struct {
	Ensured int
}

// ApplicationInput is the input of workflows.Application, started by the app for a new
// application and by an activity for a re-review. Rereview is nil for an application for
// selection: histories recorded before re-reviews carry none.
type ApplicationInput struct {
	ApplicationID string
	Request       models.ApplicationRequest
	AppliedBy     models.Actor
	Rereview      *models.RereviewRef `json:",omitempty"`
	// RequestID is the API request that opened the case, for the audit log (Step.Request).
	RequestID string `json:",omitempty"`
	// State, Skip and Notified carry an application deferred session after session into
	// its next run (continue-as-new): the case, the sessions it has been on or could not
	// join, and the last status the provider was told about. State is nil on a first run.
	State    *models.Application      `json:",omitempty"`
	Skip     []string                 `json:",omitempty"`
	Notified models.ApplicationStatus `json:",omitempty"`
	// Pins are the rule versions in force at the start and the sandbox's time scale
	// (models.CasePins): the app's for an application, the starting activity's for a
	// re-review; absent in applications started before they existed.
	Pins *models.CasePins `json:",omitempty"`
}

// ServiceWatchInput is the input of workflows.ServiceWatch, started by the app, the nightly
// sweep and the processes that declare a service unfit. Service is the catalog entry cut
// down to what the watch needs (WatchedService); Watch is the record carried
// over by continue-as-new, nil for a new watch.
type ServiceWatchInput struct {
	Service models.Service
	Watch   *models.ServiceWatch
	// Pins are the rule versions in force at the start (models.CasePins), pinned by a new
	// watch; a record carried over (Watch) keeps its own. Absent in watches started before
	// they existed.
	Pins *models.CasePins `json:",omitempty"`
}

// WatchedService keeps what a watch needs of a catalog entry: names for the notice, the
// provider for notifications and search, the CSAP validity for the timer. Histories carry
// no descriptions.
func WatchedService(svc models.Service) models.Service {
	return models.Service{ID: svc.ID, Name: svc.Name, Type: svc.Type, Subtype: svc.Subtype, Status: svc.Status,
		CSAPValidUntil: svc.CSAPValidUntil, Provider: models.Provider{Org: svc.Provider.Org, Name: svc.Provider.Name}}
}

// StepResult is what a human step's Update answers: the case's status and version after
// the step and the step it recorded, not the whole case, so that a case's history does not
// carry a copy of the case per step. The caller reads the case from its projection, which
// the step wrote before answering (app.afterStep).
type StepResult struct {
	Status  string       `json:"status"`
	Version int          `json:"version"`
	Step    *models.Step `json:"step,omitempty"`
}

// StepResultOf is the answer of a case at status and version whose timeline is steps.
func StepResultOf(status string, version int, steps []models.Step) StepResult {
	r := StepResult{Status: status, Version: version}
	if n := len(steps); n > 0 {
		last := steps[n-1]
		r.Step = &last
	}
	return r
}
