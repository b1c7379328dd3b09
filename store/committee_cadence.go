package store

import (
	"context"
	"fmt"

	"github.com/dsmarket/dsmarket/models"
)

// CommitteeBacklog is what the committee's cadence looks at: the applications waiting for
// a session (awaiting_committee and on no agenda), the oldest of them, and how many
// sessions are open to take them.
type CommitteeBacklog struct {
	Waiting      int
	Oldest       string // the application ID waiting longest, "" when none waits
	OpenSessions int
}

// CommitteeBacklog reads the backlog from the projections in one statement, so that the
// three figures are of the same moment.
func (s *Store) CommitteeBacklog(ctx context.Context) (CommitteeBacklog, error) {
	var b CommitteeBacklog
	// IDs are numbered in the order applications arrive, as AwaitingApplicationWorkflowIDs
	// calls them in.
	err := s.db.WithContext(ctx).Raw(`
		SELECT
			(SELECT count(*) FROM applications WHERE status = @awaiting AND session_id IS NULL) AS waiting,
			COALESCE((SELECT min(id) FROM applications WHERE status = @awaiting AND session_id IS NULL), '') AS oldest,
			(SELECT count(*) FROM committee_sessions WHERE status = @open) AS open_sessions`,
		map[string]any{"awaiting": string(models.AppAwaitingCommittee), "open": string(models.SessionOpen)}).
		Scan(&b).Error
	if err != nil {
		return CommitteeBacklog{}, fmt.Errorf("committee backlog: %w", err)
	}
	return b, nil
}
