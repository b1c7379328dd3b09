package activities

import (
	"context"
	"fmt"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
)

// The regular quality inspection's side effects: the yearly cycle's listing of due
// services, the quality cases' projection and messages, and the two hooks by which a
// case's outcome reaches other processes (re-review, catalog removal). Each is idempotent,
// keyed by the case's workflow ID.

// ListQualityDueInput asks for one page of the services due in a cycle.
type ListQualityDueInput struct {
	// After is the last service ID of the page before; "" for the first page.
	After  string
	Cutoff models.Date
	Limit  int
	// TimeScale is the sandbox's factor the cycle was started under (0: real time).
	TimeScale int `json:",omitempty"`
}

// QualityDuePage is one page of due services, in ID order; More says another follows.
type QualityDuePage struct {
	Services []models.QualityDueService
	More     bool
	// Pins are what the cases of the page keep to their end: the versions of the quality
	// case's rules in force now. They come from here, recorded in the cycle's history as
	// the activity's result, so that the cycle replays with them whatever the rule table
	// holds later (a workflow reading the table itself would not). Absent in pages listed
	// before cases pinned their rules.
	Pins *models.CasePins `json:",omitempty"`
}

// ListQualityDueServices returns a page of registered services selected on or before the
// cutoff, with the pins of their cases. Reading twice reads the same page (or, if the
// catalog changed, the catalog as it is now), so a retry is harmless.
func (a *Activities) ListQualityDueServices(ctx context.Context, in ListQualityDueInput) (QualityDuePage, error) {
	svcs, more, err := a.Store.ListQualityDueServices(ctx, in.After, in.Cutoff, in.Limit)
	if err != nil {
		return QualityDuePage{}, temporalerr.Wrap(err)
	}
	return QualityDuePage{Services: svcs, More: more,
		Pins: models.PinRules(models.Rules, a.now(), in.TimeScale, models.QualityRuleKeys...)}, nil
}

// SaveQualityCase writes the quality case projection and its inspection tasks. A late retry
// of an older version is ignored by the store, so the projection never moves backwards.
func (a *Activities) SaveQualityCase(ctx context.Context, c *models.QualityCase) error {
	return temporalerr.Wrap(a.Store.SaveQualityCase(ctx, c))
}

// RequestQualityReport asks the provider for the year's report with its due date. The
// message is keyed by the case, so a retry queues nothing more.
func (a *Activities) RequestQualityReport(ctx context.Context, c *models.QualityCase) error {
	return a.Notify(ctx, models.Notification{
		Key: c.WorkflowID + "/report-requested", ToRole: models.RoleProvider, ToOrg: c.ProviderOrg,
		CaseType: "quality", CaseID: c.ID, CreatedAt: c.OpenedAt,
		Subject: fmt.Sprintf("품질보고서 제출요청 Quality report request %d: %s", c.Year, c.ServiceName),
		Body: fmt.Sprintf("제출기한 Due: %s (Asia/Seoul). POST /services/%s/quality-reports",
			c.ReportDue, c.ServiceID),
	}.Keyed(models.NoticeReportRequested(c)))
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
	// ServiceNameEn and ReasonText name the service and give the reason in the reader's
	// language; absent in inputs recorded before they were passed.
	ServiceNameEn string       `json:",omitempty"`
	ReasonText    *models.Text `json:",omitempty"`
}

// RequestRereview hands a service found to have a re-review ground to the selection
// process: it starts the re-review (expert review and committee again) as an Application
// run in re-review mode, keyed by the case (one re-review per case, whatever the retries;
// see Activities.StartRereview), and tells the operators, once per case, which application
// carries it. Without a Temporal client (tests of the store side only) it tells the
// operators alone.
func (a *Activities) RequestRereview(ctx context.Context, in QualityOutcomeInput) error {
	body, started := in.Reason, ""
	if a.Temporal != nil {
		at := in.At
		if at.IsZero() {
			at = a.now()
		}
		id, err := a.startRereview(ctx, StartRereviewInput{
			ServiceID: in.ServiceID, Ground: in.Reason, GroundText: in.ReasonText, From: models.RereviewFromQuality,
			CaseRef: in.WorkflowID,
		}, at)
		if err != nil {
			return err
		}
		if id != "" {
			body += "; 재심사 re-review " + id
			started = id
		}
	}
	return a.Notify(ctx, models.Notification{
		Key: in.WorkflowID + "/rereview-requested", ToRole: models.RoleOperator, ToOrg: "NIA",
		CaseType: "quality", CaseID: in.CaseID, CreatedAt: in.At,
		Subject: fmt.Sprintf("재심사 요청 Re-review requested: %s (%s)", in.ServiceName, in.ServiceID),
		Body:    body,
	}.Keyed(models.NoticeQualityRereviewRequested(in.ServiceName, in.ServiceNameEn, in.ServiceID,
		models.KeyedOr(in.ReasonText, in.Reason), started)))
}

// DeclareUnfit removes a service the regular quality inspection found unfit, through the
// same path as the continuous inspection and the re-review (declareUnfit). The Update ID is
// derived from the case, so a retry while the watch runs finds the first Update.
func (a *Activities) DeclareUnfit(ctx context.Context, in QualityOutcomeInput) error {
	reason := fmt.Sprintf("품질점검 부적합 (quality inspection %s): %s", in.CaseID, in.Reason)
	text := models.QualityUnfitReason(in.CaseID, models.KeyedOr(in.ReasonText, in.Reason))
	return a.declareUnfit(ctx, in.ServiceID, reason, text, "unfit/"+in.WorkflowID)
}
