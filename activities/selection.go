package activities

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/api/serviceerror"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// SaveApplication writes the application projection and its tasks. A late retry of an
// older version is ignored by the store, so the projection never moves backwards.
func (a *Activities) SaveApplication(ctx context.Context, app *models.Application) error {
	return temporalerr.Wrap(a.Store.SaveApplication(ctx, app))
}

// ApplicationSave is one step's writes of an application: its projection, then the
// notifications the step sends (the status news, the reminders of overdue tasks).
type ApplicationSave struct {
	Application   *models.Application
	Notifications []models.Notification `json:",omitempty"`
}

// SaveApplicationAndNotify is SaveApplication and Notify in one local activity, one history
// event instead of one per write. Both writes are idempotent, so a retry repeats nothing.
func (a *Activities) SaveApplicationAndNotify(ctx context.Context, in ApplicationSave) error {
	if err := a.SaveApplication(ctx, in.Application); err != nil {
		return err
	}
	for _, n := range in.Notifications {
		if err := a.Notify(ctx, n); err != nil {
			return err
		}
	}
	return nil
}

// NextSessionInput asks for the committee session an application should join.
type NextSessionInput struct {
	ApplicationID string
	BusinessNo    string
	// Skip lists sessions the application could not join (closed meanwhile).
	Skip []string
	// Pins are the rules the application keeps (the conflict period among them); nil for
	// applications started before pins, which read the table.
	Pins *models.CasePins `json:",omitempty"`
}

// NextSessionResult is the earliest open session, or nil, with the conflicts of interest
// of its members with the applicant (member sub → reason).
type NextSessionResult struct {
	Session   *models.SessionRef
	Conflicts map[string]string
}

// NextSession finds the earliest open committee session (by held_on, then ID). Conflicts
// are judged on the session's date, the day the members would vote.
func (a *Activities) NextSession(ctx context.Context, in NextSessionInput) (NextSessionResult, error) {
	s, err := a.Store.NextOpenSession(ctx, in.Skip)
	if err != nil || s == nil {
		return NextSessionResult{}, temporalerr.Wrap(err)
	}
	conflicts, err := a.Store.Conflicts(ctx, s.Members, in.BusinessNo, s.HeldOn, in.Pins)
	if err != nil {
		return NextSessionResult{}, temporalerr.Wrap(err)
	}
	wf := s.WorkflowID
	if wf == "" {
		// A stored copy written without its workflow ID.
		wf = flow.SessionWorkflowID(s.ID)
	}
	ref := &models.SessionRef{ID: s.ID, WorkflowID: wf, HeldOn: s.HeldOn, Members: s.Members}
	return NextSessionResult{Session: ref, Conflicts: conflicts}, nil
}

// RegisterSelectionResult is the selection notice number and the catalog entry.
type RegisterSelectionResult struct {
	NoticeNo  string
	ServiceID string
}

// RegisterSelection issues the numbered selection notice (DS-<year>-<4 digits>) and
// writes the service to the catalog as registered, selected today. Idempotent by
// application ID: a retry returns the first notice and service.
func (a *Activities) RegisterSelection(ctx context.Context, app *models.Application) (RegisterSelectionResult, error) {
	noticeNo, serviceID, err := a.Store.RegisterSelection(ctx, app, a.now(), a.watchExists)
	if err != nil {
		return RegisterSelectionResult{}, temporalerr.Wrap(err)
	}
	a.logger().InfoContext(ctx, "selection registered", "application", app.ID, "notice", noticeNo, "service", serviceID)
	return RegisterSelectionResult{NoticeNo: noticeNo, ServiceID: serviceID}, nil
}

// watchExists says whether a service number already has a watch workflow: the number of a
// service registered after the backup the database was restored from, which must not be
// given to another. Without a Temporal client (tests of the store alone) nothing is known.
func (a *Activities) watchExists(ctx context.Context, serviceID string) (bool, error) {
	if a.Temporal == nil {
		return false, nil
	}
	_, err := a.Temporal.DescribeWorkflowExecution(ctx, flow.ServiceWatchWorkflowID(serviceID), "")
	var notFound *serviceerror.NotFound
	switch {
	case err == nil:
		a.logger().ErrorContext(ctx, "a drawn service number already has a watch: the database's numbers are behind Temporal's (restored from an older backup?); drawing the next",
			"service", serviceID)
		return true, nil
	case errors.As(err, &notFound):
		return false, nil
	}
	return false, fmt.Errorf("describe the watch of %s: %w", serviceID, err)
}

// SaveSession writes the committee session projection.
func (a *Activities) SaveSession(ctx context.Context, s *models.CommitteeSession) error {
	return temporalerr.Wrap(a.Store.SaveSession(ctx, s))
}

// AwaitingApplications lists the workflow IDs of applications waiting for a session.
func (a *Activities) AwaitingApplications(ctx context.Context) ([]string, error) {
	ids, err := a.Store.AwaitingApplicationWorkflowIDs(ctx)
	return ids, temporalerr.Wrap(err)
}
