package activities

import (
	"context"

	"github.com/dsmarket/dsmarket/models"
)

// SaveApplication writes the application projection and its tasks. A late retry of an
// older version is ignored by the store, so the projection never moves backwards.
func (a *Activities) SaveApplication(ctx context.Context, app *models.Application) error {
	panic("TODO: helper A")
}

// NextSessionInput asks for the committee session an application should join.
type NextSessionInput struct {
	ApplicationID string
	BusinessNo    string
	// Skip lists sessions the application could not join (closed meanwhile).
	Skip []string
}

// NextSessionResult is the earliest open session, or nil, with the conflicts of interest
// of its members with the applicant (member sub → reason).
type NextSessionResult struct {
	Session   *models.SessionRef
	Conflicts map[string]string
}

// NextSession finds the earliest open committee session (by held_on, then ID).
func (a *Activities) NextSession(ctx context.Context, in NextSessionInput) (NextSessionResult, error) {
	panic("TODO: helper A")
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
	panic("TODO: helper A")
}

// SaveSession writes the committee session projection.
func (a *Activities) SaveSession(ctx context.Context, s *models.CommitteeSession) error {
	panic("TODO: helper A")
}

// AwaitingApplications lists the workflow IDs of applications waiting for a session.
func (a *Activities) AwaitingApplications(ctx context.Context) ([]string, error) {
	panic("TODO: helper A")
}
