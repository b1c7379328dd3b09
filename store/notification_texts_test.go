package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

// TestNotificationTextsRoundTrip: the keyed subject and body are kept beside the bilingual
// ones, read back by the list and by the sender's claim; a notification without them, as
// every one written before, reads back without them.
func TestNotificationTextsRoundTrip(t *testing.T) {
	t.Parallel()
	s := storetest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 5, 4, 9, 0, 0, 0, models.Seoul)
	mailPerson(t, s, "ex.ko", models.RoleExpert, "ETRI", "ko@etri.example", "ko", true)
	keyed := models.Notification{Key: "application-APP-1/assigned-APP-1-T03", ToRole: models.RoleExpert, ToOrg: "user:ex.ko",
		CaseType: "application", CaseID: "APP-1", Subject: "과제 배정 Task assigned: 전문가 검토 Expert review: 챗봇",
		Body: "과제 APP-1-T03 기한", CreatedAt: now.Add(-time.Minute)}.
		Keyed(models.NoticeTaskAssigned(models.Task{ID: "APP-1-T03", Title: "전문가 검토 Expert review: 챗봇",
			TitleText: models.Msg("task.title.expert_review", "name", "챗봇"), DueAt: now.Add(72 * time.Hour)}))
	plain := models.Notification{Key: "application-APP-1/status-returned-4", ToRole: models.RoleExpert, ToOrg: "user:ex.ko",
		CaseType: "application", CaseID: "APP-1", Subject: "반려 Returned: 챗봇", Body: "", CreatedAt: now.Add(-2 * time.Minute)}
	require.NoError(t, s.SaveNotification(ctx, keyed))
	require.NoError(t, s.SaveNotification(ctx, plain))
	// A retried activity changes nothing, keyed or not.
	again := keyed
	again.SubjectText = models.Msg("notify.received.subject", "name", "other")
	require.NoError(t, s.SaveNotification(ctx, again))

	list, err := s.ListNotifications(ctx, "user:ex.ko", 0)
	require.NoError(t, err)
	require.Len(t, list, 2)
	require.Equal(t, keyed.Key, list[0].Key)
	require.Equal(t, keyed.Subject, list[0].Subject, "the bilingual subject is kept as written")
	require.Equal(t, keyed.SubjectText, list[0].SubjectText)
	require.Equal(t, keyed.BodyText, list[0].BodyText)
	require.Equal(t, "새 과제: 전문가 검토: 챗봇", list[0].SubjectIn(models.LangKO))
	require.Nil(t, list[1].SubjectText)
	require.Nil(t, list[1].BodyText)

	_, planned, err := s.PlanMailDeliveries(ctx, now, 10)
	require.NoError(t, err)
	require.Equal(t, 2, planned)
	claimed := map[string]store.MailDelivery{}
	for range 2 {
		ok, err := s.DeliverMail(ctx, now, func(_ context.Context, d store.MailDelivery) (store.MailOutcome, error) {
			claimed[d.NotificationKey] = d
			return store.MailOutcome{Sent: true}, nil
		})
		require.NoError(t, err)
		require.True(t, ok)
	}
	d := claimed[keyed.Key]
	require.Equal(t, keyed.Subject, d.Subject)
	require.Equal(t, keyed.SubjectText, d.SubjectText)
	require.Equal(t, keyed.BodyText, d.BodyText)
	d = claimed[plain.Key]
	require.Equal(t, plain.Subject, d.Subject)
	require.Nil(t, d.SubjectText)
	require.Nil(t, d.BodyText)
}
