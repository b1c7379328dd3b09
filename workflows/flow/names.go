// Package flow is the contract of dsmarket's workflows with the rest of the house: each
// workflow's business key (its ID), registered type name, Update, Query and Signal names,
// the search attributes and the inputs that the app and the activities send. It is a
// leaf: workflows, activities, app, api, web and store import it; it imports only models
// and the Temporal SDK's types, so nothing below it mints a workflow ID.
package flow

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dsmarket/dsmarket/models"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
)

// HousekeepingScheduleID names the Temporal Schedule that runs Housekeeping every night.
const HousekeepingScheduleID = "dsmarket-housekeeping"

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
	// SignalRulesChanged brings a running case the rule versions that apply to open
	// cases (RulesChangedSignal).
	SignalRulesChanged = "rules-changed"
	QueryOrder         = "order"
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
	return "application-" + applicationID
}

// SessionWorkflowID is the business key of a committee session's workflow.
func SessionWorkflowID(sessionID string) string { return "committee-" + sessionID }

// Names of the application workflow's handlers.
const (
	UpdateCompleteTask    = "complete-task"
	UpdateSupplement      = "supplement"
	UpdateWithdraw        = "withdraw"
	UpdateReleaseExpert   = "release-expert" // a deactivated expert's open review goes back to the operators
	UpdateReleaseMember   = "release-member" // a deactivated member's open vote becomes a recusal
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
func ServiceWatchWorkflowID(serviceID string) string { return "service-" + serviceID }

// Names of the service watch's handlers, and the Schedule of the nightly sweep that starts
// missing watches.
const (
	UpdateRecordEvent      = "record-event"
	QueryServiceWatch      = "service-watch"
	ServiceWatchScheduleID = "dsmarket-service-watch"
	// UpdateDeclareUnfit removes a service found unfit by another process (the quality
	// inspection, a re-review) through the watch's own unfit steps.
	UpdateDeclareUnfit = "declare-unfit"
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
func ChangeRequestWorkflowID(id string) string { return "change-" + id }

// Names of the change request workflow's handlers.
const (
	UpdateDecideChange = "decide-change"
	QueryChangeRequest = "change-request"
)

// QualityCaseWorkflowID is the business key of a quality case: one service, one year, so
// that a second cycle of the same year finds the case instead of opening another.
func QualityCaseWorkflowID(serviceID string, year int) string {
	return fmt.Sprintf("quality-%s-%d", serviceID, year)
}

// Names of the quality case workflow's handlers.
const (
	UpdateSubmitQualityReport = "submit-report"
	UpdatePreReview           = "prereview"
	UpdateInspect             = "inspect"
	QueryQualityCase          = "quality-case"
)

// QualityCycleScheduleID names the Temporal Schedule that starts the year's cycle.
const QualityCycleScheduleID = "dsmarket-quality-cycle"

// QualityCycleWorkflowID is the business key of a cycle started by hand for a year; the
// Schedule's runs carry the Schedule's own IDs.
func QualityCycleWorkflowID(year int) string { return fmt.Sprintf("quality-cycle-%d", year) }

// Registered type names of the workflows: a process that starts or signals a workflow by
// name (an activity cannot import workflows) uses these; workflows' tests hold each equal
// to the name its function is registered under.
const (
	OrderWorkflowType             = "Order"
	ApplicationWorkflowType       = "Application"
	CommitteeSessionWorkflowType  = "CommitteeSession"
	ServiceWatchWorkflowType      = "ServiceWatch"
	ServiceWatchSweepWorkflowType = "ServiceWatchSweep"
	DirectContractWorkflowType    = "DirectContract"
	ChangeRequestWorkflowType     = "ChangeRequest"
	QualityCaseWorkflowType       = "QualityCase"
	QualityCycleWorkflowType      = "QualityCycle"
	HousekeepingWorkflowType      = "Housekeeping"
)

// ServiceWatchStartOptions starts a service's watch by its business key. An existing run
// is used as it is, so starting twice is harmless; a watch that ended (the service was
// removed as unfit) is never started again, while one that failed or was terminated may be.
func ServiceWatchStartOptions(serviceID, taskQueue string) client.StartWorkflowOptions {
	return client.StartWorkflowOptions{
		ID:                       ServiceWatchWorkflowID(serviceID),
		TaskQueue:                taskQueue,
		WorkflowIDConflictPolicy: enums.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enums.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY,
	}
}

// QualityCaseWorkflowIDOf returns the workflow of a quality case's ID, or not found.
func QualityCaseWorkflowIDOf(caseID string) (string, error) {
	serviceID, year, err := models.ParseQualityCaseID(caseID)
	if err != nil {
		return "", err
	}
	return QualityCaseWorkflowID(serviceID, year), nil
}

// ParseQualityCaseWorkflowID reads quality-<service ID>-<year>, the workflow ID of a
// quality case, back into its service and year.
func ParseQualityCaseWorkflowID(wid string) (serviceID string, year int, ok bool) {
	rest, ok := strings.CutPrefix(wid, "quality-")
	i := strings.LastIndexByte(rest, '-')
	if !ok || i < 0 {
		return "", 0, false
	}
	year, err := strconv.Atoi(rest[i+1:])
	if err != nil || rest[:i] == "" || QualityCaseWorkflowID(rest[:i], year) != wid {
		return "", 0, false
	}
	return rest[:i], year, true
}

// CommitteeCadenceScheduleID names the Temporal Schedule that, on the committee's cadence
// (committee.cadence), reminds the operators of applications waiting for a session.
const CommitteeCadenceScheduleID = "dsmarket-committee-cadence"
