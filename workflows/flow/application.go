package flow

import "github.com/dsmarket/dsmarket/models"

// ApplicationWorkflowID is the business key of an application's workflow.
func ApplicationWorkflowID(applicationID string) string {
	return "application-" + applicationID
}

// ApplicationWorkflowType is the registered type name of the application workflow.
const ApplicationWorkflowType = "Application"

// Names of the application workflow's handlers.
const (
	UpdateCompleteTask    = "complete-task"
	UpdateSupplement      = "supplement"
	UpdateWithdraw        = "withdraw"
	UpdateReleaseExpert   = "release-expert" // a deactivated expert's open review goes back to the operators
	UpdateReleaseMember   = "release-member" // a deactivated member's open vote becomes a recusal
	UpdateReviewReport    = "review-report"  // the operator writes the review result report over the draft
	QueryApplication      = "application"
	SignalSessionOpened   = "session-opened"   // a session opened: an application waiting for one may join
	SignalSessionClosing  = "session-closing"  // the session closes: count the votes and answer
	SignalSessionJoined   = "session-joined"   // the session put the application on its agenda
	SignalSessionRejected = "session-rejected" // the session closed before the join arrived
)

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

// ReviewReportInput is the input of UpdateReviewReport.
type ReviewReportInput struct {
	Actor  models.Actor
	Report models.ReviewReportInput
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
