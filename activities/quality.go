package activities

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/internal/temporalerr"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// QualityActivities are the side effects of the regular quality inspection: the yearly
// cycle's listing of due services, the quality cases' projection and messages, and the two
// hooks by which a case's outcome reaches other processes (re-review, catalog removal).
// Each is idempotent, keyed by the case's workflow ID.
type QualityActivities struct {
	Store  *store.Store
	Logger *slog.Logger
	// Temporal reaches the service's watch when a case ends unfit (DeclareUnfit).
	Temporal client.Client
}

func (a *QualityActivities) logger() *slog.Logger {
	if a.Logger != nil {
		return a.Logger
	}
	return slog.Default()
}

// ListQualityDueInput asks for one page of the services due in a cycle.
type ListQualityDueInput struct {
	// After is the last service ID of the page before; "" for the first page.
	After  string
	Cutoff models.Date
	Limit  int
}

// QualityDuePage is one page of due services, in ID order; More says another follows.
type QualityDuePage struct {
	Services []models.QualityDueService
	More     bool
}

// ListQualityDueServices returns a page of registered services selected on or before the
// cutoff. Reading twice reads the same page (or, if the catalog changed, the catalog as it
// is now), so a retry is harmless.
func (a *QualityActivities) ListQualityDueServices(ctx context.Context, in ListQualityDueInput) (QualityDuePage, error) {
	svcs, more, err := a.Store.ListQualityDueServices(ctx, in.After, in.Cutoff, in.Limit)
	if err != nil {
		return QualityDuePage{}, temporalerr.Wrap(err)
	}
	return QualityDuePage{Services: svcs, More: more}, nil
}

// SaveQualityCase writes the quality case projection and its inspection tasks. A late retry
// of an older version is ignored by the store, so the projection never moves backwards.
func (a *QualityActivities) SaveQualityCase(ctx context.Context, c *models.QualityCase) error {
	return temporalerr.Wrap(a.Store.SaveQualityCase(ctx, c))
}

// RequestQualityReport asks the provider for the year's report with its due date. The
// message is keyed by the case, so a retry queues nothing more.
func (a *QualityActivities) RequestQualityReport(ctx context.Context, c *models.QualityCase) error {
	return a.queue(ctx, models.Notification{
		Key: c.WorkflowID + "/report-requested", ToRole: models.RoleProvider, ToOrg: c.ProviderOrg,
		CaseType: "quality", CaseID: c.ID, CreatedAt: c.OpenedAt,
		Subject: fmt.Sprintf("품질보고서 제출요청 Quality report request %d: %s", c.Year, c.ServiceName),
		Body: fmt.Sprintf("제출기한 Due: %s (Asia/Seoul). POST /services/%s/quality-reports",
			c.ReportDue, c.ServiceID),
	})
}

// QualityOutcomeInput is a case's final outcome handed to the process that acts on it.
type QualityOutcomeInput struct {
	CaseID      string
	WorkflowID  string
	ServiceID   string
	ServiceName string
	ProviderOrg string
	Reason      string
	At          time.Time
}

// RequestRereview hands a service found to have a re-review ground to the selection
// process: it starts the re-review (expert review and committee again) as an Application
// run in re-review mode, keyed by the case (one re-review per case, whatever the retries;
// see Activities.StartRereview), and tells the operators, once per case, which application
// carries it. Without a Temporal client (tests of the store side only) it tells the
// operators alone.
func (a *QualityActivities) RequestRereview(ctx context.Context, in QualityOutcomeInput) error {
	body := in.Reason
	if a.Temporal != nil {
		id, err := startRereview(ctx, a.Store, a.Temporal, activity.GetInfo(ctx).TaskQueue, StartRereviewInput{
			ServiceID: in.ServiceID, Ground: in.Reason, From: models.RereviewFromQuality, CaseRef: in.WorkflowID,
		}, in.At)
		if err != nil {
			return err
		}
		if id != "" {
			body += "; 재심사 re-review " + id
		}
	}
	return a.queue(ctx, models.Notification{
		Key: in.WorkflowID + "/rereview-requested", ToRole: models.RoleOperator, ToOrg: "NIA",
		CaseType: "quality", CaseID: in.CaseID, CreatedAt: in.At,
		Subject: fmt.Sprintf("재심사 요청 Re-review requested: %s (%s)", in.ServiceName, in.ServiceID),
		Body:    body,
	})
}

