package app

import (
	"context"
	"errors"
	"regexp"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
	"github.com/dsmarket/dsmarket/workflows"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// Inspections runs the continuous inspection of catalog services (상시점검, Process 4).
type Inspections struct{ service }

var serviceIDPattern = regexp.MustCompile(`^SVC-\d{4,9}$`)

// catalogService reads a service of the catalog; an ID that is not a service's never
// reaches the database.
func (s *service) catalogService(ctx context.Context, serviceID string) (models.Service, error) {
	if !serviceIDPattern.MatchString(serviceID) {
		return models.Service{}, models.Refuse(models.ENOTFOUND, models.Msg("error.service_id_not_found", "service", serviceID))
	}
	return s.Store.GetService(ctx, serviceID)
}

func errNoWatch(serviceID string) error {
	return models.Refuse(models.ENOTFOUND, models.Msg("error.inspection_no_record", "service", serviceID))
}

// RecordEvent records a continuous-inspection fact about a catalog service and returns the
// service's watch as the fact left it. The first fact starts the watch (update-with-start,
// so that the start and the fact are one request that cannot half happen). The routes
// admit the operator, and the watch's validator holds it to that; an unknown service is
// not found, an invalid fact changes nothing and starts nothing, and a service removed as
// unfit answers 409. With an Idempotency-Key a retry gets the first answer instead of
// recording the fact twice.
func (s *Inspections) RecordEvent(ctx context.Context, by models.Actor, serviceID, key string, in models.InspectionEventInput) (*models.ServiceWatch, error) {
	svc, err := s.catalogService(ctx, serviceID)
	if err != nil {
		return nil, err
	}
	if _, err := models.ParseInspectionEvent(in, s.now()); err != nil {
		return nil, err
	}
	st := step{WorkflowID: flow.ServiceWatchWorkflowID(serviceID), Update: flow.UpdateRecordEvent, By: by, Key: key,
		Scope: serviceID, Request: in}
	if svc.Status == models.ServiceRemoved {
		// A retry of the fact that found the service unfit gets that fact's answer.
		if w, done, err := s.priorFact(ctx, serviceID, st); done {
			return w, err
		}
		return nil, models.Refuse(models.ECONFLICT, models.Msg("error.inspection_service_removed", "service", serviceID))
	}

	// A new watch pins the versions of its rules in force now, and no time scale: its one
	// timer waits for the certificate's last day, a date a fact gives, not a period.
	input := &flow.ServiceWatchInput{Service: flow.WatchedService(svc),
		Pins: models.PinRules(models.Rules, s.now(), 0, models.ServiceWatchRuleKeys...)}
	// Used only if the watch is not running: one that was terminated resumes from its
	// record rather than starting over, and its projection keeps moving forward.
	switch last, err := s.Store.GetServiceWatch(ctx, serviceID); {
	case err == nil:
		input.Watch = last
	case models.ErrorCode(err) != models.ENOTFOUND:
		return nil, err
	}
	start := s.Temporal.NewWithStartWorkflowOperation(
		flow.ServiceWatchStartOptions(serviceID, s.taskQueue()), workflows.ServiceWatch, input)
	opts := client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: start,
		UpdateOptions: client.UpdateWorkflowOptions{
			WorkflowID: flow.ServiceWatchWorkflowID(serviceID), UpdateName: flow.UpdateRecordEvent,
			Args:         []any{flow.RecordEventInput{Actor: by, Event: in}},
			WaitForStage: client.WorkflowUpdateStageCompleted,
		},
	}
	uid, err := stepUpdateID(ctx, s.Store, st)
	if errors.Is(err, errStepRecorded) {
		// A watch resumed after it was terminated is a new run, which would take the
		// retried fact for a new one.
		return s.Get(ctx, by, serviceID)
	}
	if err != nil {
		return nil, err
	}
	opts.UpdateOptions.UpdateID = uid
	var r flow.StepResult
	// Bounded as every step is (sendUpdate): a watch whose worker does not answer is a 503
	// to retry, not a request that hangs.
	uctx, cancel := context.WithTimeout(ctx, updateWait)
	defer cancel()
	h, err := s.Temporal.UpdateWithStartWorkflow(uctx, opts)
	if err == nil {
		err = h.Get(uctx, &r)
	}
	if err == nil {
		return s.watchAfter(ctx, serviceID, r)
	}
	if me := temporalerr.ModelError(err); me != nil {
		return nil, me
	}
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) {
		// The watch has ended: the service was found unfit a moment ago, maybe by this
		// very fact, whose retry gets its answer.
		if w, done, err := s.priorFact(ctx, serviceID, st); done {
			return w, err
		}
		return nil, models.Refuse(models.ECONFLICT, models.Msg("error.watch_record_unfit", "service", serviceID))
	}
	return nil, temporalFailure(err, "record event on "+serviceID)
}

// priorFact is the answer to the fact whose key st was first sent with, when it was
// recorded (done): the watch as that fact left it, or the first refusal.
func (s *Inspections) priorFact(ctx context.Context, serviceID string, st step) (*models.ServiceWatch, bool, error) {
	var r flow.StepResult
	done, err := priorOutcome(ctx, s.Temporal, s.Store, st, &r)
	if !done || err != nil {
		return nil, done, err
	}
	w, err := s.watchAfter(ctx, serviceID, r)
	return w, true, err
}

// watchAfter is the service's watch as the step r recorded left it.
func (s *Inspections) watchAfter(ctx context.Context, serviceID string, r flow.StepResult) (*models.ServiceWatch, error) {
	return afterStep(ctx, s.Temporal, flow.ServiceWatchWorkflowID(serviceID), flow.QueryServiceWatch, r,
		func(ctx context.Context) (*models.ServiceWatch, error) {
			return s.Store.GetServiceWatch(ctx, serviceID)
		},
		(*models.ServiceWatch).Version)
}

// Get returns a service's watch as its workflow holds it, or as the projection last saw
// it when the workflow is gone or unreachable. The operator and auditors read it.
func (s *Inspections) Get(ctx context.Context, by models.Actor, serviceID string) (*models.ServiceWatch, error) {
	switch by.Role {
	case models.RoleOperator, models.RoleAuditor:
	default:
		return nil, models.Refuse(models.EFORBIDDEN, models.Msg("error.inspection_read_forbidden"))
	}
	if !serviceIDPattern.MatchString(serviceID) {
		return nil, errNoWatch(serviceID)
	}
	nounKey := "case.inspection_record"
	return readCase(ctx, s.Temporal, s.logger(), "inspection record", nounKey, flow.ServiceWatchWorkflowID(serviceID),
		flow.QueryServiceWatch, func(ctx context.Context) (*models.ServiceWatch, error) {
			return s.Store.GetServiceWatch(ctx, serviceID)
		},
		errNoWatch(serviceID))
}

// history is the service's continuous inspection as the auditor's view shows it.
func (s *Inspections) history() caseHistory {
	return historyOf(prefixed(flow.ServiceWatchWorkflowID("")), s.Get, func(w *models.ServiceWatch) CaseHistory {
		return CaseHistory{CaseType: "service", CaseID: w.ServiceID, Status: string(w.Status), Decisions: w.Steps()}.pinned(w.Pins)
	})
}
