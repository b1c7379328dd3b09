package workflows

import (
	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
)

// ApplicationInput opens an application for selection, or with Rereview the re-review of
// a selected service (activities.StartRereview starts those by name, hence the alias). The
// request is validated by the caller (models.ParseApplication); documents travel as
// references only.
type ApplicationInput = activities.ApplicationInput

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