// UpdateDeclareUnfit is the name of the service watch's Update that removes a service
// found unfit (workflows.UpdateDeclareUnfit), here because workflows imports this package.
const UpdateDeclareUnfit = "declare-unfit"

// DeclareUnfit removes a service found unfit through the same path as the continuous
// inspection: the declare-unfit Update of the service's watch (update-with-start, so a
// service without a watch yet gets one), which takes the service out of the catalog,
// publishes the notice for the rule's days, stops the orders in flight, tells the provider
// and ends the watch. The Update ID is derived from the case, so a retry while the watch
// runs finds the first Update; once the watch has ended, or the service is already unfit or
// removed, there is nothing left to do.
func (a *QualityActivities) DeclareUnfit(ctx context.Context, in QualityOutcomeInput) error {
	if a.Temporal == nil {
		return temporal.NewNonRetryableApplicationError("quality activities have no Temporal client", "config", nil)
	}
	svc, err := a.Store.GetService(ctx, in.ServiceID)
	if models.ErrorCode(err) == models.ENOTFOUND {
		a.logger().WarnContext(ctx, "unfit service is not in the catalog", "service", in.ServiceID, "case", in.CaseID)
		return nil
	}
	if err != nil {
		return temporalerr.Wrap(err)
	}
	if svc.Status == models.ServiceRemoved {
		a.logger().InfoContext(ctx, "unfit service already removed", "service", in.ServiceID, "case", in.CaseID)
		return nil
	}
	reason := fmt.Sprintf("품질점검 부적합 (quality inspection %s): %s", in.CaseID, in.Reason)
	if len([]rune(reason)) > 2000 {
		reason = string([]rune(reason)[:2000])
	}
	input := &ServiceWatchInput{Service: WatchedService(svc)}
	// Used only if the watch is not running: one that was terminated resumes from its
	// record, as app.Inspections.RecordEvent does.
	switch last, err := a.Store.GetServiceWatch(ctx, in.ServiceID); {
	case err == nil:
		input.Watch = last
	case models.ErrorCode(err) != models.ENOTFOUND:
		return temporalerr.Wrap(err)
	}
	start := a.Temporal.NewWithStartWorkflowOperation(
		ServiceWatchStartOptions(in.ServiceID, activity.GetInfo(ctx).TaskQueue), ServiceWatchWorkflowType, input)
	h, err := a.Temporal.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: start,
		UpdateOptions: client.UpdateWorkflowOptions{
			WorkflowID: models.ServiceWatchWorkflowID(in.ServiceID), UpdateName: UpdateDeclareUnfit,
			UpdateID:     "unfit/" + in.WorkflowID,
			Args:         []any{models.DeclareUnfitInput{Reason: reason, By: models.SystemActor}},
			WaitForStage: client.WorkflowUpdateStageCompleted,
		},
	})
	if err == nil {
		err = h.Get(ctx, nil)
	}
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	switch me := temporalerr.ModelError(err); {
	case err == nil:
		a.logger().InfoContext(ctx, "service declared unfit", "service", in.ServiceID, "case", in.CaseID)
		return nil
	case me != nil && me.Code == models.ECONFLICT, errors.As(err, &started):
		// Already unfit: an earlier attempt, or the continuous inspection, removed it.
		a.logger().InfoContext(ctx, "service already unfit", "service", in.ServiceID, "case", in.CaseID)
		return nil
	case me != nil:
		return temporalerr.Wrap(me)
	default:
		return fmt.Errorf("declare %s unfit: %w", in.ServiceID, err)
	}
}

func (a *QualityActivities) queue(ctx context.Context, n models.Notification) error {
	if n.CreatedAt.IsZero() {
		n.CreatedAt = time.Now()
	}
	if err := a.Store.SaveNotification(ctx, n); err != nil {
		return temporalerr.Wrap(err)
	}
	a.logger().InfoContext(ctx, "notification queued", "key", n.Key, "to_org", n.ToOrg, "case", n.CaseID)
	return nil
}
