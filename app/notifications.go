package app

import (
	"context"

	"github.com/dsmarket/dsmarket/models"
)

// MyNotifications is a page of the caller's news, newest first: what the workflows told
// their role and organization and what they told them by name, the same whether or not
// it reached them by e-mail (MySettings).
func (s *Directory) MyNotifications(ctx context.Context, by models.Actor, _ struct{}, size int, token string) ([]models.Notification, string, error) {
	return s.Store.NotificationsFor(ctx, by, size, token)
}

// NotificationsRead says how far the caller has read their news and how much is newer.
func (s *Directory) NotificationsRead(ctx context.Context, by models.Actor) (models.NotificationsRead, error) {
	return s.Store.NotificationsRead(ctx, by)
}

// MarkNotificationsRead records that the caller has read their news up to the time given
// (never back), and says where that leaves them.
func (s *Directory) MarkNotificationsRead(ctx context.Context, by models.Actor, in models.ReadThroughInput) (models.NotificationsRead, error) {
	through, err := in.Parse()
	if err != nil {
		return models.NotificationsRead{}, err
	}
	if err := s.Store.MarkNotificationsRead(ctx, by, through, s.now()); err != nil {
		return models.NotificationsRead{}, err
	}
	return s.Store.NotificationsRead(ctx, by)
}
