package activities

import (
	"context"
	"fmt"
	"log/slog"
	"time"

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
// process (expert review and committee again). For now it records the request for the
// operators; the selection process will be started from here, keyed by the case.
func (a *QualityActivities) RequestRereview(ctx context.Context, in QualityOutcomeInput) error {
	return a.queue(ctx, models.Notification{
		Key: in.WorkflowID + "/rereview-requested", ToRole: models.RoleOperator, ToOrg: "NIA",
		CaseType: "quality", CaseID: in.CaseID, CreatedAt: in.At,
		Subject: fmt.Sprintf("재심사 요청 Re-review requested: %s (%s)", in.ServiceName, in.ServiceID),
		Body:    in.Reason,
	})
}

// DeclareUnfit hands a service found unfit to the catalog removal. For now it records the
// declaration for the operators, keyed by the case; the removal (and the public notice of
// at least the rule's days) will be made from here.
func (a *QualityActivities) DeclareUnfit(ctx context.Context, in QualityOutcomeInput) error {
	return a.queue(ctx, models.Notification{
		Key: in.WorkflowID + "/unfit-declared", ToRole: models.RoleOperator, ToOrg: "NIA",
		CaseType: "quality", CaseID: in.CaseID, CreatedAt: in.At,
		Subject: fmt.Sprintf("부적합 판정 Declared unfit: %s (%s)", in.ServiceName, in.ServiceID),
		Body:    in.Reason,
	})
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
