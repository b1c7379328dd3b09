package flow

import (
	"strconv"
	"strings"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/models"
)

// ServiceWatchWorkflowID is the business key of a catalog service's continuous inspection
// (상시점검): one service, one watch.
func ServiceWatchWorkflowID(serviceID string) string { return "service-" + serviceID }

// Registered type names of the service watch and of its nightly sweep.
const (
	ServiceWatchWorkflowType      = "ServiceWatch"
	ServiceWatchSweepWorkflowType = "ServiceWatchSweep"
)

// Names of the service watch's handlers, and the Schedule of the nightly sweep that starts
// missing watches.
const (
	UpdateRecordEvent      = "record-event"
	QueryServiceWatch      = "service-watch"
	ServiceWatchScheduleID = "dsmarket-service-watch"
	// UpdateDeclareUnfit removes a service found unfit by another process (the quality
	// inspection, a re-review) through the watch's own unfit steps.
	UpdateDeclareUnfit = "declare-unfit"
	// UpdateConfirmRereview tells the watch that the re-review of one of its grounds
	// selected the service again (activities.ConfirmRereview).
	UpdateConfirmRereview = "confirm-rereview"
)

// ServiceWatchRereviewRef names the re-review of the ground a watch found at version: the
// case ref (models.RereviewRef) the re-review carries back to the watch when it confirms.
func ServiceWatchRereviewRef(serviceID string, version int) string {
	return ServiceWatchWorkflowID(serviceID) + "/rereview-" + strconv.Itoa(version)
}

// IsServiceWatchRereviewRef reports whether ref names a re-review of the watch of serviceID.
func IsServiceWatchRereviewRef(serviceID, ref string) bool {
	n, ok := strings.CutPrefix(ref, ServiceWatchWorkflowID(serviceID)+"/rereview-")
	v, err := strconv.Atoi(n)
	return ok && err == nil && v > 0 && strconv.Itoa(v) == n
}

// ConfirmRereviewInput is the confirm-rereview Update's input: the ground's case ref and
// the re-review (application) that confirmed the service.
type ConfirmRereviewInput struct {
	CaseRef       string
	ApplicationID string
}

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

// WatchedService keeps what a watch needs of a catalog entry: names for the notice (in
// both languages), the
// provider for notifications and search, the CSAP validity for the timer. Histories carry
// no descriptions.
func WatchedService(svc models.Service) models.Service {
	return models.Service{ID: svc.ID, Name: svc.Name, NameEn: svc.NameEn, Type: svc.Type, Subtype: svc.Subtype, Status: svc.Status,
		CSAPValidUntil: svc.CSAPValidUntil, Provider: models.Provider{Org: svc.Provider.Org, Name: svc.Provider.Name, NameEn: svc.Provider.NameEn}}
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
