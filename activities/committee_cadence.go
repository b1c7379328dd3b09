package activities

import (
	"context"
	"fmt"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
)

// CommitteeBacklogInput is one beat of the committee's cadence.
type CommitteeBacklogInput struct {
	// On is the Seoul day of the beat. It keys the reminder: one per day, whatever the
	// retries or a second run triggered by hand.
	On models.Date
}

// CommitteeBacklogResult is what the beat found, and whether the operators were told.
type CommitteeBacklogResult struct {
	Waiting      int
	Oldest       string
	OpenSessions int
	Reminded     bool
}

// RemindCommitteeBacklog looks whether applications wait for the selection committee while
// no session is open to take them and, if so, leaves the operators a notification asking
// for a session (the outbox, like every notice). Open sessions call waiting applications
// in by themselves, so with one open there is nothing to say. A retry finds the first
// run's notification by its key.
func (a *Activities) RemindCommitteeBacklog(ctx context.Context, in CommitteeBacklogInput) (CommitteeBacklogResult, error) {
	if in.On.IsZero() {
		return CommitteeBacklogResult{}, temporalerr.Wrap(models.Errorf(models.EINVALID, "the day of the beat is required"))
	}
	b, err := a.Store.CommitteeBacklog(ctx)
	if err != nil {
		return CommitteeBacklogResult{}, temporalerr.Wrap(err)
	}
	res := CommitteeBacklogResult{Waiting: b.Waiting, Oldest: b.Oldest, OpenSessions: b.OpenSessions}
	if b.Waiting == 0 || b.OpenSessions > 0 {
		return res, nil
	}
	// The notification links to the oldest waiting application: committee sessions have no
	// page of their own to link to.
	err = a.Notify(ctx, models.Notification{
		Key: "committee-cadence/" + in.On.String(), ToRole: models.RoleOperator, ToOrg: "NIA",
		CaseType: "application", CaseID: b.Oldest, CreatedAt: a.now(),
		Subject: fmt.Sprintf("심사위원회 개최 필요 Committee session needed: %d", b.Waiting),
		Body:    fmt.Sprintf("심사위원회 상정 대기 %d건, 열린 심사위원회 없음; applications waiting for the committee: %d, no session open; oldest %s", b.Waiting, b.Waiting, b.Oldest),
	}.Keyed(models.NoticeCommitteeBacklog(b.Waiting, b.Oldest)))
	if err != nil {
		return CommitteeBacklogResult{}, err
	}
	res.Reminded = true
	return res, nil
}
