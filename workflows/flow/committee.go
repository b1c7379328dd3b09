package flow

import "github.com/dsmarket/dsmarket/models"

// SessionWorkflowID is the business key of a committee session's workflow.
func SessionWorkflowID(sessionID string) string { return "committee-" + sessionID }

// CommitteeSessionWorkflowType is the registered type name of the committee session
// workflow.
const CommitteeSessionWorkflowType = "CommitteeSession"

// Names of the committee session workflow's handlers.
const (
	UpdateCloseSession  = "close-session"
	QuerySession        = "session"
	SignalJoinSession   = "join-session"
	SignalSessionResult = "session-result"
)

// CommitteeCadenceScheduleID names the Temporal Schedule that, on the committee's cadence
// (committee.cadence), reminds the operators of applications waiting for a session.
const CommitteeCadenceScheduleID = "dsmarket-committee-cadence"

// SessionInput opens a committee session.
type SessionInput struct {
	SessionID string
	Request   models.SessionRequest
	OpenedBy  models.Actor
	// RequestID is the API request that opened the case, for the audit log (Step.Request).
	RequestID string `json:",omitempty"`
}

// SessionResult is what the session decided.
type SessionResult struct {
	Agenda []models.AgendaItem
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
