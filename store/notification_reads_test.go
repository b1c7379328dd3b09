package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store/storetest"
)

// TestNotificationsRead: the unread count is the news newer than the person's marker, for
// their role and organization and their name, bounded for a badge; the marker only moves
// forward and is kept per role and organization.
func TestNotificationsRead(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ctx := context.Background()
	at := time.Date(2026, 5, 4, 9, 0, 0, 0, models.Seoul)
	me := models.Actor{Sub: "reads.provider", Role: models.RoleProvider, Org: "PV-0901"}
	note := func(i int, toOrg string, toRole models.Role) time.Time {
		created := at.Add(time.Duration(i) * time.Minute)
		require.NoError(t, s.SaveNotification(ctx, models.Notification{Key: fmt.Sprintf("order-%s/%d", toOrg, i),
			ToRole: toRole, ToOrg: toOrg, CaseType: "order", CaseID: "ORD-1", Subject: "제안요청 Proposal request", CreatedAt: created}))
		return created
	}
	note(1, me.Org, models.RoleProvider)
	second := note(2, "user:"+me.Sub, models.RoleProvider)
	note(3, me.Org, models.RoleAgency)      // another role of the organization
	note(4, "PV-0902", models.RoleProvider) // another organization

	read, err := s.NotificationsRead(ctx, me)
	require.NoError(t, err)
	require.Equal(t, models.NotificationsRead{Unread: 2}, read, "nothing read yet")

	require.NoError(t, s.MarkNotificationsRead(ctx, me, second, at))
	third := note(5, me.Org, models.RoleProvider)
	read, err = s.NotificationsRead(ctx, me)
	require.NoError(t, err)
	require.Equal(t, 1, read.Unread)
	require.True(t, read.ReadThrough.Equal(second))

	require.NoError(t, s.MarkNotificationsRead(ctx, me, at, at), "an older marker")
	read, err = s.NotificationsRead(ctx, me)
	require.NoError(t, err)
	require.True(t, read.ReadThrough.Equal(second), "does not move it back")
	require.NoError(t, s.MarkNotificationsRead(ctx, me, third, at))
	read, err = s.NotificationsRead(ctx, me)
	require.NoError(t, err)
	require.Zero(t, read.Unread)

	// The same subject under another organization's token has read nothing: that
	// organization's news and the news addressed to them by name.
	elsewhere := models.Actor{Sub: me.Sub, Role: models.RoleProvider, Org: "PV-0902"}
	read, err = s.NotificationsRead(ctx, elsewhere)
	require.NoError(t, err)
	require.Equal(t, models.NotificationsRead{Unread: 2}, read)

	// A person who never reads: the count stops at the badge's bound.
	for i := range models.MaxUnread + 5 {
		note(10+i, me.Org, models.RoleProvider)
	}
	read, err = s.NotificationsRead(ctx, me)
	require.NoError(t, err)
	require.Equal(t, models.MaxUnread, read.Unread)
}
