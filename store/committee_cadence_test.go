package store_test

import (
	"context"
	"testing"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// TestCommitteeBacklog: only applications waiting for a session count, the oldest by ID;
// an application on an agenda or still in review does not; only open sessions count.
func TestCommitteeBacklog(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	backlog := func() store.CommitteeBacklog {
		t.Helper()
		b, err := s.CommitteeBacklog(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if b := backlog(); b != (store.CommitteeBacklog{}) {
		t.Fatalf("empty: %+v", b)
	}

	bn := businessNoOf(t, s, "PV-0001")
	later := newApplication(t, "APP-2024-000007", "PV-0001", bn, "대기 둘", appNow)
	toCommittee(t, later, appNow)
	first := newApplication(t, "APP-2024-000003", "PV-0001", bn, "대기 하나", appNow)
	toCommittee(t, first, appNow)
	joined := newApplication(t, "APP-2024-000001", "PV-0001", bn, "상정", appNow)
	toCommittee(t, joined, appNow)
	joined.JoinSession(appNow, sessionRef("CS-2024-0001", models.DateOf(appNow), committee3...), nil)
	reviewing := newApplication(t, "APP-2024-000002", "PV-0001", bn, "검토", appNow)
	toExpertReview(t, reviewing, appNow)
	for _, a := range []*models.Application{later, first, joined, reviewing} {
		if err := s.SaveApplication(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	closed := newSession("CS-2024-0001", models.DateOf(appNow), models.SessionClosed, 2, committee3...)
	closing := newSession("CS-2024-0002", models.DateOf(appNow), models.SessionClosing, 2, committee3...)
	for _, cs := range []*models.CommitteeSession{closed, closing} {
		if err := s.SaveSession(ctx, cs); err != nil {
			t.Fatal(err)
		}
	}
	if b, want := backlog(), (store.CommitteeBacklog{Waiting: 2, Oldest: "APP-2024-000003"}); b != want {
		t.Fatalf("got %+v, want %+v", b, want)
	}

	if err := s.SaveSession(ctx, newSession("CS-2024-0003", models.DateOf(appNow), models.SessionOpen, 1, committee3...)); err != nil {
		t.Fatal(err)
	}
	if b, want := backlog(), (store.CommitteeBacklog{Waiting: 2, Oldest: "APP-2024-000003", OpenSessions: 1}); b != want {
		t.Fatalf("with an open session: got %+v, want %+v", b, want)
	}
}
